"""Request envelopes shaped like the ones Alexa sends.

Used by ``python -m skill chat`` and by the tests, so both drive the skill
with the same JSON Alexa would: session, context.System, application id,
user id, locale. Pure dicts, no Alexa import.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

LOCAL_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Device:
    """One person's speaker: keeps the session going between turns."""

    def __init__(
        self,
        locale: str = "en-US",
        user_id: str | None = None,
        skill_id: str = LOCAL_SKILL_ID,
        person_id: str | None = None,
        supported_interfaces: dict[str, Any] | None = None,
        api_endpoint: str = "https://api.amazonalexa.com",
        consent_token: str | None = None,
    ):
        self.locale = locale
        self.user_id = user_id or f"amzn1.ask.account.{uuid.uuid4().hex}"
        self.device_id = f"amzn1.ask.device.{uuid.uuid4().hex}"
        self.skill_id = skill_id
        self.person_id = person_id
        self.supported_interfaces = supported_interfaces or {}
        self.api_endpoint = api_endpoint
        self.consent_token = consent_token  # set when the person granted permissions
        self.session_id: str | None = None
        self.attributes: dict[str, Any] = {}

    @property
    def in_session(self) -> bool:
        return self.session_id is not None

    # -- requests ---------------------------------------------------------
    def launch(self) -> dict[str, Any]:
        self.session_id = None
        return self._envelope({"type": "LaunchRequest"})

    def intent(self, name: str, slots: dict[str, Any] | None = None) -> dict[str, Any]:
        intent: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
        if slots is not None:
            intent["slots"] = slots
        return self._envelope({"type": "IntentRequest", "intent": intent, "dialogState": "STARTED"})

    def user_event(self, arguments: list[Any], token: str = "question") -> dict[str, Any]:
        """A touch on a screen (APL SendEvent)."""
        return self._envelope(
            {"type": "Alexa.Presentation.APL.UserEvent", "token": token, "arguments": arguments,
             "source": {"type": "TouchWrapper", "handler": "Press", "id": ""}}
        )

    def session_ended(self, reason: str = "USER_INITIATED") -> dict[str, Any]:
        return self._envelope({"type": "SessionEndedRequest", "reason": reason})

    def _envelope(self, request: dict[str, Any]) -> dict[str, Any]:
        new = self.session_id is None
        if new:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
        request = {
            **request,
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": _timestamp(),
            "locale": self.locale,
        }
        application = {"applicationId": self.skill_id}
        user: dict[str, Any] = {"userId": self.user_id}
        if self.consent_token:
            user["permissions"] = {"consentToken": self.consent_token}
        system: dict[str, Any] = {
            "application": application,
            "user": user,
            "device": {"deviceId": self.device_id, "supportedInterfaces": self.supported_interfaces},
            "apiEndpoint": self.api_endpoint,
            "apiAccessToken": "local-token",
        }
        if self.person_id:
            system["person"] = {"personId": self.person_id}
        return {
            "version": "1.0",
            "session": {
                "new": new,
                "sessionId": self.session_id,
                "application": application,
                "attributes": dict(self.attributes),
                "user": user,
            },
            "context": {"System": system},
            "request": request,
        }

    # -- responses --------------------------------------------------------
    def absorb(self, response_envelope: dict[str, Any]) -> dict[str, Any]:
        """Carry session attributes forward; forget the session if it ended."""
        self.attributes = dict(response_envelope.get("sessionAttributes") or {})
        body = response_envelope.get("response") or {}
        if body.get("shouldEndSession", True) is not False and "reprompt" not in body:
            self.session_id = None
        return response_envelope
