"""Slow clients cannot starve the web service (issue 13, finding 3).

Real gunicorn with ``deploy/gunicorn.conf.py`` on loopback. Before issue 13
(sync workers) 50 connections sending headers at a byte a second kept
``/health`` from answering for as long as they went on.
"""

import socket
import time

from bench.slow_clients import HEADER, measure, start, stop


def test_health_answers_within_a_second_while_50_slow_clients_are_connected():
    found = measure(slow=50, bodies=5, seconds=5, workers=2)
    assert found["count"] >= 10
    assert found["max_s"] < 1.0, found


def closed_within(sock: socket.socket, seconds: float) -> float | None:
    """When the server closed ``sock`` (seconds), or None if it kept it open."""
    started = time.monotonic()
    sock.settimeout(0.5)
    while time.monotonic() - started < seconds:
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - started
        except TimeoutError:
            continue
        except OSError:
            return time.monotonic() - started
    return None


def test_a_stalled_body_or_header_is_cut_off_in_bounded_time():
    server, port = start(1, None, "none", "--timeout", "2")
    try:
        body = socket.create_connection(("127.0.0.1", port))
        body.sendall(HEADER + b"{")  # announces 2000 bytes, sends 1
        header = socket.create_connection(("127.0.0.1", port))
        header.sendall(HEADER[:10])
        assert (closed_within(body, 6) or 99) < 4  # the worker's timeout (2 s here)
        assert (closed_within(header, 6) or 99) < 6  # keepalive, 5 s, for the headers
    finally:
        body.close()
        header.close()
        stop(server)
