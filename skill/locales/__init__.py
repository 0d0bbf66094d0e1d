"""Words per locale, loaded from JSON data files beside this module.

A locale is either complete (every key of ``en-US.json``) or absent; tests
enforce it. Requests in a locale we do not have fall back to the closest
language we do have, then to en-US.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).parent
DEFAULT_LOCALE = "en-US"


def available_locales() -> list[str]:
    return sorted(p.stem for p in LOCALE_DIR.glob("*.json"))


def resolve_locale(locale: str | None) -> str:
    """The locale we will speak for a request's ``locale`` value."""
    available = available_locales()
    if locale in available:
        return locale  # type: ignore[return-value]
    language = (locale or "").split("-")[0].lower()
    for candidate in available:
        if candidate.split("-")[0].lower() == language:
            return candidate
    return DEFAULT_LOCALE


class Strings:
    """Dotted-key access to one locale's words: ``strings["moves.help"]``."""

    def __init__(self, locale: str, data: dict[str, Any]):
        self.locale = locale
        self._data = data

    def __getitem__(self, key: str) -> Any:
        node: Any = self._data
        for part in key.split("."):
            node = node[part]
        return node

    def get(self, key: str, **values: Any) -> str:
        """The string at ``key`` with ``{placeholders}`` filled in."""
        text = self[key]
        return text.format(**values) if values else text

    def question(self, qid: str, part: str) -> str:
        return self._data["questions"][qid][part]


@cache
def load(locale: str | None) -> Strings:
    resolved = resolve_locale(locale)
    with open(LOCALE_DIR / f"{resolved}.json", encoding="utf-8") as f:
        return Strings(resolved, json.load(f))
