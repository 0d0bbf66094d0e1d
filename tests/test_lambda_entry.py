"""The Lambda entry always answers (issue 13, finding 9).

Envelopes the SDK cannot take, through ``lambda_handler``: no ``context``
(older clients and test tools send none), a ``dialogState`` the model does
not know, a viewport without ``type``. A person gets a short apology, an
event an empty response; one log line each, naming no data.
"""

from __future__ import annotations

import logging

import pytest

from skill.envelopes import Device
from tests.conftest import load_lambda_module


def without_context(envelope: dict) -> dict:
    envelope.pop("context", None)
    return envelope


def odd_dialog_state(envelope: dict) -> dict:
    envelope["request"]["dialogState"] = "SOMETHING_NEW"
    return envelope


def viewport_without_type(envelope: dict) -> dict:
    envelope["context"]["Viewports"] = [{"id": "main", "shape": "RECTANGLE"}]
    return envelope


def spoken(reply: dict) -> str:
    return ((reply.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")


@pytest.mark.parametrize("spoil", [odd_dialog_state, viewport_without_type])
def test_an_envelope_the_sdk_cannot_parse_gets_a_spoken_apology_logged_once(monkeypatch, store, caplog, spoil):
    module = load_lambda_module(monkeypatch, store)
    device = Device()
    device.launch()
    envelope = spoil(device.intent("AMAZON.HelpIntent"))
    with caplog.at_level(logging.INFO):
        reply = module.lambda_handler(envelope, None)
    assert "Sorry" in spoken(reply)
    lines = [r for r in caplog.records if r.name == "skill.lambda" and "envelope" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelno == logging.WARNING
    assert device.user_id not in caplog.text


def test_the_apology_is_in_the_requests_language(monkeypatch, store):
    module = load_lambda_module(monkeypatch, store)
    envelope = odd_dialog_state(Device(locale="es-US").intent("AMAZON.HelpIntent"))
    assert "Perdone" in spoken(module.lambda_handler(envelope, None))


def test_an_event_the_sdk_cannot_parse_gets_an_empty_response(monkeypatch, store):
    module = load_lambda_module(monkeypatch, store)
    envelope = viewport_without_type(Device().session_ended())
    assert module.lambda_handler(envelope, None) == {"version": "1.0", "response": {}}


def test_a_launch_without_context_is_answered_by_the_skill(monkeypatch, store):
    """No service is needed for it, so nothing reads context.System before dispatch."""
    module = load_lambda_module(monkeypatch, store)
    reply = module.lambda_handler(without_context(Device().launch()), None)
    assert "Welcome" in spoken(reply) or "Sorry" in spoken(reply)
    assert spoken(reply)


def test_without_context_and_with_a_skill_id_the_answer_is_an_apology(monkeypatch, store, caplog):
    module = load_lambda_module(monkeypatch, store, SKILL_ID="amzn1.ask.skill.0a-aa")
    with caplog.at_level(logging.INFO):
        reply = module.lambda_handler(without_context(Device(skill_id="amzn1.ask.skill.0a-aa").launch()), None)
    assert "Sorry" in spoken(reply)
    assert len([r for r in caplog.records if r.name == "skill.lambda" and "envelope" in r.getMessage()]) == 1
