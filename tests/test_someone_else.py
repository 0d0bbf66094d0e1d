"""A check for someone else: third-person questions, advice for the helper."""

import pytest

from tests.test_triage_rules import SPEC_EXAMPLES


def relation(value: str, pronoun: str | None) -> dict:
    slot = {"name": "relation", "value": value, "confirmationStatus": "NONE"}
    if pronoun:
        slot["resolutions"] = {"resolutionsPerAuthority": [{
            "authority": "amzn1.er-authority.echo-sdk.skill.RELATION",
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": value, "id": pronoun}}]}]}
    return {"relation": slot}


def test_asking_for_my_mother_turns_the_questions_to_her(talk):
    talk.open().answer("no")
    talk.say("ForSomeoneElseIntent", relation("mother", "she"))
    assert talk.speech.startswith("Okay, I'll ask about her from now on.")
    assert talk.speech.endswith("new numbness between her legs. Either one?")
    assert talk.reprompt == "New bladder or bowel trouble, or new numbness between her legs? Yes or no?"
    assert talk.triage["asked"] == ["limb_weakness", "walking_difficulty"]  # the answers so far are kept


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
    assert "New weakness, numbness, or walking or toilet trouble? Call 911." in talk.speech
    assert "Tell her doctor her surgery, chemo, radiation and hormone pills." in talk.speech
    assert "URGENT: contact her cancer team today" in talk.card["text"]


def test_the_emergency_advice_for_someone_else_keeps_the_number_first_and_twice(talk):
    talk.open().say("ForSomeoneElseIntent", relation("husband", "he")).answer("yes")
    assert talk.speech.startswith("Call 911 now, because he has new weakness or trouble walking.")
    assert talk.ssml.count('<say-as interpret-as="digits">911</say-as>') == 2
    assert "Don't drive or move him." in talk.speech
    assert talk.speech.endswith("Shall I repeat that?")


def test_saying_it_before_a_check_offers_to_start_one_about_them(talk):
    talk.say("ForSomeoneElseIntent", relation("sister", "she"))
    assert "about her" in talk.speech and not talk.ended
    talk.answer("yes")
    assert talk.speech.endswith("new trouble walking or standing. Either one?")


def test_a_forged_person_attribute_is_ignored(talk):
    talk.open()
    talk.device.attributes["person"] = "{she}<script>"
    talk.answer("no")
    assert talk.speech.startswith("Two things: new trouble with your bladder")
