"""The interview: order, pairs, early stop, what earlier answers settle,
the cause offer, landmarks, and the moves a person can make."""

from skill.conversation import EMERGENCY_SIGNS, Interview, next_question, questions_left
from skill.triage import PAIRS, QUESTIONS, TIER_1, Urgency

ALL_CLEAR = {q.id: q.reassuring.value for q in QUESTIONS}
SURVIVOR = ALL_CLEAR | {"cancer_history": "yes"}

run = Interview.answered_from


def test_the_first_questions_are_the_emergency_signs_in_their_two_pairs():
    interview = Interview.start()
    asked = []
    for _ in range(4):
        asked.append(interview.question)
        interview.answer("no")
    assert asked == [PAIRS[0], PAIRS[1], "numbness_tingling", "band_pain"]
    assert set(interview.asked) == set(TIER_1) == set(EMERGENCY_SIGNS)


def test_a_yes_to_the_weakness_pair_ends_the_interview_at_once():
    interview = Interview.start()
    interview.answer("yes")
    assert interview.finished and interview.level is Urgency.EMERGENCY
    assert interview.answers == {"limb_weakness": "yes"}  # no claim about which of the two
    assert interview.either == {"limb_weakness": PAIRS[0]}


def test_not_sure_about_a_pair_asks_its_items_one_at_a_time():
    interview = Interview.start()
    interview.answer("unknown")
    assert interview.question == "limb_weakness"
    interview.answer("no")
    assert interview.question == "walking_difficulty"


def test_yes_to_an_urgent_pair_asks_its_items_until_the_level_is_settled():
    interview = run(SURVIVOR | {"pain_new_or_changed": "yes", "straining_pain": "yes"})
    steps = [asked for asked, _ in interview.steps]
    pair = steps.index(("night_pain", "straining_pain"))
    assert steps[pair + 1: pair + 3] == ["night_pain", "straining_pain"]
    assert interview.level is Urgency.URGENT and interview.finished


def test_what_on_a_pair_splits_it():
    interview = Interview.start()
    assert interview.split() and interview.question == "limb_weakness"
    assert not interview.split()  # a single question cannot be split


def test_new_numbness_is_followed_by_the_history_question_that_decides_it():
    answers = {qid: "no" for qid in TIER_1[:4]} | {"numbness_tingling": "yes"}
    assert next_question(answers) == "cancer_history"


def test_the_fever_question_leads_to_current_treatment_only_when_it_matters():
    base = {qid: "no" for qid in TIER_1} | {"cancer_history": "yes"}
    assert next_question(base | {"fever_chills": "yes"}) == "chemo_now"
    assert "chemo_now" not in run(SURVIVOR).asked


def test_never_having_had_cancer_settles_the_treatment_questions():
    interview = run(ALL_CLEAR | {"cancer_history": "no", "joint_pain_stiffness": "yes", "upper_spine": "yes"})
    after = interview.asked[interview.asked.index("cancer_history"):]
    treatments = {"chemo_now", "chemotherapy", "known_neuropathy", "known_bone_mets", "radiation_therapy",
                  "breast_surgery"}
    assert not treatments & set(after)
    assert interview.answers["chemotherapy"] == "no"  # settled, not asked


def test_never_having_had_cancer_does_not_settle_an_aromatase_inhibitor_taken_to_prevent_it():
    """Anastrozole is also taken to prevent breast cancer (NICE CG164): a fall on it is urgent."""
    truth = ALL_CLEAR | {"cancer_history": "no", "fall_or_injury": "yes", "aromatase_inhibitor": "yes"}
    interview = run(truth)
    assert "aromatase_inhibitor" in interview.asked
    assert interview.level is Urgency.URGENT


def test_chemo_numbness_settles_whether_chemotherapy_was_given():
    interview = Interview.start()
    interview.answers.update({"known_neuropathy": "yes"})
    interview._set("known_neuropathy", "yes")
    assert interview.answers["chemotherapy"] == "yes"


def test_questions_that_cannot_change_the_level_are_not_asked():
    interview = run(SURVIVOR | {"night_pain": "yes", "pain_new_or_changed": "yes"})
    assert interview.level is Urgency.URGENT
    assert "still_in_treatment" not in interview.asked
    assert len(interview.asked) < len(QUESTIONS)


def test_a_soon_result_offers_the_cause_questions_instead_of_asking_them_first():
    interview = run(SURVIVOR | {"pain_new_or_changed": "yes", "aromatase_inhibitor": "yes",
                                "joint_pain_stiffness": "yes"})
    assert interview.level is Urgency.SOON and interview.finished
    assert not {"aromatase_inhibitor", "joint_pain_stiffness"} & set(interview.asked)
    assert interview.causes_due
    interview.explain_causes()
    assert interview.question == "joint_pain_stiffness"
    interview.answer("yes")
    assert interview.question == "aromatase_inhibitor"
    interview.answer("yes")
    while interview.question:  # the other treatments' questions
        interview.answer("no")
    assert len(interview.steps) <= 15 + 3  # "two or three more questions"
    assert interview.finished and interview.assessment().causes == ("aromatase_inhibitor_syndrome",)
    assert interview.level is Urgency.SOON  # the cause never changes the level


def test_the_cause_phase_skips_the_symptom_of_a_treatment_already_denied():
    interview = run(SURVIVOR | {"pain_new_or_changed": "yes", "chemotherapy": "no", "aromatase_inhibitor": "no",
                                "breast_surgery": "no", "radiation_therapy": "no"})
    interview.explain_causes()
    asked = []
    while interview.question:
        asked.append(interview.question)
        interview.answer("no")
    assert "known_neuropathy" not in asked or "chemotherapy" not in interview.answers


def test_answering_partly_gives_the_worrying_answer_and_is_remembered():
    interview = run(SURVIVOR | {"pain_new_or_changed": "yes", "rest_relief": "no"})
    interview.go_back()
    while interview.question != "rest_relief":
        interview.go_back()
    interview.answer_worrying()
    assert interview.answers["rest_relief"] == "no" and "rest_relief" in interview.partly


def test_going_back_undoes_the_last_answer_and_reasks_it():
    interview = Interview.start()
    interview.answer("no")
    interview.answer("no")
    assert interview.go_back()
    assert interview.question == PAIRS[1]
    assert interview.asked == list(PAIRS[0]) and "bladder_bowel" not in interview.answers


def test_going_back_after_splitting_a_pair_asks_the_pair_again():
    interview = Interview.start()
    interview.answer("unknown")
    interview.go_back()
    assert interview.question == PAIRS[0] and interview.follow_up == ()


def test_going_back_from_an_emergency_result_reopens_the_check():
    interview = Interview.start()
    interview.answer("yes")
    interview.go_back()
    assert not interview.finished and interview.question == PAIRS[0]


def test_going_back_at_the_first_question_does_nothing():
    interview = Interview.start()
    assert not interview.go_back()
    assert interview.question == PAIRS[0]


def test_the_state_survives_a_round_trip_through_session_attributes():
    interview = Interview.start()
    for value in ("no", "unknown", "no"):
        interview.answer(value)
    restored = Interview.from_attributes(interview.to_attributes())
    assert restored == interview


def test_the_session_attributes_follow_the_contract():
    interview = Interview.start()
    interview.answer("no")
    attributes = interview.to_attributes()
    assert {k: attributes[k] for k in ("question", "asked", "answers", "urgency", "reasons")} == {
        "question": ["bladder_bowel", "saddle_numbness"],
        "asked": ["limb_weakness", "walking_difficulty"],
        "answers": {"limb_weakness": "no", "walking_difficulty": "no"},
        "urgency": None,
        "reasons": [],
    }


def test_tampered_session_attributes_are_replayed_against_the_rules_not_trusted():
    data = {"steps": [[["limb_weakness", "walking_difficulty"], "no"], ["nonsense", "yes"], ["band_pain", "no"]],
            "answers": {"limb_weakness": "yes"}, "question": "x", "urgency": "emergency"}
    restored = Interview.from_attributes(data)
    assert restored.answers == {"limb_weakness": "no", "walking_difficulty": "no"}
    assert restored.question == PAIRS[1] and restored.urgency is None


def test_unusable_session_attributes_mean_no_check():
    assert Interview.from_attributes(None) is None
    assert Interview.from_attributes({"answers": []}) is None


def test_the_last_question_is_announced_only_when_every_answer_ends_the_check():
    interview = Interview.start()
    assert questions_left(interview) is None
    truth = SURVIVOR | {"pain_new_or_changed": "yes"}
    seen = []
    while not interview.finished:
        seen.append(questions_left(interview))
        interview.answer(truth[interview.question] if isinstance(interview.question, str) else "no")
    assert seen[-1] == 1 and seen[-2] == 2
    assert all(left is None for left in seen[:-2])
