"""Screens (APL): the question large with answer buttons, the result; and
exactly the voice experience on devices without a screen."""

import pytest

from skill.envelopes import Device
from skill.locales import load
from tests.conftest import Talk

APL = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}}


@pytest.fixture
def screen(transport):
    return Talk(transport, Device(supported_interfaces=APL))


def directives(talk):
    return talk.response.get("directives") or []


def test_a_device_with_a_screen_shows_the_question_with_answer_buttons(screen):
    screen.open()
    (render,) = directives(screen)
    assert render["type"] == "Alexa.Presentation.APL.RenderDocument"
    data = render["datasources"]["payload"]["screen"]
    # the question alone, as spoken after the welcome
    assert data["question"] == load("en-US").question("chest_or_breathing", "ask")
    assert screen.speech.endswith(" " + data["question"])
    assert (data["yes"], data["no"], data["unsure"]) == ("Yes", "No", "Not sure")
    buttons = str(render["document"])
    for value in ("yes", "no", "unknown"):
        assert f"'arguments': ['answer', '{value}']" in buttons


def touch(talk, value):
    talk._send(talk.device.user_event(["answer", value]))
    return talk


def test_a_touch_on_a_button_answers_like_the_voice(screen):
    touch(screen.open(), "no")
    assert screen.triage["answers"] == {"chest_or_breathing": "no"}
    touch(screen, "no")
    assert screen.triage["answers"] == {"chest_or_breathing": "no", "limb_weakness": "no", "walking_difficulty": "no"}
    assert screen.triage["question"] == ["bladder_bowel", "saddle_numbness"]
    assert directives(screen)[0]["datasources"]["payload"]["screen"]["question"].startswith("Two things: new trouble")


def test_a_touch_on_not_sure_records_unknown(screen):
    touch(screen.open(), "no")
    touch(screen, "unknown")
    assert screen.triage["question"] == "limb_weakness"  # not sure of a pair: one at a time
    touch(screen, "unknown")
    assert screen.triage["answers"] == {"chest_or_breathing": "no", "limb_weakness": "unknown"}


def test_the_result_screen_shows_level_reasons_and_history_advice(screen):
    touch(touch(screen.open(), "no"), "yes")  # new weakness, before the cancer history question
    data = directives(screen)[0]["datasources"]["payload"]["screen"]
    assert data["level"].startswith("EMERGENCY")
    assert "weakness" in data["reasons"]
    assert "any cancer history" in data["advice"] and "full cancer history" not in data["advice"]


NO_SIGNS = {"chest_or_breathing": "no", "limb_weakness": "no", "walking_difficulty": "no", "bladder_bowel": "no",
            "saddle_numbness": "no", "numbness_tingling": "no", "band_pain": "no", "both_legs": "no"}


@pytest.mark.parametrize(("history", "said", "never_said"), [
    ("yes", "full cancer history", "health history"),
    ("no", "health history", "cancer"),
])
def test_the_result_screen_gives_the_history_advice_that_fits_the_person(screen, history, said, never_said):
    """Who hears "cancer" (spec v4) holds on the screen as on the card."""
    truth = dict.fromkeys(["chemo_now", "night_pain", "straining_pain", "pain_new_or_changed", "known_bone_mets",
                           "spinal_tenderness", "severe_pain", "progressive_pain", "upper_spine", "fall_or_injury",
                           "weight_loss", "still_in_treatment"], "no")
    truth |= NO_SIGNS | {"cancer_history": history, "fever_chills": "yes"}  # urgent for anyone
    screen.run_check(truth)
    assert screen.triage["urgency"] == "urgent"
    advice = directives(screen)[0]["datasources"]["payload"]["screen"]["advice"]
    assert said in advice and never_said not in advice
    assert advice in screen.card["text"]


def test_an_odd_touch_event_is_not_an_answer(screen):
    screen.open()
    screen._send(screen.device.user_event(["answer", "banana"]))
    assert screen.triage["answers"] == {}


def test_a_device_without_a_screen_gets_exactly_the_voice_experience(transport):
    plain, shown = Talk(transport), Talk(transport, Device(supported_interfaces=APL))
    for talk in (plain, shown):
        talk.open().answer("no").answer("unknown")
    assert directives(plain) == []
    assert plain.response["outputSpeech"] == shown.response["outputSpeech"]
    assert plain.triage == shown.triage


# -- APL versions (issue 13, finding 11) -------------------------------------------
def with_apl(max_version=None) -> Device:
    runtime = {"runtime": {"maxVersion": max_version}} if max_version else {}
    return Device(supported_interfaces={"Alexa.Presentation.APL": runtime})


@pytest.mark.parametrize("max_version", ["1.1", "1.4", "2022.1", "2024.2"])
def test_a_device_gets_the_screen_at_a_version_it_renders(transport, max_version):
    talk = Talk(transport, with_apl(max_version))
    talk.open()
    (render,) = directives(talk)
    from skill.alexa.screens import apl_version

    assert apl_version(render["document"]["version"]) <= apl_version(max_version)


@pytest.mark.parametrize("max_version", ["1.0", None, "not a version"])
def test_a_device_whose_apl_is_older_or_unsaid_gets_the_voice_alone(transport, max_version):
    talk, plain = Talk(transport, with_apl(max_version)), Talk(transport)
    for t in (talk, plain):
        t.open().answer("no")
    assert directives(talk) == []
    assert talk.response["outputSpeech"] == plain.response["outputSpeech"]


def test_the_documents_declare_the_lowest_version_that_renders_them():
    """1.1 brought accessibilityLabel, which the buttons carry for screen readers."""
    from skill.alexa.screens import DOCUMENTS, _document

    assert [_document(name)["version"] for name in DOCUMENTS] == ["1.1", "1.1"]
    assert "accessibilityLabel" in str(_document("question"))
