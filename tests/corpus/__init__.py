"""The answer corpus: natural phrases per locale and the intent each must reach.

``tests/corpus/<language>.json`` (``en``, ``es``) holds phrases every locale of
that language must understand; ``tests/corpus/<locale>.json`` adds the
market's own. A locale's corpus is the two together. Each file has:

- ``phrases``: ``{intent: [phrase, ...]}``, written as people say them (case and
  punctuation as they would be written down, so not always the sample verbatim);
- ``slots``: ``{intent: {slot: {id: [phrase, ...]}}}``, phrases whose slot
  must resolve to the value id named (a medicine's kind, an emergency sign's
  script); they count as phrases of their intent too;
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
    #: (intent, slot, id, phrase): the phrase reaches the intent with the slot resolved to that id
    slot_ids: list[tuple[str, str, str, str]] = field(default_factory=list)

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
        for intent, slots in data.get("slots", {}).items():
            for slot, by_id in slots.items():
                for value_id, phrases in by_id.items():
                    corpus.phrases.setdefault(intent, []).extend(phrases)
                    corpus.slot_ids.extend((intent, slot, value_id, phrase) for phrase in phrases)
        corpus.never.extend(data.get("never", []))
    return corpus


def locales() -> list[str]:
    return sorted(p.stem for p in MODELS.glob("*.json"))


class Matcher:
    """virtual-core's matcher in Python (SampleUtterances.js, Utterance.js):
    each sample a regular expression against the phrase with virtual-core's
    punctuation removed, case ignored. A ``{slot}`` matches the words there
    only if they are a value or synonym of its custom slot type (any words
    for an AMAZON type); the longest literal match wins and, on a tie, the
    match with more typed slots, then the intent declared first. Used to
    check the corpus without node; tests/e2e/test_corpus.py checks the same
    through virtual-alexa itself."""

    def __init__(self, model: dict):
        #: slot type -> {spoken value or synonym, lower case: (canonical value, id)}
        self.values: dict[str, dict[str, tuple[str, str | None]]] = {}
        for slot_type in model.get("types", []):
            table = self.values.setdefault(slot_type["name"], {})
            for value in slot_type["values"]:
                name = value["name"]
                for spoken in [name["value"], *name.get("synonyms", [])]:
                    table.setdefault(spoken.lower(), (name["value"], value.get("id")))
        self.samples: list[tuple[str, re.Pattern[str], list[tuple[str, str]]]] = []
        for intent in model["intents"]:
            types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
            for sample in intent.get("samples", []):
                slots = [(name, types[name]) for name in re.findall(r"\{(\w+)\}", sample)]
                # virtual-core: text before a slot and after it, each stripped, around (.*)
                parts = [" ".join(_VIRTUAL_CORE_STRIPS.sub("", p).split()) for p in re.split(r"\{\w+\}", sample)]
                regex = "(.*)".join(re.escape(p) for p in parts)
                self.samples.append((intent["name"], re.compile(f"^{regex}$", re.IGNORECASE), slots))

    def _slot(self, slot_type: str, said: str, whole: str) -> tuple[str, str | None] | None:
        """(canonical value, id) of the words a slot matched, or None if it does not match."""
        if said != whole and said.strip() and not (said.startswith(" ") or said.endswith(" ")):
            return None  # the slot must be the whole phrase or stand apart from the words beside it
        if slot_type.startswith("AMAZON."):
            return (said.strip(), None)
        return self.values.get(slot_type, {}).get(said.strip().lower())

    def understand(self, phrase: str) -> tuple[str | None, dict[str, tuple[str, str | None]]]:
        """The intent reached and, for a sample with slots, {slot: (canonical value, id)}."""
        said = _VIRTUAL_CORE_STRIPS.sub("", phrase)
        best: tuple[int, int] = (-1, -1)
        reached: tuple[str | None, dict[str, tuple[str, str | None]]] = (None, {})
        for name, regex, slots in self.samples:
            found = regex.match(said)
            if not found:
                continue
            resolved = {}
            for (slot, slot_type), words in zip(slots, found.groups(), strict=True):
                value = self._slot(slot_type, words, found.group(0))
                if value is None:
                    break
                resolved[slot] = value
            else:
                score = (len(found.group(0)) - sum(len(g) for g in found.groups()), len(slots))
                if score > best:
                    best, reached = score, (name, resolved)
        return reached

    def intent(self, phrase: str) -> str | None:
        return self.understand(phrase)[0]

    def slot_id(self, phrase: str, slot: str) -> str | None:
        """The id the phrase's ``slot`` resolves to (None: no value, or a value without an id)."""
        value = self.understand(phrase)[1].get(slot)
        return value[1] if value else None


def model(locale: str) -> dict:
    return json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
