"""Properties the engine must hold (spec v4, "Properties the engine must
hold" and "Grouped questions"), with Hypothesis.

A person answers every question consistently (``consistent``: "never had
cancer" is no to every cancer treatment; no to numbness and to band-like
pain is no to pain down both legs) and answers a pair as its members would
(``group_answer``; the relief pair, asked the reassuring way round: "yes"
if either eases the pain).
"""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from skill.conversation import (
    INTERVIEW_VERSION,
    MEANING,
    Interview,
    consistent,
    group_answer,
    items_of,
    level_range,
)
from skill.triage import (
    ALL_BITS,
    BIT,
    BY_ID,
    IMPLIED,
    IMPLIED_BY_ALL,
    QUESTIONS,
    TIER_1,
    Urgency,
    Worry,
    assess,
    level_of,
)

VALUES = ("yes", "no", "unknown")
IDS = [q.id for q in QUESTIONS]

full_answers = st.fixed_dictionaries({qid: st.sampled_from(VALUES) for qid in IDS})
people = full_answers.map(consistent)
with_history = st.builds(lambda truth, history: consistent({**truth, "cancer_history": history}),
                         full_answers, st.sampled_from(("yes", "unknown")))
partial_answers = st.dictionaries(st.sampled_from(IDS), st.sampled_from(VALUES))


def towards_worry(qid: str, value: str) -> list[str]:
    """Values at least as worrying as ``value`` for this question."""
    q = BY_ID[qid]
    order = [q.reassuring.value, "unknown", q.worrying.value]
    return order[order.index(value):]


def settled_range(interview: Interview) -> tuple[Urgency, Urgency]:
    """The least and the most worrying level of every fill of the unasked
    questions that the answers allow: after "yes" to the relief pair, at
    least one of rest and painkillers eases the pain."""
    answered, d1, d2 = interview.masks
    unanswered = ALL_BITS & ~answered
    least = level_of(Worry(d1, d2))
    mosts = [(d1 | unanswered, d2 | unanswered)]
    for pair in interview.eases:
        if any(interview.answers.get(q) == BY_ID[q].reassuring.value for q in pair):
            continue
        open_bits = [BIT[q] for q in pair if q not in interview.answers]
        if open_bits:
            mosts = [(m1 & ~b, m2 & ~b) for m1, m2 in mosts for b in open_bits]
    return least, max(level_of(Worry(m1, m2)) for m1, m2 in mosts)


# -- the rules ------------------------------------------------------------------
@given(full_answers, st.sampled_from(IDS))
def test_turning_an_answer_towards_worry_never_lowers_the_level(answers, qid):
    before = assess(answers).level
    for value in towards_worry(qid, answers[qid]):
        assert assess({**answers, qid: value}).level >= before


@given(partial_answers)
def test_every_set_of_answers_yields_a_level(answers):
    assert isinstance(assess(answers).level, Urgency)


def test_all_unknown_yields_a_level_and_it_is_urgent():
    assert assess(dict.fromkeys(IDS, "unknown")).level is Urgency.URGENT
    assert assess({}).level is Urgency.URGENT  # unanswered counts as unknown


@given(partial_answers)
def test_the_level_lies_between_the_best_and_worst_completion(answers):
    low, high = level_range(answers)
    assert low <= assess(answers).level <= high


@given(full_answers)
def test_the_six_emergency_signs_for_anyone_are_interchangeable(answers):
    """Licence for the exhaustive test to enumerate them up to order."""
    signs = ["chest_or_breathing", "limb_weakness", "walking_difficulty", "bladder_bowel", "saddle_numbness",
             "both_legs"]
    rotated = {**answers, **{signs[i]: answers[signs[i - 1]] for i in range(len(signs))}}
    assert assess(rotated).level is assess(answers).level


# -- the interview: early stop ----------------------------------------------------------
NO_NERVE_SIGNS_YET_BOTH_LEGS = {q.id: q.reassuring.value for q in QUESTIONS} | {"both_legs": "yes"}


def test_a_person_who_says_no_to_numbness_and_band_pain_says_no_to_pain_down_both_legs():
    assert consistent(NO_NERVE_SIGNS_YET_BOTH_LEGS)["both_legs"] == "no"


@settings(max_examples=500)
@given(people)
@example(consistent(NO_NERVE_SIGNS_YET_BOTH_LEGS))
def test_the_interview_with_pairs_reaches_the_level_of_the_full_answers(truth):
    assert Interview.answered_from(truth).level is assess(truth).level


@settings(max_examples=200)
@given(people)
def test_the_interview_without_pairs_reaches_the_same_level(truth):
    assert Interview.answered_from(truth, pairs=()).level is assess(truth).level


@settings(max_examples=400)
@given(people)
def test_when_the_interview_stops_the_least_and_most_worrying_fills_agree(truth):
    """Early stop is sound, given what a "yes" to the relief pair says."""
    interview = Interview.answered_from(truth)
    assert settled_range(interview) == (interview.level, interview.level)


@settings(max_examples=300)
@given(people)
def test_a_question_is_asked_only_while_the_level_is_open(truth):
    interview = Interview.start()
    while not interview.finished:
        low, high = settled_range(interview)
        assert low < high, interview.steps
        interview.answer(group_answer(interview.question, truth))


@settings(max_examples=300)
@given(people)
def test_an_emergency_answer_ends_the_interview_at_once(truth):
    interview = Interview.start()
    while not interview.finished:
        interview.answer(group_answer(interview.question, truth))
        if level_range(interview.answers)[0] is Urgency.EMERGENCY:
            assert interview.finished and interview.level is Urgency.EMERGENCY


@settings(max_examples=300)
@given(people)
def test_the_stop_speaks_a_level_that_every_remaining_answer_keeps(truth):
    """``certain`` (what "stop" says) is never above the final level."""
    interview = Interview.start()
    while not interview.finished:
        certain = interview.certain
        interview.answer(group_answer(interview.question, truth))
        assert certain <= assess(truth).level


# -- the interview: what earlier answers settle --------------------------------------
def _settled_by(answers: dict[str, str]) -> set[str]:
    """Ids that the given answers settle (IMPLIED, IMPLIED_BY_ALL)."""
    settled = set()
    for (qid, value), implied in IMPLIED.items():
        if answers.get(qid) == value:
            settled |= set(implied)
    for together, implied in IMPLIED_BY_ALL:
        if all(answers.get(q) == v for q, v in together):
            settled |= set(implied)
    return settled


@settings(max_examples=400)
@given(people)
def test_no_question_is_asked_whose_answer_earlier_answers_settle(truth):
    interview = Interview.start()
    while True:
        if interview.question is None:
            if not interview.causes_due or interview.explaining:
                break
            interview.explain_causes()  # the cause questions too
            continue
        items = set(items_of(interview.question))
        assert not items & set(interview.answers), (interview.question, interview.answers)
        assert not items & _settled_by(interview.answers), (interview.question, interview.answers)
        interview.answer(group_answer(interview.question, truth))


@settings(max_examples=300)
@given(people)
def test_no_chemotherapy_question_after_never_had_cancer(truth):
    interview = Interview.answered_from({**truth, **consistent({"cancer_history": "no"})})
    after = interview.asked[interview.asked.index("cancer_history") + 1:] if "cancer_history" in interview.asked else []
    assert not {"chemo_now", "chemotherapy", "known_neuropathy", "radiation_therapy", "known_bone_mets",
                "still_in_treatment"} & set(after)


@settings(max_examples=300)
@given(people)
def test_pain_down_both_legs_is_never_asked_after_no_to_numbness_and_band_pain(truth):
    interview = Interview.start()
    while not interview.finished:
        if interview.answers.get("numbness_tingling") == interview.answers.get("band_pain") == "no":
            assert "both_legs" not in items_of(interview.question)
        interview.answer(group_answer(interview.question, truth))


# -- the interview: order -----------------------------------------------------------
@given(people)
def test_chest_pain_or_breathing_is_always_asked_first(truth):
    interview = Interview.answered_from(truth)
    assert interview.steps[0][0] == "chest_or_breathing"


@settings(max_examples=400)
@given(people)
def test_chest_pain_and_the_cord_signs_come_before_the_history_question(truth):
    """Spec v4, "Order": chest pain first, then the cord and cauda equina
    signs, then the history (the nerve signs may wait for it: after a yes to
    numbness, the history decides whether it is an emergency)."""
    interview = Interview.answered_from(truth)
    asked = interview.asked
    if "cancer_history" in asked:
        before = set(asked[:asked.index("cancer_history")])
        for sign in ("chest_or_breathing", "limb_weakness", "walking_difficulty", "bladder_bowel",
                     "saddle_numbness"):
            assert sign in before
        if "both_legs" in asked:
            assert "both_legs" in before


@settings(max_examples=400)
@given(with_history)
def test_anyone_with_a_history_hears_chemo_now_before_the_fever_question(truth):
    asked = Interview.answered_from(truth).asked
    if "fever_chills" in asked:
        assert "chemo_now" in asked and asked.index("chemo_now") < asked.index("fever_chills")


@settings(max_examples=300)
@given(people)
def test_pain_down_both_legs_is_asked_at_once_after_a_yes_or_not_sure_to_numbness_or_band_pain(truth):
    interview = Interview.answered_from(truth)
    steps = [asked for asked, _ in interview.steps]
    for i, (asked, said) in enumerate(interview.steps):
        if asked in ("numbness_tingling", "band_pain") and said in ("yes", "unknown") and "both_legs" in steps:
            assert steps[i + 1] == "both_legs" or steps.index("both_legs") < i


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


# -- sessions from an earlier interview version -------------------------------------------
#: Ids a v3 session may carry: v4's, and the two v4 replaced.
V3_IDS = [*IDS, "constant_progressive", "upper_back_shoulder"]
v3_question = st.one_of(
    st.none(), st.sampled_from(V3_IDS),
    st.lists(st.sampled_from(V3_IDS), min_size=2, max_size=2, unique=True),
)
v3_sessions = st.fixed_dictionaries({
    "steps": st.lists(st.tuples(v3_question.filter(lambda q: q is not None), st.sampled_from(VALUES)).map(list),
                      max_size=12),
    "answers": st.dictionaries(st.sampled_from(V3_IDS), st.sampled_from((*VALUES, "maybe"))),
    "question": v3_question,
})


def _still_meant_since_v3(answers: dict) -> dict[str, str]:
    return {q: v for q, v in answers.items() if q in MEANING and MEANING[q] <= 3 and v in VALUES}


@settings(max_examples=400)
@given(v3_sessions)
def test_a_v3_session_keeps_only_the_answers_whose_meaning_is_unchanged(session):
    rebuilt = Interview.from_attributes(session)
    kept = _still_meant_since_v3(session["answers"])
    assert rebuilt.carried == kept
    implied = {}
    for (qid, value), settled in IMPLIED.items():
        if kept.get(qid) == value:
            implied |= settled
    for qid, value in rebuilt.answers.items():
        assert kept.get(qid, implied.get(qid)) == value, qid


@settings(max_examples=400)
@given(v3_sessions)
def test_a_v3_session_files_no_answer_against_a_question_the_person_did_not_hear(session):
    """No old step is replayed, and the next answer is not applied (the
    current question is asked again) whenever the person heard a question
    of the old interview."""
    rebuilt = Interview.from_attributes(session)
    assert rebuilt.steps == []
    if session["steps"] or session["question"] is not None:
        assert rebuilt.updated


@given(v3_sessions)
def test_a_v3_session_is_saved_again_as_the_current_version(session):
    attributes = Interview.from_attributes(session).to_attributes()
    assert attributes["version"] == INTERVIEW_VERSION
    assert set(attributes["meanings"]) == set(attributes["answers"])


def test_every_id_has_a_meaning_version_and_the_tier_1_signs_changed_in_v4():
    assert set(MEANING) == set(IDS)
    assert {q for q in TIER_1 if MEANING[q] == 4} >= set(TIER_1) - {"saddle_numbness"}
