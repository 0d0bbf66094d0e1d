"""One request's view of the conversation: the words, the check, the replies.

Handlers stay short by asking a ``Turn`` for what they need; the ASK SDK's
``handler_input`` stays the single source of request state.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import StandardCard

from .. import speech
from ..conversation import Interview
from ..locales import Strings

log = logging.getLogger(__name__)

TRIAGE = "triage"  # session attribute of the conversation contract
PENDING = "pending"  # what a bare yes/no means when no question is open
OFFER_START = "start"


class Turn:
    def __init__(self, handler_input: HandlerInput):
        self.handler_input = handler_input
        self.session = handler_input.attributes_manager.session_attributes
        self.strings: Strings = handler_input.attributes_manager.request_attributes["strings"]

    # -- the check ------------------------------------------------------
    @property
    def interview(self) -> Interview | None:
        return Interview.from_attributes(self.session.get(TRIAGE))

    def keep(self, interview: Interview | None) -> None:
        if interview is None:
            self.session.pop(TRIAGE, None)
        else:
            self.session[TRIAGE] = interview.to_attributes()

    @property
    def pending(self) -> str | None:
        return self.session.get(PENDING)

    @pending.setter
    def pending(self, value: str | None) -> None:
        if value is None:
            self.session.pop(PENDING, None)
        else:
            self.session[PENDING] = value

    # -- preferences (non-health, persistent) ----------------------------
    def preferences(self) -> dict[str, Any]:
        """Stored preferences; an unreachable store reads as empty."""
        manager = self.handler_input.attributes_manager
        try:
            return manager.persistent_attributes
        except Exception as e:  # noqa: BLE001 - any store fault must not end the check
            log.warning("store read failed: %s", type(e).__name__)
            return {}

    def remember(self, **values: Any) -> bool:
        """Save preferences; returns False (and logs) if the store failed."""
        manager = self.handler_input.attributes_manager
        try:
            attributes = manager.persistent_attributes
            attributes.update(values)
            manager.save_persistent_attributes()
            return True
        except Exception as e:  # noqa: BLE001
            log.warning("store write failed: %s", type(e).__name__)
            return False

    # -- replies --------------------------------------------------------
    def ask(self, ssml: str, reprompt_ssml: str) -> Response:
        """A reply that waits for an answer: the question comes last."""
        return self.handler_input.response_builder.speak(ssml).ask(reprompt_ssml).response

    def ask_question(self, interview: Interview, preface: str = "") -> Response:
        qid = interview.question
        assert qid is not None
        self.keep(interview)
        self.pending = None
        text = speech.question_speech(self.strings, qid)
        return self.ask(f"{preface} {text}".strip(), speech.question_speech(self.strings, qid, reprompt=True))

    def offer_start(self, preface_key: str) -> Response:
        self.pending = OFFER_START
        return self.ask(
            speech.escape(self.strings[preface_key]),
            speech.escape(self.strings["moves.start_reprompt"]),
        )

    def tell(self, ssml: str) -> Response:
        """A reply that ends the session."""
        return self.handler_input.response_builder.speak(ssml).set_should_end_session(True).response

    def conclude(self, interview: Interview) -> Response:
        """Speak the recommendation of a finished check, with its card."""
        self.keep(interview)
        self.pending = None
        today = datetime.now(UTC).date()
        rec = speech.recommendation(self.strings, interview.assessment(), interview.answers, today)
        builder = self.handler_input.response_builder
        builder.speak(rec.speech).set_card(StandardCard(title=rec.card_title, text=rec.card_text))
        if rec.asks_to_repeat:
            builder.ask(speech.escape(self.strings["levels.emergency.question"]))
        else:
            builder.set_should_end_session(True)
        return builder.response

    def after(self, interview: Interview, preface: str = "") -> Response:
        """Ask the next question, or conclude if the check is settled."""
        if interview.finished:
            return self.conclude(interview)
        return self.ask_question(interview, preface)
