"""Deployment settings, read once from the environment and checked whole.

Every setting has a safe default: verification on, answers kept only in
the session, an SQLite file store for local runs. A value that is not
finite, not in range or not of the right shape refuses to start, with a
message naming the setting and no traceback (the entry points print
``SettingsError`` and exit): a guess would either keep health data longer
than promised (``SKILL_HISTORY_DAYS=inf``) or start a service that never
answers (``SKILL_WORKERS=0``).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .memory import Retention

DEFAULT_STORE = "sqlite:///" + str(Path.cwd() / ".data" / "skill.sqlite3")

ON = ("1", "true", "yes", "on")
OFF = ("0", "false", "no", "off")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

#: The ranges the SAM template's parameters allow, and the README states.
RESUME_HOURS = (24, 0, 168)  # default, lowest (0: any number above it), highest
HISTORY_DAYS = (90, 0, 365)
PREFERENCES_DAYS = (365, 0, 365)
MAX_BODY_BYTES = (128 * 1024, 1024, 1024 * 1024)
WORKERS_MAX = 64
#: The shape of an Alexa skill id, as the template's ``SkillId`` parameter.
SKILL_ID = re.compile(r"amzn1\.ask\.skill\.[0-9a-fA-F-]+")
_TABLE = re.compile(r"[A-Za-z0-9_.-]{3,255}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d")


class SettingsError(ValueError):
    """A setting that cannot be read: the process must not start with a guess."""


def _number(name: str, value: str | None, limits: tuple[float, float, float], kind: type = float) -> float:
    """A finite number within ``limits`` (default, lowest, highest), or the
    default when unset; anything else refuses to start."""
    default, lowest, highest = limits
    if value is None or value.strip() == "":
        return kind(default)
    try:
        number = kind(value.strip())
    except (ValueError, OverflowError):
        raise SettingsError(f"{name}={value!r} is not {'a whole number' if kind is int else 'a number'}") from None
    if not math.isfinite(number) or not (lowest <= number <= highest and number > 0):
        above = "more than 0" if lowest == 0 else _plain(lowest)
        raise SettingsError(f"{name}={value!r} is out of range: use {above} to {_plain(highest)}")
    return number


def _plain(number: float) -> str:
    return f"{number:g}"


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


def _skill_id(value: str | None) -> str | None:
    if value is None or value.strip() == "":
        return None
    if not SKILL_ID.fullmatch(value.strip()):
        raise SettingsError(f"SKILL_ID={value!r} is not an Alexa skill id: amzn1.ask.skill.<id>")
    return value.strip()


def _workers(value: str | None) -> int | None:
    if value is None or value.strip() == "":
        return None
    return int(_number("SKILL_WORKERS", value, (1, 1, WORKERS_MAX), int))


def check_store(value: str) -> str:
    """The shape of a ``SKILL_STORE`` value (the store itself is opened
    later, by ``store.adapter_for``, which checks the file)."""
    refuse = f"SKILL_STORE={value!r}"
    if value == "none":
        return value
    if value.startswith("sqlite:///"):
        path, _, query = value[len("sqlite:///"):].partition("?")
        if not path or "\x00" in path:
            raise SettingsError(f"{refuse} names no file: use sqlite:///path")
        options = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if set(options) - {"busy_timeout_ms"}:
            raise SettingsError(f"{refuse} has an unknown option: only busy_timeout_ms")
        _number("SKILL_STORE busy_timeout_ms", options.get("busy_timeout_ms"), (5000, 1, 60000), int)
        return value
    if value.startswith("dynamodb://"):
        url = urlsplit(value)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        if not _TABLE.fullmatch(url.netloc) or url.path not in ("", "/"):
            raise SettingsError(f"{refuse} needs a table name: dynamodb://TABLE?region=REGION")
        if not _REGION.fullmatch(query.get("region", "")):
            raise SettingsError(f"{refuse} needs a region: dynamodb://TABLE?region=REGION")
        if set(query) - {"region", "endpoint", "ttl", "create"}:
            raise SettingsError(f"{refuse} has an unknown option: region, endpoint, ttl, create")
        endpoint = urlsplit(query.get("endpoint", "https://x"))
        if endpoint.scheme not in ("http", "https") or not endpoint.hostname:
            raise SettingsError(f"{refuse}: endpoint must be an http(s) URL")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", query.get("ttl", "expires")):
            raise SettingsError(f"{refuse}: ttl must be an attribute name")
        _strict_flag("SKILL_STORE create", query.get("create"), False)
        return value
    raise SettingsError(f"{refuse} is not recognised: use sqlite:///path, dynamodb://TABLE?region=REGION or none")


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
    #: How long non-health preferences are kept after their last change.
    preferences_days: float = 365
    #: gunicorn workers of the web service (None: 2 per core + 1).
    workers: int | None = None

    @property
    def retention(self) -> Retention:
        return Retention(self.retain_answers, self.resume_hours, self.history_days, self.preferences_days)

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            store=check_store((env.get("SKILL_STORE") or DEFAULT_STORE).strip()),
            skill_id=_skill_id(env.get("SKILL_ID")),
            verify=_strict_flag("SKILL_VERIFY", env.get("SKILL_VERIFY"), True),
            accept_any_skill=_strict_flag("SKILL_ACCEPT_ANY_SKILL", env.get("SKILL_ACCEPT_ANY_SKILL"), False),
            log_level=_log_level(env.get("SKILL_LOG_LEVEL")),
            max_body_bytes=int(_number("SKILL_MAX_BODY_BYTES", env.get("SKILL_MAX_BODY_BYTES"), MAX_BODY_BYTES, int)),
            retain_answers=_strict_flag("SKILL_RETAIN_ANSWERS", env.get("SKILL_RETAIN_ANSWERS"), False),
            resume_hours=_number("SKILL_RESUME_HOURS", env.get("SKILL_RESUME_HOURS"), RESUME_HOURS),
            history_days=_number("SKILL_HISTORY_DAYS", env.get("SKILL_HISTORY_DAYS"), HISTORY_DAYS),
            preferences_days=_number("SKILL_PREFERENCES_DAYS", env.get("SKILL_PREFERENCES_DAYS"), PREFERENCES_DAYS),
            workers=_workers(env.get("SKILL_WORKERS")),
        )
