"""The deploying centre's settings (``centre.json``): read, checked, explained.

One file per deployment (``SKILL_CENTRE_CONFIG`` names another), so that a
centre's own values never need a change to code or to the committed skill
package:

- ``skillId``: the Alexa skill (both stages use it);
- ``markets``: the locales to publish, each with its 24-hour acute
  oncology number and cancer team name (validated by ``skill.centre``),
  optionally its own privacy and terms URLs. Countries to distribute to,
  and the Alexa regions to serve, follow from the markets. A locale with a
  model in ``interaction_models/`` but not listed here is simply not
  published: delete nothing to leave a market out;
- ``privacyPolicyUrl`` / ``termsOfUseUrl``: templates with ``{locale}`` /
  ``{language}``;
- ``icons``: the centre's own 108 and 512 px PNGs (empty: the drawn icon);
- ``alarmContacts``: who the alarms page (e-mail addresses; samconfig
  passes them to the stack);
- ``safetyReviewers``: who may record a review of the clinical safety case
  (``make safety-case-reviewed BY=...``), and which of them are clinical
  safety officers, whose review a release build requires.

Alexa calls a skill's Lambda endpoint in one of three AWS regions only:
North America ``us-east-1``, Europe and India ``eu-west-1``, Far East and
Australia ``us-west-2``. A country's users are served by its Alexa region.
"""

from __future__ import annotations

import json
import os
import re
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from skill.centre import CentreError, Contact, parse_contact  # noqa: E402

CONFIG = ROOT / "centre.json"
ENV_CONFIG = "SKILL_CENTRE_CONFIG"
#: Alexa region -> the AWS region Alexa calls there (the only three).
ALEXA_REGIONS = {"NA": "us-east-1", "EU": "eu-west-1", "FE": "us-west-2"}
#: Marketplace country -> the Alexa region that serves its users.
COUNTRY_REGION = {
    "US": "NA", "CA": "NA", "MX": "NA", "BR": "NA",
    "GB": "EU", "IE": "EU", "DE": "EU", "AT": "EU", "FR": "EU", "IT": "EU", "ES": "EU", "IN": "EU",
    "AU": "FE", "NZ": "FE", "JP": "FE",
}
SKILL_ID = re.compile(r"amzn1\.ask\.skill\.[0-9a-fA-F-]{36}")
PLACEHOLDER = re.compile(r"example\.(?:org|com|net)|REPLACE|000000000000|00000000-0000")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
ICON_SIZES = {"small": 108, "large": 512}


class ConfigError(ValueError):
    """The centre config cannot make a valid deployment."""


@dataclass(frozen=True)
class Market:
    locale: str
    country: str
    alexa_region: str
    contact: Contact
    privacy_policy_url: str
    terms_of_use_url: str

    @property
    def aws_region(self) -> str:
        return ALEXA_REGIONS[self.alexa_region]


@dataclass(frozen=True)
class Reviewer:
    name: str
    clinical_safety_officer: bool


@dataclass(frozen=True)
class Centre:
    name: str
    skill_id: str
    markets: dict[str, Market]
    icons: dict[str, Path | None]
    alarm_contacts: tuple[str, ...]
    reviewers: tuple[Reviewer, ...]
    raw: dict[str, Any]

    @property
    def regions(self) -> list[str]:
        """The Alexa regions whose users the centre serves (NA, EU, FE order)."""
        served = {m.alexa_region for m in self.markets.values()}
        return [r for r in ALEXA_REGIONS if r in served]

    @property
    def countries(self) -> list[str]:
        return sorted({m.country for m in self.markets.values()})

    def reviewer(self, name: str) -> Reviewer | None:
        wanted = " ".join(name.split()).casefold()
        return next((r for r in self.reviewers if " ".join(r.name.split()).casefold() == wanted), None)

    def placeholders(self) -> list[str]:
        """Values still the example's: a release refuses them."""
        found = [f"skillId: {self.skill_id}"] if PLACEHOLDER.search(self.skill_id) else []
        for market in self.markets.values():
            for key, url in (("privacyPolicyUrl", market.privacy_policy_url),
                             ("termsOfUseUrl", market.terms_of_use_url)):
                if PLACEHOLDER.search(url):
                    found.append(f"{market.locale} {key}: {url}")
        found += [f"alarmContacts: {c}" for c in self.alarm_contacts if PLACEHOLDER.search(c)]
        if not self.alarm_contacts:
            found.append("alarmContacts: none (nobody would be paged)")
        return found


def config_path(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env[ENV_CONFIG]) if env.get(ENV_CONFIG) else CONFIG


def _url(template: str, locale: str, what: str) -> str:
    try:
        url = template.format(locale=locale, language=locale.split("-")[0])
    except (KeyError, IndexError, ValueError):
        raise ConfigError(f"{what} {template!r}: only {{locale}} and {{language}} may be filled in") from None
    if not url.startswith("https://"):
        raise ConfigError(f"{what} for {locale} must be an https:// URL: {url!r}")
    return url


def _icon(value: Any, size: int, base: Path) -> Path | None:
    if not value:
        return None
    path = (base / value) if not Path(value).is_absolute() else Path(value)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"icon {value}: {e}") from None
    if data[:8] != b"\x89PNG\r\n\x1a\n" or struct.unpack(">II", data[16:24]) != (size, size):
        raise ConfigError(f"icon {value} must be a {size}x{size} PNG")
    return path


def parse(data: dict[str, Any], base: Path = ROOT) -> Centre:
    """Check everything a deployment needs from the config; raise ConfigError."""
    skill_id = data.get("skillId", "")
    if not isinstance(skill_id, str) or not SKILL_ID.fullmatch(skill_id):
        raise ConfigError(f"skillId {skill_id!r} is not an Alexa skill id (amzn1.ask.skill.<uuid>)")
    entries = data.get("markets")
    if not isinstance(entries, dict) or not entries:
        raise ConfigError("markets: name at least one locale to publish")
    markets = {}
    for locale, entry in entries.items():
        if not re.fullmatch(r"[a-z]{2}-[A-Z]{2}", locale):
            raise ConfigError(f"market {locale!r} is not a locale like en-GB")
        entry = entry or {}
        country = locale.split("-")[1]
        if country not in COUNTRY_REGION:
            raise ConfigError(f"market {locale}: no Alexa region is known for country {country}")
        try:
            contact = parse_contact(locale, entry)
        except CentreError as e:
            raise ConfigError(str(e)) from None
        markets[locale] = Market(
            locale, country, COUNTRY_REGION[country], contact,
            _url(entry.get("privacyPolicyUrl") or data.get("privacyPolicyUrl", ""), locale, "privacyPolicyUrl"),
            _url(entry.get("termsOfUseUrl") or data.get("termsOfUseUrl", ""), locale, "termsOfUseUrl"),
        )
    icons = {k: _icon((data.get("icons") or {}).get(k), size, base) for k, size in ICON_SIZES.items()}
    contacts = tuple(data.get("alarmContacts") or ())
    bad = [c for c in contacts if not (isinstance(c, str) and EMAIL.fullmatch(c))]
    if bad:
        raise ConfigError(f"alarmContacts must be e-mail addresses: {bad}")
    reviewers = []
    for entry in data.get("safetyReviewers") or ():
        if not isinstance(entry, dict) or not str(entry.get("name", "")).strip():
            raise ConfigError(f"safetyReviewers: each needs a name: {entry!r}")
        reviewers.append(Reviewer(" ".join(str(entry["name"]).split()), entry.get("clinicalSafetyOfficer") is True))
    return Centre(str(data.get("centre", "")), skill_id, markets, icons, contacts, tuple(reviewers), data)


def load(path: Path | None = None, env: dict[str, str] | None = None) -> Centre:
    path = path or config_path(env)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"cannot read {path}: {e}") from None
    return parse(data, path.parent)


def runtime_markets(centre: Centre) -> dict[str, Any]:
    """What the function needs at run time (``skill/centre.json`` in the package)."""
    return {"markets": {loc: {"oncologyLine": m.contact.line_text or "", "teamName": m.contact.team_name or ""}
                        for loc, m in sorted(centre.markets.items())}}


def main(argv: list[str] | None = None) -> int:
    """``python scripts/centre_config.py``: check the config and print what it means."""
    try:
        centre = load()
    except ConfigError as e:
        print(f"centre config: {e}", file=sys.stderr)
        return 2
    print(f"centre: {centre.name or '(unnamed)'}; skill {centre.skill_id}")
    for region in centre.regions:
        locales = [m.locale for m in centre.markets.values() if m.alexa_region == region]
        print(f"  Alexa region {region}: stack in {ALEXA_REGIONS[region]} serves {', '.join(sorted(locales))}")
    for market in centre.markets.values():
        c = market.contact
        print(f"  {market.locale}: line {c.line_text or '(generic words)'}; team {c.team_name or '(generic words)'}")
    for problem in centre.placeholders():
        print(f"  placeholder (a release refuses it): {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
