"""Load test of the web service on loopback: many people doing whole checks.

``make load`` (default: 50 simulated people for 60 s) or
``python bench/load.py --users 50 --seconds 60 [--workers 5]``.

Starts gunicorn with ``deploy/gunicorn.conf.py`` on a free loopback port,
with answers kept (so that finished checks can be counted in the store) in
a fresh SQLite file and verification off (loopback only). Each simulated
person runs whole checks back to back, answering from one of the spec's
stories, until the time is up (bounded by count and time). Then it
compares the checks the clients finished with the results the store holds,
and prints throughput, p50/p99 latency, errors and lost checks. Exits 1 on
any error or lost check.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from skill.conversation import group_answer  # noqa: E402
from skill.envelopes import Device  # noqa: E402
from tests.test_triage_rules import SPEC_EXAMPLES  # noqa: E402

INTENT = {"yes": "AMAZON.YesIntent", "no": "AMAZON.NoIntent", "unknown": "DontKnowIntent"}
STORIES = [truth for truth, _ in SPEC_EXAMPLES.values()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: str, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "SKILL_VERIFY": "off", "SKILL_STORE": store, "SKILL_RETAIN_ANSWERS": "on",
           "SKILL_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--workers",
         str(workers), "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "skill.web:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    os.killpg(server.pid, signal.SIGKILL)
    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:])


class Person(threading.Thread):
    def __init__(self, index: int, port: int, until: float, max_checks: int):
        super().__init__(daemon=True)
        self.port, self.until, self.max_checks = port, until, max_checks
        self.story = STORIES[index % len(STORIES)]
        self.device = Device()
        self.latencies: list[float] = []
        self.finished = 0
        self.errors: list[str] = []

    def post(self, conn: HTTPConnection, envelope: dict) -> dict:
        body = json.dumps(envelope).encode()
        started = time.perf_counter()
        conn.request("POST", "/", body, {"Content-Type": "application/json"})
        reply = conn.getresponse()
        data = reply.read()
        self.latencies.append(time.perf_counter() - started)
        if reply.status != 200:
            raise RuntimeError(f"HTTP {reply.status}: {data[:200]!r}")
        return self.device.absorb(json.loads(data))

    def run(self) -> None:
        conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
        while time.monotonic() < self.until and self.finished < self.max_checks:
            try:
                self.device.session_id = None
                reply = self.post(conn, self.device.launch())
                while (question := (reply.get("sessionAttributes") or {}).get("triage", {}).get("question")):
                    said = group_answer(tuple(question) if isinstance(question, list) else question, self.story)
                    reply = self.post(conn, self.device.intent(INTENT[said]))
                if reply["sessionAttributes"]["triage"]["urgency"]:
                    self.finished += 1
            except Exception as e:  # noqa: BLE001 - every failure is counted and reported
                self.errors.append(f"{type(e).__name__}: {e}")
                conn.close()
                conn = HTTPConnection("127.0.0.1", self.port, timeout=30)


def stored_results(path: Path) -> int:
    with sqlite3.connect(path) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # one row per finished check (skill/store.py keeps each part apart)
        return c.execute("SELECT count(*) FROM records WHERE name LIKE 'history:%'").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--max-checks", type=int, default=10_000, help="per person")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "load.sqlite3"
        server, port = start(f"sqlite:///{path}", args.workers)
        try:
            started = time.monotonic()
            people = [Person(i, port, started + args.seconds, args.max_checks) for i in range(args.users)]
            for person in people:
                person.start()
            for person in people:
                person.join(args.seconds + 60)
            elapsed = time.monotonic() - started
        finally:
            os.killpg(server.pid, signal.SIGTERM)  # graceful: in-flight requests finish
            server.wait(30)
        latencies = sorted(latency for p in people for latency in p.latencies)
        finished = sum(p.finished for p in people)
        errors = [e for p in people for e in p.errors]
        kept = stored_results(path)
    q = statistics.quantiles(latencies, n=100)
    print(f"load: {args.users} people, {args.workers} gunicorn workers, {elapsed:.0f} s, loopback")
    print(f"  requests: {len(latencies)} ({len(latencies) / elapsed:.0f}/s)")
    print(f"  whole checks finished: {finished} ({finished / elapsed:.1f}/s)")
    print(f"  latency p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    print(f"  errors: {len(errors)}{' e.g. ' + errors[0] if errors else ''}")
    print(f"  finished checks in the store: {kept} (lost: {finished - kept})")
    return 1 if errors or kept != finished else 0


if __name__ == "__main__":
    raise SystemExit(main())
