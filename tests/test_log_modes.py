"""The log and the folders holding it stay private to the kiosk's account, through rotation."""

import logging
import os
import stat

import pytest

from kiosk.core.logsetup import setup_logging
from kiosk.core.store import open_store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    """Most desktops run with umask 022, which made rotated logs 0644 and new folders 0755."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def close_log():
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_tip_kiosk", False)]:
        root.removeHandler(handler)
        handler.close()


def test_rotated_logs_and_their_folders_stay_private(tmp_path, usual_umask, close_log):
    """Issue 12: kiosk.log was 0644 after rotation and the data folder was made 0755."""
    data_dir = tmp_path / "new" / "data"  # neither exists yet: first start on this PC
    path = setup_logging(data_dir, max_bytes=2_000)
    log = logging.getLogger("kiosk.test")
    for n in range(200):
        log.info("line %d %s", n, "x" * 40)
    logs = sorted(path.parent.iterdir())
    assert len(logs) == 6  # kiosk.log and five rotated files: rotation really happened
    assert {p.name: _mode(p) for p in logs} == {p.name: 0o600 for p in logs}
    assert _mode(path.parent) == 0o700
    assert _mode(data_dir) == 0o700 and _mode(data_dir.parent) == 0o700


def test_wide_modes_left_by_an_older_kiosk_are_narrowed(tmp_path, usual_umask, close_log):
    data_dir = tmp_path / "data"
    (data_dir / "logs").mkdir(parents=True, mode=0o755)
    os.chmod(data_dir, 0o755)
    os.chmod(data_dir / "logs", 0o755)
    old_log = data_dir / "logs" / "kiosk.log"
    old_log.write_text("old\n")
    os.chmod(old_log, 0o644)
    setup_logging(data_dir)
    assert (_mode(data_dir), _mode(data_dir / "logs"), _mode(old_log)) == (0o700, 0o700, 0o600)


def test_the_database_alone_also_makes_a_private_data_folder(tmp_path, usual_umask):
    data_dir = tmp_path / "made-by-the-store" / "data"
    store, _ = open_store(data_dir)
    store.close()
    assert _mode(data_dir) == 0o700 and _mode(data_dir.parent) == 0o700


def test_a_log_that_starts_rotating_late_loses_no_line_and_stays_private(tmp_path, usual_umask, close_log):
    """The kiosk's own start writes its first lines through a plain handler and turns rotation on
    after the sign-in screen has painted (kiosk/core/logsetup.py)."""
    from kiosk.core.logsetup import start_rotating

    path = setup_logging(tmp_path / "data", max_bytes=2_000, rotate_later=True)
    log = logging.getLogger("kiosk.test")
    for n in range(40):  # ~3 KB: past max_bytes, but nothing rotates yet
        log.info("early %d %s", n, "x" * 40)
    assert sorted(p.name for p in path.parent.iterdir()) == ["kiosk.log"]
    start_rotating()
    for n in range(40):
        log.info("late %d %s", n, "x" * 40)
    logs = sorted(path.parent.iterdir())
    assert len(logs) > 1  # rotation really happened
    text = "".join(p.read_text() for p in logs)
    for n in range(40):
        assert text.count(f" early {n} ") == 1 and text.count(f" late {n} ") == 1
    assert {p.name: _mode(p) for p in logs} == {p.name: 0o600 for p in logs}
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "_tip_kiosk", False)]
    assert [(h.maxBytes, h.backupCount) for h in handlers] == [(2_000, 5)]
