"""Lambda SnapStart hooks: what must not be shared by every copy restored
from one snapshot.

With SnapStart (template.yaml, ``SnapStart: ApplyOn: PublishedVersions``)
Lambda runs the module's init once per published version, snapshots the
memory, and starts every later instance from that snapshot. So:

- before the snapshot, the store is primed (a DynamoDB client built, its
  imports and service model loaded: in the snapshot, not in a request) and
  its connections are closed (an SQLite file in ``/tmp``, which is not in
  the snapshot);
- after each restore, ``random`` is reseeded: its state was drawn at import
  and would otherwise be the same in every restored copy (botocore's retry
  jitter uses it); ids the skill makes use ``uuid4`` (``os.urandom``), which
  the restore does not repeat.

The hooks come from ``snapshot_restore_py``, which Lambda's Python runtime
provides; elsewhere there is nothing to register.
"""

from __future__ import annotations

import logging
import random
from typing import Any

log = logging.getLogger("skill.lambda")


def before_snapshot(store: Any) -> None:
    if store is not None:
        getattr(store, "prime", lambda: None)()
        getattr(store, "release", lambda: None)()


def after_restore(store: Any) -> None:
    random.seed()
    if store is not None:
        getattr(store, "release", lambda: None)()


def register(store: Any) -> bool:
    """Register the hooks for ``store``; False when not under SnapStart's runtime."""
    try:
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:
        return False
    register_before_snapshot(lambda: before_snapshot(store))
    register_after_restore(lambda: after_restore(store))
    return True
