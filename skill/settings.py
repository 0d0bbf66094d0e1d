"""Deployment settings, read once from the environment.

Every setting has a safe default: verification on, answers kept only in
the session, an SQLite file store for local runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_STORE = "sqlite:///" + str(Path.cwd() / ".data" / "skill.sqlite3")


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    #: Where non-health preferences are kept: ``sqlite:///path``, ``none``.
    store: str = DEFAULT_STORE
    #: The Alexa skill id to accept; None accepts any (local use only).
    skill_id: str | None = None
    #: Check request signatures and timestamps (web service only).
    verify: bool = True
    log_level: str = "INFO"
    #: Largest request body the web service accepts, in bytes.
    max_body_bytes: int = 128 * 1024
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            store=env.get("SKILL_STORE") or DEFAULT_STORE,
            skill_id=env.get("SKILL_ID") or None,
            verify=_flag(env.get("SKILL_VERIFY"), True),
            log_level=env.get("SKILL_LOG_LEVEL", "INFO").upper(),
            max_body_bytes=int(env.get("SKILL_MAX_BODY_BYTES") or 128 * 1024),
        )
