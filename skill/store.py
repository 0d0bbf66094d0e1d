"""Persistence adapters: where a person's record lives between sessions.

The ASK SDK reads and writes persistent attributes through an
``AbstractPersistenceAdapter``. We provide an SQLite one (the embedded
default) and extend the SDK's ``DynamoDbAdapter`` (for Lambda) with what
both need beyond the SDK's: records keyed by a hash, never by an Alexa id;
saves that merge with a record another session wrote meanwhile
(``memory.merge``); an expiry time (SQLite purge, DynamoDB TTL); and
deletion of everything an account holds (the SkillDisabled event).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import RequestEnvelope

from .memory import DAY, PREFERENCES_DAYS, merge


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


def expires_at(now: float, keep_days: float) -> int:
    return int(now + max(keep_days, PREFERENCES_DAYS) * DAY)


class AccountEraser(Protocol):
    def delete_account(self, request_envelope: RequestEnvelope) -> None: ...


class SqliteAdapter(AbstractPersistenceAdapter):
    """Records as JSON rows in one SQLite file.

    WAL mode and a busy timeout let several processes (gunicorn workers)
    share the file; idle connections wait in a small pool (a request, in a
    thread or a greenlet, borrows one). A save runs in an immediate
    transaction: read, merge, write, so concurrent finished checks of one
    person are all kept.

    The file may hold health data: it is created private (0600, with its
    ``-wal`` and ``-shm``, which SQLite creates with the database's mode) in
    a folder created 0700; an existing file is made 0600 too.
    """

    def __init__(self, path: str | Path, keep_days: float = 90, busy_timeout_ms: int = 5000):
        self.path = str(path)
        self.keep_days = keep_days
        self.busy_timeout_ms = busy_timeout_ms
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._private = False

    def _make_private(self) -> None:
        """Before SQLite opens the file: folder 0700 if we create it, files 0600."""
        if self._private or self.path == ":memory:" or self.path.startswith("file:"):
            return
        path = Path(self.path)
        if not path.parent.exists():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.parent.chmod(0o700)  # whatever the umask
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
        for file in (path, Path(self.path + "-wal"), Path(self.path + "-shm")):
            if file.exists() and file.stat().st_mode & 0o077 and file.owner() == getpass.getuser():
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
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS records ("
                " owner TEXT PRIMARY KEY, account TEXT NOT NULL,"
                " data TEXT NOT NULL, expires INTEGER NOT NULL)"
            )
            conn.execute("CREATE INDEX IF NOT EXISTS records_account ON records (account)")
            # Each save purges expired records: by index, not a table scan under the write lock.
            conn.execute("CREATE INDEX IF NOT EXISTS records_expires ON records (expires)")
        except BaseException:
            conn.close()
            raise
        return conn

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

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
        owner = owner_key(request_envelope)
        row = self._run(
            lambda c: c.execute(
                "SELECT data FROM records WHERE owner = ? AND expires > ?", (owner, int(time.time()))
            ).fetchone()
        )
        return json.loads(row[0]) if row else {}

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict[str, Any]) -> None:
        owner, account, now = owner_key(request_envelope), account_key(request_envelope), time.time()

        def write(c: sqlite3.Connection) -> None:
            c.execute("BEGIN IMMEDIATE")
            try:
                row = c.execute("SELECT data FROM records WHERE owner = ?", (owner,)).fetchone()
                stored = json.loads(row[0]) if row else None
                record = merge(stored, attributes, history_after=now - self.keep_days * DAY)
                c.execute(
                    "INSERT INTO records (owner, account, data, expires) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(owner) DO UPDATE SET data = excluded.data, expires = excluded.expires",
                    (owner, account, json.dumps(record, sort_keys=True), expires_at(now, self.keep_days)),
                )
                c.execute("DELETE FROM records WHERE expires <= ?", (int(now),))
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise

        self._run(write)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        owner = owner_key(request_envelope)
        self._run(lambda c: c.execute("DELETE FROM records WHERE owner = ?", (owner,)))

    def delete_account(self, request_envelope: RequestEnvelope) -> None:
        account = account_key(request_envelope)
        self._run(lambda c: c.execute("DELETE FROM records WHERE account = ?", (account,)))


def _plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal: make them JSON numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def dynamodb_adapter(
    table: str,
    region: str,
    endpoint_url: str | None = None,
    ttl_attribute: str = "expires",
    keep_days: float = 90,
    create_table: bool = False,
) -> AbstractPersistenceAdapter:
    """The ASK SDK's ``DynamoDbAdapter``, extended, built with an explicit
    region and resource.

    ``ask_sdk_dynamodb.adapter`` builds a boto3 resource in a default
    argument at import time, which raises ``NoRegionError`` when no region
    is configured; so boto3's default session gets our region first, and
    the import happens only here.
    """
    import boto3
    from botocore.config import Config

    boto3.setup_default_session(region_name=region)
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter
    from boto3.dynamodb.conditions import Attr

    resource = boto3.resource(
        "dynamodb",
        region_name=region,
        endpoint_url=endpoint_url,
        # Alexa waits 8 s for a reply: a slow store must fail fast (<= ~2 s a call).
        config=Config(connect_timeout=1, read_timeout=1, retries={"mode": "standard", "max_attempts": 2}),
    )

    class MergingDynamoDbAdapter(DynamoDbAdapter):
        """Adds the TTL and account attributes, merge-on-save with an
        optimistic version check, and account deletion."""

        def get_attributes(self, request_envelope: RequestEnvelope) -> dict[str, Any]:
            return _plain(super().get_attributes(request_envelope))

        def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict[str, Any]) -> None:
            owner, account = owner_key(request_envelope), account_key(request_envelope)
            try:
                table_ = self.dynamodb.Table(self.table_name)
                for _ in range(5):
                    item = table_.get_item(Key={"id": owner}, ConsistentRead=True).get("Item")
                    version = int(item.get("version", 0)) if item else 0
                    record = merge(
                        _plain(item["attributes"]) if item else None, attributes,
                        history_after=time.time() - keep_days * DAY,
                    )
                    condition = Attr("version").eq(version) if item else Attr("id").not_exists()
                    try:
                        table_.put_item(
                            Item={
                                "id": owner,
                                "account": account,
                                "attributes": record,
                                "version": version + 1,
                                ttl_attribute: expires_at(time.time(), keep_days),
                            },
                            ConditionExpression=condition,
                        )
                        return
                    except table_.meta.client.exceptions.ConditionalCheckFailedException:
                        continue  # another session wrote meanwhile: merge again
                raise PersistenceException("dynamodb save kept conflicting")
            except PersistenceException:
                raise
            except Exception as e:  # noqa: BLE001 - boto3 raises many kinds
                raise PersistenceException(f"dynamodb store failed: {type(e).__name__}") from e

        def delete_account(self, request_envelope: RequestEnvelope) -> None:
            account = account_key(request_envelope)
            try:
                table_ = self.dynamodb.Table(self.table_name)
                scan: dict[str, Any] = {"FilterExpression": Attr("account").eq(account), "ProjectionExpression": "id"}
                while True:
                    page = table_.scan(**scan)
                    for item in page.get("Items", []):
                        table_.delete_item(Key={"id": item["id"]})
                    if "LastEvaluatedKey" not in page:
                        return
                    scan["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            except Exception as e:  # noqa: BLE001
                raise PersistenceException(f"dynamodb delete failed: {type(e).__name__}") from e

    try:
        return MergingDynamoDbAdapter(
            table_name=table,
            partition_key_name="id",
            attribute_name="attributes",
            create_table=create_table,
            partition_keygen=owner_key,
            dynamodb_resource=resource,
        )
    except Exception as e:  # noqa: BLE001
        raise PersistenceException(f"dynamodb store unavailable: {type(e).__name__}") from e


def adapter_for(store: str, keep_days: float = 90) -> AbstractPersistenceAdapter | None:
    """Build the adapter a ``SKILL_STORE`` value names (None: keep nothing).

    - ``sqlite:///relative/path`` or ``sqlite:////absolute/path`` [``?busy_timeout_ms=5000``]
    - ``dynamodb://TABLE?region=eu-west-1[&endpoint=http://127.0.0.1:8000][&ttl=expires][&create=1]``
    - ``none``
    """
    if store in ("", "none"):
        return None
    if store.startswith("sqlite:///"):
        path, _, query = store[len("sqlite:///"):].partition("?")
        options = {k: v[-1] for k, v in parse_qs(query).items()}
        return SqliteAdapter(path, keep_days=keep_days, busy_timeout_ms=int(options.get("busy_timeout_ms", 5000)))
    if store.startswith("dynamodb://"):
        url = urlparse(store)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if not url.netloc or "region" not in query:
            raise ValueError("SKILL_STORE dynamodb://TABLE?region=REGION needs a table and a region")
        return dynamodb_adapter(
            table=url.netloc,
            region=query["region"],
            endpoint_url=query.get("endpoint"),
            ttl_attribute=query.get("ttl", "expires"),
            keep_days=keep_days,
            create_table=query.get("create") in ("1", "true", "yes"),
        )
    raise ValueError(f"unsupported SKILL_STORE {store!r}: use sqlite:///path, dynamodb://table?region=..., or none")
