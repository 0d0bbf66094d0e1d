"""Fixtures: the real skill behind Lambda and Flask, driven by real envelopes."""

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture
def lambda_transport(monkeypatch: pytest.MonkeyPatch, store: str) -> Transport:
    module = load_lambda_module(monkeypatch, store)
    # A round trip through JSON text, as Lambda's runtime does.
    return lambda envelope: json.loads(json.dumps(module.lambda_handler(json.loads(json.dumps(envelope)), None)))


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

    def run_check(self, truth: dict[str, str]) -> Talk:
        """Open and answer every question from ``truth`` until the result."""
        self.open()
        while self.triage.get("question"):
            self.answer(truth[self.triage["question"]])
        return self


@pytest.fixture
def talk(transport: Transport) -> Talk:
    return Talk(transport)
