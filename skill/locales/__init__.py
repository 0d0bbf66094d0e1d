"""Words per locale, loaded from JSON data files beside this module.

A language's words are written once: ``<language>.json`` (``en.json``) is the
base, and ``<language>-<REGION>.json`` (``en-GB.json``) holds only what that
market says differently, so a change of wording is made in one place.
``words(locale)`` merges the two (see ``merge``); a locale without a base file
(Spanish, for now) is its own file, whole. Only region-named files are
locales: a base file is never spoken on its own.

A locale is either complete (every key of en-US, merged) or absent; tests
enforce it. Requests in a locale we do not have fall back to the closest
language we do have, then to en-US.

When the check is for someone else, ``Strings.about(person)`` gives the
third-person view: every key with an ``_other`` sibling reads the sibling,
with the pronoun words of the locale (``pronouns.she`` etc.) filled in.
``person`` is a pronoun (``she``, ``he``, ``they``) or, in a language that
names the person ("¿Su mamá tiene fiebre?", never "esa persona"), a
relation of the locale's ``relations`` table (the ids of the model's
RELATION slot values): its ``pronoun`` table with the relation's own words
on top (``{"pronoun": "she", "she": "su mamá", "obj": "su mamá"}``).
"""

from __future__ import annotations

import copy
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
RELATIONS = "relations"


def available_locales() -> list[str]:
    """The region-named files (``en-GB``); ``en.json`` is a base, not a locale."""
    return sorted(p.stem for p in LOCALE_DIR.glob("*-*.json"))


def language_of(locale: str) -> str:
    return locale.split("-")[0].lower()


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``over`` on top: dicts merge key by key; any other value
    (a string, a list such as ``meta.months``) replaces the base's whole.
    Neither argument is changed; the base's key order is kept."""
    out = _copy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = _copy(value)
    return out


def _copy(node: Any) -> Any:
    """A copy of a JSON tree: new dicts and lists, the same (immutable)
    strings and numbers; what ``copy.deepcopy`` gives, without its memo, on
    the cold start's path."""
    if isinstance(node, dict):
        return {key: _copy(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_copy(value) for value in node]
    return node


def read(name: str) -> dict[str, Any] | None:
    """One file's own tree, as written (``name`` without ``.json``); None if
    there is no such file. Top-level keys starting with ``_`` are notes."""
    path = LOCALE_DIR / f"{name}.json"
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as f:
        return {k: v for k, v in json.load(f).items() if not k.startswith("_")}


@cache
def _words(locale: str) -> dict[str, Any]:
    own = read(locale)
    if own is None:
        raise FileNotFoundError(f"no locale {locale!r} in {LOCALE_DIR}")
    base = read(language_of(locale))
    return own if base is None else _merge_into(base, own)


def _merge_into(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``merge`` for two trees just read from their files: the base is
    changed in place, nothing is copied (the first launch's path)."""
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge_into(base[key], value)
        else:
            base[key] = value
    return base


def words(locale: str) -> dict[str, Any]:
    """A locale's whole word tree (base merged with the market's differences):
    what every reader of the words (tests, reports, packaging) must use
    instead of opening a file. A copy, so a caller cannot change the cache."""
    return copy.deepcopy(_words(locale))


def resolve_locale(locale: str | None) -> str:
    """The locale we will speak for a request's ``locale`` value."""
    available = available_locales()
    if locale in available:
        return locale  # type: ignore[return-value]
    language = language_of(locale or "")
    if LANGUAGE_DEFAULT.get(language) in available:
        return LANGUAGE_DEFAULT[language]
    for candidate in available:
        if language_of(candidate) == language:
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
        self._words = _KeepMissing(person_words(data, pronoun)) if pronoun else None

    def knows(self, person: str | None) -> bool:
        """A pronoun or a relation this locale can speak of."""
        return person in self._data["pronouns"] or person in self._data.get(RELATIONS, {})

    def about(self, pronoun: str | None) -> Strings:
        """The same words, in the third person (she / he / they, or a
        relation such as ``mother``), or not."""
        if pronoun == self.pronoun:
            return self
        if pronoun is not None and not self.knows(pronoun):
            raise KeyError(f"no pronoun or relation {pronoun!r} in {self.locale}")
        return Strings(self.locale, self._data, pronoun, self._flat)

    def _lookup(self, key: str) -> Any:
        return self._flat[key]

    def __contains__(self, key: str) -> bool:
        return key in self._flat

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


def person_words(data: dict[str, Any], person: str) -> dict[str, str]:
    """The words that fill a third-person string: a pronoun's table, or a
    relation's pronoun table with the relation's own words on top."""
    relation = data.get(RELATIONS, {}).get(person)
    if relation is None:
        return data["pronouns"][person]
    own = {key: value for key, value in relation.items() if key != "pronoun"}
    return {**data["pronouns"][relation["pronoun"]], **own}


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
    return Strings(resolved, _words(resolved))
