"""`tip-kiosk doctor`: checks that this PC can run the kiosk, each as a small function returning a
CheckResult that says, in plain words, what was found and what to do about it.

A failed check means learners cannot use the kiosk properly (or IT cannot manage it); a warning
means it works but something needs attention.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.bundle import build_time
from kiosk.core.clock import now_utc
from kiosk.core.doctor.checks import (
    check_admin,
    check_clock,
    check_config_file,
    check_content,
    check_database,
    check_disk,
    check_installation_key,
    check_libvlc,
    check_qt_platform,
    config_file_in_use,
    newest_activity,
)
from kiosk.core.doctor.folders import check_data_folder
from kiosk.core.doctor.result import CheckResult, Status, from_json, report, to_json
from kiosk.core.doctor.secrets import check_secrets
from kiosk.core.doctor.sync import check_sync, sync_settings
from kiosk.core.doctor.webengine import check_standard_packages

if TYPE_CHECKING:
    from kiosk.core.config import Settings

__all__ = [
    "CheckResult", "Status", "check_admin", "check_clock", "check_config_file", "check_content",
    "check_database", "check_disk", "check_installation_key", "check_libvlc", "check_qt_platform",
    "check_standard_packages", "check_sync", "from_json", "report", "run_checks", "sync_settings",
    "to_json",
]


def run_checks(settings: Settings, now: datetime | None = None) -> list[CheckResult]:
    """Every check, in a sensible reading order. A check that itself breaks is a failure."""
    data_dir = Path(settings.data_dir)
    checks: list[tuple[str, Callable[[], CheckResult]]] = [
        ("Configuration", lambda: check_config_file(config_file_in_use())),
        ("libVLC", check_libvlc),
        ("Qt platform", check_qt_platform),
        ("Content", lambda: check_content(Path(settings.content_dir))),
        ("Database", lambda: check_database(data_dir)),
        ("Installation key", lambda: check_installation_key(data_dir, settings)),
        ("Secrets", lambda: check_secrets(settings, config_file_in_use())),
        ("Data folder privacy", lambda: check_data_folder(data_dir)),
        ("Disk space", lambda: check_disk(data_dir, settings.min_free_disk_mb)),
        ("Admin passphrase", lambda: check_admin(settings)),
        ("Sync", lambda: check_sync(**sync_settings(settings))),
        ("Standard packages (SCORM/H5P)", lambda: check_standard_packages(Path(settings.content_dir))),
        ("Clock", lambda: check_clock(now or now_utc(), build_time(),
                                      newest_activity(data_dir))),
    ]
    results = []
    for name, check in checks:
        try:
            results.append(check())
        except Exception as exc:  # one broken check must not hide the others
            results.append(CheckResult(name, "fail", f"The check itself failed: {exc!r}.",
                                       "Please report this with the kiosk's log."))
    return results
