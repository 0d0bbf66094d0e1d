"""One deploy path: SAM for the stacks, the ASK CLI for the skill package.

    python scripts/deploy.py stack ENV [--dry-run]     # sam deploy --config-env ENV (+ centre.json values)
    python scripts/deploy.py outputs ENV [--dry-run]   # save the stack's outputs to build/stacks/ENV.json

(``make deploy ENV=...``, ``make stack-outputs ENV=...``.) Both print the
command before running it; ``--dry-run`` only prints it, which is how the
README's walk-through is checked offline (tests/test_deploy_stages.py).

What this adds to a bare ``sam deploy``, and why:

- SkillId and the alarm contacts come from centre.json, so samconfig.toml
  holds nothing account-specific and one file says who the centre is
  (``sam deploy --parameter-overrides`` replaces samconfig's overrides,
  so they are joined here);
- a region Alexa does not call is refused before anything is created (the
  template's Rules refuse it again inside CloudFormation);
- a live environment takes only a release build (``make package
  RELEASE=1``: clinical content reviewed by a clinical safety officer):
  the stamp in ``dist/lambda/skill/release.json`` is checked.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.centre_config import ALEXA_REGIONS, ConfigError, load  # noqa: E402

SAMCONFIG = ROOT / "samconfig.toml"
STACKS = ROOT / "build" / "stacks"
PACKAGE_STAMP = ROOT / "dist" / "lambda" / "skill" / "release.json"


class DeployError(Exception):
    """A deploy that must not happen."""


def environments(path: Path = SAMCONFIG) -> dict[str, dict]:
    """samconfig.toml's environments and their ``deploy.parameters``."""
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    return {name: table["deploy"]["parameters"] for name, table in config.items()
            if isinstance(table, dict) and "deploy" in table}


def environment(name: str, path: Path = SAMCONFIG) -> dict:
    envs = environments(path)
    if name not in envs:
        raise DeployError(f"no environment {name!r} in {path.name} (have: {', '.join(envs)})")
    params = envs[name]
    region = params.get("region")
    if region not in ALEXA_REGIONS.values():
        raise DeployError(f"{name}: region {region!r} is not one Alexa calls "
                          f"({', '.join(f'{r} {k}' for k, r in ALEXA_REGIONS.items())}): refused")
    return params


def is_live(params: dict) -> bool:
    return "Environment=live" in params.get("parameter_overrides", "")


def alexa_region(params: dict) -> str:
    return next(k for k, r in ALEXA_REGIONS.items() if r == params["region"])


def deploy_command(name: str, path: Path = SAMCONFIG, stamp: Path = PACKAGE_STAMP) -> list[str]:
    """The ``sam deploy`` command for environment ``name``; raises DeployError if it must not run."""
    params = environment(name, path)
    try:
        centre = load()
    except ConfigError as e:
        raise DeployError(f"centre config: {e}") from None
    if is_live(params):
        if alexa_region(params) not in centre.regions:
            raise DeployError(f"{name}: the centre serves no market in Alexa region {alexa_region(params)} "
                              f"(centre.json markets): a stack there would hold no one's data")
        try:
            built = json.loads(stamp.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise DeployError(f"no package stamp at {stamp}: run `make package RELEASE=1` first") from None
        if built.get("release") is not True:
            raise DeployError(f"{name} is live: the package is not a release build (review: {built.get('review')});"
                              " run `make package RELEASE=1`")
        if centre.placeholders():
            raise DeployError(f"{name} is live: placeholders in centre.json: {centre.placeholders()[:3]}")
    contacts = list(centre.alarm_contacts) + ["", ""]
    if len(centre.alarm_contacts) > 2:
        raise DeployError("at most two alarmContacts: use a team distribution list")
    overrides = " ".join([params.get("parameter_overrides", ""), f"SkillId={centre.skill_id}",
                          f"AlarmEmail={contacts[0]}", f"AlarmEmail2={contacts[1]}"]).strip()
    return ["sam", "deploy", "--config-file", str(path), "--config-env", name,
            "--parameter-overrides", overrides]


def outputs_command(name: str, path: Path = SAMCONFIG) -> list[str]:
    params = environment(name, path)
    return ["aws", "cloudformation", "describe-stacks", "--stack-name", params["stack_name"],
            "--region", params["region"], "--query", "Stacks[0].Outputs", "--output", "json"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["stack", "outputs"])
    parser.add_argument("env")
    parser.add_argument("--dry-run", action="store_true", help="print the command, run nothing")
    args = parser.parse_args(argv)
    try:
        command = deploy_command(args.env) if args.what == "stack" else outputs_command(args.env)
    except DeployError as e:
        print(f"deploy: {e}", file=sys.stderr)
        return 2
    print("$ " + shlex.join(command))
    if args.dry_run:
        return 0
    if args.what == "stack":
        return subprocess.run(command, cwd=ROOT).returncode
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return result.returncode
    STACKS.mkdir(parents=True, exist_ok=True)
    target = STACKS / f"{args.env}.json"
    target.write_text(result.stdout, encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
