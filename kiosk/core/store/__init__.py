"""The learner database: schema and migrations, safe opening, and every query (each table
group's reached from a ``Store``: ``store.progress``, ``store.outbox``, ... see store.py)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core.store.db import DB_NAME, Recovery, backup, connect, open_database
from kiosk.core.store.learners import LearnerRow
from kiosk.core.store.migrations import SCHEMA_VERSION
from kiosk.core.store.store import OutboundRecord, Store

if TYPE_CHECKING:
    from kiosk.core.store.groups import AttendeeRow, GroupSessionRow, TrainerRow
    from kiosk.core.store.media import MediaState
    from kiosk.core.store.progress import ModuleSummary, StepProgress

# The rows the sign-in screen does not need are imported on first use (PEP 562), as are the
# queries behind them (Store's accessors): the group, outbox (with the pool), completion, media
# and admin queries took ~35 ms of start-up before the first paint (docs/performance.md).
_LATER = {
    "MediaState": "media", "ModuleSummary": "progress", "StepProgress": "progress",
    "AttendeeRow": "groups", "GroupSessionRow": "groups", "TrainerRow": "groups",
}


def __getattr__(name: str) -> Any:
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LATER[name]}"), name)
    globals()[name] = value
    return value


def open_store(data_dir: Path) -> tuple[Store, Recovery | None]:
    """Open the learner database in ``data_dir``; see ``open_database``."""
    conn, recovery = open_database(data_dir)
    return Store(conn), recovery


def open_reader(path: Path) -> Store:
    """A Store on its own connection to the database file ``path`` (one per thread), for building
    reports off the UI thread (``Store.database_path()`` gives the file)."""
    import sqlite_utils

    return Store(sqlite_utils.Database(connect(path)))


__all__ = [
    "AttendeeRow", "GroupSessionRow", "TrainerRow", "MediaState", "ModuleSummary", "StepProgress",
    "DB_NAME", "SCHEMA_VERSION", "LearnerRow", "OutboundRecord", "Recovery",
    "Store", "backup", "connect", "open_reader", "open_store",
]
