"""Generate the ASK CLI project from the repository's sources of truth.

Inputs:
- ``interaction_models/<locale>.json``: the locales, and each locale's model;
- ``skill/locales/<locale>.json`` (merged over its language's base): the
  locale's emergency number;
- ``skill-package.config.json``: store texts per language, URLs, endpoint;
  the environment variables SKILL_ENDPOINT, SKILL_PRIVACY_POLICY_URL,
  SKILL_TERMS_OF_USE_URL and SKILL_AWS_REGION override it;
- ``infrastructure/template.yaml``: the SAM template.

Outputs (committed; ``tests/test_deploy_skill_package.py`` checks they are
up to date):
- ``skill-package/skill.json``: the skill manifest;
- ``skill-package/interactionModels/custom/<locale>.json``: byte-for-byte
  copies of ``interaction_models/<locale>.json``;
- ``skill-package/assets/images/icon-{108,512}.png``: the store icons;
- ``ask-resources.json``: the ASK CLI project (skill package, code in
  ``dist/lambda`` from ``make package``, infrastructure by cfn-deployer);
- ``infrastructure/ask-cli-stack.json``: ``template.yaml`` with the code
  location and runtime taken from the parameters the ASK CLI's cfn-deployer
  passes (``CodeBucket``, ``CodeKey``, ``CodeVersion``, ``LambdaRuntime``,
  ``LambdaHandler``), since it uploads the code to S3 itself.

Usage: python scripts/build_skill_package.py [--check] [--release]
  --check    write nothing; exit 1 if any output is missing or stale
  --release  also refuse placeholder URLs and endpoint (before certification)
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import skill_icon  # noqa: E402

from skill.locales import available_locales, words  # noqa: E402

CONFIG = ROOT / "skill-package.config.json"
MODELS = ROOT / "interaction_models"
TEMPLATE = ROOT / "infrastructure" / "template.yaml"
PACKAGE = "skill-package"
ASK_STACK = "infrastructure/ask-cli-stack.json"
ICONS = {"smallIconUri": ("assets/images/icon-108.png", 108), "largeIconUri": ("assets/images/icon-512.png", 512)}
ENV_OVERRIDES = {
    "SKILL_ENDPOINT": "endpoint",
    "SKILL_PRIVACY_POLICY_URL": "privacyPolicyUrl",
    "SKILL_TERMS_OF_USE_URL": "termsOfUseUrl",
    "SKILL_AWS_REGION": "awsRegion",
}
#: Viewports for ALEXA_PRESENTATION_APL: small round hubs, landscape hubs, TV.
APL_VIEWPORTS = [
    {"mode": "HUB", "shape": "ROUND", "minWidth": 100, "maxWidth": 599, "minHeight": 100, "maxHeight": 599},
    {"mode": "HUB", "shape": "RECTANGLE", "minWidth": 960, "maxWidth": 1279, "minHeight": 600, "maxHeight": 959},
    {"mode": "HUB", "shape": "RECTANGLE", "minWidth": 1280, "maxWidth": 1920, "minHeight": 600, "maxHeight": 1279},
    {"mode": "TV", "shape": "RECTANGLE", "minWidth": 960, "maxWidth": 960, "minHeight": 540, "maxHeight": 540},
]
#: How a person starts the skill, per language: open it, or ask it one thing.
LAUNCH = {
    "en": (r"(?:open|start|launch)", r"(?:ask|tell)", r"(?:to|for|about|whether|if)"),
    "es": (r"(?:abre|inicia|empieza|lanza)", r"(?:pregunta a|pide a|dile a)", r"(?:que|si|sobre)"),
}
#: Store texts must not promise what a triage aid cannot do.
FORBIDDEN_CLAIMS = [
    r"life[- ]?sav", r"sav\w* (?:your|a) li(?:fe|ves)", r"salva(?:r|) vidas", r"\bcures?\b", r"\bcura\b",
    r"guarantee", r"garantiza", r"\bdiagnoses\b", r"\bdiagnostica\b", r"detects? cancer", r"detecta el cáncer",
    r"replaces? your doctor", r"sustituye a su médico", r"100 ?%", r"clinically (?:proven|validated)",
    r"\bFDA\b", r"\bprevents?\b", r"\bprevien\w*",
]
PLACEHOLDER = re.compile(r"example\.(?:org|com|net)|REPLACE|000000000000")


class PackageError(Exception):
    """The inputs cannot make a valid skill package."""


# -- inputs -----------------------------------------------------------------


def load_config(path: Path = CONFIG, env: dict[str, str] | None = None) -> dict[str, Any]:
    config = json.loads(path.read_text(encoding="utf-8"))
    for var, key in ENV_OVERRIDES.items():
        if (env or {}).get(var):
            config[key] = env[var]
    return config


def model_files(models: Path = MODELS) -> dict[str, Path]:
    found = {p.stem: p for p in sorted(models.glob("*.json"))}
    if not found:
        raise PackageError(f"no interaction models in {models}")
    return found


def language_model(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


def samples(model: dict[str, Any]) -> set[str]:
    return {normalise(s) for intent in model["intents"] for s in intent.get("samples", [])}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[.,;:!?¿¡]", "", text)).strip().lower()


# -- checks (also run by the tests, independently) ---------------------------


def example_phrase_problem(
    phrase: str, language: str, invocation: str, utterances: set[str], first: bool
) -> str | None:
    """Why ``phrase`` is not a valid example phrase, or None."""
    opening, asking, connector = LAUNCH[language]
    name = re.escape(invocation)
    if first:
        ok = re.fullmatch(rf"Alexa, {opening} {name}", phrase)
        return None if ok else f"the first example phrase must open the skill: 'Alexa, open {invocation}'"
    match = re.fullmatch(rf"Alexa, {asking} {name} (?:{connector} )?(?P<rest>.+)", phrase)
    if match is None:
        return f"{phrase!r} does not start 'Alexa, <ask> {invocation}'"
    if normalise(match["rest"]) not in utterances:
        return f"{phrase!r}: {match['rest']!r} is not a sample utterance of the model"
    return None


def claim_problems(text: str) -> list[str]:
    return [f"forbidden claim {pattern!r} in {text[:60]!r}..." for pattern in FORBIDDEN_CLAIMS
            if re.search(pattern, text, re.I)]


# -- outputs ------------------------------------------------------------------


def _fill(text: str, values: dict[str, str]) -> str:
    try:
        return text.format(**values)
    except KeyError as e:
        raise PackageError(f"unknown placeholder {e} in {text[:60]!r}") from None


def publishing_locale(locale: str, model: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    language = locale.split("-")[0]
    texts = config["languages"].get(language)
    if texts is None:
        raise PackageError(f"no store texts for language {language!r} ({locale}): add them to {CONFIG.name}")
    own = config.get("locales", {}).get(locale, {})
    if locale not in available_locales():
        raise PackageError(f"no skill/locales/{locale}.json: the skill would not speak {locale}")
    meta = words(locale)["meta"]
    invocation = model["invocationName"]
    values = {
        "invocation": invocation,
        "emergency_number": meta["emergency_number"],
        "locale": locale,
        "language": language,
        **own.get("vars", {}),
    }
    values["name"] = _fill(own.get("name") or texts.get("name") or invocation.title(), values)
    entry = {
        "name": values["name"],
        "summary": _fill(texts["summary"], values),
        "description": _fill(texts["description"], values),
        "examplePhrases": [_fill(p, values) for p in texts["examplePhrases"]],
        "keywords": [_fill(k, values) for k in texts["keywords"]],
        "smallIconUri": "file://" + ICONS["smallIconUri"][0],
        "largeIconUri": "file://" + ICONS["largeIconUri"][0],
    }
    if texts.get("updatesDescription"):
        entry["updatesDescription"] = _fill(texts["updatesDescription"], values)

    problems = []
    utterances = samples(model)
    for i, phrase in enumerate(entry["examplePhrases"]):
        problem = example_phrase_problem(phrase, language, invocation, utterances, first=i == 0)
        if problem:
            problems.append(problem)
    for field in ("name", "summary", "description", "updatesDescription"):
        problems += claim_problems(entry.get(field, ""))
    if texts["disclaimer"].lower() not in entry["description"].lower():
        problems.append(f"the description lacks the disclaimer {texts['disclaimer']!r}")
    if meta["emergency_number"] not in entry["description"]:
        problems.append(f"the description does not give the emergency number {meta['emergency_number']}")
    limits = {"name": 50, "summary": 160, "description": 4000}
    problems += [f"{k} is over {n} characters" for k, n in limits.items() if len(entry[k]) > n]
    if not 1 <= len(entry["examplePhrases"]) <= 3 or len(entry["keywords"]) > 30:
        problems.append("1 to 3 example phrases and at most 30 keywords")
    if problems:
        raise PackageError(f"{locale}: " + "; ".join(problems))
    return entry


def manifest(models: dict[str, dict[str, Any]], config: dict[str, Any]) -> dict[str, Any]:
    locales = sorted(models)
    endpoint: dict[str, Any] = {"uri": config["endpoint"]}
    if config["endpoint"].startswith("https://"):
        endpoint["sslCertificateType"] = "Trusted"
    elif not config["endpoint"].startswith("arn:aws:lambda:"):
        raise PackageError("endpoint must be a Lambda ARN or an https:// URL")
    privacy = {k: v for k, v in config["privacy"].items() if not k.startswith("$")}
    privacy["locales"] = {
        locale: {
            "privacyPolicyUrl": config["privacyPolicyUrl"].format(locale=locale, language=locale.split("-")[0]),
            "termsOfUseUrl": config["termsOfUseUrl"].format(locale=locale, language=locale.split("-")[0]),
        }
        for locale in locales
    }
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {locale: publishing_locale(locale, models[locale], config) for locale in locales},
                "isAvailableWorldwide": False,
                "distributionCountries": sorted({locale.split("-")[1] for locale in locales}),
                "distributionMode": "PUBLIC",
                "category": config["category"],
                "testingInstructions": config["testingInstructions"],
            },
            "privacyAndCompliance": privacy,
            "permissions": [{"name": "alexa::alerts:reminders:skill:readwrite"}],
            "events": {
                "endpoint": copy.deepcopy(endpoint),
                "subscriptions": [{"eventName": "SKILL_DISABLED"}],
            },
            "apis": {
                "custom": {
                    "endpoint": endpoint,
                    "interfaces": [{"type": "ALEXA_PRESENTATION_APL", "supportedViewports": APL_VIEWPORTS}],
                }
            },
        }
    }


class _CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short tags, read as their long JSON forms."""


def _cfn_tag(loader: _CfnLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_CfnLoader.add_multi_constructor("!", _cfn_tag)


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader)  # noqa: S506 - a SafeLoader


def _function(template: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    functions = [(k, r) for k, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"]
    if len(functions) != 1:
        raise PackageError("the template must have exactly one AWS::Serverless::Function")
    return functions[0]


def ask_cli_stack(template: dict[str, Any]) -> dict[str, Any]:
    """The SAM template, with the code and runtime the ASK CLI passes in."""
    stack = copy.deepcopy(template)
    name, function = _function(stack)
    props = function["Properties"]
    stack["Description"] = (
        "Back pain check Alexa skill: the stack of infrastructure/template.yaml for the ASK CLI's cfn-deployer "
        "(ask deploy), which uploads the code itself. Generated by scripts/build_skill_package.py: do not edit."
    )
    stack["Parameters"] = {
        **stack["Parameters"],
        "LambdaRuntime": {"Type": "String", "AllowedValues": [props["Runtime"]], "Default": props["Runtime"],
                          "Description": "Set by the ASK CLI from ask-resources.json (userConfig.runtime)"},
        "LambdaHandler": {"Type": "String", "AllowedValues": [props["Handler"]], "Default": props["Handler"],
                          "Description": "Set by the ASK CLI from ask-resources.json (userConfig.handler)"},
        "CodeBucket": {"Type": "String", "Description": "Set by the ASK CLI: the bucket it uploaded the code to"},
        "CodeKey": {"Type": "String", "Description": "Set by the ASK CLI: the code's key"},
        "CodeVersion": {"Type": "String", "Description": "Set by the ASK CLI: the code's object version"},
    }
    props["Runtime"] = {"Ref": "LambdaRuntime"}
    props["Handler"] = {"Ref": "LambdaHandler"}
    props["CodeUri"] = {"Bucket": {"Ref": "CodeBucket"}, "Key": {"Ref": "CodeKey"}, "Version": {"Ref": "CodeVersion"}}
    if "SkillEndpoint" not in stack.get("Outputs", {}):
        raise PackageError("the template needs an output SkillEndpoint (the ASK CLI reads it)")
    return stack


def ask_resources(template: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    _, function = _function(template)
    props = function["Properties"]
    return {
        "askcliResourcesVersion": "2020-03-31",
        "profiles": {
            "default": {
                "skillMetadata": {"src": f"./{PACKAGE}"},
                "code": {"default": {"src": "./dist/lambda"}},
                "skillInfrastructure": {
                    "type": "@ask-cli/cfn-deployer",
                    "userConfig": {
                        "runtime": props["Runtime"],
                        "handler": props["Handler"],
                        "templatePath": f"./{ASK_STACK}",
                        "awsRegion": config["awsRegion"],
                        "cfn": {
                            "capabilities": ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
                            "parameters": config.get("cfnParameters", {}),
                        },
                        "skillEvents": {"subscriptions": ["SKILL_DISABLED"]},
                    },
                },
            }
        },
    }


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def render(config: dict[str, Any]) -> dict[str, bytes]:
    """Every generated file, by path relative to the repository."""
    files = model_files()
    models = {locale: language_model(path) for locale, path in files.items()}
    template = load_template()
    outputs = {f"{PACKAGE}/skill.json": _json(manifest(models, config))}
    for locale, path in files.items():
        outputs[f"{PACKAGE}/interactionModels/custom/{locale}.json"] = path.read_bytes()
    for relative, size in ICONS.values():
        outputs[f"{PACKAGE}/{relative}"] = skill_icon.png(size)
    outputs["ask-resources.json"] = _json(ask_resources(template, config))
    outputs[ASK_STACK] = _json(ask_cli_stack(template))
    return outputs


def stale(outputs: dict[str, bytes], root: Path = ROOT) -> list[str]:
    """Outputs missing or different on disk, and files in the package that nothing generates."""
    changed = [p for p, data in outputs.items() if not (root / p).is_file() or (root / p).read_bytes() != data]
    extra = [str(p.relative_to(root)) for p in (root / PACKAGE).rglob("*") if p.is_file()
             and str(p.relative_to(root)) not in outputs] if (root / PACKAGE).exists() else []
    return sorted(changed + extra)


def write(outputs: dict[str, bytes], root: Path = ROOT) -> list[str]:
    changed = stale(outputs, root)
    for relative in changed:
        path = root / relative
        if relative in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(outputs[relative])
        else:
            path.unlink()
    return changed


def placeholders(config: dict[str, Any]) -> list[str]:
    return [f"{key}: {config[key]}" for key in ("endpoint", "privacyPolicyUrl", "termsOfUseUrl")
            if PLACEHOLDER.search(config[key])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if outputs are stale")
    parser.add_argument("--release", action="store_true", help="refuse placeholder URLs and endpoint")
    args = parser.parse_args(argv)
    config = load_config(env=dict(os.environ))
    try:
        outputs = render(config)
    except PackageError as e:
        print(f"skill package: {e}", file=sys.stderr)
        return 2
    unset = placeholders(config)
    if unset:
        print("placeholders still in use (set them in skill-package.config.json or the environment):\n  "
              + "\n  ".join(unset), file=sys.stderr)
        if args.release:
            return 2
    if args.check:
        changed = stale(outputs)
        if changed:
            print("stale (run `make skill-package`):\n  " + "\n  ".join(changed), file=sys.stderr)
            return 1
        print("skill package is up to date")
        return 0
    changed = write(outputs)
    print(f"wrote {len(changed)} file(s)" + "".join(f"\n  {c}" for c in changed) if changed else "up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
