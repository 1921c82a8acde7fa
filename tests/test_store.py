"""The learner database: durable settings on every connection, private files, migrations,
progress and records committed together, and recovery that never deletes anything."""

import os
import sqlite3
import stat

import pytest
import sqlite_utils

from kiosk.core.errors import StoreError
from kiosk.core.store import DB_NAME, SCHEMA_VERSION, OutboundRecord, backup, connect, open_store
from kiosk.core.store.migrations import MIGRATIONS, migrate


def test_every_connection_is_wal_and_synchronous_full(data_dir, store):
    for conn in (store.conn, connect(data_dir / DB_NAME)):
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_database_and_its_wal_files_are_private(data_dir, store):
    os.umask(0o022)
    store.set_meta("x", "1")  # makes sure -wal and -shm exist
    for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
        mode = stat.S_IMODE((data_dir / name).stat().st_mode)
        assert mode == 0o600, (name, oct(mode))


def test_upgrades_a_database_made_by_the_first_schema(data_dir):
    conn = sqlite3.connect(data_dir / DB_NAME, isolation_level=None)
    db = sqlite_utils.Database(conn)
    migrate(db, target=1)
    conn.execute("INSERT INTO learners(code_hash, pin_hash, created_at) VALUES ('h', 'p', 'now')")
    conn.execute("INSERT INTO progress VALUES (1, 'm', 's', 'done', '{\"a\":1}', 1, 'now')")
    conn.close()

    store, _ = open_store(data_dir)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    learner = store.learners.get(1)
    assert learner.code_hash == "h" and learner.settings == {} and learner.pseudonym is None
    assert store.progress.module_progress(1, "m")["s"].answer == {"a": 1}
    assert store.outbox.counts().states() == {"pending": 0, "delivered": 0, "quarantined": 0}


def test_a_database_from_a_newer_kiosk_is_refused_untouched(data_dir):
    conn = sqlite3.connect(data_dir / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer version of TIP Kiosk"):
        open_store(data_dir)


def learner(store) -> int:
    return store.learners.add("hash", "pin")


def test_progress_and_its_records_commit_together(store):
    lid = learner(store)
    record = OutboundRecord("11111111-1111-4111-8111-111111111111", "check_answered", {"ok": True})
    store.progress.save_step(lid, "m", "s1", status="done", answer={"x": 1}, records=[record])
    # A second record with the same id makes the whole transaction fail: no progress either.
    with pytest.raises(StoreError):
        store.progress.save_step(lid, "m", "s2", status="done", answer={"x": 2}, records=[record])
    assert set(store.progress.module_progress(lid, "m")) == {"s1"}
    assert store.outbox.counts().pending == 1


def test_done_is_never_undone_and_answers_persist(store):
    lid = learner(store)
    store.progress.save_step(lid, "m", "s", status="done", answer={"text": "kept"}, attempts=2)
    store.progress.save_step(lid, "m", "s", status="seen", answer=None, position="s")
    saved = store.progress.module_progress(lid, "m")["s"]
    assert (saved.status, saved.answer, saved.attempts) == ("done", {"text": "kept"}, 2)
    assert store.progress.position(lid, "m") == "s"


def test_a_full_disk_gives_a_plain_message_and_keeps_earlier_work(store):
    lid = learner(store)
    store.progress.save_step(lid, "m", "before", status="done", answer={"n": 0})
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own 'disk is full'
    with pytest.raises(StoreError, match="disk is full"):
        store.progress.save_step(lid, "m", "big", status="done", answer={"text": "x" * 200_000})
    assert store.progress.module_progress(lid, "m")["before"].answer == {"n": 0}
    assert not store.conn.in_transaction


def test_damaged_database_is_kept_aside_and_the_backup_restored(data_dir):
    store, _ = open_store(data_dir)
    lid = learner(store)
    store.progress.save_step(lid, "m", "in-backup", status="done")
    backup(store.conn, data_dir)
    store.progress.save_step(lid, "m", "after-backup", status="done")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = data_dir / DB_NAME
    damaged_bytes = bytearray(path.read_bytes())
    damaged_bytes[4096:8192] = b"\xff" * 4096  # overwrite the second page
    path.write_bytes(bytes(damaged_bytes))

    store, recovery = open_store(data_dir)
    assert recovery is not None and recovery.restored_from is not None
    assert recovery.damaged_copy.read_bytes() == bytes(damaged_bytes)  # kept, never deleted
    assert set(store.progress.module_progress(lid, "m")) == {"in-backup"}
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_truncated_database_without_backup_starts_empty_and_keeps_the_file(data_dir):
    store, _ = open_store(data_dir)
    learner(store)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = data_dir / DB_NAME
    path.write_bytes(path.read_bytes()[:1000])
    store, recovery = open_store(data_dir)
    assert recovery.restored_from is None and recovery.damaged_copy.exists()
    assert store.learners.count() == 0


def test_backups_keep_only_the_newest_few(data_dir, store):
    for i in range(10):
        backup(store.conn, data_dir, now=1_700_000_000 + i)
    assert len(list((data_dir / "backups").glob("learners-*.db"))) == 7
