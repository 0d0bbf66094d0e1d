"""The interaction models and the handlers agree, the JSON is valid ASK, and
every locale understands the answers of its corpus (tests/corpus/)."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from scripts import sync_models
from skill.alexa.handlers import HANDLED_INTENTS
from tests import corpus as corpora

MODELS = sorted((Path(__file__).resolve().parent.parent / "interaction_models").glob("*.json"))
LOCALES = [p.stem for p in MODELS]
FORBIDDEN_IN_INVOCATION = {"alexa", "amazon", "echo", "skill", "app", "launch", "ask", "open", "tell", "start"}

#: shared/triage-spec.md v3, "Conversation contract": every locale declares these
#: (AMAZON.PreviousIntent is optional there, and not declared).
CONTRACT = frozenset({
    "AMAZON.YesIntent", "AMAZON.NoIntent", "DontKnowIntent", "PartlyIntent", "GoBackIntent", "WhyIntent",
    "SlowerIntent", "FasterIntent", "LastResultIntent", "ForgetMeIntent", "AMAZON.RepeatIntent",
    "AMAZON.StartOverIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
    "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent", "EmergencyIntent",
})
#: The intents of the spec that the models declare before a handler acts on
#: them. The conversation side of issue 12 adds EmergencyIntent's handler in
#: parallel; until then the skill answers it as it answers any intent it does
#: not know (FallbackIntentHandler). Empty, and so strict, once it lands.
AWAITING_HANDLER = frozenset({"EmergencyIntent"}) - HANDLED_INTENTS  # empty: every intent has its handler
ANSWERS = ("AMAZON.YesIntent", "AMAZON.NoIntent", "DontKnowIntent", "PartlyIntent")
#: Built-in intents that take no samples of ours.
NO_SAMPLES = ("AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent")
#: "What?" and its kind: each language's ways of asking to hear it again.
MUST_REPEAT = {
    "en": ["what", "sorry", "pardon", "come again", "say again", "say that again", "what was that"],
    "es": ["qué", "cómo", "perdón", "perdone", "repita", "repite", "me lo repite"],
}
MUST_REPEAT_LOCALE = {"es-US": ["mande"]}
#: The spec's EmergencyIntent examples, per language.
MUST_EMERGENCY = {
    "en": ["it's an emergency", "I can't move my legs", "I can't feel my legs", "I need an ambulance",
           "call an ambulance"],
    "es": ["es una emergencia", "no puedo mover las piernas", "no siento las piernas", "necesito una ambulancia"],
}


def language_model(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


def samples_of(model: dict) -> dict[str, list[str]]:
    return {i["name"]: i.get("samples", []) for i in model["intents"]}


@pytest.fixture(params=MODELS, ids=lambda p: p.stem)
def model(request) -> dict:
    return language_model(request.param)


@pytest.fixture(params=LOCALES)
def locale(request) -> str:
    return request.param


def test_there_is_an_en_us_model():
    assert "en-US" in [p.stem for p in MODELS]


def test_every_intent_in_the_model_has_a_handler(model):
    assert {i["name"] for i in model["intents"]} - AWAITING_HANDLER <= HANDLED_INTENTS


def test_every_handled_intent_is_in_the_model(model):
    assert HANDLED_INTENTS <= {i["name"] for i in model["intents"]}


def test_only_the_emergency_intent_may_wait_for_its_handler():
    assert AWAITING_HANDLER <= {"EmergencyIntent"}


def test_every_locale_declares_every_intent_of_the_contract_and_the_same_set(model):
    names = [i["name"] for i in model["intents"]]
    assert len(names) == len(set(names))
    assert CONTRACT <= set(names)
    assert set(names) == {i["name"] for i in language_model(MODELS[0])["intents"]}


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
        if intent["name"] in NO_SAMPLES:
            assert not intent.get("samples"), intent["name"]
    assert isinstance(model.get("types", []), list)


def test_samples_are_valid_utterances(model):
    for intent in model["intents"]:
        for sample in intent.get("samples", []):
            assert sample == sample.strip() and sample and "  " not in sample
            assert not re.search(r"[0-9!?,;:\"()¿¡.-]", sample), sample


def test_no_sample_belongs_to_two_intents(model):
    """After ignoring case, punctuation, apostrophes and accents: what Alexa
    would hear as the same words must mean one thing."""
    seen: dict[str, str] = {}
    for intent in model["intents"]:
        for sample in intent.get("samples", []):
            key = corpora.same_words(sample)
            assert seen.setdefault(key, intent["name"]) == intent["name"], \
                f"{sample!r} is in {seen[key]} and {intent['name']}"


def test_no_intent_repeats_a_sample(model):
    for intent in model["intents"]:
        counts = Counter(corpora.same_words(s) for s in intent.get("samples", []))
        assert not [s for s, n in counts.items() if n > 1], intent["name"]


def test_the_intents_people_need_most_have_many_ways_to_say_them(model):
    by_name = samples_of(model)
    for name in ("DontKnowIntent", "PartlyIntent", "WhyIntent", "GoBackIntent"):
        assert len(by_name[name]) >= 12, name
    for name in ANSWERS:
        assert len(by_name[name]) >= 30, name
    assert len(by_name["EmergencyIntent"]) >= 8
    for name, samples in by_name.items():
        if name not in NO_SAMPLES:
            assert len(samples) >= 8, name


def test_the_spec_examples_of_emergency_and_repeat_are_samples(locale):
    by_name = {k: {corpora.same_words(s) for s in v} for k, v in samples_of(corpora.model(locale)).items()}
    language = locale.split("-")[0]
    for phrase in MUST_EMERGENCY[language]:
        assert corpora.same_words(phrase) in by_name["EmergencyIntent"], phrase
    for phrase in MUST_REPEAT[language] + MUST_REPEAT_LOCALE.get(locale, []):
        assert corpora.same_words(phrase) in by_name["AMAZON.RepeatIntent"], phrase


# -- one core per language -------------------------------------------------------------
def test_every_model_holds_its_languages_core(locale):
    """interaction_models/core/<language>.json: the common core of every
    English (and every Spanish) model; scripts/sync_models.py adds it."""
    wanted = sync_models.core(locale.split("-")[0])
    assert wanted, f"no core for {locale}"
    assert sync_models.missing(corpora.model(locale), wanted) == {}


def test_the_core_names_only_declared_intents_and_no_sample_twice():
    for language in ("en", "es"):
        core = sync_models.core(language)
        assert set(core) <= CONTRACT | HANDLED_INTENTS
        seen: dict[str, str] = {}
        for intent, samples in core.items():
            for sample in samples:
                key = corpora.same_words(sample)
                assert seen.setdefault(key, intent) == intent, f"{language}: {sample!r} in {seen[key]} and {intent}"


def test_australian_yeah_nah_and_nah_yeah_mean_what_they_mean():
    au = corpora.Matcher(corpora.model("en-AU"))
    assert au.intent("Yeah, nah.") == "AMAZON.NoIntent"
    assert au.intent("Nah, yeah.") == "AMAZON.YesIntent"
    for locale in LOCALES:
        if locale.startswith("en-"):
            assert corpora.Matcher(corpora.model(locale)).intent("yeah nah") != "AMAZON.YesIntent", locale


# -- the corpus -----------------------------------------------------------------------------
def test_every_locale_has_a_corpus_big_enough(locale):
    corpus = corpora.load(locale)
    declared = [n for n in samples_of(corpora.model(locale)) if n not in NO_SAMPLES]
    for intent in declared:
        need = 15 if intent in ANSWERS else 8
        have = len({corpora.heard(p) for p in corpus.phrases.get(intent, [])})
        assert have >= need, f"{locale}: {intent} has {have} distinct corpus phrases, needs {need}"
    assert set(corpus.phrases) <= set(declared)


def test_the_corpus_is_not_just_the_samples_copied(locale):
    """Phrases are written as people say them; most differ from the sample
    text (punctuation, capitals), and the market files add their own."""
    corpus = corpora.load(locale)
    samples = {s for ss in samples_of(corpora.model(locale)).values() for s in ss}
    verbatim = sum(phrase in samples for _, phrase in corpus.items())
    assert verbatim <= len(corpus.items()) // 4
    assert corpora.files(locale)[-1].stem == locale, f"{locale} has no corpus file of its own"


def test_every_corpus_phrase_reaches_its_intent(locale):
    """In Python, with virtual-core's rules (tests/e2e/test_corpus.py does it
    through virtual-alexa and the web service)."""
    matcher = corpora.Matcher(corpora.model(locale))
    wrong = [(phrase, intent, matcher.intent(phrase)) for intent, phrase in corpora.load(locale).items()
             if matcher.intent(phrase) != intent]
    assert not wrong, f"{locale}: (phrase, meant, reached): {wrong}"


def test_the_conflicts_stay_resolved(locale):
    """tests/corpus/*.json "never": a phrase that would record an answer by
    accident reaches none of the intents it must not, and goes where decided
    (or nowhere, so that the skill asks again)."""
    matcher = corpora.Matcher(corpora.model(locale))
    corpus = corpora.load(locale)
    assert corpus.never or locale.split("-")[0] in ("en", "es")
    for decision in corpus.never:
        assert {"say", "not", "now", "questions", "why"} <= set(decision), decision
        reached = matcher.intent(decision["say"])
        assert reached not in decision["not"], f"{locale}: {decision['say']!r} reaches {reached}"
        assert reached == decision["now"], f"{locale}: {decision['say']!r} reaches {reached}, not {decision['now']}"
