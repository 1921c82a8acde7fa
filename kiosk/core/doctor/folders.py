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
    """On POSIX: no group or other access on the data folder, its logs and backups folders, the
    database, its backups and the logs. Windows is not checked here (the access list is set when
    the kiosk creates the folder; docs/deployment.md gives the command for an older one)."""
    data_dir = Path(data_dir)
    if platform != "posix":
        return CheckResult("Data folder privacy", "skip", "Not checked on Windows: the kiosk limits "
                           "the data folder's access list when it creates it (see docs/deployment.md).")
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


def _paths(data_dir: Path) -> list[Path]:
    found = [data_dir / name if name else data_dir for name in _FOLDERS]
    found = [p for p in found if p.is_dir() and not p.is_symlink()]
    for pattern in _FILE_PATTERNS:
        found.extend(p for p in sorted(data_dir.glob(pattern)) if p.is_file() and not p.is_symlink())
    return found
