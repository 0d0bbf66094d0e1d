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


# The vocabulary of the spec, in the order the interview prefers to ask it
# when nothing else decides: emergency signs first, then what unlocks the
# most rules.
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
    _q("straining_pain", 2),
    _q("spinal_tenderness", 2),
    _q("severe_pain", 2),
    _q("constant_progressive", 2),
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
CORD_SIGNS = ("limb_weakness", "walking_difficulty", "bladder_bowel", "saddle_numbness")
#: Emergency with a cancer history (or an unknown one): nerve root signs.
NERVE_SIGNS = ("numbness_tingling", "band_pain")

#: The only questions that may be asked together (spec v3, "Grouped
#: questions"), in the order spoken. For the tier-1 pairs a "yes" is acted
#: on at once: both members give the same level and script.
PAIRS: tuple[tuple[str, str], ...] = (
    ("limb_weakness", "walking_difficulty"),
    ("bladder_bowel", "saddle_numbness"),
    ("night_pain", "straining_pain"),
    ("spinal_tenderness", "severe_pain"),
    ("fall_or_injury", "weight_loss"),
)

#: Answers that settle other questions, so that they are never asked:
#: someone who never had cancer has had no cancer treatment (but may take
#: an aromatase inhibitor to prevent it); "old chemo
#: numbness" means chemotherapy was given; a current aromatase inhibitor
#: is a current treatment.
IMPLIED: dict[tuple[str, str], dict[str, str]] = {
    # Not the aromatase inhibitor: anastrozole is also taken to prevent
    # breast cancer (NICE CG164), and a fall on it is urgent.
    ("cancer_history", "no"): {
        "known_bone_mets": "no", "chemo_now": "no", "still_in_treatment": "no",
        "chemotherapy": "no", "known_neuropathy": "no", "radiation_therapy": "no", "breast_surgery": "no",
    },
    ("known_neuropathy", "yes"): {"chemotherapy": "yes"},
    ("chemo_now", "yes"): {"chemotherapy": "yes"},
    ("aromatase_inhibitor", "yes"): {"still_in_treatment": "yes"},
}


class Script(StrEnum):
    """Which emergency advice fits the rule that fired (spec v3)."""

    CORD = "cord"  # call the emergency number: cord or cauda equina signs
    NERVE = "nerve"  # the cancer team's 24-hour line now, else the emergency number
    SEPSIS = "sepsis"  # possible infection during cancer treatment: the 24-hour line now


# -- the rules ------------------------------------------------------------
# "w:id" = the worrying answer (for tier 3, unknown counts as worrying);
# "u:id" = unknown or worrying. "History" = cancer_history yes or unknown,
# "new pain" = pain_new_or_changed yes or unknown: both are tier 3, so
# "w:cancer_history" and "w:pain_new_or_changed" say exactly that.
HISTORY, NEW_PAIN, NO_TRIGGER = "w:cancer_history", "w:pain_new_or_changed", "w:precipitating_event"

# Section numbers are left out where they could not be checked against the
# published text: the recommendation's subject is named instead.
NG234 = "NICE NG234 (2023) spinal metastases and MSCC"
NG234_IMMEDIATE = (f"{NG234}, recognising MSCC: radicular pain, limb weakness, difficulty walking, sensory loss or "
                   "bladder or bowel dysfunction: contact the MSCC team immediately (an oncological emergency)")
NG234_24_HOURS = (f"{NG234}, recognising spinal metastases: thoracic or cervical pain, progressive or severe "
                  "unremitting lumbar pain, pain on straining, localised tenderness, nocturnal pain: contact the "
                  "MSCC team within 24 hours")
CG151 = ("NICE CG151 (2012): suspected neutropenic sepsis in anyone on anticancer treatment is an acute medical "
         "emergency; UKONS 24-hour triage tool (fever within 6 weeks of systemic anticancer therapy)")
CAUDA = "BMJ Best Practice, cauda equina syndrome (red flags: retention, incontinence, saddle anaesthesia)"
ACR = "ACR Appropriateness Criteria, low back pain: red flags"
SPEC = "triage-spec v3"
SAFER = "project: safer than spec"
TREATMENT_CAUSES = (f"{SPEC}, treatment-related causes (no guideline grades their urgency: a routine review with "
                    "the oncology team, because each has treatments)")


@dataclass(frozen=True)
class Rule:
    """One line of the decision rules: fires when every condition holds.

    ``source`` is where the rule comes from (a guideline, or the project's
    own safer-than-spec choice, named as such); ``rationale`` says why in
    one line. Both are shown in the safety case (``make safety-case``).
    """

    id: str
    level: Urgency
    conditions: tuple[str, ...]
    source: str
    rationale: str
    script: Script | None = None

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(c.split(":")[1] for c in self.conditions)


def _rule(id: str, level: Urgency, conditions: tuple[str, ...], source: str, rationale: str, script=None) -> Rule:
    return Rule(id, level, conditions, source, rationale, script)


E, U, S = Urgency.EMERGENCY, Urgency.URGENT, Urgency.SOON
RULES: tuple[Rule, ...] = (
    # 1. emergency
    *(
        _rule(f"emergency.{qid}", E, (f"w:{qid}",), f"{NG234_IMMEDIATE}; {CAUDA}",
              "A new cord or cauda equina sign needs emergency care within hours, whatever the history.", Script.CORD)
        for qid in CORD_SIGNS
    ),
    *(
        _rule(f"emergency.{qid}_history", E, (f"w:{qid}", HISTORY), NG234_IMMEDIATE,
              "New nerve root signs after cancer: contact the spinal metastases team immediately.", Script.NERVE)
        for qid in NERVE_SIGNS
    ),
    _rule("emergency.fever_on_treatment", E, ("w:fever_chills", "w:chemo_now"), CG151,
          "Fever on treatment that lowers blood counts may be neutropenic sepsis: assess within the hour.",
          Script.SEPSIS),
    # 2. urgent. A tier-1 unknown; a tier-1 "yes" is at least as urgent,
    # which covers numbness or band pain without history.
    *(
        _rule(f"urgent.{qid}_unsure", U, (f"u:{qid}",),
              f"{SPEC}, 'Unknown is never reassuring' (the project's safety principle: no guideline grades an "
              f"uncertain answer); the sign's own source: {NG234} / BMJ Best Practice, cauda equina",
              "A possible emergency sign the person cannot rule out needs a same-day assessment.")
        for qid in TIER_1
    ),
    _rule("urgent.fever", U, ("w:fever_chills",),
          f"{ACR} (fever: spinal infection); UKONS 24-hour triage tool (fever after systemic anticancer therapy)",
          "Fever with back pain can mean a spinal infection."),
    _rule("urgent.fever_unsure_on_treatment", U, ("u:fever_chills", "w:chemo_now"),
          f"{CG151}; {SPEC} (take the temperature now: 38 °C / 100.4 °F)",
          "Unsure about fever on treatment that lowers blood counts: take the temperature now, same-day advice."),
    _rule("urgent.weight_loss_new_pain", U, ("w:weight_loss", NEW_PAIN), ACR,
          "Unexplained weight loss with new back pain is a red flag for cancer."),
    _rule("urgent.weight_loss_constant", U, ("w:weight_loss", "w:constant_progressive"), ACR,
          "Unexplained weight loss with constant, worsening pain is a red flag for cancer."),
    _rule("urgent.weight_loss_night", U, ("w:weight_loss", "w:night_pain"), ACR,
          "Unexplained weight loss with night pain is a red flag for cancer."),
    _rule("urgent.fall_history", U, ("w:fall_or_injury", HISTORY),
          f"{ACR} (minor trauma with a history of cancer); {NG234} (pathological fracture at a metastasis)",
          "After cancer, a minor fall can fracture a weakened vertebra."),
    _rule("urgent.fall_aromatase_inhibitor", U, ("w:fall_or_injury", "w:aromatase_inhibitor"),
          f"{ACR} (minor trauma with osteoporosis risk); NICE NG101 (aromatase inhibitors reduce bone density)",
          "Aromatase inhibitors thin the bones: a minor fall can cause a fracture."),
    *(
        _rule(f"urgent.{qid}_history", U, (f"w:{qid}", HISTORY), NG234_24_HOURS, rationale)
        for qid, rationale in (
            ("night_pain", "Pain at night or lying flat is a symptom of spinal metastases (NG234)."),
            ("constant_progressive", "Progressive, unremitting spinal pain is a symptom of spinal metastases."),
            ("straining_pain", "Pain on coughing, sneezing or straining is a symptom of spinal metastases."),
            ("spinal_tenderness", "Localised spinal tenderness is a symptom of spinal metastases."),
            ("severe_pain", "Severe, unremitting pain is a symptom of spinal metastases."),
        )
    ),
    _rule("urgent.bone_mets_new_pain", U, ("w:known_bone_mets", HISTORY, NEW_PAIN),
          f"{NG234}: new or worsening spinal pain with known metastases: contact the MSCC / acute oncology team "
          "within 24 hours",
          "New or changed pain with known bone metastases may be progression or a fracture."),
    _rule("urgent.no_rest_relief_new_pain", U, ("w:rest_relief", HISTORY, NEW_PAIN), NG234_24_HOURS,
          "New pain after cancer that rest does not ease is not mechanical."),
    _rule("urgent.no_painkiller_relief_new_pain", U, ("w:otc_relief", HISTORY, NEW_PAIN), NG234_24_HOURS,
          "New pain after cancer that usual painkillers do not ease needs assessment."),
    _rule("urgent.upper_back_new_pain", U, ("w:upper_back_shoulder", HISTORY, NEW_PAIN), NG234_24_HOURS,
          "NG234 lists new thoracic or cervical pain whatever set it off: a fracture often starts with a lift."),
    # 3. soon. A tier-2 unknown, and (safer than the spec, for
    # monotonicity) a tier-2 worrying answer in anyone; this also covers
    # known bone metastases with pain that is not new.
    *(
        _rule(f"soon.{qid}", S, (f"u:{qid}",), f"{SPEC}, rule 3; {SAFER}: a worrying answer too, for monotonicity",
              "A warning sign that is unknown, or present without the context that makes it urgent, needs review.")
        for qid in TIER_2
    ),
    _rule("soon.history_new_pain", S, (HISTORY, NEW_PAIN),
          f"{SPEC}, rule 3 (a review within a week or two); {NG234} (consider spinal metastases in anyone with "
          "cancer and new back pain)",
          "New back pain after breast cancer deserves a review, even without red flags."),
    _rule("soon.aromatase_inhibitor_joints", S, ("w:aromatase_inhibitor", "w:joint_pain_stiffness"), TREATMENT_CAUSES,
          "Aromatase-inhibitor musculoskeletal syndrome: treatable, worth a review."),
    _rule("soon.surgery_upper_back", S, ("w:breast_surgery", "w:upper_back_shoulder"), TREATMENT_CAUSES,
          "Posture after breast surgery strains the upper back: physiotherapy often helps."),
    _rule("soon.radiation_upper_back", S, ("w:radiation_therapy", "w:upper_back_shoulder"), TREATMENT_CAUSES,
          "Radiation fibrosis stiffens the shoulder and back: worth a review."),
    _rule("soon.chemotherapy_neuropathy", S, ("w:chemotherapy", "w:known_neuropathy"), TREATMENT_CAUSES,
          "Chemotherapy neuropathy can strain the back: there is help for it."),
    _rule("soon.no_trigger", S, (NO_TRIGGER,), f"{ACR}; {SAFER}: for everyone, not only without history",
          "Back pain with no mechanical trigger is less likely to be a simple strain."),
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


def _compile(conditions: tuple[str, ...]) -> tuple[int, int]:
    """Bit masks of the questions needing degree >= 1 and degree >= 2."""
    at_least_1 = at_least_2 = 0
    for condition in conditions:
        qid, degree = _min_degree(condition)
        if degree == 1:
            at_least_1 |= BIT[qid]
        else:
            at_least_2 |= BIT[qid]
    return at_least_1, at_least_2


#: (level, mask >= 1, mask >= 2, question ids, rule), most urgent first.
RULE_MASKS: tuple[tuple[Urgency, int, int, tuple[str, ...], Rule], ...] = tuple(
    (rule.level, *_compile(rule.conditions), rule.questions, rule)
    for rule in sorted(RULES, key=lambda r: -r.level)
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


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


def answer_bits(qid: str, value: str) -> tuple[int, int, int]:
    """(answered, degree >= 1, degree == 2) bits of one answer."""
    bit, degrees = _ANSWER_BITS[qid]
    return (bit, *degrees[value])


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
    for level, m1, m2, _, _ in RULE_MASKS:
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
    """The decision: level, the question ids that set it, the rules that
    fired at that level, likely causes, and for an emergency the script to
    speak (with the others that also fired, whose needs it adds)."""

    level: Urgency
    reasons: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    script: Script | None = None
    also: tuple[Script, ...] = ()


#: When several emergency scripts fit, the first of these is spoken.
SCRIPT_PRIORITY = (Script.CORD, Script.SEPSIS, Script.NERVE)


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
    fired: list[Rule] = []
    for rule_level, m1, m2, ids, rule in RULE_MASKS:
        if rule_level == level and at_least_1 & m1 == m1 and at_least_2 & m2 == m2:
            reasons.update(dict.fromkeys(ids))
            fired.append(rule)
    causes = tuple(
        cause
        for cause, treatment, pattern in CAUSES
        if at_least_2 & BIT[treatment] and at_least_1 & BIT[pattern]  # treatment yes; symptom not denied
    )
    scripts = {rule.script for rule in fired if rule.script is not None}
    ordered = tuple(s for s in SCRIPT_PRIORITY if s in scripts)
    return Assessment(
        level, tuple(reasons), causes, tuple(rule.id for rule in fired), ordered[0] if ordered else None, ordered[1:]
    )
