"""SQLite paths with characters that mean something in a URI ('#', '?', '%', spaces): every open,
including the start-up health check and the doctor's read-only look, reaches the intended file."""

import sqlite3

import pytest

from kiosk.core.doctor import check_database
from kiosk.core.store import DB_NAME, backup, open_store
from kiosk.core.store.db import sqlite_uri

AWKWARD = ["kiosk?mode=rwc#1", "data #2", "100% ?x", "a?b#c?mode=ro"]


def _damage(path):
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # overwrite the second page
    path.write_bytes(bytes(data))
    return bytes(data)


def _everything_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.mark.parametrize("name", AWKWARD)
def test_a_damaged_database_in_a_folder_named_with_hash_and_question_mark_is_recovered(tmp_path, name):
    """Issue 12: a hand-built 'file:' URI stopped at '?' or '#', so the health check opened (and
    created) another file, found it healthy, and the damaged database was never recovered."""
    data_dir = tmp_path / name
    store, _ = open_store(data_dir)
    lid = store.learners.add("hash", "pin")
    store.progress.save_step(lid, "m", "in-backup", status="done")
    backup(store.conn, data_dir)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    before = set(_everything_under(tmp_path))
    damaged = _damage(data_dir / DB_NAME)

    assert check_database(data_dir).status == "fail"  # the doctor sees the damage too
    store, recovery = open_store(data_dir)
    try:
        assert recovery is not None and recovery.restored_from is not None
        assert recovery.damaged_copy.read_bytes() == damaged
        assert set(store.progress.module_progress(lid, "m")) == {"in-backup"}
    finally:
        store.close()
    made = set(_everything_under(tmp_path)) - before
    assert all(p.startswith(name + "/") for p in made), made  # nothing opened beside the folder


def test_the_uri_escapes_what_sqlite_would_read_as_query_or_fragment(tmp_path):
    path = tmp_path / "a?b#c%d e" / DB_NAME
    uri = sqlite_uri(path, "ro")
    assert uri.startswith("file:///") and uri.endswith("?mode=ro")
    assert "?" not in uri.removesuffix("?mode=ro") and "#" not in uri
    path.parent.mkdir()
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with sqlite3.connect(uri, uri=True) as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchone() == ("t",)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO t VALUES (1)")


def test_a_relative_data_folder_named_like_a_uri_is_still_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store, _ = open_store("file:kiosk?mode=memory")
    store.learners.add("hash", "pin")
    store.close()
    assert (tmp_path / "file:kiosk?mode=memory" / DB_NAME).stat().st_size > 0
