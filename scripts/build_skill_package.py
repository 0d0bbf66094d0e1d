"""Generate the ASK CLI project from the repository's sources of truth.

Inputs:
- ``centre.json`` (scripts/centre_config.py): the markets to publish (their
  countries, and the Alexa regions that serve them), privacy and terms
  URLs, icons, the skill id;
- ``interaction_models/<locale>.json``: each published locale's model;
- ``skill/locales/<locale>.json`` (merged over its language's base): the
  locale's emergency number;
- ``skill-package.config.json``: store texts per language;
- for a stage, the stack outputs saved by ``make stack-outputs ENV=...``
  (``build/stacks/<env>.json``) and samconfig.toml (which env is where).

Outputs:
- without ``--stage``: ``skill-package/`` (committed; the reference package
  with a placeholder endpoint, so the repository is tied to no account;
  ``tests/test_deploy_skill_package.py`` checks it is up to date):
  ``skill.json``, ``interactionModels/custom/<locale>.json`` (byte-for-byte
  copies of ``interaction_models/``), ``assets/images/icon-{108,512}.png``
  (the centre's icons, or the drawn ones);
- ``--stage development``: ``build/ask/development/``, an ASK CLI project
  (``ask-resources.json``, ``.ask/ask-states.json`` with the skill id,
  ``skill-package/``) whose endpoint is the dev stack's $LATEST
  (``SkillEndpointLatest``);
- ``--stage live``: ``build/ask/live/``, whose endpoints are the ``live``
  alias (``SkillEndpoint``) of the live stack in each Alexa region served,
  one per region (``apis.custom.regions``), for certification.

``ask deploy`` run in a stage's folder uploads only the skill package:
the infrastructure is SAM's (one stack per environment), never a second
stack of the ASK CLI's.

Usage: python scripts/build_skill_package.py [--check] [--stage development|live] [--release]
  --check    write nothing; exit 1 if the reference package is stale
  --release  also refuse placeholders in centre.json (before certification)
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import skill_icon  # noqa: E402

sys.path.insert(0, str(ROOT))
from scripts import centre_config, deploy  # noqa: E402
from skill.locales import available_locales, words  # noqa: E402

CONFIG = ROOT / "skill-package.config.json"
MODELS = ROOT / "interaction_models"
TEMPLATE = ROOT / "infrastructure" / "template.yaml"
PACKAGE = "skill-package"
STAGES = ROOT / "build" / "ask"
ICONS = {"smallIconUri": ("assets/images/icon-108.png", 108), "largeIconUri": ("assets/images/icon-512.png", 512)}
#: The committed reference package's endpoint: a deployable package comes from a stack's outputs.
REFERENCE_ENDPOINT = "arn:aws:lambda:us-east-1:000000000000:function:REPLACE-WITH-make-skill-package-STAGE"
#: A Lambda ARN: region, account, function, and an optional qualifier (alias or version).
LAMBDA_ARN = re.compile(r"arn:aws:lambda:(?P<region>[a-z0-9-]+):\d{12}:function:[\w-]+(?::(?P<qualifier>[\w$-]+))?")
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


def load_config(path: Path = CONFIG) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_centre(path: Path | None = None) -> centre_config.Centre:
    try:
        return centre_config.load(path)
    except centre_config.ConfigError as e:
        raise PackageError(f"centre config: {e}") from None


def model_files(centre: centre_config.Centre, models: Path = MODELS) -> dict[str, Path]:
    """The models of the centre's markets (other models are left unpublished, not deleted)."""
    missing = [loc for loc in centre.markets if not (models / f"{loc}.json").exists()]
    if missing:
        raise PackageError(f"markets without an interaction model in {models.name}/: {missing}")
    return {loc: models / f"{loc}.json" for loc in sorted(centre.markets)}


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


def endpoint_object(uri: str) -> dict[str, Any]:
    if uri.startswith("https://"):
        return {"uri": uri, "sslCertificateType": "Trusted"}
    if not LAMBDA_ARN.fullmatch(uri):
        raise PackageError(f"endpoint must be a Lambda ARN or an https:// URL: {uri!r}")
    return {"uri": uri}


def manifest(models: dict[str, dict[str, Any]], config: dict[str, Any], centre: centre_config.Centre,
             endpoints: dict[str, Any]) -> dict[str, Any]:
    """The skill manifest; ``endpoints``: ``{"default": uri, "regions": {NA|EU|FE: uri}}``."""
    locales = sorted(models)
    endpoint = endpoint_object(endpoints["default"])
    regions = {region: {"endpoint": endpoint_object(uri)} for region, uri in endpoints.get("regions", {}).items()}
    privacy = {k: v for k, v in config["privacy"].items() if not k.startswith("$")}
    privacy["locales"] = {
        locale: {"privacyPolicyUrl": centre.markets[locale].privacy_policy_url,
                 "termsOfUseUrl": centre.markets[locale].terms_of_use_url}
        for locale in locales
    }
    events: dict[str, Any] = {"endpoint": copy.deepcopy(endpoint), "subscriptions": [{"eventName": "SKILL_DISABLED"}]}
    custom: dict[str, Any] = {"endpoint": endpoint}
    if regions:
        events["regions"] = copy.deepcopy(regions)
        custom["regions"] = regions
    custom["interfaces"] = [{"type": "ALEXA_PRESENTATION_APL", "supportedViewports": APL_VIEWPORTS}]
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {locale: publishing_locale(locale, models[locale], config) for locale in locales},
                "isAvailableWorldwide": False,
                "distributionCountries": sorted({centre.markets[locale].country for locale in locales}),
                "distributionMode": "PUBLIC",
                "category": config["category"],
                "testingInstructions": config["testingInstructions"],
            },
            "privacyAndCompliance": privacy,
            "permissions": [{"name": "alexa::alerts:reminders:skill:readwrite"}],
            "events": events,
            "apis": {"custom": custom},
        }
    }


# -- endpoints from the stacks' outputs --------------------------------------------


def read_outputs(env: str, stacks: Path = deploy.STACKS) -> dict[str, str]:
    """``build/stacks/<env>.json`` (``make stack-outputs ENV=<env>``) as OutputKey -> OutputValue."""
    path = stacks / f"{env}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise PackageError(f"no outputs of the {env} stack: `make deploy ENV={env}` then "
                           f"`make stack-outputs ENV={env}` (writes {path})") from None
    return {o["OutputKey"]: o["OutputValue"] for o in data}


def _arn(uri: str, region: str, alias: str | None, what: str) -> str:
    match = LAMBDA_ARN.fullmatch(uri or "")
    if match is None:
        raise PackageError(f"{what}: not a Lambda ARN: {uri!r}")
    if match["region"] != region:
        raise PackageError(f"{what}: {uri} is in {match['region']}, expected {region}")
    if match["qualifier"] != alias:
        want = f"the {alias!r} alias" if alias else "the unqualified function ($LATEST)"
        raise PackageError(f"{what}: {uri} is not {want}")
    return uri


def stage_endpoints(stage: str, centre: centre_config.Centre, stacks: Path = deploy.STACKS,
                    samconfig: Path = deploy.SAMCONFIG) -> dict[str, Any]:
    """Development: the dev stack's $LATEST. Live: the ``live`` alias of the
    live stack in every Alexa region the centre serves; the default is North
    America's if served, else the first region's."""
    envs = deploy.environments(samconfig)
    if stage == "development":
        region = deploy.environment("dev", samconfig)["region"]
        uri = _arn(read_outputs("dev", stacks).get("SkillEndpointLatest", ""), region, None, "dev SkillEndpointLatest")
        return {"default": uri}
    if stage != "live":
        raise PackageError(f"unknown stage {stage!r}: development or live")
    regions = {}
    for region in centre.regions:
        aws_region = centre_config.ALEXA_REGIONS[region]
        names = [n for n, p in envs.items() if deploy.is_live(p) and p.get("region") == aws_region]
        if not names:
            raise PackageError(f"no live environment in samconfig.toml for Alexa region {region} ({aws_region}),"
                               f" which serves {[m for m, v in centre.markets.items() if v.alexa_region == region]}")
        outputs = read_outputs(names[0], stacks)
        regions[region] = _arn(outputs.get("SkillEndpoint", ""), aws_region, "live", f"{names[0]} SkillEndpoint")
    return {"default": regions[next(iter(regions))], "regions": regions}


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


def ask_project(skill_id: str) -> dict[str, bytes]:
    """``ask-resources.json`` (the skill package only: the stacks are SAM's)
    and ``.ask/ask-states.json`` (the skill the package deploys to)."""
    resources = {"askcliResourcesVersion": "2020-03-31",
                 "profiles": {"default": {"skillMetadata": {"src": f"./{PACKAGE}"}}}}
    states = {"askcliStatesVersion": "2020-03-31", "profiles": {"default": {"skillId": skill_id}}}
    return {"ask-resources.json": _json(resources), ".ask/ask-states.json": _json(states)}


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def icon_bytes(centre: centre_config.Centre) -> dict[str, bytes]:
    """The centre's icons (centre.json ``icons``), else the drawn ones."""
    own = {"smallIconUri": centre.icons.get("small"), "largeIconUri": centre.icons.get("large")}
    return {key: own[key].read_bytes() if own[key] else skill_icon.png(size) for key, (_, size) in ICONS.items()}


def render(config: dict[str, Any], centre: centre_config.Centre | None = None, stage: str | None = None,
           stacks: Path = deploy.STACKS) -> dict[str, bytes]:
    """Every generated file, by path relative to the repository: the
    reference package, or with ``stage`` the ASK CLI project of that stage."""
    centre = centre or load_centre()
    files = model_files(centre)
    models = {locale: language_model(path) for locale, path in files.items()}
    endpoints = stage_endpoints(stage, centre, stacks) if stage else {"default": REFERENCE_ENDPOINT}
    base = f"build/ask/{stage}/{PACKAGE}" if stage else PACKAGE
    outputs = {f"{base}/skill.json": _json(manifest(models, config, centre, endpoints))}
    for locale, path in files.items():
        outputs[f"{base}/interactionModels/custom/{locale}.json"] = path.read_bytes()
    icons = icon_bytes(centre)
    for key, (relative, _) in ICONS.items():
        outputs[f"{base}/{relative}"] = icons[key]
    if stage:
        outputs.update({f"build/ask/{stage}/{name}": data for name, data in ask_project(centre.skill_id).items()})
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the reference package is stale")
    parser.add_argument("--stage", choices=["development", "live"], help="the ASK CLI project of a skill stage")
    parser.add_argument("--release", action="store_true", help="refuse placeholders in centre.json")
    args = parser.parse_args(argv)
    try:
        centre = load_centre()
        outputs = render(load_config(), centre, args.stage)
    except PackageError as e:
        print(f"skill package: {e}", file=sys.stderr)
        return 2
    unset = centre.placeholders()
    if unset:
        print("placeholders still in centre.json:\n  " + "\n  ".join(unset), file=sys.stderr)
        if args.release:
            return 2
    if args.check:
        changed = stale(outputs)
        if changed:
            print("stale (run `make skill-package`):\n  " + "\n  ".join(changed), file=sys.stderr)
            return 1
        print("skill package is up to date")
        return 0
    if args.stage:
        target = STAGES / args.stage
        shutil.rmtree(target, ignore_errors=True)
        for relative, data in outputs.items():
            (ROOT / relative).parent.mkdir(parents=True, exist_ok=True)
            (ROOT / relative).write_bytes(data)
        uris = json.loads(outputs[f"build/ask/{args.stage}/{PACKAGE}/skill.json"])["manifest"]["apis"]["custom"]
        print(f"wrote {target.relative_to(ROOT)}/ (skill {centre.skill_id})\n  endpoint {uris['endpoint']['uri']}"
              + "".join(f"\n  {r}: {e['endpoint']['uri']}" for r, e in uris.get("regions", {}).items())
              + f"\nnext: cd {target.relative_to(ROOT)} && ask deploy")
        return 0
    changed = write(outputs)
    print(f"wrote {len(changed)} file(s)" + "".join(f"\n  {c}" for c in changed) if changed else "up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
