"""What the skill says, composed from a locale's words.

Pure Python (no Alexa import). Speech is SSML-ready text: it may hold
``<say-as>`` tags for the emergency number; ``plain`` strips them for cards
and the terminal.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from .conversation import FORMER_IDS, Interview, items_of
from .locales import Strings
from .triage import BY_ID, TIER_1, Answer, Assessment, Script, Urgency

# Spoken reasons are kept short; the card carries them all.
SPOKEN_REASONS = 1
SPOKEN_CAUSES = 1

_TAG = re.compile(r"<[^>]+>")


def plain(ssml: str) -> str:
    """Speech without SSML tags, for cards and the terminal."""
    return html.unescape(_TAG.sub("", ssml)).strip()


def escape(text: str) -> str:
    """Escape our own words for SSML (e.g. an ampersand in a drug name)."""
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class Said:
    """How the answers were given, where it changes the words: ids
    answered "a little", and tier-1 pairs answered "yes" as a whole (the
    first member stands for "one of the two")."""

    partly: frozenset[str] = frozenset()
    either: tuple[str, ...] = ()


AS_ASKED = Said()


def said_of(interview: Interview) -> Said:
    """How the interview's answers were given, for the words."""
    return Said(frozenset(interview.partly), tuple(interview.either))


@dataclass(frozen=True)
class Recommendation:
    speech: str  # SSML-ready
    card_title: str
    card_text: str
    closing_question: str | None  # emergency: "Shall I repeat that?"; else a reminder offer, if any
    screen_level: str = ""
    screen_reasons: str = ""
    screen_advice: str = ""  # the card's history line: who hears "cancer" follows one rule


def join_words(strings: Strings, parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    joiner = strings["answers.reason_joiner"]
    return joiner.join(parts[:-1]) + strings["answers.reason_last_joiner"] + parts[-1]


def reason_phrase(strings: Strings, qid: str, answers: dict[str, str], said: Said = AS_ASKED) -> str:
    """'the pain wakes you at night', 'rest doesn't fully ease the pain'
    (said "a little"), 'new weakness or trouble walking' (a pair answered
    as a whole), or 'you weren't sure about ...'."""
    if answers.get(qid) == Answer.UNKNOWN.value:
        return strings.get("answers.unknown_reason", topic=topic(strings, qid, said))
    if qid in said.either:
        return strings[f"groups.{qid}.reason"]
    if qid in said.partly and BY_ID[qid].worrying is Answer.NO:
        return strings.question(qid, "reason_partly")
    return strings.question(qid, "reason")


def topic(strings: Strings, qid: str, said: Said = AS_ASKED) -> str:
    """What a question was about, for the card ('new weakness')."""
    return strings[f"groups.{qid}.topic"] if qid in said.either else strings.question(qid, "topic")


#: Context answers that name what the person feels, spoken before those
#: that name a treatment or the history ("the pain is new", not "you've
#: had chemo").
FELT = ("pain_new_or_changed", "known_neuropathy", "joint_pain_stiffness", "precipitating_event")


def main_reasons(assessment: Assessment, answers: dict[str, str], limit: int | None) -> list[str]:
    """Reasons worth speaking: the decisive signs before the context, and
    of the context what the person feels before treatments and history."""
    signs = [r for r in assessment.reasons if BY_ID[r].tier < 3 or answers.get(r) == "unknown"]
    context = sorted((r for r in assessment.reasons if r not in signs), key=lambda r: r not in FELT)
    ordered = signs or context
    return ordered[:limit] if limit else ordered


def reasons_text(
    strings: Strings, assessment: Assessment, answers: dict[str, str], limit: int | None, said: Said = AS_ASKED
) -> str:
    """'the pain is worse at night and ...': the main reasons in plain words."""
    reasons = main_reasons(assessment, answers, limit)
    return join_words(strings, [reason_phrase(strings, r, answers, said) for r in reasons])


def question_words(
    strings: Strings, asked: str | tuple[str, ...], *, reprompt: bool = False, wording: str = ""
) -> str:
    """The words of a question, or of a pair asked together (its reprompt
    names every item: a shortened one answered "no" would clear the item
    it left out). ``wording``: the form that fits (``Interview.wording``):
    "treatment" (the fever question on cancer treatment) or "more"
    ("anything else?", asked once; its reprompt is the whole question)."""
    part = "reprompt" if reprompt else "ask"
    if isinstance(asked, str):
        if wording and not (reprompt and wording == "more"):
            try:
                return strings.question(asked, f"{part}_{wording}")
            except KeyError:
                pass
        return strings.question(asked, part)
    return strings[f"groups.{asked[0]}.{part}"]


def question_speech(
    strings: Strings, asked: str | tuple[str, ...], *, reprompt: bool = False, wording: str = ""
) -> str:
    return escape(question_words(strings, asked, reprompt=reprompt, wording=wording))


def question_why(strings: Strings, asked: str | tuple[str, ...]) -> str:
    """Why we ask: for a pair, why each item matters."""
    return " ".join(dict.fromkeys(strings.question(qid, "why") for qid in items_of(asked)))


def launch_preface(strings: Strings, *, first_time: bool, answers_kept: bool, launch: bool = True) -> str:
    """What comes before the first question: at launch, the welcome and
    how long it takes; the first time (however the check began), that it
    is guidance, not a diagnosis, and what is kept; that it can be for
    someone else."""
    parts = []
    if launch or first_time:
        parts.append(strings["launch.welcome"] if first_time else strings["launch.welcome_back"])
    else:
        parts.append(strings["moves.start_over"])
    if first_time:
        parts.append(strings["launch.disclaimer"])
        parts.append(strings["launch.privacy_kept" if answers_kept else "launch.privacy"])
    if launch or first_time:
        parts.append(strings["launch.expect"])
    return " ".join(escape(p) for p in parts)


def history_of(answers: dict[str, str]) -> str:
    """Who hears "cancer" (spec v4): "yes" (a cancer history: the cancer
    team), "no" (never had cancer: their doctor, nothing about cancer), or
    "unsure" (not sure, or not asked yet: "mention any cancer history", no
    cancer team)."""
    return {"yes": "yes", "no": "no"}.get(answers.get("cancer_history", ""), "unsure")


def history_key(answers: dict[str, str]) -> str:
    """Which history advice fits: the breast cancer history (said yes),
    the plain health history (never had cancer), or 'any cancer history'
    (not sure, or not asked)."""
    return {"yes": "", "no": "_none", "unsure": "_unsure"}[history_of(answers)]


def _line(strings: Strings, line: str | None) -> str:
    """The centre's 24-hour number, spoken digit by digit, after "number"."""
    return f", {line}," if line else ""


def emergency_speech(
    strings: Strings, assessment: Assessment, answers: dict[str, str], reasons: str, line: str | None = None
) -> str:
    """The script for the rule that fired (spec v4): general (chest pain,
    breathing, fainting), cord or cauda equina signs, new nerve signs after
    cancer, or possible sepsis. The script spoken adds what the others
    that also fired need (legs: stay where you are; sepsis: say you are on
    treatment with a fever). ``line``: the centre's 24-hour number (SSML)."""
    number = strings["meta.emergency_number_ssml"]
    script = assessment.script or Script.CORD
    history = history_of(answers)
    if script is Script.GENERAL:
        kind = "sepsis" if Script.SEPSIS in assessment.also else history if history != "unsure" else "unknown"
        mention = strings[f"emergency.general.mention_{kind}"]
        parts = [strings.get("emergency.general.speech", number=number, reasons=reasons, mention=escape(mention))]
    elif script is Script.CORD:
        # With sepsis too, what to mention is the treatment and the fever.
        history_kind = f"mention_{answers.get('cancer_history') or 'unknown'}"
        kind = "also_sepsis" if Script.SEPSIS in assessment.also else history_kind
        mention = strings[f"emergency.{kind}"]
        speech = strings.get("levels.emergency.speech", number=number, reasons=reasons, mention=escape(mention))
        parts = [speech.strip()]
    elif script is Script.NERVE:
        key = "emergency.nerve.speech" if history == "yes" else "emergency.nerve.speech_unsure"
        parts = [strings.get(key, number=number, reasons=reasons, line=_line(strings, line))]
    else:
        say = strings["emergency.sepsis.say_yes" if history == "yes" else "emergency.sepsis.say_unknown"]
        parts = [strings.get("emergency.sepsis.speech", number=number, say=escape(say), line=_line(strings, line))]
    if Script.SEPSIS in assessment.also and script is Script.NERVE:
        parts.append(escape(strings["emergency.also_sepsis"]))
    return " ".join(p for p in parts if p)


def emergency_closing(strings: Strings, assessment: Assessment, answers: dict[str, str]) -> str:
    """What "no" to "Shall I repeat that?" ends with: the script's first
    action again (never 'call 911' after a script that put the 24-hour
    line first)."""
    script = assessment.script or Script.CORD
    key = f"emergency.{script}.closing"
    if script is Script.NERVE and history_of(answers) != "yes":
        key = "emergency.nerve.closing_unsure"
    return strings.get(key, number=strings["meta.emergency_number_ssml"])


def level_key(assessment: Assessment, answers: dict[str, str], part: str) -> str:
    """``levels.<level>.<part>``; for urgent advice to someone who never had
    cancer, the variant that names their doctor, not a cancer team they do
    not have."""
    history = history_of(answers)
    level = assessment.level
    variant = ""
    if level is Urgency.URGENT:
        if part in ("speech", "title") and within_hours(assessment, answers):
            variant = "_hours" + {"yes": "", "no": "_none", "unsure": "_unsure"}[history]
        else:
            variant = {"yes": "", "no": "_none", "unsure": "_unsure"}[history]
    elif level is Urgency.SOON and history != "yes":
        variant = "_none"
    return f"levels.{level.label}.{part}{variant}"


def within_hours(assessment: Assessment, answers: dict[str, str]) -> bool:
    """'Not sure' about an emergency sign: advice within hours, not today.
    A "yes" to one that is urgent (numbness or a shooting pain without a
    cancer history) gets the same: a worrying answer never gets slower
    advice than an unsure one (the project's own safer choice)."""
    return any(f"urgent.{qid}_unsure" in assessment.rules for qid in TIER_1)


def level_title(strings: Strings, assessment: Assessment, answers: dict[str, str] | None = None) -> str:
    if assessment.level is Urgency.EMERGENCY and assessment.script is Script.NERVE:
        unsure = history_of(answers or {}) != "yes"
        return strings["emergency.nerve.title_unsure" if unsure else "emergency.nerve.title"]
    if assessment.level is Urgency.EMERGENCY and assessment.script not in (None, Script.CORD):
        return strings[f"emergency.{assessment.script}.title"]
    return strings[level_key(assessment, answers or {}, "title")]


def recommendation(
    strings: Strings,
    assessment: Assessment,
    answers: dict[str, str],
    today: date,
    earlier: date | None = None,
    offer_reminder: bool = False,
    asked: list[str] | None = None,
    said: Said = AS_ASKED,
    offer_causes: bool = False,
    explained: bool = False,
    line: str | None = None,
    night: bool = False,
    causes_count: str = "",
) -> Recommendation:
    """The spoken advice and the clinician's card for a finished check.

    ``earlier``: the date of a recent, less urgent check, to note on the
    card that this one is more urgent (the spoken note comes after the
    reminder offer: see ``comparison``). ``offer_reminder``: close (urgent,
    soon) with the offer of a reminder instead of a goodbye.
    ``offer_causes``: close (soon) with the offer to ask whether a treatment
    could be adding to the pain, before the reminder; ``explained``: those
    questions were answered: the cause first, then the advice again.
    ``asked``: list every
    answer on the card, in the order asked (only where answers may be kept:
    the card is visible to the household).
    """
    level = assessment.level.label
    number_ssml = strings["meta.emergency_number_ssml"]
    spoken = escape(reasons_text(strings, assessment, answers, SPOKEN_REASONS, said))
    if explained:
        closing = strings[f"reminder.offer_{level}"] if offer_reminder else None
        return _explained(strings, assessment, answers, today, said, spoken, closing)
    fever_unsure = "urgent.fever_unsure_on_treatment" in assessment.rules
    if assessment.level is Urgency.EMERGENCY:
        parts = [emergency_speech(strings, assessment, answers, spoken, line)]
    elif fever_unsure:  # "take your temperature now" is the first thing to do
        parts = [escape(strings["levels.urgent.speech_fever"])]
    else:
        parts = []
        if answers.get("chest_or_breathing") == "unknown" and "urgent.chest_or_breathing_unsure" in assessment.rules:
            parts.append(strings.get("levels.urgent.chest_first", number=number_ssml))
        parts.append(strings.get(level_key(assessment, answers, "speech"), number=number_ssml, reasons=spoken))
    if night and assessment.level is Urgency.URGENT and not within_hours(assessment, answers):
        parts.append(strings["levels.urgent.tonight"])  # SSML, like the advice it follows (en-GB: A&amp;E)
    # Urgent and emergency advice carries no reassuring explanation: acting
    # on it matters more. The card lists every cause.
    spoken_causes = SPOKEN_CAUSES if assessment.level <= Urgency.SOON else 0
    for cause in assessment.causes[:spoken_causes]:
        parts.append(escape(strings[f"causes.{cause}"]))
    if assessment.level is not Urgency.EMERGENCY:
        parts.append(warning_signs(strings, answers, number_ssml))
        parts.append(escape(strings["advice.history" + history_key(answers)]))
    if assessment.level is Urgency.ROUTINE:  # the safety net is the last word: no goodbye after it
        parts.append(escape(safety_net(strings, answers)))
        return _recommendation(strings, assessment, answers, today, earlier, asked, said, parts, None)
    if assessment.level is Urgency.EMERGENCY:
        closing = strings["levels.emergency.question"]
    elif offer_causes and assessment.level is Urgency.SOON:
        closing = strings.get("causes.offer", count=causes_count)
    elif offer_reminder and not fever_unsure:
        # Not after "take your temperature now": acting on it is the point.
        closing = strings[f"reminder.offer_{level}"]
    else:
        closing = None
    parts.append(escape(closing or strings["advice.goodbye"]))
    return _recommendation(strings, assessment, answers, today, earlier, asked, said, parts, closing)


def warning_signs(strings: Strings, answers: dict[str, str], number: str) -> str:
    """The signs that mean calling the emergency number, in v4's words, and
    that new numbness or a band-like pain means the 24-hour line (history)
    or the doctor today (never had cancer)."""
    key = {"yes": "advice.warning_signs", "no": "advice.warning_signs_none", "unsure": "advice.warning_signs_unsure"}
    return strings.get(key[history_of(answers)], number=number)


def safety_net(strings: Strings, answers: dict[str, str]) -> str:
    """The routine safety net: a cancer team only for someone who had cancer."""
    return strings["levels.routine.safety_net" if history_of(answers) == "yes" else "levels.routine.safety_net_none"]


def _recommendation(
    strings: Strings,
    assessment: Assessment,
    answers: dict[str, str],
    today: date,
    earlier: date | None,
    asked: list[str] | None,
    said: Said,
    parts: list[str],
    closing: str | None,
) -> Recommendation:
    why = reasons_line(strings, assessment, answers, said)
    answered = [(q, answers[q]) for q in asked or [] if q in answers]
    return Recommendation(
        speech=" ".join(p for p in parts if p),
        card_title=strings["card.title"],
        card_text=card_text(strings, assessment, today, why, answered, earlier, answers, said),
        closing_question=closing,
        screen_level=level_title(strings, assessment, answers),
        screen_reasons=why,
        screen_advice=strings["card.history" + history_key(answers)],
    )


def _explained(
    strings: Strings,
    assessment: Assessment,
    answers: dict[str, str],
    today: date,
    said: Said,
    reasons: str,
    closing: str | None,
) -> Recommendation:
    """After the cause questions: the cause that fits (or that none does),
    that it may be adding to the pain but new pain still needs checking,
    then the booking advice again."""
    if assessment.causes:
        parts = [escape(strings[f"causes.{assessment.causes[0]}"]), escape(strings["causes.may_add"])]
    else:
        parts = [escape(strings["causes.none"])]
    parts.append(strings.get(level_key(assessment, answers, "speech"), reasons=reasons))
    parts.append(escape(closing or strings["advice.goodbye"]))
    return _recommendation(strings, assessment, answers, today, None, None, said, parts, closing)


def emergency_said(
    strings: Strings, answers: dict[str, str], today: date, script: Script = Script.CORD, line: str | None = None
) -> Recommendation:
    """The script for "it's an emergency" (cord) or "I have chest pain"
    (general), said at any point, with how to undo it."""
    assessment = Assessment(Urgency.EMERGENCY, script=script)
    reason = strings["emergency.said_general_reason" if script is Script.GENERAL else "emergency.said_reason"]
    closing = strings["levels.emergency.question"]
    why = strings.get("card.reasons", reasons=reason)
    spoken = emergency_speech(strings, assessment, answers, escape(reason), line)
    return Recommendation(
        speech=f"{spoken} {escape(strings['emergency.undo'])} {escape(closing)}",
        card_title=strings["card.title"],
        card_text=card_text(strings, assessment, today, why, [], None, answers),
        closing_question=closing,
        screen_level=level_title(strings, assessment, answers),
        screen_reasons=why,
        screen_advice=strings["card.history" + history_key(answers)],
    )


def spoken_date(strings: Strings, day: date, *, year: bool = True) -> str:
    """'December 1, 2026'; without the year for a date within the last month."""
    month = strings["meta.months"][day.month - 1]
    return strings.get("meta.date_format" if year else "meta.day_format", month=month, day=day.day, year=day.year)


def comparison(strings: Strings, earlier: date) -> str:
    """'This is more urgent than your check on November 17.' Spoken once
    the reminder offer is answered, so that the advice itself stays short."""
    return escape(strings.get("history.more_urgent", date=spoken_date(strings, earlier, year=False)))


def last_result_speech(strings: Strings, entry: dict) -> str:
    """'Your last check, on December 1, 2026, suggested: ... because ...'."""
    day = datetime.fromtimestamp(entry["at"], UTC).date()
    level = entry["urgency"]
    parts = [strings.get("history.last", date=spoken_date(strings, day), summary=strings[f"levels.{level}.summary"])]
    reasons = (FORMER_IDS.get(r, r) for r in entry.get("reasons", []))  # ids of earlier interviews too
    kept = Assessment(Urgency.from_label(level), tuple(r for r in reasons if r in BY_ID))
    spoken = reasons_text(strings, kept, {}, SPOKEN_REASONS)  # the answers are not kept, only the reasons
    if spoken:
        parts.append(strings.get("history.last_reasons", reasons=spoken))
    return escape(" ".join(parts))


def reasons_line(strings: Strings, assessment: Assessment, answers: dict[str, str], said: Said = AS_ASKED) -> str:
    """'Why: the pain is worse at night and ...', every reason, for screens and cards."""
    every = reasons_text(strings, assessment, answers, None, said)
    return strings.get("card.reasons", reasons=every or strings["card.no_reasons"])


def card_text(
    strings: Strings,
    assessment: Assessment,
    today: date,
    why: str,
    answered: list[tuple[str, str]] = (),
    earlier: date | None = None,
    answers: dict[str, str] | None = None,
    said: Said = AS_ASKED,
) -> str:
    """The summary a person can show their clinician; ``why`` is the
    ``reasons_line``; ``answered``: (question id, answer) to list in full;
    ``earlier``: the date of a recent, less urgent check. It carries what
    the speech said once: the urgent fallback, the routine safety net, the
    full history advice."""
    answers = answers or {}
    title = level_title(strings, assessment, answers)
    lines = [strings.get("card.level", title=title), spoken_date(strings, today), why]
    if earlier is not None:
        lines.append(strings.get("history.more_urgent", date=spoken_date(strings, earlier)))
    if assessment.level is Urgency.URGENT and history_of(answers) == "yes":
        lines.append(plain(strings["levels.urgent.fallback"]))
    if assessment.level is Urgency.EMERGENCY and assessment.script is Script.SEPSIS:
        # What the spoken script leaves out: where the number is, not urgent care, every sign of being very unwell.
        lines.append(plain(strings.get("emergency.sepsis.card", number=strings["meta.emergency_number_text"])))
    if "urgent.fever_unsure_on_treatment" in assessment.rules:
        lines.append(strings["advice.take_temperature"])
    if assessment.causes:
        causes = " ".join(strings[f"causes.{c}"] for c in assessment.causes)
        lines.append(strings.get("card.causes", causes=causes))
    if assessment.level is Urgency.EMERGENCY:
        lines.append(strings["card.while_waiting"])
    if assessment.level is Urgency.ROUTINE:
        lines.append(safety_net(strings, answers))
    if assessment.level is not Urgency.EMERGENCY:
        lines.append(plain(warning_signs(strings, answers, strings["meta.emergency_number_text"])))
    lines.append(strings["card.history" + history_key(answers)])
    if answered:
        lines.append(strings["card.answers"])
        lines += [f"- {topic(strings, q, said)}: {strings[f'card.answer_{a}']}" for q, a in answered]
    lines.append(strings["card.disclaimer"])
    return "\n".join(lines)


def stop_speech(strings: Strings, interview: Interview) -> str:
    """"Stop" mid-check: the advice of the level the answers so far already
    make certain (every unasked question at its least worrying), when it is
    above routine, and always the signs that mean calling the emergency
    number (spec v4: stopping never throws away an urgency reached)."""
    number = strings["meta.emergency_number_ssml"]
    assessment = interview.certain_assessment()  # unasked questions at their least worrying
    if assessment.level is Urgency.ROUTINE:
        return strings.get("moves.stop_during_check", number=number)
    answers = dict(interview.answers)
    said = said_of(interview)
    for qid in assessment.reasons:
        if qid not in answers and interview.pair_said:  # a member of the pair still being asked
            answers[qid] = "unknown" if interview.pair_said == "unknown" else BY_ID[qid].worrying.value
            if BY_ID[qid].tier == 1 and any(pair[0] == qid for pair in interview.pairs):
                # A tier-1 pair is named as the pair ("new weakness or trouble walking"), not one member.
                said = Said(said.partly, (*said.either, qid))
    reasons = escape(reasons_text(strings, assessment, answers, SPOKEN_REASONS, said))
    if "urgent.fever_unsure_on_treatment" in assessment.rules:
        advice = escape(strings["levels.urgent.speech_fever"])
    else:
        advice = strings.get(level_key(assessment, answers, "speech"), number=number, reasons=reasons)
    return " ".join((escape(strings["moves.stopping"]), advice, warning_signs(strings, answers, number)))
