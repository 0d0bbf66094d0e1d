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


UUID = "0f0e7d3c-1b2a-4c5d-8e9f-0123456789ab"


# -- issue 19, finding 6: finite, in range, the right shape ---------------------------------
@pytest.mark.parametrize("name, value", [
    ("SKILL_HISTORY_DAYS", "nan"), ("SKILL_HISTORY_DAYS", "inf"), ("SKILL_HISTORY_DAYS", "1e400"),
    ("SKILL_HISTORY_DAYS", "0"), ("SKILL_HISTORY_DAYS", "366"),
    ("SKILL_RESUME_HOURS", "inf"), ("SKILL_RESUME_HOURS", "169"), ("SKILL_RESUME_HOURS", "-inf"),
    ("SKILL_PREFERENCES_DAYS", "nan"), ("SKILL_PREFERENCES_DAYS", "400"),
    ("SKILL_WORKERS", "0"), ("SKILL_WORKERS", "abc"), ("SKILL_WORKERS", "-2"), ("SKILL_WORKERS", "1.5"),
    ("SKILL_WORKERS", "1000"),
    ("SKILL_MAX_BODY_BYTES", "1e9"), ("SKILL_MAX_BODY_BYTES", str(2**40)), ("SKILL_MAX_BODY_BYTES", "10"),
    ("SKILL_ID", "abc"), ("SKILL_ID", "amzn1.ask.skill."), ("SKILL_ID", "amzn1.ask.skill.12ab;drop"),
    ("SKILL_STORE", "mysql://db"), ("SKILL_STORE", "sqlite:///"), ("SKILL_STORE", "sqlite://relative"),
    ("SKILL_STORE", "sqlite:///x.db?busy_timeout_ms=abc"), ("SKILL_STORE", "sqlite:///x.db?busy_timeout_ms=inf"),
    ("SKILL_STORE", "sqlite:///x.db?mode=ro"), ("SKILL_STORE", "dynamodb://records"),
    ("SKILL_STORE", "dynamodb://records?region=nowhere"), ("SKILL_STORE", "dynamodb://?region=eu-west-1"),
    ("SKILL_STORE", "dynamodb://records?region=eu-west-1&endpoint=file:///etc/passwd"),
    ("SKILL_STORE", "dynamodb://records?region=eu-west-1&create=maybe"),
])
def test_a_setting_out_of_range_or_shape_refuses_to_start_and_names_itself(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


@pytest.mark.parametrize("name, value, expected", [
    ("SKILL_HISTORY_DAYS", "365", 365), ("SKILL_RESUME_HOURS", "0.5", 0.5), ("SKILL_WORKERS", "3", 3),
    ("SKILL_PREFERENCES_DAYS", "30", 30), ("SKILL_MAX_BODY_BYTES", "1048576", 1048576),
    ("SKILL_ID", f"amzn1.ask.skill.{UUID}", f"amzn1.ask.skill.{UUID}"),
    ("SKILL_STORE", "dynamodb://records?region=eu-west-1&endpoint=http://127.0.0.1:8000&create=1",
     "dynamodb://records?region=eu-west-1&endpoint=http://127.0.0.1:8000&create=1"),
])
def test_a_setting_in_range_is_taken(name, value, expected):
    field = {"SKILL_ID": "skill_id"}.get(name, name.removeprefix("SKILL_").lower())
    assert getattr(Settings.from_env({name: value}), field) == expected


def _run(argv: list[str], **env: str):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    return subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "SKILL_STORE": "none", **env})


@pytest.mark.parametrize("argv", [
    ["-m", "skill", "serve", "--port", "1"],
    ["-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", "127.0.0.1:1", "skill.web:create_app()"],
    ["-c", "import runpy; runpy.run_path('lambda/lambda_function.py')"],
    ["-m", "skill", "chat"],
], ids=["serve", "gunicorn", "lambda", "chat"])
@pytest.mark.parametrize("name, value", [("SKILL_WORKERS", "abc"), ("SKILL_STORE", "mysql://db"),
                                         ("SKILL_HISTORY_DAYS", "nan")])
def test_every_entry_point_refuses_a_bad_setting_naming_it_without_a_traceback(argv, name, value):
    if name == "SKILL_WORKERS" and argv[-1] in ("chat",):
        pytest.skip("chat runs no workers")
    result = _run(argv, **{name: value})
    assert result.returncode != 0
    assert name in result.stderr and "refusing to start" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr + result.stdout
