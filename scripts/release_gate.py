"""What a build is, and whether it may go live (issue 20, "gated changes").

``stamp()`` is what ``make package`` writes into the function as
``skill/release.json`` (skill/release.py reads it, the cold start logs
it): version, commit, the digest of the clinical content, the review
status of that content, and whether the build was made for release.

``release_problems()`` is the gate of ``make package RELEASE=1``: a
release build is refused while

- the committed safety case is stale (``make safety-case``),
- a hazard was not re-reviewed against the current clinical content,
- a hazard's last review was not by a clinical safety officer on the
  centre's ``safetyReviewers`` list,
- the working tree has uncommitted changes (the commit would not say
  what was built), or the centre config still has placeholders.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.centre_config import Centre  # noqa: E402

#: Review status of the clinical content, from strongest to weakest.
REVIEWED = "reviewed"  # every hazard, current content, by a clinical safety officer on the list
ENGINEERING = "engineering-review-only"  # current content, but not every review by such an officer
UNREVIEWED = "unreviewed"  # the content changed since a hazard's review, or the case is stale


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def commit(root: Path = ROOT) -> str:
    """The short commit, ``-dirty`` if tracked files changed; ``unknown`` outside git."""
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}-dirty" if dirty else head


def digest(fingerprint: Mapping[str, Any]) -> str:
    """A short digest of the clinical content's components."""
    return hashlib.sha256(json.dumps(fingerprint["components"], sort_keys=True).encode()).hexdigest()[:16]


def review_status(centre: Centre, current: Mapping[str, Any], committed: Mapping[str, Any],
                  reviews: Mapping[str, Any], stale: Mapping[str, list[str]]) -> tuple[str, list[str]]:
    """The review status and, unless ``reviewed``, what stands in the way."""
    problems = []
    if committed.get("components") != current["components"]:
        problems.append("the safety case is stale: run `make safety-case`, then have the hazards re-reviewed")
    problems += [f"hazard {hid} needs re-review ({', '.join(parts)})" for hid, parts in sorted(stale.items())]
    if problems:
        return UNREVIEWED, problems
    for hid, review in sorted(reviews.items()):
        reviewer = centre.reviewer(str(review.get("by", "")))
        if reviewer is None:
            problems.append(f"hazard {hid} was reviewed by {review.get('by')!r}, who is not on safetyReviewers")
        elif not reviewer.clinical_safety_officer:
            problems.append(f"hazard {hid} was reviewed by {reviewer.name!r}, not a clinical safety officer")
    return (ENGINEERING, problems) if problems else (REVIEWED, [])


def clinical_state(centre: Centre) -> dict[str, Any]:
    """The fingerprint digest, review status and its problems, from the repository."""
    from reports.safety_case import DOCS, REVIEWS, fingerprint, stale_hazards

    current = fingerprint()
    committed_path = DOCS / "fingerprint.json"
    committed = json.loads(committed_path.read_text(encoding="utf-8")) if committed_path.exists() else {}
    reviews = json.loads(REVIEWS.read_text(encoding="utf-8")) if REVIEWS.exists() else {}
    status, problems = review_status(centre, current, committed, reviews, stale_hazards(current, reviews))
    return {"fingerprint": digest(current), "review": status, "problems": problems}


def stamp(centre: Centre, release: bool, root: Path = ROOT) -> dict[str, Any]:
    state = clinical_state(centre)
    return {"version": version(), "commit": commit(root), "fingerprint": state["fingerprint"],
            "review": state["review"], "release": release}


def release_problems(centre: Centre, state: Mapping[str, Any], commit_id: str) -> list[str]:
    """Why this build may not go live (empty: it may)."""
    problems = list(state["problems"])
    if state["review"] != REVIEWED and not problems:
        problems.append(f"the clinical content is {state['review']}")
    if commit_id == "unknown" or commit_id.endswith("-dirty"):
        problems.append(f"commit {commit_id}: commit (or stash) every change first, so the build says what it is")
    problems += [f"placeholder in the centre config: {p}" for p in centre.placeholders()]
    return problems
