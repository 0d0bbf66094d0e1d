"""Interceptors: the words for the request's locale, and redacted logging."""

from __future__ import annotations

import hashlib
import logging

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_locale
from ask_sdk_model import Response

from ..locales import load
from ..memory import Retention
from .handlers import ANSWER_INTENTS
from .turn import PERSON, PRONOUNS

log = logging.getLogger("skill.requests")


def redacted_id(value: str | None) -> str:
    """A short, non-reversible tag for tracing one user across log lines."""
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
        if person in PRONOUNS or (isinstance(person, str) and strings.knows(person)):
            strings = strings.about(person)
        handler_input.attributes_manager.request_attributes["strings"] = strings


class RetentionInterceptor(AbstractRequestInterceptor):
    """Tells handlers what may be kept between sessions (a setting)."""

    def __init__(self, retention: Retention):
        self.retention = retention

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes["retention"] = self.retention




class TurnLogInterceptor(AbstractResponseInterceptor):
    """One log line per turn: what kind of request came and whether the
    session stays open; never what was answered, said, or who (the user id
    only as a short hash)."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        envelope = handler_input.request_envelope
        request = envelope.request
        intent = getattr(getattr(request, "intent", None), "name", None)
        # Answers are logged as one category: with the per-user tag and the
        # fixed question order, "yes" or "no" intent names would spell them.
        if intent in ANSWER_INTENTS or getattr(request, "object_type", None) == "Alexa.Presentation.APL.UserEvent":
            intent = "answer"
        system = envelope.context.system if envelope.context else None
        user = system.user.user_id if system and system.user else None
        log.info(
            "turn type=%s intent=%s locale=%s user=%s ends_session=%s",
            getattr(request, "object_type", None),
            intent or "-",
            getattr(request, "locale", None),
            redacted_id(user),
            getattr(response, "should_end_session", None) if response else None,
        )
