"""Whatever arrives at the web service, the answer is never a 500 nor a stack trace.

Verification is off here (``Settings(verify=False)``) so that the bodies
reach the parser and the skill: plainly broken input gets a clear 4xx,
odd-but-Alexa-shaped input gets a spoken answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from skill.envelopes import Device
from skill.locales import load as load_words
from skill.settings import Settings
from skill.speech import plain
from skill.web import create_app

#: v4's welcome (no longer opening with the word "Welcome").
WELCOME = load_words("en-US")["launch.welcome"]

MAX_BODY = 4096


@pytest.fixture
def client(tmp_path: Path) -> Any:
    settings = Settings(store=f"sqlite:///{tmp_path / 'skill.sqlite3'}", verify=False, max_body_bytes=MAX_BODY)
    return create_app(settings).test_client()


def post(client: Any, body: bytes | str, content_type: str = "application/json") -> Any:
    return client.post("/", data=body, content_type=content_type)


def post_envelope(client: Any, envelope: Any) -> Any:
    return post(client, json.dumps(envelope))


LEAKS = ("Traceback", "Error", "Exception", 'File "', "line ", "ask_sdk", "skill/")


def assert_clean(reply: Any) -> str:
    """No 5xx, and nothing in the body a programmer would recognise as a crash."""
    assert reply.status_code < 500, reply.get_data(as_text=True)
    text = reply.get_data(as_text=True)
    for leak in LEAKS:
        assert leak not in text, text
    return text


def assert_refused(reply: Any, status: int = 400) -> None:
    assert_clean(reply)
    assert reply.status_code == status
    assert reply.mimetype == "application/json"
    assert set(reply.get_json()) == {"error"}


def speech_of(reply: Any) -> str:
    assert_clean(reply)
    assert reply.status_code == 200
    return plain(reply.get_json()["response"]["outputSpeech"]["ssml"])


def launch_without(*path: str) -> dict[str, Any]:
    """A launch envelope with the key at ``path`` removed."""
    envelope = Device().launch()
    node = envelope
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return envelope


# -- not JSON, not an object, not ours ---------------------------------------------
@pytest.mark.parametrize(
    "body",
    [b"{", b"{'request': 1}", b"null", b"<xml/>", b"\x00\x01", b"{\"request\": {\"type\": \"LaunchRequest\"}"],
    ids=["open-brace", "single-quotes", "null", "xml", "binary", "truncated"],
)
def test_a_body_that_is_not_json_is_refused(client, body):
    assert_refused(post(client, body))


@pytest.mark.parametrize("body", ["[]", "[1, 2]", '"LaunchRequest"', "42", "true"])
def test_json_that_is_not_an_object_is_refused(client, body):
    assert_refused(post(client, body))


def test_an_empty_body_is_refused(client):
    assert_refused(post(client, b""))


def test_a_body_that_is_not_utf8_is_refused(client):
    body = json.dumps(Device().launch()).replace("en-US", "\u00e9n-US").encode("latin-1")
    assert_refused(post(client, body))


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_json_does_not_allow_are_refused(client, constant):
    """Python's parser accepts them, and they would come back as invalid JSON."""
    body = json.dumps(Device().launch())[:-1] + f', "extra": {constant}}}'
    assert_refused(post(client, body))


def test_a_body_nested_deeper_than_any_alexa_request_is_refused(client):
    envelope = Device().launch()
    envelope["session"]["attributes"]["deep"] = json.loads("[" * 200 + "]" * 200)
    assert_refused(post_envelope(client, envelope))


def test_a_body_nested_past_the_parsers_recursion_limit_is_refused(tmp_path):
    big = create_app(Settings(store="none", verify=False, max_body_bytes=1 << 20)).test_client()
    assert_refused(post(big, "[" * 100_000 + "]" * 100_000))


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_a_body_that_is_not_declared_json_is_refused_as_unsupported(client, content_type):
    reply = post(client, json.dumps(Device().launch()), content_type=content_type)
    assert_refused(reply, 415)


def test_alexas_content_type_with_a_charset_is_accepted(client):
    reply = post(client, json.dumps(Device().launch()), content_type="application/json; charset=utf-8")
    assert WELCOME in speech_of(reply)


def test_a_body_over_the_size_limit_is_refused_as_too_large(client):
    envelope = Device().launch()
    envelope["session"]["attributes"]["padding"] = "x" * MAX_BODY
    reply = post_envelope(client, envelope)
    assert_refused(reply, 413)


def test_a_body_just_under_the_size_limit_is_answered(client):
    envelope = Device().launch()
    envelope["session"]["attributes"]["padding"] = ""
    room = MAX_BODY - len(json.dumps(envelope).encode())
    envelope["session"]["attributes"]["padding"] = "x" * room
    assert len(json.dumps(envelope).encode()) == MAX_BODY
    assert speech_of(post_envelope(client, envelope))


# -- JSON objects that are not Alexa requests ----------------------------------------------
def test_an_envelope_without_a_request_is_refused(client):
    assert_refused(post_envelope(client, launch_without("request")))


def test_a_request_without_a_type_is_refused(client):
    assert_refused(post_envelope(client, launch_without("request", "type")))


def test_an_envelope_without_an_application_in_its_context_is_refused(client):
    assert_refused(post_envelope(client, launch_without("context", "System", "application")))


def test_an_envelope_without_a_context_is_refused(client):
    assert_refused(post_envelope(client, launch_without("context")))


@pytest.mark.parametrize("request_type", ["Foo.Bar", "", "launchrequest", "IntentRequest "])
def test_an_unknown_request_type_is_refused_clearly(client, request_type):
    envelope = Device().launch()
    envelope["request"]["type"] = request_type
    assert_refused(post_envelope(client, envelope))


@pytest.mark.parametrize("timestamp", ["yesterday", "", 12345, "9999-99-99T99:99:99Z"])
def test_a_timestamp_that_is_not_a_time_is_refused(client, timestamp):
    envelope = Device().launch()
    envelope["request"]["timestamp"] = timestamp
    assert_refused(post_envelope(client, envelope))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("session",), []),
        (("session", "attributes"), ["not", "a", "dict"]),
        (("request", "dialogState"), "SIDEWAYS"),
        (("context", "System", "user"), "someone"),
    ],
    ids=["session-list", "attributes-list", "unknown-enum", "user-string"],
)
def test_parts_of_the_wrong_json_type_are_refused_or_answered_never_a_crash(client, path, value):
    envelope = Device().intent("AMAZON.YesIntent")
    node = envelope
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    reply = post_envelope(client, envelope)
    assert_clean(reply)
    assert reply.status_code in (200, 400)


# -- Alexa-shaped requests the skill does not expect ----------------------------------------
def test_a_system_event_the_skill_does_not_act_on_gets_an_empty_answer(client):
    envelope = Device().launch()
    envelope["request"] = {**envelope["request"], "type": "System.ExceptionEncountered",
                           "error": {"type": "INVALID_RESPONSE", "message": "x"}}
    reply = post_envelope(client, envelope)
    assert_clean(reply)
    assert reply.status_code == 200
    assert "outputSpeech" not in reply.get_json()["response"]


def test_an_intent_the_model_does_not_have_is_met_with_the_fallback(client):
    device = Device()
    post_envelope(client, device.launch())
    reply = post_envelope(client, device.intent("OrderPizzaIntent"))
    assert speech_of(reply)


@pytest.mark.parametrize(
    "slots",
    [
        {"answer": {"name": "answer", "value": None}},
        {"answer": {"name": "answer", "value": "\u0000<speak>&</speak>" * 50}},
        {"answer": None},
        {"": {}},
        {"answer": {"name": "answer", "resolutions": {"resolutionsPerAuthority": [
            {"authority": "x", "status": {"code": "ER_SUCCESS_NO_MATCH"}, "values": []}]}}},
        {},
    ],
    ids=["null-value", "markup-value", "null-slot", "empty-name", "odd-resolution", "no-slots"],
)
def test_an_answer_intent_with_odd_slots_is_still_an_answer(client, slots):
    device = Device()
    post_envelope(client, device.launch())
    reply = post_envelope(client, device.intent("AMAZON.NoIntent", slots))
    assert speech_of(reply)


@pytest.mark.parametrize("intent", ["missing", None, "AMAZON.YesIntent", {}, {"name": None}, {"name": 7}])
def test_an_intent_request_without_an_intent_name_is_refused(client, intent):
    envelope = Device().intent("AMAZON.YesIntent")
    if intent == "missing":
        del envelope["request"]["intent"]
    else:
        envelope["request"]["intent"] = intent
    assert_refused(post_envelope(client, envelope))


@pytest.mark.parametrize("session", ["missing", None])
@pytest.mark.parametrize("request_type", ["LaunchRequest", "IntentRequest"])
def test_a_conversation_request_without_a_session_is_refused(client, request_type, session):
    """Alexa always sends these inside a session; without one it is not Alexa."""
    device = Device()
    envelope = device.launch() if request_type == "LaunchRequest" else device.intent("AMAZON.YesIntent")
    if session == "missing":
        del envelope["session"]
    else:
        envelope["session"] = session
    assert_refused(post_envelope(client, envelope))


@pytest.mark.parametrize(
    "request_type",
    ["SessionEndedRequest", "AlexaSkillEvent.SkillEnabled", "AlexaSkillEvent.SkillDisabled", "Connections.Response",
     "CanFulfillIntentRequest"],
)
def test_a_request_outside_any_session_is_never_a_server_error(client, request_type):
    envelope = Device().session_ended()
    del envelope["session"]
    envelope["request"]["type"] = request_type
    reply = post_envelope(client, envelope)
    assert_clean(reply)
    assert reply.status_code in (200, 400)


def test_a_launch_without_a_user_is_answered(client):
    envelope = Device().launch()
    envelope["context"]["System"].pop("user")
    envelope["session"].pop("user")
    assert WELCOME in speech_of(post_envelope(client, envelope))


def test_a_launch_without_a_user_id_is_answered(client):
    envelope = Device().launch()
    envelope["context"]["System"]["user"] = {}
    envelope["session"]["user"] = {}
    assert WELCOME in speech_of(post_envelope(client, envelope))


def test_a_locale_the_skill_does_not_speak_gets_english(client):
    device = Device(locale="xx-XX")
    assert WELCOME in speech_of(post_envelope(client, device.launch()))
    reply = post_envelope(client, device.intent("OrderPizzaIntent"))
    assert reply.get_json()["response"]["shouldEndSession"] is False  # the check goes on, in English
    assert speech_of(reply).isascii()


def test_a_request_without_a_locale_gets_english(client):
    assert WELCOME in speech_of(post_envelope(client, launch_without("request", "locale")))


@pytest.mark.parametrize(
    "triage",
    [
        "garbage",
        {"question": "no_such_question", "asked": "x", "answers": []},
        {"question": "limb_weakness", "asked": ["limb_weakness", 7, None], "answers": {"limb_weakness": "maybe"}},
        {"asked": ["limb_weakness"] * 100, "answers": {"limb_weakness": "yes"}, "urgency": "apocalyptic"},
    ],
    ids=["string", "wrong-types", "bad-values", "repeats"],
)
def test_a_tampered_check_in_the_session_is_rebuilt_or_ignored(client, triage):
    device = Device()
    post_envelope(client, device.launch())
    envelope = device.intent("AMAZON.YesIntent")
    envelope["session"]["attributes"] = {"triage": triage, "pending": {"x": 1}}
    assert speech_of(post_envelope(client, envelope))


# -- the wrong door ---------------------------------------------------------------------------
def test_get_on_the_skill_endpoint_is_not_allowed(client):
    assert_refused(client.get("/"), 405)


@pytest.mark.parametrize("path", ["/nope", "/admin", "/../etc/passwd", "/%00"])
def test_an_unknown_path_is_not_found(client, path):
    assert_refused(client.post(path, data="{}", content_type="application/json"), 404)


def test_the_health_check_answers_without_touching_the_skill(client):
    reply = client.get("/health")
    assert reply.status_code == 200 and reply.get_json() == {"status": "ok"}
