"""The learner database: schema and migrations, safe opening, and every query."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.store import completions
from kiosk.core.store.admin import admin_lockout, save_admin_lockout
from kiosk.core.store.db import DB_NAME, Recovery, backup, connect, open_database
from kiosk.core.store.media import MediaState, media_state, save_media_state
from kiosk.core.store.groups import AttendeeRow, GroupSessionRow, GroupStore, TrainerRow
from kiosk.core.store.migrations import SCHEMA_VERSION
from kiosk.core.store import outbox  # noqa: E402  (the outbox's queries, used by the sync engine)
from kiosk.core.store.store import (
    LearnerRow,
    ModuleSummary,
    OutboundRecord,
    StepProgress,
    Store,
    utcnow,
)


def open_store(data_dir: Path) -> tuple[Store, Recovery | None]:
    """Open the learner database in ``data_dir``; see ``open_database``."""
    conn, recovery = open_database(data_dir)
    return Store(conn), recovery


__all__ = [
    "AttendeeRow", "GroupSessionRow", "GroupStore", "TrainerRow",
    "DB_NAME", "SCHEMA_VERSION", "LearnerRow", "ModuleSummary", "OutboundRecord", "Recovery",
    "StepProgress", "Store", "backup", "completions", "connect", "open_store", "outbox", "utcnow",
    "admin_lockout", "save_admin_lockout", "MediaState", "media_state", "save_media_state",
]
