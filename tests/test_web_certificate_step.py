"""The certificate step cannot be abused (issue 13, finding 1 and 2).

Through the app's default verifiers: cheap checks (timestamp, application
id) come before any certificate fetch; the certificate URL is accepted
only in Alexa's documented form and cached under one canonical spelling;
the cache is bounded; the fetch has a short timeout. The Alexa signing
side is the one of ``test_web_verification``.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest

from skill.envelopes import Device
from skill.settings import Settings
from skill.web import create_app
from tests.test_web_verification import CERT_URL, at, body_of, certificate_pem, new_key, signed_headers


@pytest.fixture(scope="module")
def key():
    return new_key()


@pytest.fixture(scope="module")
def cert(key) -> bytes:
    return certificate_pem(key)


class Fetches:
    """Stands in for the network: counts fetches, answers ``cert``."""

    def __init__(self, cert: bytes):
        self.cert = cert
        self.urls: list[str] = []

    def __call__(self, url: str, *args: Any, **kwargs: Any) -> Any:
        import io

        self.urls.append(url)
        return _Response(io.BytesIO(self.cert))


class _Response:
    def __init__(self, stream: Any):
        self.stream = stream

    def read(self, *args: Any) -> bytes:
        return self.stream.read(*args)

    def read1(self, *args: Any) -> bytes:
        return self.stream.read1(*args)

    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stream.close()


@pytest.fixture
def fetches(monkeypatch, cert) -> Fetches:
    fake = Fetches(cert)
    monkeypatch.setattr("ask_sdk_webservice_support.verifier.urlopen", fake)
    monkeypatch.setattr("skill.verification.urlopen", fake, raising=False)
    return fake


def default_app(tmp_path, monkeypatch, **settings: Any) -> Any:
    """The app with its default verifiers; only the chain-to-Amazon-root check is stood in for."""
    app = create_app(Settings(store=f"sqlite:///{tmp_path / 's.db'}", **settings))
    for verifier in app.extensions["alexa_verifiers"]:
        if hasattr(verifier, "_cert_cache"):
            monkeypatch.setattr(verifier, "_validate_cert_chain", lambda chain: None)
            app.extensions["test_signature_verifier"] = verifier
    return app


def post(app: Any, key, envelope: dict[str, Any], cert_url: str) -> Any:
    body = body_of(envelope)
    return app.test_client().post("/", data=body, content_type="application/json",
                                  headers=signed_headers(key, body, cert_url))


def test_a_stale_request_never_makes_us_fetch_a_certificate(tmp_path, monkeypatch, key, fetches):
    app = default_app(tmp_path, monkeypatch)
    reply = post(app, key, at(Device().launch(), -3600), CERT_URL)
    assert reply.status_code == 400
    assert fetches.urls == []


def test_a_request_for_another_skill_never_makes_us_fetch_a_certificate(tmp_path, monkeypatch, key, fetches):
    app = default_app(tmp_path, monkeypatch, skill_id="amzn1.ask.skill.ours")
    reply = post(app, key, Device(skill_id="amzn1.ask.skill.other").launch(), CERT_URL)
    assert reply.status_code == 400
    assert fetches.urls == []


def test_a_valid_request_fetches_once_then_uses_the_cache(tmp_path, monkeypatch, key, fetches):
    app = default_app(tmp_path, monkeypatch)
    for _ in range(3):
        assert post(app, key, Device().launch(), CERT_URL).status_code == 200
    assert fetches.urls == [CERT_URL]


@pytest.mark.parametrize("variant", [
    CERT_URL + "#1",
    CERT_URL + "?x=1",
    CERT_URL + "?",
    "https://user@s3.amazonaws.com/echo.api/echo-api-cert.pem",
    "https://user:pw@s3.amazonaws.com/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/echo-api-cert.pem;type=a",
    "https://s3.amazonaws.com/echo.api/%2e%2e/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/",
    "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
    "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com.evil.com/echo.api/echo-api-cert.pem",
])
def test_a_certificate_url_outside_the_canonical_form_is_refused(tmp_path, monkeypatch, key, cert, fetches, variant):
    app = default_app(tmp_path, monkeypatch)
    # Seeded as is: refused by the URL rule itself, not for want of a certificate.
    app.extensions["test_signature_verifier"]._cert_cache[variant] = cert
    assert post(app, key, Device().launch(), variant).status_code == 400
    assert fetches.urls == []


@pytest.mark.parametrize("variant", [
    "https://S3.AmazonAWS.com/echo.api/echo-api-cert.pem",
    "HTTPS://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/./echo-api-cert.pem",
])
def test_documented_spellings_of_one_url_share_one_cache_entry(tmp_path, monkeypatch, key, cert, fetches, variant):
    app = default_app(tmp_path, monkeypatch)
    app.extensions["test_signature_verifier"]._cert_cache[CERT_URL] = cert
    assert post(app, key, Device().launch(), variant).status_code == 200
    assert fetches.urls == []  # found under the canonical URL


def test_the_certificate_cache_stays_small_whatever_urls_come(tmp_path, monkeypatch, key, fetches):
    app = default_app(tmp_path, monkeypatch)
    for i in range(100):
        url = f"https://s3.amazonaws.com/echo.api/echo-api-cert-{i}.pem"
        assert post(app, key, Device().launch(), url).status_code == 200
    assert len(app.extensions["test_signature_verifier"]._cert_cache) <= 8
    assert len(fetches.urls) == 100


@pytest.fixture
def silent_server():
    """A loopback port that accepts connections and never answers."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/echo-api-cert.pem"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def test_a_certificate_server_that_never_answers_costs_at_most_a_few_seconds(tmp_path, monkeypatch, key,
                                                                              silent_server):
    from urllib.request import urlopen as real_urlopen

    def to_silent_server(url: str, *args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
        return real_urlopen(silent_server, timeout=timeout)

    monkeypatch.setattr("ask_sdk_webservice_support.verifier.urlopen", to_silent_server)
    monkeypatch.setattr("skill.verification.urlopen", to_silent_server, raising=False)
    app = default_app(tmp_path, monkeypatch)
    result: dict[str, Any] = {}

    def call() -> None:
        started = time.monotonic()
        result["status"] = post(app, key, Device().launch(), CERT_URL).status_code
        result["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(8)
    assert not thread.is_alive(), "the certificate fetch has no timeout"
    assert result["status"] == 400
    assert result["seconds"] < 4


# -- issue 19, finding 4: failures cached by URL, a budget of failures, no redirects ------------
class FailingFetches(Fetches):
    def __call__(self, url: str, *args: Any, **kwargs: Any) -> Any:
        self.urls.append(url)
        raise OSError("no such certificate")


@pytest.fixture
def failing(monkeypatch, cert) -> FailingFetches:
    fake = FailingFetches(cert)
    monkeypatch.setattr("skill.verification.urlopen", fake)
    return fake


def test_a_failed_certificate_url_is_not_fetched_again_soon(tmp_path, monkeypatch, key, failing):
    app = default_app(tmp_path, monkeypatch)
    url = "https://s3.amazonaws.com/echo.api/made-up.pem"
    for _ in range(20):
        assert post(app, key, Device().launch(), url).status_code == 400
    assert failing.urls == [url]


def test_made_up_certificate_names_cost_at_most_a_few_fetches_a_minute(tmp_path, monkeypatch, key, failing):
    """Issue 19: 5,000 names made 4,596 fetches."""
    app = default_app(tmp_path, monkeypatch)
    for i in range(200):
        assert post(app, key, Device().launch(), f"https://s3.amazonaws.com/echo.api/n{i}.pem").status_code == 400
    assert len(failing.urls) <= 10


def test_a_certificate_that_does_not_validate_is_not_fetched_again_soon(tmp_path, monkeypatch, key, fetches):
    app = default_app(tmp_path, monkeypatch)
    monkeypatch.setattr(app.extensions["test_signature_verifier"], "_validate_cert_chain",
                        lambda chain: (_ for _ in ()).throw(ValueError("not Amazon's")))
    for _ in range(5):
        assert post(app, key, Device().launch(), CERT_URL).status_code == 400
    assert len(fetches.urls) == 1


@pytest.fixture
def redirecting_server():
    """Loopback HTTP: /cert.pem redirects (302) to /elsewhere.pem; records paths asked."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            asked.append(self.path)
            if self.path == "/cert.pem":
                self.send_response(302)
                self.send_header("Location", "/elsewhere.pem")
                self.end_headers()
            else:
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"-----BEGIN CERTIFICATE-----")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()


def test_a_redirect_from_the_certificate_host_is_not_followed(redirecting_server):
    from skill.verification import fetch_bytes

    base, asked = redirecting_server
    with pytest.raises(OSError):
        fetch_bytes(base + "/cert.pem", timeout=2, limit=65536)
    assert asked == ["/cert.pem"]
