"""Queries for group sessions: the session and where its presenter is, who attended, what the room
answered, and the completion credit that attendees receive.

Every method commits before it returns, so a session survives a crash at any moment. Credit for an
attendee (their progress and the records that describe it) commits in one transaction, like any
learner's progress (see ProgressQueries.save_step).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from kiosk.core.clock import utcnow
from kiosk.core.store.completion_records import CompletionRow
from kiosk.core.store.store import OutboundRecord, Queries, compact_json


@dataclass(frozen=True)
class GroupSessionRow:
    id: str
    trainer_id: int
    module_id: str
    module_version: str
    state: str  # 'running', 'ended' or 'discarded'
    step_id: str
    presenter: Mapping[str, Any]
    started_at: str
    last_activity_at: str
    interrupted_seconds: float
    ended_at: str | None
    size: int | None
    duration_seconds: int | None


@dataclass(frozen=True)
class AttendeeRow:
    learner_id: int
    first_name: str | None
    how: str  # 'self' (typed their own code) or 'trainer' (the trainer typed it)
    registered_at: str
    joined_late: bool
    left_early: bool
    credit: bool
    credited_at: str | None


@dataclass(frozen=True)
class TrainerRow:
    id: int
    first_name: str | None
    created_at: str


_SESSION_COLUMNS = ("id, trainer_id, module_id, module_version, state, step_id, presenter, started_at, "
                    "last_activity_at, interrupted_seconds, ended_at, size, duration_seconds")


class GroupQueries(Queries):
    """Group sessions (``store.groups``)."""

    # -- the session ------------------------------------------------------------------------
    def create(self, session_id: str, trainer_id: int, module_id: str, module_version: str,
               step_id: str) -> None:
        now = utcnow()
        with self.store.transaction() as c:
            c.execute("INSERT INTO group_sessions(id, trainer_id, module_id, module_version, step_id, "
                      "started_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (session_id, trainer_id, module_id, module_version, step_id, now, now))

    def session(self, session_id: str) -> GroupSessionRow | None:
        row = self.conn.execute(f"SELECT {_SESSION_COLUMNS} FROM group_sessions WHERE id = ?",
                                (session_id,)).fetchone()
        return _session(row) if row else None

    def running(self, trainer_id: int | None = None) -> list[GroupSessionRow]:
        """Sessions not yet ended (interrupted by a crash, or left by signing out), newest first."""
        where = "state = 'running'"
        args: tuple[object, ...] = ()
        if trainer_id is not None:
            where, args = where + " AND trainer_id = ?", (trainer_id,)
        rows = self.conn.execute(f"SELECT {_SESSION_COLUMNS} FROM group_sessions WHERE {where} "
                                 "ORDER BY last_activity_at DESC", args)
        return [_session(r) for r in rows]

    def move(self, session_id: str, step_id: str, presenter: Mapping[str, Any]) -> None:
        """Where the presenter is now (step, discussion pause, answer shown)."""
        with self.store.transaction() as c:
            c.execute("UPDATE group_sessions SET step_id = ?, presenter = ?, last_activity_at = ? "
                      "WHERE id = ? AND state = 'running'",
                      (step_id, compact_json(presenter), utcnow(), session_id))

    def resumed(self, session_id: str) -> float:
        """Note a resume after an interruption; returns the seconds lost (not counted as session
        time: a power cut is not teaching)."""
        row = self.session(session_id)
        now = utcnow()
        gap = max(0.0, _seconds_between(row.last_activity_at, now)) if row else 0.0
        with self.store.transaction() as c:
            c.execute("UPDATE group_sessions SET interrupted_seconds = interrupted_seconds + ?, "
                      "last_activity_at = ? WHERE id = ? AND state = 'running'", (gap, now, session_id))
        return gap

    def end(self, session_id: str, size: int, duration_seconds: int,
            records: Iterable[OutboundRecord]) -> None:
        """Close the session and queue the record that describes it, in one transaction."""
        now = utcnow()
        with self.store.transaction() as c:
            cur = c.execute("UPDATE group_sessions SET state = 'ended', ended_at = ?, last_activity_at = ?, "
                            "size = ?, duration_seconds = ? WHERE id = ? AND state = 'running'",
                            (now, now, size, duration_seconds, session_id))
            if cur.rowcount:
                self.store.outbox.enqueue(None, records, conn=c, now=now)

    def discard(self, session_id: str) -> None:
        """Drop a session nobody was credited for (started by mistake); its rows stay, marked."""
        with self.store.transaction() as c:
            c.execute("UPDATE group_sessions SET state = 'discarded', ended_at = ? WHERE id = ? "
                      "AND state = 'running'", (utcnow(), session_id))

    # -- what the room answered -------------------------------------------------------------
    def save_answer(self, session_id: str, step_id: str, answer: Mapping[str, Any]) -> None:
        now = utcnow()
        with self.store.transaction() as c:
            c.execute("INSERT INTO group_answers(session_id, step_id, answer, updated_at) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT(session_id, step_id) DO UPDATE SET answer = excluded.answer, "
                      "updated_at = excluded.updated_at", (session_id, step_id, compact_json(answer), now))
            c.execute("UPDATE group_sessions SET last_activity_at = ? WHERE id = ?", (now, session_id))

    def answers(self, session_id: str) -> dict[str, Any]:
        rows = self.conn.execute("SELECT step_id, answer FROM group_answers WHERE session_id = ?",
                                 (session_id,))
        return {step_id: json.loads(answer) for step_id, answer in rows}

    # -- attendance -------------------------------------------------------------------------
    def add_attendee(self, session_id: str, learner_id: int, how: str, joined_late: bool = False) -> bool:
        """Register an attendee; False if they were already registered."""
        with self.store.transaction() as c:
            cur = c.execute("INSERT INTO group_attendance(session_id, learner_id, registered_at, how, "
                            "joined_late, credit) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            (session_id, learner_id, utcnow(), how, int(joined_late), int(not joined_late)))
            return cur.rowcount == 1

    def mark_attendee(self, session_id: str, learner_id: int, **marks: bool) -> None:
        """Set any of joined_late, left_early, credit for an attendee not yet credited."""
        unknown = set(marks) - {"joined_late", "left_early", "credit"}
        if unknown:
            raise ValueError(f"not attendance marks: {sorted(unknown)}")
        if not marks:
            return
        assignments = ", ".join(f"{name} = ?" for name in marks)
        with self.store.transaction() as c:
            c.execute(f"UPDATE group_attendance SET {assignments} WHERE session_id = ? AND learner_id = ? "
                      "AND credited_at IS NULL", (*(int(v) for v in marks.values()), session_id, learner_id))

    def remove_attendee(self, session_id: str, learner_id: int) -> None:
        """Undo a registration made by mistake (not once credit was given)."""
        with self.store.transaction() as c:
            c.execute("DELETE FROM group_attendance WHERE session_id = ? AND learner_id = ? "
                      "AND credited_at IS NULL", (session_id, learner_id))

    def attendees(self, session_id: str) -> list[AttendeeRow]:
        rows = self.conn.execute(
            "SELECT a.learner_id, l.first_name, a.how, a.registered_at, a.joined_late, a.left_early, "
            "a.credit, a.credited_at FROM group_attendance a JOIN learners l ON l.id = a.learner_id "
            "WHERE a.session_id = ? ORDER BY a.registered_at, a.learner_id", (session_id,))
        return [AttendeeRow(r[0], self.store.learners.open_name(r[1]), r[2], r[3], bool(r[4]), bool(r[5]), bool(r[6]),
                            r[7]) for r in rows]

    def credit(self, session_id: str, learner_id: int, module_id: str, step_ids: Iterable[str],
               records: Iterable[OutboundRecord], completion: CompletionRow | None = None) -> bool:
        """Give an attendee completion credit: every step of the module done (their own answers
        kept), the attendance marked credited, the module's completion recorded if the credit
        completes it (``completion``, kiosk.core.completed_modules) and the records queued, in one
        transaction. False if they had been credited already (so finishing again after a crash
        is safe)."""
        now = utcnow()
        with self.store.transaction() as c:
            cur = c.execute("UPDATE group_attendance SET credited_at = ? WHERE session_id = ? AND "
                            "learner_id = ? AND credit = 1 AND credited_at IS NULL", (now, session_id, learner_id))
            if cur.rowcount == 0:
                return False
            # The same rules as ProgressQueries.save_step: 'done' is never undone and answers are kept.
            c.executemany(
                "INSERT INTO progress(learner_id, module_id, step_id, status, answer, attempts, updated_at) "
                "VALUES (?, ?, ?, 'done', NULL, 0, ?) ON CONFLICT(learner_id, module_id, step_id) DO UPDATE "
                "SET status = 'done', updated_at = CASE WHEN progress.status = 'done' THEN progress.updated_at "
                "ELSE excluded.updated_at END",
                [(learner_id, module_id, step_id, now) for step_id in step_ids])
            if completion is not None:  # completed at the moment of the credit
                self.store.completion_records.record(replace(completion, completed_at=now), conn=c)
            self.store.outbox.enqueue(learner_id, records, conn=c, now=now)
            return True

    # -- trainers ---------------------------------------------------------------------------
    def trainers(self) -> list[TrainerRow]:
        rows = self.conn.execute("SELECT id, first_name, created_at FROM learners WHERE role = 'trainer' "
                                 "ORDER BY id")
        return [TrainerRow(r[0], self.store.learners.open_name(r[1]), r[2]) for r in rows]


def _session(row: tuple[Any, ...]) -> GroupSessionRow:
    values = list(row)
    values[6] = json.loads(values[6] or "{}")
    return GroupSessionRow(*values)


def _seconds_between(earlier: str, later: str) -> float:
    return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()
