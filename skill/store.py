"""Persistence adapters: where a person's record lives between sessions.

The ASK SDK reads and writes persistent attributes through an
``AbstractPersistenceAdapter``. We provide two: SQLite (the embedded
default) and DynamoDB (Lambda). Both keep a record as separate parts
(``rows_of``), each with its own expiry from the settings (``Retention``):
the preferences (``SKILL_PREFERENCES_DAYS`` after their last save), an
interrupted check (``SKILL_RESUME_HOURS`` after it was saved) and each
finished check (``SKILL_HISTORY_DAYS`` after it was given). A part is
never returned past its time (read), is deleted by the next save of the
person (write), by the SQLite purge or by the DynamoDB TTL, whatever else
the person saves meanwhile; lifetimes shortened by a new setting apply to
parts stored before.

Records are keyed by hashes, never by Alexa ids: the account (user id)
and the person (recognised speaker, else the account). DynamoDB items are
keyed by account (partition key) and ``<person>#<part>`` (sort key), so a
person's record is one Query and the SkillDisabled event deletes an
account's items by key, never by a Scan. The SDK's ``DynamoDbAdapter``
keeps one item per person and cannot give parts their own expiry; boto3
does the work here, with the SDK's adapter interface.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope

from .memory import LEVELS, Retention
from .settings import SettingsError

log = logging.getLogger("skill.store")

PREFS, PROGRESS, HISTORY = "prefs", "progress", "history:"
#: Entry ids are uuid4 hex (32 characters); a longer one is not ours.
MAX_ENTRY_ID = 64
SQLITE_HEADER = b"SQLite format 3\x00"
#: Rounds of query-and-delete before an account deletion gives up.
ACCOUNT_DELETE_ROUNDS = 4
#: DynamoDB key schema (template.yaml's RecordsTable says the same; a test compares).
KEY_SCHEMA = [{"AttributeName": "account", "KeyType": "HASH"}, {"AttributeName": "record", "KeyType": "RANGE"}]
ATTRIBUTE_DEFINITIONS = [{"AttributeName": "account", "AttributeType": "S"},
                         {"AttributeName": "record", "AttributeType": "S"}]


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _system(request_envelope: RequestEnvelope) -> Any:
    system = request_envelope.context.system if request_envelope.context else None
    if system is None or system.user is None or not system.user.user_id:
        raise PersistenceException("request has no user id to key stored data by")
    return system


def account_key(request_envelope: RequestEnvelope) -> str:
    """The hashed Alexa account (user id): everything of one household."""
    return _hash("user:" + _system(request_envelope).user.user_id)


def owner_key(request_envelope: RequestEnvelope) -> str:
    """The hashed person a record belongs to: the recognised speaker when
    Alexa gives a person id, else the account, so that one member of a
    household never hears another's result."""
    system = _system(request_envelope)
    person = getattr(system, "person", None)
    if person is not None and getattr(person, "person_id", None):
        return _hash("person:" + system.user.user_id + ":" + person.person_id)
    return account_key(request_envelope)


class AccountEraser(Protocol):
    def delete_account(self, request_envelope: RequestEnvelope) -> None: ...


# -- parts and their lifetimes (pure) ------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One part of a record: ``since`` is the time its lifetime counts from."""

    name: str
    data: Any
    since: int
    expires: int


def part_of(name: str) -> str:
    return HISTORY[:-1] if name.startswith(HISTORY) else name


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _row(name: str, data: Any, since: float, retention: Retention, now: float) -> Row:
    since = int(min(since, now))
    return Row(name, data, since, int(since + retention.lifetime(part_of(name))))


def rows_of(attributes: Mapping[str, Any], retention: Retention, now: float) -> dict[str, Row]:
    """The parts a save of ``attributes`` asks to keep, with their expiries.
    Answers (progress, history) only when retention allows them and the
    record carries them (a record without ``history`` is retention off)."""
    rows = {PREFS: _row(PREFS, dict(attributes.get("prefs") or {}), now, retention, now)}
    if not (retention.keep_answers and "history" in attributes):
        return rows
    progress = attributes.get("progress")
    saved_at = _number(progress.get("saved_at")) if isinstance(progress, Mapping) else None
    if saved_at is not None:
        rows[PROGRESS] = _row(PROGRESS, dict(progress), saved_at, retention, now)
    for entry in attributes.get("history") or []:
        at = _number(entry.get("at")) if isinstance(entry, Mapping) else None
        ident = entry.get("id") if isinstance(entry, Mapping) else None
        if at is None or not isinstance(ident, str) or not 0 < len(ident) <= MAX_ENTRY_ID:
            continue
        rows[HISTORY + ident] = _row(HISTORY + ident, dict(entry), at, retention, now)
    return {name: row for name, row in rows.items() if row.expires > now}


def alive(row: Row, retention: Retention, now: float) -> bool:
    """Within its lifetime under the settings now (they may have shortened)."""
    if part_of(row.name) != PREFS and not retention.keep_answers:
        return False
    return row.expires > now and row.since + retention.lifetime(part_of(row.name)) > now


def plan(stored: Mapping[str, Row], ours: Mapping[str, Row], keeps_answers: bool, retention: Retention,
         now: float) -> tuple[list[Row], list[str]]:
    """What a save writes and deletes. Ours wins for preferences and the
    interrupted check; finished checks are the union (another session's
    stay), each kept only for its own lifetime; a stored part whose expiry
    is later than the settings now allow is written again with the earlier one."""
    puts = [row for name, row in ours.items() if not (name.startswith(HISTORY) and name in stored)]
    deletes = []
    for name, row in stored.items():
        if name in ours and not name.startswith(HISTORY):
            continue
        answer = part_of(name) != PREFS
        if (answer and not keeps_answers) or name == PROGRESS or not alive(row, retention, now):
            deletes.append(name)
        elif row.expires > row.since + retention.lifetime(part_of(name)):
            puts.append(_row(name, row.data, row.since, retention, now))
    return puts, deletes


def record_of(rows: Iterable[Row], retention: Retention, now: float) -> dict[str, Any]:
    """The record the skill reads: the parts still alive, history oldest first."""
    record: dict[str, Any] = {}
    history = []
    for row in rows:
        if not alive(row, retention, now):
            continue
        if row.name == PREFS:
            record["prefs"] = row.data
        elif row.name == PROGRESS:
            record["progress"] = row.data
        elif isinstance(row.data, dict) and row.data.get("urgency") in LEVELS:
            history.append(row.data)
    if history:
        record["history"] = sorted(history, key=lambda entry: _number(entry.get("at")) or 0)
    return record


class StoreRefused(SettingsError):
    """The store a setting names is not one this skill may open."""


# -- SQLite ---------------------------------------------------------------------------------


def check_sqlite_path(path: Path, store: str) -> None:
    """Refuse, without changing it, a file that is not this skill's store:
    not a regular file, another user's, or not an SQLite database (an empty
    file is taken as one being created). Its ``-wal`` and ``-shm`` too."""
    for file in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        try:
            info = os.lstat(file)
        except FileNotFoundError:
            continue
        why = None
        if stat.S_ISLNK(info.st_mode):
            why = "is a symbolic link"
        elif not stat.S_ISREG(info.st_mode):
            why = "is not a regular file"
        elif info.st_uid != os.geteuid():
            why = "belongs to another user"
        elif file == path and info.st_size:
            with open(file, "rb") as f:
                if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                    why = "is not an SQLite database"
            why = why or _foreign_tables(file)
        if why:
            raise StoreRefused(f"SKILL_STORE={store!r}: {file} {why}; refusing to open it")


def _foreign_tables(path: Path) -> str | None:
    """Why an SQLite file is another program's (tables not ours), read only."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # locked or unreadable now: the store's own faults handle it later
    return "holds tables of another program" if tables - {"records"} else None


class SqliteAdapter(AbstractPersistenceAdapter):
    """Parts of records as JSON rows in one SQLite file.

    WAL mode and a busy timeout let several processes (gunicorn workers)
    share the file; idle connections wait in a small pool (a request, in a
    thread or a greenlet, borrows one). A save runs in an immediate
    transaction: read, plan, write, purge what expired.

    The file may hold health data: it is created private (0600, with its
    ``-wal`` and ``-shm``, which SQLite creates with the database's mode) in
    a folder created 0700; an existing file is checked first
    (``check_sqlite_path``) and only then made 0600. ``secure_delete``
    overwrites deleted content, and a forget ends with a checkpoint that
    empties the WAL, so that nothing of a forgotten person stays readable
    in the file or its journal.
    """

    #: The time now (tests move it on).
    clock = staticmethod(time.time)

    def __init__(self, path: str | Path, retention: Retention | None = None, busy_timeout_ms: int = 5000,
                 store: str | None = None):
        self.path = str(path)
        self.retention = retention or Retention(keep_answers=True)
        self.busy_timeout_ms = busy_timeout_ms
        self._store = store or f"sqlite:///{self.path}"
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._private = False
        self._prepared = False
        self._purged_at = 0.0
        if not self._in_memory:
            check_sqlite_path(Path(self.path), self._store)

    @property
    def _in_memory(self) -> bool:
        return self.path == ":memory:" or self.path.startswith("file:")

    def _make_private(self) -> None:
        """Before SQLite opens the file: folder 0700 if we create it, files 0600."""
        if self._private or self._in_memory:
            return
        path = Path(self.path)
        if not path.parent.exists():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.parent.chmod(0o700)  # whatever the umask
        check_sqlite_path(path, self._store)
        os.close(os.open(path, os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o600))
        for file in (path, Path(self.path + "-wal"), Path(self.path + "-shm")):
            if file.exists() and file.stat().st_mode & 0o077:
                file.chmod(0o600)
        self._private = True

    def _connection(self) -> sqlite3.Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        self._make_private()
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            conn.execute("PRAGMA secure_delete = ON")
            # A database being created has nothing to lose: its set-up skips
            # fsync (20 ms of a cold start here). Then WAL with NORMAL:
            # commits do not wait on fsync (a power cut may lose the last
            # save, never corrupt the file); a forget is made durable by its
            # checkpoint.
            fresh = not self._prepared and not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            conn.execute(f"PRAGMA synchronous = {'OFF' if fresh else 'NORMAL'}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            if not self._prepared:
                self._prepare(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            conn.close()
            raise
        return conn

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Once per process: the schema, and the settings applied to what is
        stored (answers gone when retention is off; shortened lifetimes)."""
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables - {"records"}:
            raise StoreRefused(f"SKILL_STORE={self._store!r}: {self.path} holds other tables; not this skill's store")
        columns = {row[1] for row in conn.execute("PRAGMA table_info(records)")}
        conn.execute("BEGIN IMMEDIATE")
        try:
            if columns and "name" not in columns:
                log.warning("sqlite store: records of an earlier format (one row per person) deleted")
                conn.execute("DROP TABLE records")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS records ("
                " owner TEXT NOT NULL, name TEXT NOT NULL, account TEXT NOT NULL,"
                " data TEXT NOT NULL, since INTEGER NOT NULL, expires INTEGER NOT NULL,"
                " PRIMARY KEY (owner, name)) WITHOUT ROWID"
            )
            conn.execute("CREATE INDEX IF NOT EXISTS records_account ON records (account)")
            # Saves purge expired rows: by index, not a table scan under the write lock.
            conn.execute("CREATE INDEX IF NOT EXISTS records_expires ON records (expires)")
            r = self.retention
            if not r.keep_answers:
                conn.execute(f"DELETE FROM records WHERE name <> '{PREFS}'")
            conn.execute(
                "UPDATE records SET expires = since + CASE name WHEN ? THEN ? WHEN ? THEN ? ELSE ? END"
                " WHERE expires > since + CASE name WHEN ? THEN ? WHEN ? THEN ? ELSE ? END",
                (PREFS, int(r.lifetime(PREFS)), PROGRESS, int(r.lifetime(PROGRESS)), int(r.lifetime(HISTORY)),) * 2,
            )
            self._purged_at = self.clock()
            conn.execute("DELETE FROM records WHERE expires <= ?", (int(self._purged_at),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._prepared = True

    def _run(self, work) -> Any:
        conn = None
        try:
            conn = self._connection()
            result = work(conn)
        except BaseException as e:
            if conn is not None:
                conn.close()
            if isinstance(e, sqlite3.Error | OSError):
                raise PersistenceException(f"sqlite store failed: {type(e).__name__}: {e}") from e
            raise
        with self._lock:
            if len(self._idle) < 8:
                self._idle.append(conn)
                conn = None
        if conn is not None:
            conn.close()
        return result

    def close(self) -> None:
        """Close the idle connections (before a SnapStart snapshot; tests)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    release = close

    def prime(self) -> None:
        """Nothing to build ahead: a connection opens on first use."""

    @staticmethod
    def _rows(c: sqlite3.Connection, owner: str) -> dict[str, Row]:
        found = c.execute("SELECT name, data, since, expires FROM records WHERE owner = ?", (owner,))
        return {name: Row(name, json.loads(data), since, expires) for name, data, since, expires in found}

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        owner, now = owner_key(request_envelope), self.clock()
        rows = self._run(lambda c: self._rows(c, owner))
        if now - self._purged_at > 60:  # a store no one saves to still forgets on time
            self._purged_at = now
            try:
                self._run(lambda c: c.execute("DELETE FROM records WHERE expires <= ?", (int(now),)))
            except PersistenceException as e:  # a read-only store: the read still stands
                log.warning("sqlite store: purge of expired records failed (%s)", type(e.__cause__).__name__)
        return record_of(rows.values(), self.retention, now)

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict[str, Any]) -> None:
        owner, account, now = owner_key(request_envelope), account_key(request_envelope), self.clock()
        ours = rows_of(attributes, self.retention, now)
        keeps = self.retention.keep_answers and "history" in attributes

        def write(c: sqlite3.Connection) -> None:
            c.execute("BEGIN IMMEDIATE")
            try:
                puts, deletes = plan(self._rows(c, owner), ours, keeps, self.retention, now)
                c.executemany(
                    "INSERT INTO records (owner, name, account, data, since, expires) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(owner, name) DO UPDATE SET data = excluded.data, since = excluded.since, "
                    "expires = excluded.expires",
                    [(owner, r.name, account, json.dumps(r.data, sort_keys=True), r.since, r.expires) for r in puts],
                )
                c.executemany("DELETE FROM records WHERE owner = ? AND name = ?", [(owner, n) for n in deletes])
                c.execute("DELETE FROM records WHERE expires <= ?", (int(now),))
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise

        self._run(write)

    def _erase(self, where: str, key: str) -> None:
        def erase(c: sqlite3.Connection) -> None:
            c.execute(f"DELETE FROM records WHERE {where} = ?", (key,))
            # The WAL still holds the deleted rows' pages: copy it back and empty it.
            busy, _, _ = c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                log.warning("sqlite store: checkpoint after a delete was blocked; the journal empties later")

        self._run(erase)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self._erase("owner", owner_key(request_envelope))

    def delete_account(self, request_envelope: RequestEnvelope) -> None:
        self._erase("account", account_key(request_envelope))


# -- DynamoDB -------------------------------------------------------------------------------


def create_table(client: Any, name: str) -> None:
    """The table as the template makes it (for ``create=1`` and the tests)."""
    client.create_table(TableName=name, KeySchema=KEY_SCHEMA, AttributeDefinitions=ATTRIBUTE_DEFINITIONS,
                        BillingMode="PAY_PER_REQUEST")
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 50})


class DynamoDbStore(AbstractPersistenceAdapter):
    """Parts of records as DynamoDB items: partition key ``account``, sort
    key ``record`` (``<person>#<part>``), the part as JSON text in ``data``,
    ``since``, and the TTL attribute (default ``expires``).

    Every call has a short timeout (Alexa waits 8 s for the whole answer);
    the boto3 resource is made on first use and dropped by ``close`` (after
    a SnapStart restore its connections would be another instance's)."""

    clock = staticmethod(time.time)

    def __init__(self, table: str, region: str, endpoint_url: str | None = None, ttl_attribute: str = "expires",
                 retention: Retention | None = None, create: bool = False):
        self.table_name = table
        self.region = region
        self.endpoint_url = endpoint_url
        self.ttl_attribute = ttl_attribute
        self.retention = retention or Retention(keep_answers=True)
        self._table: Any = None
        self._create = create

    @property
    def table(self) -> Any:
        if self._table is None:
            import boto3
            from botocore.config import Config

            session = boto3.session.Session(region_name=self.region)
            resource = session.resource(
                "dynamodb", endpoint_url=self.endpoint_url,
                # Alexa waits 8 s for a reply: a slow store must fail fast (<= ~2 s a call).
                config=Config(connect_timeout=1, read_timeout=1, retries={"mode": "standard", "max_attempts": 2}),
            )
            if self._create:
                try:
                    create_table(resource.meta.client, self.table_name)
                except resource.meta.client.exceptions.ResourceInUseException:
                    pass
                self._create = False
            self._table = resource.Table(self.table_name)
        return self._table

    def close(self) -> None:
        self._table = None

    def prime(self) -> None:
        """Build the client now (SnapStart: in the snapshot, not in a request).
        It opens no connection until its first call."""
        self.table  # noqa: B018 - the property builds it

    def release(self) -> None:
        """No connection is open before the first call: nothing to close."""

    def _query(self, account: str, owner: str | None) -> list[dict[str, Any]]:
        from boto3.dynamodb.conditions import Key

        condition = Key("account").eq(account)
        if owner is not None:
            condition = condition & Key("record").begins_with(owner + "#")
        query: dict[str, Any] = {"KeyConditionExpression": condition, "ConsistentRead": True}
        items = []
        while True:
            page = self.table.query(**query)
            items += page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return items
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _rows(self, items: list[dict[str, Any]]) -> dict[str, Row]:
        rows = {}
        for item in items:
            name = item["record"].partition("#")[2]
            rows[name] = Row(name, json.loads(item["data"]), int(item["since"]), int(item[self.ttl_attribute]))
        return rows

    def _call(self, what: str, work) -> Any:
        try:
            return work()
        except PersistenceException:
            raise
        except Exception as e:  # noqa: BLE001 - boto3 raises many kinds
            raise PersistenceException(f"dynamodb {what} failed: {type(e).__name__}") from e

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        account, owner, now = account_key(request_envelope), owner_key(request_envelope), self.clock()
        rows = self._call("read", lambda: self._rows(self._query(account, owner)))
        return record_of(rows.values(), self.retention, now)

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict[str, Any]) -> None:
        account, owner, now = account_key(request_envelope), owner_key(request_envelope), self.clock()
        ours = rows_of(attributes, self.retention, now)
        keeps = self.retention.keep_answers and "history" in attributes

        def write() -> None:
            stored = self._rows(self._query(account, owner))
            puts, deletes = plan(stored, ours, keeps, self.retention, now)
            for row in puts:
                self.table.put_item(Item={
                    "account": account, "record": f"{owner}#{row.name}", "data": json.dumps(row.data, sort_keys=True),
                    "since": row.since, self.ttl_attribute: row.expires,
                })
            for name in deletes:
                self.table.delete_item(Key={"account": account, "record": f"{owner}#{name}"})

        self._call("write", write)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self._delete(account_key(request_envelope), owner_key(request_envelope))

    def delete_account(self, request_envelope: RequestEnvelope) -> None:
        self._delete(account_key(request_envelope), None)

    def _delete(self, account: str, owner: str | None) -> None:
        """Query the keys, delete each; again until none is left (a write
        that raced the query, a throttled call): every extra round is a
        counted, logged retry."""
        deleted, retries = 0, 0
        for attempt in range(ACCOUNT_DELETE_ROUNDS):
            try:
                items = self._query(account, owner)
                if not items:
                    if retries:
                        log.warning("dynamodb delete: done after %d retries (%d items)", retries, deleted)
                    return
                for item in items:
                    self.table.delete_item(Key={"account": account, "record": item["record"]})
                    deleted += 1
            except Exception as e:  # noqa: BLE001 - boto3 raises many kinds; counted and retried
                log.warning("dynamodb delete: round %d failed (%s)", attempt + 1, type(e).__name__)
                time.sleep(0.05 * 2**attempt)
            if attempt:
                retries += 1
        log.error("dynamodb delete: records left after %d rounds (%d items deleted)", ACCOUNT_DELETE_ROUNDS, deleted)
        raise PersistenceException("dynamodb delete did not finish")


def check_store_path(store: str) -> None:
    """At start, before any worker opens it: the file a ``sqlite:///``
    store names is this skill's (``check_sqlite_path``), or refuse."""
    if store.startswith("sqlite:///"):
        path = store[len("sqlite:///"):].partition("?")[0]
        if path != ":memory:" and not path.startswith("file:"):
            check_sqlite_path(Path(path), store)


def adapter_for(store: str, retention: Retention | None = None) -> AbstractPersistenceAdapter | None:
    """Build the adapter a ``SKILL_STORE`` value names (None: keep nothing).
    ``retention`` (default: keep what is given) sets each part's lifetime.

    - ``sqlite:///relative/path`` or ``sqlite:////absolute/path`` [``?busy_timeout_ms=5000``]
    - ``dynamodb://TABLE?region=eu-west-1[&endpoint=http://127.0.0.1:8000][&ttl=expires][&create=1]``
    - ``none``
    """
    if store in ("", "none"):
        return None
    if store.startswith("sqlite:///"):
        path, _, query = store[len("sqlite:///"):].partition("?")
        options = {k: v[-1] for k, v in parse_qs(query).items()}
        return SqliteAdapter(path, retention, busy_timeout_ms=int(options.get("busy_timeout_ms", 5000)), store=store)
    if store.startswith("dynamodb://"):
        url = urlparse(store)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if not url.netloc or "region" not in query:
            raise ValueError("SKILL_STORE dynamodb://TABLE?region=REGION needs a table and a region")
        return DynamoDbStore(
            table=url.netloc,
            region=query["region"],
            endpoint_url=query.get("endpoint"),
            ttl_attribute=query.get("ttl", "expires"),
            retention=retention,
            create=query.get("create") in ("1", "true", "yes", "on"),
        )
    raise ValueError(f"unsupported SKILL_STORE {store!r}: use sqlite:///path, dynamodb://table?region=..., or none")
