"""The SAM template (infrastructure/template.yaml) is valid CloudFormation,
gives the function only what the code uses, and wires the settings the
skill reads."""

from __future__ import annotations

import copy
import inspect
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scripts.build_skill_package import load_template
from skill.envelopes import Device
from skill.store import ATTRIBUTE_DEFINITIONS, KEY_SCHEMA, DynamoDbStore
from tests.conftest import Talk, lambda_transport_for

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "infrastructure" / "template.yaml"
TABLE_ACTIONS = {"dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"}
SKILL, ROLE = "SkillFunction", "SkillFunctionRole"



@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template()


def resources_of(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def one(template: dict[str, Any], kind: str) -> tuple[str, dict[str, Any]]:
    found = resources_of(template, kind)
    assert len(found) == 1, f"expected one {kind}, found {sorted(found)}"
    return next(iter(found.items()))


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        for policy in props.get("Policies", []) if resource["Type"] == "AWS::IAM::Role" else []:
            found.extend(policy["PolicyDocument"]["Statement"])
        if resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            found.extend(props["PolicyDocument"]["Statement"])
    return found


@pytest.fixture(scope="module")
def translated(template) -> dict[str, Any]:
    """The template as CloudFormation sees it after the SAM transform (the
    code location as `sam package` rewrites it)."""
    from samtranslator.translator.transform import transform

    class NoManagedPolicies:
        def load(self) -> dict[str, str]:
            return {}

    sam = copy.deepcopy(template)
    for function in resources_of(sam, "AWS::Serverless::Function").values():
        function["Properties"]["CodeUri"] = "s3://artifacts/lambda.zip"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
        return transform(sam, {"SkillId": "amzn1.ask.skill.0"}, NoManagedPolicies())


def test_cfn_lint_finds_no_error_or_warning_before_and_after_the_sam_transform(translated, tmp_path):
    cfn_lint = shutil.which("cfn-lint", path=str(Path(sys.executable).parent)) or shutil.which("cfn-lint")
    assert cfn_lint, "cfn-lint is not installed: run `make setup` (it is in the test extras)"
    (tmp_path / "translated.json").write_text(json.dumps(translated))
    result = subprocess.run([cfn_lint, "--", str(TEMPLATE), str(tmp_path / "translated.json")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def skill_function(template: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The skill's function (the other one is the synthetic check's)."""
    return SKILL, template["Resources"][SKILL]


def test_the_function_runs_the_lambda_entry_from_the_package(template):
    _, function = skill_function(template)
    props = function["Properties"]
    assert props["Handler"] == "lambda_function.lambda_handler"
    assert props["Runtime"] in ("python3.12", "python3.13")  # supported; 3.11 is deprecated on 2027-06-30
    assert props["CodeUri"] == "../dist/lambda.zip"  # relative to the template: `make package` output
    assert props["Timeout"] < 8  # Alexa waits 8 s


def test_the_table_is_on_demand_keyed_by_account_and_record_with_a_ttl_on_expires(template):
    _, table = one(template, "AWS::DynamoDB::Table")
    props = table["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["KeySchema"] == KEY_SCHEMA  # the store's, which the dynalite tests create
    assert props["AttributeDefinitions"] == ATTRIBUTE_DEFINITIONS
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires", "Enabled": True}
    # ... the attribute the store writes by default
    assert inspect.signature(DynamoDbStore).parameters["ttl_attribute"].default == "expires"


def test_the_table_is_encrypted_at_rest_with_a_kms_key(template):
    """Records may hold health data (answers kept): encrypted at rest under a
    KMS key whose use CloudTrail records, not only DynamoDB's own key."""
    props = template["Resources"]["RecordsTable"]["Properties"]
    assert props["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": {
        "Fn::If": ["CustomerManagedKey", {"Ref": "RecordsKmsKey"}, {"Ref": "AWS::NoValue"}]}}
    assert template["Parameters"]["RecordsKey"]["Default"] == "aws-managed"


def test_the_function_gets_the_settings_the_skill_reads(template):
    table_name, _ = one(template, "AWS::DynamoDB::Table")
    _, function = skill_function(template)
    env = function["Properties"]["Environment"]["Variables"]
    assert env["SKILL_ID"] == {"Ref": "SkillId"}
    assert env["SKILL_STORE"] == {"Fn::Sub": f"dynamodb://${{{table_name}}}?region=${{AWS::Region}}"}
    assert env["SKILL_RETAIN_ANSWERS"] == {"Ref": "RetainAnswers"}
    assert env["SKILL_LOG_LEVEL"] == {"Ref": "LogLevel"}
    params = template["Parameters"]
    assert params["RetainAnswers"]["Default"] == "off"
    assert params["LogLevel"]["Default"] == "INFO"
    assert "Default" not in params["SkillId"], "the skill id must be given at deployment"
    # Every SKILL_ variable is one skill/settings.py reads.
    from skill.settings import Settings

    source = inspect.getsource(Settings.from_env)
    assert all(f'"{name}"' in source for name in env), [n for n in env if f'"{n}"' not in source]


def test_only_this_skill_can_invoke_the_function(template):
    _, function = skill_function(template)
    events = function["Properties"]["Events"]
    assert [e["Type"] for e in events.values()] == ["AlexaSkill"]
    assert all(e["Properties"]["SkillId"] == {"Ref": "SkillId"} for e in events.values())
    # The dev stack's $LATEST (the development stage's endpoint): the same skill only.
    assert resources_of(template, "AWS::Lambda::Permission") == {"LatestInvokePermission": {
        "Type": "AWS::Lambda::Permission", "Condition": "IsDev", "Properties": {
            "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": [SKILL, "Arn"]},
            "Principal": "alexa-appkit.amazon.com", "EventSourceToken": {"Ref": "SkillId"}}}}


def test_after_the_sam_transform_only_alexa_with_this_skill_id_may_invoke(translated):
    permissions = {k: p["Properties"] for k, p in resources_of(translated, "AWS::Lambda::Permission").items()
                   if p["Properties"]["FunctionName"] != {"Ref": "SyntheticCheckFunction"}}
    alexa = {"Action": "lambda:InvokeFunction", "Principal": "alexa-appkit.amazon.com",
             "EventSourceToken": {"Ref": "SkillId"}}
    assert permissions == {
        "LatestInvokePermission": {**alexa, "FunctionName": {"Fn::GetAtt": [SKILL, "Arn"]}},  # dev stacks only
        f"{SKILL}AlexaSkillsKitPermission": {**alexa, "FunctionName": {"Ref": f"{SKILL}Aliaslive"}},
    }
    # The synthetic check's function is invoked by its schedule only.
    scheduled = [p["Properties"] for p in resources_of(translated, "AWS::Lambda::Permission").values()
                 if p["Properties"]["FunctionName"] == {"Ref": "SyntheticCheckFunction"}]
    assert [p["Principal"] for p in scheduled] == ["events.amazonaws.com"]


def test_after_the_sam_transform_the_roles_are_still_only_ours(template, translated):
    ours = resources_of(template, "AWS::IAM::Role")
    assert set(ours) == {ROLE, "DeploymentRole", "SyntheticRole"}
    after = resources_of(translated, "AWS::IAM::Role")
    assert set(after) == set(ours) and after[ROLE] == ours[ROLE] and after["DeploymentRole"] == ours["DeploymentRole"]
    assert resources_of(translated, "AWS::IAM::Policy") == {}
    # The synthetic check may invoke the live alias and write its own logs; nothing else.
    invoke, logs = [p["PolicyDocument"]["Statement"] for p in after["SyntheticRole"]["Properties"]["Policies"]]
    assert invoke == [{"Sid": "InvokeTheLiveAlias", "Effect": "Allow", "Action": "lambda:InvokeFunction",
                       "Resource": {"Ref": f"{SKILL}Aliaslive"}}]
    assert logs[0]["Resource"] == {"Fn::GetAtt": ["SyntheticLogGroup", "Arn"]}
    # CodeDeploy may shift the alias and read the alarms (the AWS managed "Limited" policy) only.
    deployment = ours["DeploymentRole"]["Properties"]
    assert deployment["ManagedPolicyArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited"}]
    assert "Policies" not in deployment
    function = translated["Resources"][SKILL]
    assert function["Properties"]["Role"] == {"Fn::GetAtt": [ROLE, "Arn"]}
    assert function["Properties"]["Runtime"] == template["Resources"][SKILL]["Properties"]["Runtime"]


def test_the_role_is_least_privilege(template):
    table_name, _ = one(template, "AWS::DynamoDB::Table")
    role_name, role = ROLE, template["Resources"][ROLE]
    _, function = skill_function(template)
    assert function["Properties"]["Role"] == {"Fn::GetAtt": [role_name, "Arn"]}
    assert "Policies" not in function["Properties"], "no SAM policy templates beside the explicit role"
    assert "ManagedPolicyArns" not in role["Properties"]
    assume = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert assume == [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]

    found = statements({"Resources": {ROLE: role}})
    assert found and all(s["Effect"] == "Allow" for s in found)
    for statement in found:
        assert "NotAction" not in statement and "NotResource" not in statement
        actions = as_list(statement["Action"])
        services = {a.split(":")[0] for a in actions}
        assert len(services) == 1, f"one service per statement: {actions}"
        service = services.pop()
        resources = as_list(statement["Resource"])
        if service == "logs":
            assert set(actions) <= {"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}
            continue
        assert not any("*" in a for a in actions), actions
        assert not any(isinstance(r, str) and "*" in r for r in resources), resources
        assert service == "dynamodb", f"unexpected service {service}"
        assert set(actions) == TABLE_ACTIONS
        assert resources == [{"Fn::GetAtt": [table_name, "Arn"]}]


def test_the_granted_table_actions_are_exactly_what_the_skill_calls(monkeypatch, dynamo_store):
    """Drive every store path (save, load, forget me, SkillDisabled) against
    a real DynamoDB-compatible server and record the API calls."""
    import botocore.client

    called: set[str] = set()
    original = botocore.client.BaseClient._make_api_call

    def recording(self, operation_name, api_params):
        if self.meta.service_model.service_name == "dynamodb":
            called.add(f"dynamodb:{operation_name}")
        return original(self, operation_name, api_params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", recording)
    transport = lambda_transport_for(monkeypatch, dynamo_store, SKILL_RETAIN_ANSWERS="on")
    home = Device()
    talk = Talk(transport, home)
    talk.open().answer("no").answer("no")
    talk.say("ForgetMeIntent").answer("yes")
    Talk(transport, home).open().answer("no")
    event = home.launch()
    event["request"] = {
        "type": "AlexaSkillEvent.SkillDisabled", "requestId": "r", "timestamp": event["request"]["timestamp"],
        "eventCreationTime": event["request"]["timestamp"],
        "body": {"userInformationPersistenceStatus": "NOT_PERSISTED"},
    }
    del event["session"]
    transport(event)
    assert called == TABLE_ACTIONS


# -- issue 19, finding 9 --------------------------------------------------------------------------
def test_no_statement_grants_scan_or_any_read_of_the_whole_table(template):
    actions = {a for s in statements(template) for a in as_list(s["Action"])}
    assert not actions & {"dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:ExportTableToPointInTime",
                          "dynamodb:PartiQLSelect"}


def test_concurrency_is_reserved_by_a_parameter(template):
    _, function = skill_function(template)
    assert function["Properties"]["ReservedConcurrentExecutions"] == {"Ref": "ReservedConcurrency"}
    param = template["Parameters"]["ReservedConcurrency"]
    assert param["Type"] == "Number" and param["MinValue"] >= 1 and param["Default"] >= 1


def test_point_in_time_recovery_is_a_parameter_off_by_default(template):
    param = template["Parameters"]["PointInTimeRecovery"]
    assert param["Default"] == "off" and param["AllowedValues"] == ["off", "on"]
    assert template["Conditions"]["PitrOn"] == {"Fn::Equals": [{"Ref": "PointInTimeRecovery"}, "on"]}
    spec = template["Resources"]["RecordsTable"]["Properties"]["PointInTimeRecoverySpecification"]
    assert spec == {"PointInTimeRecoveryEnabled": {"Fn::If": ["PitrOn", True, False]}}


def test_snapstart_is_on_for_published_versions_behind_the_live_alias(template, translated):
    _, function = skill_function(template)
    props = function["Properties"]
    assert props["SnapStart"] == {"ApplyOn": "PublishedVersions"} and props["AutoPublishAlias"] == "live"
    _, alias = one(translated, "AWS::Lambda::Alias")
    assert alias["Properties"]["Name"] == "live"
    assert template["Outputs"]["SkillEndpoint"]["Value"] == {"Ref": "SkillFunction.Alias"}


def test_the_retention_parameters_are_the_settings_ranges(template):
    """The template, the settings and the README state the same numbers."""
    from skill import settings

    params = template["Parameters"]
    env = skill_function(template)[1]["Properties"]["Environment"]["Variables"]
    readme = (ROOT / "README.md").read_text()
    for param, variable, (default, _, highest) in [("ResumeHours", "SKILL_RESUME_HOURS", settings.RESUME_HOURS),
                                                   ("HistoryDays", "SKILL_HISTORY_DAYS", settings.HISTORY_DAYS),
                                                   ("PreferencesDays", "SKILL_PREFERENCES_DAYS",
                                                    settings.PREFERENCES_DAYS)]:
        assert env[variable] == {"Ref": param}
        assert (params[param]["Default"], params[param]["MaxValue"]) == (default, highest), param
        assert f"| `{variable}` | `{default}` |" in readme, variable
