"""Opening the learner database safely: private file modes, durable pragmas, a health check,
daily backups, and recovery from a damaged file that never deletes anything."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.core import durable, winacl
from kiosk.core.errors import StoreError
from kiosk.core.store.migrations import SCHEMA_VERSION, migrate

log = logging.getLogger(__name__)

DB_NAME = "learners.db"
BACKUP_DIR = "backups"
BACKUPS_KEPT = 7


@dataclass(frozen=True)
class Recovery:
    """What happened when a damaged database was found at start-up."""

    damaged_copy: Path
    restored_from: Path | None
    """The backup the kiosk started from, or None if it had to start empty."""


def sqlite_uri(path: Path | str, mode: str | None = None) -> str:
    """``path`` as a properly escaped SQLite ``file:`` URI (optionally with ``?mode=``).

    Built by hand, a '#' or '?' in a folder name ends the path early: the health check then
    looked at a different (or new, empty) file. A plain file name is no safer where SQLite was
    built to read names starting with 'file:' as URIs, so every open goes through here.
    """
    uri = Path(os.path.abspath(path)).as_uri()  # percent-escapes '#', '?', '%' and spaces
    return f"{uri}?mode={mode}" if mode else uri


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the kiosk's pragmas. Each connection needs its own: ``synchronous`` is
    per connection, and WAL with NORMAL loses acknowledged commits on power loss."""
    _create_private(path)
    conn = sqlite3.connect(sqlite_uri(path), isolation_level=None, timeout=10.0, uri=True)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    # Deleted or rewritten rows (a learner's words before they were sealed, kiosk/core/vault.py)
    # are overwritten with zeros instead of lingering in free pages that a copy would carry.
    conn.execute("PRAGMA secure_delete = ON")
    return conn


def open_database(data_dir: Path) -> tuple[sqlite3.Connection, Recovery | None]:
    """Open (creating or upgrading) the learner database in ``data_dir``.

    A file that fails ``PRAGMA quick_check`` is moved aside, never deleted, and the newest
    healthy backup takes its place.

    Raises:
        StoreError: the folder cannot be written, or the database is from a newer kiosk.
    """
    data_dir = Path(data_dir)
    existed = data_dir.exists()
    try:
        durable.make_dir(data_dir, 0o700)
    except OSError as exc:
        raise StoreError(f"The data folder {data_dir} cannot be created ({exc.strerror}).") from None
    winacl.restrict_new_folder(data_dir, existed)
    path = data_dir / DB_NAME
    recovery = None
    if path.exists() and not _healthy(path):
        recovery = _recover(path, data_dir / BACKUP_DIR)
    try:
        conn = connect(path)
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            # sqlite-utils costs ~100 ms to import: only pay for it when the schema changes.
            import sqlite_utils

            migrate(sqlite_utils.Database(conn))
    except sqlite3.Error as exc:
        raise StoreError(f"The learner database {path} cannot be opened ({exc}).") from None
    # SQLite copies the database's mode to its -wal and -shm files on POSIX, but not its access
    # list on Windows.
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if part.exists():
            _restrict(part)
    return conn, recovery


def backup(conn: sqlite3.Connection, data_dir: Path, now: float | None = None) -> Path:
    """Copy the live database to ``backups/`` with SQLite's online backup; keep the newest few."""
    folder = Path(data_dir) / BACKUP_DIR
    durable.make_dir(folder, 0o700)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now))
    target = folder / f"learners-{stamp}.db"
    partial = target.with_suffix(".partial")
    _create_private(partial)
    dest = sqlite3.connect(sqlite_uri(partial), uri=True)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    durable.sync_file(partial)  # the bytes are on disk before the name, whatever the pragmas
    durable.rename(partial, target)
    old = sorted(folder.glob("learners-*.db"))[:-BACKUPS_KEPT]
    for path in old:
        path.unlink()
    if old:
        durable.sync_dir(folder)
    return target


def newest_backup_age(data_dir: Path, now: float | None = None) -> float | None:
    """Seconds since the newest backup was written, or None if there is none."""
    backups = sorted((Path(data_dir) / BACKUP_DIR).glob("learners-*.db"))
    if not backups:
        return None
    return (now or time.time()) - backups[-1].stat().st_mtime


def _healthy(path: Path) -> bool:
    try:
        conn = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
        try:
            return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _recover(path: Path, backups: Path) -> Recovery:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(path) + suffix)
        if part.exists():
            durable.rename(part, Path(str(damaged) + suffix))
    log.error("The learner database failed its health check; kept it as %s", damaged)
    for candidate in sorted(backups.glob("learners-*.db"), reverse=True):
        if _healthy(candidate):
            partial = path.with_name(path.name + ".restoring")
            shutil.copyfile(candidate, partial)
            _restrict(partial)
            durable.sync_file(partial)
            durable.rename(partial, path)
            log.warning("Started from the backup %s", candidate)
            return Recovery(damaged, candidate)
    log.error("No healthy backup was found; starting with an empty learner database")
    return Recovery(damaged, None)


def _create_private(path: Path) -> None:
    """Create the file with mode 0600 before SQLite does, so it is never world-readable.
    SQLite gives its -wal and -shm files the same permissions as the database."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    _restrict(path)


def _restrict(path: Path) -> None:
    """The database file (or a backup) private to the kiosk's account, also in a data folder IT
    made wider: mode 0600, or on Windows the file's own access list (kiosk/core/winacl.py)."""
    if os.name == "posix":
        os.chmod(path, 0o600)
        return
    problem = winacl.restrict(path)
    if problem:
        log.warning("The learner database file %s may be readable by other accounts: %s", path, problem)
