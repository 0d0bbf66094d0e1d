"""gunicorn settings for ``python -m skill serve`` (production web service).

Sync workers: a turn is ~1 ms of CPU, so processes, not threads, scale it.
The access log names method, path, status and time, never bodies.
"""

import multiprocessing
import os

bind = os.environ.get("SKILL_BIND", "127.0.0.1:8080")
workers = int(os.environ.get("SKILL_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 10  # Alexa waits 8 s for a skill's answer
graceful_timeout = 10
keepalive = 5
max_requests = 10000
max_requests_jitter = 500
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("SKILL_LOG_LEVEL", "info").lower()
limit_request_field_size = 8190
