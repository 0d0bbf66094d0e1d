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

from .locales import Strings
from .triage import BY_ID, Answer, Assessment, Urgency

# The most questions any interview asks (tests/test_conversation.py keeps
# this true); announced at launch.
MAX_QUESTIONS = 26
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
class Recommendation:
    speech: str  # SSML-ready
    card_title: str
    card_text: str
    closing_question: str | None  # emergency: "Shall I repeat that?"; else a reminder offer, if any
    screen_level: str = ""
    screen_reasons: str = ""


def join_words(strings: Strings, parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    joiner = strings["answers.reason_joiner"]
    return joiner.join(parts[:-1]) + strings["answers.reason_last_joiner"] + parts[-1]


def reason_phrase(strings: Strings, qid: str, answers: dict[str, str]) -> str:
    """'the pain wakes you at night', or 'you weren't sure about ...'."""
    if answers.get(qid) == Answer.UNKNOWN.value:
        return strings.get("answers.unknown_reason", topic=strings.question(qid, "topic"))
    return strings.question(qid, "reason")


def main_reasons(assessment: Assessment, answers: dict[str, str], limit: int | None) -> list[str]:
    """Reasons worth speaking: the decisive signs before the context
    (cancer history only when it is all there is)."""
    signs = [r for r in assessment.reasons if BY_ID[r].tier < 3 or answers.get(r) == "unknown"]
    context = [r for r in assessment.reasons if r not in signs]
    ordered = signs or context
    return ordered[:limit] if limit else ordered


def reasons_text(strings: Strings, assessment: Assessment, answers: dict[str, str], limit: int | None) -> str:
    """'the pain is worse at night and ...': the main reasons in plain words."""
    return join_words(strings, [reason_phrase(strings, r, answers) for r in main_reasons(assessment, answers, limit)])


def question_speech(strings: Strings, qid: str, *, reprompt: bool = False) -> str:
    return escape(strings.question(qid, "reprompt" if reprompt else "ask"))


def launch_preface(strings: Strings, *, first_time: bool, answers_kept: bool) -> str:
    """What comes before the first question at launch."""
    parts = [strings["launch.welcome"] if first_time else strings["launch.welcome_back"]]
    if first_time:
        parts.append(strings["launch.disclaimer"])
        if not answers_kept:
            parts.append(strings["launch.privacy"])
    parts.append(strings.get("launch.expect", count=MAX_QUESTIONS))
    parts.append(strings["launch.first"])
    return " ".join(escape(p) for p in parts)


def recommendation(
    strings: Strings,
    assessment: Assessment,
    answers: dict[str, str],
    today: date,
    earlier: date | None = None,
    offer_reminder: bool = False,
    asked: list[str] | None = None,
) -> Recommendation:
    """The spoken advice and the clinician's card for a finished check.

    ``earlier``: the date of a recent, less urgent check, to note on the
    card that this one is more urgent (the spoken note comes after the
    reminder offer: see ``comparison``). ``offer_reminder``: close (urgent,
    soon) with the offer of a reminder instead of a goodbye. ``asked``: list every answer
    on the card, in the order asked (only where answers may be kept: the
    card is visible to the household).
    """
    level = assessment.level.label
    number_ssml = strings["meta.emergency_number_ssml"]
    spoken = escape(reasons_text(strings, assessment, answers, SPOKEN_REASONS))
    speech = strings.get(f"levels.{level}.speech", number=number_ssml, reasons=spoken)
    parts = [speech]
    # Urgent and emergency advice carries no reassuring explanation: acting
    # on it matters more. The card lists every cause.
    spoken_causes = SPOKEN_CAUSES if assessment.level <= Urgency.SOON else 0
    for cause in assessment.causes[:spoken_causes]:
        parts.append(escape(strings[f"causes.{cause}"]))
    if assessment.level is not Urgency.EMERGENCY:
        parts.append(strings.get("advice.warning_signs", number=number_ssml))
        parts.append(escape(strings["advice.history"]))
    if assessment.level is Urgency.EMERGENCY:
        closing = strings["levels.emergency.question"]
    elif offer_reminder and assessment.level in (Urgency.URGENT, Urgency.SOON):
        closing = strings[f"reminder.offer_{level}"]
    else:
        closing = None
    parts.append(escape(closing or strings["advice.goodbye"]))
    why = reasons_line(strings, assessment, answers)
    return Recommendation(
        speech=" ".join(parts),
        card_title=strings["card.title"],
        card_text=card_text(strings, assessment, today, why, [(q, answers[q]) for q in asked or []], earlier),
        closing_question=closing,
        screen_level=strings[f"levels.{level}.title"],
        screen_reasons=why,
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
    kept = Assessment(Urgency.from_label(level), tuple(r for r in entry.get("reasons", []) if r in BY_ID))
    spoken = reasons_text(strings, kept, {}, SPOKEN_REASONS)  # the answers are not kept, only the reasons
    if spoken:
        parts.append(strings.get("history.last_reasons", reasons=spoken))
    return escape(" ".join(parts))


def reasons_line(strings: Strings, assessment: Assessment, answers: dict[str, str]) -> str:
    """'Why: the pain is worse at night and ...', every reason, for screens and cards."""
    every = reasons_text(strings, assessment, answers, None)
    return strings.get("card.reasons", reasons=every or strings["card.no_reasons"])


def card_text(
    strings: Strings,
    assessment: Assessment,
    today: date,
    why: str,
    answered: list[tuple[str, str]] = (),
    earlier: date | None = None,
) -> str:
    """The summary a person can show their clinician; ``why`` is the
    ``reasons_line``; ``answered``: (question id, answer) to list in full;
    ``earlier``: the date of a recent, less urgent check."""
    title = strings[f"levels.{assessment.level.label}.title"]
    lines = [strings.get("card.level", title=title), spoken_date(strings, today), why]
    if earlier is not None:
        lines.append(strings.get("history.more_urgent", date=spoken_date(strings, earlier)))
    if assessment.causes:
        causes = " ".join(strings[f"causes.{c}"] for c in assessment.causes)
        lines.append(strings.get("card.causes", causes=causes))
    if assessment.level is not Urgency.EMERGENCY:
        lines.append(plain(strings.get("advice.warning_signs", number=strings["meta.emergency_number_text"])))
    lines.append(strings["card.history"])
    if answered:
        lines.append(strings["card.answers"])
        lines += [f"- {strings.question(q, 'topic')}: {strings[f'card.answer_{a}']}" for q, a in answered]
    lines.append(strings["card.disclaimer"])
    return "\n".join(lines)
