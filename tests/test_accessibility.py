"""A voice people in pain can follow: speech rate, misunderstandings, silence."""

from skill.envelopes import Device
from tests.conftest import Talk


def test_slower_applies_ssml_prosody_to_everything_from_then_on(talk):
    talk.open().say("SlowerIntent")
    assert talk.ssml.startswith('<speak><prosody rate="85%">')
    assert "speak more slowly" in talk.speech and talk.speech.endswith("given way?")
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


def test_silence_gets_a_simpler_restatement_of_the_question(talk):
    talk.open()
    assert talk.reprompt == "Is there any new weakness in your legs or arms? Yes or no?"
    assert len(talk.reprompt) < len(talk.speech.split("Here's the first one. ")[1])


def test_two_misunderstandings_in_a_row_get_simpler_words_and_the_offer_of_help(talk):
    talk.open().say("AMAZON.FallbackIntent")
    assert talk.speech.endswith("given way?")
    talk.say("AMAZON.FallbackIntent")
    assert "say help" in talk.speech
    assert talk.speech.endswith("Is there any new weakness in your legs or arms? Yes or no?")


def test_an_understood_answer_resets_the_misunderstanding_count(talk):
    talk.open().say("AMAZON.FallbackIntent").answer("no").say("AMAZON.FallbackIntent")
    assert "say help" not in talk.speech


def test_the_question_comes_last_in_every_turn(talk):
    talk.open()
    for intent in ["AMAZON.HelpIntent", "WhyIntent", "AMAZON.RepeatIntent", "AMAZON.FallbackIntent", "SlowerIntent",
                   "GoBackIntent", "AMAZON.NoIntent", "DontKnowIntent"]:
        talk.say(intent)
        assert talk.speech.endswith("?"), (intent, talk.speech)
