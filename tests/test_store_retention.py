"""Retention is a tested promise (issue 19, finding 1): every kept part has
its own lifetime from the settings, in separate rows or items, enforced on
read, on write, by the SQLite purge and by the DynamoDB TTL values, whatever
else the person saves meanwhile; shortened settings apply to what was
stored before; with retention off nothing of the answers stays."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from skill.envelopes import Device
from skill.memory import Retention
from skill.store import adapter_for
from tests.test_store_contract import envelope

DAY = 86400
RETAIN = Retention(keep_answers=True, resume_hours=24, history_days=30, preferences_days=365)


@pytest.fixture(params=["sqlite", "dynamodb"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'retention.sqlite3'}"
    return request.getfixturevalue("dynamo_store")


def at(adapter, when: float):
    adapter.clock = lambda: when
    return adapter


def entry(ident: str, when: float, urgency: str = "urgent") -> dict:
    return {"id": ident, "at": int(when), "urgency": urgency, "reasons": ["numbness_tingling"]}


def raw(adapter) -> list[dict]:
    """Every stored row or item, as the store holds it."""
    if hasattr(adapter, "path"):
        with sqlite3.connect(adapter.path) as c:
            c.row_factory = sqlite3.Row
            return [dict(r) for r in c.execute("SELECT * FROM records")]
    return [{k: (int(v) if k in ("since", "expires") else v) for k, v in item.items()}
            for item in adapter.table.scan()["Items"]]


def name_of(row: dict) -> str:
    return row.get("name") or row["record"].partition("#")[2]


def test_each_part_is_a_separate_record_with_its_own_expiry(url):
    now = time.time()
    adapter = at(adapter_for(url, RETAIN), now)
    person = envelope(Device())
    progress = {"saved_at": int(now) - 3600, "triage": {"asked": []}}
    adapter.save_attributes(person, {"prefs": {"speech_rate": 85}, "progress": progress,
                                     "history": [entry("a", now - 2 * DAY), entry("b", now - 10 * DAY)]})
    expires = {name_of(r): r["expires"] for r in raw(adapter)}
    assert expires == {
        "prefs": int(now) + 365 * DAY,
        "progress": int(now) - 3600 + 24 * 3600,
        "history:a": int(now) - 2 * DAY + 30 * DAY,
        "history:b": int(now) - 10 * DAY + 30 * DAY,
    }


def test_a_finished_check_is_gone_after_its_days_even_if_the_person_saves_every_day(url):
    """Day 300 of issue 19: a record still held an urgent result. Now the
    result leaves at day 30 while the preferences are saved daily."""
    start = time.time()
    adapter = at(adapter_for(url, RETAIN), start)
    person = envelope(Device())
    adapter.save_attributes(person, {"prefs": {}, "history": [entry("old", start)]})
    for day in range(1, 32):
        at(adapter, start + day * DAY).save_attributes(person, {"prefs": {"speech_rate": 85 + day % 2},
                                                                 "history": []})
    assert "history" not in adapter.get_attributes(person)
    assert [name_of(r) for r in raw(adapter)] == ["prefs"]
    assert "numbness_tingling" not in json.dumps(raw(adapter))


def test_an_expired_part_is_never_read_even_before_any_purge(url):
    now = time.time()
    adapter = at(adapter_for(url, RETAIN), now)
    person = envelope(Device())
    adapter.save_attributes(person, {"prefs": {}, "progress": {"saved_at": int(now)},
                                     "history": [entry("a", now)]})
    assert set(at(adapter, now + 25 * 3600).get_attributes(person)) == {"prefs", "history"}
    assert set(at(adapter, now + 31 * DAY).get_attributes(person)) == {"prefs"}
    assert at(adapter, now + 366 * DAY).get_attributes(person) == {}


def test_a_save_never_writes_a_part_already_past_its_time(url):
    now = time.time()
    adapter = at(adapter_for(url, RETAIN), now)
    adapter.save_attributes(envelope(Device()), {"prefs": {}, "progress": {"saved_at": int(now) - 25 * 3600},
                                                  "history": [entry("late", now - 31 * DAY)]})
    assert [name_of(r) for r in raw(adapter)] == ["prefs"]


def test_shortened_settings_apply_to_parts_stored_before(url):
    now = time.time()
    person = envelope(Device())
    at(adapter_for(url, Retention(True, 24, 90)), now).save_attributes(
        person, {"prefs": {}, "history": [entry("a", now - 40 * DAY), entry("b", now - 5 * DAY)]})
    shorter = at(adapter_for(url, RETAIN), now)  # 30 days now
    assert [e["id"] for e in shorter.get_attributes(person)["history"]] == ["b"]
    shorter.save_attributes(person, {"prefs": {}, "history": []})
    expires = {name_of(r): r["expires"] for r in raw(shorter)}
    assert expires == {"prefs": int(now) + 365 * DAY, "history:b": int(now) - 5 * DAY + 30 * DAY}


def test_with_retention_off_a_save_deletes_answers_kept_before(url):
    now = time.time()
    person = envelope(Device())
    at(adapter_for(url, RETAIN), now).save_attributes(
        person, {"prefs": {}, "progress": {"saved_at": int(now)}, "history": [entry("a", now)]})
    off = at(adapter_for(url, Retention(keep_answers=False)), now)
    assert off.get_attributes(person) == {"prefs": {}}
    off.save_attributes(person, {"prefs": {"disclaimer_heard": True}, "history": [entry("b", now)]})
    assert [name_of(r) for r in raw(off)] == ["prefs"]


def test_sqlite_with_retention_off_deletes_every_answer_at_start(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    now = time.time()
    adapter_for(url, RETAIN).save_attributes(envelope(Device()), {"prefs": {}, "history": [entry("a", now)]})
    off = adapter_for(url, Retention(keep_answers=False))
    off.get_attributes(envelope(Device()))
    assert [name_of(r) for r in raw(off)] == ["prefs"]


def test_sqlite_purges_expired_rows_of_people_who_never_come_back(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    now = time.time()
    adapter = at(adapter_for(url, RETAIN), now)
    adapter.save_attributes(envelope(Device()), {"prefs": {}, "history": [entry("a", now)]})
    at(adapter, now + 31 * DAY).get_attributes(envelope(Device()))  # someone else, a month later
    assert [name_of(r) for r in raw(adapter)] == ["prefs"]


def test_the_skill_with_retention_on_promises_the_settings_numbers(skill_with, store):
    """Through the skill: the parts of a real check carry the settings' lifetimes."""
    from tests.conftest import Talk
    from tests.test_skill_memory import URGENT

    transport = skill_with(store, SKILL_RETAIN_ANSWERS="on", SKILL_HISTORY_DAYS="7", SKILL_RESUME_HOURS="2",
                           SKILL_PREFERENCES_DAYS="60")
    talk = Talk(transport).run_check(URGENT)
    talk.open().answer("no").say("AMAZON.StopIntent")
    adapter = adapter_for(store)
    lifetimes = {name_of(r).split(":")[0]: r["expires"] - r["since"] for r in raw(adapter)}
    assert lifetimes == {"prefs": 60 * DAY, "progress": 2 * 3600, "history": 7 * DAY}


def test_skill_disabled_deletes_an_account_by_key_with_a_counted_logged_retry(dynamo_store, caplog):
    """Issue 19, finding 9: no Scan; a failed round is retried, counted and logged."""
    adapter = adapter_for(dynamo_store, RETAIN)
    home = Device()
    people = [home, Device(user_id=home.user_id, person_id="amzn1.ask.person.M"), Device()]
    for device in people:
        adapter.save_attributes(envelope(device), {"prefs": {}, "history": [entry("a", time.time())]})
    table, calls = adapter.table, {"query": 0, "failed": 0}
    real_delete = table.delete_item

    class Flaky:
        def __getattr__(self, name):
            return getattr(table, name)

        def query(self, **kwargs):
            calls["query"] += 1
            return table.query(**kwargs)

        def scan(self, **kwargs):
            raise AssertionError("an account is deleted by key, never by a Scan")

        def delete_item(self, **kwargs):
            if not calls["failed"]:
                calls["failed"] += 1
                raise ConnectionError("throttled")
            return real_delete(**kwargs)

    adapter._table = Flaky()
    with caplog.at_level("WARNING", logger="skill.store"):
        adapter.delete_account(envelope(home))
    adapter._table = table
    assert adapter.get_attributes(envelope(people[0])) == {} and adapter.get_attributes(envelope(people[1])) == {}
    assert adapter.get_attributes(envelope(people[2])) != {}
    assert "round 1 failed (ConnectionError)" in caplog.text and "done after 1 retries" in caplog.text
