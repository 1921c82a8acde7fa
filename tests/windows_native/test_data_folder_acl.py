"""The data folder's access list on Windows, set and read back through the real Win32 calls.

Wine keeps an access list only as far as Unix modes can say it: the owner, and whether everyone
may read. So here a folder in a shared place starts with an "Everyone: read" entry (as a folder
under C:\\ProgramData inherits "Users: read" on Windows) and must lose it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.core import winacl, winsec
from kiosk.core.doctor.folders import check_data_folder
from kiosk.core.logsetup import setup_logging
from kiosk.core.store.db import open_database

EVERYONE = "S-1-1-0"


def close_log() -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_tip_kiosk", False)]:
        root.removeHandler(handler)
        handler.close()


def allowed(path: Path) -> set[str]:
    return {ace.sid for ace in winsec.read_dacl(path) if ace.kind == winacl.ACCESS_ALLOWED and ace.mask}


def test_a_plain_folder_in_a_shared_place_lets_everyone_read(tmp_path):
    """What the kiosk must undo (and what makes the next tests able to fail)."""
    shared = tmp_path / "Shared kiosk"
    shared.mkdir()
    assert EVERYONE in allowed(shared)


def test_the_data_folder_the_store_makes_lets_in_only_the_kiosk_account_system_and_administrators(tmp_path):
    data = tmp_path / "Shared kiosk" / "TIP Kiosk"
    conn, _ = open_database(data)
    me = winsec.current_user_sid()
    made = [data, *data.iterdir()]  # with the -wal and -shm files, while the database is open
    assert {p.name for p in made} >= {"learners.db", "learners.db-wal", "learners.db-shm"}
    for path in made:
        assert me in allowed(path)
        assert winacl.strangers(winsec.read_dacl(path), me) == [], path
    conn.close()
    result = check_data_folder(data, platform="nt")
    assert result.status == "pass", result


def test_the_log_folder_and_log_made_at_first_start_are_private_too(tmp_path):
    data = tmp_path / "Shared kiosk" / "TIP Kiosk"
    log_file = setup_logging(data)
    logging.getLogger("test").warning("written")
    close_log()
    me = winsec.current_user_sid()
    for path in (data, data / "logs", log_file):
        assert winacl.strangers(winsec.read_dacl(path), me) == [], path
    assert "written" in log_file.read_text(encoding="utf-8")


def test_a_folder_it_made_is_left_alone_and_doctor_names_it_with_the_fix(tmp_path):
    data = tmp_path / "Made by IT"
    data.mkdir()
    conn, _ = open_database(data)
    conn.close()
    assert EVERYONE in allowed(data)  # IT's choice stands...
    result = check_data_folder(data, platform="nt")
    assert result.status == "fail" and EVERYONE in result.summary and str(data) in result.summary
    me = winsec.current_user_sid()
    assert f'icacls "{data}" /inheritance:r /grant:r *{me}:(OI)(CI)F' in result.fix  # ...and IT is told
    assert winacl.restrict(data) is None
    assert check_data_folder(data, platform="nt").status == "pass"


def test_a_list_that_cannot_be_set_is_logged_in_words_and_the_kiosk_goes_on(tmp_path, caplog):
    missing = tmp_path / "gone"
    winacl.restrict_new_folder(missing, existed=False)  # never raises
    assert f"The data folder {missing} may be readable by other accounts: could not set the access " \
           f"list of {missing}" in caplog.text
