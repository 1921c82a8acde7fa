"""Windows: the data folder's access list limited to the kiosk's account.

On Windows a new folder under the user's AppData is already private, but IT often points
data_dir somewhere shared (C:\\ProgramData\\..., D:\\Kiosk), where it inherits "Users: read" or
more. So when the kiosk creates its data folder it replaces the inherited entries with three:
the kiosk's own account, SYSTEM (services and backup software) and the Administrators group (IT,
who could take ownership anyway), each with full control, inherited by everything inside. The
secret blobs (``*.dpapi``) get the same three entries on the file itself, so they stay private
in a folder IT made and left wider.

How: the Win32 security API through ctypes. The account is the process token's user SID (names
are localised, "Administrateurs", and may be ambiguous between the PC and a domain); the access
list is written from SDDL with ``SetFileSecurityW`` and read back entry by entry. Not icacls: its
output is localised, and Wine 8 (where tests/windows_native runs this code) ships it as a stub
that does nothing and succeeds; Wine's ``SetNamedSecurityInfoW`` likewise returns success and
changes nothing, while ``SetFileSecurityW`` takes effect there too (reduced to Unix mode bits).
``SetFileSecurityW`` does not push the new entries into what a folder already holds, so
``restrict`` walks the (new, small) folder itself.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SYSTEM_SID = "S-1-5-18"
ADMINISTRATORS_SID = "S-1-5-32-544"
TRUSTED = (SYSTEM_SID, ADMINISTRATORS_SID)
"""Besides the kiosk's own account, the only ones allowed in."""
ACCESS_ALLOWED = 0
FULL_INHERITED = "(OI)(CI)F"
"""icacls' spelling of full control inherited by files (OI) and folders (CI) inside."""


@dataclass(frozen=True)
class Ace:
    """One entry of an access list: allowed (``ACCESS_ALLOWED``) or not, for whom, what."""

    kind: int
    sid: str
    mask: int


def sddl_for(user_sid: str, folder: bool) -> str:
    """The protected access list (``D:P``: nothing inherited from above) for the kiosk's files.

    Raises:
        ValueError: ``user_sid`` is not a SID (it is put into the SDDL text as it is).
    """
    _check_sid(user_sid)
    inherit = "OICI" if folder else ""
    return "D:P" + "".join(f"(A;{inherit};FA;;;{sid})" for sid in (user_sid, *TRUSTED))


def strangers(aces: list[Ace], user_sid: str) -> list[str]:
    """The SIDs an access list lets in besides the kiosk's account, SYSTEM and Administrators."""
    allowed = {user_sid.upper(), *TRUSTED}
    return sorted({a.sid for a in aces if a.kind == ACCESS_ALLOWED and a.mask and a.sid.upper() not in allowed})


def icacls_command(folder: Path | str, user_sid: str) -> list[str]:
    """The icacls call that does what ``restrict`` does, for IT to run on a folder made before
    (inherited entries removed, ``/inheritance:r``; existing grants replaced, ``:r``)."""
    _check_sid(user_sid)
    command = ["icacls", str(folder), "/inheritance:r"]
    for sid in (user_sid, *TRUSTED):
        command += ["/grant:r", f"*{sid}:{FULL_INHERITED}"]
    return command + ["/T", "/Q"]


def describe(command: list[str]) -> str:
    """The command as IT would type it (for docs and messages)."""
    return subprocess.list2cmdline(command)


def _check_sid(sid: str) -> None:
    parts = sid.split("-")
    if len(parts) < 3 or parts[0].upper() != "S" or not all(p.isdigit() and p.isascii() for p in parts[1:]):
        raise ValueError(f"not a SID: {sid!r}")


def restrict(path: Path, platform: str = sys.platform) -> str | None:
    """Limit ``path``'s access list (and, for a folder, everything in it) as above. Windows only;
    elsewhere 0700/0600 modes do this.

    Returns None when done or not Windows, else what went wrong, in words for the log. Never
    raises: a kiosk whose folder could not be restricted still works, and doctor says so.
    """
    if platform != "win32":
        return None
    from kiosk.core import winsec

    try:
        user = winsec.current_user_sid()
        targets = [Path(path)]
        if Path(path).is_dir():
            for root, folders, files in os.walk(path):
                targets += [Path(root, name) for name in folders + files]
        for target in targets:
            winsec.set_dacl(target, sddl_for(user, target.is_dir()))
            left = strangers(winsec.read_dacl(target), user)
            if left:
                return f"{target} still lets in {', '.join(left)} after its access list was set"
    except OSError as exc:
        return f"could not set the access list of {exc.filename or path}: {exc.strerror or exc}"
    return None


def restrict_new_folder(folder: Path, existed: bool, platform: str = sys.platform) -> None:
    """``restrict`` a data folder the kiosk has just created, logging a failure. A folder that
    existed is left as IT set it (docs/deployment.md gives the command for one made earlier)."""
    if existed:
        return
    problem = restrict(folder, platform)
    if problem:
        log.warning("The data folder %s may be readable by other accounts: %s", folder, problem)


def access_problems(paths: list[Path]) -> tuple[list[str], str]:
    """For doctor on Windows: each path that lets in anyone else ("path: SIDs"), and the
    kiosk's SID. Raises OSError if the access lists cannot be read."""
    from kiosk.core import winsec

    user = winsec.current_user_sid()
    found = []
    for path in paths:
        left = strangers(winsec.read_dacl(path), user)
        if left:
            found.append(f"{path} ({', '.join(left)})")
    return found, user
