"""The ASK CLI project (skill-package/, ask-resources.json and the ASK CLI
stack) is generated from interaction_models/ and skill-package.config.json,
is up to date, and says nothing a certification reviewer would refuse."""

from __future__ import annotations

import importlib.util
import json
import re
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from skill.locales import words

ROOT = Path(__file__).resolve().parent.parent
MODELS = sorted((ROOT / "interaction_models").glob("*.json"))
LOCALES = [p.stem for p in MODELS]
# How a person says "open <skill>" / "ask <skill> ..." per language.
OPEN = {"en": r"open", "es": r"abre"}
ASK = {"en": r"(?:ask|tell) {name}(?: (?:to|for|about|whether|if))?",
       "es": r"(?:pregunta a|pide a|dile a) {name}(?: que)?"}
# Built-in intents' own phrases a description may quote without a sample.
BUILT_IN = {"en": {"help", "repeat", "stop", "cancel", "yes", "no", "start over"},
            "es": {"ayuda", "repite", "para", "cancela", "sí", "no"}}
FORBIDDEN = [r"life[- ]?sav", r"salva\w* vidas", r"save (?:your|a) life", r"\bcures?\b", r"\bcura\b", r"guarantee",
             r"garantiza", r"\bdiagnoses\b", r"\bdiagnostica\b", r"detects? cancer", r"replaces? your doctor",
             r"sustituye a su médico", r"100 ?%", r"clinically proven", r"\bprevents?\b"]
DISCLAIMER = {"en": "not a substitute for professional medical advice",
              "es": "no sustituye el consejo médico profesional"}


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return _load("build_skill_package", ROOT / "scripts" / "build_skill_package.py")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads((ROOT / "skill-package" / "skill.json").read_text(encoding="utf-8"))["manifest"]


def language_model(locale: str) -> dict[str, Any]:
    path = ROOT / "interaction_models" / f"{locale}.json"
    return json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


def utterances(locale: str) -> set[str]:
    return {plain(s) for i in language_model(locale)["intents"] for s in i.get("samples", [])}


def plain(text: str) -> str:
    return re.sub(r"[.,;:!?¿¡]", "", text).strip().lower()


def emergency_number(locale: str) -> str:
    return words(locale)["meta"]["emergency_number"]


# -- generated and up to date -------------------------------------------------


def test_the_generated_files_are_up_to_date(generator):
    outputs = generator.render(generator.load_config())
    stale = generator.stale(outputs)
    assert stale == [], f"stale generated files: run `make skill-package` and commit them: {stale}"


def test_the_interaction_models_are_copied_verbatim():
    copies = sorted((ROOT / "skill-package" / "interactionModels" / "custom").glob("*.json"))
    assert [p.stem for p in copies] == LOCALES
    for source, copy in zip(MODELS, copies, strict=True):
        assert copy.read_bytes() == source.read_bytes(), f"{copy} differs from {source}"


def test_the_manifest_has_exactly_the_interaction_model_locales(manifest):
    assert sorted(manifest["publishingInformation"]["locales"]) == LOCALES
    assert sorted(manifest["privacyAndCompliance"]["locales"]) == LOCALES
    countries = {locale.split("-")[1] for locale in LOCALES}
    assert sorted(manifest["publishingInformation"]["distributionCountries"]) == sorted(countries)


# -- what the store says --------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_example_phrases_open_the_skill_or_ask_it_something_it_understands(manifest, locale):
    language = locale.split("-")[0]
    name = re.escape(language_model(locale)["invocationName"])
    phrases = manifest["publishingInformation"]["locales"][locale]["examplePhrases"]
    assert 1 <= len(phrases) <= 3
    assert re.fullmatch(rf"Alexa, {OPEN[language]} {name}", phrases[0]), phrases[0]
    for phrase in phrases[1:]:
        match = re.fullmatch(rf"Alexa, {ASK[language].format(name=name)} (?P<rest>.+)", phrase)
        assert match, f"{phrase!r} does not start 'Alexa, ask {name}'"
        assert plain(match["rest"]) in utterances(locale), f"{match['rest']!r} is no sample utterance of {locale}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_store_texts_disclaim_give_the_emergency_number_and_claim_nothing(manifest, locale):
    language = locale.split("-")[0]
    entry = manifest["publishingInformation"]["locales"][locale]
    text = " ".join([entry["name"], entry["summary"], entry["description"], entry.get("updatesDescription", "")])
    for pattern in FORBIDDEN:
        assert not re.search(pattern, text, re.I), f"{locale}: forbidden claim {pattern!r}"
    assert DISCLAIMER[language] in entry["description"].lower()
    assert emergency_number(locale) in entry["description"]
    assert 2 <= len(entry["name"]) <= 50 and len(entry["summary"]) <= 160 and len(entry["description"]) <= 4000
    assert entry["keywords"] and all("{" not in k for k in entry["keywords"]) and "{" not in text


@pytest.mark.parametrize("locale", LOCALES)
def test_phrases_the_description_teaches_are_understood(manifest, locale):
    language = locale.split("-")[0]
    description = manifest["publishingInformation"]["locales"][locale]["description"]
    quoted = re.findall(r"\"([^\"]+)\"", description)
    assert quoted, "the description should teach a few things to say"
    unknown = [q for q in quoted if plain(q) not in utterances(locale) | BUILT_IN[language]]
    assert unknown == [], f"{locale}: the model does not understand {unknown}"


# -- manifest shape ---------------------------------------------------------------


def test_the_manifest_has_the_shape_of_an_ask_skill_manifest(manifest):
    assert manifest["manifestVersion"] == "1.0"
    publishing = manifest["publishingInformation"]
    assert publishing["category"] == "HEALTH_AND_FITNESS"
    assert publishing["isAvailableWorldwide"] is False and publishing["distributionMode"] == "PUBLIC"
    assert publishing["testingInstructions"]
    for entry in publishing["locales"].values():
        assert set(entry) >= {"name", "summary", "description", "examplePhrases", "keywords", "smallIconUri",
                              "largeIconUri"}
    privacy = manifest["privacyAndCompliance"]
    assert privacy["isChildDirected"] is False
    assert privacy["allowsPurchases"] is False and privacy["containsAds"] is False
    assert isinstance(privacy["usesPersonalInfo"], bool) and isinstance(privacy["isExportCompliant"], bool)
    for urls in privacy["locales"].values():
        assert set(urls) == {"privacyPolicyUrl", "termsOfUseUrl"}
        assert all(u.startswith("https://") for u in urls.values())
    assert manifest["permissions"] == [{"name": "alexa::alerts:reminders:skill:readwrite"}]
    assert manifest["events"]["subscriptions"] == [{"eventName": "SKILL_DISABLED"}]
    custom = manifest["apis"]["custom"]
    assert re.fullmatch(r"arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+", custom["endpoint"]["uri"])
    assert manifest["events"]["endpoint"] == custom["endpoint"]
    apl = [i for i in custom["interfaces"] if i["type"] == "ALEXA_PRESENTATION_APL"]
    assert len(apl) == 1 and apl[0]["supportedViewports"]


def test_the_icons_are_pngs_of_the_sizes_the_store_wants(manifest):
    for entry in manifest["publishingInformation"]["locales"].values():
        for key, size in (("smallIconUri", 108), ("largeIconUri", 512)):
            assert entry[key].startswith("file://")
            data = (ROOT / "skill-package" / entry[key][len("file://"):]).read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            assert struct.unpack(">II", data[16:24]) == (size, size)


# -- the ASK CLI project ------------------------------------------------------------


def test_no_second_stack_the_ask_cli_deploys_only_the_skill_package():
    """One deploy path (issue 20): SAM owns the stacks; no cfn-deployer stack, no root ASK project
    tied to one account (the stage projects are generated into build/ask/: test_deploy_stages.py)."""
    assert not (ROOT / "ask-resources.json").exists()
    assert not (ROOT / "infrastructure" / "ask-cli-stack.json").exists()
    assert "cfn-deployer" not in (ROOT / "scripts" / "build_skill_package.py").read_text()


# -- the generator refuses what certification would -----------------------------------


def test_the_generator_needs_store_texts_for_every_model_language(generator):
    config = generator.load_config()
    del config["languages"]["es"]
    with pytest.raises(generator.PackageError, match="no store texts for language 'es'"):
        generator.render(config)


def test_the_generator_refuses_an_example_phrase_the_model_does_not_understand(generator):
    config = generator.load_config()
    config["languages"]["en"]["examplePhrases"][1] = "Alexa, ask {invocation} to cure my back"
    with pytest.raises(generator.PackageError, match="not a sample utterance"):
        generator.render(config)


def test_the_generator_refuses_forbidden_claims_and_a_missing_disclaimer(generator):
    config = generator.load_config()
    config["languages"]["en"]["summary"] = "A life-saving back pain check."
    with pytest.raises(generator.PackageError, match="forbidden claim"):
        generator.render(config)
    config = generator.load_config()
    config["languages"]["en"]["description"] = config["languages"]["en"]["description"].replace(
        "It is not a substitute for professional medical advice, diagnosis or treatment: ", "")
    with pytest.raises(generator.PackageError, match="disclaimer"):
        generator.render(config)


def test_deployment_values_come_from_the_centre_config_and_release_refuses_placeholders(generator, tmp_path):
    data = json.loads((ROOT / "centre.json").read_text(encoding="utf-8"))
    data["privacyPolicyUrl"] = "https://clinic.example.nhs.test/privacy/{locale}"
    data["termsOfUseUrl"] = "https://clinic.example.nhs.test/terms/{language}"
    data["markets"]["en-GB"]["privacyPolicyUrl"] = "https://clinic.example.nhs.test/uk/privacy"
    path = tmp_path / "centre.json"
    path.write_text(json.dumps(data))
    centre = generator.load_centre(path)
    models = {loc: language_model(loc) for loc in LOCALES}
    manifest = generator.manifest(models, generator.load_config(), centre, {"default": generator.REFERENCE_ENDPOINT})
    urls = manifest["manifest"]["privacyAndCompliance"]["locales"]
    assert urls["en-US"] == {"privacyPolicyUrl": "https://clinic.example.nhs.test/privacy/en-US",
                             "termsOfUseUrl": "https://clinic.example.nhs.test/terms/en"}
    assert urls["en-GB"]["privacyPolicyUrl"] == "https://clinic.example.nhs.test/uk/privacy"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_skill_package.py"), "--check", "--release"],
                            capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 2 and "placeholders" in result.stderr
