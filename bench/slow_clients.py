"""Slow clients against the web service, on loopback: does /health still answer?

``python bench/slow_clients.py [--slow 50] [--bodies 5] [--seconds 6] [--worker-class sync]``

Starts gunicorn with ``deploy/gunicorn.conf.py`` (2 workers) on a free
loopback port, opens ``--slow`` connections that send a request's headers
one byte a second and ``--bodies`` that send full headers and then only
part of the body they announced, and meanwhile asks ``GET /health`` every
0.2 s, measuring each answer. Prints the slowest; exits 1 if any took 1 s
or more. Bounded in count and time, loopback only; it stops by itself.
``--worker-class sync`` shows the behaviour before issue 13.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(workers: int, worker_class: str | None, store: str, *extra: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "SKILL_VERIFY": "off", "SKILL_STORE": store, "SKILL_LOG_LEVEL": "WARNING"}
    argv = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--workers",
            str(workers), "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]
    if worker_class:
        argv += ["--worker-class", worker_class]
    server = subprocess.Popen(argv + list(extra) + ["skill.web:create_app()"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if health(port, 1.0) is not None:
                return server, port
        except OSError:
            pass
        time.sleep(0.1)
    stop(server)
    raise RuntimeError("the server did not answer /health within 30 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)


def health(port: int, timeout: float) -> float | None:
    """Seconds to answer ``GET /health``; None if it was not a 200."""
    started = time.perf_counter()
    conn = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/health")
        reply = conn.getresponse()
        reply.read()
        return time.perf_counter() - started if reply.status == 200 else None
    finally:
        conn.close()


def slow_clients(port: int, slow: int, bodies: int, until: float) -> None:
    """Open the connections; trickle a byte a second on each until ``until``."""
    trickling: list[tuple[socket.socket, int]] = []
    for i in range(slow + bodies):
        sock = socket.create_connection(("127.0.0.1", port), timeout=2)
        if i >= slow:  # whole headers, then 10 of the 2000 announced body bytes
            sock.sendall(HEADER + b"{" * 10)
        trickling.append((sock, 0 if i < slow else -1))
    try:
        while time.monotonic() < until:
            for n, (sock, sent) in enumerate(trickling):
                try:
                    if sent >= 0:
                        sock.send(HEADER[sent % len(HEADER):sent % len(HEADER) + 1])
                        trickling[n] = (sock, sent + 1)
                    else:
                        sock.send(b" ")
                except OSError:  # the server closed it: open another, as an attacker would
                    sock.close()
                    trickling[n] = (socket.create_connection(("127.0.0.1", port), timeout=2), 0)
            time.sleep(1.0)
    finally:
        for sock, _ in trickling:
            sock.close()


def measure(slow: int = 50, bodies: int = 5, seconds: float = 6.0, workers: int = 2,
            worker_class: str | None = None, store: str = "none") -> dict[str, float]:
    """The slowest and median /health answers while the slow clients are on."""
    server, port = start(workers, worker_class, store)
    try:
        until = time.monotonic() + seconds
        attack = threading.Thread(target=slow_clients, args=(port, slow, bodies, until), daemon=True)
        attack.start()
        time.sleep(1.5)  # every slow connection open and started
        answers: list[float] = []
        while time.monotonic() < until - 0.5:
            try:
                took = health(port, timeout=seconds)
            except OSError:
                took = None
            answers.append(took if took is not None else float("inf"))
            time.sleep(0.2)
        attack.join(seconds + 5)
    finally:
        stop(server)
    ordered = sorted(answers)
    return {"count": len(answers), "max_s": ordered[-1], "median_s": ordered[len(ordered) // 2]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument("--bodies", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", help="override deploy/gunicorn.conf.py's (e.g. sync)")
    args = parser.parse_args(argv)
    found = measure(args.slow, args.bodies, args.seconds, args.workers, args.worker_class)
    print(f"{args.slow} slow-header and {args.bodies} partial-body connections, {args.workers} workers: "
          f"/health answered {found['count']} times, median {found['median_s'] * 1000:.1f} ms, "
          f"slowest {found['max_s'] * 1000:.1f} ms")
    return 0 if found["max_s"] < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
