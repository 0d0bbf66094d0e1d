"""Is this plainly an Alexa request envelope? Pure checks on the decoded
JSON, shared by the web service (a 400) and the Lambda entry (an apology
or a logged warning), so that the SDK only ever sees envelopes it can take.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Request

#: Alexa sends these inside a session, always (a screen's SendEvent too);
#: the conversation needs it.
SESSION_REQUESTS = frozenset({"LaunchRequest", "IntentRequest", "Alexa.Presentation.APL.UserEvent"})


def is_alexa_event(event: Any) -> bool:
    """Shaped like an Alexa envelope at all (a request with a type), as
    opposed to an API Gateway, S3, EventBridge or empty event."""
    request = event.get("request") if isinstance(event, dict) else None
    return isinstance(request, dict) and isinstance(request.get("type"), str)


def envelope_problem(envelope: Any) -> str | None:
    """Why ``envelope`` is not an Alexa request the skill can take, or None."""
    if not isinstance(envelope, dict):
        return "body is not a JSON object"
    req = envelope.get("request")
    if not isinstance(req, dict) or not isinstance(req.get("type"), str):
        return "missing request.type"
    if req["type"] not in Request.discriminator_value_class_map:
        return "unsupported request type"
    context = envelope.get("context")
    system = context.get("System") if isinstance(context, dict) else None
    if not isinstance(system, dict) or not isinstance(system.get("application"), dict):
        return "missing context.System.application"
    session = envelope.get("session")
    if req["type"] in SESSION_REQUESTS and not isinstance(session, dict):
        return f"{req['type']} without a session"
    if session is not None and not (isinstance(session, dict) and isinstance(session.get("attributes", {}) or {},
                                                                             dict)):
        return "session attributes are not an object"
    if req["type"] == "IntentRequest" and not (isinstance(req.get("intent"), dict)
                                               and isinstance(req["intent"].get("name"), str)):
        return "IntentRequest without intent.name"
    return None
