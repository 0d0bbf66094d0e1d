"""The interview: which question comes next, and the moves a person can make.

Pure Python with no Alexa import. The state is a plain dict so that it can
live in session attributes under the stable key ``triage`` (see the
conversation contract in ``shared/triage-spec.md``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .triage import (
    ALL_BITS,
    BIT,
    BY_ID,
    CAUSES,
    QUESTIONS,
    RULE_MASKS,
    Answer,
    Assessment,
    Urgency,
    Worry,
    answer_masks,
    assessment_of,
    level_of,
)

#: Assumed chance that an answer is not reassuring, by tier: 25% for a sign
#: (the generated population of reports/questions.py), 40% for a context
#: question (its survivor population: treatments are common, and most back
#: pain has no clear trigger). Orders questions only; never decides a level.
_RAISE_CHANCE = {1: 0.25, 2: 0.25, 3: 0.4}


def level_range(answers: Mapping[str, str]) -> tuple[Urgency, Urgency]:
    """The least and most urgent levels the remaining questions could give."""
    least, most = _bounds(*answer_masks(answers))
    return level_of(least), level_of(most)


def _bounds(answered: int, d1: int, d2: int) -> tuple[Worry, Worry]:
    """The answers with every unasked question at its least and at its most
    worrying: the level is settled when both give the same."""
    unanswered = ALL_BITS & ~answered
    return Worry(d1, d2), Worry(d1 | unanswered, d2 | unanswered)


def _nearest(rules: list[int]) -> int:
    """The open questions of the rules closest to firing (fewest open)."""
    fewest = min(bits.bit_count() for bits in rules)
    nearest = 0
    for bits in rules:
        if bits.bit_count() == fewest:
            nearest |= bits
    return nearest


def next_question(answers: Mapping[str, str]) -> str | None:
    """The id of the next question to ask, or None when the check is done.

    Only questions of rules that could still raise the level are asked
    ("alive" rules). Among them: the most urgent rules first, then the rules
    closest to firing, then the question that the most of those rules share,
    then the vocabulary's order. So the emergency signs come first, and a
    "yes" to new numbness is followed by the history question that decides
    whether it is an emergency. Once only routine-or-soon is open, the
    cause phase's questions come first (see ``_routine_or_soon_question``).
    The answer is a pure function of the answers' bit masks, so it is
    cached across turns and people.
    """
    return _next_question(*answer_masks(answers))


@lru_cache(maxsize=65536)
def _next_question(answered: int, d1: int, d2: int) -> str | None:
    least, worst = _bounds(answered, d1, d2)
    unanswered = ALL_BITS & ~answered
    floor = level_of(least)
    if floor == level_of(worst):
        return _cause_question(answered, d2) if floor <= Urgency.SOON else None
    alive = [
        (level, (m1 | m2) & unanswered)
        for level, m1, m2, _ in RULE_MASKS
        if level > floor and worst.at_least_1 & m1 == m1 and worst.at_least_2 & m2 == m2
    ]
    top = max(level for level, _ in alive)
    open_bits = [bits for level, bits in alive if level == top]
    if top is Urgency.EMERGENCY:
        sign = _next_emergency_sign(answered, alive)
        if sign is not None:
            return sign
    if top <= Urgency.SOON:
        return _routine_or_soon_question(open_bits, _cause_bits(answered, d2))
    nearest = _nearest(open_bits)
    candidates = [q.id for q in QUESTIONS if BIT[q.id] & nearest]
    return max(candidates, key=lambda qid: sum(1 for bits in open_bits if BIT[qid] & bits))


#: The emergency signs in the order asked. Numbness and band-like pain come
#: before the last cord sign because each needs a second answer (cancer
#: history) to be an emergency: so every one of the six reaches the
#: emergency advice within 6 answers (with numbness or band pain last, the
#: later of them would need 7), while the first three cord signs keep
#: their place.
EMERGENCY_SIGNS = (
    "limb_weakness", "walking_difficulty", "bladder_bowel", "numbness_tingling", "band_pain", "saddle_numbness",
)


_SIGN_BITS = sum(BIT[qid] for qid in EMERGENCY_SIGNS)


def _next_emergency_sign(answered: int, alive: list[tuple[Urgency, int]]) -> str | None:
    """The next emergency sign in ``EMERGENCY_SIGNS`` order, unless an
    emergency is one other answer away (after a "yes" to numbness, the
    history question; after fever, chemotherapy now): that comes first.
    None once the signs are asked."""
    emergency = [bits for level, bits in alive if level is Urgency.EMERGENCY]
    waiting = [bits for bits in emergency if bits.bit_count() == 1 and not bits & _SIGN_BITS]
    if waiting:
        return next(q.id for q in QUESTIONS if BIT[q.id] & waiting[0])
    for qid in EMERGENCY_SIGNS:
        if not answered & BIT[qid] and any(bits & BIT[qid] for bits in emergency):
            return qid
    return None


def _routine_or_soon_question(open_bits: list[int], cause_bits: int) -> str:
    """The next question once only routine-or-soon is left to decide.

    The result will then be soon or routine, so the cause phase will ask its
    questions anyway: those that can also raise the level come first, at no
    extra cost, and may end the interview before the other open questions.
    Then the rules closest to firing, and among their questions the one most
    likely to raise the level (the chance of a non-reassuring answer).
    """
    rules = [bits for bits in open_bits if bits & cause_bits] or open_bits
    nearest = _nearest(rules)
    if nearest & cause_bits:
        nearest &= cause_bits
    candidates = [q for q in QUESTIONS if BIT[q.id] & nearest]
    return max(candidates, key=lambda q: (_RAISE_CHANCE[q.tier], sum(1 for bits in rules if BIT[q.id] & bits))).id


def _cause_steps(answered: int, worrying: int) -> Iterator[str]:
    """The cause phase's questions still due, in order: for each treatment
    not already denied, the symptom first, then the treatment only if the
    symptom is a yes. A denied (or unknown) treatment cannot be named, so its
    symptom is not asked for its sake."""
    for _, treatment, pattern in CAUSES:
        if answered & BIT[treatment] and not worrying & BIT[treatment]:
            continue
        if not answered & BIT[pattern]:
            yield pattern
        elif worrying & BIT[pattern] and not answered & BIT[treatment]:
            yield treatment


def _cause_bits(answered: int, worrying: int) -> int:
    """The questions the cause phase will ask whatever the other answers."""
    bits = 0
    for qid in _cause_steps(answered, worrying):
        bits |= BIT[qid]
    return bits


def _cause_question(answered: int, worrying: int) -> str | None:
    """Once the level is settled at soon or routine, the few questions that
    can explain the pain by its treatment (see ``_cause_steps``). Urgent and
    emergency results skip this: acting on them matters more than
    explaining them.
    """
    return next(_cause_steps(answered, worrying), None)


def settled_assessment(answers: Mapping[str, str]) -> Assessment:
    """The result of a finished interview.

    Unasked questions could not change the level, so they are filled with
    their reassuring value: the reasons then name only what was answered.
    """
    answered, d1, d2 = answer_masks(answers)
    least, most = _bounds(answered, d1, d2)
    if level_of(least) != level_of(most):
        raise ValueError("the interview has not settled the level yet")
    return assessment_of(d1, d2)


@dataclass
class Interview:
    """One check under way: the questions asked, in order, and the answers."""

    asked: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    question: str | None = None
    urgency: str | None = None
    reasons: list[str] = field(default_factory=list)
    _result: Assessment | None = field(default=None, compare=False, repr=False)

    # -- life cycle -------------------------------------------------------
    @classmethod
    def start(cls) -> Interview:
        interview = cls()
        interview._advance()
        return interview

    @classmethod
    def answered_from(cls, truth: Mapping[str, str]) -> Interview:
        """The whole check of someone whose answers are ``truth`` (every
        question id to yes/no/unknown): for simulations and reports."""
        interview = cls.start()
        while not interview.finished:
            interview.answer(truth[interview.question])
        return interview

    @property
    def finished(self) -> bool:
        return self.urgency is not None

    @property
    def level(self) -> Urgency | None:
        return Urgency.from_label(self.urgency) if self.urgency else None

    def assessment(self) -> Assessment:
        """The result of the finished check (computed once)."""
        if self._result is None:
            self._result = settled_assessment(self.answers)
        return self._result

    # -- moves ----------------------------------------------------------
    def answer(self, value: Answer | str) -> None:
        """Record the answer to the current question and move on."""
        if self.question is None:
            raise ValueError("no question is waiting for an answer")
        self.answers[self.question] = Answer(value).value
        self.asked.append(self.question)
        self._advance()

    def answer_worrying(self) -> None:
        """'A little', 'sometimes', 'partly': the worrying side of the question."""
        if self.question is None:
            raise ValueError("no question is waiting for an answer")
        self.answer(BY_ID[self.question].worrying)

    def go_back(self) -> bool:
        """Undo the last answer and ask that question again.

        Returns False when there was nothing to undo.
        """
        if not self.asked:
            return False
        last = self.asked.pop()
        self.answers.pop(last, None)
        self.question = last
        self.urgency = None
        self.reasons = []
        self._result = None
        return True

    def _advance(self) -> None:
        self.question = next_question(self.answers)
        self._result = None
        if self.question is None:
            result = self.assessment()
            self.urgency = result.level.label
            self.reasons = list(result.reasons)
        else:
            self.urgency = None
            self.reasons = []

    # -- session attributes ----------------------------------------------
    def to_attributes(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "asked": list(self.asked),
            "answers": dict(self.answers),
            "urgency": self.urgency,
            "reasons": list(self.reasons),
        }

    @classmethod
    def from_attributes(cls, data: Mapping[str, Any] | None) -> Interview | None:
        """Rebuild from session attributes; None if absent or unusable.

        Data from the wire is checked, not trusted: unknown ids and values
        are dropped and the next question is recomputed.
        """
        if not isinstance(data, Mapping):
            return None
        raw_answers = data.get("answers")
        raw_asked = data.get("asked")
        if not isinstance(raw_answers, Mapping) or not isinstance(raw_asked, list):
            return None
        asked = [q for q in raw_asked if isinstance(q, str) and q in BY_ID]
        answers = {q: v for q, v in raw_answers.items() if q in asked and v in ("yes", "no", "unknown")}
        asked = [q for q in dict.fromkeys(asked) if q in answers]
        interview = cls(asked=asked, answers=answers)
        interview._advance()
        return interview
