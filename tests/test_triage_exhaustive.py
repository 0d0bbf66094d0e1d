"""Every combination of tier-1 and tier-2 answers, for a few tier-3 profiles.

3^16 = 43 million combinations per profile: too many for the engine's
Python loop, so the engine's own rule table is evaluated with numpy,
compared with an independent transcription of the spec, and the Python
evaluator (``_level``) is checked against it on a sample of each chunk.
"""

import itertools

import numpy as np
import pytest

from skill.triage import BIT, BY_ID, RULE_MASKS, TIER_1, TIER_2, TIER_3, Urgency, _level

SIGNS = TIER_1 + TIER_2  # 16 questions, enumerated exhaustively
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


def spec_level(d: dict[str, np.ndarray]) -> np.ndarray:
    """The spec's rules over degrees (0 reassuring, 1 unknown, 2 worrying),
    written out independently of the engine's rule table."""

    def w(qid):  # the worrying answer; for tier 3, unknown counts too
        return d[qid] >= (1 if BY_ID[qid].tier == 3 else 2)

    def u(qid):
        return d[qid] == 1

    hist, new = w("cancer_history"), w("pain_new_or_changed")
    emergency = (
        w("limb_weakness") | w("walking_difficulty") | w("bladder_bowel") | w("saddle_numbness")
        | ((w("numbness_tingling") | w("band_pain")) & hist)
        | (w("fever_chills") & w("chemo_now"))
    )
    urgent = (
        np.logical_or.reduce([u(q) for q in TIER_1])
        | w("numbness_tingling") | w("band_pain") | w("fever_chills")
        | (w("weight_loss") & (new | w("constant_progressive") | w("night_pain")))
        | (w("fall_or_injury") & (hist | w("aromatase_inhibitor")))
        | (hist & (w("night_pain") | w("constant_progressive") | w("straining_pain") | w("known_bone_mets")))
        | (hist & new & (w("rest_relief") | w("otc_relief") | (w("upper_back_shoulder") & w("precipitating_event"))))
    )
    soon = (
        np.logical_or.reduce([u(q) for q in TIER_2])
        | (hist & new)
        | (w("aromatase_inhibitor") & w("joint_pain_stiffness"))
        | ((w("breast_surgery") | w("radiation_therapy")) & w("upper_back_shoulder"))
        | (w("chemotherapy") & w("known_neuropathy"))
        | (~hist & (w("night_pain") | w("rest_relief") | w("precipitating_event") | w("fall_or_injury")))
        # our two documented lifts, for monotonicity:
        | np.logical_or.reduce([w(q) for q in TIER_2])
        | w("precipitating_event")
    )
    return np.select([emergency, urgent, soon], [3, 2, 1], default=0)


def engine_level(d: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    at_least_1 = sum(np.where(d[q] >= 1, BIT[q], 0) for q in d).astype(np.int64)
    at_least_2 = sum(np.where(d[q] == 2, BIT[q], 0) for q in d).astype(np.int64)
    level = np.zeros(len(at_least_1), dtype=np.int64)
    for rule_level, m1, m2, _ in RULE_MASKS:
        fired = ((at_least_1 & m1) == m1) & ((at_least_2 & m2) == m2)
        level = np.maximum(level, np.where(fired, int(rule_level), 0))
    return level, at_least_1, at_least_2


TIER_2_GRID = np.array(list(itertools.product((0, 1, 2), repeat=len(TIER_2))), dtype=np.int8)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_tier_1_and_tier_2_combination_gets_the_spec_level(profile):
    rng = np.random.default_rng(0)
    n = len(TIER_2_GRID)
    seen = set()
    for tier_1 in itertools.product((0, 1, 2), repeat=len(TIER_1)):
        d = {qid: np.full(n, PROFILES[profile][qid], dtype=np.int8) for qid in TIER_3}
        d |= {qid: np.full(n, v, dtype=np.int8) for qid, v in zip(TIER_1, tier_1, strict=False)}
        d |= {qid: TIER_2_GRID[:, i] for i, qid in enumerate(TIER_2)}
        engine, a1, a2 = engine_level(d)
        expected = spec_level(d)
        mismatch = np.flatnonzero(engine != expected)
        assert mismatch.size == 0, {q: int(d[q][mismatch[0]]) for q in SIGNS}
        for i in rng.choice(n, 40, replace=False):
            assert _level.__wrapped__(int(a1[i]), int(a2[i])) == engine[i]
        seen.update(np.unique(engine).tolist())
    assert min(seen) >= 0 and max(seen) == Urgency.EMERGENCY


def test_the_spec_transcription_and_the_engine_agree_on_all_unknown():
    d = {qid: np.array([1], dtype=np.int8) for qid in SIGNS + TIER_3}
    assert engine_level(d)[0][0] == spec_level(d)[0] == Urgency.URGENT
