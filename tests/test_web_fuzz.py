"""Fuzzing the web service: no input makes it fail, every answer is a valid Alexa response.

Two runs, both through the Flask test client:

- 10,000 generated envelopes (verification off) that mix Alexa's structure
  with missing, odd and random parts: request types, intent names, slots,
  locales and session attributes, including tampered ``triage`` checks.
  Zero 5xx; every 200 is a response Alexa would accept. Half go to a
  service that keeps answers between sessions.
- 1,000 generated header and body combinations against the verifying
  service: zero 5xx, and every request but the one Alexa really signed is
  refused with a 400.

``FUZZ_EXAMPLES=100000 pytest tests/test_web_fuzz.py`` runs longer (the
verifier run gets a tenth of it, at least 1,000).
"""

from __future__ import annotations

import base64
import copy
import json
import os
import urllib.error
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.alexa.handlers import HANDLED_INTENTS
from skill.conversation import Interview
from skill.envelopes import Device
from skill.settings import Settings
from skill.triage import QUESTIONS, Urgency
from skill.web import RequestVerifier, TimestampVerifier, create_app
from tests.test_web_verification import CERT_URL, certificate_pem, new_key, sign

ENVELOPE_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 10_000)
VERIFIER_EXAMPLES = max(1_000, ENVELOPE_EXAMPLES // 10)
FUZZ = settings(
    max_examples=ENVELOPE_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

QUESTION_IDS = [q.id for q in QUESTIONS]
LEVELS = [u.label for u in Urgency]
# Mostly the conversation's own requests, so that most envelopes reach the skill.
CONVERSATION_TYPES = ["LaunchRequest", "IntentRequest", "IntentRequest", "IntentRequest", "SessionEndedRequest"]
OTHER_TYPES = [
    "CanFulfillIntentRequest", "System.ExceptionEncountered", "AlexaSkillEvent.SkillEnabled",
    "AlexaSkillEvent.SkillDisabled",
    "Connections.Response", "Alexa.Presentation.APL.UserEvent", "Messaging.MessageReceived",
    "Foo.Bar", "", "intentrequest",
]
INTENT_NAMES = sorted(HANDLED_INTENTS) + ["OrderPizzaIntent", "AMAZON.PauseIntent", "", "AMAZON.YesIntent "]
LOCALES = ["en-US", "en-GB", "en-IN", "de-DE", "fr-CA", "xx-XX", "", "en", "EN-us", "zz"]

# -- JSON values -------------------------------------------------------------------
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["yes", "no", "unknown", "<speak>", "&", "\u0000", "\U0001F600"]),
)
# Two levels deep at most: cheap to draw, and deep enough to be of the wrong type anywhere.
json_values = scalars | st.lists(scalars, max_size=3) | st.dictionaries(st.text(max_size=6), scalars, max_size=3)
question_ids = st.sampled_from(QUESTION_IDS) | st.text(max_size=12)
answers = st.sampled_from(["yes", "no", "unknown", "partly", "YES", ""]) | scalars


@st.composite
def real_checks(draw: Any) -> dict[str, Any]:
    """A check as the skill itself would leave it: under way, finished, or emergency."""
    interview = Interview.start()
    for said in draw(st.lists(st.sampled_from(["yes", "no", "unknown"]), max_size=30)):
        if interview.question is None:
            break
        interview.answer(said)
    return interview.to_attributes()


garbage_checks = st.fixed_dictionaries(
    {},
    optional={
        "question": st.none() | question_ids | json_values,
        "asked": st.lists(question_ids | scalars, max_size=30) | json_values,
        "answers": st.dictionaries(question_ids, answers, max_size=27) | json_values,
        "urgency": st.sampled_from(LEVELS) | json_values,
        "reasons": st.lists(question_ids, max_size=5) | json_values,
    },
)
session_attributes = st.fixed_dictionaries(
    {},
    optional={
        "triage": real_checks() | garbage_checks | json_values,
        "pending": st.sampled_from(["start", "resume", "forget", "reminder"]) | json_values,
        "store_warned": json_values,
        "speech_rate": st.sampled_from([70, 85, 100, 115, 0, -5, 10**9]) | json_values,
        "misunderstood": st.integers(-3, 10) | json_values,
        "person": st.sampled_from(["she", "he", "they", "it"]) | json_values,
    },
) | st.dictionaries(st.text(max_size=8), json_values, max_size=3)

resolutions = st.builds(
    lambda code, ids: {"resolutionsPerAuthority": [{
        "authority": "amzn1.er-authority.echo-sdk.x", "status": {"code": code},
        "values": [{"value": {"name": i, "id": i}} for i in ids]}]},
    st.sampled_from(["ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH"]),
    st.lists(st.sampled_from(["she", "he", "they", "mother", ""]) | st.text(max_size=6), max_size=2),
)
slot_values = st.fixed_dictionaries(
    {"name": st.sampled_from(["relation", "answer"]) | st.text(max_size=8)},
    optional={"value": st.none() | st.text(max_size=20), "confirmationStatus": st.sampled_from(["NONE", "DENIED"]),
              "resolutions": resolutions},
)
slots = st.dictionaries(st.sampled_from(["relation", "answer"]) | st.text(max_size=8), slot_values | json_values,
                        max_size=3)

# Where a mutation may strike, and what it does there.
PATHS = [
    ("version",), ("session",), ("session", "new"), ("session", "attributes"), ("session", "user"),
    ("session", "sessionId"), ("session", "application"), ("context",), ("context", "System"),
    ("context", "System", "user"), ("context", "System", "user", "userId"), ("context", "System", "device"),
    ("context", "System", "application", "applicationId"), ("context", "System", "person"),
    ("request", "type"), ("request", "locale"), ("request", "timestamp"), ("request", "requestId"),
    ("request", "intent"), ("request", "intent", "name"), ("request", "intent", "slots"),
    ("request", "dialogState"), ("request", "reason"), ("request", "error"),
]
mutations = st.lists(st.tuples(st.sampled_from(PATHS), st.just(None) | st.tuples(json_values)), max_size=2)


def mutate(envelope: dict[str, Any], path: tuple[str, ...], change: tuple[Any] | None) -> None:
    node: Any = envelope
    for key in path[:-1]:
        if not isinstance(node, dict):
            return
        node = node.setdefault(key, {})
    if not isinstance(node, dict):
        return
    if change is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = change[0]


APL = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}}
screen_events = st.one_of(
    st.tuples(st.just("answer"), st.sampled_from(["yes", "no", "unknown", "partly", ""])).map(list),
    st.lists(scalars, max_size=3),
)


@st.composite
def envelopes(draw: Any) -> dict[str, Any]:
    device = Device(
        locale=draw(st.sampled_from(LOCALES) | st.text(max_size=6)),
        supported_interfaces=draw(st.sampled_from([{}, APL])),
    )
    kind = draw(st.sampled_from(CONVERSATION_TYPES) | st.sampled_from(OTHER_TYPES) | st.text(max_size=10))
    if kind == "IntentRequest":
        envelope = device.intent(draw(st.sampled_from(INTENT_NAMES) | st.text(max_size=10)), draw(st.none() | slots))
    elif kind == "SessionEndedRequest":
        envelope = device.session_ended(draw(st.sampled_from(["USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS"])))
    else:
        envelope = device.launch()
        envelope["request"]["type"] = kind
        if kind == "Alexa.Presentation.APL.UserEvent":
            envelope["request"]["arguments"] = draw(screen_events)
    envelope["session"]["new"] = draw(st.booleans())
    envelope["session"]["attributes"] = draw(session_attributes)
    for path, change in draw(mutations):
        mutate(envelope, path, change)
    return envelope


# -- what Alexa accepts back -----------------------------------------------------------
def _no_constant(name: str) -> Any:
    raise AssertionError(f"response holds the non-JSON constant {name}")


def assert_speech(speech: Any) -> None:
    assert isinstance(speech, dict)
    if speech.get("type") == "SSML":
        ssml = speech["ssml"]
        assert ssml.startswith("<speak>") and ssml.endswith("</speak>"), ssml
        assert len(ssml) <= 8000
        ET.fromstring(ssml)  # well-formed, or Alexa refuses to speak it
    else:
        assert speech.get("type") == "PlainText" and isinstance(speech.get("text"), str), speech


def assert_alexa_response(text: str) -> None:
    """The parts of Alexa's response format the skill uses, checked strictly."""
    doc = json.loads(text, parse_constant=_no_constant)
    assert isinstance(doc, dict) and doc.get("version") == "1.0", text
    assert isinstance(doc.get("sessionAttributes", {}), dict), text
    response = doc["response"]
    assert isinstance(response, dict), text
    assert set(response) <= {"outputSpeech", "reprompt", "card", "shouldEndSession", "directives",
                             "canFulfillIntent", "apiResponse", "type", "experimentation"}, text
    if "outputSpeech" in response:
        assert_speech(response["outputSpeech"])
    if "reprompt" in response:
        assert_speech(response["reprompt"]["outputSpeech"])
        assert response.get("shouldEndSession") is False, text
    if "shouldEndSession" in response:
        assert isinstance(response["shouldEndSession"], bool), text
    if "card" in response:
        card = response["card"]
        assert card["type"] in ("Simple", "Standard", "LinkAccount", "AskForPermissionsConsent"), text
        assert all(isinstance(card.get(k, ""), str) for k in ("title", "content", "text")), text


# -- 1. envelopes, verification off ------------------------------------------------------------
def test_no_generated_envelope_gets_a_server_error_and_every_answer_is_valid_alexa():
    # In-memory SQLite stores: the store code runs, without a disk sync per launch;
    # one service keeps answers between sessions (resume, history), one does not.
    clients = [
        create_app(Settings(store="sqlite:///:memory:", verify=False, retain_answers=retaining)).test_client()
        for retaining in (False, True)
    ]
    statuses: Counter[int] = Counter()

    @FUZZ
    @given(envelope=envelopes(), client=st.sampled_from(clients))
    def one(envelope: dict[str, Any], client: Any) -> None:
        reply = client.post("/", data=json.dumps(envelope), content_type="application/json")
        statuses[reply.status_code] += 1
        text = reply.get_data(as_text=True)
        assert reply.status_code < 500, text
        assert "Traceback" not in text and "Error" not in text, text
        if reply.status_code == 200:
            assert_alexa_response(text)
        else:
            assert reply.status_code == 400, (reply.status_code, text)

    one()
    print(f"envelope fuzz: {dict(statuses)}")
    assert sum(statuses.values()) >= ENVELOPE_EXAMPLES
    # The run reached the skill, not only the front door.
    assert statuses[200] >= ENVELOPE_EXAMPLES // 3, statuses


# -- 2. headers and bodies, verification on ------------------------------------------------------
@pytest.fixture(scope="module")
def alexa() -> dict[str, Any]:
    key, stranger = new_key(), new_key()
    body = json.dumps(Device().launch()).encode()
    return {
        "key": key,
        "stranger": stranger,
        "cert": certificate_pem(key),
        "body": body,
        "signature": sign(key, body),
    }


urls = st.one_of(
    st.just(CERT_URL),
    st.builds(
        "{}://{}{}{}".format,
        st.sampled_from(["https", "http", "HTTPS", "ftp", "file", ""]),
        st.sampled_from(["s3.amazonaws.com", "S3.AMAZONAWS.COM", "evil.example.com", "s3.amazonaws.com.evil.com",
                         "127.0.0.1", "", "user@s3.amazonaws.com"]),
        st.sampled_from(["", ":443", ":8443", ":0", ":99999", ":x"]),
        st.sampled_from(["/echo.api/echo-api-cert.pem", "/echo.api/../x.pem", "/ECHO.API/x.pem", "/echo.api",
                         "//echo.api/x", "/echo.api/%2e%2e/x", "", "/echo.api/x.pem?a=b#c"]),
    ),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
)
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=80)


def test_no_forged_request_gets_past_the_verifier_and_none_gets_a_server_error(tmp_path, monkeypatch, alexa):
    def no_network(url: str, *args: Any, **kwargs: Any) -> Any:
        raise urllib.error.URLError("network is off in tests")

    monkeypatch.setattr("ask_sdk_webservice_support.verifier.urlopen", no_network)
    verifier = RequestVerifier()
    verifier._cert_cache[CERT_URL] = alexa["cert"]
    monkeypatch.setattr(verifier, "_validate_cert_chain", lambda cert_chain: None)
    settings_ = Settings(store=f"sqlite:///{tmp_path / 'skill.sqlite3'}", verify=True)
    client = create_app(settings_, verifiers=[verifier, TimestampVerifier()]).test_client()

    genuine = alexa["body"]
    bodies = st.one_of(
        st.just(genuine),
        st.builds(lambda suffix: genuine + suffix, st.binary(min_size=1, max_size=8)),
        st.builds(lambda i, b: genuine[:i] + bytes([b]) + genuine[i + 1:],
                  st.integers(0, len(genuine) - 1), st.integers(0, 255)),
        envelopes().map(lambda e: json.dumps(e).encode()),
        st.binary(max_size=200),
    )
    signatures = st.one_of(
        st.just(alexa["signature"]),
        st.builds(lambda b: sign(alexa["stranger"], b), st.binary(max_size=20)),
        st.builds(lambda b: base64.b64encode(b).decode(), st.binary(max_size=300)),
        header_text,
    )
    seen: Counter[int] = Counter()

    @settings(FUZZ, max_examples=VERIFIER_EXAMPLES)
    @given(
        body=bodies,
        signature=st.none() | signatures,
        url=st.none() | urls,
        extra=st.dictionaries(st.sampled_from(["Signature", "X-Forwarded-For", "Host-Cert", "Authorization"]),
                              header_text, max_size=2),
    )
    def one(body: bytes, signature: str | None, url: str | None, extra: dict[str, str]) -> None:
        headers = copy.copy(extra)
        if signature is not None:
            headers["Signature-256"] = signature
        if url is not None:
            headers["SignatureCertChainUrl"] = url
        reply = client.post("/", data=body, content_type="application/json", headers=headers)
        seen[reply.status_code] += 1
        expected_header = {k.lower(): v for k, v in headers.items()}
        is_alexa = (body == genuine and expected_header.get("signature-256") == alexa["signature"]
                    and expected_header.get("signaturecertchainurl") == CERT_URL)
        assert reply.status_code == (200 if is_alexa else 400), (reply.status_code, reply.get_data(as_text=True))

    one()
    print(f"verifier fuzz: {dict(seen)}")
    assert sum(seen.values()) >= VERIFIER_EXAMPLES
