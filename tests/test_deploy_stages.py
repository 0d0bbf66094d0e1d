"""One deploy path (issue 20), offline up to the AWS calls: the template's
alias, canary and alarms; the stage packages generated from the stacks'
outputs (live -> the `live` alias per Alexa region, development -> the dev
stack's $LATEST); markets and regions as settings; deploys refused where
Alexa does not call or without a release build; the synthetic check."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scripts import build_skill_package as generator
from scripts import centre_config, deploy
from skill import metrics, synthetic
from tests.conftest import lambda_transport_for

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = "123456789012"
SKILL_ID = "amzn1.ask.skill.6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b"


def arn(region: str, stack: str, qualifier: str | None = None) -> str:
    name = f"{stack}-SkillFunction-AbC123"
    return f"arn:aws:lambda:{region}:{ACCOUNT}:function:{name}" + (f":{qualifier}" if qualifier else "")


def outputs(region: str, stack: str) -> list[dict[str, str]]:
    """What `aws cloudformation describe-stacks --query Stacks[0].Outputs` prints."""
    return [{"OutputKey": "SkillEndpoint", "OutputValue": arn(region, stack, "live")},
            {"OutputKey": "SkillEndpointLatest", "OutputValue": arn(region, stack)},
            {"OutputKey": "Environment", "OutputValue": "dev" if stack.endswith("dev") else "live"}]


@pytest.fixture
def stacks(tmp_path) -> Path:
    folder = tmp_path / "stacks"
    folder.mkdir()
    for env, params in deploy.environments().items():
        (folder / f"{env}.json").write_text(json.dumps(outputs(params["region"], params["stack_name"])))
    return folder


def centre_with(tmp_path: Path, **changes: Any) -> centre_config.Centre:
    data = json.loads((ROOT / "centre.json").read_text(encoding="utf-8"))
    data["skillId"] = SKILL_ID
    data.update(changes)
    path = tmp_path / "centre.json"
    path.write_text(json.dumps(data))
    return centre_config.load(path)


def stage_manifest(centre, stage: str, stacks: Path) -> tuple[dict, dict[str, bytes]]:
    files = generator.render(generator.load_config(), centre, stage, stacks)
    return json.loads(files[f"build/ask/{stage}/skill-package/skill.json"])["manifest"], files


# -- the stage packages ---------------------------------------------------------


def test_the_live_manifest_points_at_the_live_alias_in_every_alexa_region_served(tmp_path, stacks):
    manifest, _ = stage_manifest(centre_with(tmp_path), "live", stacks)
    custom = manifest["apis"]["custom"]
    params = {name: p for name, p in deploy.environments().items()}
    expected = {r: arn(centre_config.ALEXA_REGIONS[r], params[f"live-{r.lower()}"]["stack_name"], "live")
                for r in ("NA", "EU", "FE")}
    assert {r: e["endpoint"]["uri"] for r, e in custom["regions"].items()} == expected
    assert custom["endpoint"]["uri"] == expected["NA"]
    assert all(e["endpoint"]["uri"].endswith(":live") for e in manifest["events"]["regions"].values())
    assert manifest["events"]["endpoint"] == custom["endpoint"]


def test_the_development_manifest_points_at_the_dev_stacks_latest(tmp_path, stacks):
    manifest, files = stage_manifest(centre_with(tmp_path), "development", stacks)
    dev = deploy.environment("dev")
    uri = manifest["apis"]["custom"]["endpoint"]["uri"]
    assert uri == arn(dev["region"], dev["stack_name"]) and not re.search(r":function:[\w-]+:", uri)  # $LATEST
    assert "regions" not in manifest["apis"]["custom"]
    # The ASK CLI project deploys only the skill package, to the centre's skill.
    resources = json.loads(files["build/ask/development/ask-resources.json"])
    assert resources == {"askcliResourcesVersion": "2020-03-31",
                         "profiles": {"default": {"skillMetadata": {"src": "./skill-package"}}}}
    states = json.loads(files["build/ask/development/.ask/ask-states.json"])
    assert states["profiles"]["default"]["skillId"] == SKILL_ID


def test_a_stage_package_is_the_reference_package_but_for_its_endpoints(tmp_path, stacks):
    _, files = stage_manifest(centre_with(tmp_path), "live", stacks)
    reference = generator.render(generator.load_config())
    for path, data in reference.items():
        staged = files[f"build/ask/live/{path}"]
        if path.endswith("skill.json"):
            a, b = json.loads(data)["manifest"], json.loads(staged)["manifest"]
            for m in (a, b):
                m.pop("apis"), m.pop("events")
            assert a == b
        else:
            assert staged == data, path


@pytest.mark.parametrize(("stage", "env", "bad", "message"), [
    ("live", "live-eu", arn("eu-west-1", "x"), "not the 'live' alias"),
    ("live", "live-eu", arn("us-east-1", "x", "live"), "is in us-east-1, expected eu-west-1"),
    ("development", "dev", arn("eu-west-1", "x", "live"), r"not the unqualified function \(\$LATEST\)"),
])
def test_an_endpoint_of_the_wrong_kind_or_region_is_refused(tmp_path, stacks, stage, env, bad, message):
    data = json.loads((stacks / f"{env}.json").read_text())
    for item in data:
        item["OutputValue"] = bad if item["OutputKey"].startswith("SkillEndpoint") else item["OutputValue"]
    (stacks / f"{env}.json").write_text(json.dumps(data))
    with pytest.raises(generator.PackageError, match=message):
        stage_manifest(centre_with(tmp_path), stage, stacks)


def test_a_served_region_without_its_stack_is_refused(tmp_path, stacks):
    (stacks / "live-fe.json").unlink()
    with pytest.raises(generator.PackageError, match="make stack-outputs ENV=live-fe"):
        stage_manifest(centre_with(tmp_path), "live", stacks)


# -- markets and regions as settings ---------------------------------------------


def test_markets_choose_locales_countries_and_regions_without_deleting_a_model(tmp_path, stacks):
    centre = centre_with(tmp_path, markets={"en-GB": {"oncologyLine": "0800 123 4567", "teamName": "AOS"}})
    (stacks / "live-na.json").unlink()  # not needed: no North American market
    (stacks / "live-fe.json").unlink()
    manifest, files = stage_manifest(centre, "live", stacks)
    assert list(manifest["publishingInformation"]["locales"]) == ["en-GB"]
    assert manifest["publishingInformation"]["distributionCountries"] == ["GB"]
    assert list(manifest["privacyAndCompliance"]["locales"]) == ["en-GB"]
    assert list(manifest["apis"]["custom"]["regions"]) == ["EU"]  # UK users' data stays in eu-west-1
    assert [p for p in files if "/interactionModels/" in p] == [
        "build/ask/live/skill-package/interactionModels/custom/en-GB.json"]
    assert (ROOT / "interaction_models" / "es-ES.json").exists()


def test_each_country_is_served_by_its_alexa_region():
    assert centre_config.ALEXA_REGIONS == {"NA": "us-east-1", "EU": "eu-west-1", "FE": "us-west-2"}
    regions = {c: centre_config.COUNTRY_REGION[c] for c in ("US", "CA", "GB", "ES", "IN", "AU")}
    assert regions == {"US": "NA", "CA": "NA", "GB": "EU", "ES": "EU", "IN": "EU", "AU": "FE"}


def test_a_market_without_a_model_or_a_known_region_is_refused(tmp_path):
    with pytest.raises(generator.PackageError, match="without an interaction model"):
        generator.render(generator.load_config(), centre_with(tmp_path, markets={"fr-FR": {}}))
    with pytest.raises(centre_config.ConfigError, match="no Alexa region"):
        centre_with(tmp_path, markets={"en-ZA": {}})


def test_a_centres_own_icons_are_used_and_checked(tmp_path):
    from scripts import skill_icon

    (tmp_path / "small.png").write_bytes(skill_icon.png(108)[:-12] + skill_icon.png(108)[-12:])
    (tmp_path / "large.png").write_bytes(skill_icon.png(512))
    centre = centre_with(tmp_path, icons={"small": "small.png", "large": "large.png"})
    files = generator.render(generator.load_config(), centre)
    assert files["skill-package/assets/images/icon-512.png"] == (tmp_path / "large.png").read_bytes()
    (tmp_path / "large.png").write_bytes(skill_icon.png(108))
    with pytest.raises(centre_config.ConfigError, match="must be a 512x512 PNG"):
        centre_with(tmp_path, icons={"small": "small.png", "large": "large.png"})


# -- deploys -----------------------------------------------------------------------


def samconfig_with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "samconfig.toml"
    path.write_text((ROOT / "samconfig.toml").read_text() + extra)
    return path


def test_a_deploy_to_a_region_alexa_does_not_call_is_refused(tmp_path):
    path = samconfig_with(tmp_path, '\n[live-de.deploy.parameters]\nstack_name = "x"\nregion = "eu-central-1"\n'
                                    'parameter_overrides = "Environment=live"\n')
    with pytest.raises(deploy.DeployError, match="not one Alexa calls"):
        deploy.deploy_command("live-de", path)
    # ... and CloudFormation itself refuses it (the template's rule).
    rule = generator.load_template()["Rules"]["AlexaCallsThisRegion"]["Assertions"][0]["Assert"]
    assert rule == {"Fn::Contains": [sorted(centre_config.ALEXA_REGIONS.values(), key=["us-east-1", "eu-west-1",
                                                                                        "us-west-2"].index),
                                     {"Ref": "AWS::Region"}]}


def test_a_live_deploy_needs_a_release_build(tmp_path):
    stamp = tmp_path / "release.json"
    with pytest.raises(deploy.DeployError, match="make package RELEASE=1"):
        deploy.deploy_command("live-eu", stamp=stamp)
    stamp.write_text(json.dumps({"release": False, "review": "engineering-review-only"}))
    with pytest.raises(deploy.DeployError, match="not a release build"):
        deploy.deploy_command("live-eu", stamp=stamp)


def test_the_dev_deploy_command_carries_the_centres_values(tmp_path):
    command = deploy.deploy_command("dev", stamp=tmp_path / "none.json")
    assert command[:2] == ["sam", "deploy"] and command[command.index("--config-env") + 1] == "dev"
    overrides = command[command.index("--parameter-overrides") + 1]
    centre = centre_config.load()
    assert f"SkillId={centre.skill_id}" in overrides and "Environment=dev" in overrides
    assert f"AlarmEmail={centre.alarm_contacts[0]}" in overrides
    result = subprocess.run([sys.executable, "scripts/deploy.py", "outputs", "live-eu", "--dry-run"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "describe-stacks --stack-name back-pain-check-live --region eu-west-1" in (
        result.stdout)


def test_samconfig_has_a_dev_and_a_live_environment_per_alexa_region():
    envs = deploy.environments()
    assert set(envs) == {"dev", "live-na", "live-eu", "live-fe"}
    assert not deploy.is_live(envs["dev"]) and "DeploymentType=AllAtOnce" in envs["dev"]["parameter_overrides"]
    for name in ("live-na", "live-eu", "live-fe"):
        assert deploy.is_live(envs[name]) and "Canary" in envs[name]["parameter_overrides"]
        assert envs[name]["region"] == centre_config.ALEXA_REGIONS[name[-2:].upper()]


# -- the template: alias, canary, alarms ---------------------------------------------


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return generator.load_template()


def test_the_function_publishes_the_live_alias_and_shifts_it_by_canary_rolling_back_on_alarms(template):
    props = template["Resources"]["SkillFunction"]["Properties"]
    assert props["AutoPublishAlias"] == "live"
    preference = props["DeploymentPreference"]
    assert preference["Type"] == {"Ref": "DeploymentType"}
    assert template["Parameters"]["DeploymentType"]["Default"].startswith("Canary")
    assert {a["Ref"] for a in preference["Alarms"]} == {"AliasErrorsAlarm", "HandlerErrorsAlarm", "LatencyAlarm"}
    assert template["Outputs"]["SkillEndpoint"]["Value"] == {"Ref": "SkillFunction.Alias"}
    assert template["Outputs"]["SkillEndpointLatest"]["Value"] == {"Fn::GetAtt": ["SkillFunction", "Arn"]}


def test_every_alarm_pages_the_centres_topic(template):
    alarms = {k: r for k, r in template["Resources"].items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    assert set(alarms) >= {"AliasErrorsAlarm", "HandlerErrorsAlarm", "LatencyAlarm", "ThrottlesAlarm",
                           "DynamoDbErrorsAlarm", "StoreErrorsAlarm", "DeletionFailuresAlarm",
                           "SyntheticFailuresAlarm"}
    for name, alarm in alarms.items():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}], name
    subscription = template["Resources"]["AlarmEmailSubscription"]["Properties"]
    assert subscription == {"TopicArn": {"Ref": "AlarmTopic"}, "Protocol": "email", "Endpoint": {"Ref": "AlarmEmail"}}
    # The skill's own metrics are the ones it emits.
    for alarm in alarms.values():
        if alarm["Properties"].get("Namespace") == metrics.NAMESPACE:
            assert alarm["Properties"]["MetricName"] in metrics.METRICS


def test_the_dashboard_is_valid_json_naming_the_skills_metrics(template):
    body, _ = template["Resources"]["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    filled = re.sub(r"\$\{[\w.:]+\}", "x", body)
    widgets = json.loads(filled)["widgets"]
    named = {m[1] for w in widgets for m in w["properties"].get("metrics", []) if isinstance(m[0], str)}
    assert {"Turns", "HandlerErrors", "StoreErrors", "DeletionFailures", "Duration", "Throttles"} <= named


# -- the synthetic check ---------------------------------------------------------------


def test_the_synthetic_check_runs_whole_checks_through_the_lambda_entry(monkeypatch, store):
    transport = lambda_transport_for(monkeypatch, store, SKILL_ID=SKILL_ID)
    with metrics.capture() as seen:
        result = synthetic.run(transport, SKILL_ID, "en-GB")
    assert result["ok"], result
    assert result["level"] in ("emergency", "urgent", "soon", "routine")
    assert metrics.totals(seen, "SyntheticChecks") == 1 and metrics.totals(seen, "SyntheticFailures") == 0


def test_a_broken_skill_fails_the_synthetic_check_and_counts_it(monkeypatch, store):
    from skill.alexa import handlers

    transport = lambda_transport_for(monkeypatch, store, SKILL_ID=SKILL_ID)
    monkeypatch.setattr(handlers.Interview, "answer", lambda *a, **k: 1 / 0)
    with metrics.capture() as seen:
        result = synthetic.run(transport, SKILL_ID)
    assert not result["ok"] and "no result" in result["failure"]
    assert metrics.totals(seen, "SyntheticFailures") == 1


def test_the_synthetic_function_targets_the_live_alias_on_a_schedule(template):
    function = template["Resources"]["SyntheticCheckFunction"]
    assert function["Condition"] == "IsLive"
    props = function["Properties"]
    assert props["Handler"] == "skill.synthetic.handler" and props["CodeUri"] == "../dist/lambda.zip"
    assert props["Environment"]["Variables"]["SYNTHETIC_TARGET"] == {"Ref": "SkillFunction.Alias"}
    assert [e["Type"] for e in props["Events"].values()] == ["Schedule"]
