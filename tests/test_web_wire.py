"""What arrives before authentication, on the wire, against the real
service (gunicorn with deploy/gunicorn.conf.py): issue 19, findings 3, 5, 10.

- malformed chunking (a size of ``+2`` or ``0x2``, a client that leaves
  mid-chunk) is a 400, never a 500 or a traceback;
- headers are capped in count and in total bytes (431), far below the
  800 KiB gunicorn's defaults accept;
- the access log says the same size whatever the outcome.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from skill.envelopes import Device
from tests.conftest import ROOT, _free_port


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """``python -m skill serve``, one worker, its output in a file."""
    tmp = tmp_path_factory.mktemp("wire")
    port = _free_port()
    out = open(tmp / "out.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "skill", "serve", "--port", str(port), "--workers", "1"], cwd=ROOT,
        env={**os.environ, "SKILL_VERIFY": "off", "SKILL_STORE": f"sqlite:///{tmp}/s.db"},
        stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, tmp / "out.log"
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(20)
    out.close()


def exchange(port: int, raw: bytes, close_after: bool = False) -> bytes:
    """Send ``raw``; return what the server answered (its status line first)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw)
        if close_after:
            sock.shutdown(socket.SHUT_WR)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
                if b"\r\n\r\n" in answer and not close_after:
                    head, _, body = answer.partition(b"\r\n\r\n")
                    length = [int(v) for k, _, v in (line.partition(b":") for line in head.split(b"\r\n")[1:])
                              if k.strip().lower() == b"content-length"]
                    if length and len(body) >= length[0]:
                        break
        except (ConnectionResetError, TimeoutError):
            pass
        return answer


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0


CHUNKED = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"


@pytest.mark.parametrize("body", [b"+2\r\n{}\r\n0\r\n\r\n", b"0x2\r\n{}\r\n0\r\n\r\n", b"-2\r\n{}\r\n0\r\n\r\n",
                                  b"zz\r\n{}\r\n0\r\n\r\n", b"2\r\n{}XX0\r\n\r\n"],
                         ids=["plus", "hex-prefix", "minus", "not-hex", "no-terminator"])
def test_a_malformed_chunk_is_a_400_never_a_500(service, body):
    port, log = service
    assert status(exchange(port, CHUNKED + body)) == 400
    assert "Traceback" not in log.read_text()


def test_a_client_leaving_mid_chunk_is_not_a_500(service):
    port, log = service
    answer = exchange(port, CHUNKED + b"20\r\n{\"request\": ", close_after=True)
    assert status(answer) in (0, 400)
    time.sleep(0.3)
    text = log.read_text()
    assert "Traceback" not in text and '" 500 ' not in text


def headers(count: int, size: int) -> bytes:
    return b"".join(b"X-F%d: %s\r\n" % (i, b"a" * size) for i in range(count))


def post_with(extra: bytes) -> bytes:
    body = json.dumps(Device().launch()).encode()
    return (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
            + extra + b"\r\n" + body)


def test_too_many_header_fields_get_431(service):
    port, _ = service
    assert status(exchange(port, post_with(headers(40, 10)))) == 431


def test_headers_over_the_total_byte_cap_get_431(service):
    port, _ = service
    assert status(exchange(port, post_with(headers(25, 2040) + headers(1, 3000)))) in (431,)
    assert status(exchange(port, post_with(headers(90, 8000)))) == 431  # gunicorn's default took ~800 KiB


def test_alexas_own_headers_pass(service):
    port, _ = service
    alexa = (b"Accept: application/json\r\nAccept-Charset: utf-8\r\nUser-Agent: Apache-HttpClient/UNAVAILABLE\r\n"
             b"SignatureCertChainUrl: https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem\r\n"
             b"Signature: " + b"A" * 344 + b"\r\nSignature-256: " + b"B" * 344 + b"\r\n")
    assert status(exchange(port, post_with(alexa + headers(8, 200)))) == 200


def test_the_access_log_carries_no_response_size():
    """A result's size would tell an emergency from a routine answer."""
    config: dict = {}
    exec((ROOT / "deploy" / "gunicorn.conf.py").read_text(), config)
    assert "%(b)s" not in config["access_log_format"] and "%(B)s" not in config["access_log_format"]
