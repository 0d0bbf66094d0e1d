"""The SQLite store is private to its owner (issue 13, finding 5): the file,
its -wal and -shm are 0600 and a folder it creates is 0700, whatever the
umask; a file left readable by an older version is made private."""

import json
import os
import stat

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.envelopes import Device
from skill.store import SqliteAdapter


def envelope_of(request: dict) -> RequestEnvelope:
    return DefaultSerializer().deserialize(json.dumps(request), RequestEnvelope)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_store_file_its_wal_and_shm_and_its_new_folder_are_private(tmp_path):
    old = os.umask(0o022)
    try:
        folder = tmp_path / "data"
        adapter = SqliteAdapter(folder / "skill.sqlite3")
        envelope = envelope_of(Device().launch())
        adapter.save_attributes(envelope, {"prefs": {"rate": 85}})
        assert adapter.get_attributes(envelope)["prefs"]["rate"] == 85
    finally:
        os.umask(old)
    assert mode(folder) == 0o700
    for name in ("skill.sqlite3", "skill.sqlite3-wal", "skill.sqlite3-shm"):
        assert (folder / name).exists(), name
        assert mode(folder / name) == 0o600, name


def test_a_store_file_left_readable_is_made_private(tmp_path):
    path = tmp_path / "skill.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    envelope = envelope_of(Device().launch())
    SqliteAdapter(path).get_attributes(envelope)
    assert mode(path) == 0o600
    assert mode(tmp_path) == stat.S_IMODE(os.stat(tmp_path).st_mode)  # a folder it did not create is left alone
