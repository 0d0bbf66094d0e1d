"""Sample utterances per intent and locale, and the corpus that tests them.

Run: ``make report-samples`` (or ``python -m reports.samples``). Prints one
Markdown table of sample counts (intents as rows, locales as columns), the
corpus phrases per locale (tests/corpus/), and the conflict decisions each
locale's corpus holds. The README quotes the figures.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests import corpus as corpora

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "interaction_models"
#: Answers first, then the moves, then Amazon's built-ins in the spec's order.
ORDER = ["AMAZON.YesIntent", "AMAZON.NoIntent", "DontKnowIntent", "PartlyIntent", "EmergencyIntent", "GoBackIntent",
         "WhyIntent", "SlowerIntent", "FasterIntent", "LastResultIntent", "ForgetMeIntent", "ForSomeoneElseIntent",
         "ForMyselfIntent", "OkayIntent", "WorryIntent", "MedicineIntent",
         "AMAZON.RepeatIntent", "AMAZON.StartOverIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent",
         "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent", "AMAZON.FallbackIntent"]


def counts() -> dict[str, dict[str, int]]:
    """{locale: {intent: number of samples}}."""
    out = {}
    for path in sorted(MODELS.glob("*.json")):
        model = json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        out[path.stem] = {i["name"]: len(i.get("samples", [])) for i in model["intents"]}
    return out


def table(rows: list[str], columns: list[str], cell) -> str:
    lines = ["| | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    lines += ["| " + row + " | " + " | ".join(str(cell(row, c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    by_locale = counts()
    locales = list(by_locale)
    intents = [i for i in ORDER if any(i in c for c in by_locale.values())]
    intents += sorted({i for c in by_locale.values() for i in c} - set(intents))
    print("Sample utterances per intent and locale (interaction_models/):\n")
    print(table(intents + ["total"], locales,
                lambda i, loc: sum(by_locale[loc].values()) if i == "total" else by_locale[loc].get(i, "-")))
    corpus = {loc: corpora.load(loc) for loc in locales}
    print("\nCorpus phrases per intent and locale (tests/corpus/), each said through virtual-alexa:\n")
    rows = [i for i in intents if any(i in c.phrases for c in corpus.values())]
    print(table(rows + ["total", "slot ids checked", "conflict decisions"], locales,
                lambda i, loc: len(corpus[loc].items()) if i == "total"
                else len(corpus[loc].slot_ids) if i == "slot ids checked"
                else len(corpus[loc].never) if i == "conflict decisions"
                else len(corpus[loc].phrases.get(i, []))))
    print("\nSlot values by id (CANCER_MEDICINE, EMERGENCY_SIGN; values, and values with synonyms):\n")
    kinds = {}
    for loc in locales:
        model = json.loads((MODELS / f"{loc}.json").read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        for slot_type in model.get("types", []):
            if slot_type["name"] == "RELATION":
                continue
            for value in slot_type["values"]:
                row = kinds.setdefault(f"{slot_type['name']} {value.get('id')}", {}).setdefault(loc, [0, 0])
                row[0] += 1
                row[1] += 1 + len(value["name"].get("synonyms", []))
    print(table(sorted(kinds), locales, lambda k, loc: "{} ({})".format(*kinds[k].get(loc, (0, 0)))))


if __name__ == "__main__":
    main()
