"""Few answers (reports/questions.py prints the full distribution).

A pair asked together counts once; the cause questions after a soon result
are an offer, declined here. Order, pairs and early stop are the only
levers: no safety question is dropped to meet a number.
"""

import statistics
from functools import cache

from reports.questions import generated, lowest_possible, single_emergency_signs, survivors_against_the_lowest
from skill.triage import QUESTIONS, TIER_1


@cache
def survivors() -> dict[str, list[int]]:
    return survivors_against_the_lowest(300)


def test_the_median_generated_check_takes_at_most_six_answers():
    assert statistics.median(generated(2000)) <= 6


def test_every_emergency_sign_alone_reaches_its_advice_within_five_answers():
    signs = single_emergency_signs()
    assert max(signs[s] for s in TIER_1) <= 5


def test_the_cord_signs_are_asked_first_in_their_pairs():
    signs = single_emergency_signs()
    cord = ("limb_weakness", "walking_difficulty", "bladder_bowel", "saddle_numbness")
    assert [signs[s] for s in cord] == [1, 1, 2, 2]


def test_fever_on_chemotherapy_reaches_the_sepsis_advice_within_six_answers():
    assert single_emergency_signs()["fever_chills + chemo_now"] <= 6


def test_a_survivor_heading_for_routine_or_soon_answers_at_most_15_times_at_the_median():
    asked = survivors()["asked"]
    assert statistics.median(asked) <= 15
    assert max(asked) <= 20


def test_no_survivor_answers_fewer_times_than_the_lowest_possible():
    """The lower bound is a bound: it checks the report as much as the interview."""
    rows = survivors()
    assert all(a >= low for a, low in zip(rows["asked"], rows["lowest"], strict=True))


def test_the_median_survivor_is_within_one_answer_of_the_lowest_any_interview_with_the_pairs_could_reach():
    rows = survivors()
    assert statistics.median(rows["asked"]) - statistics.median(rows["lowest"]) <= 1


def test_the_lowest_possible_counts_a_pair_answered_no_once():
    everyone_well = {q.id: q.reassuring.value for q in QUESTIONS} | {"cancer_history": "no"}
    assert lowest_possible(everyone_well) < lowest_possible(everyone_well, pairs=())
