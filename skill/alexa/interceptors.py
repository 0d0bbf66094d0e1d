"""Interceptors: the words for the request's locale, and redacted logging."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_locale
from ask_sdk_model import Response

from ..locales import load
from ..memory import Retention
from .handlers import ANSWER_INTENTS
from .records import FORGOTTEN
from .turn import PERSON, PRONOUNS

log = logging.getLogger("skill.requests")


def redacted_id(value: str | None) -> str:
    """A short, non-reversible tag for tracing one session across log lines."""
    if not value:
        return "-"
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:12]


class LocaleInterceptor(AbstractRequestInterceptor):
    """Puts the request locale's ``Strings`` in the request attributes."""

    def process(self, handler_input: HandlerInput) -> None:
        try:
            locale = get_locale(handler_input)
        except Exception:  # noqa: BLE001 - a request without locale gets the default
            locale = None
        strings = load(locale)
        session = handler_input.request_envelope.session  # None for out-of-session events
        person = (session.attributes or {}).get(PERSON) if session is not None else None
        if person in PRONOUNS:
            strings = strings.about(person)
        handler_input.attributes_manager.request_attributes["strings"] = strings


class RetentionInterceptor(AbstractRequestInterceptor):
    """Tells handlers what may be kept between sessions (a setting); after
    "forget my data", nothing of the answers for the rest of the session."""

    def __init__(self, retention: Retention):
        self.retention = retention
        self.forgotten = replace(retention, keep_answers=False)

    def process(self, handler_input: HandlerInput) -> None:
        session = handler_input.request_envelope.session
        forgotten = session is not None and (session.attributes or {}).get(FORGOTTEN) is True
        handler_input.attributes_manager.request_attributes["retention"] = (
            self.forgotten if forgotten else self.retention)




class TurnLogInterceptor(AbstractResponseInterceptor):
    """One log line per turn: what kind of request came and whether the
    session stays open; never what was answered, said, or who.

    The line is tagged by a short hash of the *session*, not of the user:
    an operator can follow one conversation, but cannot tell which person
    had an emergency (``intent=EmergencyIntent``) or come back to them in
    another session."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        envelope = handler_input.request_envelope
        request = envelope.request
        intent = getattr(getattr(request, "intent", None), "name", None)
        # Answers are logged as one category: within a session, with the
        # fixed question order, "yes" or "no" intent names would spell them.
        if intent in ANSWER_INTENTS or getattr(request, "object_type", None) == "Alexa.Presentation.APL.UserEvent":
            intent = "answer"
        session = getattr(envelope.session, "session_id", None) if envelope.session else None
        log.info(
            "turn type=%s intent=%s locale=%s session=%s ends_session=%s",
            getattr(request, "object_type", None),
            intent or "-",
            getattr(request, "locale", None),
            redacted_id(session),
            getattr(response, "should_end_session", None) if response else None,
        )
