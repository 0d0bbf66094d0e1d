"""Triage rules: answers in, an urgency level with its reasons out.

Pure and deterministic (no Alexa, no I/O) so that it can be tested
exhaustively. The rules follow ``shared/triage-spec.md`` and are written
below as data, one line per rule; where the spec left a gap that broke
monotonicity we chose the safer level (README, "How it decides").

Every answer has a *degree of worry*: 0 reassuring, 1 unknown, 2 the
worrying answer. A rule is a conjunction of "question at least degree k";
this keeps every rule monotone by construction and lets the engine work on
two bit masks, fast enough to re-run at every turn for the early stop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from functools import lru_cache


class Urgency(IntEnum):
    """Ordered levels: a higher value is more urgent."""

    ROUTINE = 0
    SOON = 1
    URGENT = 2
    EMERGENCY = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> Urgency:
        return cls[label.upper()]


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Question:
    id: str
    tier: int
    worrying: Answer

    @property
    def reassuring(self) -> Answer:
        return Answer.NO if self.worrying is Answer.YES else Answer.YES


def _q(id: str, tier: int, worrying: str = "yes") -> Question:
    return Question(id, tier, Answer(worrying))


# The vocabulary of the spec, in the order the interview prefers to ask it:
# emergency signs first, then what unlocks the most rules.
QUESTIONS: tuple[Question, ...] = (
    _q("limb_weakness", 1),
    _q("walking_difficulty", 1),
    _q("bladder_bowel", 1),
    _q("saddle_numbness", 1),
    _q("numbness_tingling", 1),
    _q("band_pain", 1),
    _q("cancer_history", 3),
    _q("fever_chills", 2),
    _q("chemo_now", 3),
    _q("pain_new_or_changed", 3),
    _q("known_bone_mets", 2),
    _q("night_pain", 2),
    _q("constant_progressive", 2),
    _q("straining_pain", 2),
    _q("fall_or_injury", 2),
    _q("weight_loss", 2),
    _q("rest_relief", 2, "no"),
    _q("otc_relief", 2, "no"),
    _q("upper_back_shoulder", 2),
    _q("precipitating_event", 3, "no"),
    _q("aromatase_inhibitor", 3),
    _q("joint_pain_stiffness", 3),
    _q("breast_surgery", 3),
    _q("radiation_therapy", 3),
    _q("chemotherapy", 3),
    _q("known_neuropathy", 3),
    _q("still_in_treatment", 3),
)
BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
BIT: dict[str, int] = {q.id: 1 << i for i, q in enumerate(QUESTIONS)}
ALL_BITS = (1 << len(QUESTIONS)) - 1
TIER_1 = tuple(q.id for q in QUESTIONS if q.tier == 1)
TIER_2 = tuple(q.id for q in QUESTIONS if q.tier == 2)
TIER_3 = tuple(q.id for q in QUESTIONS if q.tier == 3)
#: Emergency for anyone, whatever the history (cord or cauda equina signs).
UNCONDITIONAL_EMERGENCY_SIGNS = ("limb_weakness", "walking_difficulty", "bladder_bowel", "saddle_numbness")

# -- the rules ------------------------------------------------------------
# "w:id" = the worrying answer (for tier 3, unknown counts as worrying);
# "u:id" = unknown or worrying. "History" = cancer_history yes or unknown,
# "new pain" = pain_new_or_changed yes or unknown: both are tier 3, so
# "w:cancer_history" and "w:pain_new_or_changed" say exactly that.
HISTORY, NEW_PAIN, NO_TRIGGER = "w:cancer_history", "w:pain_new_or_changed", "w:precipitating_event"

RULES: tuple[tuple[Urgency, tuple[str, ...]], ...] = (
    # 1. emergency
    *((Urgency.EMERGENCY, (f"w:{qid}",)) for qid in UNCONDITIONAL_EMERGENCY_SIGNS),
    (Urgency.EMERGENCY, ("w:numbness_tingling", HISTORY)),
    (Urgency.EMERGENCY, ("w:band_pain", HISTORY)),
    (Urgency.EMERGENCY, ("w:fever_chills", "w:chemo_now")),
    # 2. urgent. A tier-1 unknown; a tier-1 "yes" is at least as urgent,
    # which covers numbness or band pain without history.
    *((Urgency.URGENT, (f"u:{qid}",)) for qid in TIER_1),
    (Urgency.URGENT, ("w:fever_chills",)),
    (Urgency.URGENT, ("w:weight_loss", NEW_PAIN)),
    (Urgency.URGENT, ("w:weight_loss", "w:constant_progressive")),
    (Urgency.URGENT, ("w:weight_loss", "w:night_pain")),
    (Urgency.URGENT, ("w:fall_or_injury", HISTORY)),
    (Urgency.URGENT, ("w:fall_or_injury", "w:aromatase_inhibitor")),
    (Urgency.URGENT, ("w:night_pain", HISTORY)),
    (Urgency.URGENT, ("w:constant_progressive", HISTORY)),
    (Urgency.URGENT, ("w:straining_pain", HISTORY)),
    (Urgency.URGENT, ("w:known_bone_mets", HISTORY)),
    (Urgency.URGENT, ("w:rest_relief", HISTORY, NEW_PAIN)),
    (Urgency.URGENT, ("w:otc_relief", HISTORY, NEW_PAIN)),
    (Urgency.URGENT, ("w:upper_back_shoulder", NO_TRIGGER, HISTORY, NEW_PAIN)),
    # 3. soon. A tier-2 unknown, and (safer than the spec, for
    # monotonicity) a tier-2 worrying answer in anyone.
    *((Urgency.SOON, (f"u:{qid}",)) for qid in TIER_2),
    (Urgency.SOON, (HISTORY, NEW_PAIN)),
    (Urgency.SOON, ("w:aromatase_inhibitor", "w:joint_pain_stiffness")),
    (Urgency.SOON, ("w:breast_surgery", "w:upper_back_shoulder")),
    (Urgency.SOON, ("w:radiation_therapy", "w:upper_back_shoulder")),
    (Urgency.SOON, ("w:chemotherapy", "w:known_neuropathy")),
    # The spec says "no history but ... no clear trigger"; we apply it to
    # everyone, since a history only ever raises the level.
    (Urgency.SOON, (NO_TRIGGER,)),
)

# Treatment-related causes: (cause id, treatment question, pattern question).
CAUSES: tuple[tuple[str, str, str], ...] = (
    ("aromatase_inhibitor_syndrome", "aromatase_inhibitor", "joint_pain_stiffness"),
    ("surgery_posture", "breast_surgery", "upper_back_shoulder"),
    ("radiation_fibrosis", "radiation_therapy", "upper_back_shoulder"),
    ("chemotherapy_neuropathy", "chemotherapy", "known_neuropathy"),
)


def _min_degree(condition: str) -> tuple[str, int]:
    kind, qid = condition.split(":")
    if kind == "u" or BY_ID[qid].tier == 3:
        return qid, 1
    return qid, 2


def _compile(conditions: tuple[str, ...]) -> tuple[int, int, tuple[str, ...]]:
    """Bit masks of the questions needing degree >= 1 and degree >= 2."""
    at_least_1 = at_least_2 = 0
    for condition in conditions:
        qid, degree = _min_degree(condition)
        if degree == 1:
            at_least_1 |= BIT[qid]
        else:
            at_least_2 |= BIT[qid]
    return at_least_1, at_least_2, tuple(c.split(":")[1] for c in conditions)


RULE_MASKS = tuple((level, *_compile(conds)) for level, conds in sorted(RULES, key=lambda r: -r[0]))


# -- answers as masks -------------------------------------------------------
@dataclass(frozen=True)
class Worry:
    """Answers as two masks: questions at degree >= 1 and at degree >= 2."""

    at_least_1: int
    at_least_2: int

    @classmethod
    def of(cls, answers: Mapping[str, str], *, missing: int = 1) -> Worry:
        """``missing``: the degree given to unanswered questions (0, 1 or 2)."""
        answered, d1, d2 = answer_masks(answers)
        unanswered = ALL_BITS & ~answered
        if missing >= 1:
            d1 |= unanswered
        if missing == 2:
            d2 |= unanswered
        return cls(d1, d2)


# For each question: its bit, and the masks an answer adds (degree >= 1, == 2).
_ANSWER_BITS = {
    q.id: (
        BIT[q.id],
        {q.worrying.value: (BIT[q.id], BIT[q.id]), "unknown": (BIT[q.id], 0), q.reassuring.value: (0, 0)},
    )
    for q in QUESTIONS
}


def answer_masks(answers: Mapping[str, str]) -> tuple[int, int, int]:
    """(answered, degree >= 1, degree == 2) bit masks of the given answers;
    ids or values outside the vocabulary are ignored."""
    answered = d1 = d2 = 0
    for qid, value in answers.items():
        entry = _ANSWER_BITS.get(qid)
        if entry is None or value not in entry[1]:
            continue
        answered |= entry[0]
        a1, a2 = entry[1][value]
        d1 |= a1
        d2 |= a2
    return answered, d1, d2


@lru_cache(maxsize=65536)
def _level(at_least_1: int, at_least_2: int) -> Urgency:
    for level, m1, m2, _ in RULE_MASKS:
        if at_least_1 & m1 == m1 and at_least_2 & m2 == m2:
            return level
    return Urgency.ROUTINE


def level_of(answers: Mapping[str, str] | Worry) -> Urgency:
    """The level alone (unanswered questions count as unknown)."""
    worry = answers if isinstance(answers, Worry) else Worry.of(answers)
    return _level(worry.at_least_1, worry.at_least_2)


# -- the decision -----------------------------------------------------------
@dataclass(frozen=True)
class Assessment:
    """The decision: level, the question ids that set it, likely causes."""

    level: Urgency
    reasons: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()


def assess(answers: Mapping[str, str], *, missing: int = 1) -> Assessment:
    """Decide the level for ``answers`` (question id -> yes/no/unknown).

    Unanswered questions count as unknown (``missing=1``): never
    reassuring. ``reasons`` are the question ids of every rule that fired at
    the decided level, in rule order, so the most decisive comes first.
    ``causes``: treatment-related explanations that fit, only on a confirmed
    "yes" to the treatment, so that we never name a drug the person may not
    take.
    """
    worry = Worry.of(answers, missing=missing)
    return assessment_of(worry.at_least_1, worry.at_least_2)


@lru_cache(maxsize=65536)
def assessment_of(at_least_1: int, at_least_2: int) -> Assessment:
    """``assess`` on the answers' masks (a pure function: cached)."""
    level = _level(at_least_1, at_least_2)
    reasons: dict[str, None] = {}
    for rule_level, m1, m2, ids in RULE_MASKS:
        if rule_level == level and at_least_1 & m1 == m1 and at_least_2 & m2 == m2:
            reasons.update(dict.fromkeys(ids))
    causes = tuple(
        cause
        for cause, treatment, pattern in CAUSES
        if at_least_2 & BIT[treatment] and at_least_1 & BIT[pattern]  # treatment yes; symptom not denied
    )
    return Assessment(level, tuple(reasons), causes)
