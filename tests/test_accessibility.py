"""A voice people in pain can follow: speech rate, misunderstandings, silence."""

from skill.envelopes import Device
from skill.locales import load
from tests.conftest import Talk


def test_slower_applies_ssml_prosody_to_everything_from_then_on(talk):
    talk.open().say("SlowerIntent")
    assert talk.ssml.startswith('<speak><prosody rate="85%">')
    assert "speak more slowly" in talk.speech
    assert talk.speech.endswith(load("en-US").question("chest_or_breathing", "ask"))
    assert '<prosody rate="85%">' in talk.response["reprompt"]["outputSpeech"]["ssml"]
    talk.answer("no")
    assert '<prosody rate="85%">' in talk.ssml


def test_slower_twice_is_slower_still_and_has_a_floor(talk):
    talk.open().say("SlowerIntent").say("SlowerIntent")
    assert 'rate="70%"' in talk.ssml
    talk.say("SlowerIntent")
    assert 'rate="70%"' in talk.ssml and "slowest" in talk.speech


def test_faster_from_slow_returns_to_normal_speed(talk):
    talk.open().say("SlowerIntent").say("SlowerIntent").say("FasterIntent")
    assert "<prosody" not in talk.ssml


def test_faster_at_normal_speed_speaks_faster(talk):
    talk.open().say("FasterIntent")
    assert 'rate="115%"' in talk.ssml


def test_the_speech_rate_is_remembered_next_time(talk):
    talk.open().say("SlowerIntent").say("AMAZON.StopIntent")
    assert 'rate="85%"' in talk.ssml
    talk.open()
    assert 'rate="85%"' in talk.ssml


def test_the_speech_rate_is_remembered_with_retention_off(skill_with, store):
    transport = skill_with(store)
    device = Device()
    Talk(transport, device).open().say("SlowerIntent").say("AMAZON.StopIntent")
    assert 'rate="85%"' in Talk(transport, device).open().ssml


def test_slower_after_the_emergency_advice_repeats_it_slower(talk):
    talk.open().answer("yes").say("SlowerIntent")
    assert 'rate="85%"' in talk.ssml and "Call 911 now" in talk.speech and not talk.ended


def test_slower_outside_a_check_offers_one(talk):
    talk.say("SlowerIntent")
    assert 'rate="85%"' in talk.ssml and talk.speech.endswith("?") and not talk.ended


def test_silence_gets_a_restatement_that_names_every_item_of_a_pair(talk):
    talk.open().answer("no")  # no chest pain, breathlessness or fainting: the weakness pair
    assert talk.triage["question"] == ["limb_weakness", "walking_difficulty"]
    assert talk.reprompt == ("New weakness in your legs or arms, or new trouble walking because your legs feel weak,"
                             " numb or unsteady? Yes or no?")


def test_silence_on_a_single_question_gets_a_shorter_restatement(talk):
    talk.open().answer("no").answer("no").answer("no")  # chest, the weakness pair, the bladder pair
    assert talk.triage["question"] == "numbness_tingling"
    assert talk.reprompt == "New or spreading numbness or tingling in your legs, arms, feet or body? Yes or no?"
    assert len(talk.reprompt) < len(talk.speech)


def test_two_misunderstandings_of_a_pair_ask_one_item_at_a_time_with_a_way_out(talk):
    talk.open().answer("no").say("AMAZON.FallbackIntent")
    assert talk.triage["question"] == ["limb_weakness", "walking_difficulty"]
    assert talk.speech.endswith("Either one?")
    talk.say("AMAZON.FallbackIntent")
    assert "one thing at a time" in talk.speech and "or say stop" in talk.speech
    assert talk.triage["question"] == "limb_weakness"
    assert talk.speech.endswith("Have your legs or arms become newly weak, or have your legs given way?")


def test_two_misunderstandings_of_a_single_question_get_simpler_words_and_a_way_out(talk):
    talk.open().answer("no").answer("no").answer("no").say("AMAZON.FallbackIntent").say("AMAZON.FallbackIntent")
    assert talk.triage["question"] == "numbness_tingling"
    assert "or say stop" in talk.speech
    assert talk.speech.endswith("New or spreading numbness or tingling in your legs, arms, feet or body? Yes or no?")


def test_an_understood_answer_resets_the_misunderstanding_count(talk):
    talk.open().say("AMAZON.FallbackIntent").answer("no").say("AMAZON.FallbackIntent")
    assert "say stop" not in talk.speech


def test_the_question_comes_last_in_every_turn(talk):
    talk.open()
    for intent in ["AMAZON.HelpIntent", "WhyIntent", "AMAZON.RepeatIntent", "AMAZON.FallbackIntent", "SlowerIntent",
                   "GoBackIntent", "AMAZON.NoIntent", "DontKnowIntent"]:
        talk.say(intent)
        assert talk.speech.endswith("?"), (intent, talk.speech)
