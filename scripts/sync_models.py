"""Add the shared core samples to every interaction model of their language.

``interaction_models/core/<language>.json`` holds, per intent, the samples
every model of that language must have (``en`` for en-US, en-GB, ...; ``es``
for es-US and es-ES), and ``interaction_models/core/<language>.types.json``
the slots those samples use and the slot types they name. This script appends
to each ``interaction_models/<locale>.json`` the core samples it lacks,
creating an intent the model does not declare yet (before
``AMAZON.FallbackIntent``), declares the core slots an intent lacks, and
writes each core slot type as the core has it (replacing the model's type of
that name); it keeps everything else as it is: order, market extras, other
slots and types. ``--check`` changes nothing and exits 1 if a model differs
from its core (tests/test_interaction_model.py checks the same).

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


def core_types(language: str) -> dict:
    """``{"slots": {intent: [slot, ...]}, "types": [slot type, ...]}`` of a language."""
    path = CORE / f"{language}.types.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {"slots": data.get("slots", {}), "types": data.get("types", [])}


def missing_types(model: dict, wanted: dict) -> dict[str, list[str]]:
    """The core slots and slot types ``model`` lacks or holds otherwise, as ``{what: [names]}``."""
    gaps: dict[str, list[str]] = {}
    declared = {i["name"]: {s["name"]: s for s in i.get("slots", [])} for i in model["intents"]}
    for intent, slots in wanted["slots"].items():
        lacking = [s["name"] for s in slots if declared.get(intent, {}).get(s["name"]) != s]
        if lacking:
            gaps[f"{intent} slots"] = lacking
    have = {t["name"]: t for t in model.get("types", [])}
    differ = [t["name"] for t in wanted["types"] if have.get(t["name"]) != t]
    if differ:
        gaps["slot types"] = differ
    return gaps


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
    language = path.stem.split("-")[0]
    sample_gaps = missing(model, core(language))
    wanted = core_types(language)
    type_gaps = missing_types(model, wanted)
    if check or not (sample_gaps or type_gaps):
        return sample_gaps | type_gaps
    by_name = {i["name"]: i for i in model["intents"]}

    def intent_named(intent: str) -> dict:
        if intent not in by_name:
            by_name[intent] = {"name": intent, "samples": []}
            names = [i["name"] for i in model["intents"]]
            at = names.index("AMAZON.FallbackIntent") if "AMAZON.FallbackIntent" in names else len(names)
            model["intents"].insert(at, by_name[intent])
        return by_name[intent]

    for intent, slots in wanted["slots"].items():
        declared = intent_named(intent).setdefault("slots", [])
        for slot in slots:
            declared[:] = [s for s in declared if s["name"] != slot["name"]] + [slot]
    for intent, samples in sample_gaps.items():
        intent_named(intent).setdefault("samples", []).extend(samples)
    types = model.setdefault("types", [])
    for slot_type in wanted["types"]:
        names = [t["name"] for t in types]
        if slot_type["name"] in names:
            types[names.index(slot_type["name"])] = slot_type
        else:
            types.append(slot_type)
    # ASK's order: name, slots, samples (as the models already write it)
    for intent in model["intents"]:
        if "slots" in intent:
            order = ["name", "slots", "samples"]
            intent_items = sorted(intent.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 3)
            intent.clear()
            intent.update(intent_items)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return sample_gaps | type_gaps


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
