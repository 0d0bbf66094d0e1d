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


# -- issue 19, finding 8: checked, never changed, when it is not the skill's own ---------------
import pytest  # noqa: E402

from skill.settings import SettingsError  # noqa: E402
from skill.store import adapter_for  # noqa: E402


def refused_untouched(path, url: str | None = None) -> None:
    before = os.lstat(path)
    content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    with pytest.raises(SettingsError, match="SKILL_STORE"):
        adapter_for(url or f"sqlite:///{path}")
    after = os.lstat(path)
    assert (after.st_mode, after.st_uid, after.st_mtime_ns) == (before.st_mode, before.st_uid, before.st_mtime_ns)
    if content is not None:
        assert path.read_bytes() == content


def test_a_file_of_another_user_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "system.conf"
    path.write_text("root:x:0:0\n")
    path.chmod(0o644)
    if os.geteuid() != 0:
        pytest.skip("chown to another user needs root")
    os.chown(path, 65534, 65534)
    refused_untouched(path)


def test_a_file_that_is_not_an_sqlite_database_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n")
    path.chmod(0o444)
    refused_untouched(path)


def test_an_sqlite_database_of_another_program_is_refused_and_left_as_it_was(tmp_path):
    import sqlite3

    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE accounts (name TEXT)")
    path.chmod(0o644)
    refused_untouched(path)


def test_a_symbolic_link_or_a_folder_is_refused(tmp_path):
    target = tmp_path / "target.sqlite3"
    target.touch()
    link = tmp_path / "link.sqlite3"
    link.symlink_to(target)
    refused_untouched(link)
    (tmp_path / "folder").mkdir()
    refused_untouched(tmp_path / "folder")


def test_lambda_refuses_to_start_on_a_file_not_its_own_naming_the_setting(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    path = tmp_path / "notes.txt"
    path.write_text("my notes\n")
    path.chmod(0o640)
    result = subprocess.run([sys.executable, "-c", "import runpy; runpy.run_path('lambda/lambda_function.py')"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "SKILL_STORE": f"sqlite:///{path}"})
    assert result.returncode != 0 and "SKILL_STORE" in result.stderr and "Traceback" not in result.stderr
    assert mode(path) == 0o640
    assert path.read_text() == "my notes\n"
