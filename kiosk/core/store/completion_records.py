"""Module completion records (the ``completions`` table): written once per learner and module, the
moment the module's completion rules were first met (kiosk.core.completed_modules), in the
transaction of the step save or group credit that met them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kiosk.core.store.store import Queries


@dataclass(frozen=True)
class CompletionRow:
    id: str
    learner_id: int
    module_id: str
    module_version: str
    completed_at: str
    score: int | None


_COLUMNS = "id, learner_id, module_id, module_version, completed_at, score"


class CompletionRecordQueries(Queries):
    """Module completion records (``store.completion_records``)."""

    def record(self, row: CompletionRow, *, conn: sqlite3.Connection | None = None) -> None:
        """Record a completion once; a later one for the same learner and module is ignored."""
        with self.store.writing(conn) as c:
            c.execute(
                "INSERT INTO completions(id, learner_id, module_id, module_version, completed_at, score) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(learner_id, module_id) DO NOTHING",
                (row.id, row.learner_id, row.module_id, row.module_version, row.completed_at, row.score))

    def of_learner(self, learner_id: int) -> dict[str, CompletionRow]:
        """module id -> the learner's completion of it."""
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM completions WHERE learner_id = ?", (learner_id,))
        return {r[2]: CompletionRow(*r) for r in rows}

    def by_id(self, completion_id: str) -> CompletionRow | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM completions WHERE id = ?", (completion_id,)).fetchone()
        return CompletionRow(*row) if row else None

    def all(self) -> list[CompletionRow]:
        """Every completion on this PC (to check a certificate's code); oldest first."""
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM completions ORDER BY completed_at")
        return [CompletionRow(*r) for r in rows]
