"""Queries for a learner's record: completions, time on each module, and every step answer
(for applying completion rules). The writers take a connection so they run inside the
transaction of the step save they belong to (``Store.save_step(also=...)``)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from kiosk.core.store.store import StepProgress, Store


@dataclass(frozen=True)
class CompletionRow:
    id: str
    learner_id: int
    module_id: str
    module_version: str
    completed_at: str
    score: int | None


def record_completion(conn: sqlite3.Connection, row: CompletionRow) -> None:
    """Record a completion once; a later one for the same learner and module is ignored."""
    conn.execute(
        "INSERT INTO completions(id, learner_id, module_id, module_version, completed_at, score) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(learner_id, module_id) DO NOTHING",
        (row.id, row.learner_id, row.module_id, row.module_version, row.completed_at, row.score))


def add_time(conn: sqlite3.Connection, learner_id: int, module_id: str, seconds: float) -> None:
    conn.execute(
        "INSERT INTO module_time(learner_id, module_id, seconds) VALUES (?, ?, ?) "
        "ON CONFLICT(learner_id, module_id) DO UPDATE SET seconds = seconds + excluded.seconds",
        (learner_id, module_id, seconds))


def save_time(store: Store, learner_id: int, module_id: str, seconds: float) -> None:
    """Add time on its own (when a learner leaves a module without saving a step)."""
    with store.transaction() as c:
        add_time(c, learner_id, module_id, seconds)


def completions(store: Store, learner_id: int) -> dict[str, CompletionRow]:
    """module id -> the learner's completion of it."""
    rows = store.conn.execute(
        "SELECT id, learner_id, module_id, module_version, completed_at, score FROM completions "
        "WHERE learner_id = ?", (learner_id,))
    return {r[2]: CompletionRow(*r) for r in rows}


def completion_by_id(store: Store, completion_id: str) -> CompletionRow | None:
    row = store.conn.execute(
        "SELECT id, learner_id, module_id, module_version, completed_at, score FROM completions "
        "WHERE id = ?", (completion_id,)).fetchone()
    return CompletionRow(*row) if row else None


def all_completions(store: Store) -> list[CompletionRow]:
    """Every completion on this PC (to check a certificate's code); oldest first."""
    rows = store.conn.execute(
        "SELECT id, learner_id, module_id, module_version, completed_at, score FROM completions "
        "ORDER BY completed_at")
    return [CompletionRow(*r) for r in rows]


def last_done_at(store: Store, learner_id: int, module_id: str, step_ids: tuple[str, ...]) -> str | None:
    """When the last of ``step_ids`` was first done (a completion's moment, kiosk.core.completed)."""
    if not step_ids:
        return None
    marks = ", ".join("?" * len(step_ids))
    return store.conn.execute(
        f"SELECT max(done_at) FROM progress WHERE learner_id = ? AND module_id = ? AND status = 'done' "
        f"AND step_id IN ({marks})", (learner_id, module_id, *step_ids)).fetchone()[0]


def module_times(store: Store, learner_id: int) -> dict[str, float]:
    """module id -> seconds the learner has spent on it."""
    return dict(store.conn.execute(
        "SELECT module_id, seconds FROM module_time WHERE learner_id = ?", (learner_id,)))


def all_progress(store: Store, learner_id: int) -> dict[str, dict[str, StepProgress]]:
    """module id -> step id -> progress, for every module the learner has touched."""
    result: dict[str, dict[str, StepProgress]] = {}
    for module_id, step_id, status, answer, attempts, updated_at in store.conn.execute(
            "SELECT module_id, step_id, status, answer, attempts, updated_at FROM progress "
            "WHERE learner_id = ?", (learner_id,)):
        result.setdefault(module_id, {})[step_id] = StepProgress(
            step_id, status, json.loads(answer) if answer else None, attempts, updated_at)
    return result
