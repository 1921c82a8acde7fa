"""Windows: the data folder's access list limited to the kiosk's account.

On Windows a new folder under the user's AppData is already private, but IT often points
data_dir somewhere shared (C:\\ProgramData\\..., D:\\Kiosk), where it inherits "Users: read" or
more. So when the kiosk creates its data folder it replaces the inherited entries with three:
the kiosk's own account, SYSTEM (services and backup software) and the Administrators group (IT,
who could take ownership anyway), each with full control inherited by everything inside.

Accounts are given by SID (``*S-1-5-...``): names are localised ("Administrateurs") and may be
ambiguous between the PC and a domain.

NOT RUN HERE: this module is exercised only by unit tests of the command it builds (the
development machine is Linux); it has not been run against a real Windows ACL.
"""

from __future__ import annotations

import csv
import logging
import subprocess
import sys
from pathlib import Path
from typing import Callable, Sequence

log = logging.getLogger(__name__)

SYSTEM_SID = "S-1-5-18"
ADMINISTRATORS_SID = "S-1-5-32-544"
FULL_INHERITED = "(OI)(CI)F"
"""Full control, inherited by files (OI) and folders (CI) inside."""

Runner = Callable[..., "subprocess.CompletedProcess[str]"]


def parse_whoami_user(output: str) -> str:
    """The SID in ``whoami /user /fo csv /nh`` output (``"pc\\kiosk","S-1-5-21-..."``).

    Raises:
        ValueError: the output holds no SID.
    """
    for row in csv.reader(output.strip().splitlines()):
        if len(row) >= 2 and row[-1].strip().upper().startswith("S-1-"):
            return row[-1].strip()
    raise ValueError(f"no SID in whoami's answer: {output.strip()[:200]!r}")


def icacls_command(folder: Path | str, user_sid: str) -> list[str]:
    """The icacls call that leaves only the kiosk's account, SYSTEM and Administrators on
    ``folder`` (inherited entries removed, ``/inheritance:r``; existing grants replaced, ``:r``)."""
    if not user_sid.upper().startswith("S-1-") or any(c in user_sid for c in " :*()"):
        raise ValueError(f"not a SID: {user_sid!r}")
    command = ["icacls", str(folder), "/inheritance:r"]
    for sid in (user_sid, SYSTEM_SID, ADMINISTRATORS_SID):
        command += ["/grant:r", f"*{sid}:{FULL_INHERITED}"]
    return command + ["/Q"]


def restrict(folder: Path, run: Runner = subprocess.run, platform: str = sys.platform) -> str | None:
    """Limit ``folder``'s access list as above (Windows only; elsewhere 0700 modes do this).

    Returns None when done or not Windows, else what went wrong, in words for the log. Never
    raises: a kiosk whose folder could not be restricted still works, and doctor says so.
    """
    if platform != "win32":
        return None
    try:
        who = run(["whoami", "/user", "/fo", "csv", "/nh"], capture_output=True, text=True, timeout=30)
        if who.returncode != 0:
            return f"whoami failed ({who.returncode}): {who.stderr.strip()[:200]}"
        done = run(icacls_command(folder, parse_whoami_user(who.stdout)), capture_output=True, text=True,
                   timeout=60)
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        return f"could not set the folder's access list: {exc}"
    if done.returncode != 0:
        return f"icacls failed ({done.returncode}): {(done.stderr or done.stdout).strip()[:200]}"
    return None


def restrict_new_folder(folder: Path, existed: bool, run: Runner = subprocess.run,
                        platform: str = sys.platform) -> None:
    """``restrict`` a data folder the kiosk has just created, logging a failure. A folder that
    existed is left as IT set it (docs/deployment.md gives the command for one made earlier)."""
    if existed:
        return
    problem = restrict(folder, run, platform)
    if problem:
        log.warning("The data folder %s may be readable by other accounts: %s", folder, problem)


def describe(command: Sequence[str]) -> str:
    """The command as IT would type it (for docs and messages)."""
    return subprocess.list2cmdline(list(command))
