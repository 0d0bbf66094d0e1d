"""The centre's own contact words (skill/centre.py): validated, fail closed,
spoken digit by digit, never another market's; reference codes."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from skill import centre
from skill.centre import CentreError, Contact, parse, parse_contact, reference_code, reference_for, speak_digits


def test_a_number_is_spoken_digit_by_digit_with_a_pause_between_its_groups():
    contact = parse_contact("en-GB", {"oncologyLine": "0800 123 4567", "teamName": "Acute Oncology Service"})
    assert contact.oncology_line == "08001234567"
    assert contact.line_text == "0800 123 4567"
    assert contact.line_ssml == ('<say-as interpret-as="digits">0800</say-as><break time="300ms"/>'
                                 '<say-as interpret-as="digits">123</say-as><break time="300ms"/>'
                                 '<say-as interpret-as="digits">4567</say-as>')
    assert contact.team_name == contact.team_ssml == "Acute Oncology Service"


def test_unset_values_mean_the_generic_words():
    assert parse_contact("en-US", {}) == Contact("en-US")
    assert parse_contact("en-US", {"oncologyLine": "", "teamName": ""}).line_ssml is None


@pytest.mark.parametrize("line", ["+44 800 123", "0800-123-4567", "0800  123", " 0800", "0800 ", "12", "1" * 16,
                                  "0800 123 4567<break/>", "O8OO 123", "٠٨٠٠١٢٣", 8001234567])
def test_a_malformed_number_is_refused(line):
    with pytest.raises(CentreError):
        parse_contact("en-GB", {"oncologyLine": line})


@pytest.mark.parametrize("team", ["<speak>", "Team {number}", "A", "x" * 61, "Team\nName", " Team", "Team & <b>"])
def test_a_team_name_that_could_inject_markup_or_a_placeholder_is_refused(team):
    with pytest.raises(CentreError):
        parse_contact("en-GB", {"teamName": team})


def test_a_team_name_with_an_ampersand_is_escaped_for_speech():
    assert parse_contact("en-GB", {"teamName": "Breast Care & Oncology"}).team_ssml == "Breast Care &amp; Oncology"


def test_speak_digits_refuses_anything_but_digits():
    with pytest.raises(CentreError):
        speak_digits("999; DROP")


def test_at_run_time_a_malformed_file_falls_back_to_the_generic_words_for_every_market(tmp_path, monkeypatch,
                                                                                         caplog):
    path = tmp_path / "centre.json"
    path.write_text(json.dumps({"markets": {"en-GB": {"oncologyLine": "0800 123 4567"},
                                            "en-US": {"oncologyLine": "call 555"}}}))
    monkeypatch.setenv(centre.ENV_FILE, str(path))
    centre.reset()
    try:
        assert centre.for_locale("en-GB") == Contact("en-GB")  # one bad market: none is trusted
        assert "centre settings refused" in caplog.text
    finally:
        centre.reset()


def test_a_market_only_gets_its_own_number(tmp_path, monkeypatch):
    path = tmp_path / "centre.json"
    path.write_text(json.dumps({"markets": {"en-GB": {"oncologyLine": "0800 123 4567", "teamName": "AOS"}}}))
    monkeypatch.setenv(centre.ENV_FILE, str(path))
    centre.reset()
    try:
        assert centre.for_locale("en-GB").oncology_line == "08001234567"
        assert centre.for_locale("en-US") == Contact("en-US")
        assert centre.for_locale(None).oncology_line is None
        assert centre.summary() == "en-GB:line/team"
    finally:
        centre.reset()


def test_without_a_file_every_market_has_the_generic_words(monkeypatch):
    monkeypatch.delenv(centre.ENV_FILE, raising=False)
    centre.reset()
    assert not centre.PACKAGED.exists(), "skill/centre.json is written into the package only"
    assert centre.for_locale("en-GB") == Contact("en-GB") and centre.summary() == "generic"


def test_the_repository_centre_config_is_valid():
    from scripts.centre_config import ROOT

    contacts = parse(json.loads((ROOT / "centre.json").read_text(encoding="utf-8")))
    assert contacts


def test_reference_codes_are_short_random_and_unambiguous():
    codes = [reference_code() for _ in range(2000)]
    assert all(re.fullmatch(r"[ACDEFHJKMNPQRTUVWXY3479]{6}", c) for c in codes)
    assert len(set(codes)) > 1990  # 23**6 ~ 148 million codes
    letters = Counter("".join(codes))
    assert not set(letters) & set("0O1IL2Z5S8B6G")


def test_a_result_keeps_its_code_and_a_forged_one_is_replaced():
    session: dict = {}
    code = reference_for(session)
    assert reference_for(session) == code == session["reference"]
    session["reference"] = "<speak>"
    assert reference_for(session) != "<speak>"
