"""The doctor's checks of this PC (all but sync): each a small function returning a CheckResult."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core.bundle import self_command
from kiosk.core.doctor import advice
from kiosk.core.doctor.probe import run_probe
from kiosk.core.doctor.result import CheckResult, Status
from kiosk.core.store import DB_NAME, SCHEMA_VERSION
from kiosk.core.store.health import inspect, read_meta

if TYPE_CHECKING:
    from kiosk.core.config import Settings

EARLIEST_CLOCK = datetime(2025, 1, 1, tzinfo=UTC)
"""Before this the clock is certainly wrong: TIP Kiosk did not exist yet."""
MAX_AHEAD = timedelta(days=365 * 15)
"""A clock this far past the build date is taken to be wrong rather than a very old kiosk."""
MIN_FREE_MB_FAIL = 100
"""Below this the learner database itself may fail to save progress."""


# -- configuration ----------------------------------------------------------------------------
def config_file_in_use() -> Path:
    from kiosk.core.config import ENV_PREFIX, machine_config_path

    return Path(os.environ.get(ENV_PREFIX + "CONFIG") or machine_config_path())


def check_config_file(path: Path) -> CheckResult:
    """Learners must not be able to change machine settings: the file should be writable only by
    its administrator (on POSIX: not group- or world-writable, and not owned by the kiosk's account)."""
    if not path.exists():
        return CheckResult("Configuration", "pass", f"No configuration file at {path}: the defaults "
                           "are in use.")
    fix = f"Make {path} writable only by an administrator (e.g. sudo chown root:root and chmod 644)."
    if os.name == "posix":
        info = path.stat()
        if info.st_mode & 0o022:
            return CheckResult("Configuration", "fail", f"{path} can be changed by other accounts "
                               f"(mode {info.st_mode & 0o777:o}), so learners could change machine "
                               "settings.", fix)
        if info.st_uid == os.getuid() and info.st_uid != 0:
            return CheckResult("Configuration", "warn", f"{path} belongs to the account the kiosk "
                               "runs as, so someone using that account could change it.", fix)
    return CheckResult("Configuration", "pass", f"Using {path}.")


# -- libVLC and Qt ------------------------------------------------------------------------------
def check_libvlc() -> CheckResult:
    """libVLC loads, starts (so its plugins were found) and has a plugin cache."""
    from kiosk.core.media_codecs import playable, plugin_names
    from kiosk.core.vlccheck import VlcError, loaded_from_bundle, start_vlc

    try:
        _, instance, info = start_vlc()
    except VlcError as exc:
        return CheckResult("libVLC", "fail", str(exc), advice.vlc_missing())
    instance.release()
    where = f" from {info.plugin_dir}" if info.plugin_dir else ""
    summary = f"libVLC {info.version} started with {info.plugin_count} plugins{where}."
    if info.plugin_dir:
        # What organisations' own videos may use with this build (the lean one has no H.264).
        summary += f" It plays {playable(plugin_names(info.plugin_dir)).describe()}."
    if loaded_from_bundle() is False:
        return CheckResult("libVLC", "warn", summary + f" But libVLC came from {info.library}, not "
                           "from the kiosk's own folder.", "Reinstall TIP Kiosk; check that "
                           "PYTHON_VLC_LIB_PATH and VLC_PLUGIN_PATH are not set for the kiosk.")
    if not info.plugin_cache:
        return CheckResult("libVLC", "warn", summary + " The plugin cache is missing, so videos "
                           "start more slowly.", advice.vlc_cache(info.plugin_dir))
    return CheckResult("libVLC", "pass", summary)


def check_qt_platform(command: Sequence[str] | None = None, timeout: float = 30.0) -> CheckResult:
    """Qt can start with the configured platform (QT_QPA_PLATFORM, else Qt's default).

    Runs in a child process: a Qt that cannot open its platform aborts the whole process.
    """
    platform = os.environ.get("QT_QPA_PLATFORM") or "the default"
    argv = [*(command or self_command()), "--qt-probe"]
    try:
        done = run_probe(argv, timeout)
    except subprocess.TimeoutExpired:
        return CheckResult("Qt platform", "fail", f"Qt did not start on {platform} platform within "
                           f"{timeout:.0f} s.", advice.qt_platform())
    except OSError as exc:
        return CheckResult("Qt platform", "fail", f"The Qt check could not run: {exc}.", advice.qt_platform())
    found = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    if done.returncode != 0 or "platform" not in found:
        reason = _last_lines(done.stderr) or f"exit status {done.returncode}"
        return CheckResult("Qt platform", "fail", f"Qt could not start on {platform} platform: "
                           f"{reason}", advice.qt_platform())
    return CheckResult("Qt platform", "pass", f"Qt {found.get('qt', '?')} started on the "
                       f"'{found['platform']}' platform with {found.get('screens', '?')} screen(s).")


def _last_lines(text: str, count: int = 3) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-count:])


# -- content, database, disk, admin -----------------------------------------------------------
def check_content(content_dir: Path) -> CheckResult:
    from kiosk.core.content import UnavailableModule, load_programme

    programme = load_programme(content_dir)
    problems = list(programme.problems)
    for module in programme.modules:
        if isinstance(module, UnavailableModule):
            problems.extend(module.problems)
    fix = f"To list every problem, run: {advice.command()} content validate {content_dir}"
    if problems:
        shown = "; ".join(str(p) for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        return CheckResult("Content", "fail", f"{len(problems)} problem(s) in the course content "
                           f"at {content_dir}: {shown}{more}.", fix)
    missing = _missing_files(programme)
    if missing:
        # Every module opens, but a step lost a file (a video, its captions or transcript): the
        # step explains itself to the learner, and the kiosk logs it as an error.
        shown = "; ".join(missing[:3]) + (f" (and {len(missing) - 3} more)" if len(missing) > 3 else "")
        return CheckResult("Content", "warn", f"'{programme.title}' ({content_dir}): {len(missing)} "
                           f"problem(s) with files the content refers to: {shown}.",
                           "Put the files back (for the sample programme, reinstall TIP Kiosk). " + fix)
    return CheckResult("Content", "pass", f"'{programme.title}': {len(programme.modules)} modules, "
                       f"all valid ({content_dir}).")


def _missing_files(programme: Any) -> list[str]:
    """Files the content names that are not there or cannot be read (as the self-test checks,
    kiosk.core.content.completeness); when there are none, the other problems of modules that
    still open (a caption cue that cannot be read)."""
    from kiosk.core.content.completeness import file_problems, referenced_files

    return file_problems(referenced_files(programme)) or [
        str(p) for m in programme.available for p in m.problems]


def check_database(data_dir: Path) -> CheckResult:
    path = Path(data_dir) / DB_NAME
    if not path.exists():
        if not _writable(Path(data_dir)):
            return CheckResult("Database", "fail", f"There is no learner database yet and the data "
                               f"folder {data_dir} cannot be written.", "Give the kiosk's account "
                               "write access to the data folder (data_dir).")
        return CheckResult("Database", "pass", f"No learner database yet; it is made at first start "
                           f"in {data_dir}.")
    try:
        health = inspect(path)
    except sqlite3.Error as exc:
        health = None
        reason = str(exc)
    if health is None or health.quick_check != "ok":
        reason = health.quick_check if health else reason
        return CheckResult("Database", "fail", f"The learner database {path} is damaged ({reason}).",
                           "Start the kiosk: it keeps the damaged file aside and restores the newest "
                           "backup from the backups folder, and says so in its log.")
    if health.schema_version > SCHEMA_VERSION:
        return CheckResult("Database", "fail", f"The learner database was written by a newer TIP "
                           f"Kiosk (schema {health.schema_version}; this one knows {SCHEMA_VERSION}).",
                           "Install the newer version of TIP Kiosk again.")
    if not _writable(path.parent):
        return CheckResult("Database", "fail", f"The data folder {path.parent} cannot be written.",
                           "Give the kiosk's account write access to the data folder (data_dir).")
    return CheckResult("Database", "pass", f"Healthy (quick_check ok), {health.learners} learner "
                       f"account(s), schema {health.schema_version}.")


def check_installation_key(data_dir: Path, settings: Settings | None = None) -> CheckResult:
    """The key the learner accounts were made with must be the one on disk (see accounts.py),
    wherever this PC keeps it (with ``settings``: kiosk/core/keystore.py)."""
    from kiosk.core.installation_key import installation_key_problem
    from kiosk.core.keystore import installation_key_problem as kept_key_problem

    problem = kept_key_problem(settings) if settings is not None else installation_key_problem(Path(data_dir))
    if problem:
        return CheckResult("Installation key", "fail", problem,
                           "Put back installation.key from this PC's backup; never copy one from "
                           "another PC. The kiosk will not start until the right key is back.")
    return CheckResult("Installation key", "pass", "Present, and the one the learner accounts were made with.")


def _writable(folder: Path) -> bool:
    """Whether the folder can be written, or (if it does not exist yet) created."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return os.access(folder, os.W_OK)


def check_disk(data_dir: Path, warn_mb: int) -> CheckResult:
    folder = Path(data_dir)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    free_mb = shutil.disk_usage(folder).free // (1024 * 1024)
    summary = f"{free_mb:,} MB free on the disk holding {data_dir}."
    fix = "Free some space on this disk (content updates and backups need room)."
    if free_mb < MIN_FREE_MB_FAIL:
        return CheckResult("Disk space", "fail", summary + " Progress may fail to save.", fix)
    if free_mb < warn_mb:
        return CheckResult("Disk space", "warn", summary + f" That is under {warn_mb:,} MB.", fix)
    return CheckResult("Disk space", "pass", summary)


def check_admin(settings: Settings) -> CheckResult:
    from kiosk.core.admin import META_HASH, valid_hash

    configured = getattr(settings, "admin_passphrase_hash", "")
    if configured:
        if valid_hash(configured):
            return CheckResult("Admin passphrase", "pass", "Set in the configuration file.")
        return CheckResult("Admin passphrase", "fail", "admin_passphrase_hash in the configuration "
                           "is not a hash made by TIP Kiosk.", f"Make one with: {advice.command()} admin "
                           "set-passphrase --print")
    path = Path(settings.data_dir) / DB_NAME
    stored = read_meta(path, META_HASH) if path.exists() else None
    if stored and valid_hash(stored):
        return CheckResult("Admin passphrase", "pass", "Set on this PC.")
    status: Status = "fail" if settings.kiosk_mode else "warn"
    return CheckResult("Admin passphrase", status, "No admin passphrase is set, so nobody can open "
                       "the admin panel" + (" or leave kiosk mode." if settings.kiosk_mode else "."),
                       f"Set one with: {advice.command()} admin set-passphrase")


# -- clock ------------------------------------------------------------------------------------
def check_clock(now: datetime, built: datetime | None, newest_activity: str | None) -> CheckResult:
    """The clock is not before the build (or this software's existence), not before the newest
    thing recorded on this PC, and not absurdly far ahead."""
    floor = max(EARLIEST_CLOCK, built) if built else EARLIEST_CLOCK
    shown = now.strftime("%Y-%m-%d %H:%M UTC")
    fix = ("Set the PC's date and time (and its time zone) correctly, ideally from the network "
           "(NTP). Records carry the time they happened.")
    if now < floor:
        what = "this version of TIP Kiosk was built" if built and built >= EARLIEST_CLOCK else \
            "TIP Kiosk existed"
        return CheckResult("Clock", "fail", f"The clock says {shown}, before {what} "
                           f"({floor:%Y-%m-%d}).", fix)
    if newest_activity:
        newest = datetime.fromisoformat(newest_activity)
        if newest.tzinfo is None:
            newest = newest.replace(tzinfo=UTC)
        if now < newest - timedelta(minutes=5):
            return CheckResult("Clock", "fail", f"The clock says {shown}, earlier than activity "
                               f"already recorded on this PC ({newest:%Y-%m-%d %H:%M} UTC): it has "
                               "gone backwards.", fix)
    if now > floor + MAX_AHEAD:
        return CheckResult("Clock", "fail", f"The clock says {shown}, implausibly far in the future.",
                           fix)
    return CheckResult("Clock", "pass", f"The clock says {shown}.")


def newest_activity(data_dir: Path) -> str | None:
    path = Path(data_dir) / DB_NAME
    if not path.exists():
        return None
    try:
        return inspect(path).newest_activity
    except sqlite3.Error:
        return None  # the database check reports it
