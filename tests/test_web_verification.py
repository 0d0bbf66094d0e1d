"""The web service accepts only requests that Alexa signed, for this skill, just now.

Offline: the test plays Alexa's signing side with a self-signed certificate
(SAN ``echo-api.amazon.com``) whose PEM is seeded into the ``RequestVerifier``
certificate cache under an ``s3.amazonaws.com/echo.api`` URL. Only the chain
check against Amazon's trust roots (unreachable here) is replaced; the URL,
expiry, SAN, signature and timestamp checks all run for real.

Every refusal is an HTTP 400 with a log line that says why, and a refused
request never reaches the skill nor its store.
"""

from __future__ import annotations

import base64
import copy
import json
import logging
import urllib.error
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from skill.envelopes import Device
from skill.locales import load as load_words
from skill.settings import Settings

# The SDK's verifiers, through skill.web: it makes them importable on this OpenSSL (skill.compat).
from skill.verification import CertificateVerifier
from skill.web import TimestampVerifier, create_app

#: v4's welcome (no longer opening with the word "Welcome").
WELCOME = load_words("en-US")["launch.welcome"]

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
ALEXA_DOMAIN = "echo-api.amazon.com"


# -- Alexa's signing side -----------------------------------------------------
def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def certificate_pem(
    key: rsa.RSAPrivateKey,
    *,
    dns_names: tuple[str, ...] | None = (ALEXA_DOMAIN,),
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> bytes:
    """A self-signed certificate for ``key``; ``dns_names=None`` leaves out the SAN extension."""
    now = datetime.now(UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ALEXA_DOMAIN)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=30))
    )
    if dns_names is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in dns_names]), False)
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


def sign(key: rsa.RSAPrivateKey, body: bytes) -> str:
    """``Signature-256``: RSA PKCS#1 v1.5 over SHA-256 of the raw body, base64."""
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def body_of(envelope: dict[str, Any]) -> bytes:
    return json.dumps(envelope).encode("utf-8")


def signed_headers(key: rsa.RSAPrivateKey, body: bytes, cert_url: str = CERT_URL) -> dict[str, str]:
    return {"Signature-256": sign(key, body), "SignatureCertChainUrl": cert_url}


def at(envelope: dict[str, Any], seconds_from_now: float) -> dict[str, Any]:
    """The envelope with its request timestamp moved."""
    moved = copy.deepcopy(envelope)
    when = datetime.now(UTC) + timedelta(seconds=seconds_from_now)
    moved["request"]["timestamp"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moved


@dataclass(frozen=True)
class Keys:
    alexa: rsa.RSAPrivateKey
    stranger: rsa.RSAPrivateKey


@pytest.fixture(scope="module")
def keys() -> Keys:
    return Keys(alexa=new_key(), stranger=new_key())


@pytest.fixture(scope="module")
def alexa_cert(keys: Keys) -> bytes:
    return certificate_pem(keys.alexa)


def seeded_verifier(monkeypatch: pytest.MonkeyPatch, certificates: dict[str, bytes]) -> CertificateVerifier:
    """The real verifier (the SDK's ``RequestVerifier``, guarded) whose cache holds ``certificates``; only the
    chain-to-Amazon-root check is replaced (its roots are unreachable here)."""
    verifier = CertificateVerifier(cache_size=len(certificates))
    verifier._cert_cache.update(certificates)
    monkeypatch.setattr(verifier, "_validate_cert_chain", lambda cert_chain: None)
    return verifier


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """A certificate URL that is not in the cache cannot be fetched (no internet)."""

    def no_network(url: str, *args: Any, **kwargs: Any) -> Any:
        raise urllib.error.URLError("network is off in tests")

    monkeypatch.setattr("ask_sdk_webservice_support.verifier.urlopen", no_network)
    monkeypatch.setattr("skill.verification.urlopen", no_network)


# -- logs (works with and without pytest's logging plugin) ---------------------
class LogRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def text(self, name_prefix: str = "") -> str:
        return "\n".join(r.getMessage() for r in self.records if r.name.startswith(name_prefix))


@pytest.fixture
def logs() -> Iterator[LogRecords]:
    handler = LogRecords()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


# -- the service under test ----------------------------------------------------
@dataclass
class Service:
    client: Any
    store_file: Path
    invoked: list[Any] = field(default_factory=list)

    def post(self, body: bytes, headers: dict[str, str] | None = None) -> Any:
        return self.client.post("/", data=body, content_type="application/json", headers=headers or {})

    @property
    def store_touched(self) -> bool:
        return self.store_file.exists()


def make_service(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    verifiers: list[Any] | None,
    **settings: Any,
) -> Service:
    from skill.alexa.builder import build_skill

    store_file = tmp_path / "store" / "skill.sqlite3"
    config = Settings(store=f"sqlite:///{store_file}", verify=True, **settings)
    skill = build_skill(config)
    service = Service(client=None, store_file=store_file)
    real_invoke = skill.invoke

    def spy(*args: Any, **kwargs: Any) -> Any:
        service.invoked.append(kwargs.get("request_envelope"))
        return real_invoke(*args, **kwargs)

    monkeypatch.setattr(skill, "invoke", spy)
    service.client = create_app(config, skill=skill, verifiers=verifiers).test_client()
    return service


BAD_URLS = {
    "host": "https://evil.example.com/echo.api/echo-api-cert.pem",
    "path": "https://s3.amazonaws.com/not.echo.api/echo-api-cert.pem",
    "path_escape": "https://s3.amazonaws.com/echo.api/../evil/echo-api-cert.pem",
    "port": "https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem",
    "scheme": "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
}
EXPIRED_URL = "https://s3.amazonaws.com/echo.api/expired.pem"
NOT_YET_VALID_URL = "https://s3.amazonaws.com/echo.api/not-yet-valid.pem"
WRONG_SAN_URL = "https://s3.amazonaws.com/echo.api/wrong-san.pem"
NO_SAN_URL = "https://s3.amazonaws.com/echo.api/no-san.pem"
UNREACHABLE_URL = "https://s3.amazonaws.com/echo.api/not-cached.pem"


@pytest.fixture(scope="module")
def certificates(keys: Keys, alexa_cert: bytes) -> dict[str, bytes]:
    """Every URL the tests use, seeded: so a bad URL is refused by the URL
    check itself, not because its certificate could not be found."""
    now = datetime.now(UTC)
    return {
        CERT_URL: alexa_cert,
        **{url: alexa_cert for url in BAD_URLS.values()},
        EXPIRED_URL: certificate_pem(
            keys.alexa, not_before=now - timedelta(days=60), not_after=now - timedelta(days=1)
        ),
        NOT_YET_VALID_URL: certificate_pem(
            keys.alexa, not_before=now + timedelta(days=1), not_after=now + timedelta(days=60)
        ),
        WRONG_SAN_URL: certificate_pem(keys.alexa, dns_names=("example.com", "echo-api.amazon.com.evil.com")),
        NO_SAN_URL: certificate_pem(keys.alexa, dns_names=None),
    }


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, certificates: dict[str, bytes]) -> Service:
    verifier = seeded_verifier(monkeypatch, certificates)
    return make_service(tmp_path, monkeypatch, [verifier, TimestampVerifier()])


def assert_refused(service: Service, reply: Any, logs: LogRecords, *words: str) -> None:
    """HTTP 400, a log line naming the reason, and neither skill nor store reached."""
    assert reply.status_code == 400, reply.get_data(as_text=True)
    assert set(reply.get_json()) == {"error"}
    log_text = logs.text("skill.web").lower()
    assert "rejected request" in log_text
    for word in words:
        assert word.lower() in log_text, log_text
    assert service.invoked == []
    assert not service.store_touched
    body = reply.get_data(as_text=True)
    assert "Traceback" not in body and "Exception" not in body


# -- the valid path ------------------------------------------------------------
def test_a_launch_signed_by_alexa_is_answered_with_speech(service, keys):
    body = body_of(Device().launch())
    reply = service.post(body, signed_headers(keys.alexa, body))
    assert reply.status_code == 200, reply.get_data(as_text=True)
    answer = reply.get_json()
    assert answer["version"] == "1.0"
    assert WELCOME in answer["response"]["outputSpeech"]["ssml"]
    assert len(service.invoked) == 1
    assert service.store_touched  # the control for every "never reached the store" below


def test_a_request_signed_100_seconds_ago_is_still_accepted(service, keys):
    body = body_of(at(Device().launch(), -100))
    reply = service.post(body, signed_headers(keys.alexa, body))
    assert reply.status_code == 200


def test_the_signature_headers_are_matched_case_insensitively(service, keys):
    body = body_of(Device().launch())
    headers = {k.lower(): v for k, v in signed_headers(keys.alexa, body).items()}
    assert service.post(body, headers).status_code == 200


# -- the signature -------------------------------------------------------------
def test_a_body_changed_after_signing_is_refused(service, keys, logs):
    signed = body_of(Device().launch())
    tampered = signed.replace(b'"locale": "en-US"', b'"locale": "en-GB"')
    assert tampered != signed
    reply = service.post(tampered, signed_headers(keys.alexa, signed))
    assert_refused(service, reply, logs, "Request body is not valid")


def test_a_body_with_one_added_space_is_refused(service, keys, logs):
    signed = body_of(Device().launch())
    reply = service.post(signed + b" ", signed_headers(keys.alexa, signed))
    assert_refused(service, reply, logs, "Request body is not valid")


def test_a_signature_by_another_key_is_refused(service, keys, logs):
    body = body_of(Device().launch())
    reply = service.post(body, signed_headers(keys.stranger, body))
    assert_refused(service, reply, logs, "Request body is not valid")


def test_a_signature_that_is_not_base64_is_refused(service, keys, logs):
    body = body_of(Device().launch())
    reply = service.post(body, {"Signature-256": "not base64!", "SignatureCertChainUrl": CERT_URL})
    assert_refused(service, reply, logs, "CertificateVerifier")


@pytest.mark.parametrize("header", ["Signature-256", "SignatureCertChainUrl"])
def test_a_request_without_a_signature_header_is_refused(service, keys, logs, header):
    body = body_of(Device().launch())
    headers = signed_headers(keys.alexa, body)
    del headers[header]
    reply = service.post(body, headers)
    assert_refused(service, reply, logs, "Missing Signature")


def test_the_old_sha1_signature_header_alone_counts_as_unsigned(service, keys, logs):
    body = body_of(Device().launch())
    headers = {"Signature": sign(keys.alexa, body), "SignatureCertChainUrl": CERT_URL}
    reply = service.post(body, headers)
    assert_refused(service, reply, logs, "Missing Signature")



# -- the certificate URL -------------------------------------------------------
def assert_launch_refused(service, keys, logs, cert_url: str, reason: str) -> None:
    """A launch signed with the right key, fetched from ``cert_url``: refused for ``reason``."""
    body = body_of(Device().launch())
    assert_refused(service, service.post(body, signed_headers(keys.alexa, body, cert_url)), logs, reason)


@pytest.mark.parametrize(
    ("what", "reason"),
    [
        ("host", "invalid hostname"),
        ("path", "invalid path"),
        ("path_escape", "invalid path"),
        ("port", "invalid port"),
        ("scheme", "invalid protocol"),
    ],
)
def test_a_certificate_url_off_amazons_bucket_is_refused(service, keys, logs, what, reason):
    assert_launch_refused(service, keys, logs, BAD_URLS[what], reason)


def test_a_certificate_that_cannot_be_fetched_is_refused_not_an_error(service, keys, logs):
    assert_launch_refused(service, keys, logs, UNREACHABLE_URL, "URLError")


# -- the certificate -----------------------------------------------------------
def test_an_expired_certificate_is_refused(service, keys, logs):
    assert_launch_refused(service, keys, logs, EXPIRED_URL, "Signing Certificate expired")


def test_a_certificate_not_yet_valid_is_refused(service, keys, logs):
    assert_launch_refused(service, keys, logs, NOT_YET_VALID_URL, "Signing Certificate expired")


def test_a_certificate_without_the_alexa_domain_in_its_names_is_refused(service, keys, logs):
    assert_launch_refused(service, keys, logs, WRONG_SAN_URL, "echo-api.amazon.com domain missing")


def test_a_certificate_without_any_alternative_names_is_refused(service, keys, logs):
    assert_launch_refused(service, keys, logs, NO_SAN_URL, "ExtensionNotFound")


def test_a_certificate_chain_that_does_not_lead_to_amazon_is_refused(tmp_path, monkeypatch, certificates, keys, logs):
    """Without the test's stand-in, the real chain check refuses the self-signed certificate."""
    verifier = CertificateVerifier(cache_size=len(certificates))
    verifier._cert_cache.update(certificates)
    service = make_service(tmp_path, monkeypatch, [verifier, TimestampVerifier()])
    body = body_of(Device().launch())
    reply = service.post(body, signed_headers(keys.alexa, body))
    assert_refused(service, reply, logs, "CertificateVerifier")


# -- the timestamp -------------------------------------------------------------
def test_a_request_more_than_150_seconds_old_is_refused(service, keys, logs):
    body = body_of(at(Device().launch(), -151))
    reply = service.post(body, signed_headers(keys.alexa, body))
    assert_refused(service, reply, logs, "TimestampVerifier", "Timestamp verification failed")


def test_a_request_from_the_future_is_refused(service, keys, logs):
    body = body_of(at(Device().launch(), +160))
    reply = service.post(body, signed_headers(keys.alexa, body))
    assert_refused(service, reply, logs, "TimestampVerifier", "Timestamp verification failed")


def test_a_request_without_a_timestamp_is_refused(service, keys, logs):
    envelope = Device().launch()
    del envelope["request"]["timestamp"]
    body = body_of(envelope)
    reply = service.post(body, signed_headers(keys.alexa, body))
    assert_refused(service, reply, logs, "TimestampVerifier")


def test_a_timestamp_without_a_time_zone_is_refused_not_an_error(service, keys, logs):
    envelope = Device().launch()
    envelope["request"]["timestamp"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    body = body_of(envelope)
    reply = service.post(body, signed_headers(keys.alexa, body))
    assert_refused(service, reply, logs, "TimestampVerifier")


# -- the skill id ----------------------------------------------------------------
def test_a_signed_request_for_another_skill_is_refused(tmp_path, monkeypatch, certificates, keys, logs):
    verifier = seeded_verifier(monkeypatch, certificates)
    service = make_service(
        tmp_path, monkeypatch, [verifier, TimestampVerifier()], skill_id="amzn1.ask.skill.ours"
    )
    body = body_of(Device(skill_id="amzn1.ask.skill.someone-else").launch())
    reply = service.post(body, signed_headers(keys.alexa, body))
    assert reply.status_code == 400
    assert "application id does not match" in logs.text("skill.web")
    assert service.invoked == [] and not service.store_touched


def test_a_signed_request_for_our_skill_is_answered_when_the_id_is_set(tmp_path, monkeypatch, certificates, keys):
    verifier = seeded_verifier(monkeypatch, certificates)
    service = make_service(
        tmp_path, monkeypatch, [verifier, TimestampVerifier()], skill_id="amzn1.ask.skill.ours"
    )
    body = body_of(Device(skill_id="amzn1.ask.skill.ours").launch())
    assert service.post(body, signed_headers(keys.alexa, body)).status_code == 200


# -- the defaults ------------------------------------------------------------------
def test_by_default_the_service_runs_the_sdks_signature_and_timestamp_verifiers(tmp_path):
    app = create_app(Settings(store=f"sqlite:///{tmp_path / 's.db'}"))
    assert [type(v) for v in app.extensions["alexa_verifiers"]] == [TimestampVerifier, CertificateVerifier]


def test_by_default_an_unsigned_request_is_refused(tmp_path, monkeypatch, logs):
    service = make_service(tmp_path, monkeypatch, verifiers=None)
    reply = service.post(body_of(Device().launch()))
    assert_refused(service, reply, logs, "Missing Signature")


def test_by_default_a_signed_but_stale_request_is_refused(tmp_path, monkeypatch, certificates, keys, logs):
    """The signature passes (the default RequestVerifier is seeded like above), the timestamp does not."""
    service = make_service(tmp_path, monkeypatch, verifiers=None)
    signature_check = service.client.application.extensions["alexa_verifiers"][1]
    signature_check._cert_cache.update(certificates)
    monkeypatch.setattr(signature_check, "_validate_cert_chain", lambda cert_chain: None)
    stale = body_of(at(Device().launch(), -151))
    reply = service.post(stale, signed_headers(keys.alexa, stale))
    assert_refused(service, reply, logs, "TimestampVerifier", "Timestamp verification failed")


def test_verification_off_is_announced_loudly_in_the_log(tmp_path, logs):
    create_app(Settings(store=f"sqlite:///{tmp_path / 's.db'}", verify=False))
    warnings = [r for r in logs.records if r.name == "skill.web" and r.levelno >= logging.WARNING]
    assert any("VERIFICATION IS OFF" in r.getMessage() for r in warnings)
