"""The interview (spec v4): order, pairs, the relief pair, early stop, what
earlier answers settle, the "more" step, the fever question's form, the
cause offer, landmarks, stop, and the moves a person can make."""

import pytest

from skill.conversation import (
    MORE,
    Interview,
    cause_questions_left,
    group_answer,
    next_question,
    questions_left,
)
from skill.triage import PAIRS, QUESTIONS, Script, Urgency

ALL_CLEAR = {q.id: q.reassuring.value for q in QUESTIONS}
SURVIVOR = ALL_CLEAR | {"cancer_history": "yes"}
NO_HISTORY = ALL_CLEAR | {"cancer_history": "no"}
WEAKNESS, TOILET = PAIRS[0], PAIRS[1]
RELIEF = ("rest_relief", "otc_relief")

run = Interview.answered_from


def until(truth: dict[str, str], question) -> Interview:
    """The interview of ``truth`` up to the moment ``question`` is asked."""
    interview = Interview.start()
    while interview.question != question:
        assert not interview.finished, f"{question} was never asked"
        interview.answer(group_answer(interview.question, truth))
    return interview


# -- order -----------------------------------------------------------------------
def test_chest_pain_or_breathing_is_the_first_question():
    assert Interview.start().question == "chest_or_breathing"


def test_then_the_two_tier_1_pairs_then_numbness_then_band_like_pain():
    interview = Interview.start()
    asked = []
    for _ in range(5):
        asked.append(interview.question)
        interview.answer("no")
    assert asked == ["chest_or_breathing", WEAKNESS, TOILET, "numbness_tingling", "band_pain"]


def test_the_history_question_follows_the_emergency_signs():
    assert until(SURVIVOR, "cancer_history").asked == [
        "chest_or_breathing", *WEAKNESS, *TOILET, "numbness_tingling", "band_pain"]


def test_a_yes_to_numbness_asks_about_both_legs_at_once_before_the_history():
    interview = until(SURVIVOR | {"numbness_tingling": "yes"}, "both_legs")
    assert "cancer_history" not in interview.answers
    interview.answer("no")
    assert interview.question == "cancer_history"


def test_not_sure_about_band_like_pain_asks_about_both_legs_at_once():
    interview = until(SURVIVOR | {"band_pain": "unknown"}, "band_pain")
    interview.answer("unknown")
    assert interview.question == "both_legs"


def test_no_to_numbness_and_band_like_pain_settles_both_legs_without_asking():
    interview = run(SURVIVOR)
    assert interview.answers["both_legs"] == "no" and "both_legs" not in interview.asked


def test_pain_down_both_legs_without_cancer_is_the_cord_emergency():
    interview = run(NO_HISTORY | {"numbness_tingling": "yes", "both_legs": "yes"})
    assert interview.level is Urgency.EMERGENCY and interview.assessment().script is Script.CORD
    assert "cancer_history" not in interview.asked


def test_new_numbness_is_followed_by_the_history_question_that_decides_it():
    interview = run(SURVIVOR | {"numbness_tingling": "yes"})
    assert [asked for asked, _ in interview.steps][-3:] == ["numbness_tingling", "both_legs", "cancer_history"]
    assert interview.level is Urgency.EMERGENCY and interview.assessment().script is Script.NERVE


def test_anyone_with_a_history_is_asked_about_current_treatment_before_the_fever_question():
    asked = run(SURVIVOR | {"pain_new_or_changed": "yes"}).asked
    assert asked.index("chemo_now") < asked.index("fever_chills")


def test_never_having_had_cancer_settles_the_treatment_questions():
    interview = run(NO_HISTORY | {"joint_pain_stiffness": "yes", "upper_spine": "yes"})
    treatments = {"chemo_now", "chemotherapy", "known_neuropathy", "known_bone_mets", "radiation_therapy",
                  "still_in_treatment"}
    assert not treatments & set(interview.asked)
    assert all(interview.answers[q] == "no" for q in treatments)


def test_never_having_had_cancer_does_not_settle_an_aromatase_inhibitor_taken_to_prevent_it():
    """Anastrozole is also taken to lower the risk of breast cancer (NICE CG164): a fall on it is urgent."""
    interview = run(NO_HISTORY | {"fall_or_injury": "yes", "aromatase_inhibitor": "yes"})
    assert "aromatase_inhibitor" in interview.asked and interview.level is Urgency.URGENT


def test_chemo_numbness_settles_whether_chemotherapy_was_given():
    interview = Interview.start()
    interview._set("known_neuropathy", "yes")
    assert interview.answers["chemotherapy"] == "yes"


# -- tier-1 and tier-2 pairs -------------------------------------------------------
def test_a_yes_to_the_weakness_pair_ends_the_interview_at_once_claiming_only_one_of_the_two():
    interview = until(ALL_CLEAR, WEAKNESS)
    interview.answer("yes")
    assert interview.finished and interview.level is Urgency.EMERGENCY
    assert interview.answers == {"chest_or_breathing": "no", "limb_weakness": "yes"}
    assert interview.either == {"limb_weakness": WEAKNESS}


def test_not_sure_about_a_pair_asks_its_items_one_at_a_time():
    interview = until(ALL_CLEAR, WEAKNESS)
    interview.answer("unknown")
    assert interview.question == "limb_weakness"
    interview.answer("no")
    assert interview.question == "walking_difficulty"


def test_what_on_a_pair_splits_it_and_a_single_question_cannot_be_split():
    interview = until(ALL_CLEAR, WEAKNESS)
    assert interview.split() and interview.question == "limb_weakness"
    assert not interview.split()


def test_yes_to_an_urgent_pair_asks_its_items_until_the_level_is_settled():
    interview = run(SURVIVOR | {"pain_new_or_changed": "yes", "straining_pain": "yes"})
    steps = [asked for asked, _ in interview.steps]
    pair = steps.index(("night_pain", "straining_pain"))
    assert steps[pair + 1: pair + 3] == ["night_pain", "straining_pain"]
    assert interview.level is Urgency.URGENT and interview.finished


# -- the relief pair ---------------------------------------------------------------
def test_the_relief_pair_is_asked_the_reassuring_way_round_and_yes_says_at_least_one_eases_it():
    interview = until(SURVIVOR | {"pain_new_or_changed": "yes"}, RELIEF)
    interview.answer("yes")
    assert interview.eases == (RELIEF,)
    assert interview.finished and interview.level is Urgency.SOON  # unremitting is ruled out


def test_no_to_the_relief_pair_means_neither_eases_it():
    interview = until(SURVIVOR | {"pain_new_or_changed": "yes"}, RELIEF)
    interview.answer("no")
    assert interview.answers["rest_relief"] == interview.answers["otc_relief"] == "no"
    assert interview.level is Urgency.URGENT  # new pain after cancer that nothing eases


def test_after_yes_to_the_relief_pair_a_no_to_rest_means_painkillers_ease_it():
    interview = until(NO_HISTORY, RELIEF)
    interview.answer("yes")
    assert interview.question == "rest_relief"
    interview.answer("no")
    assert interview.answers["otc_relief"] == "yes"
    assert "otc_relief" not in [asked for asked, _ in interview.steps]  # settled, not asked alone


@pytest.mark.parametrize("said", ["unknown", "partly"])
def test_not_sure_or_a_little_to_the_relief_pair_asks_its_members_one_at_a_time(said):
    interview = until(SURVIVOR | {"pain_new_or_changed": "yes"}, RELIEF)
    interview._step(RELIEF, said)
    assert interview.question == "rest_relief" and "rest_relief" not in interview.answers


# -- the "more" step and the fever question's form ------------------------------------
def test_a_hormone_drug_named_alone_at_current_treatment_asks_once_for_anything_else():
    interview = until(SURVIVOR, "chemo_now")
    assert interview.ask_more()
    assert interview.question == "chemo_now" and interview.wording == MORE
    assert "chemo_now" not in interview.answers  # not taken as a plain no
    assert not interview.ask_more()  # once


def test_the_more_step_survives_going_back_and_a_round_trip():
    interview = until(SURVIVOR, "chemo_now")
    interview.ask_more()
    assert Interview.from_attributes(interview.to_attributes()) == interview
    interview.go_back()
    assert interview.question == "chemo_now" and interview.wording == ""


@pytest.mark.parametrize("chemo_now", ["yes", "unknown"])
def test_the_fever_question_takes_its_treatment_form_for_someone_maybe_on_treatment(chemo_now):
    interview = until(SURVIVOR, "chemo_now")
    interview.answer(chemo_now)
    assert interview.question == "fever_chills" and interview.wording == "treatment"


def test_the_fever_question_is_plain_for_someone_not_on_treatment():
    interview = until(SURVIVOR, "fever_chills")
    assert interview.answers["chemo_now"] == "no" and interview.wording == ""


def test_the_fever_question_is_plain_for_someone_who_never_had_cancer():
    assert until(NO_HISTORY, "fever_chills").wording == ""


# -- early stop and stop -------------------------------------------------------------
def test_questions_that_cannot_change_the_level_are_not_asked():
    interview = run(SURVIVOR | {"night_pain": "yes", "pain_new_or_changed": "yes"})
    assert interview.level is Urgency.URGENT
    assert "still_in_treatment" not in interview.asked
    assert len(interview.asked) < len(QUESTIONS)


def test_stop_at_the_start_is_certain_of_nothing_above_routine():
    assert Interview.start().certain is Urgency.ROUTINE


def test_stop_after_not_sure_to_a_sign_is_certain_of_advice_within_hours():
    interview = until(ALL_CLEAR | {"numbness_tingling": "unknown"}, "numbness_tingling")
    interview.answer("unknown")
    assert interview.certain is Urgency.URGENT


def test_stop_after_not_sure_to_the_weakness_pair_is_certain_of_advice_within_hours():
    interview = until(ALL_CLEAR, WEAKNESS)
    interview.answer("unknown")
    assert interview.certain is Urgency.URGENT


@pytest.mark.parametrize("said", ["yes", "unknown"])
def test_stop_after_an_answer_to_a_tier_2_pair_names_its_member_and_says_the_signs(said):
    """No tier-2 pair has words of its own: its members are named."""
    from skill import speech
    from skill.locales import load

    interview = until(SURVIVOR, ("night_pain", "straining_pain"))
    interview.answer(said)
    words = speech.plain(speech.stop_speech(load("en-US"), interview))
    assert "night" in words and "Call 911 if" in words


def test_stop_after_not_sure_to_the_weakness_pair_names_the_pair_not_one_member():
    from skill import speech
    from skill.locales import load

    interview = until(ALL_CLEAR, WEAKNESS)
    interview.answer("unknown")
    words = speech.plain(speech.stop_speech(load("en-US"), interview))
    assert "within a few hours" in words and "new weakness or trouble walking" in words


def test_stop_is_never_certain_of_more_than_the_answers_so_far_give():
    interview = until(SURVIVOR | {"pain_new_or_changed": "yes"}, RELIEF)
    assert interview.certain is Urgency.SOON  # history and new pain; relief still open


# -- the cause offer ---------------------------------------------------------------
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
    assert interview.finished and interview.assessment().causes == ("aromatase_inhibitor_syndrome",)
    assert interview.level is Urgency.SOON  # the cause never changes the level


def test_the_cause_offer_says_a_few_when_the_number_depends_on_the_answers():
    interview = run(SURVIVOR | {"pain_new_or_changed": "yes"})
    assert interview.causes_due
    assert cause_questions_left(interview) is None  # a symptom's yes adds its treatment's question


def test_the_cause_offer_gives_the_exact_number_when_it_is_the_same_whatever_the_answers():
    """Every treatment already answered: only chemotherapy's symptom is left."""
    interview = Interview(carried={"aromatase_inhibitor": "no", "breast_surgery": "no", "radiation_therapy": "no",
                                   "chemotherapy": "yes"})
    interview._replay()
    truth = SURVIVOR | {"pain_new_or_changed": "yes", "chemo_now": "yes", "chemotherapy": "yes"}
    while not interview.finished:
        interview.answer(group_answer(interview.question, truth))
    assert interview.level is Urgency.SOON and interview.answers["chemotherapy"] == "yes"
    assert cause_questions_left(interview) == 1


def test_the_cause_phase_skips_the_symptom_of_a_treatment_already_denied():
    interview = run(SURVIVOR | {"pain_new_or_changed": "yes", "chemotherapy": "no", "aromatase_inhibitor": "no",
                                "breast_surgery": "no", "radiation_therapy": "no"})
    interview.explain_causes()
    asked = []
    while interview.question:
        asked.append(interview.question)
        interview.answer("no")
    assert "known_neuropathy" not in asked or "chemotherapy" not in interview.answers


# -- moves ---------------------------------------------------------------------------
def test_answering_partly_gives_the_worrying_answer_and_is_remembered():
    interview = until(SURVIVOR | {"pain_new_or_changed": "yes", "rest_relief": "unknown"}, RELIEF)
    interview.answer("unknown")
    interview.answer_worrying()
    assert interview.answers["rest_relief"] == "no" and "rest_relief" in interview.partly


def test_going_back_undoes_the_last_answer_and_reasks_it():
    interview = until(ALL_CLEAR, TOILET)
    interview.answer("no")
    assert interview.go_back()
    assert interview.question == TOILET
    assert "bladder_bowel" not in interview.answers


def test_going_back_after_splitting_a_pair_asks_the_pair_again():
    interview = until(ALL_CLEAR, WEAKNESS)
    interview.answer("unknown")
    interview.go_back()
    assert interview.question == WEAKNESS and interview.follow_up == ()


def test_going_back_from_an_emergency_result_reopens_the_check():
    interview = Interview.start()
    interview.answer("yes")
    assert interview.finished and interview.assessment().script is Script.GENERAL
    interview.go_back()
    assert not interview.finished and interview.question == "chest_or_breathing"


def test_going_back_at_the_first_question_does_nothing():
    interview = Interview.start()
    assert not interview.go_back()
    assert interview.question == "chest_or_breathing"


# -- session attributes ----------------------------------------------------------------
def test_the_state_survives_a_round_trip_through_session_attributes():
    interview = Interview.start()
    for value in ("no", "no", "unknown", "no"):
        interview.answer(value)
    restored = Interview.from_attributes(interview.to_attributes())
    assert restored == interview and not restored.updated


def test_the_session_attributes_follow_the_contract():
    interview = Interview.start()
    interview.answer("no")
    interview.answer("no")
    attributes = interview.to_attributes()
    assert {k: attributes[k] for k in ("question", "asked", "answers", "urgency", "reasons")} == {
        "question": ["bladder_bowel", "saddle_numbness"],
        "asked": ["chest_or_breathing", "limb_weakness", "walking_difficulty"],
        "answers": {"chest_or_breathing": "no", "limb_weakness": "no", "walking_difficulty": "no"},
        "urgency": None,
        "reasons": [],
    }


def test_tampered_session_attributes_are_replayed_against_the_rules_not_trusted():
    interview = Interview.start()
    attributes = interview.to_attributes() | {
        "steps": [["chest_or_breathing", "no"], ["nonsense", "yes"], ["band_pain", "no"]],
        "answers": {"limb_weakness": "yes"}, "question": "x", "urgency": "emergency",
    }
    restored = Interview.from_attributes(attributes)
    assert restored.answers == {"chest_or_breathing": "no"}
    assert restored.question == WEAKNESS and restored.urgency is None and restored.updated


def test_a_v3_session_keeps_the_answers_that_still_mean_the_same_and_asks_the_current_question_again():
    v3 = {"steps": [[list(WEAKNESS), "no"], [list(TOILET), "no"], ["numbness_tingling", "no"]],
          "answers": {"limb_weakness": "no", "walking_difficulty": "no", "bladder_bowel": "no",
                      "saddle_numbness": "no", "numbness_tingling": "no", "cancer_history": "yes"},
          "question": "band_pain"}
    restored = Interview.from_attributes(v3)
    assert restored.carried == {"saddle_numbness": "no", "cancer_history": "yes"}
    assert restored.steps == [] and restored.updated
    assert restored.question == "chest_or_breathing"


def test_a_v3_session_that_only_heard_its_first_question_files_no_answer_against_chest_pain():
    restored = Interview.from_attributes({"steps": [], "answers": {}, "question": list(WEAKNESS)})
    assert restored.question == "chest_or_breathing" and restored.updated


def test_unusable_session_attributes_mean_no_check():
    assert Interview.from_attributes(None) is None
    assert Interview.from_attributes({"answers": []}) is None


# -- landmarks --------------------------------------------------------------------------
def test_the_last_question_is_announced_only_when_every_answer_ends_the_check():
    """After new numbness and no to both legs, the history decides: emergency or urgent."""
    truth = NO_HISTORY | {"numbness_tingling": "yes"}
    interview = Interview.start()
    seen = []
    while not interview.finished:
        seen.append((interview.question, questions_left(interview)))
        interview.answer(group_answer(interview.question, truth))
    assert seen[-1] == ("cancer_history", 1)
    assert all(left is None for _, left in seen[:-1])


def test_two_more_questions_is_not_said_when_one_answer_could_end_the_check():
    """At the aromatase inhibitor question a "no" ends it, a "yes" adds joint stiffness."""
    interview = until(NO_HISTORY, "aromatase_inhibitor")
    assert questions_left(interview) is None
    assert interview.then("aromatase_inhibitor", "no").finished
    assert not interview.then("aromatase_inhibitor", "yes").finished


def test_next_question_is_none_once_the_level_is_settled():
    assert next_question(SURVIVOR | {"limb_weakness": "yes"}) is None
