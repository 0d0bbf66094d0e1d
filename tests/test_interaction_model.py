"""The interaction models and the handlers agree, and the JSON is valid ASK."""

import json
import re
from pathlib import Path

import pytest

from skill.alexa.handlers import HANDLED_INTENTS

MODELS = sorted((Path(__file__).resolve().parent.parent / "interaction_models").glob("*.json"))
FORBIDDEN_IN_INVOCATION = {"alexa", "amazon", "echo", "skill", "app", "launch", "ask", "open", "tell", "start"}


def language_model(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


@pytest.fixture(params=MODELS, ids=lambda p: p.stem)
def model(request) -> dict:
    return language_model(request.param)


def test_there_is_an_en_us_model():
    assert "en-US" in [p.stem for p in MODELS]


def test_every_intent_in_the_model_has_a_handler(model):
    assert {i["name"] for i in model["intents"]} <= HANDLED_INTENTS


def test_every_handled_intent_is_in_the_model(model):
    assert HANDLED_INTENTS <= {i["name"] for i in model["intents"]}


def test_the_invocation_name_passes_the_certification_rules(model):
    name = model["invocationName"]
    assert name == name.lower() and len(name.split()) >= 2
    assert not set(name.split()) & FORBIDDEN_IN_INVOCATION
    assert re.fullmatch(r"[a-záéíóúñü' .]+", name)


def test_the_model_has_the_shape_of_an_ask_interaction_model(model):
    assert isinstance(model["intents"], list) and model["intents"]
    for intent in model["intents"]:
        assert set(intent) <= {"name", "samples", "slots"}
        assert isinstance(intent["name"], str)
        assert isinstance(intent.get("samples", []), list)
        custom = not intent["name"].startswith("AMAZON.")
        assert not custom or len(intent["samples"]) >= 5, f"{intent['name']} needs samples"
    assert isinstance(model.get("types", []), list)


def test_samples_are_valid_utterances(model):
    for intent in model["intents"]:
        for sample in intent.get("samples", []):
            assert sample == sample.strip() and sample
            assert not re.search(r"[0-9!?,;:\"()]", sample), sample


def test_no_sample_belongs_to_two_intents(model):
    seen: dict[str, str] = {}
    for intent in model["intents"]:
        for sample in intent.get("samples", []):
            key = sample.lower()
            assert seen.setdefault(key, intent["name"]) == intent["name"], f"{sample!r} is in two intents"


def test_the_intents_people_need_most_have_many_ways_to_say_them(model):
    by_name = {i["name"]: i for i in model["intents"]}
    for name in ("DontKnowIntent", "PartlyIntent", "WhyIntent", "GoBackIntent"):
        assert len(by_name[name]["samples"]) >= 12, name
