"""Memory that respects health privacy, through real request envelopes."""

import json
import sqlite3
import time

import pytest

from skill.envelopes import Device
from skill.triage import QUESTIONS
from tests.conftest import Talk
from tests.test_triage_rules import SPEC_EXAMPLES

ALL_CLEAR = {q.id: q.reassuring.value for q in QUESTIONS}
URGENT = SPEC_EXAMPLES["survivor, constant pain three weeks, worse lying down"][0]
SOON = SPEC_EXAMPLES["survivor on letrozole, stiff joints, ache eases with rest and ibuprofen"][0]
RETAIN = {"SKILL_RETAIN_ANSWERS": "on"}
FIRST = ["limb_weakness", "walking_difficulty"]
HEALTH_WORDS = ["yes", "no", "unknown", "emergency", "urgent", "soon", "routine", "limb_weakness",
                "night_pain", "cancer_history", "triage", "answers", "reasons", "history", "progress"]


@pytest.fixture(params=["sqlite", "dynamodb"])
def store_kind(request):
    return request.param


@pytest.fixture
def any_store(store_kind, request):
    return request.getfixturevalue("store" if store_kind == "sqlite" else "dynamo_store")


def raw_store(store_url: str, request) -> str:
    """Everything the store holds, as text, read around the skill."""
    if store_url.startswith("sqlite:///"):
        with sqlite3.connect(store_url[len("sqlite:///"):]) as c:
            return json.dumps(c.execute("SELECT * FROM records").fetchall())
    table = store_url.split("//")[1].split("?")[0]
    return json.dumps(request.getfixturevalue("dynalite").items(table), default=str)


# -- retention off (the default) --------------------------------------------------------------
def test_with_retention_off_no_answer_level_or_reason_reaches_the_store(skill_with, any_store, request):
    for truth in [URGENT, SOON, ALL_CLEAR | {"limb_weakness": "yes"}]:
        talk = Talk(skill_with(any_store))
        talk.run_check(truth)
        talk.open().answer("no").answer("unknown").say("AMAZON.StopIntent")  # an interrupted one too
    raw = raw_store(any_store, request)
    assert "disclaimer_heard" in raw  # the store is used...
    for word in HEALTH_WORDS:
        assert f'"{word}"' not in raw and f"'{word}'" not in raw, word  # ...for nothing else


def test_with_retention_off_the_first_launch_says_answers_are_not_kept(skill_with, store):
    talk = Talk(skill_with(store)).open()
    assert "Answers aren't kept; a summary goes to your Alexa app." in talk.speech
    talk.say("AMAZON.StopIntent").open()
    assert "not kept" not in talk.speech


def test_with_retention_off_there_is_no_resume(skill_with, store):
    talk = Talk(skill_with(store))
    talk.open().answer("no").answer("no").say("AMAZON.StopIntent")
    talk.open()
    assert talk.triage["question"] == FIRST and "carry on" not in talk.speech


def test_with_retention_off_last_result_explains_nothing_is_kept(skill_with, store):
    talk = Talk(skill_with(store)).run_check(URGENT)
    talk.say("LastResultIntent")
    assert "don't keep results" in talk.speech


# -- resume -------------------------------------------------------------------------------------
@pytest.mark.parametrize("interruption", ["stop", "timeout", "error"])
def test_an_interrupted_check_is_offered_back_at_the_next_launch(skill_with, any_store, interruption):
    talk = Talk(skill_with(any_store, **RETAIN))
    talk.open()
    for _ in range(4):
        talk.answer_from(ALL_CLEAR)
    waiting = talk.triage["question"]
    if interruption == "stop":
        talk.say("AMAZON.StopIntent")
    else:
        talk._send(talk.device.session_ended("EXCEEDED_MAX_REPROMPTS" if interruption == "timeout" else "ERROR"))
        talk.device.session_id = None
    talk.open()
    assert "Last time we stopped after 4 questions. Shall we carry on where we left off?" in talk.speech
    talk.answer("yes")
    assert talk.triage["question"] == waiting and len(talk.triage["steps"]) == 4
    assert talk.speech.startswith("Okay, carrying on.")


def test_no_to_resuming_starts_a_fresh_check(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN))
    talk.open().answer("no").answer("no").say("AMAZON.StopIntent")
    talk.open().answer("no")
    assert talk.triage["asked"] == [] and talk.triage["question"] == FIRST
    talk.say("AMAZON.StopIntent").open()
    assert "carry on" not in talk.speech


def test_an_interrupted_check_expires(skill_with, store):
    talk = Talk(skill_with(store, SKILL_RETAIN_ANSWERS="on", SKILL_RESUME_HOURS="0.0001"))
    talk.open().answer("no").say("AMAZON.StopIntent")
    time.sleep(0.5)
    talk.open()
    assert "carry on" not in talk.speech and talk.triage["asked"] == []


def test_a_finished_check_is_not_offered_back(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).run_check(URGENT)
    talk.open()
    assert "carry on" not in talk.speech


# -- history --------------------------------------------------------------------------------------
def recognised() -> Device:
    """A speaker Alexa recognises (a voice profile): their own record."""
    return Device(person_id="amzn1.ask.person.ME")


def test_last_result_speaks_the_last_level_and_its_date(skill_with, any_store):
    talk = Talk(skill_with(any_store, **RETAIN), recognised()).run_check(URGENT)
    talk.say("LastResultIntent")
    assert "Your last check, on" in talk.speech and "contact your cancer care team" in talk.speech
    assert "worse at night" in talk.speech


def test_last_result_with_nothing_kept_says_so(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).say("LastResultIntent")
    assert "don't have a saved result" in talk.speech


def test_a_more_urgent_result_within_30_days_says_so_once_the_reminder_offer_is_answered(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).run_check(SOON).answer("no")
    talk.run_check(URGENT)
    assert "more urgent than" not in talk.speech  # the advice itself stays short
    talk.answer("no")
    assert talk.speech == f"Okay, no reminder. This is more urgent than your check on {spoken_today()}. Take care."


def test_a_second_check_in_the_same_session_does_not_repeat_the_first_ones_comparison(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).run_check(SOON).answer("no")
    talk.run_check(URGENT).say("AMAZON.StartOverIntent")
    while talk.triage.get("question"):
        talk.answer_from(SOON)
    talk.answer("no").answer("no")  # no treatment questions, no reminder
    assert talk.speech == "Okay, no reminder. Take care."


def test_the_card_of_a_more_urgent_result_gives_the_full_date_of_the_earlier_check(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).run_check(SOON).answer("no")
    talk.run_check(URGENT)
    assert f"This is more urgent than your check on {spoken_today()}, {time.gmtime().tm_year}." in talk.card["text"]


def spoken_today() -> str:
    today = time.gmtime()
    return f"{time.strftime('%B', today)} {today.tm_mday}"


def for_mother(talk: Talk) -> Talk:
    return talk.open().say("ForSomeoneElseIntent", {"relation": {"name": "relation", "value": "mother"}})


def test_someone_elses_result_stays_out_of_the_users_own_history(skill_with, store):
    helper = for_mother(Talk(skill_with(store, **RETAIN)))
    while helper.triage.get("question"):
        helper.answer_from(SOON)
    assert "Help them see their doctor" in helper.speech
    assert "don't have a saved result" in helper.say("LastResultIntent").speech
    assert "more urgent than" not in helper.run_check(URGENT).answer("no").speech


def test_someone_elses_unfinished_check_is_not_offered_back_as_the_users_own(skill_with, store):
    helper = for_mother(Talk(skill_with(store, **RETAIN))).answer("no").answer("no")
    assert "carry on where we left off" not in helper.open().speech


def test_a_less_urgent_result_does_not_compare(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).run_check(URGENT)
    talk.run_check(SOON).answer("no").answer("no")
    assert "more urgent than" not in talk.speech


def test_last_result_answers_only_for_the_recognised_person(skill_with, store):
    transport = skill_with(store, **RETAIN)
    home = Device()
    mother = Talk(transport, Device(user_id=home.user_id, person_id="amzn1.ask.person.MOTHER"))
    mother.run_check(URGENT)
    daughter = Talk(transport, Device(user_id=home.user_id, person_id="amzn1.ask.person.DAUGHTER"))
    daughter.say("LastResultIntent")
    assert "don't have a saved result" in daughter.speech
    unrecognised = Talk(transport, Device(user_id=home.user_id)).say("LastResultIntent")
    assert "don't have a saved result" in unrecognised.speech
    mother.say("LastResultIntent")
    assert "Your last check" in mother.speech


def test_last_result_during_a_check_goes_back_to_the_question(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).run_check(URGENT)
    talk.open().say("LastResultIntent")
    assert talk.triage["question"] == FIRST and not talk.ended


# -- forget me --------------------------------------------------------------------------------------
def test_forget_me_asks_first_then_deletes_everything(skill_with, any_store, request):
    talk = Talk(skill_with(any_store, **RETAIN)).run_check(URGENT)
    talk.say("ForgetMeIntent")
    assert "Shall I delete everything" in talk.speech and not talk.ended
    talk.answer("yes")
    assert "deleted everything" in talk.speech
    assert talk.device.user_id not in raw_store(any_store, request)
    talk.say("LastResultIntent")
    assert "don't have a saved result" in talk.speech
    talk.open()
    assert "not a diagnosis" in talk.speech  # even the disclaimer flag is gone


def test_no_to_forget_me_keeps_everything(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN), recognised()).run_check(URGENT)
    talk.say("ForgetMeIntent").answer("no")
    assert "haven't deleted" in talk.speech
    talk.say("LastResultIntent")
    assert "Your last check" in talk.speech


def test_forget_me_during_a_check_returns_to_the_question(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).open().answer("no")
    talk.say("ForgetMeIntent").answer("yes")
    assert "deleted everything" in talk.speech and talk.triage["question"] == ["bladder_bowel", "saddle_numbness"]


# -- issue 19: forget leaves nothing, says what it cannot delete; a shared Echo -----------------
def test_forget_me_mid_check_leaves_no_row_and_the_check_goes_on_unsaved(skill_with, any_store, request):
    talk = Talk(skill_with(any_store, **RETAIN)).run_check(URGENT)
    talk.open().answer("no")
    talk.say("ForgetMeIntent").answer("yes")
    talk.answer("no").answer("no")  # the check goes on...
    assert talk.triage["question"]
    assert raw_store(any_store, request) == "[]"  # ...and nothing of it is written back
    talk.say("AMAZON.StopIntent").open()
    assert "carry on" not in talk.speech


def test_after_forget_me_no_answer_is_readable_in_the_sqlite_file_or_its_journal(skill_with, tmp_path):
    path = tmp_path / "forget.sqlite3"
    talk = Talk(skill_with(f"sqlite:///{path}", **RETAIN)).run_check(URGENT)
    talk.open().answer("no")
    files = [path, path.with_name(path.name + "-wal")]
    assert any(b"night_pain" in f.read_bytes() for f in files if f.exists())  # it was there
    talk.say("ForgetMeIntent").answer("yes")
    for f in files:
        if f.exists():
            data = f.read_bytes()
            for word in (b"night_pain", b"urgent", b"limb_weakness", b"saved_at", b"history:"):
                assert word not in data, (f.name, word)


def test_forget_me_says_what_it_cannot_delete_and_how(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).run_check(URGENT)
    talk.say("ForgetMeIntent").answer("yes")
    assert "Two things I can't delete: the cards in your Alexa app" in talk.speech
    assert "voice recordings, which you can delete in the Alexa app, under Alexa Privacy" in talk.speech


def test_on_a_shared_echo_the_last_result_is_not_read_aloud_to_an_unrecognised_voice(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).run_check(URGENT)  # no voice profile: the account's record
    talk.say("LastResultIntent")
    assert "Your last check" not in talk.speech and "contact your cancer care team" not in talk.speech
    assert "To set up a voice profile, say: Alexa, learn my voice." in talk.speech
    assert "Your last check, on" in talk.card["text"] and "worse at night" in talk.card["text"]


def test_a_recognised_voice_hears_the_last_result(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN), recognised()).run_check(URGENT)
    talk.say("LastResultIntent")
    assert "Your last check, on" in talk.speech and "voice profile" not in talk.speech


def test_disabling_the_skill_deletes_the_whole_household(skill_with, any_store, request):
    transport = skill_with(any_store, **RETAIN)
    home = Device()
    Talk(transport, home).run_check(URGENT)
    Talk(transport, Device(user_id=home.user_id, person_id="amzn1.ask.person.M")).run_check(SOON).answer("no")
    event = home.launch()
    event["request"] = {"type": "AlexaSkillEvent.SkillDisabled", "requestId": "r", "timestamp": event["request"][
        "timestamp"], "eventCreationTime": event["request"]["timestamp"], "body": {"userInformationPersistenceStatus":
        "NOT_PERSISTED"}}
    del event["session"]
    transport(event)
    assert raw_store(any_store, request) in ("[]",)


def test_with_retention_on_the_card_lists_every_answer(skill_with, store):
    talk = Talk(skill_with(store, **RETAIN)).run_check(URGENT)
    text = talk.card["text"]
    assert "Answers given:" in text
    assert text.count("\n- ") == len([q for q in talk.triage["asked"] if q in talk.triage["answers"]])
    assert "- night pain: yes" in text


def test_with_retention_off_the_card_shows_only_what_set_the_level(skill_with, store):
    talk = Talk(skill_with(store)).run_check(URGENT)
    assert "Answers given:" not in talk.card["text"] and "Why:" in talk.card["text"]
