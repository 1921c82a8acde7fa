"""The pool of unlinked statements: survey answers always, and every statement in anonymous mode.

An unlinked statement must not reach the LRS in a way that ties it to its learner's other
statements. So it never enters the outbox straight away (where it would leave in the same request,
at the same moment, as the learner's linked ones): it waits here until its day (UTC) has ended,
and is then released into the outbox in shuffled requests, fixed at release, that each mix at
least *k* learners (``sync_mix_learners``); a day with fewer than *k* learners is released one
statement per request. ``docs/privacy.md`` ("Unlinkable records on the wire") argues the design.

What a copy of the database shows of the pool: rows with no learner id and no time finer than the
day, in the order of their random ids. ``tag`` is HMAC-SHA256(the day's random key, learner id),
kept only to count distinct learners; the key (meta ``pool.key.<day>``) and every tag are deleted
in the transaction that releases the day.

Release moves rows from here to the outbox in one transaction: a crash leaves each statement
either still here or in the outbox, never both and never neither (ids are unique in both).
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.core.store.store import OutboundRecord, Queries, compact_json

KEY_PREFIX = "pool.key."
NO_LEARNER = "none"
"""The tag of statements queued without a learner: they count as one learner, never as several,
so the count of distinct learners can only be too low (the safe side for *k*)."""


@dataclass(frozen=True)
class Pooled:
    id: str
    kind: str
    payload: str
    tag: str


@dataclass(frozen=True)
class Release:
    """One day's pool, moved to the outbox."""

    day: str
    statements: int
    learners: int
    requests: int
    mixed: bool
    """True when the day had at least *k* learners (else each statement left alone)."""


@dataclass(frozen=True)
class PoolDay:
    day: str
    statements: int
    learners: int


class PoolQueries(Queries):
    """The pool of unlinked statements (``store.pool``)."""

    # -- writing (inside the transaction that saves the learner's progress) ---------------------------
    def add(self, learner_id: int | None, records: Sequence[OutboundRecord], fallback_day: str, *,
            conn: sqlite3.Connection | None = None) -> None:
        """Pool unlinked records (in the transaction ``conn`` that saves the progress they describe).

        Args:
            learner_id: whose records they are; only a keyed tag of it is kept.
            records: statements whose actor is a fresh random name.
            fallback_day: the UTC day for a record without a timestamp (YYYY-MM-DD).
            conn: the open transaction, if any (else the records are pooled in one of their own).
        """
        with self.store.writing(conn) as c:
            rows = []
            for record in records:
                day = _day(record.payload) or fallback_day
                tag = NO_LEARNER if learner_id is None else _tag(_day_key(c, day), learner_id)
                rows.append((day, record.id, record.kind, compact_json(record.payload), tag))
            c.executemany("INSERT INTO unlinked_pool(day, id, kind, payload, tag) VALUES (?, ?, ?, ?, ?)", rows)

    # -- releasing ----------------------------------------------------------------------------------
    def release_due(self, today: str, k: int, batch_size: int,
                    rng: random.Random | None = None) -> list[Release]:
        """Release every day before ``today`` (UTC, YYYY-MM-DD) into the outbox, oldest first."""
        days = [d for (d,) in self.conn.execute(
            "SELECT DISTINCT day FROM unlinked_pool WHERE day < ? ORDER BY day", (today,))]
        return [self.release_day(day, k, batch_size, rng) for day in days]


    def release_day(self, day: str, k: int, batch_size: int,
                    rng: random.Random | None = None) -> Release:
        """Move one day's pool into the outbox as requests fixed now (see ``compose``), and forget
        the day's key and tags, in one transaction."""
        created = f"{day}T00:00:00.000+00:00"  # the outbox keeps no finer time for them either
        # Deleted rows would otherwise linger in the file's pages, tags and key included.
        self.conn.execute("PRAGMA secure_delete = ON")
        with self.store.transaction() as c:
            # Read inside the transaction: a statement pooled a moment ago is moved too, never dropped.
            rows = [Pooled(*r) for r in c.execute(
                "SELECT id, kind, payload, tag FROM unlinked_pool WHERE day = ?", (day,))]
            groups = compose(rows, k, batch_size, rng)
            for group in groups:
                batch = uuid.uuid4().hex
                # OR IGNORE: an id already in the outbox is already on its way; the pool copy goes.
                c.executemany("INSERT OR IGNORE INTO outbox(id, learner_id, kind, payload, created_at, batch) "
                              "VALUES (?, NULL, ?, ?, ?, ?)",
                              [(r.id, r.kind, r.payload, created, batch) for r in group])
            c.execute("DELETE FROM unlinked_pool WHERE day = ?", (day,))
            c.execute("DELETE FROM meta WHERE key = ?", (KEY_PREFIX + day,))
        learners = len({r.tag for r in rows})
        return Release(day, len(rows), learners, len(groups), learners >= k)

    # -- what waits ---------------------------------------------------------------------------------
    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM unlinked_pool").fetchone()[0])


    def days(self) -> list[PoolDay]:
        """Per day waiting: statements and distinct learners (for IT's `tip-kiosk outbox`)."""
        return [PoolDay(*r) for r in self.conn.execute(
            "SELECT day, count(*), count(DISTINCT tag) FROM unlinked_pool GROUP BY day ORDER BY day")]


def _day(payload: Any) -> str | None:
    stamp = payload.get("timestamp") if hasattr(payload, "get") else None
    # Statements are dated in UTC ("...Z"); the pool's days are UTC days.
    return stamp[:10] if isinstance(stamp, str) and len(stamp) >= 10 and stamp[4] == "-" else None


def _day_key(c: sqlite3.Connection, day: str) -> bytes:
    row = c.execute("SELECT value FROM meta WHERE key = ?", (KEY_PREFIX + day,)).fetchone()
    if row:
        return bytes.fromhex(row[0])
    key = secrets.token_bytes(32)
    c.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (KEY_PREFIX + day, key.hex()))
    return key


def _tag(key: bytes, learner_id: int) -> str:
    return hmac.new(key, str(learner_id).encode(), hashlib.sha256).hexdigest()[:16]


def compose(rows: Iterable[Pooled], k: int, batch_size: int,
            rng: random.Random | None = None) -> list[list[Pooled]]:
    """Shuffle a day's statements and cut them into requests that each mix at least ``k``
    learners. With fewer than ``k`` learners in the day, every statement is a request of its own.

    A request holds ``batch_size`` statements or more: it closes only once it also mixes ``k``
    learners, and what is left at the end (fewer than ``k`` learners) joins the last request.
    """
    rows = list(rows)
    (rng or random.SystemRandom()).shuffle(rows)  # unpredictable to anyone outside the PC
    if len({r.tag for r in rows}) < k:
        return [[r] for r in rows]
    groups: list[list[Pooled]] = []
    current: list[Pooled] = []
    tags: set[str] = set()
    for row in rows:
        current.append(row)
        tags.add(row.tag)
        if len(current) >= batch_size and len(tags) >= k:
            groups.append(current)
            current, tags = [], set()
    if current:
        if len(tags) >= k or not groups:
            groups.append(current)
        else:
            groups[-1].extend(current)
    return groups
