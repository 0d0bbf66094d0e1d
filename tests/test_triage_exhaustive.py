"""Every combination of tier-1 and tier-2 answers, for a few tier-3 profiles.

Two proofs, each against an independent transcription of the spec's rules
(``spec_level``), evaluated with numpy:

1. The engine's rule table gives the spec's level for every combination.
   3^18 combinations per profile are too many, so the interchangeable
   signs (the four cord signs; numbness and band-like pain) are enumerated
   up to order, which a structural test licenses: the rule table maps to
   itself when they are swapped.
2. The interview, with its pairs, reaches the spec's level for every
   combination. The interview is a decision tree: each combination follows
   exactly one path (a pair answered "yes" if any member is present, else
   "not sure" if any is unknown, else "no"). So every leaf is checked: the
   spec's level is the same for the least and the most worrying values of
   every question the path did not ask, and equals the interview's. The
   spec's rules are monotone (each a conjunction of "at least" conditions),
   so every combination that reaches the leaf gets that level.
"""

import itertools

import numpy as np
import pytest

from skill.conversation import Interview
from skill.triage import (
    BIT,
    BY_ID,
    CORD_SIGNS,
    NERVE_SIGNS,
    QUESTIONS,
    RULE_MASKS,
    TIER_1,
    TIER_2,
    TIER_3,
    Urgency,
    _level,
    answer_masks,
)

SIGNS = TIER_1 + TIER_2
PROFILES = {
    "survivor on treatment, new pain, no trigger": {
        "cancer_history": 2, "chemo_now": 0, "pain_new_or_changed": 2, "precipitating_event": 2,
        "aromatase_inhibitor": 2, "joint_pain_stiffness": 2, "breast_surgery": 2, "radiation_therapy": 2,
        "chemotherapy": 2, "known_neuropathy": 0, "still_in_treatment": 2,
    },
    "no history, mechanical strain": {qid: 0 for qid in TIER_3} | {"pain_new_or_changed": 2},
    "every context question unknown": {qid: 1 for qid in TIER_3},
    "every context answer reassuring": {qid: 0 for qid in TIER_3},
}
VALUE = {0: "reassuring", 1: "unknown", 2: "worrying"}


def answer_of(qid: str, degree: int) -> str:
    q = BY_ID[qid]
    return (q.reassuring.value, "unknown", q.worrying.value)[degree]


def spec_level(d: dict[str, np.ndarray]) -> np.ndarray:
    """The spec's rules (v3) over degrees (0 reassuring, 1 unknown, 2
    worrying), written out independently of the engine's rule table."""

    def w(qid):  # the worrying answer; for tier 3, unknown counts too
        return d[qid] >= (1 if BY_ID[qid].tier == 3 else 2)

    def u(qid):
        return d[qid] >= 1

    hist, new = w("cancer_history"), w("pain_new_or_changed")
    emergency = (
        w("limb_weakness") | w("walking_difficulty") | w("bladder_bowel") | w("saddle_numbness")
        | ((w("numbness_tingling") | w("band_pain")) & hist)
        | (w("fever_chills") & w("chemo_now"))
    )
    urgent = (
        np.logical_or.reduce([u(q) for q in TIER_1])
        | w("fever_chills")
        | (u("fever_chills") & w("chemo_now"))
        | (w("weight_loss") & (new | w("progressive_pain") | w("night_pain")))
        | (w("fall_or_injury") & (hist | w("aromatase_inhibitor")))
        | (hist & (w("night_pain") | w("progressive_pain") | w("straining_pain") | w("spinal_tenderness")
                   | w("severe_pain")))
        | (hist & new & (w("known_bone_mets") | w("rest_relief") | w("otc_relief") | w("upper_spine")))
    )
    soon = (
        np.logical_or.reduce([u(q) for q in TIER_2])  # a tier-2 unknown (and, safer, a worrying answer)
        | (hist & new)
        | (w("aromatase_inhibitor") & w("joint_pain_stiffness"))
        | ((w("breast_surgery") | w("radiation_therapy")) & w("upper_spine"))
        | (w("chemotherapy") & w("known_neuropathy"))
        | w("precipitating_event")  # no clear trigger: for everyone (a history only raises)
    )
    return np.select([emergency, urgent, soon], [3, 2, 1], default=0)


def engine_level(d: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    at_least_1 = sum(np.where(d[q] >= 1, BIT[q], 0) for q in d).astype(np.int64)
    at_least_2 = sum(np.where(d[q] == 2, BIT[q], 0) for q in d).astype(np.int64)
    level = np.zeros(len(at_least_1), dtype=np.int64)
    for rule_level, m1, m2, _, _ in RULE_MASKS:
        fired = ((at_least_1 & m1) == m1) & ((at_least_2 & m2) == m2)
        level = np.maximum(level, np.where(fired, int(rule_level), 0))
    return level, at_least_1, at_least_2


def _swapped(mapping: dict[str, str]) -> set[tuple[int, int, int]]:
    def image(mask: int) -> int:
        out = 0
        for qid, bit in BIT.items():
            if mask & bit:
                out |= BIT[mapping.get(qid, qid)]
        return out

    return {(int(level), image(m1), image(m2)) for level, m1, m2, _, _ in RULE_MASKS}


@pytest.mark.parametrize("group", [CORD_SIGNS, NERVE_SIGNS])
def test_the_interchangeable_signs_play_the_same_part_in_every_rule(group):
    """Licence for enumerating them up to order: swapping any two maps the
    rule table onto itself."""
    table = {(int(level), m1, m2) for level, m1, m2, _, _ in RULE_MASKS}
    for a, b in itertools.combinations(group, 2):
        assert _swapped({a: b, b: a}) == table


TIER_2_GRID = np.array(list(itertools.product((0, 1, 2), repeat=len(TIER_2))), dtype=np.int8)
TIER_1_UP_TO_ORDER = [
    dict(zip(CORD_SIGNS, cord, strict=True)) | dict(zip(NERVE_SIGNS, nerve, strict=True))
    for cord in itertools.combinations_with_replacement((0, 1, 2), len(CORD_SIGNS))
    for nerve in itertools.combinations_with_replacement((0, 1, 2), len(NERVE_SIGNS))
]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_tier_1_and_tier_2_combination_gets_the_spec_level(profile):
    rng = np.random.default_rng(0)
    n = len(TIER_2_GRID)
    seen = set()
    for tier_1 in TIER_1_UP_TO_ORDER:
        d = {qid: np.full(n, PROFILES[profile][qid], dtype=np.int8) for qid in TIER_3}
        d |= {qid: np.full(n, v, dtype=np.int8) for qid, v in tier_1.items()}
        d |= {qid: TIER_2_GRID[:, i] for i, qid in enumerate(TIER_2)}
        engine, a1, a2 = engine_level(d)
        expected = spec_level(d)
        mismatch = np.flatnonzero(engine != expected)
        assert mismatch.size == 0, {q: VALUE[int(d[q][mismatch[0]])] for q in SIGNS}
        for i in rng.choice(n, 20, replace=False):
            assert _level.__wrapped__(int(a1[i]), int(a2[i])) == engine[i]
        seen.update(np.unique(engine).tolist())
    assert max(seen) == Urgency.EMERGENCY


def test_the_spec_transcription_and_the_engine_agree_on_all_unknown():
    d = {qid: np.array([1], dtype=np.int8) for qid in SIGNS + TIER_3}
    assert engine_level(d)[0][0] == spec_level(d)[0] == Urgency.URGENT


# -- the interview, as a decision tree ---------------------------------------------
def interview_leaves(profile: dict[str, int]) -> list[Interview]:
    """Every finished interview: tier-3 questions answered from the profile,
    every other question (one, or a pair) answered each of three ways."""
    leaves, stack = [], [Interview.start()]
    while stack:
        interview = stack.pop()
        if interview.finished:
            leaves.append(interview)
            continue
        asked = interview.question
        if isinstance(asked, str) and BY_ID[asked].tier == 3:
            stack.append(interview.then(asked, answer_of(asked, profile[asked])))
        else:
            stack.extend(interview.then(asked, said) for said in ("yes", "no", "unknown"))
    return leaves


def _degrees(leaves: list[Interview], profile: dict[str, int], unasked: int) -> dict[str, np.ndarray]:
    """Each leaf's answers as degrees; tier 3 from the profile where not
    answered; the other unanswered questions at ``unasked``."""
    d = {q.id: np.empty(len(leaves), dtype=np.int8) for q in QUESTIONS}
    for i, leaf in enumerate(leaves):
        _, d1, d2 = answer_masks(leaf.answers)
        for q in QUESTIONS:
            if q.id in leaf.answers:
                d[q.id][i] = 2 if d2 & BIT[q.id] else 1 if d1 & BIT[q.id] else 0
            else:
                d[q.id][i] = profile[q.id] if q.tier == 3 else unasked
    return d


@pytest.mark.parametrize("profile", PROFILES)
def test_the_interview_with_pairs_reaches_the_spec_level_for_every_combination(profile):
    leaves = interview_leaves(PROFILES[profile])
    level = np.array([int(leaf.level) for leaf in leaves])
    least = spec_level(_degrees(leaves, PROFILES[profile], 0))
    most = spec_level(_degrees(leaves, PROFILES[profile], 2))
    wrong = np.flatnonzero((least != level) | (most != level))
    assert wrong.size == 0, leaves[wrong[0]].steps
    assert len(leaves) > 1000 and set(level.tolist()) >= {2, 3}
