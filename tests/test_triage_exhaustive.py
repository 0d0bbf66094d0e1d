"""Every combination of tier-1 and tier-2 answers, for a few tier-3 profiles.

Two proofs, each against an independent transcription of the v4 rules
(``spec_level``, written from shared/triage-spec.md, not from the engine's
rule table), evaluated with numpy:

1. The engine's rule table gives the spec's level for every combination.
   3^20 combinations per profile are too many, so signs that play the same
   part in every rule are enumerated up to order (a multiset of degrees
   instead of a tuple): the six signs that are an emergency for anyone
   (``chest_or_breathing``, the four cord signs of the two tier-1 pairs,
   ``both_legs``: chest pain has another script, never another level),
   the two nerve signs, and three groups of tier-2 signs. A structural test
   licenses it: swapping any two members of a group maps the engine's rule
   table onto itself, and the spec's transcription is symmetric in them by
   reading.
2. The interview, with its pairs, reaches the spec's level for every
   combination. The interview is a decision tree: each person follows
   exactly one path (a pair answered as its members would be:
   ``conversation.group_answer``). So every leaf is checked: the spec's level
   is the same for the least and the most worrying values of every question
   the path did not ask, and equals the interview's. After "yes" to the
   relief pair ("does rest, or your usual painkillers, ease the pain?") at
   least one member eases it, so the most worrying fills are those with one
   member reassuring. The spec's rules are monotone (each a conjunction of
   "at least" conditions), so every person who reaches the leaf gets that
   level. What an answer settles (``IMPLIED``, ``IMPLIED_BY_ALL``: a no to
   numbness and to band-like pain is a no to pain down both legs) is
   recorded by the interview, and the profiles are consistent people.
"""

import functools
import itertools
import operator

import numpy as np
import pytest

from skill.conversation import Interview, consistent
from skill.triage import (
    BIT,
    BY_ID,
    CORD_SIGNS,
    GENERAL_SIGNS,
    NERVE_SIGNS,
    REASSURING_PAIRS,
    RULE_MASKS,
    TIER_1,
    TIER_2,
    TIER_3,
    Urgency,
    _level,
)

SIGNS = TIER_1 + TIER_2
#: Signs that play the same part in every rule, enumerated up to order.
ANYONE = (*GENERAL_SIGNS, *CORD_SIGNS)  # emergency for anyone: chest, the four pair signs, both legs
INTERCHANGEABLE = {
    "emergency for anyone": ANYONE,
    "nerve signs": NERVE_SIGNS,
    "urgent with history alone": ("straining_pain", "spinal_tenderness", "severe_pain"),
    "urgent with history or weight loss": ("night_pain", "progressive_pain"),
    "relief": ("rest_relief", "otc_relief"),
}
GROUPED_TIER_2 = [q for group in list(INTERCHANGEABLE.values())[2:] for q in group]
FREE_TIER_2 = [q for q in TIER_2 if q not in GROUPED_TIER_2]


def _profile(**degrees: int) -> dict[str, int]:
    """Tier-3 degrees (0 reassuring, 1 unknown, 2 worrying) of a consistent
    person: what one answer settles is put in place."""
    answers = consistent({q: answer_of(q, degrees.get(q, 0)) for q in TIER_3})
    return {q: degree_of(q, answers[q]) for q in TIER_3}


def answer_of(qid: str, degree: int) -> str:
    q = BY_ID[qid]
    return (q.reassuring.value, "unknown", q.worrying.value)[degree]


def degree_of(qid: str, value: str) -> int:
    q = BY_ID[qid]
    return (q.reassuring.value, "unknown", q.worrying.value).index(value)


PROFILES = {
    "survivor on chemotherapy, new pain, no trigger, every treatment": _profile(
        cancer_history=2, chemo_now=2, pain_new_or_changed=2, precipitating_event=2, aromatase_inhibitor=2,
        joint_pain_stiffness=2, breast_surgery=2, radiation_therapy=2,
    ),
    "survivor off treatment, old unchanged pain, lifting": _profile(
        cancer_history=2, breast_surgery=2, radiation_therapy=2, chemotherapy=2, known_neuropathy=2,
    ),
    "no history, on an aromatase inhibitor to lower the risk, new pain after lifting": _profile(
        pain_new_or_changed=2, aromatase_inhibitor=2, joint_pain_stiffness=2,
    ),
    "every context question unknown": {qid: 1 for qid in TIER_3},
    "every context answer reassuring": _profile(),
}
VALUE = {0: "reassuring", 1: "unknown", 2: "worrying"}


def _any(conditions):
    return functools.reduce(operator.or_, conditions)


def spec_level(d: dict[str, np.ndarray]) -> np.ndarray:
    """The spec's rules (v4) over degrees (0 reassuring, 1 unknown, 2
    worrying), written out independently of the engine's rule table.
    Values may be arrays or scalars (broadcast)."""

    def w(qid):  # the worrying answer; for tier 3, unknown counts too
        return np.asarray(d[qid]) >= (1 if BY_ID[qid].tier == 3 else 2)

    def u(qid):
        return np.asarray(d[qid]) >= 1

    hist, new = w("cancer_history"), w("pain_new_or_changed")
    emergency = _any([
        w("chest_or_breathing"), w("limb_weakness"), w("walking_difficulty"), w("bladder_bowel"),
        w("saddle_numbness"), w("both_legs"),
        (w("numbness_tingling") | w("band_pain")) & hist,
        w("fever_chills") & w("chemo_now"),
    ])
    urgent = _any([
        *(u(q) for q in TIER_1),  # a tier-1 unknown; numbness or band pain without history
        w("fever_chills"),
        u("fever_chills") & w("chemo_now"),
        w("weight_loss") & (new | w("progressive_pain") | w("night_pain")),
        w("fall_or_injury") & (hist | w("aromatase_inhibitor")),
        hist & (w("upper_spine") & new),  # v4: whatever set it off
        hist & (w("night_pain") | w("progressive_pain") | w("straining_pain") | w("spinal_tenderness")
                | w("severe_pain")),
        hist & new & w("known_bone_mets"),
        hist & new & w("rest_relief") & w("otc_relief"),  # unremitting: neither eases it
    ])
    soon = _any([
        *(u(q) for q in TIER_2),  # unknown or worrying, for anyone (v4: rule 3 monotone)
        w("precipitating_event"),  # no clear trigger
        hist & new,
        w("known_bone_mets") & hist & ~new,
        w("rest_relief"), w("otc_relief"),  # alone: soon, not urgent (v4)
        w("aromatase_inhibitor") & w("joint_pain_stiffness"),
        (w("breast_surgery") | w("radiation_therapy")) & w("upper_spine"),
        w("chemotherapy") & w("known_neuropathy"),
    ])
    return np.select(np.broadcast_arrays(emergency, urgent, soon), [3, 2, 1], default=0)


# -- the structural licence ---------------------------------------------------------
def _swapped(mapping: dict[str, str]) -> set[tuple[int, int, int]]:
    def image(mask: int) -> int:
        out = 0
        for qid, bit in BIT.items():
            if mask & bit:
                out |= BIT[mapping.get(qid, qid)]
        return out

    return {(int(level), image(m1), image(m2)) for level, m1, m2, _, _ in RULE_MASKS}


@pytest.mark.parametrize("group", INTERCHANGEABLE)
def test_the_interchangeable_signs_play_the_same_part_in_every_rule(group):
    """Licence for enumerating them up to order: swapping any two maps the
    rule table (level and condition masks; not the script) onto itself."""
    table = {(int(level), m1, m2) for level, m1, m2, _, _ in RULE_MASKS}
    for a, b in itertools.combinations(INTERCHANGEABLE[group], 2):
        assert _swapped({a: b, b: a}) == table


def test_the_interchangeable_groups_and_the_free_signs_cover_tier_1_and_tier_2_once():
    grouped = [q for group in INTERCHANGEABLE.values() for q in group]
    assert sorted(grouped + FREE_TIER_2) == sorted(SIGNS) and len(set(grouped)) == len(grouped)


# -- proof 1: the rule table --------------------------------------------------------
def _up_to_order(group: tuple[str, ...]) -> list[tuple[int, ...]]:
    return list(itertools.combinations_with_replacement((0, 1, 2), len(group)))


def _tier_2_grid() -> dict[str, np.ndarray]:
    """Every tier-2 combination up to order within the tier-2 groups."""
    groups = list(INTERCHANGEABLE.values())[2:]
    choices = [_up_to_order(g) for g in groups] + [[(v,) for v in (0, 1, 2)] for _ in FREE_TIER_2]
    names = [q for g in groups for q in g] + FREE_TIER_2
    rows = np.array([sum(combo, ()) for combo in itertools.product(*choices)], dtype=np.int8)
    return {q: rows[:, i] for i, q in enumerate(names)}


TIER_2_GRID = _tier_2_grid()
TIER_1_UP_TO_ORDER = [
    dict(zip(ANYONE, anyone, strict=True)) | dict(zip(NERVE_SIGNS, nerve, strict=True))
    for anyone in _up_to_order(ANYONE)
    for nerve in _up_to_order(NERVE_SIGNS)
]
#: Each tier-2 row's bits at degree >= 1 and == 2 (fixed across classes).
_GRID_1 = sum(np.where(TIER_2_GRID[q] >= 1, BIT[q], 0).astype(np.int64) for q in TIER_2)
_GRID_2 = sum(np.where(TIER_2_GRID[q] == 2, BIT[q], 0).astype(np.int64) for q in TIER_2)
_TIER_2_BITS = sum(BIT[q] for q in TIER_2)


def engine_level(scalars: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The engine's rule table over the tier-2 grid, the other answers fixed
    (``scalars``: degrees of tier 1 and tier 3), mask for mask as
    ``triage._level`` reads it."""
    s1 = sum(BIT[q] for q, v in scalars.items() if v >= 1)
    s2 = sum(BIT[q] for q, v in scalars.items() if v == 2)
    level = np.zeros(len(_GRID_1), dtype=np.int64)
    for rule_level, m1, m2, _, _ in RULE_MASKS:
        if (s1 | _TIER_2_BITS) & m1 != m1 or (s2 | _TIER_2_BITS) & m2 != m2:
            continue  # a fixed answer already fails the rule
        t1, t2 = m1 & _TIER_2_BITS, m2 & _TIER_2_BITS
        fired = ((_GRID_1 & t1) == t1) & ((_GRID_2 & t2) == t2)
        level = np.maximum(level, np.where(fired, int(rule_level), 0))
    return level, _GRID_1 | s1, _GRID_2 | s2


@pytest.mark.parametrize("profile", PROFILES)
def test_every_tier_1_and_tier_2_combination_gets_the_spec_level(profile):
    rng = np.random.default_rng(0)
    seen = set()
    n = len(_GRID_1)
    for tier_1 in TIER_1_UP_TO_ORDER:
        scalars = PROFILES[profile] | tier_1
        engine, a1, a2 = engine_level(scalars)
        expected = spec_level(scalars | TIER_2_GRID)
        mismatch = np.flatnonzero(engine != expected)
        assert mismatch.size == 0, (
            {q: VALUE[v] for q, v in tier_1.items()} | {q: VALUE[int(TIER_2_GRID[q][mismatch[0]])] for q in TIER_2}
        )
        for i in rng.choice(n, 10, replace=False):  # the vectorised reading is the engine's own
            assert _level.__wrapped__(int(a1[i]), int(a2[i])) == engine[i]
        seen.update(np.unique(engine).tolist())
    assert seen >= {Urgency.URGENT, Urgency.EMERGENCY}


def test_the_proof_covers_every_class():
    """How many combinations the rule-table proof checks, per profile."""
    assert len(TIER_1_UP_TO_ORDER) == 28 * 6
    assert len(_GRID_1) == 10 * 6 * 6 * 3 ** len(FREE_TIER_2)


def test_the_spec_transcription_and_the_engine_agree_on_all_unknown():
    d = {qid: 1 for qid in SIGNS + TIER_3}
    assert spec_level(d) == Urgency.URGENT
    assert _level.__wrapped__(sum(BIT.values()), 0) is Urgency.URGENT


# -- proof 2: the interview, as a decision tree ----------------------------------------
@functools.cache
def interview_leaves(name: str) -> list[Interview]:
    """Every finished interview: tier-3 questions answered from the profile,
    every other question (one, or a pair) answered each of three ways."""
    profile = PROFILES[name]
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


_TIER_3_BITS = sum(BIT[q] for q in TIER_3)
_ALL_BITS = sum(BIT.values())


def _fills(leaf: Interview, profile: dict[str, int]) -> list[tuple[int, int]]:
    """The leaf's answers as masks (degree >= 1, degree == 2), the unanswered
    questions at their least worrying, then at each most worrying fill the
    answers allow (tier 3 unanswered: from the profile)."""
    answered, d1, d2 = leaf.masks
    unanswered = _ALL_BITS & ~answered
    p1 = sum(BIT[q] for q in TIER_3 if profile[q] >= 1) & unanswered
    p2 = sum(BIT[q] for q in TIER_3 if profile[q] == 2) & unanswered
    raised = unanswered & ~_TIER_3_BITS
    least = (d1 | p1, d2 | p2)
    mosts = [(d1 | p1 | raised, d2 | p2 | raised)]
    for pair in leaf.eases:  # "rest or painkillers ease it": at least one does
        assert pair in REASSURING_PAIRS
        if any(leaf.answers.get(q) == "yes" for q in pair):
            continue
        eases = [BIT[q] for q in pair if q not in leaf.answers]
        if eases:
            mosts = [(m1 & ~bit, m2 & ~bit) for m1, m2 in mosts for bit in eases]
    return [least, *mosts]


def _degrees(masks: list[tuple[int, int]]) -> dict[str, np.ndarray]:
    m1 = np.array([m[0] for m in masks], dtype=np.int64)
    m2 = np.array([m[1] for m in masks], dtype=np.int64)
    return {q: (((m1 & bit) != 0).astype(np.int8) + ((m2 & bit) != 0)).astype(np.int8) for q, bit in BIT.items()}


@pytest.mark.parametrize("profile", PROFILES)
def test_the_interview_with_pairs_reaches_the_spec_level_on_every_path(profile):
    leaves = interview_leaves(profile)
    level = np.array([int(leaf.level) for leaf in leaves])
    fills = [_fills(leaf, PROFILES[profile]) for leaf in leaves]
    for k in range(max(len(f) for f in fills)):
        wrong = np.flatnonzero(spec_level(_degrees([f[min(k, len(f) - 1)] for f in fills])) != level)
        assert wrong.size == 0, (leaves[wrong[0]].steps, leaves[wrong[0]].level)
    assert len(leaves) > 1000 and set(level.tolist()) >= {2, 3}


@pytest.mark.parametrize("profile", PROFILES)
def test_no_path_asks_pain_down_both_legs_after_no_to_numbness_and_band_pain(profile):
    for leaf in interview_leaves(profile):
        asked, answers = leaf.asked, leaf.answers
        if "both_legs" in asked and answers.get("numbness_tingling") == answers.get("band_pain") == "no":
            assert asked.index("both_legs") < max(asked.index("numbness_tingling"), asked.index("band_pain"))
