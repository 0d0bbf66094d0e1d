"""The Lambda entry that answers every event, and never raises.

The SDK's ``lambda_handler`` lets any envelope it cannot deserialize raise
out of Lambda (a ``dialogState`` value the model does not know, a viewport
entry without ``type``, a LaunchRequest without a session, ...), and Alexa
then says "There was a problem with the requested skill's response":
nothing from us. Here:

- an event that is not Alexa's at all (``None``, ``{}``, API Gateway, S3,
  EventBridge: a misconfigured trigger or a console test) gets a logged
  warning and an empty answer;
- an Alexa envelope the skill cannot take gets a short spoken apology in
  its language (or, for an event no one is listening to, an empty
  response), and one log line naming the failure, never the envelope;
- an envelope larger than ``MAX_EVENT_BYTES`` (Alexa's own requests are a
  few KB; only session attributes could make one large) gets the apology:
  its session attributes are never echoed back;
- a request for another skill gets an empty response and a warning: not
  ours to answer, and not an error of ours.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope

from ..locales import load
from ..shape import envelope_problem, is_alexa_event
from ..speech import escape

log = logging.getLogger("skill.lambda")

#: The web service's default body limit (SKILL_MAX_BODY_BYTES); Alexa's own
#: requests are a few KB, and its responses may be at most 24 KB.
MAX_EVENT_BYTES = 128 * 1024
EMPTY: dict[str, Any] = {"version": "1.0", "response": {}}

#: Requests a person is waiting on: they get words; events get an empty response.
SPOKEN = frozenset({"LaunchRequest", "IntentRequest", "Alexa.Presentation.APL.UserEvent"})

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def apology(event: Any) -> dict[str, Any]:
    """The answer to an envelope the skill could not take."""
    request = event.get("request") if isinstance(event, dict) else None
    request = request if isinstance(request, dict) else {}
    if request.get("type") not in SPOKEN:
        return dict(EMPTY)
    locale = request.get("locale") if isinstance(request.get("locale"), str) else None
    text = load(locale)["moves.error_idle"]
    return {"version": "1.0", "response": {
        "outputSpeech": {"type": "SSML", "ssml": f"<speak>{escape(text)}</speak>"},
        "shouldEndSession": True,
    }}


def _kind(event: Any) -> str:
    request = event.get("request") if isinstance(event, dict) else None
    kind = request.get("type") if isinstance(request, dict) else None
    return kind if isinstance(kind, str) and len(kind) < 64 else "-"


def lambda_handler(builder: CustomSkillBuilder) -> Handler:
    """``builder.lambda_handler()``, made to answer whatever arrives."""
    skill = builder.create()

    def handler(event: Any, context: Any) -> dict[str, Any]:
        if not is_alexa_event(event):
            log.warning("not an Alexa event (%s): ignored", type(event).__name__)
            return {}
        try:
            payload = json.dumps(event)
        except (TypeError, ValueError, RecursionError) as e:
            log.warning("envelope not understood (request type %s): %s", _kind(event), type(e).__name__)
            return apology(event)
        if len(payload) > MAX_EVENT_BYTES:
            log.warning("envelope over %d bytes (request type %s): not taken", MAX_EVENT_BYTES, _kind(event))
            return apology(event)
        problem = envelope_problem(event)
        if problem and not problem.startswith("missing context"):  # no context: see below
            log.warning("envelope not understood (request type %s): %s", _kind(event), problem)
            return apology(event)
        try:
            envelope = skill.serializer.deserialize(payload=payload, obj_type=RequestEnvelope)
        except Exception as e:  # noqa: BLE001 - the SDK raises more than SerializationException
            log.warning("envelope not understood (request type %s): %s", _kind(event), type(e).__name__)
            return apology(event)
        system = envelope.context.system if envelope.context is not None else None
        if skill.skill_id is not None and system is None:
            log.warning("envelope without context.System (request type %s): cannot check the skill id",
                        _kind(event))
            return apology(event)
        application = getattr(system, "application", None)
        if skill.skill_id is not None and getattr(application, "application_id", None) != skill.skill_id:
            log.warning("request for another skill (request type %s): not answered", _kind(event))
            return dict(EMPTY)
        try:
            return skill.serializer.serialize(skill.invoke(request_envelope=envelope, context=context))
        except Exception as e:  # noqa: BLE001 - past the skill's own exception handler: still an answer
            log.error("request failed (request type %s): %s", _kind(event), type(e).__name__)
            return apology(event)

    return handler
