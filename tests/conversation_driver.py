"""A person at a speaker: typed words resolved through the locale's
interaction model exactly as ``make chat`` resolves them (skill/cli.py's
UtteranceMatcher), sent as real request envelopes through the Lambda entry.

Used by tests/test_conversations.py; ``python -m tests.conversation_driver
en-GB "no" "no" ...`` prints the transcript with what was understood and the
question asked next, for writing a story.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.cli import MODELS, UtteranceMatcher
from skill.envelopes import Device
from skill.speech import plain

Transport = Callable[[dict[str, Any]], dict[str, Any]]

_MATCHERS: dict[str, UtteranceMatcher] = {}


def matcher(locale: str) -> UtteranceMatcher:
    if locale not in _MATCHERS:
        _MATCHERS[locale] = UtteranceMatcher(MODELS / f"{locale}.json")
    return _MATCHERS[locale]


@dataclass
class Turn:
    """One thing said and what came back."""

    said: str
    understood: str
    speech: str
    ssml: str
    card: dict[str, Any] | None
    triage: dict[str, Any]
    ended: bool

    @property
    def heard(self) -> str:
        """Everything the person could take in from this turn: the speech and the card."""
        card = self.card or {}
        return " ".join([self.speech, str(card.get("title") or ""), str(card.get("text") or "")])


@dataclass
class Person:
    """Talks to the skill through one transport, in one locale, as chat does."""

    transport: Transport
    locale: str
    turns: list[Turn] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.device = Device(locale=self.locale)
        self.matcher = matcher(self.locale)

    def say(self, text: str) -> Turn:
        if self.matcher.is_launch(text):
            envelope, understood = self.device.launch(), "LaunchRequest"
        else:
            intent, slots = self.matcher.understand(text)
            envelope = self.device.intent(intent, slots)
            understood = intent
            if slots:
                values = []
                for slot in slots.values():
                    resolved = slot["resolutions"]["resolutionsPerAuthority"][0].get("values")
                    values.append(f"{slot['name']}={resolved[0]['value']['id'] if resolved else '?' + slot['value']}")
                understood += "(" + ", ".join(values) + ")"
        reply = self.device.absorb(self.transport(envelope))
        body = reply.get("response") or {}
        ssml = (body.get("outputSpeech") or {}).get("ssml", "")
        turn = Turn(
            said=text,
            understood=understood,
            speech=plain(ssml),
            ssml=ssml,
            card=body.get("card"),
            triage=(reply.get("sessionAttributes") or {}).get("triage") or {},
            ended=body.get("shouldEndSession") is not False,
        )
        self.turns.append(turn)
        return turn

    def transcript(self) -> str:
        lines = []
        for turn in self.turns:
            lines.append(f"You: {turn.said}    [{turn.understood}]")
            asked = turn.triage.get("question")
            extra = f"    [next: {asked}; urgency: {turn.triage.get('urgency')}]" if turn.triage else ""
            lines.append(f"Alexa: {turn.speech}{extra}")
            if turn.card:
                lines.append(f"  [card] {turn.card.get('title')} | {str(turn.card.get('text', '')).splitlines()[:2]}")
        return "\n".join(lines)


def local_transport(store: str) -> Transport:
    from skill.alexa.builder import skill_builder
    from skill.settings import Settings

    invoke = skill_builder(Settings(store=store)).lambda_handler()
    return lambda envelope: invoke(envelope, None)


if __name__ == "__main__":  # pragma: no cover - a writing aid
    import tempfile

    locale, *said = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        person = Person(local_transport(f"sqlite:///{Path(tmp) / 's.sqlite3'}"), locale)
        for text in ["open back pain check", *said]:
            person.say(text)
        print(person.transcript())
