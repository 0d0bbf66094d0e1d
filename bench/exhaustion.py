"""Pre-authentication exhaustion, on loopback (issue 19, finding 3).

``python bench/exhaustion.py [--idle 8000] [--large 300] [--seconds 8]``
(also run by ``make bench``).

Two servers, measured in the same run, each with 2 workers serving
``skill.web:create_app()``: the *baseline*, plain gunicorn with its gevent
worker and gunicorn's defaults (``-k gevent``: 100 header fields of 8,190
bytes, keep-alive 2 s, 1,000 connections a worker), and *ours*,
``deploy/gunicorn.conf.py``. Against each, two attacks in turn, while an
Alexa request (a LaunchRequest; the service runs with ``SKILL_VERIFY=off``
here, the signature check costs under a millisecond) is sent every 0.25 s
and timed:

- ``idle``: ``--idle`` connections opened and left silent, reopened as
  the server drops them;
- ``large``: ``--large`` connections each sending header fields of 8,000
  bytes, never ending the head, reopened as the server drops them.

Reports the median and slowest Alexa answer (a request that got no answer
within 10 s counts as 10 s), the server's CPU seconds and memory (RSS of
master and workers) at the end. Bounded in count and time; loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from skill.envelopes import Device  # noqa: E402

GIVE_UP = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(kind: str, tmp: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "SKILL_VERIFY": "off", "SKILL_STORE": f"sqlite:///{tmp}/{kind}.db",
           "SKILL_LOG_LEVEL": "WARNING", "SKILL_WORKERS": "2"}
    if kind == "baseline":
        argv = ["-k", "gevent", "--workers", "2"]
    else:
        argv = ["-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *argv, "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
         "--error-logfile", "/dev/null", "skill.web:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if alexa_request(port) < GIVE_UP:
                return server, port
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"{kind} server did not start")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)


BODY = json.dumps(Device().launch()).encode()


def alexa_request(port: int) -> float:
    """Seconds for a LaunchRequest's answer (GIVE_UP if none)."""
    started = time.perf_counter()
    try:
        conn = HTTPConnection("127.0.0.1", port, timeout=GIVE_UP)
        conn.request("POST", "/", BODY, {"Content-Type": "application/json"})
        reply = conn.getresponse()
        reply.read()
        conn.close()
        return time.perf_counter() - started if reply.status == 200 else GIVE_UP
    except OSError:
        return GIVE_UP


def attack(port: int, kind: str, count: int, until: float) -> None:
    """Hold ``count`` connections, idle or sending endless large headers."""
    head = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    field = b"X-Pad: " + b"a" * 8000 + b"\r\n"
    selector = selectors.DefaultSelector()
    open_ = 0

    def connect() -> None:
        nonlocal open_
        try:
            sock = socket.socket()
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", port))
            selector.register(sock, selectors.EVENT_READ | (selectors.EVENT_WRITE if kind == "large" else 0))
            open_ += 1
            if kind == "large":
                sock.send(head)
        except OSError:
            pass

    for _ in range(count):
        connect()
    while time.monotonic() < until:
        for key, events in selector.select(timeout=0.2):
            sock = key.fileobj
            closed = False
            if events & selectors.EVENT_READ:
                try:
                    closed = not sock.recv(65536)
                except BlockingIOError:
                    pass
                except OSError:
                    closed = True
            if not closed and events & selectors.EVENT_WRITE:
                try:
                    sock.send(field)
                except BlockingIOError:
                    pass
                except OSError:
                    closed = True
            if closed:  # the server dropped it: open another, as an attacker would
                selector.unregister(sock)
                sock.close()
                open_ -= 1
                connect()
        while open_ < count and time.monotonic() < until:
            connect()
    for key in list(selector.get_map().values()):
        key.fileobj.close()
    selector.close()


def server_usage(server: subprocess.Popen) -> tuple[float, float]:
    """CPU seconds and RSS MB of the server's process group (master and workers)."""
    cpu = rss = 0.0
    for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[2]) != server.pid and int(pid) != server.pid:  # stat[2] is the process group
            continue
        ticks = os.sysconf("SC_CLK_TCK")
        cpu += (int(stat[11]) + int(stat[12])) / ticks
        rss += int(stat[21]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    return cpu, rss


def measure(kind: str, scenario: str, count: int, seconds: float, tmp: str) -> dict[str, float]:
    server, port = start(kind, tmp)
    try:
        cpu_before, _ = server_usage(server)
        until = time.monotonic() + seconds
        thread = threading.Thread(target=attack, args=(port, scenario, count, until), daemon=True)
        thread.start()
        time.sleep(min(2.0, seconds / 3))  # the connections opened and the attack under way
        answers = []
        while time.monotonic() < until - 0.5:
            answers.append(alexa_request(port))
            time.sleep(0.25)
        cpu_after, rss = server_usage(server)
        thread.join(seconds + GIVE_UP)
    finally:
        stop(server)
    return {"median_s": statistics.median(answers), "max_s": max(answers), "answers": len(answers),
            "cpu_s": cpu_after - cpu_before, "rss_mb": rss}


def run(idle: int = 8000, large: int = 300, seconds: float = 8.0, tmp: str = "/tmp") -> dict[str, dict]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, idle + 1000)), hard))
    results: dict[str, dict] = {}
    for scenario, count in (("idle", idle), ("large", large)):
        for kind in ("baseline", "ours"):
            results[f"{kind} {scenario}"] = measure(kind, scenario, count, seconds, tmp)
    return results


def table(results: dict[str, dict], idle: int, large: int, seconds: float) -> list[str]:
    lines = ["| attack | server | Alexa answer median / slowest | server CPU s | server RSS MB |",
             "|---|---|---:|---:|---:|"]
    for key, r in results.items():
        kind, scenario = key.split()
        what = f"{idle:,} idle connections" if scenario == "idle" else f"{large} endless large-header connections"
        name = "plain gevent (gunicorn defaults)" if kind == "baseline" else "ours (deploy/gunicorn.conf.py)"
        lines.append(f"| {what}, {seconds:.0f} s | {name} | {r['median_s'] * 1000:.0f} ms / "
                     f"{r['max_s'] * 1000:.0f} ms | {r['cpu_s']:.1f} | {r['rss_mb']:.0f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=int, default=8000)
    parser.add_argument("--large", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        results = run(args.idle, args.large, args.seconds, tmp)
    print("\n".join(table(results, args.idle, args.large, args.seconds)))
    ours = [r["max_s"] for k, r in results.items() if k.startswith("ours")]
    return 0 if max(ours) < 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
