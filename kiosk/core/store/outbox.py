"""The outbox's queries: what is waiting, what the LRS acknowledged, what was set aside, and the
sync engine's own notes (last success, last error).

A record leaves the 'pending' state only in two ways: the LRS acknowledged its id
(``mark_delivered``), or the LRS refused that one record on its own (``quarantine``). Nothing
here deletes a record that has not been delivered.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kiosk.core.clock import now_utc, utcnow
from kiosk.core.store.store import OutboundRecord, Queries, compact_json

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

    def states(self) -> dict[str, int]:
        """Records per outbox state, as the admin panel lists them (the pool is not the outbox)."""
        return {"pending": self.pending, "delivered": self.delivered, "quarantined": self.quarantined}


class OutboxQueries(Queries):
    """The outbox (``store.outbox``)."""

    def enqueue(self, learner_id: int | None, records: Iterable[OutboundRecord], *,
                conn: sqlite3.Connection | None = None, now: str | None = None) -> None:
        """Queue records: linked ones in the outbox, unlinked ones in the pool (kiosk/core/store/pool.py).
        With ``conn``, in the transaction that saves what they describe (a step's progress, a
        completion); alone, for records that describe no progress."""
        with self.store.writing(conn) as c:
            now = now or utcnow()
            records = list(records)
            c.executemany(
                "INSERT INTO outbox(id, learner_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                [(r.id, learner_id, r.kind, compact_json(r.payload), now) for r in records if r.linked])
            unlinked = [r for r in records if not r.linked]
            if unlinked:
                self.store.pool.add(learner_id, unlinked, now[:10], conn=c)

    def pending_batch(self, limit: int) -> list[PendingRecord]:
        """The next linked records to send: the oldest day first, then in the order of their random
        ids (so a batch does not keep one learner's records together)."""
        rows = self.conn.execute(
            "SELECT id, kind, payload, attempts FROM outbox WHERE state = 'pending' AND batch IS NULL "
            "ORDER BY substr(created_at, 1, 10), id LIMIT ?", (limit,))
        return [PendingRecord(*row) for row in rows]


    def pending_unlinked(self) -> list[PendingRecord]:
        """The pending records of one released request of unlinked statements, whole (its make-up was
        fixed at release so that it mixes enough learners; see kiosk/core/store/pool.py)."""
        row = self.conn.execute("SELECT batch FROM outbox WHERE state = 'pending' AND batch IS NOT NULL "
                                "LIMIT 1").fetchone()
        if row is None:
            return []
        rows = self.conn.execute("SELECT id, kind, payload, attempts, batch FROM outbox "
                                 "WHERE state = 'pending' AND batch = ? ORDER BY id", (row[0],))
        return [PendingRecord(*r) for r in rows]


    def mark_delivered(self, ids: Sequence[str], now: str | None = None) -> int:
        """Mark records the LRS has acknowledged. Returns how many were still pending."""
        now = now or utcnow()
        changed = 0
        with self.store.transaction() as c:
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                cur = c.execute(f"UPDATE outbox SET state = 'delivered', delivered_at = ?, last_error = NULL, "
                                f"attempts = attempts + 1 WHERE state = 'pending' AND id IN ({marks})",
                                (now, *chunk))
                changed += cur.rowcount
        return changed


    def note_failure(self, ids: Sequence[str], reason: str) -> None:
        """Count a failed try for records that stay pending, with the reason in plain words."""
        with self.store.transaction() as c:
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                c.execute(f"UPDATE outbox SET attempts = attempts + 1, last_error = ? "
                          f"WHERE state = 'pending' AND id IN ({marks})", (reason, *chunk))


    def quarantine(self, record_id: str, reason: str) -> None:
        """Set aside a record the LRS refused on its own; it is kept (never retried blindly)."""
        with self.store.transaction() as c:
            c.execute("UPDATE outbox SET state = 'quarantined', attempts = attempts + 1, last_error = ? "
                      "WHERE id = ? AND state = 'pending'", (reason[:500], record_id))


    def requeue(self, ids: Sequence[str]) -> None:
        """Put set-aside records back in the queue, keeping the reason they were set aside."""
        with self.store.transaction() as c:
            for chunk in _chunks(ids):
                marks = ",".join("?" * len(chunk))
                c.execute(f"UPDATE outbox SET state = 'pending' WHERE state = 'quarantined' AND id IN ({marks})",
                          chunk)


    def requeue_quarantined(self) -> int:
        """Put every quarantined record back in the queue (after IT fixed what the LRS objected to)."""
        with self.store.transaction() as c:
            return c.execute("UPDATE outbox SET state = 'pending' WHERE state = 'quarantined'").rowcount


    def counts(self) -> OutboxCounts:
        """Records in each state, and the unlinked statements still in the pool."""
        by_state = {"pending": 0, "delivered": 0, "quarantined": 0}
        by_state.update(dict(self.conn.execute("SELECT state, count(*) FROM outbox GROUP BY state")))
        return OutboxCounts(by_state["pending"], by_state["delivered"], by_state["quarantined"],
                            self.store.pool.count())


    def listing(self, state: str, limit: int = 50) -> list[OutboxRow]:
        rows = self.conn.execute(
            "SELECT id, kind, state, substr(created_at, 1, 10), attempts, last_error FROM outbox "
            "WHERE state = ? ORDER BY created_at LIMIT ?", (state, limit))
        return [OutboxRow(*row) for row in rows]


    def purge_delivered(self, retention_days: int, now: datetime | None = None) -> int:
        """Delete delivered records older than ``retention_days``; pending and quarantined stay."""
        now = now or now_utc()
        cutoff = (now - timedelta(days=retention_days)).isoformat(timespec="milliseconds")
        with self.store.transaction() as c:
            return c.execute("DELETE FROM outbox WHERE state = 'delivered' AND delivered_at < ?",
                             (cutoff,)).rowcount


    # -- the sync engine's notes, for the status line and `tip-kiosk outbox` ---------------------------
    def read_sync_status(self) -> dict[str, Any]:
        raw = self.store.get_meta(SYNC_STATUS_KEY)
        try:
            return json.loads(raw) if raw else {}
        except ValueError:
            return {}


    def write_sync_status(self, **changes: Any) -> dict[str, Any]:
        """Merge ``changes`` into the stored status (keys: last_attempt, last_success, last_error, ...)."""
        status = self.read_sync_status()
        status.update(changes)
        self.store.set_meta(SYNC_STATUS_KEY, json.dumps(status, sort_keys=True))
        return status


def _chunks(ids: Sequence[str] | Iterable[str]) -> Iterable[list[str]]:
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]
