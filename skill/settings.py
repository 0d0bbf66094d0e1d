"""Deployment settings, read once from the environment.

Every setting has a safe default: verification on, answers kept only in
the session, an SQLite file store for local runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .memory import Retention

DEFAULT_STORE = "sqlite:///" + str(Path.cwd() / ".data" / "skill.sqlite3")


ON = ("1", "true", "yes", "on")
OFF = ("0", "false", "no", "off")


class SettingsError(ValueError):
    """A setting that cannot be read: the process must not start with a guess."""


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _number(name: str, value: str | None, default: float, kind=float):
    """A positive number, or the default when unset; anything else refuses to start."""
    if value is None or value.strip() == "":
        return default
    try:
        number = kind(value.strip())
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a number") from None
    if number <= 0:
        raise SettingsError(f"{name}={value!r} must be more than 0")
    return number


def _log_level(value: str | None) -> str:
    level = (value or "INFO").strip().upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"SKILL_LOG_LEVEL={value!r} is not recognised: use one of {', '.join(LOG_LEVELS)}")
    return level


def _strict_flag(name: str, value: str | None, default: bool) -> bool:
    """A switch whose wrong guess would open a door: anything but a known
    on or off word refuses to start (``SKILL_VERIFY=enabled`` is not off)."""
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in ON or word in OFF:
        return word in ON
    raise SettingsError(f"{name}={value!r} is not recognised: use on or off")


@dataclass(frozen=True)
class Settings:
    #: Where records are kept: ``sqlite:///path``, ``dynamodb://table?region=..``, ``none``.
    store: str = DEFAULT_STORE
    #: The Alexa skill id to accept; None accepts any (local use only).
    skill_id: str | None = None
    #: Check request signatures and timestamps (web service only).
    verify: bool = True
    #: Serve any skill's requests off loopback without SKILL_ID (multi-skill
    #: hosts only; loud at start).
    accept_any_skill: bool = False
    log_level: str = "INFO"
    #: Largest request body the web service accepts, in bytes.
    max_body_bytes: int = 128 * 1024
    #: Keep answers between sessions (resume, history). Off by default:
    #: only HIPAA-eligible deployments, or a person's own install, may.
    retain_answers: bool = False
    resume_hours: float = 24
    history_days: float = 90

    @property
    def retention(self) -> Retention:
        return Retention(self.retain_answers, self.resume_hours, self.history_days)

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            store=env.get("SKILL_STORE") or DEFAULT_STORE,
            skill_id=env.get("SKILL_ID") or None,
            verify=_strict_flag("SKILL_VERIFY", env.get("SKILL_VERIFY"), True),
            accept_any_skill=_strict_flag("SKILL_ACCEPT_ANY_SKILL", env.get("SKILL_ACCEPT_ANY_SKILL"), False),
            log_level=_log_level(env.get("SKILL_LOG_LEVEL")),
            max_body_bytes=_number("SKILL_MAX_BODY_BYTES", env.get("SKILL_MAX_BODY_BYTES"), 128 * 1024, int),
            retain_answers=_strict_flag("SKILL_RETAIN_ANSWERS", env.get("SKILL_RETAIN_ANSWERS"), False),
            resume_hours=_number("SKILL_RESUME_HOURS", env.get("SKILL_RESUME_HOURS"), 24),
            history_days=_number("SKILL_HISTORY_DAYS", env.get("SKILL_HISTORY_DAYS"), 90),
        )
