"""The durability helper and the installation key: a file is whole under its name when the kiosk
says so, and the kiosk refuses to start with a key its learner accounts were not made with.
(The power-cut test, tests/test_power_cut.py, checks the same things against a simulated cut.)"""

import os
import shutil

import pytest

from kiosk.core import durable
from kiosk.core.accounts import SECRET_FILE, Accounts, installation_key_problem, installation_secret
from kiosk.core.doctor import check_installation_key
from kiosk.core.errors import InstallationKeyError, KioskError
from kiosk.core.store import DB_NAME, open_store


def test_write_file_replaces_whole_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "settings.toml"
    assert durable.write_file(target, "a = 1\n")
    assert durable.write_file(target, b"a = 2\n")
    assert target.read_text() == "a = 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]


def test_exclusive_write_keeps_the_file_that_was_there_first(tmp_path):
    target = tmp_path / "key"
    assert durable.write_file(target, b"first", exclusive=True)
    assert not durable.write_file(target, b"second", exclusive=True)
    assert target.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key"]


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_new_files_and_folders_get_the_mode_asked_for(tmp_path):
    durable.make_dir(tmp_path / "a" / "b", 0o700)
    durable.write_file(tmp_path / "a" / "b" / "secret", b"x", mode=0o600)
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "a" / "b" / "secret").stat().st_mode & 0o777 == 0o600


def test_every_new_name_is_followed_by_an_fsync_of_its_folder(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(durable, "sync_dir", lambda folder: synced.append(os.path.realpath(folder)))
    durable.make_dir(tmp_path / "a" / "b")
    durable.write_file(tmp_path / "a" / "b" / "f", b"x")
    durable.rename(tmp_path / "a" / "b" / "f", tmp_path / "a" / "g")
    durable.remove(tmp_path / "a" / "b")
    a, b = os.path.realpath(tmp_path / "a"), os.path.realpath(tmp_path / "a" / "b")
    assert synced == [os.path.realpath(tmp_path), a, b, a, b, a]


def test_commit_file_removes_the_partial_when_the_rename_fails(tmp_path):
    partial = tmp_path / "report.pdf.partial"
    partial.write_bytes(b"%PDF")
    with pytest.raises(OSError):
        durable.commit_file(partial, tmp_path / "missing-folder" / "report.pdf")
    assert not partial.exists()


def _kiosk_with_a_learner(data_dir):
    store, _ = open_store(data_dir)
    Accounts(store, installation_secret(data_dir)).register("1234567", "482915")
    return store


def test_a_lost_key_with_learners_stops_the_kiosk_instead_of_making_new_identities(tmp_path):
    data_dir = tmp_path / "data"
    _kiosk_with_a_learner(data_dir).close()
    (data_dir / SECRET_FILE).unlink()
    with pytest.raises(InstallationKeyError, match="holds 1 account.*is missing"):
        installation_secret(data_dir)
    assert not (data_dir / SECRET_FILE).exists(), "no new key may be made"
    assert "is missing" in installation_key_problem(data_dir)
    result = check_installation_key(data_dir)
    assert result.status == "fail" and "backup" in result.fix


def test_an_empty_key_file_is_never_accepted_as_a_key(tmp_path):
    data_dir = tmp_path / "data"
    _kiosk_with_a_learner(data_dir).close()
    (data_dir / SECRET_FILE).write_bytes(b"")
    with pytest.raises(InstallationKeyError, match="is empty"):
        installation_secret(data_dir)


def test_an_empty_key_with_no_accounts_is_replaced(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / SECRET_FILE).write_bytes(b"")
    secret = installation_secret(data_dir)
    assert len(secret) == 32 and installation_secret(data_dir) == secret


def test_a_key_from_another_pc_is_refused_by_the_accounts(tmp_path):
    data_dir = tmp_path / "data"
    store = _kiosk_with_a_learner(data_dir)
    with pytest.raises(InstallationKeyError, match="is not the one they were made with") as caught:
        Accounts(store, os.urandom(32))
    assert isinstance(caught.value, KioskError)  # shown calmly by the UI and the CLI
    store.close()
    (data_dir / SECRET_FILE).write_bytes(os.urandom(32))
    assert "is not the one" in installation_key_problem(data_dir)


def test_the_right_key_passes_the_doctor(tmp_path):
    data_dir = tmp_path / "data"
    _kiosk_with_a_learner(data_dir).close()
    assert installation_key_problem(data_dir) is None
    assert check_installation_key(data_dir).status == "pass"


def test_accounts_still_only_in_the_wal_after_a_cut_also_stop_a_new_key(tmp_path):
    """A power cut leaves the newest accounts in learners.db-wal; counting them must replay it."""
    data_dir, copy = tmp_path / "data", tmp_path / "copy"
    store = _kiosk_with_a_learner(data_dir)
    copy.mkdir()
    for suffix in ("", "-wal"):  # no -shm: as after a cut, before anything opened the database
        shutil.copyfile(f"{data_dir / DB_NAME}{suffix}", f"{copy / DB_NAME}{suffix}")
    store.close()
    with pytest.raises(InstallationKeyError, match="holds 1 account"):
        installation_secret(copy)
    assert not (copy / SECRET_FILE).exists()
