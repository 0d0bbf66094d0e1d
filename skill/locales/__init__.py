"""Words per locale, loaded from JSON data files beside this module.

A locale is either complete (every key of ``en-US.json``) or absent; tests
enforce it. Requests in a locale we do not have fall back to the closest
language we do have, then to en-US.

When the check is for someone else, ``Strings.about(pronoun)`` gives the
third-person view: every key with an ``_other`` sibling reads the sibling,
with the pronoun words of the locale (``pronouns.she`` etc.) filled in.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).parent
DEFAULT_LOCALE = "en-US"
#: A missing regional locale is spoken as its language's default, chosen
#: for its emergency number (shared/triage-spec.md): es-MX must hear 911
#: (es-US), never Spain's 112; other English locales get en-US.
LANGUAGE_DEFAULT = {"en": "en-US", "es": "es-US"}
OTHER = "_other"


def available_locales() -> list[str]:
    return sorted(p.stem for p in LOCALE_DIR.glob("*.json"))


def resolve_locale(locale: str | None) -> str:
    """The locale we will speak for a request's ``locale`` value."""
    available = available_locales()
    if locale in available:
        return locale  # type: ignore[return-value]
    language = (locale or "").split("-")[0].lower()
    if LANGUAGE_DEFAULT.get(language) in available:
        return LANGUAGE_DEFAULT[language]
    for candidate in available:
        if candidate.split("-")[0].lower() == language:
            return candidate
    return DEFAULT_LOCALE


class _KeepMissing(dict):
    """Leaves placeholders that are not pronoun words for a later format."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Strings:
    """Dotted-key access to one locale's words: ``strings["moves.help"]``."""

    def __init__(
        self, locale: str, data: dict[str, Any], pronoun: str | None = None, flat: dict[str, Any] | None = None
    ):
        self.locale = locale
        self._data = data
        self._flat = flat if flat is not None else dict(_flatten(data))  # dotted key -> value, built once
        self.pronoun = pronoun
        self._words = _KeepMissing(data["pronouns"][pronoun]) if pronoun else None

    def about(self, pronoun: str | None) -> Strings:
        """The same words, in the third person (she / he / they), or not."""
        if pronoun == self.pronoun:
            return self
        if pronoun is not None and pronoun not in self._data["pronouns"]:
            raise KeyError(f"no pronoun {pronoun!r} in {self.locale}")
        return Strings(self.locale, self._data, pronoun, self._flat)

    def _lookup(self, key: str) -> Any:
        return self._flat[key]

    def __getitem__(self, key: str) -> Any:
        if self._words is not None:
            try:
                return self._lookup(key + OTHER).format_map(self._words)
            except KeyError:
                pass
        return self._lookup(key)

    def get(self, key: str, **values: Any) -> str:
        """The string at ``key`` with ``{placeholders}`` filled in."""
        text = self[key]
        return text.format(**values) if values else text

    def question(self, qid: str, part: str) -> str:
        return self[f"questions.{qid}.{part}"]


def _flatten(node: Any, prefix: str = ""):
    """Every value of the tree under its dotted key, inner nodes included."""
    if prefix:
        yield prefix, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else key)


@cache
def load(locale: str | None) -> Strings:
    resolved = resolve_locale(locale)
    with open(LOCALE_DIR / f"{resolved}.json", encoding="utf-8") as f:
        return Strings(resolved, json.load(f))
