"""The Lambda entry that always answers.

The SDK's ``lambda_handler`` lets any envelope it cannot deserialize raise
out of Lambda (a ``dialogState`` value the model does not know, a viewport
entry without ``type``, ...), and Alexa then says "There was a problem with
the requested skill's response": nothing from us. Here such an envelope
gets a short spoken apology in its language (or, for an event no one is
listening to, an empty response), and one log line naming the failure,
never the envelope. A request for another skill still raises: that is not
ours to answer.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope

from ..locales import load
from ..speech import escape

log = logging.getLogger("skill.lambda")

#: Requests a person is waiting on: they get words; events get an empty response.
SPOKEN = frozenset({"LaunchRequest", "IntentRequest", "Alexa.Presentation.APL.UserEvent"})

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def apology(event: Any) -> dict[str, Any]:
    """The answer to an envelope the skill could not take."""
    request = event.get("request") if isinstance(event, dict) else None
    request = request if isinstance(request, dict) else {}
    if request.get("type") not in SPOKEN:
        return {"version": "1.0", "response": {}}
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

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        try:
            envelope = skill.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
        except Exception as e:  # noqa: BLE001 - the SDK raises more than SerializationException
            log.warning("envelope not understood (request type %s): %s", _kind(event), type(e).__name__)
            return apology(event)
        system = envelope.context.system if envelope.context is not None else None
        if skill.skill_id is not None and system is None:
            log.warning("envelope without context.System (request type %s): cannot check the skill id",
                        _kind(event))
            return apology(event)
        return skill.serializer.serialize(skill.invoke(request_envelope=envelope, context=context))

    return handler
