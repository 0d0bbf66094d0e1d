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
    _q("chest_or_breathing", 1),
    _q("limb_weakness", 1),
    _q("walking_difficulty", 1),
    _q("bladder_bowel", 1),
    _q("saddle_numbness", 1),
    _q("numbness_tingling", 1),
    _q("band_pain", 1),
    _q("both_legs", 1),
    _q("cancer_history", 3),
    _q("chemo_now", 3),
    _q("fever_chills", 2),
    _q("pain_new_or_changed", 3),
    _q("known_bone_mets", 2),
    _q("night_pain", 2),
    _q("straining_pain", 2),
    _q("spinal_tenderness", 2),
    _q("severe_pain", 2),
    _q("progressive_pain", 2),
    _q("fall_or_injury", 2),
    _q("weight_loss", 2),
    _q("rest_relief", 2, "no"),
    _q("otc_relief", 2, "no"),
    _q("upper_spine", 2),
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
#: Emergency for anyone: chest pain, breathlessness or fainting (the general script).
GENERAL_SIGNS = ("chest_or_breathing",)
#: Emergency for anyone, whatever the history (cord or cauda equina signs).
CORD_SIGNS = ("limb_weakness", "walking_difficulty", "bladder_bowel", "saddle_numbness", "both_legs")
#: Emergency with a cancer history (or an unknown one): nerve root signs.
NERVE_SIGNS = ("numbness_tingling", "band_pain")

#: The only questions that may be asked together (spec v4, "Grouped
#: questions"), in the order spoken. For the tier-1 pairs a "yes" is acted
#: on at once: both members give the same level and script. The relief
#: pair is asked the reassuring way round ("Does rest, or your usual
#: painkillers, ease the pain?"): see ``REASSURING_PAIRS``.
PAIRS: tuple[tuple[str, str], ...] = (
    ("limb_weakness", "walking_difficulty"),
    ("bladder_bowel", "saddle_numbness"),
    ("night_pain", "straining_pain"),
    ("spinal_tenderness", "severe_pain"),
    ("fall_or_injury", "weight_loss"),
    ("rest_relief", "otc_relief"),
)
#: Pairs whose "yes" means at least one member is reassuring (every member's
#: worrying answer is "no"); "no" still means every member is "no".
REASSURING_PAIRS = frozenset(pair for pair in PAIRS if all(BY_ID[q].worrying is Answer.NO for q in pair))

#: Answers that settle other questions, so that they are never asked:
#: someone who never had cancer has had no cancer treatment (but may take
#: an aromatase inhibitor to prevent it); "old chemo
#: numbness" means chemotherapy was given; a current aromatase inhibitor
#: is a current treatment.
IMPLIED: dict[tuple[str, str], dict[str, str]] = {
    # Not the aromatase inhibitor (also taken to lower the risk of breast
    # cancer, NICE CG164; a fall on it is urgent) nor breast surgery
    # (risk-reducing surgery): spec v4, "Order".
    ("cancer_history", "no"): {
        "known_bone_mets": "no", "chemo_now": "no", "still_in_treatment": "no",
        "chemotherapy": "no", "known_neuropathy": "no", "radiation_therapy": "no",
    },
    ("known_neuropathy", "yes"): {"chemotherapy": "yes"},
    # Not "chemotherapy": chemo_now also covers CDK4/6 inhibitors, antibody
    # drugs and immunotherapy, which are not chemotherapy (no chemo nerve damage).
    ("chemo_now", "yes"): {"still_in_treatment": "yes"},
    ("aromatase_inhibitor", "yes"): {"still_in_treatment": "yes"},
}
#: Answers that settle a question only together: pain or numbness down both
#: legs is a form of numbness or of a shooting (band-like) pain, so a "no"
#: to both of those is a "no" to it (spec v4, ``both_legs``).
IMPLIED_BY_ALL: tuple[tuple[tuple[tuple[str, str], ...], dict[str, str]], ...] = (
    ((("numbness_tingling", "no"), ("band_pain", "no")), {"both_legs": "no"}),
)
#: Aromatase inhibitors by the generic name the interview models resolve a
#: spoken medicine to (CANCER_MEDICINE values): "yes" to aromatase_inhibitor.
AROMATASE_INHIBITOR_NAMES = frozenset({"anastrozole", "letrozole", "exemestane", "aromatase inhibitor"})
#: Asked at once after a "yes", "a little" or "not sure" to either key,
#: before anything else: a "yes" is the cord script, whatever the history.
ASKED_AT_ONCE_AFTER = {"numbness_tingling": "both_legs", "band_pain": "both_legs"}


class Script(StrEnum):
    """Which emergency advice fits the rule that fired (spec v4)."""

    GENERAL = "general"  # chest pain, breathlessness or fainting: the emergency number
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
# published text: the recommendation's subject is named instead. A source
# is cited only for what it says; where a rule goes beyond it, the rule
# says so with ``OWN`` (the project's own safer choice).
NG234 = "NICE NG234 (2023) spinal metastases and MSCC"
NG234_IMMEDIATE = (f"{NG234} (CG75's recognition list): radicular pain, limb weakness, difficulty walking, sensory "
                   "loss or bladder or bowel dysfunction: contact the MSCC team immediately")
NG234_24_HOURS = (f"{NG234} (CG75's recognition list): thoracic or cervical spinal pain, progressive lumbar pain, "
                  "severe unremitting lumbar pain, pain on straining, localised spinal tenderness, nocturnal pain "
                  "preventing sleep: contact the MSCC team within 24 hours")
CG151 = ("NICE CG151 (2012): suspected neutropenic sepsis in anyone on anticancer treatment is an acute medical "
         "emergency")
UKONS = ("UKONS 24-hour triage tool and UK acute oncology hotline advice: call at 37.5 °C or above, below 36 °C, or "
         "when feeling unwell on treatment")
CAUDA = ("GIRFT national suspected cauda equina pathway and BMJ Best Practice, cauda equina syndrome (bilateral "
         "radicular pain, urinary difficulty, altered saddle sensation: emergency department immediately)")
CHEST = ("NHS and American Heart Association public advice (not a clinical guideline): chest pain, struggling to "
         "breathe or collapse: call the emergency number")
ACR = "ACR Appropriateness Criteria, low back pain: red flags"
SPEC = "triage-spec v4"
OWN = "the project's own safer choice"
#: ACR grades imaging, not how soon to be seen: a same-day level on an ACR
#: red flag is the project's own.
ACR_LEVEL = f"{OWN}: same-day contact (ACR grades imaging, not how soon)"
#: A choice that is *less* cautious than its source, made on purpose (alarm
#: fatigue): named as such, never as "safer" (rule-sources-review.md).
OWN_NARROWER = "the project's own choice, narrower than its source"
#: Every rule with a history condition: the guidelines speak of people with
#: cancer; the spec counts "not sure" as a history ("Unknown is never
#: reassuring").
UNSURE_HISTORY = f"{OWN}: an unsure cancer history counts as one"
TREATMENT_CAUSES = (f"{SPEC}, treatment-related causes ({OWN}: no guideline grades their urgency; a review with "
                    "the oncology team within a week or two, because each has treatments)")
#: The cord and cauda equina signs, each with what its sources say. NG234's
#: lists are for people with cancer; the cauda equina pathway is for anyone.
CORD_SOURCES = {
    "limb_weakness": f"{NG234_IMMEDIATE}; {ACR} (progressive motor deficit); {OWN}: an emergency for anyone",
    "walking_difficulty": f"{NG234_IMMEDIATE}; {CAUDA}; {OWN}: an emergency for anyone",
    "bladder_bowel": f"{NG234_IMMEDIATE}; {CAUDA}",
    "saddle_numbness": f"{NG234_IMMEDIATE}; {CAUDA}",
    "both_legs": f"{CAUDA}; {NG234_IMMEDIATE}",
}


@dataclass(frozen=True)
class Rule:
    """One line of the decision rules: fires when every condition holds.

    ``source`` is where the rule comes from (a guideline, or the project's
    own safer choice, named as such); ``rationale`` says why in one line.
    Both are shown in the safety case (``make safety-case``).
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
    _rule("emergency.chest_or_breathing", E, ("w:chest_or_breathing",), f"{CHEST}; {OWN}: asked first, for anyone",
          "New chest pain, struggling to breathe or fainting may be a clot or a heart problem: the emergency "
          "number now.", Script.GENERAL),
    *(
        _rule(f"emergency.{qid}", E, (f"w:{qid}",), CORD_SOURCES[qid],
              "A new cord or cauda equina sign needs emergency care within hours, whatever the history.", Script.CORD)
        for qid in CORD_SIGNS
    ),
    *(
        _rule(f"emergency.{qid}_history", E, (f"w:{qid}", HISTORY), f"{NG234_IMMEDIATE}; {UNSURE_HISTORY}",
              "New nerve root signs after cancer: contact the spinal metastases team immediately.", Script.NERVE)
        for qid in NERVE_SIGNS
    ),
    _rule("emergency.fever_on_treatment", E, ("w:fever_chills", "w:chemo_now"),
          f"{CG151}; {UKONS}; {OWN}: unsure about current treatment counts as on it, and immunotherapy in the last "
          "year counts (UKONS covers it; CG151 is about neutropenia)",
          "Fever, shivering or feeling suddenly unwell on anticancer treatment may be neutropenic sepsis.",
          Script.SEPSIS),
    # 2. urgent. A tier-1 unknown; a tier-1 "yes" is at least as urgent,
    # which covers numbness or band pain without history.
    *(
        _rule(f"urgent.{qid}_unsure", U, (f"u:{qid}",),
              f"{SPEC}, 'Unknown is never reassuring' ({OWN}: no guideline grades an uncertain answer); the sign's "
              f"own source: {CHEST if qid in GENERAL_SIGNS else NG234 + ' / ' + CAUDA}",
              "A possible emergency sign the person cannot rule out needs advice within hours.")
        for qid in TIER_1
    ),
    _rule("urgent.fever", U, ("w:fever_chills",),
          f"{ACR} (fever: spinal infection); {OWN}: same-day advice for anyone",
          "Fever with back pain can mean a spinal infection."),
    _rule("urgent.fever_unsure_on_treatment", U, ("u:fever_chills", "w:chemo_now"),
          f"{CG151}; {UKONS}; {OWN}: take the temperature now, at the market's threshold",
          "Unsure about fever on anticancer treatment: take the temperature now, same-day advice."),
    _rule("urgent.weight_loss_new_pain", U, ("w:weight_loss", NEW_PAIN), f"{ACR}; {ACR_LEVEL}",
          "Unexplained weight loss with new back pain is a red flag for cancer."),
    _rule("urgent.weight_loss_progressive", U, ("w:weight_loss", "w:progressive_pain"), f"{ACR}; {ACR_LEVEL}",
          "Unexplained weight loss with pain that keeps getting worse is a red flag for cancer."),
    _rule("urgent.weight_loss_night", U, ("w:weight_loss", "w:night_pain"), f"{ACR}; {ACR_LEVEL}",
          "Unexplained weight loss with night pain is a red flag for cancer."),
    _rule("urgent.fall_history", U, ("w:fall_or_injury", HISTORY),
          f"{ACR} (minor trauma with a history of cancer); {NG234} (pathological fracture at a metastasis); "
          f"{ACR_LEVEL}; {UNSURE_HISTORY}",
          "After cancer, a minor fall can fracture a weakened vertebra."),
    _rule("urgent.fall_aromatase_inhibitor", U, ("w:fall_or_injury", "w:aromatase_inhibitor"),
          f"{ACR} (minor trauma with osteoporosis risk); NICE NG101 (aromatase inhibitors reduce bone density); "
          f"{ACR_LEVEL}",
          "Aromatase inhibitors thin the bones: a minor fall can cause a fracture."),
    *(
        _rule(f"urgent.{qid}_history", U, (f"w:{qid}", HISTORY), f"{NG234_24_HOURS}; {extra}{UNSURE_HISTORY}",
              rationale)
        for qid, rationale, extra in (
            ("night_pain", "Pain at night or lying flat is a symptom of spinal metastases.",
             f"{OWN}: also pain worse lying down, wider than pain preventing sleep; "),
            ("progressive_pain", "Pain that keeps getting worse is a symptom of spinal metastases.",
             f"{OWN}: progressive pain in any part of the spine, not only lumbar; "),
            ("straining_pain", "Pain on coughing, sneezing or straining is a symptom of spinal metastases.", ""),
            ("spinal_tenderness", "Localised spinal tenderness is a symptom of spinal metastases.", ""),
            ("severe_pain", "Severe, unremitting pain is a symptom of spinal metastases.",
             f"{OWN}: severe unremitting pain in any part of the spine, not only lumbar; "),
        )
    ),
    _rule("urgent.bone_mets_new_pain", U, ("w:known_bone_mets", HISTORY, NEW_PAIN),
          f"{NG234} (the 24-hour list applies to people with cancer, metastases or not); {OWN}: any new or changed "
          f"pain with known bone metastases is a 24-hour sign, listed or not; {UNSURE_HISTORY}",
          "New or changed pain with known bone metastases may be progression or a fracture."),
    _rule("urgent.unremitting_new_pain", U, ("w:rest_relief", "w:otc_relief", HISTORY, NEW_PAIN),
          f"{NG234_24_HOURS} (severe unremitting pain); {OWN}: 'neither rest nor usual painkillers ease it' is taken "
          f"as unremitting, in any part of the spine; {UNSURE_HISTORY}",
          "New pain after cancer that neither rest nor usual painkillers ease is unremitting."),
    _rule("urgent.upper_spine_new_pain", U, ("w:upper_spine", HISTORY, NEW_PAIN),
          f"{NG234_24_HOURS}; {OWN_NARROWER}: the list names thoracic or cervical pain whether new or not; "
          f"{SPEC} sends unchanged long-standing upper-spine pain to soon (alarm fatigue: hazard H23); "
          f"{UNSURE_HISTORY}",
          "New thoracic or cervical spinal pain after cancer, whatever set it off: a fracture often starts with a "
          "lift."),
    # 3. soon. A tier-2 unknown, and (for monotonicity) a tier-2 worrying
    # answer in anyone; this also covers known bone metastases with pain
    # that is not new, and rest or painkillers not easing the pain alone.
    *(
        _rule(f"soon.{qid}", S, (f"u:{qid}",), f"{SPEC}, rule 3 ({OWN}: a worrying answer too, for monotonicity)",
              "A warning sign that is unknown, or present without the context that makes it urgent, needs review.")
        for qid in TIER_2
    ),
    _rule("soon.history_new_pain", S, (HISTORY, NEW_PAIN),
          f"{SPEC}, rule 3 ({OWN}: a review within a week or two; no guideline sets the interval); {NG234} "
          "(spinal metastases are to be thought of in anyone with cancer and back pain)",
          "New back pain after breast cancer deserves a review, even without red flags."),
    _rule("soon.aromatase_inhibitor_joints", S, ("w:aromatase_inhibitor", "w:joint_pain_stiffness"), TREATMENT_CAUSES,
          "Aromatase-inhibitor musculoskeletal syndrome: treatable, worth a review."),
    _rule("soon.surgery_upper_spine", S, ("w:breast_surgery", "w:upper_spine"), TREATMENT_CAUSES,
          "Posture after breast surgery strains the upper back: physiotherapy often helps."),
    _rule("soon.radiation_upper_spine", S, ("w:radiation_therapy", "w:upper_spine"), TREATMENT_CAUSES,
          "Radiation fibrosis stiffens the shoulder and back: worth a review."),
    _rule("soon.chemotherapy_neuropathy", S, ("w:chemotherapy", "w:known_neuropathy"), TREATMENT_CAUSES,
          "Chemotherapy neuropathy can strain the back: there is help for it."),
    _rule("soon.no_trigger", S, (NO_TRIGGER,),
          f"{OWN}: no clear mechanical trigger, for everyone (ACR's red flags are the nearest anchor; none names it)",
          "Back pain with no mechanical trigger is less likely to be a simple strain."),
)

# Treatment-related causes: (cause id, treatment question, pattern question).
CAUSES: tuple[tuple[str, str, str], ...] = (
    ("aromatase_inhibitor_syndrome", "aromatase_inhibitor", "joint_pain_stiffness"),
    ("surgery_posture", "breast_surgery", "upper_spine"),
    ("radiation_fibrosis", "radiation_therapy", "upper_spine"),
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
SCRIPT_PRIORITY = (Script.GENERAL, Script.CORD, Script.SEPSIS, Script.NERVE)


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
