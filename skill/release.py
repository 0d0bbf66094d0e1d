"""Which build this is: version, commit, and the clinical review it carries.

``make package`` writes ``skill/release.json`` into the Lambda package
(scripts/build_lambda.py): the project version, the git commit (with
``-dirty`` if the tree had uncommitted changes), the digest of the
clinical content (the safety case's fingerprint), whether every hazard
was reviewed against that content by a configured reviewer, and whether
it was built for release. The function logs it at cold start, so a log
line tells which triage content answered a person, and whether a
clinical safety officer had signed it off.

Outside a package (tests, ``make chat``, the web service) there is no
such file and the stamp says so (``"commit": "unpackaged"``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

STAMP = Path(__file__).with_name("release.json")
UNPACKAGED = {"version": "unpackaged", "commit": "unpackaged", "fingerprint": None, "review": "unknown",
              "release": False}


@cache
def stamp() -> dict[str, Any]:
    """The package's stamp, or the unpackaged one."""
    try:
        data = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return dict(UNPACKAGED)
    return {**UNPACKAGED, **data} if isinstance(data, dict) else dict(UNPACKAGED)


def describe() -> str:
    """One line for the cold-start log: no secret, no personal data."""
    s = stamp()
    return (f"version={s['version']} commit={s['commit']} fingerprint={s['fingerprint']} "
            f"review={s['review']} release={'yes' if s['release'] else 'no'}")
