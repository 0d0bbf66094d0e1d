"""Production serving: `python -m skill serve` under gunicorn, the health
route, graceful shutdown, and the refusal to serve unverified off loopback."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
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


# -- fail closed (issue 13) -------------------------------------------------------
@pytest.mark.parametrize("value", ["enabled", "y", "strict", "required", "of"])
def test_an_unrecognised_skill_verify_value_refuses_to_start(value):
    process = serve("--port", str(_free_port()), SKILL_VERIFY=value)
    assert process.wait(20) == 2
    out = process.stdout.read()
    assert "SKILL_VERIFY" in out and "not recognised" in out


def test_an_unrecognised_skill_verify_value_stops_the_web_app_too(tmp_path):
    from skill.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="SKILL_VERIFY"):
        Settings.from_env({"SKILL_VERIFY": "enabled"})
    assert Settings.from_env({"SKILL_VERIFY": "OFF"}).verify is False
    assert Settings.from_env({"SKILL_VERIFY": "yes"}).verify is True


def test_serving_off_loopback_without_a_skill_id_refuses_to_start_naming_it():
    env = {k: v for k, v in os.environ.items() if k != "SKILL_ID"}
    process = subprocess.Popen(
        [sys.executable, "-m", "skill", "serve", "--host", "0.0.0.0", "--port", str(_free_port())],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    assert process.wait(20) == 2
    assert "SKILL_ID" in process.stdout.read()


def test_gunicorn_started_directly_off_loopback_without_a_skill_id_refuses_too(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SKILL_ID"}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "--bind", f"0.0.0.0:{_free_port()}", "skill.web:create_app()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=30,
    )
    assert result.returncode != 0
    assert "SKILL_ID" in result.stderr + result.stdout


def test_the_opt_out_for_multi_skill_hosts_is_checked_and_loud(tmp_path, caplog):
    from skill.serving import refusal, warn_if_open
    from skill.settings import Settings

    settings = Settings.from_env({"SKILL_ACCEPT_ANY_SKILL": "on"})
    assert refusal(settings, "0.0.0.0") is None
    assert refusal(Settings(), "0.0.0.0") is not None
    assert refusal(Settings(), "127.0.0.1") is None and refusal(Settings(), "::1") is None
    with caplog.at_level("WARNING"):
        warn_if_open(settings)
    assert "ANY Alexa skill" in caplog.text


def test_lambda_warns_at_cold_start_without_a_skill_id(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SKILL_ID"}
    code = ("import logging, runpy; logging.basicConfig(level=logging.INFO);"
            "runpy.run_path('lambda/lambda_function.py')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**env, "SKILL_STORE": f"sqlite:///{tmp_path}/s.db"})
    assert result.returncode == 0, result.stderr
    assert "SKILL_ID is not set" in result.stderr
    with_id = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                             env={**env, "SKILL_STORE": f"sqlite:///{tmp_path}/s.db", "SKILL_ID": "amzn1.ask.skill.0a"})
    assert "SKILL_ID is not set" not in with_id.stderr


# -- addresses and the control socket ------------------------------------------------
def test_serve_listens_on_ipv6_loopback_without_a_control_socket(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "skill", "serve", "--host", "::1", "--port", str(port), "--workers", "1"],
        cwd=ROOT, env={**os.environ, "SKILL_VERIFY": "off", "SKILL_STORE": "none", "XDG_RUNTIME_DIR": str(tmp_path),
                       "HOME": str(tmp_path)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                reply = urllib.request.urlopen(f"http://[::1]:{port}/health", timeout=1)
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                time.sleep(0.1)
        assert json.loads(reply.read()) == {"status": "ok"}
        assert not list(tmp_path.rglob("*.ctl")), "a gunicorn control socket was created"
    finally:
        os.killpg(process.pid, signal.SIGKILL)


# -- chunked bodies and 405 ------------------------------------------------------------
def post_chunked(url: str, pieces: list[bytes]) -> tuple[int, bytes]:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("POST", "/", body=iter(pieces), headers={"Content-Type": "application/json"},
                     encode_chunked=True)
        reply = conn.getresponse()
        return reply.status, reply.read()
    finally:
        conn.close()


def test_a_chunked_body_over_the_limit_gets_413_like_one_with_a_length(server):
    url, _ = server
    status, body = post_chunked(url, [b'{"a": "'] + [b"x" * 1024] * 200 + [b'"}'])
    assert status == 413, body


def test_a_chunked_alexa_request_within_the_limit_is_answered(server):
    url, _ = server
    data = json.dumps(Device().launch()).encode()
    status, body = post_chunked(url, [data[:100], data[100:]])
    assert status == 200 and "Welcome" in json.loads(body)["response"]["outputSpeech"]["ssml"]


def test_a_405_names_the_allowed_methods(server):
    url, _ = server
    try:
        urllib.request.urlopen(url + "/")
    except urllib.error.HTTPError as e:
        assert e.code == 405
        assert "POST" in e.headers["Allow"]
    else:
        raise AssertionError("GET / was answered")


# -- logs (issue 13, finding 6) ----------------------------------------------------------
TURN_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO \[(\d+)\] skill\.requests: "
    r"turn type=LaunchRequest intent=- locale=en-US session=[0-9a-f]{12} ends_session=False$", re.M)


def served_output(tmp_path, level: str) -> tuple[str, str]:
    """What `skill serve` printed for one launch, and the user id sent."""
    port = _free_port()
    process = serve("--port", str(port), "--workers", "1", SKILL_VERIFY="off", SKILL_LOG_LEVEL=level,
                    SKILL_STORE=f"sqlite:///{tmp_path}/s.db")
    device = Device()
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", json.dumps(device.launch()).encode(),
                                         {"Content-Type": "application/json"})
        urllib.request.urlopen(request).read()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    return process.stdout.read(), device.user_id


def test_the_web_service_logs_one_line_per_turn_with_time_level_and_process(tmp_path):
    out, user_id = served_output(tmp_path, "INFO")
    (pid,) = TURN_LINE.findall(out)
    assert int(pid) != os.getpid()
    assert user_id not in out and user_id.split(".")[-1] not in out
    assert "Welcome" not in out  # never what was said


def test_skill_log_level_governs_the_skills_loggers(tmp_path):
    out, _ = served_output(tmp_path, "WARNING")
    assert "turn type=" not in out
    assert re.search(r"WARNING \[\d+\] skill\.web: REQUEST VERIFICATION IS OFF", out)
