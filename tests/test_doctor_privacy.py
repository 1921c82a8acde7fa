"""Doctor: the data folder is private to the kiosk's account, and an LRS address carrying a
user name and secret never shows them."""

import os
import stat

import pytest

from kiosk.core.doctor import check_sync
from kiosk.core.doctor.folders import check_data_folder
from kiosk.core.logsetup import setup_logging
from kiosk.core.store import open_store

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture
def kiosk_data(tmp_path):
    data_dir = tmp_path / "data"
    store, _ = open_store(data_dir)
    store.close()
    return data_dir


@posix_only
def test_a_private_data_folder_passes(kiosk_data):
    assert check_data_folder(kiosk_data).status == "pass"


@posix_only
@pytest.mark.parametrize("where, mode", [("", 0o755), ("learners.db", 0o644), ("logs", 0o750),
                                          ("logs/kiosk.log.1", 0o644)])
def test_anything_other_accounts_can_read_fails_naming_it(kiosk_data, where, mode):
    target = kiosk_data / where if where else kiosk_data
    if where.startswith("logs"):
        (kiosk_data / "logs").mkdir(mode=0o700, exist_ok=True)
        if where.endswith(".1"):
            target.write_text("old log\n")
    os.chmod(target, mode)
    result = check_data_folder(kiosk_data)
    assert result.status == "fail"
    assert f"{target} ({mode:o})" in result.summary and "chmod -R go-rwx" in result.fix


@posix_only
def test_after_the_kiosk_has_started_the_folder_passes_again(kiosk_data):
    os.chmod(kiosk_data, 0o755)
    assert check_data_folder(kiosk_data).status == "fail"
    setup_logging(kiosk_data)
    try:
        assert check_data_folder(kiosk_data).status == "pass"
        assert stat.S_IMODE(kiosk_data.stat().st_mode) == 0o700
    finally:
        import logging

        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_tip_kiosk", False)]:
            root.removeHandler(handler)
            handler.close()


def test_a_user_name_and_secret_in_the_address_are_never_shown():
    result = check_sync("http://kiosk:hunter2-secret@lrs.example.org/xapi", "k", "s")
    assert result.status == "fail"
    assert "hunter2-secret" not in result.summary + result.fix and "…@lrs.example.org" in result.summary
