"""What the skill remembers about a person between sessions, and what not.

Pure Python (no Alexa, no I/O). Answers are health data: unless a
deployment may hold them (``SKILL_RETAIN_ANSWERS``), only non-health
preferences leave the session. This module is the one gate: whatever it
does not emit in ``to_attributes`` never reaches a store.

The record a store reads and writes for one person::

    {"prefs": {"disclaimer_heard": true, "speech_rate": "slow", ...},
     "progress": {"triage": {...}, "saved_at": 1764590000},   # retention on
     "history": [{"id": "...", "at": 1764590000,                # retention on
                  "urgency": "urgent", "reasons": ["night_pain"]}]}

Stores keep its parts apart (``store.rows_of``): the preferences, the
interrupted check and each finished check are separate rows or items, each
with its own expiry (``Retention``), so that nothing outlives its own
lifetime because something else of the person's was saved later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .triage import Urgency

DAY = 86400
#: A new result is compared with a previous one this recent.
COMPARE_WITHIN_DAYS = 30
LEVELS = frozenset(level.label for level in Urgency)


@dataclass(frozen=True)
class Retention:
    """What may be kept, and for how long (settings ``SKILL_RETAIN_ANSWERS``,
    ``SKILL_RESUME_HOURS``, ``SKILL_HISTORY_DAYS``, ``SKILL_PREFERENCES_DAYS``)."""

    keep_answers: bool = False
    resume_hours: float = 24
    history_days: float = 90
    preferences_days: float = 365

    def lifetime(self, part: str) -> float:
        """Seconds a stored part lives from its own time: ``prefs`` from its
        last save, ``progress`` from ``saved_at``, a ``history`` entry from ``at``."""
        if part == "prefs":
            return self.preferences_days * DAY
        if part == "progress":
            return self.resume_hours * 3600
        return self.history_days * DAY


@dataclass
class Memory:
    prefs: dict[str, Any] = field(default_factory=dict)
    progress: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    # -- reading ------------------------------------------------------------
    @classmethod
    def from_attributes(cls, data: Mapping[str, Any] | None, retention: Retention, now: float) -> Memory:
        """Rebuild from a store record, dropping what has expired or must
        not be kept under ``retention``."""
        data = data if isinstance(data, Mapping) else {}
        prefs = dict(data.get("prefs") or {})
        if not retention.keep_answers:
            return cls(prefs=prefs)
        progress = data.get("progress")
        fresh_after = now - retention.resume_hours * 3600
        if not (isinstance(progress, Mapping) and _number(progress.get("saved_at")) > fresh_after):
            progress = None
        history = [
            dict(entry)
            for entry in data.get("history") or []
            if isinstance(entry, Mapping)
            and entry.get("urgency") in LEVELS
            and _number(entry.get("at")) > now - retention.history_days * DAY
        ]
        history.sort(key=lambda entry: _number(entry["at"]))
        return cls(prefs=prefs, progress=dict(progress) if progress else None, history=history)

    def to_attributes(self, retention: Retention) -> dict[str, Any]:
        """The record to store: preferences only, unless answers may be kept."""
        record: dict[str, Any] = {"prefs": dict(self.prefs)}
        if retention.keep_answers:
            if self.progress:
                record["progress"] = self.progress
            # Always present (even empty): a record without "history" means
            # retention is off, and a save merging it drops stored results.
            record["history"] = self.history
        return record

    # -- results --------------------------------------------------------------
    def record_result(self, urgency: str, reasons: list[str], now: float) -> dict[str, Any]:
        import uuid  # here, not at import: it loads `platform`, a cost of every cold start

        entry = {"id": uuid.uuid4().hex, "at": int(now), "urgency": urgency, "reasons": list(reasons)}
        self.history.append(entry)
        self.progress = None
        return entry

    @property
    def last_result(self) -> dict[str, Any] | None:
        return self.history[-1] if self.history else None

    def less_urgent_recent_result(self, urgency: str, now: float) -> dict[str, Any] | None:
        """The latest earlier result within 30 days that was less urgent
        than ``urgency``, so that the new advice can say it is more urgent."""
        recent = [e for e in self.history if _number(e.get("at")) > now - COMPARE_WITHIN_DAYS * DAY]
        if not recent:
            return None
        latest = recent[-1]
        return latest if Urgency.from_label(latest["urgency"]) < Urgency.from_label(urgency) else None


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
