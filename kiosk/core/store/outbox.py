"""The outbox's queries: what is waiting, what the LRS acknowledged, what was set aside, and the
sync engine's own notes (last success, last error).

A record leaves the 'pending' state only in two ways: the LRS acknowledged its id
(``mark_delivered``), or the LRS refused that one record on its own (``quarantine``). Nothing
here deletes a record that has not been delivered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Sequence

from kiosk.core.store import pool
from kiosk.core.store.store import Store, utcnow

SYNC_STATUS_KEY = "sync.status"
_CHUNK = 500  # ids per statement: well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class PendingRecord:
    id: str
    kind: str
    payload: str
    """The statement as stored: JSON text, sent byte for byte."""
    attempts: int
    batch: str | None = None
    """The request an unlinked statement leaves in (fixed when the pool released it); None for a
    linked one. The two kinds never share a request."""


@dataclass(frozen=True)
class OutboxRow:
    """One record as IT sees it in ``tip-kiosk outbox``: no payload, no learner."""

    id: str
    kind: str
    state: str
    created_day: str
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    delivered: int
    quarantined: int
    pooled: int = 0
    """Unlinked statements waiting in the pool to be mixed (not yet in the outbox)."""


def pending_batch(store: Store, limit: int) -> list[PendingRecord]:
    """The next linked records to send: the oldest day first, then in the order of their random
    ids (so a batch does not keep one learner's records together)."""
    rows = store.conn.execute(
        "SELECT id, kind, payload, attempts FROM outbox WHERE state = 'pending' AND batch IS NULL "
        "ORDER BY substr(created_at, 1, 10), id LIMIT ?", (limit,))
    return [PendingRecord(*row) for row in rows]


def pending_unlinked(store: Store) -> list[PendingRecord]:
    """The pending records of one released request of unlinked statements, whole (its make-up was
    fixed at release so that it mixes enough learners; see kiosk/core/store/pool.py)."""
    row = store.conn.execute("SELECT batch FROM outbox WHERE state = 'pending' AND batch IS NOT NULL "
                             "LIMIT 1").fetchone()
    if row is None:
        return []
    rows = store.conn.execute("SELECT id, kind, payload, attempts, batch FROM outbox "
                              "WHERE state = 'pending' AND batch = ? ORDER BY id", (row[0],))
    return [PendingRecord(*r) for r in rows]


def mark_delivered(store: Store, ids: Sequence[str], now: str | None = None) -> int:
    """Mark records the LRS has acknowledged. Returns how many were still pending."""
    now = now or utcnow()
    changed = 0
    with store.transaction() as c:
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            cur = c.execute(f"UPDATE outbox SET state = 'delivered', delivered_at = ?, last_error = NULL, "
                            f"attempts = attempts + 1 WHERE state = 'pending' AND id IN ({marks})",
                            (now, *chunk))
            changed += cur.rowcount
    return changed


def note_failure(store: Store, ids: Sequence[str], reason: str) -> None:
    """Count a failed try for records that stay pending, with the reason in plain words."""
    with store.transaction() as c:
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            c.execute(f"UPDATE outbox SET attempts = attempts + 1, last_error = ? "
                      f"WHERE state = 'pending' AND id IN ({marks})", (reason, *chunk))


def quarantine(store: Store, record_id: str, reason: str) -> None:
    """Set aside a record the LRS refused on its own; it is kept (never retried blindly)."""
    with store.transaction() as c:
        c.execute("UPDATE outbox SET state = 'quarantined', attempts = attempts + 1, last_error = ? "
                  "WHERE id = ? AND state = 'pending'", (reason[:500], record_id))


def requeue(store: Store, ids: Sequence[str]) -> None:
    """Put set-aside records back in the queue, keeping the reason they were set aside."""
    with store.transaction() as c:
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            c.execute(f"UPDATE outbox SET state = 'pending' WHERE state = 'quarantined' AND id IN ({marks})",
                      chunk)


def requeue_quarantined(store: Store) -> int:
    """Put every quarantined record back in the queue (after IT fixed what the LRS objected to)."""
    with store.transaction() as c:
        return c.execute("UPDATE outbox SET state = 'pending' WHERE state = 'quarantined'").rowcount


def counts(store: Store) -> OutboxCounts:
    c = store.outbox_counts()
    return OutboxCounts(c["pending"], c["delivered"], c["quarantined"], pool.count(store))


def listing(store: Store, state: str, limit: int = 50) -> list[OutboxRow]:
    rows = store.conn.execute(
        "SELECT id, kind, state, substr(created_at, 1, 10), attempts, last_error FROM outbox "
        "WHERE state = ? ORDER BY created_at LIMIT ?", (state, limit))
    return [OutboxRow(*row) for row in rows]


def purge_delivered(store: Store, retention_days: int, now: datetime | None = None) -> int:
    """Delete delivered records older than ``retention_days``; pending and quarantined stay."""
    now = now or datetime.now(timezone.utc)
    cutoff = (now - timedelta(days=retention_days)).isoformat(timespec="milliseconds")
    with store.transaction() as c:
        return c.execute("DELETE FROM outbox WHERE state = 'delivered' AND delivered_at < ?",
                         (cutoff,)).rowcount


# -- the sync engine's notes, for the status line and `tip-kiosk outbox` ---------------------------
def read_sync_status(store: Store) -> dict[str, Any]:
    raw = store.get_meta(SYNC_STATUS_KEY)
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        return {}


def write_sync_status(store: Store, **changes: Any) -> dict[str, Any]:
    """Merge ``changes`` into the stored status (keys: last_attempt, last_success, last_error, ...)."""
    status = read_sync_status(store)
    status.update(changes)
    store.set_meta(SYNC_STATUS_KEY, json.dumps(status, sort_keys=True))
    return status


def _chunks(ids: Sequence[str] | Iterable[str]) -> Iterable[list[str]]:
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]
