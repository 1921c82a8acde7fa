"""The queries behind site reports. They read only: counts by module, never a person's answers
outside the aggregate (kiosk/core/reports.py does the sums and the suppression).

Only accounts with the 'learner' role are counted: trainers trying things out are not learners.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from kiosk.core.store.db import connect
from kiosk.core.store.store import Store

_NOT_LEARNERS = "SELECT id FROM learners WHERE role <> 'learner'"
"""Trainers are few: excluding them is cheaper than listing every learner."""


@dataclass(frozen=True)
class Completion:
    learner_id: int
    module_id: str
    completed_at: str
    """When the last required step became done (progress.done_at)."""


@dataclass(frozen=True)
class SessionTotals:
    module_id: str
    sessions: int
    attendances: int
    seconds: int


def database_path(store: Store) -> Path:
    """The file behind a store, so a worker thread can open its own connection to it."""
    for _, name, file in store.conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file)
    raise LookupError("the store has no main database")


def reader(path: Path) -> Store:
    """A Store on its own connection (one per thread), for building reports off the UI thread."""
    import sqlite_utils

    return Store(sqlite_utils.Database(connect(path)))


def completions(store: Store, module_id: str, step_ids: Sequence[str]) -> list[Completion]:
    """Learners who have done every one of ``step_ids`` in the module, with when they finished."""
    if not step_ids:
        return []
    marks = ", ".join("?" * len(step_ids))
    rows = store.conn.execute(
        "SELECT learner_id, max(done_at) FROM progress INDEXED BY progress_by_module "
        f"WHERE module_id = ? AND status = 'done' AND step_id IN ({marks}) "
        f"AND learner_id NOT IN ({_NOT_LEARNERS}) GROUP BY learner_id HAVING count(*) = ?",
        (module_id, *step_ids, len(step_ids)))
    return [Completion(learner_id, module_id, done_at or "") for learner_id, done_at in rows]


def group_credits(store: Store) -> dict[tuple[int, str], str]:
    """(learner, module) -> the earliest moment a group session gave them completion credit."""
    rows = store.conn.execute(
        "SELECT a.learner_id, s.module_id, min(a.credited_at) FROM group_attendance a "
        "JOIN group_sessions s ON s.id = a.session_id WHERE a.credited_at IS NOT NULL "
        "GROUP BY a.learner_id, s.module_id")
    return {(learner_id, module_id): at for learner_id, module_id, at in rows}


def survey_ratings(store: Store, module_id: str, step_id: str, question_ids: Sequence[str]
                   ) -> dict[str, tuple[int, int]]:
    """Per question: (people rating it 4 or 5, people answering it) among individual learners."""
    if not question_ids:
        return {}
    paths = [f'$.ratings."{question}"' for question in question_ids]
    columns = ", ".join("coalesce(sum(json_extract(answer, ?) >= 4), 0), count(json_extract(answer, ?))"
                        for _ in paths)
    row = store.conn.execute(
        f"SELECT {columns} FROM progress INDEXED BY progress_by_step WHERE module_id = ? AND step_id = ? "
        f"AND answer IS NOT NULL AND learner_id NOT IN ({_NOT_LEARNERS})",
        (*[p for path in paths for p in (path, path)], module_id, step_id)).fetchone()
    return {q: (int(row[2 * i]), int(row[2 * i + 1])) for i, q in enumerate(question_ids)}


def group_survey_hands(store: Store, module_id: str, step_id: str) -> Iterator[dict[str, Any]]:
    """The show-of-hands counts recorded for a survey step in finished group sessions."""
    rows = store.conn.execute(
        "SELECT g.answer FROM group_answers g JOIN group_sessions s ON s.id = g.session_id "
        "WHERE s.state = 'ended' AND s.module_id = ? AND g.step_id = ?", (module_id, step_id))
    for (answer,) in rows:
        yield json.loads(answer).get("hands", {})


def step_answers(store: Store, module_id: str, step_ids: Sequence[str]) -> Iterator[tuple[int, str, Any]]:
    """(learner, step, answer) for the given steps (self-assessments), learners only."""
    if not step_ids:
        return
    marks = ", ".join("?" * len(step_ids))
    rows = store.conn.execute(
        f"SELECT learner_id, step_id, answer FROM progress INDEXED BY progress_by_step WHERE module_id = ? "
        f"AND step_id IN ({marks}) AND answer IS NOT NULL AND learner_id NOT IN ({_NOT_LEARNERS})",
        (module_id, *step_ids))
    for learner_id, step_id, answer in rows:
        yield learner_id, step_id, json.loads(answer)


def session_totals(store: Store) -> list[SessionTotals]:
    """Finished group sessions per module: how many, people attending, time spent."""
    rows = store.conn.execute(
        "SELECT module_id, count(*), coalesce(sum(size), 0), coalesce(sum(duration_seconds), 0) "
        "FROM group_sessions WHERE state = 'ended' GROUP BY module_id")
    return [SessionTotals(*r) for r in rows]


def learner_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM learners WHERE role = 'learner'").fetchone()[0]
