"""Windows access list for the data folder: the parts that are plain text (the SDDL written, the
icacls command for IT, who counts as a stranger) checked here on every platform. The Win32 calls
themselves run under Wine in tests/windows_native/test_data_folder_acl.py."""

import pytest

from kiosk.core.winacl import (
    ACCESS_ALLOWED,
    ADMINISTRATORS_SID,
    SYSTEM_SID,
    Ace,
    describe,
    icacls_command,
    restrict,
    restrict_new_folder,
    sddl_for,
    strangers,
)

USER = "S-1-5-21-1004336348-1177238915-682003330-1001"
FULL = 0x1F01FF


def test_the_access_list_is_protected_and_names_only_the_kiosk_account_system_and_administrators():
    assert sddl_for(USER, folder=True) == (f"D:P(A;OICI;FA;;;{USER})(A;OICI;FA;;;{SYSTEM_SID})"
                                           f"(A;OICI;FA;;;{ADMINISTRATORS_SID})")
    assert sddl_for(USER, folder=False) == f"D:P(A;;FA;;;{USER})(A;;FA;;;{SYSTEM_SID})(A;;FA;;;{ADMINISTRATORS_SID})"


def test_the_icacls_command_for_it_does_the_same_and_keeps_a_spaced_folder_whole():
    command = icacls_command(r"D:\Kiosk data", USER)
    assert command[:3] == ["icacls", r"D:\Kiosk data", "/inheritance:r"]
    grants = [command[i + 1] for i, part in enumerate(command) if part == "/grant:r"]
    assert grants == [f"*{USER}:(OI)(CI)F", f"*{SYSTEM_SID}:(OI)(CI)F", f"*{ADMINISTRATORS_SID}:(OI)(CI)F"]
    assert describe(command).startswith('icacls "D:\\Kiosk data" /inheritance:r')


@pytest.mark.parametrize("bad", ["", "kiosk", "S-1-5-21 /grant *S-1-1-0:F", "S-1-5-21:(F)", "*S-1-5-18",
                                 "S-1-5-21)(A;;FA;;;WD", "S-1"])
def test_anything_but_a_sid_is_refused(bad):
    with pytest.raises(ValueError):
        sddl_for(bad, folder=True)
    with pytest.raises(ValueError):
        icacls_command("C:\\data", bad)


def test_strangers_are_everyone_allowed_in_but_the_kiosk_account_system_and_administrators():
    aces = [Ace(ACCESS_ALLOWED, USER.lower().replace("s-", "S-", 1), FULL), Ace(ACCESS_ALLOWED, SYSTEM_SID, FULL),
            Ace(ACCESS_ALLOWED, ADMINISTRATORS_SID, FULL), Ace(ACCESS_ALLOWED, "S-1-5-32-545", 0x1200A9),
            Ace(ACCESS_ALLOWED, "S-1-1-0", 0x1200A9), Ace(1, "S-1-5-7", FULL),
            Ace(ACCESS_ALLOWED, "S-1-5-11", 0)]
    # Users and Everyone get in; a deny entry (type 1) and an entry granting nothing do not count.
    assert strangers(aces, USER) == ["S-1-1-0", "S-1-5-32-545"]


def test_elsewhere_nothing_is_done(tmp_path, caplog):
    assert restrict(tmp_path, platform="linux") is None
    restrict_new_folder(tmp_path, existed=False, platform="linux")
    assert caplog.text == ""
