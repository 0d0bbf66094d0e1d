"""Full conversations through real request envelopes, via Lambda and Flask."""

import re

import pytest

from skill.locales import load
from skill.triage import PAIRS, QUESTIONS
from tests.test_triage_rules import SPEC_EXAMPLES

ALL_CLEAR = {q.id: q.reassuring.value for q in QUESTIONS}
FIRST = "chest_or_breathing"  # asked first (spec v4): chest pain, breathlessness or fainting
WEAKNESS = list(PAIRS[0])  # new weakness, or new trouble walking
BLADDER = list(PAIRS[1])  # new bladder or bowel trouble, or new numbness between the legs
EN = load("en-US")  # the words as they are now: a change of wording does not break these tests
NUMBER = EN["meta.emergency_number"]
CHEST_QUESTION = EN.question(FIRST, "ask")
# the signs that mean calling 911, as said on stopping a check
WARNING_SIGNS = EN.get("moves.stop_during_check", number=NUMBER).removeprefix(EN["moves.stopping"] + " ")


# -- launch --------------------------------------------------------------------------
def test_launch_welcomes_says_how_long_it_takes_disclaims_and_asks_the_first(talk):
    talk.open()
    assert talk.speech.startswith(EN["launch.welcome"])
    assert "about two minutes" in talk.speech and not re.search(r"at most \d+", talk.speech)
    assert "not a diagnosis" in talk.speech and "someone else" in talk.speech
    assert "Answers aren't kept." in talk.speech  # honest: retention is off here
    assert talk.speech.endswith(CHEST_QUESTION)
    assert not talk.ended
    triage = talk.triage
    assert {k: triage[k] for k in ("question", "asked", "answers", "urgency", "reasons")} == {
        "question": FIRST, "asked": [], "answers": {}, "urgency": None, "reasons": []
    }


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


def test_every_question_has_a_different_reprompt_and_keeps_the_session_open(talk):
    talk.open()
    seen = 0
    while talk.triage.get("question"):
        assert not talk.ended
        assert talk.reprompt and talk.reprompt != talk.speech
        assert talk.reprompt.endswith("?")
        talk.answer_from(ALL_CLEAR)
        seen += 1
    assert seen > 10


# -- emergency -------------------------------------------------------------------------
def test_an_emergency_answer_ends_the_interview_at_once(talk):
    talk.open().answer("yes")
    assert talk.triage["urgency"] == "emergency"
    assert talk.triage["question"] is None and talk.triage["asked"] == [FIRST]


def test_an_emergency_answer_to_a_pair_ends_the_interview_at_once(talk):
    talk.open().answer("no").answer("yes")
    assert talk.triage["urgency"] == "emergency"
    assert talk.triage["question"] is None and talk.triage["asked"] == [FIRST, *WEAKNESS]


def test_the_emergency_advice_says_the_number_first_digit_by_digit_twice(talk):
    talk.open().answer("no").answer("yes")  # new weakness: the cord script
    assert talk.speech.startswith("Call 911 now")
    assert talk.ssml.count('<say-as interpret-as="digits">911</say-as>') == 2
    for words in ("I can't call", "Don't drive", "Weak legs? Stay where you are."):
        assert words in talk.speech
    assert talk.speech.endswith("Shall I repeat that?")
    assert not talk.ended


def test_chest_pain_gets_the_general_script_with_the_number_first_twice_and_nothing_about_legs(talk):
    talk.open().answer("yes")
    assert talk.speech.startswith(f"Call 911 now, because {EN.question(FIRST, 'reason')}.")
    assert talk.ssml.count('<say-as interpret-as="digits">911</say-as>') == 2
    for words in ("I can't call", "Don't drive", "back pain and any cancer history"):
        assert words in talk.speech
    assert "legs" not in talk.speech and "cancer team" not in talk.speech  # history not asked yet
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
    talk.open().answer("no").answer("yes")
    talk.say("WhyIntent")
    assert "weakness" in talk.speech and not talk.ended


# -- the recommendation ------------------------------------------------------------------
def test_a_non_emergency_result_names_the_911_signs_and_the_history_advice(talk):
    talk.run_check(SPEC_EXAMPLES["survivor, constant pain three weeks, worse lying down"][0])
    assert "Call your cancer team today" in talk.speech
    assert "If you can't reach them, call your doctor's after-hours line" in talk.speech
    assert "urgent care" not in talk.speech
    assert EN.get("advice.warning_signs", number=NUMBER) in talk.speech  # the 911 signs, then the 24-hour line
    assert WARNING_SIGNS in talk.speech
    assert EN["advice.history"] in talk.speech
    assert "because" in talk.speech


def test_the_routine_advice_is_self_care_and_ends_the_session(talk):
    talk.run_check(SPEC_EXAMPLES["no history, strained back lifting a box, better with rest"][0])
    assert "Try heat, gentle movement" in talk.speech
    assert talk.speech.endswith(EN["levels.routine.safety_net_none"])
    assert "your health history and any treatments" in talk.speech and "breast cancer" not in talk.speech
    assert talk.ended  # the safety net is the last word


def test_a_soon_result_offers_the_treatment_questions_and_explains_after_them(talk):
    truth = SPEC_EXAMPLES["survivor on letrozole, stiff joints, ache eases with rest and ibuprofen"][0]
    talk.run_check(truth)
    assert talk.triage["urgency"] == "soon"
    assert talk.speech.endswith("Would you like to know whether a treatment could be adding to this? "
                                "A few more questions.")
    talk.answer("yes")
    while talk.triage["question"]:
        talk.answer_from(truth)
    assert talk.speech.startswith("Aromatase inhibitors often cause aches; your team can suggest treatments.")
    assert "may be adding to it, but new pain still needs checking" in talk.speech
    assert "See your doctor or cancer team within two weeks" in talk.speech  # the booking advice again, last
    assert talk.speech.endswith("Shall I remind you tomorrow at nine?")


def test_declining_the_treatment_questions_goes_to_the_reminder_offer(talk):
    talk.run_check(SPEC_EXAMPLES["survivor on letrozole, stiff joints, ache eases with rest and ibuprofen"][0])
    talk.answer("no")
    assert talk.speech == "Shall I remind you tomorrow at nine?" and not talk.ended


def test_the_result_comes_with_a_card_for_the_clinician(talk):
    talk.run_check(SPEC_EXAMPLES["survivor, constant pain three weeks, worse lying down"][0])
    card = talk.card
    assert card["type"] == "Standard"
    assert "URGENT" in card["text"]
    assert "worse at night" in card["text"]
    assert "after-hours line, or else the emergency room" in card["text"]
    assert "full cancer history" in card["text"]
    assert "<" not in card["text"]


# -- moves -------------------------------------------------------------------------------
def test_partly_counts_as_the_worrying_answer(talk):
    talk.open().answer("no").answer("partly")
    # one of the pair: the same level and script
    assert talk.triage["answers"] == {"chest_or_breathing": "no", "limb_weakness": "yes"}
    assert talk.triage["urgency"] == "emergency"
    assert "because you have new weakness or trouble walking" in talk.speech


def test_partly_to_the_chest_question_is_the_general_script(talk):
    talk.open().answer("partly")
    assert talk.triage["answers"] == {"chest_or_breathing": "yes"} and talk.triage["urgency"] == "emergency"
    assert f"because {EN.question(FIRST, 'reason')}" in talk.speech


def test_i_dont_know_is_recorded_as_unknown_and_the_check_goes_on(talk):
    talk.open().answer("no").answer("no").say("DontKnowIntent")
    assert talk.triage["question"] == "bladder_bowel"  # not sure about a pair: one at a time
    talk.answer("unknown")
    assert talk.triage["answers"]["bladder_bowel"] == "unknown"
    assert talk.triage["question"] == "saddle_numbness"


def test_repeat_asks_the_same_question_again(talk):
    talk.open().answer("no").answer("no").answer("no")
    asked = talk.speech
    talk.say("AMAZON.RepeatIntent")
    assert talk.speech == asked and talk.triage["question"] == "numbness_tingling"


def test_repeat_or_what_on_a_pair_asks_its_items_one_at_a_time(talk):
    talk.open().answer("no").answer("no").say("AMAZON.RepeatIntent")
    assert talk.speech.startswith("Let's take them one at a time.")
    assert talk.triage["question"] == "bladder_bowel"
    talk.answer("no")
    assert talk.triage["question"] == "saddle_numbness"


def test_go_back_undoes_the_last_answer_and_reasks_it(talk):
    talk.open().answer("no").answer("no").answer("no")
    talk.say("GoBackIntent")
    assert talk.triage["question"] == BLADDER
    assert talk.triage["asked"] == [FIRST, *WEAKNESS]
    assert talk.speech.startswith("Okay, back one.")


def test_go_back_at_the_first_question_says_so_and_reasks(talk):
    talk.open().say("GoBackIntent")
    assert "nothing to go back to" in talk.speech and talk.triage["question"] == FIRST


def test_go_back_after_an_emergency_answer_reopens_the_question(talk):
    talk.open().answer("no").answer("yes").say("GoBackIntent")
    assert talk.triage["question"] == WEAKNESS and talk.triage["urgency"] is None
    assert talk.triage["answers"] == {FIRST: "no"}


def test_start_over_begins_a_fresh_check(talk):
    talk.open().answer("no").answer("no").say("AMAZON.StartOverIntent")
    assert talk.triage["asked"] == [] and talk.triage["question"] == FIRST
    assert talk.speech.startswith("Okay, let's start again.")


def test_help_explains_the_current_question_and_how_to_answer(talk):
    talk.open().say("AMAZON.HelpIntent")
    assert "blood clot or a heart problem" in talk.speech and "yes, no, a little, or not sure" in talk.speech
    assert "emergency, say so" in talk.speech
    assert talk.speech.endswith(CHEST_QUESTION) and not talk.ended


def test_why_says_why_the_question_matters_then_asks_it_again(talk):
    talk.open().answer("no").say("WhyIntent")
    assert "nerve in the spine" in talk.speech and "spinal cord" in talk.speech  # why for each item
    assert talk.speech.endswith("Either one?")


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"])
def test_stopping_during_a_check_names_the_signs_that_mean_calling_911(talk, intent):
    talk.open().answer("no").say(intent)
    assert talk.speech == EN.get("moves.stop_during_check", number=NUMBER)  # nothing certain yet above routine
    assert talk.ended


def test_stopping_after_not_sure_of_a_sign_speaks_the_level_already_certain(talk):
    talk.open().answer("no").answer("unknown").answer("unknown")  # not sure of new weakness
    talk.say("AMAZON.StopIntent")
    assert talk.speech.startswith("Okay, stopping. Call your doctor now, because you weren't sure of new weakness.")
    assert "Mention any cancer history." in talk.speech and "within a few hours" in talk.speech
    assert WARNING_SIGNS in talk.speech and "cancer team" not in talk.speech
    assert talk.ended


def test_stopping_outside_a_check_just_says_goodbye(talk):
    talk.say("AMAZON.StopIntent")
    assert talk.ended and "911" not in talk.speech


def test_fallback_reasks_and_names_the_accepted_answers(talk):
    talk.open().say("AMAZON.FallbackIntent")
    assert "yes, no, a little, or not sure" in talk.speech
    assert talk.speech.endswith(CHEST_QUESTION) and not talk.ended


def test_an_unknown_intent_is_treated_like_fallback(talk):
    talk.open().say("OrderPizzaIntent")
    assert talk.speech.endswith(CHEST_QUESTION) and not talk.ended


# -- out of context -------------------------------------------------------------------------
@pytest.mark.parametrize("intent", ["AMAZON.YesIntent", "AMAZON.NoIntent", "DontKnowIntent", "PartlyIntent"])
def test_an_answer_with_no_check_under_way_offers_to_start_one(talk, intent):
    talk.say(intent)
    assert "not in the middle of a check" in talk.speech and not talk.ended


def test_yes_to_the_offer_starts_the_check(talk):
    talk.say("AMAZON.YesIntent").say("AMAZON.YesIntent")
    assert talk.triage["question"] == FIRST


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


def test_silence_after_the_cause_offer_gets_its_short_yes_or_no_form(talk):
    talk.run_check(SPEC_EXAMPLES["survivor on letrozole, stiff joints, ache eases with rest and ibuprofen"][0])
    assert talk.reprompt == "Shall I ask about treatments that could be adding to the pain? Yes or no?"
