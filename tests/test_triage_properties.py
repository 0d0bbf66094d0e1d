"""Properties the engine must hold (spec: monotone, complete, early stop)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.conversation import Interview, consistent, group_answer, level_range, next_question
from skill.triage import BY_ID, QUESTIONS, Urgency, assess

VALUES = ("yes", "no", "unknown")

full_answers = st.fixed_dictionaries({q.id: st.sampled_from(VALUES) for q in QUESTIONS})
#: A person's answers as they would give them: what one answer settles
#: (never had cancer: no chemotherapy) is what they would say.
people = full_answers.map(consistent)
partial_answers = st.dictionaries(st.sampled_from([q.id for q in QUESTIONS]), st.sampled_from(VALUES))


def towards_worry(qid: str, value: str) -> list[str]:
    """Values at least as worrying as ``value`` for this question."""
    q = BY_ID[qid]
    order = [q.reassuring.value, "unknown", q.worrying.value]
    return order[order.index(value):]


@given(full_answers, st.sampled_from([q.id for q in QUESTIONS]))
def test_turning_an_answer_towards_worry_never_lowers_the_level(answers, qid):
    before = assess(answers).level
    for value in towards_worry(qid, answers[qid]):
        assert assess({**answers, qid: value}).level >= before


@given(partial_answers)
def test_every_set_of_answers_yields_a_level(answers):
    assert isinstance(assess(answers).level, Urgency)


@given(partial_answers)
def test_the_level_lies_between_the_best_and_worst_completion(answers):
    low, high = level_range(answers)
    assert low <= assess(answers).level <= high


@settings(max_examples=500)
@given(people)
def test_the_interview_with_pairs_stops_only_when_the_level_is_settled(truth):
    """Early stop is sound with pairs: the interview's level equals the
    full answers', each pair answered as its members would be."""
    assert Interview.answered_from(truth).level is assess(truth).level


@settings(max_examples=200)
@given(people)
def test_the_interview_without_pairs_reaches_the_same_level(truth):
    assert Interview.answered_from(truth, pairs=()).level is assess(truth).level


@settings(max_examples=300)
@given(people)
def test_the_interview_ends_at_once_on_an_emergency_answer(truth):
    interview = Interview.start()
    while not interview.finished:
        interview.answer(group_answer(interview.question, truth))
        if level_range(interview.answers)[0] is Urgency.EMERGENCY:
            assert interview.finished and interview.level is Urgency.EMERGENCY
    assert next_question(interview.answers) is None


@settings(max_examples=300)
@given(people)
def test_the_reasons_name_only_what_was_answered(truth):
    interview = Interview.answered_from(truth)
    assert set(interview.reasons) <= set(interview.answers)
    if interview.level is not Urgency.ROUTINE:
        assert interview.reasons


@settings(max_examples=300)
@given(people)
def test_a_pair_answered_no_never_clears_a_member_that_was_present(truth):
    interview = Interview.answered_from(truth)
    for asked, said in interview.steps:
        if not isinstance(asked, str) and said == "no":
            assert all(truth[qid] == "no" for qid in asked)


@given(full_answers)
def test_the_order_of_the_four_cord_signs_does_not_matter(answers):
    """Licence for the exhaustive test to treat them as interchangeable."""
    signs = ["limb_weakness", "walking_difficulty", "bladder_bowel", "saddle_numbness"]
    rotated = {**answers, **{signs[i]: answers[signs[i - 1]] for i in range(4)}}
    assert assess(rotated).level is assess(answers).level
