"""The deploying centre's own contact words, per market, and check references.

A cancer centre putting the skill live wants its 24-hour acute oncology
number spoken (digit by digit) and printed on the card, and its cancer
team named, instead of the generic "your 24-hour line" / "your cancer
team". Those values come from the centre's config file (``centre.json``,
``markets.<locale>.oncologyLine`` and ``teamName``), validated here and
baked into the Lambda package by ``make package`` as ``skill/centre.json``.

Why so strict: a wrong digit in a number said to someone with signs of
sepsis is a clinical hazard. A value that is not plainly a phone number
(digits, optionally grouped by single spaces) or a team name that could
inject SSML or a format placeholder is refused: the build stops, and at
run time the locale falls back to the generic words (fail closed: never
speak a number we did not validate). A market only ever gets its own
entry, never another market's: a UK number must not be read to a US user.

Where the file is read at run time: ``$SKILL_CENTRE_FILE`` if set, else
``skill/centre.json`` beside this module (the package's copy), else none
(generic words). The repository's ``centre.json`` is *not* read at run
time, so tests and ``make chat`` are the same for every centre; use
``SKILL_CENTRE_FILE=centre.json make chat`` to hear your own.

Reference codes: every result gets a short code (``reference_for``) that
the card prints and the result log line carries, so a centre can find a
check that someone reports without any user data. It is random, not
derived from any id, and lives only in the session.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PACKAGED = Path(__file__).with_name("centre.json")
ENV_FILE = "SKILL_CENTRE_FILE"
#: Digits, optionally in groups separated by single spaces ("0800 123 4567").
LINE = re.compile(r"[0-9]+(?: [0-9]+)*")  # ASCII digits only (\d takes any script's)
#: National numbers: 3 (short codes) to 15 digits (E.164's maximum).
LINE_DIGITS = (3, 15)
#: Letters (any script), digits, spaces and plain punctuation; no markup,
#: no braces (format placeholders), no control characters.
TEAM = re.compile(r"[\w .,'’()&/-]{2,60}")
#: The pause between digit groups when spoken.
GROUP_BREAK = '<break time="300ms"/>'
#: Reference code letters: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G (misheard or misread).
REFERENCE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
REFERENCE_LENGTH = 6
REFERENCE_KEY = "reference"  # session attribute
_REFERENCE = re.compile(f"[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}")


def escape(text: str) -> str:
    """SSML-escape (not xml.sax.saxutils: it imports urllib, 20 ms of cold start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CentreError(ValueError):
    """A centre setting that must not be used as it is."""


@dataclass(frozen=True)
class Contact:
    """One market's contact words; None where the generic words are said."""

    locale: str
    oncology_line: str | None = None  # digits only
    groups: tuple[str, ...] = ()  # the digits as the centre groups them
    team_name: str | None = None

    @property
    def line_ssml(self) -> str | None:
        """The number for speech, digit by digit, a short pause between groups."""
        return speak_digits(" ".join(self.groups)) if self.oncology_line else None

    @property
    def line_text(self) -> str | None:
        """The number for the card, grouped as the centre wrote it."""
        return " ".join(self.groups) if self.oncology_line else None

    @property
    def team_ssml(self) -> str | None:
        """The team name, escaped for SSML."""
        return escape(self.team_name) if self.team_name else None


def speak_digits(number: str) -> str:
    """``"0800 123 4567"`` -> SSML reading each digit, pausing between groups."""
    if not LINE.fullmatch(number):
        raise CentreError(f"not a phone number of digits: {number!r}")
    return GROUP_BREAK.join(f'<say-as interpret-as="digits">{group}</say-as>' for group in number.split(" "))


def parse_contact(locale: str, entry: Mapping[str, Any]) -> Contact:
    """Validate one market's ``oncologyLine`` and ``teamName`` (empty or absent: generic words)."""
    line = entry.get("oncologyLine") or ""
    team = entry.get("teamName") or ""
    if not isinstance(line, str) or not isinstance(team, str):
        raise CentreError(f"{locale}: oncologyLine and teamName must be strings")
    digits: str | None = None
    groups: tuple[str, ...] = ()
    if line:
        if not LINE.fullmatch(line):
            raise CentreError(f"{locale}: oncologyLine {line!r} must be digits, grouped by single spaces")
        digits = line.replace(" ", "")
        low, high = LINE_DIGITS
        if not low <= len(digits) <= high:
            raise CentreError(f"{locale}: oncologyLine has {len(digits)} digits (expected {low} to {high})")
        groups = tuple(line.split(" "))
    if team and (not TEAM.fullmatch(team) or team != team.strip() or "  " in team):
        raise CentreError(f"{locale}: teamName {team!r} may hold letters, digits, spaces and .,'()&/- only")
    return Contact(locale, digits, groups, team or None)


def parse(data: Mapping[str, Any]) -> dict[str, Contact]:
    """Every market's contact, from a centre config (``{"markets": {locale: {...}}}``)."""
    markets = data.get("markets")
    if not isinstance(markets, Mapping):
        raise CentreError("the centre config needs a 'markets' object of locales")
    return {locale: parse_contact(locale, entry or {}) for locale, entry in markets.items()}


def load(path: Path | str) -> dict[str, Contact]:
    """The contacts of a centre config file; raises CentreError on anything malformed."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise CentreError(f"cannot read {path}: {e}") from None
    return parse(data)


def runtime_file() -> Path | None:
    """The file read at run time (see the module docstring), or None."""
    named = os.environ.get(ENV_FILE)
    if named:
        return Path(named)
    return PACKAGED if PACKAGED.exists() else None


@cache
def _contacts(path: Path | None) -> dict[str, Contact]:
    if path is None:
        return {}
    try:
        return load(path)
    except CentreError as e:
        # Fail closed: the generic words for every market, and a loud line.
        log.error("centre settings refused, generic contact words used: %s", e)
        return {}


def for_locale(locale: str | None) -> Contact:
    """The contact words for a (resolved) locale; generic when not set or invalid."""
    return _contacts(runtime_file()).get(locale or "", Contact(locale or ""))


def reset() -> None:
    """Forget the loaded file (tests that change ``SKILL_CENTRE_FILE``)."""
    _contacts.cache_clear()


def summary() -> str:
    """For the cold-start log line: which markets have a number and a team name set."""
    contacts = _contacts(runtime_file())
    if not contacts:
        return "generic"
    return ",".join(f"{loc}:{'line' if c.oncology_line else '-'}/{'team' if c.team_name else '-'}"
                    for loc, c in sorted(contacts.items()))


# -- reference codes ----------------------------------------------------------


def reference_code() -> str:
    """A fresh 6-character code from a CSPRNG: nothing about the person in it."""
    import secrets  # only a result needs it: secrets brings hmac, hashlib and random, kept off the cold start

    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def reference_for(session: MutableMapping[str, Any]) -> str:
    """The reference of the result in this session: the one already given
    (a repeated result keeps its code), else a new one, kept in the session.
    A value from the wire that is not a code is replaced."""
    code = session.get(REFERENCE_KEY)
    if not (isinstance(code, str) and _REFERENCE.fullmatch(code)):
        code = session[REFERENCE_KEY] = reference_code()
    return code


def spoken_reference(code: str) -> str:
    """The code for speech, character by character (if a script ever says it)."""
    if not _REFERENCE.fullmatch(code):
        raise CentreError(f"not a reference code: {code!r}")
    return f'<say-as interpret-as="spell-out">{code}</say-as>'
