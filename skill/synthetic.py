"""The scheduled synthetic check: whole checks through the live alias.

Handler ``skill.synthetic.handler`` of the template's SyntheticCheckFunction
(live stacks only, every ``SyntheticSchedule``). It talks to the skill the
way Alexa does, with real request envelopes (skill.envelopes.Device),
invoking the ``live`` alias (``SYNTHETIC_TARGET``) for:

- a check answered "no" throughout, which must reach a result and end;
- "it's an emergency" mid-check, which must give the emergency number.

Each run emits ``SyntheticChecks`` and, on any failure, ``SyntheticFailures``
(alarmed; the alarm also fires when no data arrives, so a check that stops
running pages too). The synthetic user is a fixed, obviously fake id, so
its few records are recognisable and no real person's are touched; its
turns also give the canary's alarms traffic at a centre's quiet hours.

``run(send)`` takes any transport, so the test suite drives the same code
through the Lambda entry in process.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from typing import Any

from . import metrics
from .envelopes import Device
from .locales import load

log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], dict[str, Any]]
SYNTHETIC_USER = "amzn1.ask.account.SYNTHETIC-CHECK-NOT-A-PERSON"
MAX_TURNS = 60


class SyntheticFailure(AssertionError):
    """The skill did not answer as a working skill does."""


def _speech(reply: dict[str, Any]) -> str:
    return ((reply.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")


def _triage(reply: dict[str, Any]) -> dict[str, Any]:
    return (reply.get("sessionAttributes") or {}).get("triage") or {}


def whole_check(send: Send, device: Device) -> str:
    """Answer "no" to every question; the level reached."""
    reply = device.absorb(send(device.launch()))
    turns = 0
    while _triage(reply).get("question"):
        turns += 1
        if turns > MAX_TURNS:
            raise SyntheticFailure("the check did not finish within 60 answers")
        reply = device.absorb(send(device.intent("AMAZON.NoIntent")))
    level = _triage(reply).get("urgency")
    if level not in ("emergency", "urgent", "soon", "routine"):
        raise SyntheticFailure(f"no result at the end of the check (after {turns} answers)")
    if not _speech(reply):
        raise SyntheticFailure("the result was not spoken")
    return level


def emergency_mid_check(send: Send, device: Device) -> None:
    """'It's an emergency' after the first answer must give the emergency number."""
    device.absorb(send(device.launch()))
    device.absorb(send(device.intent("AMAZON.NoIntent")))
    reply = device.absorb(send(device.intent("EmergencyIntent")))
    number = load(device.locale)["meta.emergency_number"]
    if number not in _speech(reply):
        raise SyntheticFailure("the emergency advice did not give the emergency number")


def run(send: Send, skill_id: str, locale: str = "en-US") -> dict[str, Any]:
    """Both scripted conversations; metrics and a summary (no user data: the user is synthetic)."""
    results: dict[str, Any] = {"locale": locale, "ok": True}
    try:
        results["level"] = whole_check(send, Device(locale=locale, user_id=SYNTHETIC_USER, skill_id=skill_id))
        emergency_mid_check(send, Device(locale=locale, user_id=SYNTHETIC_USER, skill_id=skill_id))
    except Exception as e:  # noqa: BLE001 - any failure of the skill is the finding
        results.update(ok=False, failure=f"{type(e).__name__}: {e}")
    metrics.count("SyntheticChecks")
    if not results["ok"]:
        metrics.count("SyntheticFailures")
        log.error("synthetic check failed: %s", results["failure"])
    return results


def lambda_send(target: str) -> Send:
    """Invoke ``target`` (the live alias ARN) with an envelope, as Alexa does."""
    import boto3

    client = boto3.client("lambda")

    def send(envelope: dict[str, Any]) -> dict[str, Any]:
        answer = client.invoke(FunctionName=target, Payload=json.dumps(envelope).encode())
        if answer.get("FunctionError"):
            raise SyntheticFailure(f"the function failed: {answer['FunctionError']}")
        return json.loads(answer["Payload"].read())

    return send


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The scheduled entry (EventBridge): one run per locale named in the event, else en-US."""
    target, skill_id = os.environ["SYNTHETIC_TARGET"], os.environ["SYNTHETIC_SKILL_ID"]
    send = lambda_send(target)
    locales = (event or {}).get("locales") or ["en-US"]
    results = [run(send, skill_id, locale) for locale in locales]
    return {"ok": all(r["ok"] for r in results), "results": results}
