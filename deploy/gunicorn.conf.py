"""gunicorn settings for ``python -m skill serve`` (production web service).

gevent workers (``skill.worker.BoundedGeventWorker``): a slow or stalled
client holds one greenlet, not a worker, so fifty of them cannot keep
``/health`` or Alexa waiting (README, "Slow clients"). Headers must arrive
within ``keepalive`` seconds and a whole request within ``timeout``.
The access log names method, path, status and time, never bodies or sizes.
"""

import multiprocessing
import os
import sys

from skill.settings import Settings, SettingsError
from skill.store import check_store_path

try:  # every setting checked before gunicorn starts: named, no traceback
    settings = Settings.from_env()
    check_store_path(settings.store)
except SettingsError as e:
    sys.exit(f"refusing to start: {e}")

bind = os.environ.get("SKILL_BIND", "127.0.0.1:8080")
workers = settings.workers or multiprocessing.cpu_count() * 2 + 1
worker_class = "skill.worker.BoundedGeventWorker"
worker_connections = 5000  # open connections per worker, slow ones included (bench/exhaustion.py)
timeout = 10  # Alexa waits 8 s for a skill's answer
graceful_timeout = 10
# Pre-authentication cost is bounded (issue 19; bench/exhaustion.py): an
# idle or slow connection is dropped after `keepalive` seconds without a
# whole request head, which is also the idle keep-alive; the head is capped
# in count and bytes (431 past them): Alexa sends about 10 short fields and
# a 344-byte signature, gunicorn's defaults would take ~800 KiB.
keepalive = 2
limit_request_line = 1024
limit_request_fields = 30
limit_request_field_size = 2048
max_requests = 10000
max_requests_jitter = 500
accesslog = "-"
# No response size: it would tell an emergency advice from a routine one.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("SKILL_LOG_LEVEL", "info").lower()
# No control socket: its default path is shared by every gunicorn of the
# user, so a second instance would take over the first one's.
control_socket_disable = True


def on_starting(server):
    """Fail closed however gunicorn was started: the checks of ``skill serve``."""
    from skill.serving import refusal

    for address in server.cfg.address:
        if isinstance(address, tuple):
            reason = refusal(settings, str(address[0]))
            if reason:
                sys.exit(reason)
