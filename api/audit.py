"""The audit trail (可追溯): who read what, when, about which entities, from where.

Requests add entries to a buffer that a background thread writes to the store as AuditEntry nodes
in one transaction per batch, so a read never waits for a write. Reading the trail flushes first,
and closing the log flushes what is left.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from typing import Any

from graph import GraphStore

log = logging.getLogger("yidang.audit")
MAX_ENTITIES = 100  # ids kept per entry; a search of 100 rows names them all


def entry(*, user: str, role: str, action: str, method: str, path: str, status: int,
          entities: list[str] | tuple[str, ...] = (), detail: str = "",
          client: str = "") -> dict[str, Any]:
    """One AuditEntry row: who, when, what, which entities, from where."""
    return {
        "aid": uuid.uuid4().hex,
        "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds"),
        "user": user, "role": role, "action": action, "method": method, "path": path,
        "status": int(status), "entities": [str(e) for e in list(entities)[:MAX_ENTITIES]],
        "detail": detail[:2000], "client": client,
    }


class AuditLog:
    """Buffered writer of audit entries into ``store``."""

    def __init__(self, store: GraphStore, interval_s: float = 0.5, max_pending: int = 500):
        self._store = store
        self._interval = interval_s
        self._max = max_pending
        self._pending: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="audit-writer", daemon=True)
        self._thread.start()

    def record(self, *, user: str, role: str, action: str, method: str, path: str, status: int,
               entities: list[str] | tuple[str, ...] = (), detail: str = "",
               client: str = "") -> None:
        """Add one entry (written within ``interval_s``)."""
        row = entry(user=user, role=role, action=action, method=method, path=path,
                    status=status, entities=entities, detail=detail, client=client)
        with self._lock:
            self._pending.append(row)
            full = len(self._pending) >= self._max
        if full:
            self._wake.set()

    def flush(self) -> None:
        """Write every pending entry now."""
        with self._write_lock:
            with self._lock:
                batch, self._pending = self._pending, []
            if not batch:
                return
            try:
                self._store.append_audit(batch)
            except Exception:  # keep them for the next try rather than lose the trail
                log.exception("could not write %d audit entries; will retry", len(batch))
                with self._lock:
                    self._pending[:0] = batch

    def query(self, **filters: Any) -> list[dict[str, Any]]:
        """Audit entries (see :meth:`GraphStore.audit`), pending ones included."""
        self.flush()
        return self._store.audit(**filters)

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=10)
        self.flush()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._interval)
            self._wake.clear()
            self.flush()
