"""One contract for every store: the embedded SQLite file and DynamoDB
(a real DynamoDB-compatible server, dynalite, on loopback)."""

import time

import pytest
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.envelopes import Device
from skill.memory import Memory, Retention
from skill.store import adapter_for

serializer = DefaultSerializer()


def envelope(device: Device) -> RequestEnvelope:
    return serializer.deserialize(payload=__import__("json").dumps(device.launch()), obj_type=RequestEnvelope)


@pytest.fixture(params=["sqlite", "dynamodb"])
def adapter(request, tmp_path):
    if request.param == "sqlite":
        return adapter_for(f"sqlite:///{tmp_path / 'contract.sqlite3'}")
    return adapter_for(request.getfixturevalue("dynamo_store"))


def entry(n: int) -> dict:
    return {"id": f"e{n}", "at": int(time.time()) - n, "urgency": "soon", "reasons": ["night_pain"]}


def test_a_new_person_has_an_empty_record(adapter):
    assert adapter.get_attributes(envelope(Device())) == {}


def test_a_saved_record_reads_back_the_same(adapter):
    person = envelope(Device())
    record = {"prefs": {"disclaimer_heard": True, "speech_rate": "slow"}, "history": [entry(1)]}
    adapter.save_attributes(person, record)
    assert adapter.get_attributes(person) == record


def test_numbers_read_back_as_plain_json_numbers(adapter):
    person = envelope(Device())
    adapter.save_attributes(person, {"prefs": {}, "history": [entry(3)]})
    at = adapter.get_attributes(person)["history"][0]["at"]
    assert type(at) is int


def test_records_of_two_people_are_apart(adapter):
    a, b = envelope(Device()), envelope(Device())
    adapter.save_attributes(a, {"prefs": {"speech_rate": "slow"}})
    assert adapter.get_attributes(b) == {}


def test_two_recognised_people_of_one_household_are_apart(adapter):
    home = Device()
    mother = Device(user_id=home.user_id, person_id="amzn1.ask.person.MOTHER")
    daughter = Device(user_id=home.user_id, person_id="amzn1.ask.person.DAUGHTER")
    adapter.save_attributes(envelope(mother), {"prefs": {}, "history": [entry(1)]})
    assert adapter.get_attributes(envelope(daughter)) == {}
    assert adapter.get_attributes(envelope(home)) == {}


def test_delete_removes_the_persons_record(adapter):
    person = envelope(Device())
    adapter.save_attributes(person, {"prefs": {"disclaimer_heard": True}})
    adapter.delete_attributes(person)
    assert adapter.get_attributes(person) == {}


def test_deleting_an_account_removes_every_person_in_it(adapter):
    home = Device()
    mother = Device(user_id=home.user_id, person_id="amzn1.ask.person.MOTHER")
    neighbour = Device()
    for device in (home, mother, neighbour):
        adapter.save_attributes(envelope(device), {"prefs": {"disclaimer_heard": True}})
    adapter.delete_account(envelope(home))
    assert adapter.get_attributes(envelope(home)) == {}
    assert adapter.get_attributes(envelope(mother)) == {}
    assert adapter.get_attributes(envelope(neighbour)) != {}


def test_a_save_keeps_results_another_session_saved_meanwhile(adapter):
    person = envelope(Device())
    adapter.save_attributes(person, {"prefs": {}, "history": [entry(2)]})
    adapter.save_attributes(person, {"prefs": {}, "history": [entry(1)]})  # written from a stale read
    assert [e["id"] for e in adapter.get_attributes(person)["history"]] == ["e2", "e1"]


def test_a_save_with_no_results_of_its_own_keeps_results_saved_meanwhile(adapter):
    """A check under way on one device (read before) while another finishes one."""
    person = envelope(Device())
    under_way = Memory(progress={"saved_at": int(time.time())}).to_attributes(Retention(keep_answers=True))
    adapter.save_attributes(person, {"prefs": {}, "history": [entry(1)]})
    adapter.save_attributes(person, under_way)
    assert [e["id"] for e in adapter.get_attributes(person)["history"]] == ["e1"]


def test_a_save_drops_stored_results_past_their_retention(adapter):
    person = envelope(Device())
    old = {**entry(1), "id": "old", "at": int(time.time()) - 91 * 86400}
    adapter.save_attributes(person, {"prefs": {}, "history": [old]})
    adapter.save_attributes(person, {"prefs": {}, "history": [entry(1)]})
    assert [e["id"] for e in adapter.get_attributes(person)["history"]] == ["e1"]


def test_a_record_without_history_drops_history_kept_before(adapter):
    """Retention switched off: the next save keeps preferences only."""
    person = envelope(Device())
    adapter.save_attributes(person, {"prefs": {}, "history": [entry(1)]})
    adapter.save_attributes(person, {"prefs": {"disclaimer_heard": True}})
    assert adapter.get_attributes(person) == {"prefs": {"disclaimer_heard": True}}


def test_the_store_keys_records_by_a_hash_never_by_alexa_ids(adapter, request, tmp_path):
    device = Device(person_id="amzn1.ask.person.P")
    adapter.save_attributes(envelope(device), {"prefs": {"disclaimer_heard": True}})
    raw = raw_dump(adapter)
    assert device.user_id not in raw and "amzn1.ask.person.P" not in raw


def test_a_request_without_a_user_id_is_refused_clearly(adapter):
    bad = envelope(Device())
    bad.context.system.user = None
    with pytest.raises(PersistenceException):
        adapter.get_attributes(bad)


def raw_dump(adapter) -> str:
    """Everything the store holds, as text."""
    if hasattr(adapter, "path"):
        import sqlite3

        with sqlite3.connect(adapter.path) as c:
            return repr(c.execute("SELECT * FROM records").fetchall())
    return repr(adapter.table.scan()["Items"])


def test_sqlite_drops_records_past_their_expiry(tmp_path):
    adapter = adapter_for(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    person = envelope(Device())
    adapter.save_attributes(person, {"prefs": {"disclaimer_heard": True}})
    import sqlite3

    with sqlite3.connect(adapter.path) as c:
        c.execute("UPDATE records SET expires = 0")
    assert adapter.get_attributes(person) == {}


def test_dynamodb_items_carry_a_ttl_attribute(dynalite, dynamo_store):
    adapter = adapter_for(dynamo_store)
    adapter.save_attributes(envelope(Device()), {"prefs": {"disclaimer_heard": True}})
    (item,) = dynalite.items(adapter.table_name)
    assert int(item["expires"]) > time.time() + 30 * 86400


def test_the_dynamodb_store_needs_no_region_in_the_environment(dynamo_store, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    assert adapter_for(dynamo_store).get_attributes(envelope(Device())) == {}


def test_a_store_url_without_a_region_is_refused_clearly():
    with pytest.raises(ValueError, match="region"):
        adapter_for("dynamodb://records")


def test_the_sqlite_purge_of_expired_records_uses_an_index(tmp_path):
    store = adapter_for(f"sqlite:///{tmp_path / 'plan.sqlite3'}")
    store.save_attributes(envelope(Device()), {"prefs": {}})
    plan = store._connection().execute("EXPLAIN QUERY PLAN DELETE FROM records WHERE expires <= 0").fetchall()
    assert "USING COVERING INDEX records_expires" in str(plan) or "USING INDEX records_expires" in str(plan)
