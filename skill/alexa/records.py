"""Handlers for what the skill keeps about a person: the last result,
"forget my data", and the SkillDisabled event.

A shared Echo: with answers kept, a speaker Alexa does not recognise gets
the account's record, so the last result is not read aloud to them; the
card in the Alexa app holds it, and the skill says how to set up a voice
profile. After "forget my data", the rest of the session keeps nothing of
the answers (``FORGOTTEN``), so the check that goes on does not write the
record back; and the skill says what it cannot delete (the Alexa app's
cards, the voice recordings) and where the person deletes those.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response
from ask_sdk_model.ui import StandardCard

from .. import metrics, speech
from ..store import AccountEraser
from .turn import CONFIRM_FORGET, Turn

log = logging.getLogger(__name__)

#: Session attribute: the person's record was deleted in this session.
FORGOTTEN = "forgotten"


def recognised_speaker(handler_input: HandlerInput) -> bool:
    system = handler_input.request_envelope.context.system if handler_input.request_envelope.context else None
    person = getattr(system, "person", None)
    return bool(getattr(person, "person_id", None))


def _and_back_to_the_check(turn: Turn, ssml: str) -> Response:
    """Say ``ssml``; if a check is under way, ask its question again."""
    interview = turn.interview
    if interview is not None and interview.question is not None:
        return turn.ask_question(interview, ssml)
    return turn.tell(ssml)


def confirm_forget(turn: Turn, agrees: bool) -> Response:
    turn.pending = None
    if not agrees:
        return _and_back_to_the_check(turn, speech.escape(turn.strings["forget.kept"]))
    if not turn.forget():
        return _and_back_to_the_check(turn, speech.escape(turn.strings["forget.failed"]))
    turn.session[FORGOTTEN] = True
    turn.retention = replace(turn.retention, keep_answers=False)  # nothing of this session is written back
    log.info("record deleted at the user's request")
    words = f"{turn.strings['forget.done']} {turn.strings['forget.elsewhere']}"
    return _and_back_to_the_check(turn, speech.escape(words))


class LastResultIntentHandler(AbstractRequestHandler):
    """'What did you tell me last time?' Only the speaker's own record is
    read: it is keyed by the recognised person when Alexa gives one."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("LastResultIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        if not turn.retention.keep_answers:
            return _and_back_to_the_check(turn, speech.escape(turn.strings["history.not_kept"]))
        last = turn.memory.last_result
        if last is None:
            return _and_back_to_the_check(turn, speech.escape(turn.strings["history.none"]))
        said = speech.last_result_speech(turn.strings, last)
        if not recognised_speaker(handler_input):  # a shared Echo: the card, not the room, hears it
            handler_input.response_builder.set_card(StandardCard(title=turn.strings["card.title"],
                                                                 text=speech.plain(said)))
            return _and_back_to_the_check(turn, speech.escape(turn.strings["history.voice_profile"]))
        return _and_back_to_the_check(turn, said)


class ForgetMeIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ForgetMeIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return Turn(handler_input).confirm(CONFIRM_FORGET, "forget.confirm", "forget.reprompt")


class SkillDisabledHandler(AbstractRequestHandler):
    """Disabling the skill deletes everything the account holds: enabling it
    again gives a new user id, so nothing kept could ever be used."""

    def __init__(self, store: AccountEraser | None):
        self.store = store

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        if self.store is not None:
            try:
                self.store.delete_account(handler_input.request_envelope)
                log.info("account records deleted: skill disabled")
            except Exception as e:  # noqa: BLE001 - Alexa does not retry; log what failed
                log.error("account delete failed on skill disabled: %s", type(e).__name__)
                metrics.count("DeletionFailures")
        return handler_input.response_builder.response
