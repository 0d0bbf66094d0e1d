"""What operations see (issue 20): the skill's own metrics as embedded
metric format lines, the error handler that ends a failing check with the
emergency signs instead of looping, and one result line per result with a
reference code and nothing that finds the person."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest

from skill import metrics
from skill.alexa import handlers
from skill.alexa.operations import result_given
from skill.centre import REFERENCE_ALPHABET
from skill.envelopes import Device
from skill.locales import available_locales, load
from tests.conftest import Talk, lambda_transport_for


def no_to_everything(talk: Talk) -> Talk:
    """A whole check answered "no" throughout."""
    talk.open()
    while talk.triage.get("question"):
        talk.answer("no")
    return talk


def _broken(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("the interview broke")


def _plain(ssml: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", ssml)).strip()


@pytest.mark.parametrize("locale", available_locales())
def test_a_crash_on_every_answer_ends_with_the_emergency_signs_after_two_tries_and_counts_it(
        monkeypatch, store, locale):
    strings = load(locale)
    number = strings["meta.emergency_number_ssml"]
    signs = _plain(strings.get("moves.error_signs", number=number))
    talk = Talk(lambda_transport_for(monkeypatch, store), Device(locale=locale))
    talk.open()
    first_question = talk.triage["question"]
    monkeypatch.setattr(handlers.Interview, "answer", _broken)
    with metrics.capture() as seen:
        talk.answer("no")
        # First failure: the apology, the signs, and the same question again.
        assert not talk.ended and talk.triage["question"] == first_question
        assert signs in talk.speech and talk.speech.startswith(_plain(strings["moves.error"]))
        talk.answer("no")
    # Second failure in a row: the session ends with the signs, no loop.
    assert talk.ended
    assert talk.speech == f"{_plain(strings['moves.error_end'])} {signs}"
    assert metrics.totals(seen, "HandlerErrors") == 2
    assert metrics.totals(seen, "ErrorEndings") == 1


def test_only_failures_in_a_row_end_the_session(monkeypatch, store):
    talk = Talk(lambda_transport_for(monkeypatch, store), Device(locale="en-GB"))
    talk.open()
    original = handlers.Interview.answer
    with monkeypatch.context() as m:
        m.setattr(handlers.Interview, "answer", _broken)
        talk.answer("no")
    assert not talk.ended
    talk.answer("no")  # a turn that works clears the streak
    asked = talk.triage["question"]
    with monkeypatch.context() as m:
        m.setattr(handlers.Interview, "answer", _broken)
        talk.answer("no")
    assert not talk.ended and talk.triage["question"] == asked
    assert handlers.Interview.answer is original


def test_a_failure_with_no_check_under_way_still_says_the_signs(monkeypatch, store):
    strings = load("en-US")
    transport = lambda_transport_for(monkeypatch, store)
    monkeypatch.setattr(handlers.Turn, "offer_start", _broken)
    talk = Talk(transport, Device(locale="en-US"))
    talk.open().say("AMAZON.StopIntent")  # session over
    talk.say("AMAZON.HelpIntent")  # outside a check: help_idle offers a start, which breaks
    assert talk.ended
    assert _plain(strings.get("moves.error_signs", number="911")) in talk.speech


def test_metric_lines_are_embedded_metric_format_with_no_id_beside_them(monkeypatch, store):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "back-pain-check-live")
    device = Device(locale="en-GB")
    with metrics.capture() as seen:
        no_to_everything(Talk(lambda_transport_for(monkeypatch, store), device))
    assert seen and metrics.totals(seen, "Turns") >= 2
    text = json.dumps(seen)
    assert device.user_id not in text and device.device_id not in text and device.session_id not in text
    for doc in seen:
        directive = doc["_aws"]["CloudWatchMetrics"][0]
        assert directive["Namespace"] == metrics.NAMESPACE and isinstance(doc["_aws"]["Timestamp"], int)
        for dims in directive["Dimensions"]:
            assert set(dims) <= set(metrics.DIMENSIONS) and all(d in doc for d in dims)
        for metric in directive["Metrics"]:
            assert isinstance(doc[metric["Name"]], int | float)
        assert set(doc) <= {"_aws", *metrics.DIMENSIONS, *metrics.METRICS}, sorted(doc)
        assert doc["Function"] == "back-pain-check-live"
    results = [d for d in seen if "Results" in d]
    assert len(results) == 1 and results[0]["Locale"] == "en-GB"
    assert results[0]["Level"] in ("emergency", "urgent", "soon", "routine")


def test_metrics_are_written_to_stdout_only_inside_lambda(monkeypatch, capsys):
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    metrics.count("Turns")
    assert capsys.readouterr().out == ""
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "f")
    metrics.count("Results", Level="urgent", Locale="en-GB")
    line = capsys.readouterr().out.strip()
    assert json.loads(line)["Results"] == 1 and "\n" not in line


def test_a_metric_line_refuses_an_id_dimension():
    with pytest.raises(ValueError, match="not allowed"):
        metrics.document("Turns", UserId="amzn1.ask.account.x")
    with pytest.raises(ValueError, match="unknown metric"):
        metrics.document("Answers")


def test_store_failures_are_counted(monkeypatch, tmp_path):
    # A folder where the SQLite file should be: it cannot open. Made after the
    # start, which refuses such a store setting (settings checked at start).
    transport = lambda_transport_for(monkeypatch, f"sqlite:///{tmp_path / 'a-folder'}")
    (tmp_path / "a-folder").mkdir()
    with metrics.capture() as seen:
        Talk(transport, Device()).open()
    assert metrics.totals(seen, "StoreErrors") >= 1


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def result_lines():
    handler = Lines()
    logger = logging.getLogger("skill.results")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def test_each_result_has_one_line_with_a_reference_code_and_no_user_data(monkeypatch, store, result_lines):
    device = Device(locale="en-GB")
    talk = no_to_everything(Talk(lambda_transport_for(monkeypatch, store), device))
    level = talk.triage["urgency"]
    talk.say("AMAZON.RepeatIntent")  # a repeat is not a new result
    assert len(result_lines) == 1, result_lines
    line = json.loads(result_lines[0].removeprefix("result "))
    assert line["level"] == level and line["locale"] == "en-GB" and line["event"] == "result"
    assert re.fullmatch(f"[{REFERENCE_ALPHABET}]{{6}}", line["ref"])
    # The code is the session's (the card prints it: skill.centre.reference_for).
    assert talk.last["sessionAttributes"]["reference"] == line["ref"]
    assert set(line) == {"event", "ref", "level", "locale", "version", "commit"}
    assert device.user_id not in result_lines[0] and device.device_id not in result_lines[0]


def test_a_new_check_gets_a_new_reference(monkeypatch, store, result_lines):
    talk = no_to_everything(Talk(lambda_transport_for(monkeypatch, store), Device(locale="en-US")))
    if talk.ended:
        talk.open()
    talk.say("AMAZON.StartOverIntent")
    while talk.triage.get("question"):
        talk.answer("no")
    codes = [json.loads(line.removeprefix("result "))["ref"] for line in result_lines]
    assert len(codes) == 2 and codes[0] != codes[1]


def test_the_emergency_said_mid_check_is_a_result_once():
    assert result_given({"triage": {"question": "x", "urgency": None}},
                        {"emergency_said": True, "triage": {"question": "x", "urgency": None}}) == "emergency"
    assert result_given({"emergency_said": True}, {"emergency_said": True}) is None
    assert result_given(None, {"triage": {"question": None, "urgency": "urgent"}}) == "urgent"
    assert result_given({"triage": {"urgency": "soon"}}, {"triage": {"question": None, "urgency": "soon"}}) is None
