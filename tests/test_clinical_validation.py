"""Clinical validation (issue 14): the vignettes of
docs/clinical-safety/vignettes.json, each a whole conversation through the
Lambda handler with real Alexa envelopes, in every locale.

Each question, or grouped question, is answered as the person in the
story would: a group is "yes" if any member is yes, else "not sure" if any
is, else "no". No vignette may be under-triaged in any locale; every result
above its band must be explained in the vignette; and the committed
validation report must be the one these runs give (`make safety-case`).
"""

import pytest

from reports.safety_case import (
    DOCS,
    LEVELS,
    full_rules_level,
    validation_md,
    validation_results,
    verdict,
    vignette_problems,
    vignettes,
)
from skill.locales import available_locales
from skill.triage import BY_ID

BY_VIGNETTE = {v["id"]: v for v in vignettes()}


@pytest.fixture(scope="module")
def results():
    return validation_results()


def test_there_are_at_least_60_vignettes_each_with_a_story_a_source_a_band_and_every_answer():
    assert len(vignettes()) >= 60
    assert vignette_problems() == []
    assert all(set(v["answers"]) == set(BY_ID) for v in vignettes())


def test_the_vignettes_cover_every_level_and_the_four_emergency_scripts():
    lowest = {v["expected"]["lowest"] for v in vignettes()}
    assert lowest == set(LEVELS)
    assert {v.get("script") for v in vignettes()} - {None} == {"general", "cord", "nerve", "sepsis"}
    stories = " ".join(v["story"].lower() for v in vignettes())
    for words in ("weak", "urine", "tingling", "chemotherapy", "shiver"):
        assert words in stories


def test_the_vignettes_hold_the_people_spec_v4_added():
    """Every example of spec v4 and every new rule has a person: chest pain
    on tamoxifen, both legs without cancer, ribociclib and shivery, the
    pain-limited walker on codeine, letrozole morning stiffness, rest or
    painkillers alone, a drug no example names, hand-only numbness and
    lymphoedema heaviness."""
    stories = " ".join((v["title"] + " " + v["story"]).lower() for v in vignettes())
    for words in ("tamoxifen", "both legs", "ribociclib", "only because it hurts", "codeine",
                  "stiff in the morning", "painkillers don't help", "rest doesn't help", "cannot name",
                  "fingers go numb", "lymphoedema", "fainted", "comes and goes", "enhertu", "pembrolizumab",
                  "goserelin", "between the shoulder blades"):
        assert words in stories, words
    answered = {qid for v in vignettes() for qid, value in v["answers"].items() if value == "yes"}
    assert {"chest_or_breathing", "both_legs", "progressive_pain", "upper_spine"} <= answered


def test_a_vignette_whose_source_is_a_spec_example_cites_spec_v4():
    for v in vignettes():
        assert "spec.md v3" not in v["source"] and "spec v3" not in v["source"], f"{v['id']} still cites spec v3"


@pytest.mark.parametrize("locale", available_locales())
def test_no_vignette_is_under_triaged_in_any_locale(results, locale):
    failed = {vid: runs[locale] for vid, runs in results.items() if runs[locale].error or runs[locale].level is None}
    assert not failed, f"checks without a result in {locale}: {failed}"
    under = {
        vid: f"{runs[locale].level} (expected at least {BY_VIGNETTE[vid]['expected']['lowest']})"
        for vid, runs in results.items()
        if verdict(BY_VIGNETTE[vid], runs[locale].level) == "under"
    }
    assert not under, f"under-triage in {locale}: {under}"


def test_every_locale_asks_the_same_questions_and_reaches_the_same_level(results):
    for vid, runs in results.items():
        seen = {(run.level, run.asked, run.script, run.also) for run in runs.values()}
        assert len(seen) == 1, f"{vid} differs between locales: {runs}"


@pytest.mark.parametrize("locale", available_locales())
def test_no_one_the_spec_keeps_from_the_emergency_number_is_sent_there(results, locale):
    """Over-triage to an emergency is not only over-triage: it is an
    ambulance taken from someone else (hazard H21). A vignette whose band
    stops below emergency may never hear an emergency script."""
    sent = [vid for vid, runs in results.items()
            if BY_VIGNETTE[vid]["expected"]["highest"] != "emergency" and runs[locale].level == "emergency"]
    assert not sent, f"sent to the emergency number in {locale}: {sent}"


def test_every_disagreement_is_explained(results):
    for vid, runs in results.items():
        vignette = BY_VIGNETTE[vid]
        out = any(verdict(vignette, run.level) in ("under", "over") for run in runs.values())
        note = vignette.get("disagreement", "").strip()
        assert note or not out, f"{vid} is outside its band: explain why in its 'disagreement' (vignettes.json)"
        assert out or not note, f"{vid} is now in its band: remove its 'disagreement' note (vignettes.json)"


def test_the_interview_reaches_the_full_rules_level_except_for_known_issues(results):
    """The interview, asking only what can change the level, must end where
    the rules end on all of the person's answers; a known gap is written in
    the vignette's 'known_issue' (and the hazard log) until it is fixed."""
    for vid, runs in results.items():
        vignette = BY_VIGNETTE[vid]
        differs = runs["en-US"].level != full_rules_level(vignette)
        known = vignette.get("known_issue", "").strip()
        assert known or not differs, (
            f"{vid}: the interview gives {runs['en-US'].level}, the full rules {full_rules_level(vignette)}"
        )
        assert differs or not known, f"{vid} now reaches the full rules' level: remove its 'known_issue' note"


def test_the_validation_report_is_up_to_date(results):
    path = DOCS / "validation-report.md"
    assert path.exists() and path.read_text(encoding="utf-8") == validation_md(results), (
        "docs/clinical-safety/validation-report.md is stale: run `make safety-case` and commit it"
    )


@pytest.mark.parametrize("locale", available_locales())
def test_every_emergency_vignette_hears_the_script_for_its_cause(results, locale):
    """Cord or cauda equina signs: the emergency number; new nerve signs
    after cancer: the cancer team's 24-hour line; fever on treatment: the
    sepsis script (spec v3)."""
    for vid, runs in results.items():
        expected = BY_VIGNETTE[vid].get("script")
        if runs[locale].level == "emergency":
            assert expected, f"{vid} reached emergency: say which script it must hear (vignettes.json 'script')"
            assert runs[locale].script == expected, f"{vid} in {locale}: heard {runs[locale].script}, not {expected}"
            also = tuple(BY_VIGNETTE[vid].get("script_also", ()))
            assert runs[locale].also == also, f"{vid} in {locale}: the script adds {runs[locale].also}, not {also}"
