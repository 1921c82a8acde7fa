"""The doctor's *Secrets* check: where this PC keeps its secrets and who else can read them.

Never prints a secret's value: only setting names, paths, owners and modes.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.doctor import advice
from kiosk.core.doctor.result import CheckResult

if TYPE_CHECKING:
    from kiosk.core.config import Settings

INLINE_SECRETS = {"sync_secret": "secret", "sync_organisation_secret": "organisation_secret"}
"""Settings whose value is a secret, and their key under [sync] in kiosk.toml."""


def check_secrets(settings: Settings, config_file: Path | None) -> CheckResult:
    """Secrets written inline in kiosk.toml, secret files others can read, and an installation key
    left in the data folder (which a copy of the folder then carries)."""
    from kiosk.core import dpapi, keystore

    fails: list[str] = []
    warns: list[str] = inline_secrets(config_file)
    folder = keystore.protected_dir(settings)
    files = [Path(p) for p in (settings.sync_secret_file, settings.sync_organisation_secret_file) if p]
    if folder is not None:
        problem = _mode_problem(folder, 0o077, root_only=True)
        if problem:
            fails.append(problem)
        files += [folder / keystore.INSTALLATION, folder / keystore.ORGANISATION]
    for path in files:
        problem = _mode_problem(path, 0o077, root_only=folder is not None and path.parent == folder)
        if problem:
            fails.append(problem)
    plain = Path(settings.data_dir) / keystore.INSTALLATION
    if plain.exists() and not dpapi.available():
        where = (f"a copy also lies in the data folder ({plain}): delete it once {folder} holds the key"
                 if folder is not None else
                 f"the installation key lies in the data folder ({plain}), so a copy of that folder "
                 "carries what turns its learner codes, names and sealed reflections back into people")
        warns.append(where)
    fix = advice.secrets()
    if fails:
        return CheckResult("Secrets", "fail", "; ".join(fails + warns) + ".", fix)
    if warns:
        return CheckResult("Secrets", "warn", "; ".join(warns) + ".", fix)
    where = "DPAPI (this Windows account)" if dpapi.available() else str(folder)
    return CheckResult("Secrets", "pass", f"Kept outside the data folder, in {where}.")


def inline_secrets(config_file: Path | None) -> list[str]:
    """Which secret settings are written in the configuration file itself (names only)."""
    if config_file is None or not Path(config_file).is_file():
        return []
    try:
        table = tomllib.loads(Path(config_file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []  # the Configuration check reports an unreadable file
    sync = table["sync"] if isinstance(table.get("sync"), dict) else {}
    found = []
    for flat, key in INLINE_SECRETS.items():
        if str(table.get(flat) or sync.get(key) or "").strip():
            found.append(f"{config_file} holds {flat} written inline, readable by every account that "
                         f"can read the file; use {flat}_file or the protected folder")
    return found


def _mode_problem(path: Path, forbidden: int, *, root_only: bool) -> str | None:
    if os.name != "posix":
        return _access_list_problem(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{path} cannot be examined ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return f"{path} is a symbolic link; a secret must be a plain file"
    mode = stat.S_IMODE(info.st_mode)
    if mode & forbidden:
        return f"{path} can be read by other accounts (mode {mode:o})"
    if root_only and info.st_uid != 0:
        return f"{path} belongs to account {info.st_uid}, not root"
    return None


def _access_list_problem(path: Path) -> str | None:
    """Windows: a secret file IT placed (often under ProgramData, which every user may read) must
    let in only the kiosk's account, SYSTEM and Administrators."""
    from kiosk.core import winacl

    if not path.exists():
        return None
    try:
        found, user = winacl.access_problems([path])
    except OSError as exc:
        return f"{path} cannot be examined ({exc.strerror or exc})"
    if not found:
        return None
    command = winacl.icacls_command(path, user)
    command = [part.replace(winacl.FULL_INHERITED, "F") for part in command if part != "/T"]
    return (f"{path} can be read by other accounts ({found[0].rsplit(' (', 1)[1].rstrip(')')}); as an "
            f"administrator run: {winacl.describe(command)}")
