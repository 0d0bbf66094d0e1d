"""The answer corpus: natural phrases per locale and the intent each must reach.

``tests/corpus/<language>.json`` (``en``, ``es``) holds phrases every locale of
that language must understand; ``tests/corpus/<locale>.json`` adds the
market's own. A locale's corpus is the two together. Each file has:

- ``phrases``: ``{intent: [phrase, ...]}``, written as people say them (case and
  punctuation as they would be written down, so not always the sample verbatim);
- ``never``: decisions about phrases that must NOT reach some intents:
  ``{"say", "not": [intents], "now": intent or null, "questions": [ids], "why"}``.
  ``now`` is where the phrase goes instead (null: nowhere, so the skill asks
  again); ``questions`` names the questions where the wrong reading would
  record an answer by accident;
- ``_kept``: samples reviewed for the same risk and kept, with the reason.

tests/test_interaction_model.py checks the corpus against the models in
Python; tests/e2e/test_corpus.py says every phrase through virtual-alexa to
the running web service and checks the intent the skill received.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MODELS = ROOT / "interaction_models"

#: The characters virtual-core removes before matching (SampleUtterances.js).
_VIRTUAL_CORE_STRIPS = re.compile(r"[!\"¿?|#$%/()=+\-_<>*{}·¡\[\].,;:]")


def heard(text: str) -> str:
    """What virtual-alexa matches: its punctuation removed, lower case, single spaces."""
    return " ".join(_VIRTUAL_CORE_STRIPS.sub("", text).lower().split())


def same_words(text: str) -> str:
    """Samples Alexa would hear as the same words: case, punctuation,
    apostrophes and accents ignored."""
    decomposed = unicodedata.normalize("NFKD", heard(text).replace("'", "").replace("’", ""))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass
class Corpus:
    locale: str
    phrases: dict[str, list[str]] = field(default_factory=dict)
    never: list[dict] = field(default_factory=list)

    def items(self) -> list[tuple[str, str]]:
        return [(intent, phrase) for intent, phrases in self.phrases.items() for phrase in phrases]


def files(locale: str) -> list[Path]:
    return [p for p in (HERE / f"{locale.split('-')[0]}.json", HERE / f"{locale}.json") if p.exists()]


def load(locale: str) -> Corpus:
    corpus = Corpus(locale)
    for path in files(locale):
        data = json.loads(path.read_text(encoding="utf-8"))
        for intent, phrases in data.get("phrases", {}).items():
            corpus.phrases.setdefault(intent, []).extend(phrases)
        corpus.never.extend(data.get("never", []))
    return corpus


def locales() -> list[str]:
    return sorted(p.stem for p in MODELS.glob("*.json"))


class Matcher:
    """virtual-core's matcher in Python: each sample a regular expression
    (a ``{slot}`` matches anything), against the phrase with virtual-core's
    punctuation removed, case ignored; the longest literal match wins and,
    on a tie, the intent declared first. Used to check the corpus without
    node; tests/e2e/test_corpus.py checks the same through virtual-alexa itself."""

    def __init__(self, model: dict):
        self.samples: list[tuple[str, re.Pattern[str]]] = []
        for intent in model["intents"]:
            for sample in intent.get("samples", []):
                parts = re.split(r"\{\w+\}", sample)
                regex = "(.*)".join(re.escape(" ".join(_VIRTUAL_CORE_STRIPS.sub("", p).split())) for p in parts)
                regex = regex.replace(r"\ (.*)", r"\s?(.*)").replace(r"(.*)\ ", r"(.*)\s?")
                self.samples.append((intent["name"], re.compile(f"^{regex}$", re.IGNORECASE)))

    def intent(self, phrase: str) -> str | None:
        said = _VIRTUAL_CORE_STRIPS.sub("", phrase).strip()
        best, best_score = None, -1
        for name, regex in self.samples:
            found = regex.match(said)
            if found:
                score = len(found.group(0)) - sum(len(g) for g in found.groups())
                if score > best_score:
                    best, best_score = name, score
        return best


def model(locale: str) -> dict:
    return json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
