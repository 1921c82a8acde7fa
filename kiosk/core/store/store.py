"""Every query the kiosk makes. Progress and the records that describe it commit together."""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping

from kiosk.core.errors import QT_TRANSLATE_NOOP, StoreError

if TYPE_CHECKING:
    import sqlite_utils

    from kiosk.core.vault import NameSeal


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class LearnerRow:
    id: int
    code_hash: str
    pin_hash: str
    first_name: str | None
    role: str
    failed_pins: int
    locked_until: float
    settings: Mapping[str, Any]
    pseudonym: str | None


@dataclass(frozen=True)
class StepProgress:
    step_id: str
    status: str  # 'seen' or 'done'
    answer: Any
    attempts: int
    updated_at: str


@dataclass(frozen=True)
class OutboundRecord:
    """A record to send, made when the event it describes is committed."""

    id: str
    kind: str
    payload: Mapping[str, Any]
    linked: bool = True
    """False for a statement whose actor is a fresh random name: it waits in the unlinked pool
    (kiosk/core/store/pool.py) and never leaves with linked statements."""


@dataclass(frozen=True)
class ModuleSummary:
    module_id: str
    done_steps: frozenset[str]
    position: str | None
    updated_at: str | None


class Store:
    """The learner database. Use one Store (one connection) per thread."""

    def __init__(self, conn: "sqlite3.Connection | sqlite_utils.Database"):
        self.conn: sqlite3.Connection = getattr(conn, "conn", conn)
        self._db: "sqlite_utils.Database | None" = None
        self.names: "NameSeal | None" = None
        """Seals first names at rest (kiosk.core.vault.NameSeal); set by ``Accounts``. Without it
        names are written as given and sealed ones read as no name."""

    @property
    def db(self) -> "sqlite_utils.Database":
        """sqlite-utils over the same connection, made on first use (its import is slow)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; when this returns, the changes are on disk.

        Raises:
            StoreError: the change could not be saved (disk full, file damaged, ...); nothing of
                it was written.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _explain(exc) from exc

    def close(self) -> None:
        self.conn.close()

    # -- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    # -- learners ---------------------------------------------------------------------------
    def add_learner(self, code_hash: str, pin_hash: str, first_name: str | None = None,
                    role: str = "learner", pseudonym: str | None = None) -> int:
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO learners(code_hash, pin_hash, first_name, role, created_at, pseudonym) "
                "VALUES (?, ?, ?, ?, ?, ?)", (code_hash, pin_hash, self._seal_name(first_name), role, utcnow(),
                                              pseudonym))
            return int(cur.lastrowid)

    def learner_by_code(self, code_hash: str) -> LearnerRow | None:
        return self._learner("code_hash = ?", code_hash)

    def learner(self, learner_id: int) -> LearnerRow | None:
        return self._learner("id = ?", learner_id)

    def _learner(self, where: str, value: Any) -> LearnerRow | None:
        row = self.conn.execute(
            "SELECT id, code_hash, pin_hash, first_name, role, failed_pins, locked_until, settings, "
            f"pseudonym FROM learners WHERE {where}", (value,)).fetchone()
        if row is None:
            return None
        return LearnerRow(*row[:3], self.open_name(row[3]), *row[4:7], json.loads(row[7] or "{}"), row[8])

    def open_name(self, stored: str | None) -> str | None:
        """A first name as the learner gave it (None if sealed and this Store cannot open it)."""
        if self.names is not None:
            return self.names.open(stored)
        return None if stored and stored.startswith("sealed:") else stored

    def _seal_name(self, name: str | None) -> str | None:
        return self.names.seal(name) if self.names is not None else name

    def seal_plain_names(self) -> int:
        """Seal first names written before names were sealed; returns how many."""
        with self.transaction() as c:
            rows = c.execute("SELECT id, first_name FROM learners WHERE first_name IS NOT NULL AND "
                             "first_name != '' AND first_name NOT LIKE 'sealed:%'").fetchall()
            c.executemany("UPDATE learners SET first_name = ? WHERE id = ?",
                          [(self._seal_name(name), learner_id) for learner_id, name in rows])
        return len(rows)

    def forget_pseudonyms(self) -> int:
        """Drop every stored pseudonym (no organisation secret any more: nothing may link).
        Returns how many there were."""
        with self.transaction() as c:
            return c.execute("UPDATE learners SET pseudonym = NULL WHERE pseudonym IS NOT NULL").rowcount

    def count_learners(self) -> int:
        return self.conn.execute("SELECT count(*) FROM learners").fetchone()[0]

    def update_learner(self, learner_id: int, **fields: Any) -> None:
        """Change some of a learner's columns (pin_hash, failed_pins, locked_until, settings, ...)."""
        allowed = {"pin_hash", "first_name", "failed_pins", "locked_until", "settings", "pseudonym", "role"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"not learner columns: {sorted(unknown)}")
        if "settings" in fields:
            fields["settings"] = json.dumps(fields["settings"], sort_keys=True)
        if "first_name" in fields:
            fields["first_name"] = self._seal_name(fields["first_name"])
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.transaction() as c:
            c.execute(f"UPDATE learners SET {assignments} WHERE id = ?", (*fields.values(), learner_id))

    # -- sessions ---------------------------------------------------------------------------
    def start_session(self, learner_id: int) -> int:
        with self.transaction() as c:
            cur = c.execute("INSERT INTO sessions(learner_id, started_at) VALUES (?, ?)",
                            (learner_id, utcnow()))
            return int(cur.lastrowid)

    def end_session(self, session_id: int, reason: str) -> None:
        with self.transaction() as c:
            c.execute("UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL",
                      (utcnow(), reason, session_id))

    # -- progress ---------------------------------------------------------------------------
    def save_step(self, learner_id: int, module_id: str, step_id: str, *, status: str,
                  answer: Any = None, attempts: int = 0, position: str | None = None,
                  records: Iterable[OutboundRecord] = (),
                  also: Callable[[sqlite3.Connection], None] | None = None) -> None:
        """Save one step's progress, optionally move the resume position, and queue the records
        that describe it: all in one transaction, so a record never exists without its progress
        (or the other way round), whatever moment the power goes. ``also`` writes more in the
        same transaction (a completion, time spent)."""
        now = utcnow()
        with self.transaction() as c:
            c.execute(
                "INSERT INTO progress(learner_id, module_id, step_id, status, answer, attempts, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(learner_id, module_id, step_id) DO UPDATE SET "
                # 'done' is never undone by a later visit
                "status = CASE WHEN progress.status = 'done' THEN 'done' ELSE excluded.status END, "
                "answer = COALESCE(excluded.answer, progress.answer), "
                "attempts = max(progress.attempts, excluded.attempts), updated_at = excluded.updated_at",
                (learner_id, module_id, step_id, status, _json(answer), attempts, now))
            if position is not None:
                self._set_position(c, learner_id, module_id, position, now)
            self._enqueue(c, learner_id, records, now)
            if also is not None:
                also(c)

    def set_position(self, learner_id: int, module_id: str, step_id: str) -> None:
        with self.transaction() as c:
            self._set_position(c, learner_id, module_id, step_id, utcnow())

    @staticmethod
    def _set_position(c: sqlite3.Connection, learner_id: int, module_id: str, step_id: str, now: str) -> None:
        c.execute("INSERT INTO positions(learner_id, module_id, step_id, updated_at) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT(learner_id, module_id) DO UPDATE SET step_id = excluded.step_id, "
                  "updated_at = excluded.updated_at", (learner_id, module_id, step_id, now))

    def module_progress(self, learner_id: int, module_id: str) -> dict[str, StepProgress]:
        rows = self.conn.execute(
            "SELECT step_id, status, answer, attempts, updated_at FROM progress "
            "WHERE learner_id = ? AND module_id = ?", (learner_id, module_id))
        return {r[0]: StepProgress(r[0], r[1], json.loads(r[2]) if r[2] else None, r[3], r[4]) for r in rows}

    def position(self, learner_id: int, module_id: str) -> str | None:
        row = self.conn.execute("SELECT step_id FROM positions WHERE learner_id = ? AND module_id = ?",
                                (learner_id, module_id)).fetchone()
        return row[0] if row else None

    def summaries(self, learner_id: int) -> dict[str, ModuleSummary]:
        """Per module the learner has touched: done steps, resume position, last activity."""
        done: dict[str, set[str]] = {}
        for module_id, step_id in self.conn.execute(
                "SELECT module_id, step_id FROM progress WHERE learner_id = ? AND status = 'done'",
                (learner_id,)):
            done.setdefault(module_id, set()).add(step_id)
        positions = {r[0]: (r[1], r[2]) for r in self.conn.execute(
            "SELECT module_id, step_id, updated_at FROM positions WHERE learner_id = ?", (learner_id,))}
        return {
            m: ModuleSummary(m, frozenset(done.get(m, ())), *positions.get(m, (None, None)))
            for m in set(done) | set(positions)
        }

    # -- outbox -----------------------------------------------------------------------------
    def enqueue(self, learner_id: int | None, records: Iterable[OutboundRecord]) -> None:
        """Queue records that describe no step progress (e.g. a module completion)."""
        with self.transaction() as c:
            self._enqueue(c, learner_id, records, utcnow())

    @staticmethod
    def _enqueue(c: sqlite3.Connection, learner_id: int | None, records: Iterable[OutboundRecord],
                 now: str) -> None:
        records = list(records)
        c.executemany(
            "INSERT INTO outbox(id, learner_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)",
            [(r.id, learner_id, r.kind, json.dumps(r.payload, sort_keys=True, separators=(",", ":")), now)
             for r in records if r.linked])
        unlinked = [r for r in records if not r.linked]
        if unlinked:
            from kiosk.core.store import pool

            pool.add(c, learner_id, unlinked, now[:10])

    def outbox_counts(self) -> dict[str, int]:
        counts = {"pending": 0, "delivered": 0, "quarantined": 0}
        counts.update(dict(self.conn.execute("SELECT state, count(*) FROM outbox GROUP BY state")))
        return counts


def _explain(exc: sqlite3.Error) -> StoreError:
    # Whole sentences per cause (not a sentence with a gap), so each translates naturally.
    text = str(exc).lower()
    if "full" in text:
        return StoreError(QT_TRANSLATE_NOOP(
            "errors", "This change could not be saved because the computer's disk is full. "
                      "Everything saved before it is safe. Please tell a trainer or IT."))
    if "readonly" in text or "read-only" in text:
        return StoreError(QT_TRANSLATE_NOOP(
            "errors", "This change could not be saved because the learner data folder cannot be "
                      "written. Everything saved before it is safe. Please tell a trainer or IT."))
    if "locked" in text or "busy" in text:
        return StoreError(QT_TRANSLATE_NOOP(
            "errors", "This change could not be saved because another program is using the learner "
                      "database. Everything saved before it is safe. Please tell a trainer or IT."))
    return StoreError(QT_TRANSLATE_NOOP(
        "errors", "This change could not be saved because the learner database reported: {detail}. "
                  "Everything saved before it is safe. Please tell a trainer or IT."), detail=str(exc))


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, separators=(",", ":"))
