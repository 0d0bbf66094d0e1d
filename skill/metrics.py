"""The skill's own metrics, as CloudWatch embedded metric format (EMF) lines.

Why EMF and not ``PutMetricData``: a JSON line on stdout costs no API call,
no permission and no latency in a turn; CloudWatch Logs turns it into a
metric in the function's own log group. Why not Lambda Powertools: one
dependency less in a pure-Python package, for a format of a few lines.

What a line may carry (issue 20): a metric name, the function, and for
results the level and locale. Never a request id, a user id, an answer or
a reference code: a metric line must not let anyone join it to a person.

Emitted only inside Lambda (``AWS_LAMBDA_FUNCTION_NAME`` set) unless a
test or the synthetic check installs its own sink with :func:`capture`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

NAMESPACE = "BackPainCheck"
#: Every metric the skill emits, and its meaning (the dashboard and the
#: alarms in infrastructure/template.yaml name these).
METRICS = {
    "Turns": "requests answered by the skill (any type)",
    "Results": "results given, by Level (emergency, urgent, soon, routine) and Locale",
    "HandlerErrors": "turns that ended in the catch-all error handler (Lambda's Errors stays 0 for them)",
    "ErrorEndings": "sessions ended by the error handler after a second failure in a row",
    "StoreErrors": "store reads or writes that failed (the check went on from the session)",
    "DeletionFailures": "'forget my data' or SkillDisabled deletions that failed",
    "SyntheticChecks": "synthetic checks run against the live alias (skill/synthetic.py)",
    "SyntheticFailures": "synthetic checks that did not give the expected answers",
}
#: The only dimensions a metric may have: no id of a request or a person.
DIMENSIONS = ("Function", "Level", "Locale")

Sink = Callable[[str], None]
_sink: Sink | None = None


def _stdout(line: str) -> None:
    # Lambda's Text log format passes stdout lines through as they are,
    # which EMF needs: the whole log event must be the JSON object.
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _active_sink() -> Sink | None:
    if _sink is not None:
        return _sink
    return _stdout if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") else None


def document(name: str, value: float = 1, **dimensions: str) -> dict:
    """The EMF document for one metric value (with the function's name as a dimension)."""
    if name not in METRICS:
        raise ValueError(f"unknown metric {name!r}: add it to skill.metrics.METRICS")
    unknown = set(dimensions) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"dimensions {sorted(unknown)} are not allowed on a metric line")
    dims = {"Function": os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "local"), **dimensions}
    return {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [{
                "Namespace": NAMESPACE,
                "Dimensions": [list(dims)],
                "Metrics": [{"Name": name, "Unit": "Count"}],
            }],
        },
        **dims,
        name: value,
    }


def count(name: str, value: float = 1, **dimensions: str) -> None:
    """Add ``value`` to metric ``name``. Never raises: a metric must not cost a turn."""
    sink = _active_sink()
    if sink is None:
        return
    if _sink is not None:  # a test or the synthetic check: a wrong name must fail loudly
        sink(json.dumps(document(name, value, **dimensions), separators=(",", ":")))
        return
    try:
        sink(json.dumps(document(name, value, **dimensions), separators=(",", ":")))
    except Exception:  # noqa: BLE001 - in Lambda metrics are best effort, the answer is not
        pass


@contextmanager
def capture() -> Iterator[list[dict]]:
    """Collect the documents emitted inside the block (tests, the synthetic check)."""
    global _sink
    seen: list[dict] = []
    previous, _sink = _sink, (lambda line: seen.append(json.loads(line)))
    try:
        yield seen
    finally:
        _sink = previous


def totals(documents: list[dict], name: str) -> float:
    """The sum of metric ``name`` over ``documents``."""
    return sum(d.get(name, 0) for d in documents if any(
        m["Name"] == name for directive in d["_aws"]["CloudWatchMetrics"] for m in directive["Metrics"]))
