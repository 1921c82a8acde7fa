"""Read-only looks at a learner database for `tip-kiosk doctor`: health, schema version, and the
newest moment anything was recorded. Opens the file read-only and never changes it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.store.db import sqlite_uri


@dataclass(frozen=True)
class Health:
    quick_check: str
    """'ok', or SQLite's first complaint."""
    schema_version: int
    learners: int
    newest_activity: str | None
    """ISO 8601 time of the latest session, step or record (None in an empty database)."""


def inspect(path: Path) -> Health:
    """Check the database at ``path`` without writing to it.

    Raises:
        sqlite3.Error: the file cannot be opened or is not a database at all.
    """
    with closing(sqlite3.connect(sqlite_uri(path, "ro"), uri=True)) as conn:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if check != "ok":
            return Health(check, version, 0, None)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        learners = conn.execute("SELECT count(*) FROM learners").fetchone()[0] if "learners" in tables else 0
        times = [
            conn.execute(f"SELECT max({column}) FROM {table}").fetchone()[0]
            for table, column in (("sessions", "started_at"), ("progress", "updated_at"),
                                  ("outbox", "created_at"))
            if table in tables
        ]
        times = [t for t in times if t]
        return Health(check, version, learners, max(times) if times else None)


def read_meta(path: Path, key: str) -> str | None:
    """One value from the meta table, read-only; None if absent or unreadable."""
    try:
        with closing(sqlite3.connect(sqlite_uri(path, "ro"), uri=True)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None  # a damaged file is the database check's to report
    return row[0] if row else None
