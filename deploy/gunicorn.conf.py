"""gunicorn settings for ``python -m skill serve`` (production web service).

gevent workers (``skill.worker.BoundedGeventWorker``): a slow or stalled
client holds one greenlet, not a worker, so fifty of them cannot keep
``/health`` or Alexa waiting (README, "Slow clients"). Headers must arrive
within ``keepalive`` seconds and a whole request within ``timeout``.
The access log names method, path, status and time, never bodies.
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
worker_connections = 1000  # open connections per worker, slow ones included
timeout = 10  # Alexa waits 8 s for a skill's answer
graceful_timeout = 10
keepalive = 5  # also the time allowed for a request's headers to arrive
max_requests = 10000
max_requests_jitter = 500
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("SKILL_LOG_LEVEL", "info").lower()
limit_request_field_size = 8190
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
