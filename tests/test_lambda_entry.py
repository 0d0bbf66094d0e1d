"""The Lambda entry always answers (issue 13, finding 9).

Envelopes the SDK cannot take, through ``lambda_handler``: no ``context``
(older clients and test tools send none), a ``dialogState`` the model does
not know, a viewport without ``type``. A person gets a short apology, an
event an empty response; one log line each, naming no data.
"""

from __future__ import annotations

import json
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


# -- issue 19, finding 7: every event answered, nothing raised, nothing oversized echoed -------
API_GATEWAY = {"resource": "/", "path": "/", "httpMethod": "POST", "headers": {"Content-Type": "application/json"},
               "body": "{}", "isBase64Encoded": False, "requestContext": {"stage": "prod"}}
S3_TEST = {"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": "2026-12-06T12:00:00.000Z", "Bucket": "b"}
S3_PUT = {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {"object": {"key": "k"}}}]}
EVENTBRIDGE = {"version": "0", "id": "e", "detail-type": "Scheduled Event", "source": "aws.events",
               "time": "2026-12-06T12:00:00Z", "region": "eu-west-1", "resources": [], "detail": {}}


@pytest.mark.parametrize("event", [None, {}, [], "text", 42, API_GATEWAY, S3_TEST, S3_PUT, EVENTBRIDGE,
                                   {"request": None}, {"request": {"type": 5}}],
                         ids=["None", "empty", "list", "str", "int", "apigateway", "s3-test", "s3-put",
                              "eventbridge", "request-none", "type-not-text"])
def test_a_non_alexa_event_gets_a_logged_warning_and_no_exception(monkeypatch, store, caplog, event):
    module = load_lambda_module(monkeypatch, store)
    with caplog.at_level(logging.INFO):
        reply = module.lambda_handler(event, None)
    assert reply == {}
    (line,) = [r for r in caplog.records if r.name == "skill.lambda" and "not an Alexa event" in r.getMessage()]
    assert line.levelno == logging.WARNING


def launch_without_session() -> dict:
    envelope = Device().launch()
    del envelope["session"]
    return envelope


def intent_without_name() -> dict:
    envelope = Device().intent("AMAZON.HelpIntent")
    del envelope["request"]["intent"]["name"]
    return envelope


def attributes_not_an_object() -> dict:
    envelope = Device().intent("AMAZON.HelpIntent")
    envelope["session"]["attributes"] = ["x"]
    return envelope


@pytest.mark.parametrize("make", [launch_without_session, intent_without_name, attributes_not_an_object])
def test_an_alexa_envelope_the_sdk_cannot_take_gets_a_spoken_apology(monkeypatch, store, caplog, make):
    module = load_lambda_module(monkeypatch, store)
    with caplog.at_level(logging.INFO):
        reply = module.lambda_handler(make(), None)
    assert "Sorry" in spoken(reply) and reply["response"]["shouldEndSession"] is True
    assert len([r for r in caplog.records if r.name == "skill.lambda" and "envelope" in r.getMessage()]) == 1


def test_oversized_session_attributes_are_not_echoed(monkeypatch, store):
    module = load_lambda_module(monkeypatch, store)
    device = Device()
    device.launch()
    envelope = device.intent("AMAZON.HelpIntent")
    envelope["session"]["attributes"]["padding"] = "x" * (5 * 1024 * 1024)
    reply = module.lambda_handler(envelope, None)
    assert "Sorry" in spoken(reply)
    assert len(json.dumps(reply)) < 2048 and "sessionAttributes" not in reply


# -- issue 19: SnapStart hooks ------------------------------------------------------------------
def test_snapstart_hooks_close_the_store_before_the_snapshot_and_reseed_random_after(monkeypatch, store):
    import random
    import sys
    import types

    hooks: dict[str, list] = {"before": [], "after": []}
    fake = types.ModuleType("snapshot_restore_py")
    fake.register_before_snapshot = hooks["before"].append
    fake.register_after_restore = hooks["after"].append
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", fake)
    module = load_lambda_module(monkeypatch, store)
    assert len(hooks["before"]) == len(hooks["after"]) == 1
    module.lambda_handler(Device().launch(), None)  # a connection opens and waits in the pool
    adapter = module._builder.persistence_adapter
    assert adapter._idle
    hooks["before"][0]()
    assert adapter._idle == []  # no open SQLite file in the snapshot
    state = random.getstate()
    hooks["after"][0]()
    assert random.getstate() != state
    assert "Welcome" in spoken(module.lambda_handler(Device().launch(), None))


def test_snapstart_primes_a_dynamodb_client_before_the_snapshot(dynamo_store):
    from skill.snapstart import before_snapshot
    from skill.store import adapter_for

    adapter = adapter_for(dynamo_store)
    assert adapter._table is None  # lazy without SnapStart: nothing at import
    before_snapshot(adapter)
    assert adapter._table is not None


def test_without_snapstarts_runtime_no_hook_is_registered():
    from skill.snapstart import register

    assert register(object()) is False
