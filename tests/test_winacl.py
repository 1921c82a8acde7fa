"""Windows access list for the data folder: the command is built and parsed here on every
platform. It has not been run against a real Windows ACL on this (Linux) machine."""

import subprocess

import pytest

from kiosk.core.winacl import (
    ADMINISTRATORS_SID,
    SYSTEM_SID,
    describe,
    icacls_command,
    parse_whoami_user,
    restrict,
    restrict_new_folder,
)

USER = "S-1-5-21-1004336348-1177238915-682003330-1001"


def test_the_command_leaves_only_the_kiosk_account_system_and_administrators():
    command = icacls_command(r"D:\Kiosk data", USER)
    assert command[:3] == ["icacls", r"D:\Kiosk data", "/inheritance:r"]  # Users' inherited read goes
    grants = [command[i + 1] for i, part in enumerate(command) if part == "/grant:r"]
    assert grants == [f"*{USER}:(OI)(CI)F", f"*{SYSTEM_SID}:(OI)(CI)F", f"*{ADMINISTRATORS_SID}:(OI)(CI)F"]
    assert "*S-1-1-0" not in " ".join(command) and "Users" not in " ".join(command)
    # as one argument, so a space in the folder name cannot split it
    assert describe(command).startswith('icacls "D:\\Kiosk data" /inheritance:r')


@pytest.mark.parametrize("bad", ["", "kiosk", "S-1-5-21 /grant *S-1-1-0:F", "S-1-5-21:(F)", "*S-1-5-18"])
def test_anything_but_a_sid_is_refused(bad):
    with pytest.raises(ValueError):
        icacls_command("C:\\data", bad)


def test_whoami_output_gives_the_sid():
    assert parse_whoami_user(f'"kiosk-pc\\kiosk","{USER}"\r\n') == USER
    assert parse_whoami_user(f'"CORP\\o\'brien, a","{USER}"\n') == USER  # a comma inside the quoted name
    with pytest.raises(ValueError):
        parse_whoami_user("ERROR: Access is denied.")


class Recorder:
    """Stands in for Windows' whoami and icacls, which cannot run on this machine."""

    def __init__(self, icacls_status=0):
        self.calls, self.icacls_status = [], icacls_status

    def __call__(self, argv, **kwargs):
        self.calls.append(argv)
        if argv[0] == "whoami":
            return subprocess.CompletedProcess(argv, 0, f'"pc\\kiosk","{USER}"\r\n', "")
        return subprocess.CompletedProcess(argv, self.icacls_status, "", "Access is denied.")


def test_on_windows_whoami_then_icacls_run(tmp_path):
    run = Recorder()
    assert restrict(tmp_path, run, platform="win32") is None
    assert run.calls == [["whoami", "/user", "/fo", "csv", "/nh"], icacls_command(tmp_path, USER)]


def test_elsewhere_nothing_runs(tmp_path):
    run = Recorder()
    assert restrict(tmp_path, run, platform="linux") is None and run.calls == []


def test_a_failure_is_reported_in_words_and_logged_not_raised(tmp_path, caplog):
    assert "icacls failed (5): Access is denied." == restrict(tmp_path, Recorder(5), platform="win32")
    restrict_new_folder(tmp_path, existed=False, run=Recorder(5), platform="win32")
    assert "may be readable by other accounts" in caplog.text


def test_a_folder_that_existed_is_left_as_it_was(tmp_path):
    run = Recorder()
    restrict_new_folder(tmp_path, existed=True, run=run, platform="win32")
    assert run.calls == []
