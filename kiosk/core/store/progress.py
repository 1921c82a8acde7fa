"""Queries for a learner's progress: each step's status and answer, where they resume each module,
and the time spent on it. A step's progress and the records that describe it commit in one
transaction (``save_step``), whatever moment the power goes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kiosk.core.clock import utcnow
from kiosk.core.store.store import OutboundRecord, Queries, compact_json


@dataclass(frozen=True)
class StepProgress:
    step_id: str
    status: str  # 'seen' or 'done'
    answer: Any
    attempts: int
    updated_at: str


@dataclass(frozen=True)
class ModuleSummary:
    module_id: str
    done_steps: frozenset[str]
    position: str | None
    updated_at: str | None


class ProgressQueries(Queries):
    """Steps, resume positions and time on modules (``store.progress``)."""

    def save_step(self, learner_id: int, module_id: str, step_id: str, *, status: str,
                  answer: Any = None, attempts: int = 0, position: str | None = None,
                  records: Iterable[OutboundRecord] = (),
                  also: Callable[[sqlite3.Connection], None] | None = None) -> None:
        """Save one step's progress, optionally move the resume position, and queue the records
        that describe it: all in one transaction, so a record never exists without its progress
        (or the other way round), whatever moment the power goes. ``also`` writes more in the
        same transaction (a completion, time spent)."""
        now = utcnow()
        with self.store.transaction() as c:
            c.execute(
                "INSERT INTO progress(learner_id, module_id, step_id, status, answer, attempts, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(learner_id, module_id, step_id) DO UPDATE SET "
                # 'done' is never undone by a later visit
                "status = CASE WHEN progress.status = 'done' THEN 'done' ELSE excluded.status END, "
                "answer = COALESCE(excluded.answer, progress.answer), "
                "attempts = max(progress.attempts, excluded.attempts), updated_at = excluded.updated_at",
                (learner_id, module_id, step_id, status, None if answer is None else compact_json(answer),
                 attempts, now))
            if position is not None:
                self._set_position(c, learner_id, module_id, position, now)
            self.store.outbox.enqueue(learner_id, records, conn=c, now=now)
            if also is not None:
                also(c)

    def set_position(self, learner_id: int, module_id: str, step_id: str) -> None:
        with self.store.transaction() as c:
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

    def all_progress(self, learner_id: int) -> dict[str, dict[str, StepProgress]]:
        """module id -> step id -> progress, for every module the learner has touched."""
        result: dict[str, dict[str, StepProgress]] = {}
        for module_id, step_id, status, answer, attempts, updated_at in self.conn.execute(
                "SELECT module_id, step_id, status, answer, attempts, updated_at FROM progress "
                "WHERE learner_id = ?", (learner_id,)):
            result.setdefault(module_id, {})[step_id] = StepProgress(
                step_id, status, json.loads(answer) if answer else None, attempts, updated_at)
        return result

    def position(self, learner_id: int, module_id: str) -> str | None:
        row = self.conn.execute("SELECT step_id FROM positions WHERE learner_id = ? AND module_id = ?",
                                (learner_id, module_id)).fetchone()
        return str(row[0]) if row else None

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

    def last_done_at(self, learner_id: int, module_id: str, step_ids: tuple[str, ...]) -> str | None:
        """When the last of ``step_ids`` was first done (a completion's moment,
        kiosk.core.completed_modules)."""
        if not step_ids:
            return None
        marks = ", ".join("?" * len(step_ids))
        row = self.conn.execute(
            f"SELECT max(done_at) FROM progress WHERE learner_id = ? AND module_id = ? AND status = 'done' "
            f"AND step_id IN ({marks})", (learner_id, module_id, *step_ids)).fetchone()
        return None if row[0] is None else str(row[0])

    # -- time on each module ----------------------------------------------------------------
    def add_time(self, learner_id: int, module_id: str, seconds: float,
                 *, conn: sqlite3.Connection | None = None) -> None:
        """Add time spent on a module (in the step save's transaction, or on its own when a
        learner leaves a module without saving a step)."""
        with self.store.writing(conn) as c:
            c.execute(
                "INSERT INTO module_time(learner_id, module_id, seconds) VALUES (?, ?, ?) "
                "ON CONFLICT(learner_id, module_id) DO UPDATE SET seconds = seconds + excluded.seconds",
                (learner_id, module_id, seconds))

    def module_times(self, learner_id: int) -> dict[str, float]:
        """module id -> seconds the learner has spent on it."""
        return dict(self.conn.execute(
            "SELECT module_id, seconds FROM module_time WHERE learner_id = ?", (learner_id,)))
