"""Few answers: the targets of issue 17 ("Done when"), for the v4 interview
(reports/questions.py prints the full distribution).

A pair asked together counts once; the cause questions after a soon result
are an offer, declined here. Order, pairs and early stop are the only
levers: no safety question is dropped to meet a number.
"""

import statistics
from functools import cache

from reports.questions import generated, lowest_possible, single_emergency_signs, survivors_against_the_lowest
from skill.triage import CORD_SIGNS, NERVE_SIGNS, QUESTIONS


@cache
def survivors() -> dict[str, list[int]]:
    return survivors_against_the_lowest(300)


@cache
def signs() -> dict[str, int]:
    return single_emergency_signs()


def test_a_survivor_heading_for_routine_or_soon_answers_at_most_16_times_at_the_median():
    assert statistics.median(survivors()["asked"]) <= 16


def test_the_median_survivor_is_within_one_answer_of_the_lowest_any_interview_with_the_pairs_could_reach():
    rows = survivors()
    assert statistics.median(rows["asked"]) - statistics.median(rows["lowest"]) <= 1


def test_no_survivor_answers_fewer_times_than_the_lowest_possible():
    """The lower bound is a bound: it checks the report as much as the interview."""
    rows = survivors()
    assert all(a >= low for a, low in zip(rows["asked"], rows["lowest"], strict=True))


def test_chest_pain_or_breathing_reaches_its_advice_in_one_answer():
    assert signs()["chest_or_breathing"] == 1


def test_each_cord_sign_alone_reaches_its_advice_within_three_answers():
    """The four signs of the two tier-1 pairs: chest pain first, then the pairs."""
    pair_signs = [s for s in CORD_SIGNS if s != "both_legs"]
    assert [signs()[s] for s in pair_signs] == [2, 2, 3, 3]


def test_each_nerve_sign_reaches_its_advice_within_seven_answers():
    """Numbness and band-like pain (with a history: the nerve script), and
    pain down both legs, counted here with the nerve signs: it is asked only
    after a yes, a little or not sure to numbness or band-like pain (a no to
    both settles it), so it is reached through each of them."""
    nerve = {s: signs()[s] for s in NERVE_SIGNS}
    both_legs = {s: n for s, n in signs().items() if s.startswith("both_legs")}
    assert len(both_legs) == len(NERVE_SIGNS)
    assert max(nerve.values()) <= 7 and max(both_legs.values()) <= 7


def test_fever_on_cancer_treatment_reaches_the_sepsis_advice_within_eight_answers():
    """Chest pain, the two pairs, numbness, band-like pain, the history,
    current treatment (asked before the fever question for anyone with a
    history, so that it fits the person), then the fever question."""
    assert signs()["fever_chills + chemo_now"] <= 8


def test_the_median_generated_check_takes_at_most_six_answers():
    assert statistics.median(generated(2000)) <= 6


def test_the_lowest_possible_counts_a_pair_answered_no_once():
    everyone_well = {q.id: q.reassuring.value for q in QUESTIONS} | {"cancer_history": "no"}
    assert lowest_possible(everyone_well) < lowest_possible(everyone_well, pairs=())
