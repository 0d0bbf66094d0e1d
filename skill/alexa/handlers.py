"""Request handlers: each maps one thing a person can say to a move.

Intent names are the stable contract of ``shared/triage-spec.md``. Words
come from the locale files through ``Turn``; no speech literals live here.
"""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, is_intent_name, is_request_type
from ask_sdk_model import Response

from .. import metrics, speech
from ..conversation import Interview
from ..locales import load
from ..store import AccountEraser
from ..triage import AROMATASE_INHIBITOR_NAMES, Answer, Script, Urgency
from .operations import ERRORS_IN_A_ROW, errors_in_a_row
from .records import ForgetMeIntentHandler, LastResultIntentHandler, SkillDisabledHandler, confirm_forget
from .reminders import set_reminder
from .screens import ANSWER_EVENT
from .turn import (
    CONFIRM_FORGET,
    EMERGENCY_SAID,
    MEDICINES,
    MISUNDERSTOOD,
    NORMAL_RATE,
    OFFER_CAUSES,
    OFFER_REMINDER,
    OFFER_RESUME,
    OFFER_START,
    PERSON,
    PRONOUNS,
    RATES,
    WALKING_CHECK,
    Turn,
)

log = logging.getLogger(__name__)

ANSWER_INTENTS = {
    "AMAZON.YesIntent": Answer.YES,
    "AMAZON.NoIntent": Answer.NO,
    "DontKnowIntent": Answer.UNKNOWN,
    "PartlyIntent": None,  # the worrying side of the current question
}
STOP_INTENTS = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")
#: Every intent a handler acts on; the interaction models must declare
#: exactly these (tests/test_interaction_model.py).
HANDLED_INTENTS = frozenset(
    [*ANSWER_INTENTS, *STOP_INTENTS, "GoBackIntent", "WhyIntent", "AMAZON.RepeatIntent",
     "AMAZON.StartOverIntent", "AMAZON.HelpIntent", "AMAZON.FallbackIntent",
     "LastResultIntent", "ForgetMeIntent", "SlowerIntent", "FasterIntent", "ForSomeoneElseIntent",
     "EmergencyIntent", "RemindMeIntent", "MedicineIntent", "OkayIntent", "ForMyselfIntent", "WorryIntent",
     "OnlyPainIntent"]
)
#: Offers that "okay", "alright", "vale" accept (spec v4: yes-like words are
#: yes to an offer, never an answer to a symptom question).
OFFERS = (OFFER_START, OFFER_RESUME, OFFER_CAUSES, OFFER_REMINDER)



def _result_shown(turn: Turn, interview: Interview | None) -> bool:
    """A result was given and the session is still open (emergency, or an
    offer): "repeat" and the like repeat the advice."""
    return bool(turn.session.get(EMERGENCY_SAID)) or (interview is not None and interview.finished)


def _carry_on(turn: Turn, preface: str) -> Response:
    """After a change of how we speak (rate, person): say ``preface``, then
    go on where we were: the question, the advice just given, or the offer
    of a check."""
    interview = turn.interview
    if interview is not None and interview.question is not None and not turn.session.get(EMERGENCY_SAID):
        return turn.ask_question(interview, preface)
    if _result_shown(turn, interview):
        return turn.repeat_result(interview)
    return turn.offer_start("moves.start_prompt", preface)


def start_check(turn: Turn, *, launch: bool, preface_key: str | None = None) -> Response:
    """Begin a new check: on launch, the welcome; else a short preface
    ("Okay, let's start", or "again" when a check had begun). Once per
    user, however the first check begins, that this is guidance, not a
    diagnosis."""
    had_begun = turn.interview is not None or bool(turn.session.get(EMERGENCY_SAID))
    turn.session.pop(EMERGENCY_SAID, None)
    interview = Interview.start()
    assert interview.question is not None
    first_time = not turn.memory.prefs.get("disclaimer_heard")
    if first_time:
        turn.memory.prefs["disclaimer_heard"] = True
        turn.changed()
    if not launch and not first_time:
        key = preface_key or ("moves.start_over" if had_begun else "moves.start_first")
        return turn.ask_question(interview, speech.escape(turn.strings[key]))
    preface = speech.launch_preface(
        turn.strings, first_time=first_time, answers_kept=turn.retention.keep_answers, launch=launch
    )
    return turn.ask_question(interview, preface)


def resumable(turn: Turn) -> Interview | None:
    """An interrupted check from an earlier session, if one may be resumed."""
    progress = turn.memory.progress
    interview = Interview.from_attributes(progress.get("triage")) if progress else None
    return interview if interview is not None and interview.asked and not interview.finished else None


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        interrupted = resumable(turn)
        if interrupted is not None:
            welcome = speech.escape(turn.strings["launch.welcome_back"])
            count = len(interrupted.steps)
            turn.pending = OFFER_RESUME
            return turn.ask(
                welcome + " " + speech.escape(turn.strings.get("launch.resume", count=count)),
                speech.escape(turn.strings["launch.resume_reprompt"]),
            )
        return start_check(turn, launch=True)


def answer(turn: Turn, said: Answer | None) -> Response:
    """Yes, no, not sure or a little, by voice or by touch: an answer to the
    question, or a reply to a question of ours (start? resume? delete?)."""
    agrees = said in (Answer.YES, None)
    if turn.pending == CONFIRM_FORGET:
        return confirm_forget(turn, agrees)
    if turn.session.get(WALKING_CHECK):
        return _walking_answer(turn, said)
    if turn.emergency_given:
        # "Shall I repeat that?"
        return turn.repeat_result(turn.interview) if agrees else _end_after_emergency(turn)
    if turn.pending == OFFER_CAUSES:
        interview = turn.interview
        if interview is None or not interview.finished:
            return turn.offer_start("moves.not_in_check")
        if agrees:
            interview.explain_causes()
            return turn.after(interview)
        offer = f"reminder.offer_{interview.urgency}"
        return turn.confirm(OFFER_REMINDER, offer, offer)
    if turn.pending == OFFER_REMINDER:
        interview = turn.interview
        if agrees and interview is not None and interview.finished:
            return set_reminder(turn, interview.urgency)
        return turn.close(speech.escape(turn.strings["reminder.declined"]))
    if turn.pending == OFFER_RESUME:
        interrupted = resumable(turn)
        if agrees and interrupted is not None:
            return turn.ask_question(interrupted, speech.escape(turn.strings["moves.resume"]))
        turn.memory.progress = None
        turn.changed()
        return start_check(turn, launch=False, preface_key="moves.fresh")
    interview = turn.interview
    if interview is not None and interview.question is not None:
        if interview.updated:
            # A deploy changed the interview since the person heard the
            # question: their answer may belong to another one.
            return turn.ask_question(interview, speech.escape(turn.strings["moves.updated"]))
        if said is None:
            interview.answer_worrying()
        else:
            interview.answer(said)
        return turn.after(interview)
    if turn.pending == OFFER_START:
        return start_check(turn, launch=False) if agrees else turn.tell(speech.escape(turn.strings["moves.stop"]))
    key = "moves.after_result" if interview is not None else "moves.not_in_check"
    return turn.offer_start(key)


class AnswerIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_intent_name(name)(handler_input) for name in ANSWER_INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        return answer(Turn(handler_input), ANSWER_INTENTS[get_intent_name(handler_input)])


class ScreenAnswerHandler(AbstractRequestHandler):
    """A touch on a screen's Yes / No / Not sure button: the same answer."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not is_request_type("Alexa.Presentation.APL.UserEvent")(handler_input):
            return False
        arguments = getattr(handler_input.request_envelope.request, "arguments", None) or []
        return len(arguments) == 2 and arguments[0] == ANSWER_EVENT and arguments[1] in ("yes", "no", "unknown")

    def handle(self, handler_input: HandlerInput) -> Response:
        return answer(Turn(handler_input), Answer(handler_input.request_envelope.request.arguments[1]))


class GoBackIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("GoBackIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        interview = turn.interview
        if turn.session.pop(WALKING_CHECK, None):
            # "I can't walk" said by mistake: back to what was under way, nothing recorded.
            return _carry_on(turn, speech.escape(turn.strings["moves.back"]))
        if turn.session.pop(EMERGENCY_SAID, None) and interview is not None and interview.question is not None:
            # "It's an emergency" said by mistake: back to the question it interrupted.
            return turn.ask_question(interview, speech.escape(turn.strings["moves.back"]))
        if interview is None:
            return turn.offer_start("moves.not_in_check")
        if interview.go_back():
            return turn.ask_question(interview, speech.escape(turn.strings["moves.back"]))
        return turn.ask_question(interview, speech.escape(turn.strings["moves.back_nothing"]))


class RepeatIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.RepeatIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        interview = turn.interview
        if turn.emergency_given:
            return turn.repeat_result(interview)
        if interview is not None and interview.question is not None:
            # "What?" on a pair: one thing at a time.
            if interview.split():
                return turn.ask_question(interview, speech.escape(turn.strings["groups.split"]))
            return turn.ask_question(interview)
        if _result_shown(turn, interview):
            return turn.repeat_result(interview)
        if turn.pending == OFFER_START:
            return turn.offer_start("moves.start_prompt")
        return turn.offer_start("moves.repeat_nothing")


class StartOverIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.StartOverIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return start_check(Turn(handler_input), launch=False)


class HelpIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.HelpIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        interview = turn.interview
        if interview is not None and interview.question is not None and not turn.emergency_given:
            why = speech.question_why(turn.strings, interview.question)
            return turn.ask_question(interview, speech.escape(turn.strings.get("moves.help", why=why)))
        return turn.offer_start("moves.help_idle")


class WhyIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("WhyIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        interview = turn.interview
        if turn.emergency_given:
            return turn.repeat_result(interview)
        if interview is not None and interview.question is not None:
            return turn.ask_question(interview, speech.escape(speech.question_why(turn.strings, interview.question)))
        if interview is not None and interview.finished:
            return self._explain_result(turn, interview)
        return turn.offer_start("moves.start_prompt", speech.escape(turn.strings["moves.why_idle"]))

    @staticmethod
    def _explain_result(turn: Turn, interview: Interview) -> Response:
        reasons = speech.reasons_text(
            turn.strings, interview.assessment(), interview.answers, speech.SPOKEN_REASONS, speech.said_of(interview)
        )
        if reasons:
            text = turn.strings.get("moves.why_result", reasons=reasons)
        else:
            text = turn.strings["moves.why_routine"]
        # The result's own offer stays open.
        pending = turn.pending
        if pending == OFFER_REMINDER:
            question = turn.strings[f"reminder.offer_{interview.urgency}"]
        elif pending == OFFER_CAUSES:
            question = turn.strings["causes.offer_reprompt"]
        else:
            return turn.tell(speech.escape(text))
        response = turn.ask(speech.escape(f"{text} {question}"), speech.escape(question))
        turn.pending = pending
        return response


class StopIntentHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return any(is_intent_name(name)(handler_input) for name in STOP_INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        interview = turn.interview
        if turn.emergency_given:
            return _end_after_emergency(turn)
        if interview is not None and interview.question is not None and not interview.explaining:
            # What the answers so far already make certain, then the signs.
            return turn.tell(speech.stop_speech(turn.strings, interview))
        return turn.tell(speech.escape(turn.strings["moves.stop"]))


def _end_after_emergency(turn: Turn) -> Response:
    """Leaving the emergency advice ("no", "stop"): the script's own first
    action again (the 24-hour line after the nerve or sepsis script)."""
    return turn.emergency_closing()


class ForSomeoneElseIntentHandler(AbstractRequestHandler):
    """'I'm asking for my mother': from now on questions and advice speak of
    her, and the advice tells the helper what to do. No extra question:
    the relation, if said, chooses she / he; else 'they'."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ForSomeoneElseIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        pronoun = _relation_pronoun(handler_input)
        changed = turn.session.get(PERSON) != pronoun
        turn.session[PERSON] = pronoun
        turn.strings = turn.strings.about(pronoun)
        handler_input.attributes_manager.request_attributes["strings"] = turn.strings
        return _about_another_person(turn, "moves.for_someone_else", changed)


def _about_another_person(turn: Turn, key: str, changed: bool) -> Response:
    """The check is now about someone else (or the speaker again): answers
    given so far were about the other person, so a check under way starts
    again from its first question (a daughter's "no" to the first question,
    then "it's for my mum", must not stand as her mother's answer)."""
    preface = speech.escape(turn.strings[key])
    interview = turn.interview
    under_way = interview is not None and (interview.steps or interview.carried) and not interview.finished
    if changed and under_way and not turn.emergency_given:
        return turn.ask_question(Interview.start(), f"{preface} {speech.escape(turn.strings['moves.from_the_start'])}")
    return _carry_on(turn, preface)


def _relation_pronoun(handler_input: HandlerInput) -> str:
    """The id of the resolved RELATION slot value: a pronoun ('she'), or a
    relation the locale names ('mother': "su mamá"); else 'they'."""
    strings = handler_input.attributes_manager.request_attributes["strings"]
    for value in _slot_values(handler_input, "relation"):
        if value.id in PRONOUNS or strings.knows(value.id):
            return value.id
    return "they"


class SpeechRateIntentHandler(AbstractRequestHandler):
    """'Speak slower' / 'speak faster' / 'normal speed', at any point;
    remembered as a preference. Faster from a slow rate returns to normal
    first, so 'normal speed' (a FasterIntent sample) does what it says."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("SlowerIntent")(handler_input) or is_intent_name("FasterIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        current = RATES.index(turn.rate)
        if is_intent_name("SlowerIntent")(handler_input):
            turn.rate = RATES[max(current - 1, 0)]
            key = "moves.slower" if current > 0 else "moves.slowest"
        else:
            turn.rate = NORMAL_RATE if turn.rate < NORMAL_RATE else RATES[min(current + 1, len(RATES) - 1)]
            key = "moves.faster"
        return _carry_on(turn, speech.escape(turn.strings[key]))


class FallbackIntentHandler(AbstractRequestHandler):
    """Anything we did not understand, including intents we do not know.

    A second misunderstanding in a row gets a way out: a pair is asked one
    item at a time, a single question in its simpler wording, each with
    "or say stop"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        interview = turn.interview
        if turn.session.get(WALKING_CHECK):
            # Weakness, or only the pain? Asked again once; a second miss is
            # not reassuring: the cord script.
            if turn.session.get(MISUNDERSTOOD):
                return _walking_answer(turn, Answer.UNKNOWN)
            response = turn.ask(
                speech.escape(f"{turn.strings['moves.fallback']} {turn.strings['emergency.walking_check']}"),
                speech.escape(turn.strings["emergency.walking_check_reprompt"]),
            )
            turn.session[MISUNDERSTOOD] = 1
            return response
        if turn.emergency_given:
            return turn.repeat_result(interview)
        if interview is not None and interview.question is not None:
            previous = turn.session.get(MISUNDERSTOOD)  # from the wire: trust only a small int
            misses = (previous if type(previous) is int and 0 <= previous < 10 else 0) + 1
            if misses < 2:
                response = turn.ask_question(interview, speech.escape(turn.strings["moves.fallback"]))
            elif interview.split():
                response = turn.ask_question(interview, speech.escape(turn.strings["moves.fallback_item"]))
            else:
                response = turn.ask_question(
                    interview, speech.escape(turn.strings["moves.fallback_again"]), simpler=True
                )
            turn.session[MISUNDERSTOOD] = misses
            return response
        if _result_shown(turn, interview):
            return turn.repeat_result(interview)
        return turn.offer_start("moves.start_prompt")


class OnlyPainIntentHandler(AbstractRequestHandler):
    """"Only the pain" ("solo el dolor"): during the "I can't walk" check it
    means no (walking limited by pain alone); elsewhere it is no answer, and
    the question is asked again as for anything not understood."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("OnlyPainIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        if turn.session.get(WALKING_CHECK):
            return _walking_answer(turn, Answer.NO)
        return FallbackIntentHandler().handle(handler_input)


class EmergencyIntentHandler(AbstractRequestHandler):
    """'It's an emergency', 'I can't move my legs': the cord script at once,
    at any point, then "Shall I repeat that?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("EmergencyIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        sign = _slot_id(handler_input, "sign")
        if sign == "general":
            return turn.emergency_said(Script.GENERAL)
        if sign == "walking" and not turn.emergency_given:
            # "I can't walk": weakness, or only the pain? Asked once.
            turn.session[WALKING_CHECK] = True
            return turn.ask(
                speech.escape(turn.strings["emergency.walking_check"]),
                speech.escape(turn.strings["emergency.walking_check_reprompt"]),
            )
        return turn.emergency_said(Script.CORD)


def _walking_answer(turn: Turn, said: Answer | None) -> Response:
    """The answer to "Is that because your legs feel weak, numb or give
    way?": yes, a little or not sure is the cord script; no (only the
    pain) goes back to what was under way, nothing recorded."""
    turn.session.pop(WALKING_CHECK, None)
    if said is not Answer.NO:
        return turn.emergency_said(Script.CORD)
    return _carry_on(turn, speech.escape(turn.strings["emergency.walking_only_pain"]))


def _slot_id(handler_input: HandlerInput, name: str) -> str | None:
    """The resolved id of a custom slot, or None (no value, or no match)."""
    value = _slot_match(handler_input, name)
    return value.id if value is not None else None


def _slot_match(handler_input: HandlerInput, name: str):
    """The first resolved value of a custom slot, or None."""
    return next(_slot_values(handler_input, name), None)


def _slot_values(handler_input: HandlerInput, name: str):
    """Every resolved value of a custom slot (none for no value, or no match)."""
    try:
        authorities = handler_input.request_envelope.request.intent.slots[name].resolutions.resolutions_per_authority
        values = [match.value for authority in authorities for match in authority.values or []]
    except (AttributeError, KeyError, TypeError):
        values = []
    return iter(values)


def _slot_heard(handler_input: HandlerInput, name: str) -> str | None:
    try:
        value = handler_input.request_envelope.request.intent.slots[name].value
    except (AttributeError, KeyError, TypeError):
        return None
    return value if isinstance(value, str) and value.strip() else None


class MedicineIntentHandler(AbstractRequestHandler):
    """'I'm on Kisqali', 'just letrozole': an answer to ``chemo_now`` or
    ``aromatase_inhibitor`` as the spec's rows say (a systemic drug or
    immunotherapy is yes to chemo_now; a hormone or bone drug named alone
    gets one "anything else?", never a plain no; a drug not known is not
    sure). Elsewhere the medicine is noted for the card and the question
    asked again."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("MedicineIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        match = _slot_match(handler_input, "medicine")
        heard = match.name if match is not None else _slot_heard(handler_input, "medicine")
        if heard:
            named = turn.session.get(MEDICINES)
            named = [m for m in named if isinstance(m, str)][:9] if isinstance(named, list) else []
            turn.session[MEDICINES] = [*named, heard[:40]]
        interview = turn.interview
        if turn.emergency_given or interview is None or interview.question is None or interview.updated:
            if interview is not None and interview.question is not None and not turn.emergency_given:
                return turn.ask_question(interview, speech.escape(turn.strings["moves.updated"]))
            return _carry_on(turn, speech.escape(turn.strings["moves.medicine_noted"]))
        kind = match.id if match is not None else None
        question = interview.question
        if question == "chemo_now":
            if kind in ("systemic", "immunotherapy"):
                interview.answer(Answer.YES)
            elif kind in ("hormone", "bone"):
                if interview.ask_more():
                    return turn.ask_question(interview)
                interview.answer(Answer.NO)  # asked "anything else?" and named hormone or bone treatment again
            else:
                interview.answer(Answer.UNKNOWN)
            return turn.after(interview)
        if question == "aromatase_inhibitor":
            name = (match.name or "").lower() if match is not None else ""
            if name in AROMATASE_INHIBITOR_NAMES:
                interview.answer(Answer.YES)
            elif kind is None:
                interview.answer(Answer.UNKNOWN)
            elif interview.ask_more():
                return turn.ask_question(interview)
            else:
                interview.answer(Answer.NO)
            return turn.after(interview)
        return turn.ask_question(interview, speech.escape(turn.strings["moves.medicine_noted"]))


class OkayIntentHandler(AbstractRequestHandler):
    """'Okay', 'alright', 'vale': yes to an offer (a reminder, a repeat,
    starting a check, the cause questions); to a symptom question, not an
    answer: the question again with the answers it takes."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("OkayIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        interview = turn.interview
        asking = interview is not None and interview.question is not None
        if turn.session.get(WALKING_CHECK) or (asking and not turn.emergency_given and turn.pending not in OFFERS):
            if turn.session.get(WALKING_CHECK):
                return turn.ask(
                    speech.escape(turn.strings["emergency.walking_check"]),
                    speech.escape(turn.strings["emergency.walking_check_reprompt"]),
                )
            return turn.ask_question(interview, speech.escape(turn.strings["moves.okay_not_answer"]))
        if turn.pending == CONFIRM_FORGET:
            return turn.confirm(CONFIRM_FORGET, "forget.confirm", "forget.reprompt")
        if turn.emergency_given or turn.pending in OFFERS:
            return answer(turn, Answer.YES)
        return start_check(turn, launch=False)


class ForMyselfIntentHandler(AbstractRequestHandler):
    """'It's for me', 'es para mí': the check is about the speaker again."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ForMyselfIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        was_other = turn.session.pop(PERSON, None) is not None
        turn.strings = turn.strings.about(None)
        handler_input.attributes_manager.request_attributes["strings"] = turn.strings
        key = "moves.for_myself" if was_other else "moves.for_myself_already"
        return _about_another_person(turn, key, was_other)


class WorryIntentHandler(AbstractRequestHandler):
    """'Is my cancer back?', 'I'm scared': an honest sentence, the market's
    cancer support line, then back to where we were."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("WorryIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.strings.get("worry.speech", support=turn.strings["worry.support"])
        return _carry_on(turn, words)


class RemindMeIntentHandler(AbstractRequestHandler):
    """'Remind me to call my doctor': after a result in this session, or
    (answers kept) for the last result; else offer a check first."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("RemindMeIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        if turn.emergency_given:
            return _end_after_emergency(turn)
        interview = turn.interview
        level = interview.urgency if interview is not None and interview.finished else None
        if level is None and turn.retention.keep_answers:
            last = turn.memory.last_result
            level = last["urgency"] if last else None
        if level == Urgency.EMERGENCY.label:
            return _end_after_emergency(turn)
        if level is None:
            return turn.offer_start("reminder.nothing")
        return set_reminder(turn, level)


class SessionEndedRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        reason = getattr(request, "reason", None)
        log.info("session ended: %s", getattr(reason, "value", reason))
        return handler_input.response_builder.response


class OtherRequestHandler(AbstractRequestHandler):
    """Request types we do not act on (e.g. system events): an empty reply."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.response


class ApologiseExceptionHandler(AbstractExceptionHandler):
    """Any failure: count it, apologise, say the emergency signs and, if a
    check is under way, ask its question again. A second failure in a row
    ends the session with the signs: with every answer failing, a person
    must not loop on one question without ever hearing what to do.

    The catch-all answers, so Lambda's own Errors metric stays at 0: the
    ``HandlerErrors`` metric (skill.metrics) is what the alarms watch. The
    count of failures in a row lives in the session (``ERRORS_IN_A_ROW``);
    any turn that succeeds clears it (skill.alexa.operations).
    """

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("handler failed: %s", type(exception).__name__, exc_info=exception)
        metrics.count("HandlerErrors")
        try:
            turn = Turn(handler_input)
        except Exception:  # noqa: BLE001 - the interceptor itself may have failed
            handler_input.attributes_manager.request_attributes["strings"] = load(None)
            turn = Turn(handler_input)
        try:
            interview = turn.interview
        except Exception:  # noqa: BLE001
            interview = None
        in_a_row = errors_in_a_row(turn.session) + 1
        turn.session[ERRORS_IN_A_ROW] = in_a_row
        signs = turn.strings.get("moves.error_signs", number=turn.strings["meta.emergency_number_ssml"])
        if in_a_row >= 2:
            metrics.count("ErrorEndings")
            return turn.tell(f"{speech.escape(turn.strings['moves.error_end'])} {signs}")
        if interview is not None and interview.question is not None:
            return turn.ask_question(interview, f"{speech.escape(turn.strings['moves.error'])} {signs}")
        return turn.tell(f"{speech.escape(turn.strings['moves.error_idle'])} {signs}")


def request_handlers(store: AccountEraser | None) -> list[AbstractRequestHandler]:
    """In dispatch order: the catch-alls come last."""
    return [
        LaunchRequestHandler(),
        LastResultIntentHandler(),
        ForgetMeIntentHandler(),
        SkillDisabledHandler(store),
        AnswerIntentHandler(),
        ScreenAnswerHandler(),
        GoBackIntentHandler(),
        RepeatIntentHandler(),
        StartOverIntentHandler(),
        HelpIntentHandler(),
        WhyIntentHandler(),
        StopIntentHandler(),
        SpeechRateIntentHandler(),
        ForSomeoneElseIntentHandler(),
        EmergencyIntentHandler(),
        MedicineIntentHandler(),
        OkayIntentHandler(),
        ForMyselfIntentHandler(),
        WorryIntentHandler(),
        RemindMeIntentHandler(),
        SessionEndedRequestHandler(),
        OnlyPainIntentHandler(),
        FallbackIntentHandler(),
        OtherRequestHandler(),
    ]
