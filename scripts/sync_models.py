"""Add the shared core samples to every interaction model of their language.

``interaction_models/core/<language>.json`` holds, per intent, the samples
every model of that language must have (``en`` for en-US, en-GB, ...; ``es``
for es-US and es-ES). This script appends to each ``interaction_models/<locale>.json``
the core samples it lacks, creating an intent the model does not declare yet
(before ``AMAZON.FallbackIntent``), and keeps everything else as it is: order,
market extras, slots. ``--check`` changes nothing and exits 1 if a model lacks
a core sample (tests/test_interaction_model.py checks the same).

    .venv/bin/python scripts/sync_models.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "interaction_models"
CORE = MODELS / "core"


def core(language: str) -> dict[str, list[str]]:
    """The core samples of a language, by intent (keys starting with ``_`` are notes)."""
    path = CORE / f"{language}.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {intent: samples for intent, samples in data.items() if not intent.startswith("_")}


def missing(model: dict, wanted: dict[str, list[str]]) -> dict[str, list[str]]:
    """The core samples ``model`` (a languageModel) lacks, by intent."""
    have = {i["name"]: {s.lower() for s in i.get("samples", [])} for i in model["intents"]}
    gaps = {}
    for intent, samples in wanted.items():
        lacking = [s for s in samples if s.lower() not in have.get(intent, set())]
        if lacking:
            gaps[intent] = lacking
    return gaps


def sync(path: Path, check: bool) -> dict[str, list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    model = data["interactionModel"]["languageModel"]
    gaps = missing(model, core(path.stem.split("-")[0]))
    if check or not gaps:
        return gaps
    by_name = {i["name"]: i for i in model["intents"]}
    for intent, samples in gaps.items():
        if intent not in by_name:
            by_name[intent] = {"name": intent, "samples": []}
            names = [i["name"] for i in model["intents"]]
            at = names.index("AMAZON.FallbackIntent") if "AMAZON.FallbackIntent" in names else len(names)
            model["intents"].insert(at, by_name[intent])
        by_name[intent].setdefault("samples", []).extend(samples)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return gaps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a core sample is missing")
    args = parser.parse_args(argv)
    lacking = 0
    for path in sorted(MODELS.glob("*.json")):
        gaps = sync(path, args.check)
        for intent, samples in gaps.items():
            lacking += len(samples)
            verb = "lacks" if args.check else "added to"
            print(f"{path.stem}: {verb} {intent}: {', '.join(samples)}")
    return 1 if args.check and lacking else 0


if __name__ == "__main__":
    sys.exit(main())
