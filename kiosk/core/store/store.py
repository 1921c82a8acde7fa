"""The learner database: its connection, transactions and meta values, and the way to every table
group's queries, each reached the same way from a Store:

    store.learners.get(learner_id)      store.progress.save_step(...)       store.outbox.counts()

One class per module of kiosk/core/store, made on first use (so start-up imports only what the
sign-in screen needs). Progress and the records that describe it commit together.

A writer that must run inside a caller's transaction takes ``conn=``: given, it writes in that open
transaction (``Store.transaction()``, or ``save_step(also=...)``); left out, the writer commits in
a transaction of its own (``Store.writing``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from kiosk.core.errors import QT_TRANSLATE_NOOP, StoreError

if TYPE_CHECKING:
    import sqlite_utils

    from kiosk.core.store.admin_lockout import AdminLockoutQueries
    from kiosk.core.store.completion_records import CompletionRecordQueries
    from kiosk.core.store.groups import GroupQueries
    from kiosk.core.store.learners import LearnerQueries
    from kiosk.core.store.lrs import LrsQueries
    from kiosk.core.store.media import MediaQueries
    from kiosk.core.store.outbox import OutboxQueries
    from kiosk.core.store.packages import PackageQueries
    from kiosk.core.store.pathways import PathwayQueries
    from kiosk.core.store.pool import PoolQueries
    from kiosk.core.store.progress import ProgressQueries
    from kiosk.core.store.report_queries import ReportQueries
    from kiosk.core.store.signin import SignInQueries
    from kiosk.core.vault import NameSeal


def compact_json(value: Any) -> str:
    """``value`` as the store keeps JSON: keys sorted, no spaces."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class OutboundRecord:
    """A record to send, made when the event it describes is committed."""

    id: str
    kind: str
    payload: Mapping[str, Any]
    linked: bool = True
    """False for a statement whose actor is a fresh random name: it waits in the unlinked pool
    (kiosk/core/store/pool.py) and never leaves with linked statements."""


class Store:
    """The learner database. Use one Store (one connection) per thread."""

    def __init__(self, conn: sqlite3.Connection | sqlite_utils.Database):
        self.conn = cast(sqlite3.Connection, getattr(conn, "conn", conn))
        self._db: sqlite_utils.Database | None = None
        self.names: NameSeal | None = None
        """Seals first names at rest (kiosk.core.vault.NameSeal); set by ``Accounts``. Without it
        names are written as given and sealed ones read as no name."""

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, made on first use (its import is slow)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; when this returns, the changes are on disk.

        Raises:
            StoreError: the change could not be saved (disk full, file damaged, ...); nothing of
                it was written.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _explain(exc) from exc

    @contextmanager
    def writing(self, conn: sqlite3.Connection | None = None) -> Iterator[sqlite3.Connection]:
        """Where a writer taking ``conn=`` writes: the caller's open transaction ``conn`` if given,
        else a transaction of its own (see ``transaction``)."""
        if conn is not None:
            yield conn
            return
        with self.transaction() as c:
            yield c

    def close(self) -> None:
        self.conn.close()

    def database_path(self) -> Path:
        """The file behind this store, so a worker thread can open its own connection to it."""
        for _, name, file in self.conn.execute("PRAGMA database_list"):
            if name == "main":
                return Path(file)
        raise LookupError("the store has no main database")

    # -- each table group's queries (made on first use) -------------------------------------
    @cached_property
    def learners(self) -> LearnerQueries:
        """Learners' accounts and their sign-in sessions."""
        from kiosk.core.store.learners import LearnerQueries

        return LearnerQueries(self)

    @cached_property
    def progress(self) -> ProgressQueries:
        """Steps done and answers, resume positions, time on each module."""
        from kiosk.core.store.progress import ProgressQueries

        return ProgressQueries(self)

    @cached_property
    def outbox(self) -> OutboxQueries:
        """Records waiting to be sent, acknowledged or set aside, and the sync engine's notes."""
        from kiosk.core.store.outbox import OutboxQueries

        return OutboxQueries(self)

    @cached_property
    def pool(self) -> PoolQueries:
        """Unlinked statements waiting for their day to end before they join the outbox."""
        from kiosk.core.store.pool import PoolQueries

        return PoolQueries(self)

    @cached_property
    def completion_records(self) -> CompletionRecordQueries:
        """Module completion records (the ``completions`` table), written once per learner and module."""
        from kiosk.core.store.completion_records import CompletionRecordQueries

        return CompletionRecordQueries(self)

    @cached_property
    def groups(self) -> GroupQueries:
        """Group sessions, their attendance and answers, and the credit attendees receive."""
        from kiosk.core.store.groups import GroupQueries

        return GroupQueries(self)

    @cached_property
    def media(self) -> MediaQueries:
        """Where each learner stopped in each video and which parts they played."""
        from kiosk.core.store.media import MediaQueries

        return MediaQueries(self)

    @cached_property
    def packages(self) -> PackageQueries:
        """What e-learning packages (SCOs, H5P) saved for each learner."""
        from kiosk.core.store.packages import PackageQueries

        return PackageQueries(self)

    @cached_property
    def pathways(self) -> PathwayQueries:
        """Pathways chosen and completed, and private programme ratings."""
        from kiosk.core.store.pathways import PathwayQueries

        return PathwayQueries(self)

    @cached_property
    def lrs(self) -> LrsQueries:
        """The local xAPI LRS's statements and documents, and cmi5 registrations and sessions."""
        from kiosk.core.store.lrs import LrsQueries

        return LrsQueries(self)

    @cached_property
    def signin(self) -> SignInQueries:
        """Wrong sign-in tries, waits and one-time claim codes."""
        from kiosk.core.store.signin import SignInQueries

        return SignInQueries(self)

    @cached_property
    def admin_lockout(self) -> AdminLockoutQueries:
        """The admin passphrase's wrong-try counters, per place it is typed."""
        from kiosk.core.store.admin_lockout import AdminLockoutQueries

        return AdminLockoutQueries(self)

    @cached_property
    def reports(self) -> ReportQueries:
        """The counts behind site reports, and each closed month's frozen figures."""
        from kiosk.core.store.report_queries import ReportQueries

        return ReportQueries(self)

    # -- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def _explain(exc: sqlite3.Error) -> StoreError:
    # Whole sentences per cause (not a sentence with a gap), so each translates naturally.
    text = str(exc).lower()
    if "full" in text:
        return StoreError(QT_TRANSLATE_NOOP(
            "errors", "This change could not be saved because the computer's disk is full. "
                      "Everything saved before it is safe. Please tell a trainer or IT."))
    if "readonly" in text or "read-only" in text:
        return StoreError(QT_TRANSLATE_NOOP(
            "errors", "This change could not be saved because the learner data folder cannot be "
                      "written. Everything saved before it is safe. Please tell a trainer or IT."))
    if "locked" in text or "busy" in text:
        return StoreError(QT_TRANSLATE_NOOP(
            "errors", "This change could not be saved because another program is using the learner "
                      "database. Everything saved before it is safe. Please tell a trainer or IT."))
    return StoreError(QT_TRANSLATE_NOOP(
        "errors", "This change could not be saved because the learner database reported: {detail}. "
                  "Everything saved before it is safe. Please tell a trainer or IT."), detail=str(exc))


class Queries:
    """What each table group's queries stand on: the Store (for its transactions) and its
    connection. Use them from the Store's thread."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
