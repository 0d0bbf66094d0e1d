"""A check for someone else: third-person questions, advice for the helper."""

import pytest

from skill.locales import load
from tests.test_triage_rules import SPEC_EXAMPLES

# the words as they are now, about her and about him: a change of wording does not break these tests
HER, HIM = load("en-US").about("she"), load("en-US").about("he")


def relation(value: str, pronoun: str | None) -> dict:
    slot = {"name": "relation", "value": value, "confirmationStatus": "NONE"}
    if pronoun:
        slot["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": "amzn1.er-authority.echo-sdk.skill.RELATION",
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": value, "id": pronoun}}]}]}
    return {"relation": slot}


def test_asking_for_my_mother_mid_check_starts_again_about_her(talk):
    """The answers so far were the speaker's own (a daughter's "no" to the
    first question must not stand as her mother's answer)."""
    talk.open().answer("no").answer("no")  # no chest pain; no new weakness or trouble walking
    talk.say("ForSomeoneElseIntent", relation("mother", "she"))
    assert talk.speech.startswith("Okay, I'll ask about her from now on. Let's start again from the first question.")
    assert talk.speech.endswith(HER.question("chest_or_breathing", "ask"))
    assert talk.triage["asked"] == [] and talk.triage["answers"] == {}


def test_after_asking_for_my_mother_the_questions_are_about_her(talk):
    talk.open().say("ForSomeoneElseIntent", relation("mother", "she")).answer("no").answer("no")
    assert talk.speech.endswith(HER["groups.bladder_bowel.ask"]) and "numbness between her legs" in talk.speech
    assert talk.reprompt == ("New trouble passing or feeling urine, leaking urine or stool, or new numbness between"
                             " her legs? Yes or no?")


@pytest.mark.parametrize("value, pronoun, words", [
    ("father", "he", "Has he ever had breast cancer"),
    ("friend", "they", "Have they ever had breast cancer"),
    ("someone", None, "Have they ever had breast cancer"),
])
def test_the_relation_chooses_the_pronoun(talk, value, pronoun, words):
    talk.open().say("ForSomeoneElseIntent", relation(value, pronoun))
    while talk.triage["question"] != "cancer_history":
        talk.answer("no")
    assert words in talk.speech


def test_the_advice_tells_the_helper_what_to_do(talk):
    truth, _ = SPEC_EXAMPLES["survivor, constant pain three weeks, worse lying down"]
    talk.open().say("ForSomeoneElseIntent", relation("mother", "she"))
    while talk.triage.get("question"):
        talk.answer_from(truth)
    assert "Help her call her cancer team today" in talk.speech
    assert HER.get("advice.warning_signs", number="911") in talk.speech
    assert HER["advice.history"] in talk.speech
    assert "URGENT: contact her cancer team today" in talk.card["text"]


def test_the_emergency_advice_for_someone_else_keeps_the_number_first_and_twice(talk):
    talk.open().say("ForSomeoneElseIntent", relation("husband", "he")).answer("no").answer("yes")
    assert talk.speech.startswith("Call 911 now, because he has new weakness or trouble walking.")
    assert talk.ssml.count('<say-as interpret-as="digits">911</say-as>') == 2
    assert "keep him still." in talk.speech
    assert "Don't drive him" in talk.speech  # as the general script says, and the cord script for oneself
    assert talk.speech.endswith("Shall I repeat that?")


def test_the_general_script_for_someone_else_keeps_the_number_first_and_twice(talk):
    talk.open().say("ForSomeoneElseIntent", relation("husband", "he")).answer("yes")
    assert talk.speech.startswith(f"Call 911 now, because {HIM.question('chest_or_breathing', 'reason')}.")
    assert talk.ssml.count('<say-as interpret-as="digits">911</say-as>') == 2
    assert "Don't drive him. Mention his back pain and any cancer history." in talk.speech
    assert talk.speech.endswith("Shall I repeat that?")


def test_saying_it_before_a_check_offers_to_start_one_about_them(talk):
    talk.say("ForSomeoneElseIntent", relation("sister", "she"))
    assert "about her" in talk.speech and not talk.ended
    talk.answer("yes")
    assert talk.triage["question"] == "chest_or_breathing"
    assert talk.speech.endswith(HER.question("chest_or_breathing", "ask")) and "Has she had" in talk.speech


def test_a_forged_person_attribute_is_ignored(talk):
    talk.open()
    talk.device.attributes["person"] = "{she}<script>"
    talk.answer("no")
    assert talk.speech.startswith("Two things: new weakness in your legs or arms")
