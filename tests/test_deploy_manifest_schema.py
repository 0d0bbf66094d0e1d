"""The generated skill manifests against Amazon's own model of them (issue 20:
"validated offline up to the AWS calls"). `ask-smapi-model` is the Python
model of the Skill Management API, the one `ask deploy` uploads the manifest
to; the ASK SDK's serializer reads a manifest into it and writes it back.
A key the model does not know (misspelt, misplaced) is dropped on the way
back, a wrong type or enum value fails or comes back changed, so a manifest
that survives the round trip unchanged has only keys and values the model
knows. Checked: the committed reference package, and the development and
live stage packages generated from stack outputs. What the model leaves
open (region keys, ARNs) is checked beside it."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer

from scripts import build_skill_package as generator
from scripts import centre_config, deploy
from tests.test_deploy_stages import ACCOUNT, centre_with, outputs

ROOT = Path(__file__).resolve().parent.parent
ENVELOPE = "ask_smapi_model.v1.skill.manifest.skill_manifest_envelope.SkillManifestEnvelope"
SERIALIZER = DefaultSerializer()
# Alexa's regions for a custom skill's endpoints (apis.custom.regions, events.regions).
ALEXA_REGION_KEYS = {"NA", "EU", "FE"}
FUNCTION = r"arn:aws:lambda:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d):(?P<account>\d{12}):function:(?P<name>[\w-]{1,64})"
LIVE_ARN = re.compile(FUNCTION + r":live")
UNQUALIFIED_ARN = re.compile(FUNCTION)


def differences(before: Any, after: Any, path: str = "manifest") -> list[str]:
    """Where ``after`` (the round trip) is not ``before``: each key dropped or added, each value changed."""
    if type(before) is not type(after):
        return [f"{path}: {before!r} came back as {after!r}"]
    if isinstance(before, dict):
        found = [f"{path}.{k}: dropped (not in Amazon's model)" for k in before if k not in after]
        found += [f"{path}.{k}: added" for k in after if k not in before]
        for key in before.keys() & after.keys():
            found += differences(before[key], after[key], f"{path}.{key}")
        return found
    if isinstance(before, list):
        if len(before) != len(after):
            return [f"{path}: {len(before)} items came back as {len(after)}"]
        pairs = enumerate(zip(before, after, strict=True))
        return [found for i, (a, b) in pairs for found in differences(a, b, f"{path}[{i}]")]
    return [] if before == after else [f"{path}: {before!r} came back as {after!r}"]


def round_trip(text: str) -> tuple[Any, list[str]]:
    """The manifest read into Amazon's model, and what the round trip lost or changed."""
    envelope = SERIALIZER.deserialize(text, ENVELOPE)
    return envelope, differences(json.loads(text)["manifest"], SERIALIZER.serialize(envelope)["manifest"])


@pytest.fixture(scope="module")
def stacks(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stacks")
    for env, params in deploy.environments().items():
        (folder / f"{env}.json").write_text(json.dumps(outputs(params["region"], params["stack_name"])))
    return folder


@pytest.fixture(scope="module")
def manifests(tmp_path_factory, stacks) -> dict[str, str]:
    """skill.json of the committed reference package and of each stage, as `make skill-package` writes them;
    and a live stage serving one market (only the EU endpoint)."""
    centre = centre_with(tmp_path_factory.mktemp("centre"))
    found = {"reference": (ROOT / "skill-package" / "skill.json").read_text(encoding="utf-8")}
    for stage in ("development", "live"):
        files = generator.render(generator.load_config(), centre, stage, stacks)
        found[stage] = files[f"build/ask/{stage}/skill-package/skill.json"].decode("utf-8")
    eu_only = centre_with(tmp_path_factory.mktemp("eu"), markets={"en-GB": {}})
    files = generator.render(generator.load_config(), eu_only, "live", stacks)
    found["live, en-GB only"] = files["build/ask/live/skill-package/skill.json"].decode("utf-8")
    return found


@pytest.mark.parametrize("which", ["reference", "development", "live", "live, en-GB only"])
def test_every_key_and_value_of_the_manifest_is_in_amazons_model(manifests, which):
    envelope, lost = round_trip(manifests[which])
    assert lost == [], f"{which} skill.json is not what Amazon's manifest model reads:\n" + "\n".join(lost)
    custom = envelope.manifest.apis.custom
    assert custom.endpoint.uri and envelope.manifest.publishing_information.locales  # read where Amazon reads them
    assert set(custom.regions or {}) <= ALEXA_REGION_KEYS
    assert set(envelope.manifest.events.regions or {}) <= ALEXA_REGION_KEYS


def test_the_live_stage_calls_the_live_alias_in_each_served_region(manifests):
    manifest = SERIALIZER.deserialize(manifests["live"], ENVELOPE).manifest
    for part in (manifest.apis.custom, manifest.events):
        assert set(part.regions) == ALEXA_REGION_KEYS
        for key, region in part.regions.items():
            match = LIVE_ARN.fullmatch(region.endpoint.uri)
            assert match, f"{key}: {region.endpoint.uri} is not a `live` alias ARN"
            assert match["region"] == centre_config.ALEXA_REGIONS[key] and match["account"] == ACCOUNT
        assert part.endpoint.uri == part.regions["NA"].endpoint.uri  # the default is a served region's alias
    eu_only = SERIALIZER.deserialize(manifests["live, en-GB only"], ENVELOPE).manifest
    assert set(eu_only.apis.custom.regions) == set(eu_only.events.regions) == {"EU"}
    assert LIVE_ARN.fullmatch(eu_only.apis.custom.endpoint.uri)["region"] == "eu-west-1"


def test_the_development_stage_calls_the_unqualified_function(manifests):
    manifest = SERIALIZER.deserialize(manifests["development"], ENVELOPE).manifest
    dev = deploy.environment("dev")
    for part in (manifest.apis.custom, manifest.events):
        match = UNQUALIFIED_ARN.fullmatch(part.endpoint.uri)
        assert match, f"{part.endpoint.uri} is not an unqualified function ARN ($LATEST)"
        assert match["region"] == dev["region"] and not part.regions


def _parent(manifest: dict[str, Any], path: str) -> tuple[Any, Any]:
    """The list or dict holding ``path`` (dotted, list indexes as numbers) and its key there."""
    *parents, last = path.split(".")
    node: Any = manifest
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node, int(last) if isinstance(node, list) else last


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(manifest: dict[str, Any]) -> None:
        node, key = _parent(manifest, path)
        node[key] = value
    return change


def _rename(path: str, new: str) -> Callable[[dict[str, Any]], None]:
    def change(manifest: dict[str, Any]) -> None:
        node, key = _parent(manifest, path)
        node[new] = node.pop(key)
    return change


@pytest.mark.parametrize("change", [
    _rename("privacyAndCompliance.locales.en-GB.privacyPolicyUrl", "privacyPolicyURL"),
    _rename("publishingInformation.distributionCountries", "distributionCountry"),
    _rename("apis.custom.endpoint.uri", "url"),
    _set("apis.custom.endpoint.sslCertificateType", "wildcard"),
    _set("apis.custom.interfaces.0.supportedViewports.0.minWidth", "100"),
    _set("apis.custom.interfaces.0.supportedViewports.0.mode", "PHONE"),
    _set("publishingInformation.distributionCountries", ["GB", "UK"]),
    _set("publishingInformation.isAvailableWorldwide", "false"),
    _set("privacyAndCompliance.usesPersonalInformation", True),
    _set("permissions.0.name", "alexa::alerts:reminder:skill:readwrite"),
    _set("events.subscriptions.0.eventName", "SKILL_DISABLE"),
], ids=["misspelt key", "singular key", "endpoint url", "certificate type", "number as text", "viewport mode",
        "country code", "boolean as text", "unknown flag", "permission", "event name"])
def test_a_misspelt_key_or_wrong_value_is_caught(manifests, change):
    data = copy.deepcopy(json.loads(manifests["reference"]))
    change(data["manifest"])
    try:
        _, lost = round_trip(json.dumps(data))
    except SerializationException:
        return
    assert lost, "the round trip did not notice the change"
