"""Log set-up shared by the web service and Lambda.

Lambda's runtime gives the root logger a handler that stamps time, level
and request id; gunicorn configures only its own loggers, so in a worker
the skill's records reached Python's last-resort handler: warnings only,
bare. ``configure`` gives a process without a handler one line format with
time, level and process id, and lets ``SKILL_LOG_LEVEL`` govern the
skill's loggers (``skill.*``: one line per turn at INFO) without turning
every library up with them.
"""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"


def configure(level: str) -> None:
    logging.getLogger("skill").setLevel(level.upper())
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
