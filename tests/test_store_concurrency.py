"""Concurrency semantics of the store (README, "Memory"):
- a person's preferences and interrupted check: the latest turn wins;
- finished checks: every one is kept, whichever device or worker saved it.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from skill.conversation import group_answer
from skill.envelopes import Device
from tests.conftest import ROOT, Talk, _free_port
from tests.test_triage_rules import SPEC_EXAMPLES

URGENT = SPEC_EXAMPLES["survivor, constant pain three weeks, worse lying down"][0]
SOON = SPEC_EXAMPLES["survivor on letrozole, stiff joints, ache eases with rest and ibuprofen"][0]
RETAIN = {"SKILL_RETAIN_ANSWERS": "on"}


def history_of(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        found: dict[str, list] = {}
        for owner, data in c.execute("SELECT owner, data FROM records WHERE name LIKE 'history:%'"):
            found.setdefault(owner, []).append(json.loads(data))
        return found


def test_two_devices_of_one_person_finishing_checks_together_keep_both(skill_with, any_store_path):
    store, path = any_store_path
    transport = skill_with(store, **RETAIN)
    kitchen = Talk(transport, Device())
    bedroom = Talk(transport, Device(user_id=kitchen.device.user_id))
    kitchen.open()
    bedroom.open()
    # interleave the two conversations turn by turn
    while kitchen.triage.get("question") or bedroom.triage.get("question"):
        for talk, truth in ((kitchen, URGENT), (bedroom, SOON)):
            if talk.triage.get("question"):
                talk.answer_from(truth)
    (history,) = history_of(path).values()
    assert sorted(e["urgency"] for e in history) == ["soon", "urgent"]


@pytest.fixture
def any_store_path(tmp_path):
    path = tmp_path / "shared.sqlite3"
    return f"sqlite:///{path}", path


def post(url: str, envelope: dict) -> dict:
    request = urllib.request.Request(url, json.dumps(envelope).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.loads(reply.read())


def full_checks(url: str, checks: int) -> tuple[str, int]:
    device = Device()
    finished = 0
    for _ in range(checks):
        device.session_id = None
        reply = device.absorb(post(url, device.launch()))
        while (reply.get("sessionAttributes") or {}).get("triage", {}).get("question"):
            question = reply["sessionAttributes"]["triage"]["question"]
            said = group_answer(tuple(question) if isinstance(question, list) else question, URGENT)
            intent = {"yes": "AMAZON.YesIntent", "no": "AMAZON.NoIntent"}[said]
            reply = device.absorb(post(url, device.intent(intent)))
        finished += reply["sessionAttributes"]["triage"]["urgency"] == "urgent"
    return device.user_id, finished


@pytest.fixture
def gunicorn_on_sqlite(tmp_path):
    path = tmp_path / "served.sqlite3"
    port = _free_port()
    # WARNING: a line per turn at INFO would fill the unread stderr pipe and block the workers.
    env = {**os.environ, "SKILL_VERIFY": "off", "SKILL_STORE": f"sqlite:///{path}", "SKILL_LOG_LEVEL": "WARNING",
           **RETAIN}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--workers", "4",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "skill.web:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/health", timeout=1).close()
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(server.stderr.read().decode()[-2000:], pytrace=False)
            time.sleep(0.1)
    else:
        pytest.fail("gunicorn did not start", pytrace=False)
    yield url + "/", path
    os.killpg(server.pid, 15)
    server.wait(10)


def test_many_people_at_once_under_several_workers_lose_no_finished_check(gunicorn_on_sqlite):
    url, path = gunicorn_on_sqlite
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: full_checks(url, 3), range(16)))
    assert all(finished == 3 for _, finished in results)
    histories = history_of(path)
    assert len(histories) == 16
    assert all(len(h) == 3 and {e["urgency"] for e in h} == {"urgent"} for h in histories.values())
