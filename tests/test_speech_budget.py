"""Measured brevity: everything the skill says, rendered to audio with
espeak-ng calibrated to Alexa's default rate (reports/speech_budget.py)."""

import pytest

from reports import speech_budget
from reports.speech_budget import BUDGET_SECONDS, EspeakMissing


@pytest.fixture(scope="module")
def results():
    try:
        return speech_budget.measure()
    except EspeakMissing as e:  # never a silent skip
        pytest.fail(str(e), pytrace=False)


def late(results, kind: str) -> list[str]:
    return [f"{i.locale} {i.key}: {s:.1f}s" for i, s in results if i.kind == kind and s > BUDGET_SECONDS[kind]]


def test_espeak_is_calibrated_to_alexas_default_rate():
    for voice in ("en-us", "es-419"):
        speed = speech_budget.calibrated_speed(voice)
        text = "one two three four five six seven eight nine ten " * 6
        assert 100 < speed < 260
        assert speech_budget.seconds(text, voice, speed) > 60 * 60 / 400  # sanity: not instant


def test_the_welcome_lasts_at_most_fifteen_seconds(results):
    """The first launch, answers kept or not (spec v4)."""
    assert BUDGET_SECONDS["welcome"] == 15.0
    assert late(results, "welcome") == []


def test_the_welcome_with_the_first_question_lasts_at_most_twenty_seconds(results):
    assert BUDGET_SECONDS["welcome_first"] == 20.0
    assert late(results, "welcome_first") == []


@pytest.mark.parametrize("kind", ["question", "reprompt"])
def test_every_question_and_reprompt_in_every_form_lasts_at_most_ten_seconds(results, kind):
    """Every form: the fever question on treatment, 'anything else?'."""
    assert late(results, kind) == []


@pytest.mark.parametrize("kind", ["group", "group_reprompt"])
def test_every_grouped_question_lasts_at_most_ten_seconds(results, kind):
    """The spec's pairs ("Two things: ..."), for the person and for someone else."""
    assert BUDGET_SECONDS[kind] == 10.0
    assert late(results, kind) == []


def test_every_recommendation_lasts_at_most_forty_two_seconds(results):
    """The longest of each level, for the person and for someone else:
    every spoken reason with every spoken cause, the v4 warning list, and
    the reminder offer (reports/speech_budget.py says why 42 s)."""
    assert late(results, "recommendation") == []


@pytest.mark.parametrize("kind", ["general", "emergency"])
def test_the_general_and_cord_scripts_last_at_most_twenty_seconds_with_the_number_twice(results, kind):
    """With what the other scripts add ("mention treatment and fever"), and
    for "it's an emergency" and "I have chest pain"."""
    assert BUDGET_SECONDS[kind] == 20.0
    assert late(results, kind) == []


@pytest.mark.parametrize("kind", ["nerve", "sepsis"])
def test_the_nerve_and_sepsis_scripts_last_at_most_twenty_five_seconds(results, kind):
    assert BUDGET_SECONDS[kind] == 25.0
    assert late(results, kind) == []


def test_every_level_and_script_of_every_locale_is_measured_for_the_person_and_for_someone_else(results):
    measured = {
        (i.locale, i.key) for i, _ in results if i.kind in ("recommendation", "general", "emergency", "nerve", "sepsis")
    }
    locales = {i.locale for i, _ in results}
    kinds = ("general", "cord", "nerve", "sepsis", "urgent", "soon", "routine")
    keys = {f"{kind}{who}" for kind in kinds for who in ("", ", for her")}
    assert measured == {(locale, key) for locale in locales for key in keys}


def test_every_pair_of_every_locale_is_measured(results):
    from skill.triage import PAIRS

    measured = {(i.locale, i.key) for i, _ in results if i.kind == "group"}
    locales = {i.locale for i, _ in results}
    keys = {f"{pair[0]}{who}" for pair in PAIRS for who in ("", ", for her")}
    assert measured == {(locale, key) for locale in locales for key in keys}
