"""Production serving: `python -m skill serve` under gunicorn, the health
route, graceful shutdown, and the refusal to serve unverified off loopback."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from skill.envelopes import Device
from tests.conftest import ROOT, _free_port


def serve(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "skill", "serve", *args], cwd=ROOT, env={**os.environ, **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    process = serve("--port", str(port), "--workers", "2", SKILL_VERIFY="off",
                    SKILL_STORE=f"sqlite:///{tmp_path}/s.db")
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/health", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url, process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)


def test_serve_answers_health_and_alexa_requests(server):
    url, _ = server
    assert json.loads(urllib.request.urlopen(url + "/health").read()) == {"status": "ok"}
    request = urllib.request.Request(url + "/", json.dumps(Device().launch()).encode(),
                                     {"Content-Type": "application/json"})
    reply = json.loads(urllib.request.urlopen(request).read())
    assert "Welcome" in reply["response"]["outputSpeech"]["ssml"]


def test_serve_shuts_down_gracefully_on_sigterm(server):
    _, process = server
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(20) == 0
    assert "Shutting down" in process.stdout.read()


def test_serve_refuses_unverified_requests_off_loopback():
    process = serve("--host", "0.0.0.0", "--port", str(_free_port()), SKILL_VERIFY="off")
    assert process.wait(20) == 2
    assert "refusing" in process.stdout.read()
