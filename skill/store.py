"""Persistence adapters: where a user's non-health preferences live.

The ASK SDK reads and writes persistent attributes through an
``AbstractPersistenceAdapter``; this module provides the embedded SQLite one
and picks an adapter from the ``SKILL_STORE`` setting.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope


def owner_key(request_envelope: RequestEnvelope) -> str:
    """A stable, non-reversible key for the person the data belongs to.

    The recognised speaker (person id) when Alexa gives one, else the
    account's user id; hashed so that the store never holds Alexa ids.
    """
    system = request_envelope.context.system if request_envelope.context else None
    person = getattr(system, "person", None) if system else None
    if person is not None and getattr(person, "person_id", None):
        raw = "person:" + person.person_id
    elif system is not None and system.user is not None and system.user.user_id:
        raw = "user:" + system.user.user_id
    else:
        raise PersistenceException("request has no user id to key stored data by")
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class SqliteAdapter(AbstractPersistenceAdapter):
    """Persistent attributes as JSON rows in one SQLite file.

    WAL mode and a busy timeout let several processes (gunicorn workers)
    share the file; each thread keeps its own connection.
    """

    def __init__(self, path: str | Path, busy_timeout_ms: int = 2000):
        self.path = str(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.DatabaseError:
                pass  # e.g. a read-only file: reads still work
            conn.execute(
                "CREATE TABLE IF NOT EXISTS attributes ("
                " owner TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL NOT NULL)"
            )
            self._local.conn = conn
        return conn

    def _run(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.Error as e:
            self._local.conn = None
            raise PersistenceException(f"sqlite store failed: {type(e).__name__}: {e}") from e

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        rows = self._run("SELECT data FROM attributes WHERE owner = ?", (owner_key(request_envelope),))
        return json.loads(rows[0][0]) if rows else {}

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict[str, Any]) -> None:
        self._run(
            "INSERT INTO attributes (owner, data, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(owner) DO UPDATE SET data = excluded.data, updated = excluded.updated",
            (owner_key(request_envelope), json.dumps(attributes, sort_keys=True), time.time()),
        )

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self._run("DELETE FROM attributes WHERE owner = ?", (owner_key(request_envelope),))


def adapter_for(store: str) -> AbstractPersistenceAdapter | None:
    """Build the adapter a ``SKILL_STORE`` value names (None: keep nothing)."""
    if store in ("", "none"):
        return None
    if store.startswith("sqlite:///"):
        return SqliteAdapter(store[len("sqlite:///"):])
    raise ValueError(f"unsupported SKILL_STORE {store!r}: use sqlite:///path or none")
