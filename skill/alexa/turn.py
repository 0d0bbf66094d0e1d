"""One request's view of the conversation: the words, the check, the memory,
and the replies.

Handlers stay short by asking a ``Turn`` for what they need; the ASK SDK's
``handler_input`` stays the single source of request state. Every reply
goes through ``Turn``, which saves the person's record first (if it
changed) and, if the store failed, says so once per session.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, date, datetime
from typing import Any

from ask_sdk_core.exceptions import AttributesManagerException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import StandardCard

from .. import centre, metrics, speech
from ..conversation import Interview, cause_questions_left, questions_left
from ..locales import Strings
from ..memory import Memory, Retention
from ..triage import AROMATASE_INHIBITOR_NAMES, Script, Urgency
from . import screens

log = logging.getLogger(__name__)

TRIAGE = "triage"  # session attribute of the conversation contract
PENDING = "pending"  # what a bare yes/no means when no question is open
OFFER_START, OFFER_RESUME, CONFIRM_FORGET, OFFER_REMINDER = "start", "resume", "forget", "reminder"
OFFER_CAUSES = "causes"  # after a soon result: "Would you like to know whether a treatment ...?"
EMERGENCY_SAID = "emergency_said"  # "it's an emergency" (cord) or "I have chest pain" (general): that script
WALKING_CHECK = "walking"  # "I can't walk": is it weakness, or only the pain?
MEDICINES = "medicines"  # cancer medicines named during the check, for the card
STORE_WARNED = "store_warned"
SPEECH_RATE = "speech_rate"
MISUNDERSTOOD = "misunderstood"  # fallbacks in a row
PERSON = "person"  # the check is for someone else: "she", "he" or "they"
COMPARED_WITH = "compared_with"  # ISO date of a recent, less urgent check, said at the close
PRONOUNS = ("she", "he", "they")
#: Speech rates in percent of Alexa's default, slowest first.
RATES = (70, 85, 100, 115)
NORMAL_RATE = 100


_UNREAD = object()


class Turn:
    def __init__(self, handler_input: HandlerInput):
        self.handler_input = handler_input
        self.session = handler_input.attributes_manager.session_attributes
        attributes = handler_input.attributes_manager.request_attributes
        self.strings: Strings = attributes["strings"]
        self.retention: Retention = attributes.get("retention") or Retention()
        self.now = time.time()
        self._memory: Memory | None = None
        self._interview: Interview | None | object = _UNREAD
        self._memory_changed = False
        # Once the store failed in a session, the rest of it runs from the
        # session attributes alone: no turn waits on a store that is down.
        self._store_failed = bool(self.session.get(STORE_WARNED))

    # -- the check ------------------------------------------------------
    @property
    def interview(self) -> Interview | None:
        """The check in the session (read once per turn; moves change it in
        place and ``keep`` puts it back)."""
        if self._interview is _UNREAD:
            self._interview = Interview.from_attributes(self.session.get(TRIAGE))
        return self._interview

    def keep(self, interview: Interview | None) -> None:
        """Put the check in the session and, when answers may be kept, in
        the person's record too, so that it can be resumed."""
        self._interview = interview
        if interview is None:
            self.session.pop(TRIAGE, None)
            return
        state = self.session[TRIAGE] = interview.to_attributes()
        if self.retention.keep_answers:
            # Someone else's check is not resumable as the user's own.
            resumable = self.for_self and not interview.finished
            progress = {"triage": state, "saved_at": int(self.now)} if resumable else None
            if progress is not None or self.memory.progress is not None:
                self.memory.progress = progress
                self.changed()

    @property
    def for_self(self) -> bool:
        """False when the check is for someone else: their answers and
        results never enter the user's own record."""
        return self.session.get(PERSON) is None

    @property
    def pending(self) -> str | None:
        return self.session.get(PENDING)

    @pending.setter
    def pending(self, value: str | None) -> None:
        if value is None:
            self.session.pop(PENDING, None)
        else:
            self.session[PENDING] = value

    # -- memory -----------------------------------------------------------
    @property
    def memory(self) -> Memory:
        """The person's record; an unreachable store reads as empty."""
        if self._memory is None:
            data = {} if self._store_failed else self._read_record()
            self._memory = Memory.from_attributes(data, self.retention, self.now)
        return self._memory

    def _read_record(self) -> Any:
        try:
            return self.handler_input.attributes_manager.persistent_attributes
        except AttributesManagerException:
            return {}  # no store configured (SKILL_STORE=none): nothing to remember
        except Exception as e:  # noqa: BLE001 - any store fault must not end the check
            log.warning("store read failed: %s", type(e).__name__)
            metrics.count("StoreErrors")
            self._store_failed = True
            return {}

    def changed(self) -> None:
        self._memory_changed = True

    def forget(self) -> bool:
        """Delete the person's record; False if the store failed."""
        try:
            self.handler_input.attributes_manager.delete_persistent_attributes()
        except AttributesManagerException:
            pass
        except Exception as e:  # noqa: BLE001
            log.warning("store delete failed: %s", type(e).__name__)
            metrics.count("DeletionFailures")
            return False
        self._memory, self._memory_changed = Memory(), False
        return True

    def _save(self) -> None:
        # A store that failed to read in this turn is not waited on again.
        if not self._memory_changed or self._memory is None or self._store_failed:
            return
        manager = self.handler_input.attributes_manager
        try:
            manager.persistent_attributes = self._memory.to_attributes(self.retention)
            manager.save_persistent_attributes()
        except AttributesManagerException:
            pass
        except Exception as e:  # noqa: BLE001
            log.warning("store write failed: %s", type(e).__name__)
            metrics.count("StoreErrors")
            self._store_failed = True
        self._memory_changed = False

    # -- speech rate (a non-health preference) ------------------------------
    @property
    def rate(self) -> int:
        """Session attributes come from the wire: anything but a known rate
        (an SSML injection, say) is replaced by the stored preference."""
        if self.session.get(SPEECH_RATE) not in RATES:
            stored = self.memory.prefs.get(SPEECH_RATE, NORMAL_RATE)
            self.session[SPEECH_RATE] = stored if stored in RATES else NORMAL_RATE
        return self.session[SPEECH_RATE]

    @rate.setter
    def rate(self, value: int) -> None:
        self.session[SPEECH_RATE] = value
        self.memory.prefs[SPEECH_RATE] = value
        self.changed()

    def paced(self, ssml: str) -> str:
        """Everything said goes through here: at the person's speech rate."""
        rate = self.rate
        return ssml if rate == NORMAL_RATE else f'<prosody rate="{rate}%">{ssml}</prosody>'

    def _voice(self, ssml: str) -> str:
        """Save; if the store failed, say so once per session, first."""
        self._save()
        if self._store_failed and not self.session.get(STORE_WARNED):
            self.session[STORE_WARNED] = True
            ssml = f"{speech.escape(self.strings['moves.save_failed'])} {ssml}"
        return self.paced(ssml)

    # -- replies --------------------------------------------------------
    def ask(self, ssml: str, reprompt_ssml: str) -> Response:
        """A reply that waits for an answer: the question comes last."""
        self.session.pop(MISUNDERSTOOD, None)
        return self.handler_input.response_builder.speak(self._voice(ssml)).ask(self.paced(reprompt_ssml)).response

    def ask_question(self, interview: Interview, preface: str = "", *, simpler: bool = False) -> Response:
        """Ask the interview's question (one, or a pair), after ``preface``
        and a landmark ("Last question.") when one is known to be true."""
        asked = interview.question
        assert asked is not None
        self.keep(interview)
        self.pending = None
        wording = interview.wording
        words = speech.question_words(self.strings, asked, reprompt=simpler, wording=wording)
        parts = [preface]
        left = None if simpler or interview.explaining else questions_left(interview)
        if left is not None:
            parts.append(speech.escape(self.strings["moves.last_question" if left == 1 else "moves.two_more"]))
        parts.append(speech.escape(words))
        if screens.has_screen(self.handler_input):
            self.handler_input.response_builder.add_directive(screens.question_screen(self.strings, words))
        reprompt = speech.escape(speech.question_words(self.strings, asked, reprompt=True, wording=wording))
        return self.ask(" ".join(p for p in parts if p), reprompt)

    def confirm(self, pending: str, question_key: str, reprompt_key: str, preface: str = "") -> Response:
        """Ask a yes/no question of our own (start? resume? delete?)."""
        self.pending = pending
        text = speech.escape(self.strings[question_key])
        return self.ask(f"{preface} {text}".strip(), speech.escape(self.strings[reprompt_key]))

    def offer_start(self, key: str, preface: str = "") -> Response:
        """Offer a check: ``preface`` (SSML), then the words at ``key``."""
        return self.confirm(OFFER_START, key, "moves.start_reprompt", preface)

    def tell(self, ssml: str) -> Response:
        """A reply that ends the session."""
        return self.handler_input.response_builder.speak(self._voice(ssml)).set_should_end_session(True).response

    def close(self, ssml: str) -> Response:
        """End after the result: ``ssml``, then the note that this result is
        more urgent than a recent check (if the result had one), then goodbye."""
        parts = [ssml]
        try:
            earlier = date.fromisoformat(self.session.pop(COMPARED_WITH, None) or "")
        except (TypeError, ValueError):
            earlier = None
        if earlier is not None:
            parts.append(speech.comparison(self.strings, earlier))
        parts.append(speech.escape(self.strings["advice.goodbye"]))
        return self.tell(" ".join(parts))

    def conclude(self, interview: Interview, *, again: bool = False) -> Response:
        """Speak the recommendation of a finished check, with its card.

        With retention on, a new result is added to the history (not when
        it is only repeated, nor after the cause questions). ``again``: the
        advice is repeated, and the offer it ended with stays open.
        """
        closing = self._closing(interview, again)
        self.keep(interview)
        self.pending = None
        assessment = interview.assessment()
        new_result = not again and not interview.explaining
        earlier = None
        if self.retention.keep_answers and self.for_self and new_result:
            earlier = self.memory.less_urgent_recent_result(assessment.level.label, self.now)
            self.memory.record_result(assessment.level.label, list(assessment.reasons), self.now)
            self.changed()
        today = datetime.now(UTC).date()
        earlier_day = datetime.fromtimestamp(earlier["at"], UTC).date() if earlier else None
        if new_result:  # a new result: the last one's comparison is not its own
            self.session.pop(COMPARED_WITH, None)
        if earlier_day is not None and assessment.level is not Urgency.EMERGENCY:
            self.session[COMPARED_WITH] = earlier_day.isoformat()
        rec = speech.recommendation(
            self.strings,
            assessment,
            interview.answers,
            today,
            earlier=earlier_day,
            offer_reminder=closing == OFFER_REMINDER,
            asked=interview.asked if self.retention.keep_answers else None,
            said=speech.said_of(interview),
            offer_causes=closing == OFFER_CAUSES,
            explained=interview.explaining,
            line=self.contact.line_ssml,
            night=self.night if assessment.level is Urgency.URGENT else False,
            causes_count=self._causes_count(interview) if closing == OFFER_CAUSES else "",
        )
        return self._advise(rec, closing)

    @property
    def contact(self) -> centre.Contact:
        """The centre's 24-hour number and team for this market (generic when unset)."""
        return centre.for_locale(self.strings.locale)

    @property
    def night(self) -> bool:
        """Between 9 pm and 7 am on the device's clock (the Alexa settings
        API): "today" then says what to do tonight."""
        from .reminders import device_time_zone  # the settings API client, only for urgent results

        try:
            zone = device_time_zone(self.handler_input)
        except Exception:  # noqa: BLE001 - no permission, no device: daytime words
            zone = None
        if zone is None:
            return False
        hour = datetime.now(zone).hour
        return hour >= 21 or hour < 7

    def _causes_count(self, interview: Interview) -> str:
        """'Two more questions', exactly, or 'A few more questions'."""
        count = cause_questions_left(interview)
        key = {1: "causes.count_one", 2: "causes.count_two"}.get(count or 0, "causes.count_few")
        return self.strings[key]

    def _closing(self, interview: Interview, again: bool) -> str | None:
        """What the advice ends with: the offer to ask about treatments
        (soon, when causes can still be named), else a reminder offer
        (urgent, soon); a repeat keeps the offer that was open."""
        level = interview.level
        if level is Urgency.EMERGENCY:
            return None
        if again and not interview.explaining:
            return self.pending if self.pending in (OFFER_CAUSES, OFFER_REMINDER) else None
        if level is Urgency.SOON and interview.causes_due and _may_offer_causes(interview):
            return OFFER_CAUSES
        return OFFER_REMINDER if level in (Urgency.URGENT, Urgency.SOON) else None

    def emergency_said(self, script: Script = Script.CORD) -> Response:
        """'It's an emergency' (the cord script) or 'I have chest pain' (the
        general script) at once, whatever was under way."""
        self.session[EMERGENCY_SAID] = script.value
        self.session.pop(WALKING_CHECK, None)
        interview = self.interview
        answers = interview.answers if interview is not None else {}
        rec = speech.emergency_said(self.strings, answers, datetime.now(UTC).date(), script, self.contact.line_ssml)
        return self._advise(rec, None)

    @property
    def said_script(self) -> Script:
        """The script of an emergency said by the person (cord unless general)."""
        return Script.GENERAL if self.session.get(EMERGENCY_SAID) == Script.GENERAL.value else Script.CORD

    def emergency_closing(self) -> Response:
        """'No' to 'Shall I repeat that?': the script's own first action again."""
        interview = self.interview
        answers = interview.answers if interview is not None else {}
        if self.session.get(EMERGENCY_SAID) or interview is None or interview.level is not Urgency.EMERGENCY:
            assessment = speech.Assessment(Urgency.EMERGENCY, script=self.said_script)
        else:
            assessment = interview.assessment()
        return self.tell(speech.emergency_closing(self.strings, assessment, answers))

    def _advise(self, rec: speech.Recommendation, closing: str | None) -> Response:
        builder = self.handler_input.response_builder
        builder.speak(self._voice(rec.speech))
        builder.set_card(StandardCard(title=rec.card_title, text=self._card_footer(rec.card_text)))
        if screens.has_screen(self.handler_input):
            builder.add_directive(
                screens.result_screen(self.strings, rec.screen_level, rec.screen_reasons, self.strings["card.history"])
            )
        if rec.closing_question:
            # Silence after the long cause offer gets the short yes/no form.
            reprompt = self.strings["causes.offer_reprompt"] if closing == OFFER_CAUSES else rec.closing_question
            builder.ask(self.paced(speech.escape(reprompt)))
            self.pending = closing
        else:
            builder.set_should_end_session(True)
        return builder.response

    def _named_aromatase_inhibitor(self) -> bool:
        named = self.session.get(MEDICINES)
        return isinstance(named, list) and any(str(m).lower() in AROMATASE_INHIBITOR_NAMES for m in named)

    def _card_footer(self, text: str) -> str:
        """The card's last lines: medicines named during the check, and the
        reference code with the centre's contact for reporting wrong advice
        (the logs carry the same code, and nothing about the person)."""
        lines = [text]
        named = self.session.get(MEDICINES)
        if isinstance(named, list) and named:
            lines.append(self.strings.get("card.medicines", medicines=", ".join(str(m) for m in named[:10])))
        code = centre.reference_for(self.session)
        contact = self.contact
        if contact.team_name or contact.line_text:
            who = " ".join(p for p in (contact.team_name, contact.line_text) if p)
            lines.append(self.strings.get("card.reference", code=code, contact=who))
        else:
            lines.append(self.strings.get("card.reference_generic", code=code))
        return "\n".join(lines)

    def repeat_result(self, interview: Interview | None) -> Response:
        """The advice just given, again ("repeat", "yes" to "Shall I repeat that?")."""
        if self.session.get(EMERGENCY_SAID) or interview is None:
            return self.emergency_said(self.said_script)
        return self.conclude(interview, again=True)

    @property
    def emergency_given(self) -> bool:
        """The emergency advice was given in this session (by the rules, or
        because the person said it is an emergency)."""
        interview = self.interview
        return bool(self.session.get(EMERGENCY_SAID)) or (
            interview is not None and interview.level is Urgency.EMERGENCY
        )

    def after(self, interview: Interview, preface: str = "") -> Response:
        """Ask the next question, or conclude if the check is settled. A
        question a medicine named earlier already answers ("I take
        letrozole" at the chemo question) is answered so, not asked."""
        while interview.question == "aromatase_inhibitor" and self._named_aromatase_inhibitor():
            interview.answer("yes")
        if interview.finished:
            return self.conclude(interview)
        return self.ask_question(interview, preface)


def _may_offer_causes(interview: Interview) -> bool:
    """The treatment-cause offer is made only to someone with a cancer
    history, or who reported a treatment (spec v4): never "none of your
    treatments" to someone who has none."""
    answers = interview.answers
    return answers.get("cancer_history") == "yes" or "yes" in (
        answers.get("aromatase_inhibitor"), answers.get("breast_surgery"), answers.get("chemotherapy")
    )
