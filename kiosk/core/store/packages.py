"""What a learner's SCOs (and H5P content) last saved in a package step, for resume and for the
package's result. Rows are written inside the same transaction as the step's progress (see
``kiosk.core.learning.ModuleRun._save``), so a completion never exists without the data that
earned it, whatever moment the power goes."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Mapping

from kiosk.core.store.store import Store, utcnow


@dataclass(frozen=True)
class PackageRow:
    data: Any
    """The JSON the learning path wrote (a SCO's record, the sequencing state, H5P data)."""
    attempt: int = 0
    updated_at: str = ""


def package_rows(store: Store, learner_id: int, module_id: str, step_id: str) -> dict[str, PackageRow]:
    """Every saved row of one package step, by SCO id (and the ``__`` rows)."""
    rows = store.conn.execute(
        "SELECT sco_id, data, attempt, updated_at FROM package_state "
        "WHERE learner_id = ? AND module_id = ? AND step_id = ?", (learner_id, module_id, step_id))
    found = {}
    for sco_id, data, attempt, updated_at in rows:
        try:
            value = json.loads(data)
        except ValueError:
            value = None  # a damaged row must not stop the package: that SCO starts afresh
        found[sco_id] = PackageRow(value, attempt, updated_at)
    return found


def write_package_rows(conn: sqlite3.Connection, learner_id: int, module_id: str, step_id: str,
                       rows: Mapping[str, PackageRow]) -> None:
    """Upsert ``rows`` inside the caller's transaction (``Store.save_step(..., also=...)``)."""
    now = utcnow()
    conn.executemany(
        "INSERT INTO package_state(learner_id, module_id, step_id, sco_id, data, attempt, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(learner_id, module_id, step_id, sco_id) DO UPDATE SET "
        "data = excluded.data, attempt = excluded.attempt, updated_at = excluded.updated_at",
        [(learner_id, module_id, step_id, sco_id, json.dumps(row.data, separators=(",", ":")), row.attempt,
          now) for sco_id, row in rows.items()])


def save_package_rows(store: Store, learner_id: int, module_id: str, step_id: str,
                      rows: Mapping[str, PackageRow]) -> None:
    """Upsert ``rows`` in a transaction of their own (committed to disk when this returns)."""
    with store.transaction() as c:
        write_package_rows(c, learner_id, module_id, step_id, rows)


def delete_learner_packages(conn: sqlite3.Connection, learner_id: int) -> None:
    """Remove a learner's package data (for whatever removes the learner, in its transaction)."""
    conn.execute("DELETE FROM package_state WHERE learner_id = ?", (learner_id,))
