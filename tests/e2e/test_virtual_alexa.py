"""Spoken conversations, end to end: the model's own sample utterances,
resolved to intents by virtual-alexa, over HTTP to the web service under
gunicorn, for every interaction model in interaction_models/.

Every utterance is checked to resolve to the intent meant; answers follow
``sessionAttributes.triage.question`` from a truth table; expected words
come from the skill's locale files, so no test here is English-only.
"""

from __future__ import annotations

import pytest

from skill.locales import Strings, load
from skill.speech import level_title, plain, question_words, warning_signs
from skill.triage import PAIRS, assess
from tests.test_triage_rules import SPEC_EXAMPLES

from .harness import LAUNCH, Model, Server, Voice, run_script

YES, NO, DONT_KNOW = "AMAZON.YesIntent", "AMAZON.NoIntent", "DontKnowIntent"
FIRST = "chest_or_breathing"  # the first question (spec v4): new chest pain, breathlessness or fainting
WEAKNESS = list(PAIRS[0])  # then the two tier-1 pairs: new weakness, or new trouble walking
BLADDER = list(PAIRS[1])  # new bladder or bowel trouble, or new numbness between the legs
CAUSE_COUNTS = ("causes.count_one", "causes.count_two", "causes.count_few")


@pytest.fixture(scope="module")
def words(model: Model) -> Strings:
    """The words the skill speaks for this model's locale."""
    return load(model.locale)


def assert_threaded(voice: Voice) -> None:
    """virtual-alexa sent back each reply's session attributes, in one session."""
    for before, after in zip(voice.turns, voice.turns[1:], strict=False):
        if before.reply.get("response", {}).get("shouldEndSession") is not False:
            continue  # the session ended: the next request starts a new one
        assert after.request["new"] is False, voice.transcript()
        assert after.request["attributes"] == before.reply.get("sessionAttributes"), voice.transcript()
    assert all(turn.request["locale"] == voice.model.locale for turn in voice.turns)


# -- the model, utterance by utterance ----------------------------------------------------
def test_every_sample_utterance_resolves_to_its_own_intent(model: Model, skill_server: Server):
    samples = model.every_sample()
    assert samples, f"{model.path.name} has no sample utterances"
    steps = [{"say": model.launch, "expect": LAUNCH}]
    steps += [{"say": sample, "expect": intent} for intent, sample in samples]
    code, result, stderr = run_script({"url": skill_server.url, "modelFile": str(model.path),
                                       "locale": model.locale, "steps": steps, "keepGoing": True})
    assert result is not None, stderr
    assert result["ok"] and code == 0, f"{model.path.name}:\n" + "\n".join(result["errors"])
    # ... and the skill answered every one of them in words.
    silent = [step["say"] for step in result["steps"] if not step["response"]["response"].get("outputSpeech")]
    assert not silent


def test_the_driver_fails_clearly_on_an_unknown_or_misresolved_utterance(model: Model, skill_server: Server):
    nonsense = "zqxj vbnk plmw"
    steps = [model.launch, {"say": model.phrase(YES), "expect": NO}, nonsense]
    code, result, stderr = run_script({"url": skill_server.url, "modelFile": str(model.path),
                                       "locale": model.locale, "steps": steps, "keepGoing": True})
    assert code == 1 and not result["ok"]
    assert f"resolved to {YES}" in stderr and f"expected {NO}" in stderr
    assert f'"{nonsense}" does not resolve to any intent' in stderr
    # Without keepGoing the driver stops at the first failure.
    code, result, stderr = run_script({"url": skill_server.url, "modelFile": str(model.path),
                                       "locale": model.locale, "steps": [nonsense, model.launch]})
    assert code == 1 and len(result["steps"]) == 1 and "does not resolve" in stderr


def test_a_batch_script_runs_a_whole_conversation(model: Model, skill_server: Server):
    steps = [model.launch, model.phrase(YES), model.phrase(NO)]
    code, result, stderr = run_script({"url": skill_server.url, "modelFile": str(model.path),
                                       "locale": model.locale, "steps": steps})
    assert code == 0, stderr
    assert [step["intent"] for step in result["steps"]] == [LAUNCH, YES, NO]
    assert result["steps"][1]["response"]["sessionAttributes"]["triage"]["urgency"] == "emergency"
    assert result["steps"][2]["response"]["response"]["shouldEndSession"] is True


# -- launch --------------------------------------------------------------------------------
def test_launch_welcomes_disclaims_and_asks_the_first_question(voice: Voice, words: Strings):
    voice.open()
    assert voice.last.request["new"] is True
    contract = {k: voice.triage[k] for k in ("question", "asked", "answers", "urgency", "reasons")}
    assert contract == {"question": FIRST, "asked": [], "answers": {}, "urgency": None, "reasons": []}
    for key in ("launch.welcome", "launch.disclaimer", "launch.expect"):
        assert words[key] in voice.speech
    assert voice.speech.endswith(question_words(words, FIRST))
    assert voice.reprompt and not voice.ended


def test_the_disclaimer_is_said_once_per_user_across_sessions(voice: Voice, words: Strings):
    voice.open().say("AMAZON.StopIntent")
    assert voice.ended
    voice.open()
    assert voice.last.request["new"] is True
    assert words["launch.welcome_back"] in voice.speech and words["launch.disclaimer"] not in voice.speech


# -- the spec's stories, spoken --------------------------------------------------------------
@pytest.mark.parametrize("story", SPEC_EXAMPLES)
def test_each_spec_example_reaches_its_level_by_voice(voice: Voice, words: Strings, story: str):
    truth, expected = SPEC_EXAMPLES[story]
    voice.run_check(truth)
    triage = voice.triage
    assert triage["urgency"] == expected.label, voice.transcript()
    assert triage["question"] is None
    assert all(triage["answers"][qid] == truth[qid] for qid in triage["asked"] if qid in triage["answers"])
    assert triage["reasons"] or expected.label == "routine"
    assert_threaded(voice)
    number = words["meta.emergency_number_ssml"]
    if expected.label == "emergency":
        assert voice.ssml.count(number) >= 2 and not voice.ended
    else:
        if expected.label == "routine":
            assert voice.ended
        elif expected.label == "urgent":  # closes with the offer of a reminder
            assert voice.speech.endswith(words["reminder.offer_urgent"]) and not voice.ended
        else:  # soon: the offer of the treatment questions first, with how many there are
            offers = [words.get("causes.offer", count=words[count]) for count in CAUSE_COUNTS]
            assert any(voice.speech.endswith(offer) for offer in offers) and not voice.ended
        # the warning signs and the title that fit the person's cancer history
        assert plain(warning_signs(words, triage["answers"], number)) in voice.speech
        title = level_title(words, assess(triage["answers"]), triage["answers"])
        label = words[f"levels.{expected.label}.title"].split(":")[0]  # "SOON", "PRONTO", "SIN URGENCIA"
        assert voice.card and title.startswith(label) and title in voice.card["text"]


def test_yes_to_the_first_question_is_an_emergency_at_once(voice: Voice, words: Strings):
    voice.open().say(YES)
    assert voice.triage["urgency"] == "emergency", voice.transcript()
    assert voice.triage["question"] is None and voice.triage["asked"] == [FIRST]
    assert voice.triage["reasons"] == [FIRST]
    assert voice.ssml.count(words["meta.emergency_number_ssml"]) >= 2
    assert voice.speech.endswith(words["levels.emergency.question"]) and not voice.ended
    voice.say("WhyIntent")
    assert voice.ssml.count(words["meta.emergency_number_ssml"]) >= 2 and not voice.ended
    voice.say(YES)  # "Shall I repeat that?"
    assert voice.ssml.count(words["meta.emergency_number_ssml"]) >= 2 and not voice.ended
    voice.say(NO)
    assert voice.ended
    assert_threaded(voice)


# -- moves in the middle of a check -------------------------------------------------------------
def test_a_pair_answered_not_sure_is_asked_one_item_at_a_time(voice: Voice, words: Strings):
    voice.open()
    assert voice.speech.endswith(question_words(words, FIRST))
    voice.say(NO)
    assert voice.triage["question"] == WEAKNESS and voice.speech.endswith(question_words(words, tuple(WEAKNESS)))
    voice.say(NO, 1)
    assert voice.triage["question"] == BLADDER and voice.speech.endswith(question_words(words, tuple(BLADDER)))
    voice.say(DONT_KNOW)
    assert voice.triage["question"] == BLADDER[0] and voice.speech.endswith(words.question(BLADDER[0], "ask"))
    voice.say(NO)
    assert voice.triage["question"] == BLADDER[1]
    assert_threaded(voice)


def test_not_sure_why_repeat_help_go_back_and_stop_in_the_middle_of_a_check(voice: Voice, words: Strings):
    voice.open().say(NO).say(NO, 1).say(NO, 2)
    first = voice.triage["question"]  # the first single question, after the chest question and the two pairs
    voice.say(NO, 3)
    second = voice.triage["question"]
    assert (first, second) == ("numbness_tingling", "band_pain")
    base = {q: "no" for q in [FIRST, *WEAKNESS, *BLADDER, first]}
    assert voice.triage["answers"] == base

    voice.say(DONT_KNOW)  # "I don't know" / "I'm not sure"
    third = voice.triage["question"]
    assert voice.triage["answers"] == base | {second: "unknown"}
    assert third not in (None, FIRST, second) and voice.triage["urgency"] is None
    asked = voice.speech

    voice.say("WhyIntent", 1)  # en-US: "why do you ask", which virtual-alexa's utter() mistakes for a launch
    assert voice.triage["question"] == third and voice.triage["answers"] == base | {second: "unknown"}
    assert words.question(third, "why") in voice.speech and voice.speech.endswith(words.question(third, "ask"))

    voice.say("AMAZON.RepeatIntent")
    assert voice.speech == asked and voice.triage["question"] == third

    voice.say("AMAZON.HelpIntent")
    assert voice.triage["question"] == third and words.question(third, "why") in voice.speech
    assert voice.speech.endswith(words.question(third, "ask")) and not voice.ended

    voice.say("GoBackIntent")
    assert voice.triage["question"] == second and voice.triage["answers"] == base
    assert voice.speech.startswith(words["moves.back"]) and voice.speech.endswith(words.question(second, "ask"))

    voice.say(NO)  # no to both numbness and band pain is no to pain or numbness down both legs
    assert voice.triage["answers"] == base | {second: "no", "both_legs": "no"} and voice.triage["question"]

    voice.say("AMAZON.StopIntent")
    assert voice.ended
    assert voice.speech == plain(words.get("moves.stop_during_check", number=words["meta.emergency_number_ssml"]))
    assert_threaded(voice)


def test_go_back_at_the_first_question_reasks_it(voice: Voice, words: Strings):
    voice.open().say("GoBackIntent")
    assert voice.triage["question"] == FIRST and voice.triage["asked"] == []
    assert words["moves.back_nothing"] in voice.speech


def test_partly_counts_as_the_worrying_answer(voice: Voice):
    voice.open().say("PartlyIntent")
    assert voice.triage["answers"] == {FIRST: "yes"} and voice.triage["urgency"] == "emergency"


def test_partly_to_a_tier_1_pair_acts_at_once(voice: Voice):
    voice.open().say(NO).say("PartlyIntent")
    assert voice.triage["answers"] == {FIRST: "no", WEAKNESS[0]: "yes"} and voice.triage["urgency"] == "emergency"


def test_start_over_begins_a_fresh_check(voice: Voice):
    voice.open().say(NO).say(NO).say("AMAZON.StartOverIntent")
    assert voice.triage["asked"] == [] and voice.triage["question"] == FIRST and not voice.ended


# -- outside a check ------------------------------------------------------------------------------
def test_an_answer_before_any_check_offers_one_and_yes_starts_it(voice: Voice, words: Strings):
    voice.say(YES)  # a one-shot: no launch, a new session
    assert voice.last.request["new"] is True
    assert words["moves.not_in_check"] in voice.speech and not voice.ended
    voice.say(YES, 1)
    assert voice.triage["question"] == FIRST and voice.triage["asked"] == []
    assert_threaded(voice)


def test_speak_slower_and_someone_elses_check_by_voice(voice: Voice, words: Strings):
    voice.open().say("SlowerIntent")
    assert '<prosody rate="85%">' in voice.ssml and not voice.ended
    voice.say(NO)
    assert '<prosody rate="85%">' in voice.ssml  # from then on
    voice.say("ForSomeoneElseIntent")  # "I'm asking for my <relation>": questions turn to them
    question = voice.triage["question"]
    asked = tuple(question) if isinstance(question, list) else question
    assert voice.speech.endswith(question_words(words.about(voice.attributes["person"]), asked))
    voice.say("FasterIntent")
    assert "<prosody" not in voice.ssml
