"""Settings fail closed: a value the skill cannot read refuses to start,
rather than starting with a guess."""

import pytest

from skill.settings import Settings, SettingsError


@pytest.mark.parametrize("name, value", [
    ("SKILL_RETAIN_ANSWERS", "yes please"),
    ("SKILL_RETAIN_ANSWERS", "enabled"),
    ("SKILL_VERIFY", "strict"),
    ("SKILL_ACCEPT_ANY_SKILL", "y"),
    ("SKILL_LOG_LEVEL", "VERBOSE"),
    ("SKILL_MAX_BODY_BYTES", "lots"),
    ("SKILL_MAX_BODY_BYTES", "0"),
    ("SKILL_RESUME_HOURS", "-1"),
    ("SKILL_HISTORY_DAYS", "ninety"),
])
def test_an_unreadable_setting_refuses_to_start_and_names_itself(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_unset_settings_take_the_closed_defaults():
    settings = Settings.from_env({})
    assert settings.verify and not settings.retain_answers and not settings.accept_any_skill
    assert settings.log_level == "INFO" and settings.skill_id is None


@pytest.mark.parametrize("value, expected", [("on", True), ("Yes", True), ("1", True), ("off", False), ("no", False)])
def test_retaining_answers_takes_only_an_on_or_off_word(value, expected):
    assert Settings.from_env({"SKILL_RETAIN_ANSWERS": value}).retain_answers is expected
