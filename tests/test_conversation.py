"""The interview: order, early stop, and the moves a person can make."""

from hypothesis import given, settings
from hypothesis import strategies as st

from skill.conversation import EMERGENCY_SIGNS, Interview, next_question
from skill.speech import MAX_QUESTIONS
from skill.triage import QUESTIONS, TIER_1, Urgency

ALL_CLEAR = {q.id: q.reassuring.value for q in QUESTIONS}


run = Interview.answered_from


def test_the_first_questions_are_the_emergency_signs():
    interview = Interview.start()
    asked = []
    for _ in range(6):
        asked.append(interview.question)
        interview.answer("no")
    assert asked == list(EMERGENCY_SIGNS) and set(asked) == set(TIER_1)


def test_a_yes_to_leg_weakness_ends_the_interview_at_once():
    interview = Interview.start()
    interview.answer("yes")
    assert interview.finished and interview.level is Urgency.EMERGENCY
    assert interview.asked == ["limb_weakness"] and interview.reasons == ["limb_weakness"]


def test_new_numbness_is_followed_by_the_history_question_that_decides_it():
    answers = {qid: "no" for qid in TIER_1[:4]} | {"numbness_tingling": "yes"}
    assert next_question(answers) == "cancer_history"


def test_the_fever_question_leads_to_current_chemotherapy_only_when_it_matters():
    base = {qid: "no" for qid in TIER_1} | {"cancer_history": "yes"}
    assert next_question(base | {"fever_chills": "yes"}) == "chemo_now"
    assert "chemo_now" not in run(ALL_CLEAR | {"cancer_history": "yes"}).asked


def test_questions_that_cannot_change_the_level_are_not_asked():
    interview = run(ALL_CLEAR | {"cancer_history": "yes", "night_pain": "yes", "pain_new_or_changed": "yes"})
    assert interview.level is Urgency.URGENT
    assert "still_in_treatment" not in interview.asked
    assert len(interview.asked) < len(QUESTIONS)


def test_once_only_routine_or_soon_is_open_a_treatment_pattern_settles_it_first():
    """A survivor whose old pain fits chemotherapy neuropathy hears 'soon'
    without the questions that could only have raised the floor to soon."""
    interview = run(ALL_CLEAR | {"cancer_history": "yes", "chemotherapy": "yes", "known_neuropathy": "yes"})
    assert interview.level is Urgency.SOON
    assert not {"weight_loss", "rest_relief", "otc_relief", "precipitating_event"} & set(interview.asked)


def test_the_cause_phase_skips_the_symptom_of_a_treatment_already_denied():
    answers = ALL_CLEAR | {"cancer_history": "yes", "pain_new_or_changed": "yes", "chemotherapy": "yes"}
    del answers["joint_pain_stiffness"], answers["known_neuropathy"]
    assert next_question(answers) == "known_neuropathy"


def test_answering_partly_gives_the_worrying_answer():
    interview = Interview(asked=[], answers={}, question="rest_relief")
    interview.answer_worrying()
    assert interview.answers["rest_relief"] == "no"


def test_going_back_undoes_the_last_answer_and_reasks_it():
    interview = Interview.start()
    interview.answer("no")
    interview.answer("no")
    assert interview.go_back()
    assert interview.question == "walking_difficulty"
    assert interview.asked == ["limb_weakness"] and "walking_difficulty" not in interview.answers


def test_going_back_from_an_emergency_result_reopens_the_check():
    interview = Interview.start()
    interview.answer("yes")
    interview.go_back()
    assert not interview.finished and interview.question == "limb_weakness"


def test_going_back_at_the_first_question_does_nothing():
    interview = Interview.start()
    assert not interview.go_back()
    assert interview.question == "limb_weakness"


def test_the_state_survives_a_round_trip_through_session_attributes():
    interview = Interview.start()
    for value in ("no", "no", "unknown"):
        interview.answer(value)
    restored = Interview.from_attributes(interview.to_attributes())
    assert restored == interview


def test_the_session_attributes_follow_the_contract():
    interview = Interview.start()
    interview.answer("no")
    assert interview.to_attributes() == {
        "question": "walking_difficulty",
        "asked": ["limb_weakness"],
        "answers": {"limb_weakness": "no"},
        "urgency": None,
        "reasons": [],
    }


def test_tampered_session_attributes_are_cleaned_not_trusted():
    data = {"asked": ["limb_weakness", "nonsense", 7], "answers": {"limb_weakness": "no", "nonsense": "yes",
            "walking_difficulty": "maybe"}, "question": "x", "urgency": "emergency"}
    restored = Interview.from_attributes(data)
    assert restored.answers == {"limb_weakness": "no"}
    assert restored.question == "walking_difficulty" and restored.urgency is None


def test_unusable_session_attributes_mean_no_check():
    assert Interview.from_attributes(None) is None
    assert Interview.from_attributes({"answers": []}) is None


@settings(max_examples=500)
@given(st.fixed_dictionaries({q.id: st.sampled_from(("yes", "no", "unknown")) for q in QUESTIONS}))
def test_no_interview_asks_more_questions_than_the_launch_announces(truth):
    assert len(run(truth).asked) <= MAX_QUESTIONS
