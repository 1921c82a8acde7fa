"""What a learner's SCOs (and H5P content) last saved in a package step, for resume and for the
package's result. Rows are written inside the same transaction as the step's progress (see
``kiosk.core.learning.ModuleRun._save``), so a completion never exists without the data that
earned it, whatever moment the power goes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.core.clock import utcnow
from kiosk.core.store.store import Queries


@dataclass(frozen=True)
class PackageRow:
    data: Any
    """The JSON the learning path wrote (a SCO's record, the sequencing state, H5P data)."""
    attempt: int = 0
    updated_at: str = ""


class PackageQueries(Queries):
    """What learners' packages saved (``store.packages``)."""

    def rows(self, learner_id: int, module_id: str, step_id: str) -> dict[str, PackageRow]:
        """Every saved row of one package step, by SCO id (and the ``__`` rows)."""
        rows = self.conn.execute(
            "SELECT sco_id, data, attempt, updated_at FROM package_state "
            "WHERE learner_id = ? AND module_id = ? AND step_id = ?", (learner_id, module_id, step_id))
        found: dict[str, PackageRow] = {}
        for sco_id, data, attempt, updated_at in rows:
            try:
                value = json.loads(data)
            except ValueError:
                value = None  # a damaged row must not stop the package: that SCO starts afresh
            found[sco_id] = PackageRow(value, attempt, updated_at)
        return found

    def save(self, learner_id: int, module_id: str, step_id: str, rows: Mapping[str, PackageRow], *,
             conn: sqlite3.Connection | None = None) -> None:
        """Upsert ``rows``: inside the step save's transaction ``conn`` (``save_step(..., also=...)``),
        or in a transaction of their own (committed to disk when this returns)."""
        with self.store.writing(conn) as c:
            now = utcnow()
            c.executemany(
                "INSERT INTO package_state(learner_id, module_id, step_id, sco_id, data, attempt, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(learner_id, module_id, step_id, sco_id) DO UPDATE SET "
                "data = excluded.data, attempt = excluded.attempt, updated_at = excluded.updated_at",
                # Not compact_json: the package's data is kept in the key order it was written in.
                [(learner_id, module_id, step_id, sco_id, json.dumps(row.data, separators=(",", ":")), row.attempt,
                  now) for sco_id, row in rows.items()])

    def delete_learner(self, learner_id: int, *, conn: sqlite3.Connection | None = None) -> None:
        """Remove a learner's package data (for whatever removes the learner, in its transaction)."""
        with self.store.writing(conn) as c:
            c.execute("DELETE FROM package_state WHERE learner_id = ?", (learner_id,))
