"""The certificate step of Alexa's request verification, made cheap to refuse.

The SDK's ``RequestVerifier`` does the cryptography right (chain to
Amazon's roots, expiry, the ``echo-api.amazon.com`` name, the signature
over the raw body) and is kept for all of that. What it does not do is
defend the fetch that comes before: it caches the certificate under the
raw ``SignatureCertChainUrl`` (so ``...pem#1``, ``#2``, ... each add an
entry, never freed), fetches with no timeout, and, placed first, it runs
before the cheap checks. Here:

- ``canonical_cert_url`` accepts only Alexa's documented form and returns
  one spelling of it, so the cache key and the fetched URL are the same
  for every variant of one certificate;
- ``CertificateVerifier`` keeps at most ``cache_size`` certificates (least
  recently used dropped), caches one only once its chain validated, and
  fetches with a short timeout and a size cap;
- ``ordered`` puts the verifiers that need no network first, so a stale or
  foreign request never causes a fetch;
- a URL whose fetch or validation failed is refused without a new fetch
  for ``FAILED_FOR`` seconds, and after ``FAILURES_PER_MINUTE`` failures
  in a minute no URL that is not cached is fetched until the minute ends
  (a request with the right application id and a fresh timestamp but made
  up certificate names cannot turn the service into a fetcher);
- no redirect is followed (``urlopen`` refuses them): the certificate is
  where the URL says, or nowhere.
"""

from __future__ import annotations

import posixpath
import re
import time
from collections import OrderedDict
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import HTTPRedirectHandler, build_opener

from . import compat

compat.install()

from ask_sdk_webservice_support.verifier import (  # noqa: E402
    AbstractVerifier,
    RequestVerifier,
    VerificationException,
)
from cryptography.hazmat.backends import default_backend  # noqa: E402
from cryptography.x509 import Certificate, load_pem_x509_certificate  # noqa: E402

CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
#: Path segments Amazon uses (``echo-api-cert-12.pem``); no escapes, no oddities.
_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
#: Connect and read timeout of the certificate fetch, seconds each: Alexa
#: waits 8 s for the whole answer, and S3 answers in milliseconds.
FETCH_TIMEOUT = 2.0
#: A certificate chain is a few KB; anything far larger is not one.
MAX_CERT_BYTES = 64 * 1024
#: Amazon rotates one signing certificate at a time: a handful is plenty.
CACHE_SIZE = 8
#: A URL that failed is not fetched again for this long (seconds) ...
FAILED_FOR = 300.0
#: ... of at most this many URLs remembered;
FAILED_SIZE = 1024
#: and after this many failures in a minute, no new URL is fetched that minute.
FAILURES_PER_MINUTE = 10


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        raise HTTPError(req.full_url, code, "redirect not followed", headers, fp)


_OPENER = build_opener(_NoRedirect)


def urlopen(url: str, timeout: float) -> Any:
    """``urllib.request.urlopen`` without redirects."""
    return _OPENER.open(url, timeout=timeout)


def canonical_cert_url(url: str) -> str:
    """Alexa's certificate URL rules, strictly: https, host
    ``s3.amazonaws.com`` (any case), port 443 if any, a path under
    ``/echo.api/`` once dot segments are resolved; and no user info, query,
    fragment, parameters or percent-escapes. Returns the one canonical
    spelling, ``https://s3.amazonaws.com/echo.api/<name>``."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 0x20 for c in url) or "\\" in url:
        raise VerificationException("Signature Certificate URL is malformed")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise VerificationException("Signature Certificate URL is malformed") from e
    if parts.scheme.lower() != "https":
        raise VerificationException(f"Signature Certificate URL has invalid protocol: {parts.scheme}")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise VerificationException("Signature Certificate URL has user info")
    if (parts.hostname or "").lower() != CERT_HOST:
        raise VerificationException("Signature Certificate URL has invalid hostname")
    if port is not None and port != 443:
        raise VerificationException(f"Signature Certificate URL has invalid port: {port}")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise VerificationException("Signature Certificate URL has a query or fragment")
    path = posixpath.normpath(parts.path) if parts.path else ""
    segments = path.split("/")[2:] if path.startswith(CERT_PATH_PREFIX) else []
    if not segments or not all(_SEGMENT.fullmatch(s) and s not in (".", "..") for s in segments):
        raise VerificationException("Signature Certificate URL has invalid path")
    return f"https://{CERT_HOST}{path}"


def fetch_bytes(url: str, timeout: float, limit: int) -> bytes:
    """GET ``url``: at most ``timeout`` seconds to connect, and to read all
    of it (a server that trickles bytes gets no longer); at most ``limit`` bytes."""
    deadline = time.monotonic() + timeout
    with urlopen(url, timeout=timeout) as response:  # noqa: S310 - https only, by canonical_cert_url
        data = b""
        while len(data) <= limit:
            if time.monotonic() > deadline:
                raise TimeoutError("certificate fetch took too long")
            chunk = response.read1(limit + 1 - len(data)) if hasattr(response, "read1") else response.read()
            if not chunk:
                return data
            data += chunk
    raise ValueError("certificate too large")


class BoundedCache(OrderedDict):
    """A small LRU mapping: the oldest entry goes when ``maxsize`` is passed."""

    def __init__(self, maxsize: int):
        super().__init__()
        self.maxsize = maxsize

    def __getitem__(self, key: Any) -> Any:
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.maxsize:
            self.popitem(last=False)


class CertificateVerifier(RequestVerifier):
    """The SDK's ``RequestVerifier`` with a canonical URL, a bounded cache
    and a bounded fetch; its chain, certificate and signature checks run as
    they are."""

    def __init__(self, cache_size: int = CACHE_SIZE, fetch_timeout: float = FETCH_TIMEOUT, **kwargs: Any):
        super().__init__(**kwargs)
        self._cert_cache = BoundedCache(cache_size)
        self._failed = BoundedCache(FAILED_SIZE)  # url -> monotonic time it failed
        self._failures: list[float] = []  # monotonic times of the last minute's failures
        self.fetch_timeout = fetch_timeout

    def _validate_certificate_url(self, cert_url: str) -> None:
        canonical_cert_url(cert_url)

    def _retrieve_and_validate_certificate_chain(self, cert_url: str, x509_backend: Any = None) -> Certificate:
        url = canonical_cert_url(cert_url)
        cached = url in self._cert_cache
        if not cached:
            self._refuse_if_failed(url)
        try:
            chain = self._cert_cache[url] if cached else self._fetch(url)
            self._validate_cert_chain(chain)
            end_cert = load_pem_x509_certificate(data=chain, backend=x509_backend or default_backend())
            self._validate_end_certificate(x509_cert=end_cert)
        except Exception:
            if not cached:
                self._failed_now(url)
            raise
        if not cached:  # only a chain that validated takes a place in the cache
            self._cert_cache[url] = chain
        return end_cert

    def _refuse_if_failed(self, url: str) -> None:
        now = time.monotonic()
        if url in self._failed and now - self._failed[url] < FAILED_FOR:
            raise VerificationException("Signature Certificate URL failed recently: not fetched again yet")
        self._failures = [t for t in self._failures if now - t < 60]
        if len(self._failures) >= FAILURES_PER_MINUTE:
            raise VerificationException("Too many certificate failures this minute: not fetched")

    def _failed_now(self, url: str) -> None:
        now = time.monotonic()
        self._failed[url] = now
        self._failures.append(now)

    def _load_cert_chain(self, cert_url: str) -> bytes:
        url = canonical_cert_url(cert_url)
        return self._cert_cache[url] if url in self._cert_cache else self._fetch(url)

    def _fetch(self, url: str) -> bytes:
        try:
            return fetch_bytes(url, timeout=self.fetch_timeout, limit=MAX_CERT_BYTES)
        except (OSError, ValueError) as e:
            raise VerificationException(f"Unable to load certificate from URL ({type(e).__name__})") from e


class ApplicationIdVerifier(AbstractVerifier):
    """The request names this skill: cheap, so it runs before any fetch."""

    def __init__(self, skill_id: str):
        self.skill_id = skill_id

    def verify(self, headers: Any, serialized_request_env: str, deserialized_request_env: Any) -> None:
        system = getattr(getattr(deserialized_request_env, "context", None), "system", None)
        application = getattr(system, "application", None)
        if getattr(application, "application_id", None) != self.skill_id:
            raise VerificationException("application id does not match this skill")


def ordered(verifiers: list[AbstractVerifier]) -> list[AbstractVerifier]:
    """The same verifiers, those that may fetch a certificate last."""
    return sorted(verifiers, key=lambda v: isinstance(v, RequestVerifier))
