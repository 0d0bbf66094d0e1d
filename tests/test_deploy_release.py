"""Gated changes and reproducible builds (issue 20): a release build needs
clinical content reviewed by a clinical safety officer on the centre's list;
the lockfile pins the package's wheels by hash; the package says which
build it is, and the cold start logs it."""

from __future__ import annotations

import copy
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from reports import safety_case
from scripts import build_lambda, centre_config, release_gate

ROOT = Path(__file__).resolve().parent.parent
CSO = "Dr Ada Example, clinical safety officer"


@pytest.fixture
def live_centre(tmp_path, monkeypatch) -> Path:
    """A centre config ready for release, with a clinical safety officer listed."""
    data = json.loads((ROOT / "centre.json").read_text(encoding="utf-8"))
    data["skillId"] = "amzn1.ask.skill.6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b"
    data["privacyPolicyUrl"] = "https://cancer-centre.nhs.test/skill/{locale}/privacy"
    data["termsOfUseUrl"] = "https://cancer-centre.nhs.test/skill/{locale}/terms"
    data["alarmContacts"] = ["oncall@cancer-centre.nhs.test"]
    data["safetyReviewers"].append({"name": CSO, "clinicalSafetyOfficer": True})
    path = tmp_path / "centre.json"
    path.write_text(json.dumps(data))
    monkeypatch.setenv(centre_config.ENV_CONFIG, str(path))
    monkeypatch.setattr(release_gate, "commit", lambda root=ROOT: "0123456789ab")
    return path


def reviews_by(name: str) -> dict:
    current = safety_case.fingerprint()["components"]
    return {h.id: {"reviewed": "2027-01-04", "by": name, "components": {p: current[p] for p in h.depends}}
            for h in safety_case.HAZARDS}


@pytest.fixture
def reviews_file(tmp_path, monkeypatch):
    def use(reviews: dict) -> None:
        path = tmp_path / "reviews.json"
        path.write_text(json.dumps(reviews))
        monkeypatch.setattr(safety_case, "REVIEWS", path)
    return use


def test_an_unreviewed_fingerprint_refuses_a_release_build(live_centre, reviews_file, monkeypatch):
    reviews_file(reviews_by(CSO))
    real = safety_case.fingerprint()
    changed = copy.deepcopy(real)
    changed["components"]["emergency"] = "0" * 16  # an emergency script was edited since the review
    monkeypatch.setattr(safety_case, "fingerprint", lambda: changed)
    with pytest.raises(SystemExit, match="refusing a release build") as refused:
        build_lambda.generated_files(release=True)
    assert "needs re-review (emergency)" in str(refused.value)
    # ... while a development build goes through, stamped unreviewed.
    _, stamp = build_lambda.generated_files(release=False)
    assert stamp["review"] == release_gate.UNREVIEWED and stamp["release"] is False


def test_a_review_by_someone_who_is_not_a_clinical_safety_officer_refuses_a_release(live_centre):
    # The committed reviews are the lead engineer's: clinical sign-off pending.
    with pytest.raises(SystemExit, match="not a clinical safety officer"):
        build_lambda.generated_files(release=True)


def test_content_reviewed_by_the_listed_officer_may_be_released(live_centre, reviews_file):
    reviews_file(reviews_by(CSO))
    files, stamp = build_lambda.generated_files(release=True)
    assert stamp == {"version": release_gate.version(), "commit": "0123456789ab",
                     "fingerprint": release_gate.digest(safety_case.fingerprint()), "review": "reviewed",
                     "release": True}
    assert json.loads(files["skill/release.json"]) == stamp
    reviews_file(reviews_by("Dr Nobody"))
    with pytest.raises(SystemExit, match="not on safetyReviewers"):
        build_lambda.generated_files(release=True)


def test_a_release_refuses_placeholders_and_uncommitted_changes(reviews_file, monkeypatch):
    reviews_file(reviews_by("lead engineer (engineering review; clinical sign-off pending)"))
    centre = centre_config.load(ROOT / "centre.json")
    problems = release_gate.release_problems(centre, {"review": "reviewed", "problems": []}, "abc-dirty")
    assert any("commit abc-dirty" in p for p in problems)
    assert any("skillId" in p for p in problems) and any("alarmContacts" in p for p in problems)


def test_safety_case_reviewed_accepts_only_a_listed_reviewer(live_centre):
    with pytest.raises(SystemExit, match="not on safetyReviewers"):
        safety_case.known_reviewer("Someone Random")
    assert safety_case.known_reviewer("  dr ada example,  CLINICAL safety officer ") == CSO
    result = subprocess.run([sys.executable, "-m", "reports.safety_case", "--reviewed", "H01", "--by", "Mallory"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "not on safetyReviewers" in result.stderr
    assert "Mallory" not in (ROOT / "docs" / "clinical-safety" / "reviews.json").read_text()


def test_the_lockfile_pins_exactly_the_venvs_dependencies_with_hashes():
    runtime = build_lambda.template_runtime()
    pins = build_lambda.pinned_closure(build_lambda.lambda_requirements(), runtime)
    text = build_lambda.locked_pins(pins, runtime)
    for line in text.splitlines():
        if not line.startswith("#"):
            assert "==" in line and " --hash=sha256:" in line, line


def test_a_lockfile_that_differs_from_the_venv_refuses_the_build(tmp_path):
    runtime = build_lambda.template_runtime()
    pins = build_lambda.pinned_closure(build_lambda.lambda_requirements(), runtime)
    lock = tmp_path / "requirements-lambda.lock"
    text = build_lambda.LOCK.read_text().replace(pins[0], pins[0] + ".post9")
    lock.write_text(text)
    with pytest.raises(SystemExit, match="make lock"):
        build_lambda.locked_pins(pins, runtime, lock)
    lock.write_text("\n".join(line.split(" --hash")[0] for line in text.splitlines()))
    with pytest.raises(SystemExit, match="has no hash"):
        build_lambda.read_lock(lock)


def test_make_package_uses_the_lock_and_release_mode():
    makefile = (ROOT / "Makefile").read_text()
    assert "$(if $(RELEASE),--release)" in makefile and "\nlock:" in makefile
    source = (ROOT / "scripts" / "build_lambda.py").read_text()
    assert '"--require-hashes", "--no-deps", "-r"' in source


def test_the_cold_start_logs_the_build_and_its_review(tmp_path, monkeypatch, caplog):
    from skill import release

    stamp = {"version": "0.1.0", "commit": "0123456789ab", "fingerprint": "db66eab80547781c",
             "review": "engineering-review-only", "release": False}
    path = tmp_path / "release.json"
    path.write_text(json.dumps(stamp))
    monkeypatch.setattr(release, "STAMP", path)
    release.stamp.cache_clear()
    try:
        from tests.conftest import load_lambda_module

        with caplog.at_level(logging.INFO, logger="skill.lambda"):
            load_lambda_module(monkeypatch, f"sqlite:///{tmp_path}/x.db", SKILL_ID="amzn1.ask.skill.0a-cc")
    finally:
        release.stamp.cache_clear()
    assert ("cold start: version=0.1.0 commit=0123456789ab fingerprint=db66eab80547781c "
            "review=engineering-review-only release=no centre=generic") in caplog.text
    assert "not signed off by a clinical safety officer" in caplog.text
