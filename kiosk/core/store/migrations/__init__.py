"""The learner database's schema, as numbered steps. A database records the last step applied in
``PRAGMA user_version``; opening it applies the rest, each in its own transaction.

Never edit a released step: add a new one. The steps live in this package's modules, in order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.core.store.migrations.learning import (
    _completions_and_time,
    _media_positions,
    _outbox_delivery_order,
    _v1_learners_and_progress,
    _v2_outbox,
    _v3_learner_settings,
)
from kiosk.core.store.migrations.reports_and_privacy import _report_months, _sign_in_guessing, _unlinked_pool
from kiosk.core.store.migrations.sessions_and_content import (
    _group_sessions_and_reports,
    _local_lrs,
    _package_state,
    _pathways_and_programme_ratings,
)

if TYPE_CHECKING:
    import sqlite_utils


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    _v1_learners_and_progress,
    _v2_outbox,
    _v3_learner_settings,
    _completions_and_time,
    _outbox_delivery_order,
    _media_positions,
    _group_sessions_and_reports,
    _package_state,
    _local_lrs,
    _pathways_and_programme_ratings,
    _report_months,
    _sign_in_guessing,
    _unlinked_pool,
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite_utils.Database, target: int = SCHEMA_VERSION) -> int:
    """Apply the steps a database lacks, up to ``target``. Returns the version before."""
    conn: sqlite3.Connection = db.conn
    before: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if before > SCHEMA_VERSION:
        from kiosk.core.errors import StoreError

        raise StoreError(
            f"The learner database was written by a newer version of TIP Kiosk (schema {before}; "
            f"this version knows {SCHEMA_VERSION}). Install the newer version again."
        )
    for version in range(before + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version - 1](db)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return before
