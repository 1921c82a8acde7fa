"""The learner database: schema and migrations, safe opening, and every query."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.store.db import DB_NAME, Recovery, backup, connect, open_database
from kiosk.core.store.migrations import SCHEMA_VERSION
from kiosk.core.store.store import (
    LearnerRow,
    ModuleSummary,
    OutboundRecord,
    StepProgress,
    Store,
    utcnow,
)


if TYPE_CHECKING:
    from kiosk.core.store import completions, outbox
    from kiosk.core.store.admin import admin_lockout, save_admin_lockout
    from kiosk.core.store.groups import AttendeeRow, GroupSessionRow, GroupStore, TrainerRow
    from kiosk.core.store.media import MediaState, media_state, save_media_state

# The parts the sign-in screen does not need are imported on first use (PEP 562): the group,
# outbox (with the pool), completions, media and admin queries took ~35 ms of start-up before
# the first paint (docs/performance.md). `from kiosk.core.store import GroupStore` still works.
_LATER = {
    "completions": None, "outbox": None,
    "admin_lockout": "admin", "save_admin_lockout": "admin",
    "MediaState": "media", "media_state": "media", "save_media_state": "media",
    "AttendeeRow": "groups", "GroupSessionRow": "groups", "GroupStore": "groups", "TrainerRow": "groups",
}


def __getattr__(name: str):
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    part = _LATER[name]
    module = importlib.import_module(f"{__name__}.{part or name}")
    value = module if part is None else getattr(module, name)
    globals()[name] = value
    return value


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
