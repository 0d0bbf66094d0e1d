"""Full conversations through real request envelopes, via Lambda and Flask."""

import re

import pytest

from skill.triage import QUESTIONS, TIER_1
from tests.test_triage_rules import SPEC_EXAMPLES

ALL_CLEAR = {q.id: q.reassuring.value for q in QUESTIONS}


# -- launch --------------------------------------------------------------------------
def test_launch_welcomes_disclaims_says_how_many_questions_and_asks_the_first(talk):
    talk.open()
    assert "Welcome" in talk.speech
    assert "not a diagnosis" in talk.speech
    assert re.search(r"at most \d+ short yes or no questions", talk.speech)
    assert talk.speech.endswith("given way?")
    assert not talk.ended
    assert talk.triage == {"question": "limb_weakness", "asked": [], "answers": {}, "urgency": None, "reasons": []}


def test_the_disclaimer_is_said_once_per_user(talk):
    talk.open()
    talk.say("AMAZON.StopIntent")
    talk.open()
    assert "not a diagnosis" not in talk.speech
    assert "Welcome back" in talk.speech


# -- the spec's examples, spoken -------------------------------------------------------
@pytest.mark.parametrize("story", SPEC_EXAMPLES)
def test_each_spec_example_reaches_its_level_by_voice(talk, story):
    truth, expected = SPEC_EXAMPLES[story]
    talk.run_check(truth)
    assert talk.triage["urgency"] == expected.label
    assert talk.triage["reasons"] or expected.label == "routine"
    assert talk.triage["asked"] == list(talk.triage["answers"])


def test_every_question_has_a_different_reprompt_and_keeps_the_session_open(talk):
    talk.open()
    seen = 0
    while talk.triage.get("question"):
        assert not talk.ended
        assert talk.reprompt and talk.reprompt != talk.speech
        assert talk.reprompt.endswith("?")
        talk.answer(ALL_CLEAR[talk.triage["question"]])
        seen += 1
    assert seen > 10


# -- emergency -------------------------------------------------------------------------
def test_an_emergency_answer_ends_the_interview_at_once(talk):
    talk.open().answer("yes")
    assert talk.triage["urgency"] == "emergency"
    assert talk.triage["question"] is None and talk.triage["asked"] == ["limb_weakness"]


def test_the_emergency_advice_says_the_number_first_digit_by_digit_twice(talk):
    talk.open().answer("yes")
    assert talk.speech.startswith("Call 911 now")
    assert talk.ssml.count('<say-as interpret-as="digits">911</say-as>') == 2
    for words in ("can't call for you", "Don't drive", "legs are weak, stay where you are"):
        assert words in talk.speech
    assert talk.speech.endswith("Shall I repeat that?")
    assert not talk.ended


def test_yes_after_the_emergency_advice_repeats_it_and_no_ends(talk):
    talk.open().answer("yes")
    first = talk.speech
    talk.answer("yes")
    assert talk.speech == first and not talk.ended
    talk.answer("no")
    assert talk.ended


def test_no_after_the_emergency_advice_ends_with_the_number_not_a_goodbye(talk):
    talk.open().answer("yes").answer("no")
    assert talk.speech == "Okay. Please call 911 now."
    assert '<say-as interpret-as="digits">911</say-as>' in talk.ssml


def test_why_after_the_emergency_advice_gives_the_reason(talk):
    talk.open().answer("yes")
    talk.say("WhyIntent")
    assert "weakness" in talk.speech and not talk.ended


# -- the recommendation ------------------------------------------------------------------
def test_a_non_emergency_result_names_the_911_signs_and_the_history_advice(talk):
    talk.run_check(SPEC_EXAMPLES["survivor, constant pain three weeks, worse lying down"][0])
    assert "Call your cancer team today" in talk.speech
    assert "If you can't, call your doctor's after-hours line" in talk.speech
    assert "Call 911 for new weakness" in talk.speech
    assert "full breast cancer history" in talk.speech
    assert "because" in talk.speech


def test_the_routine_advice_is_self_care_and_ends_the_session(talk):
    talk.run_check(SPEC_EXAMPLES["no history, strained back lifting a box, better with rest"][0])
    assert "Try heat, gentle movement" in talk.speech
    assert talk.speech.endswith("Take care.") and talk.ended


def test_a_treatment_pattern_is_explained(talk):
    talk.run_check(SPEC_EXAMPLES["survivor on letrozole, stiff joints, ache eases with rest and ibuprofen"][0])
    assert talk.triage["urgency"] == "soon"
    assert "Aromatase inhibitors often cause treatable aches and stiffness" in talk.speech


def test_the_result_comes_with_a_card_for_the_clinician(talk):
    talk.run_check(SPEC_EXAMPLES["survivor, constant pain three weeks, worse lying down"][0])
    card = talk.card
    assert card["type"] == "Standard"
    assert "URGENT" in card["text"]
    assert "worse at night" in card["text"]
    assert "full breast cancer history" in card["text"]
    assert "<" not in card["text"]


# -- moves -------------------------------------------------------------------------------
def test_partly_counts_as_the_worrying_answer(talk):
    talk.open().answer("partly")
    assert talk.triage["answers"] == {"limb_weakness": "yes"}
    assert talk.triage["urgency"] == "emergency"


def test_i_dont_know_is_recorded_as_unknown_and_the_check_goes_on(talk):
    talk.open().answer("unknown")
    assert talk.triage["answers"] == {"limb_weakness": "unknown"}
    assert talk.triage["question"] == "walking_difficulty"


def test_repeat_asks_the_same_question_again(talk):
    talk.open().answer("no")
    asked = talk.speech
    talk.say("AMAZON.RepeatIntent")
    assert talk.speech == asked and talk.triage["question"] == "walking_difficulty"


def test_go_back_undoes_the_last_answer_and_reasks_it(talk):
    talk.open().answer("no").answer("no")
    talk.say("GoBackIntent")
    assert talk.triage["question"] == "walking_difficulty"
    assert talk.triage["asked"] == ["limb_weakness"]
    assert talk.speech.startswith("Okay, back one.")


def test_go_back_at_the_first_question_says_so_and_reasks(talk):
    talk.open().say("GoBackIntent")
    assert "nothing to go back to" in talk.speech and talk.triage["question"] == "limb_weakness"


def test_go_back_after_an_emergency_answer_reopens_the_question(talk):
    talk.open().answer("yes").say("GoBackIntent")
    assert talk.triage["question"] == "limb_weakness" and talk.triage["urgency"] is None


def test_start_over_begins_a_fresh_check(talk):
    talk.open().answer("no").answer("no").say("AMAZON.StartOverIntent")
    assert talk.triage["asked"] == [] and talk.triage["question"] == "limb_weakness"


def test_help_explains_the_current_question_and_how_to_answer(talk):
    talk.open().say("AMAZON.HelpIntent")
    assert "spine" in talk.speech and "yes, no, a little, or not sure" in talk.speech
    assert talk.speech.endswith("given way?") and not talk.ended


def test_why_says_why_the_question_matters_then_asks_it_again(talk):
    talk.open().say("WhyIntent")
    assert "nerve in the spine" in talk.speech and talk.speech.endswith("given way?")


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"])
def test_stopping_during_a_check_names_the_signs_that_mean_calling_911(talk, intent):
    talk.open().answer("no").say(intent)
    assert "call 911" in talk.speech and "bladder or bowel" in talk.speech
    assert talk.ended


def test_stopping_outside_a_check_just_says_goodbye(talk):
    talk.say("AMAZON.StopIntent")
    assert talk.ended and "911" not in talk.speech


def test_fallback_reasks_and_names_the_accepted_answers(talk):
    talk.open().say("AMAZON.FallbackIntent")
    assert "yes, no, a little, or not sure" in talk.speech
    assert talk.speech.endswith("given way?") and not talk.ended


def test_an_unknown_intent_is_treated_like_fallback(talk):
    talk.open().say("OrderPizzaIntent")
    assert talk.speech.endswith("given way?") and not talk.ended


# -- out of context -------------------------------------------------------------------------
@pytest.mark.parametrize("intent", ["AMAZON.YesIntent", "AMAZON.NoIntent", "DontKnowIntent", "PartlyIntent"])
def test_an_answer_with_no_check_under_way_offers_to_start_one(talk, intent):
    talk.say(intent)
    assert "not in the middle of a check" in talk.speech and not talk.ended


def test_yes_to_the_offer_starts_the_check(talk):
    talk.say("AMAZON.YesIntent").say("AMAZON.YesIntent")
    assert talk.triage["question"] == TIER_1[0]


def test_no_to_the_offer_says_goodbye(talk):
    talk.say("AMAZON.YesIntent").say("AMAZON.NoIntent")
    assert talk.ended


@pytest.mark.parametrize("intent", ["WhyIntent", "AMAZON.HelpIntent", "AMAZON.RepeatIntent", "GoBackIntent"])
def test_other_moves_outside_a_check_get_a_sensible_reply(talk, intent):
    talk.say(intent)
    assert talk.speech and talk.speech.endswith("?") and not talk.ended


def test_session_ended_gets_an_empty_reply(talk):
    talk.open()
    talk._send(talk.device.session_ended("EXCEEDED_MAX_REPROMPTS"))
    assert "outputSpeech" not in talk.response
