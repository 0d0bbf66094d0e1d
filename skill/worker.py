"""The gunicorn worker of the web service: gevent, each request bounded.

Why not sync workers: a sync worker is held by one connection from its
first byte to its last, so fifty clients sending their headers at a byte a
second starve every worker, and ``/health`` with them (issue 13). A gevent
worker holds a slow connection in a greenlet of a few KB: the others go on.
gunicorn already bounds the header read (its ``keepalive`` seconds, 5); this
worker bounds the rest of a request, the body read included, to the
worker ``timeout`` (10 s; Alexa gives up at 8), then closes the connection.
"""

from __future__ import annotations

from typing import Any

import gevent
from gunicorn.workers.ggevent import GeventWorker


class BoundedGeventWorker(GeventWorker):
    """gunicorn's gevent worker; a request that runs past ``timeout`` is cut off."""

    def handle_request(self, listener_name: Any, req: Any, sock: Any, addr: Any) -> Any:
        timer = gevent.Timeout(self.cfg.timeout)
        timer.start()
        try:
            return super().handle_request(listener_name, req, sock, addr)
        except gevent.Timeout as e:
            if e is not timer:
                raise
            self.log.warning("request from a client that took over %s s: connection closed", self.cfg.timeout)
            raise StopIteration("request timed out") from None
        finally:
            timer.close()
