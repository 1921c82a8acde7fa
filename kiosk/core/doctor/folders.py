"""The doctor's check that the data folder is private to the kiosk's account: the learner
database, its backups and the logs must not be readable by other accounts on the PC."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kiosk.core.doctor.result import CheckResult

_FOLDERS = ("", "logs", "backups")
_FILE_PATTERNS = ("learners.db*", "logs/kiosk.log*", "backups/learners-*.db")


def check_data_folder(data_dir: Path, platform: str = os.name) -> CheckResult:
    """No access for other accounts on the data folder, its logs and backups folders, the
    database, its backups and the logs: on POSIX no group or other mode bits; on Windows no
    access-list entry for anyone but the kiosk's account, SYSTEM and Administrators (the sealed
    secrets too)."""
    data_dir = Path(data_dir)
    if platform != "posix":
        return _check_windows(data_dir)
    if not data_dir.exists():
        return CheckResult("Data folder privacy", "pass", f"{data_dir} does not exist yet; the kiosk "
                           "makes it private (0700) at first start.")
    open_to_others = [p for p in _paths(data_dir) if stat.S_IMODE(p.lstat().st_mode) & 0o077]
    if not open_to_others:
        return CheckResult("Data folder privacy", "pass", f"{data_dir}, its database, backups and logs "
                           "are private to the kiosk's account.")
    shown = ", ".join(f"{p} ({stat.S_IMODE(p.lstat().st_mode):o})" for p in open_to_others[:4])
    more = f" and {len(open_to_others) - 4} more" if len(open_to_others) > 4 else ""
    return CheckResult("Data folder privacy", "fail", f"Other accounts on this PC can read or enter: "
                       f"{shown}{more}.", f"Run: chmod -R go-rwx {data_dir} (the kiosk also narrows "
                       "the folders it owns at its next start).")


def _check_windows(data_dir: Path) -> CheckResult:
    from kiosk.core import winacl

    if not data_dir.exists():
        return CheckResult("Data folder privacy", "pass", f"{data_dir} does not exist yet; the kiosk "
                           "limits its access list when it makes it.")
    try:
        found, user = winacl.access_problems(_paths(data_dir) + sorted(data_dir.glob("*.dpapi")))
    except OSError as exc:
        return CheckResult("Data folder privacy", "warn", f"The access lists in {data_dir} could not be "
                           f"read ({exc.strerror or exc}).", "Run doctor as the kiosk's account.")
    if not found:
        return CheckResult("Data folder privacy", "pass", f"{data_dir}, its database, backups, logs and "
                           "sealed secrets let in only the kiosk's account, SYSTEM and Administrators.")
    more = f" and {len(found) - 4} more" if len(found) > 4 else ""
    return CheckResult("Data folder privacy", "fail", "Other accounts on this PC can open: "
                       f"{', '.join(found[:4])}{more}.", "As an administrator, run: "
                       + winacl.describe(winacl.icacls_command(data_dir, user)))


def _paths(data_dir: Path) -> list[Path]:
    found = [data_dir / name if name else data_dir for name in _FOLDERS]
    found = [p for p in found if p.is_dir() and not p.is_symlink()]
    for pattern in _FILE_PATTERNS:
        found.extend(p for p in sorted(data_dir.glob(pattern)) if p.is_file() and not p.is_symlink())
    return found
