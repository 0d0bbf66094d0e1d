"""Fixtures: the real skill behind Lambda and Flask, driven by real envelopes."""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from skill.conversation import group_answer
from skill.envelopes import Device
from skill.settings import Settings
from skill.speech import plain

ROOT = Path(__file__).resolve().parent.parent
_count = itertools.count()

Transport = Callable[[dict[str, Any]], dict[str, Any]]


def load_lambda_module(monkeypatch: pytest.MonkeyPatch, store: str, **env: str):
    """Import lambda/lambda_function.py afresh, as Lambda would at a cold start."""
    monkeypatch.setenv("SKILL_STORE", store)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    name = f"lambda_function_{next(_count)}"
    spec = importlib.util.spec_from_file_location(name, ROOT / "lambda" / "lambda_function.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def store(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'skill.sqlite3'}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dynalite:
    """A real DynamoDB-compatible server (npm ``dynalite``) on loopback."""

    def __init__(self) -> None:
        cli = ROOT / "node_modules" / "dynalite" / "cli.js"
        if not cli.exists():
            pytest.fail("dynalite is not installed: run `make setup` (npm ci)", pytrace=False)
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            ["node", str(cli), "--port", str(self.port), "--createTableMs", "0", "--deleteTableMs", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"dynalite exited: {self.process.stderr.read().decode()[-500:]}", pytrace=False)
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("dynalite did not start within 15 s", pytrace=False)

    def stop(self) -> None:
        """Stop the whole process group (npm/node leave children behind)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)

    def create_table(self, name: str) -> str:
        import boto3

        from skill.store import create_table

        create_table(boto3.client("dynamodb", region_name="us-east-1", endpoint_url=self.endpoint), name)
        return f"dynamodb://{name}?region=us-east-1&endpoint={self.endpoint}"

    def items(self, name: str) -> list[dict]:
        import boto3

        table = boto3.resource("dynamodb", region_name="us-east-1", endpoint_url=self.endpoint).Table(name)
        return table.scan()["Items"]


@pytest.fixture(scope="session")
def aws_test_credentials():
    """dynalite ignores credentials, but boto3 wants some."""
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")}
    os.environ.update(AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test")
    os.environ.pop("AWS_DEFAULT_REGION", None)  # the adapter must not need it
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def dynalite(aws_test_credentials):
    server = Dynalite()
    yield server
    server.stop()


@pytest.fixture
def dynamo_store(dynalite) -> str:
    return dynalite.create_table(f"records_{next(_count)}")


def lambda_transport_for(monkeypatch: pytest.MonkeyPatch, store: str, **env: str) -> Transport:
    module = load_lambda_module(monkeypatch, store, **env)
    # A round trip through JSON text, as Lambda's runtime does.
    return lambda envelope: json.loads(json.dumps(module.lambda_handler(json.loads(json.dumps(envelope)), None)))


@pytest.fixture
def lambda_transport(monkeypatch: pytest.MonkeyPatch, store: str) -> Transport:
    return lambda_transport_for(monkeypatch, store)


@pytest.fixture
def skill_with(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Transport]:
    """A Lambda-entry transport with the given store and settings."""
    return lambda store, **env: lambda_transport_for(monkeypatch, store, **env)


@pytest.fixture
def flask_transport(store: str) -> Transport:
    from skill.web import create_app

    client = create_app(Settings(store=store, verify=False)).test_client()

    def send(envelope: dict[str, Any]) -> dict[str, Any]:
        reply = client.post("/", data=json.dumps(envelope), content_type="application/json")
        assert reply.status_code == 200, reply.get_data(as_text=True)
        return reply.get_json()

    return send


@pytest.fixture(params=["lambda", "flask"])
def transport(request: pytest.FixtureRequest) -> Transport:
    return request.getfixturevalue(f"{request.param}_transport")


class Talk:
    """A person talking to the skill through one transport."""

    def __init__(self, transport: Transport, device: Device | None = None):
        self.transport = transport
        self.device = device or Device()
        self.last: dict[str, Any] = {}

    def open(self) -> Talk:
        return self._send(self.device.launch())

    def say(self, intent: str, slots: dict[str, Any] | None = None) -> Talk:
        return self._send(self.device.intent(intent, slots))

    def answer(self, value: str) -> Talk:
        return self.say({"yes": "AMAZON.YesIntent", "no": "AMAZON.NoIntent", "unknown": "DontKnowIntent",
                         "partly": "PartlyIntent"}[value])

    def _send(self, envelope: dict[str, Any]) -> Talk:
        self.last = self.device.absorb(self.transport(envelope))
        return self

    @property
    def response(self) -> dict[str, Any]:
        return self.last["response"]

    @property
    def ssml(self) -> str:
        return self.response.get("outputSpeech", {}).get("ssml", "")

    @property
    def speech(self) -> str:
        return plain(self.ssml)

    @property
    def reprompt(self) -> str:
        return plain(self.response.get("reprompt", {}).get("outputSpeech", {}).get("ssml", ""))

    @property
    def ended(self) -> bool:
        return self.response.get("shouldEndSession") is not False

    @property
    def triage(self) -> dict[str, Any]:
        return (self.last.get("sessionAttributes") or {}).get("triage") or {}

    @property
    def card(self) -> dict[str, Any] | None:
        return self.response.get("card")

    def answer_from(self, truth: dict[str, str]) -> Talk:
        """Answer the question asked (one, or a pair) as the person whose
        answers to every question id are ``truth``."""
        asked = self.triage["question"]
        return self.answer(group_answer(tuple(asked) if isinstance(asked, list) else asked, truth))

    def run_check(self, truth: dict[str, str]) -> Talk:
        """Open and answer every question from ``truth`` until the result."""
        self.open()
        while self.triage.get("question"):
            self.answer_from(truth)
        return self


@pytest.fixture
def talk(transport: Transport) -> Talk:
    return Talk(transport)
