"""Where a trainer may save a site report, and saving it there without file-manager powers.

A file dialog running as the kiosk account can rename, delete or overwrite anything that account
can write (the installation key, the learner database). So the kiosk offers no dialog: the trainer
picks one of a few export folders (the ``reports_folder`` setting and removable media), the kiosk
names the file, and the file is always a NEW ``.csv`` or ``.pdf``: created exclusively (never
replacing anything, never following a link), never outside the chosen folder and never inside the
data folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from kiosk.core import durable
from kiosk.core.clock import now_utc
from kiosk.core.errors import KioskError

KINDS = ("csv", "pdf")
MAX_SAME_DAY = 99
"""Names tried per day before giving up (site-report-2026-12-02-99.pdf)."""


class ExportError(KioskError):
    """A report could not be saved; the message says why in plain words."""


def export_folders(configured: str, data_dir: Path, home: Path | None = None,
                   media: Iterable[Path] | None = None) -> list[Path]:
    """The folders a trainer may save reports in: the configured one (or the account's Documents
    folder), then each removable medium plugged in. Folders that do not exist, or that are the
    data folder or inside it, are left out.

    Args:
        configured: the ``reports_folder`` setting.
        data_dir: the kiosk's data folder.
        home: the kiosk account's home (for tests).
        media: the removable media's folders (for tests; default: those mounted now).
    """
    home = home or Path.home()
    first = Path(configured).expanduser() if configured else _documents(home)
    found = [first, *(_removable_media() if media is None else media)]
    result: list[Path] = []
    for folder in found:
        try:
            real = folder.resolve(strict=True)
        except OSError:
            continue
        if real.is_dir() and not _inside(real, data_dir) and real not in result:
            result.append(real)
    return result


def save_new(folder: Path, allowed: Iterable[Path], data_dir: Path, kind: str, data: bytes,
             today: datetime | None = None) -> Path:
    """Write ``data`` as a new report file named by the kiosk in ``folder``.

    Args:
        folder: the chosen export folder; it must be one of ``allowed``.
        allowed: the folders :func:`export_folders` offered.
        data_dir: the kiosk's data folder, never written to.
        kind: 'csv' or 'pdf'.
        data: the file's whole content.
        today: the date in the name (for tests).

    Returns:
        The new file's path.

    Raises:
        ExportError: the folder is not allowed, or the file could not be written (nothing is
            left behind and no existing file is touched).
    """
    if kind not in KINDS:
        raise ExportError(f"Reports are saved as CSV or PDF, not {kind!r}.")
    try:
        real = Path(folder).resolve(strict=True)
    except OSError:
        raise ExportError(f"The folder {folder} is not there any more. Choose another.") from None
    if real not in {Path(a).resolve() for a in allowed} or _inside(real, data_dir):
        raise ExportError("Reports can only be saved in the folders offered on this screen.")
    stamp = (today or now_utc()).strftime("%Y-%m-%d")
    for n in range(1, MAX_SAME_DAY + 1):
        name = f"site-report-{stamp}.{kind}" if n == 1 else f"site-report-{stamp}-{n}.{kind}"
        try:
            return _write_exclusive(real / name, data)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(f"The report could not be saved in {real} ({exc.strerror or exc}). "
                              "Try another folder.") from None
    raise ExportError(f"There are already {MAX_SAME_DAY} reports from today in {real}. "
                      "Move some, or choose another folder.")


def _write_exclusive(path: Path, data: bytes) -> Path:
    # O_EXCL: never replace anything, even a file made a moment ago; O_NOFOLLOW: a link planted
    # under the name is refused rather than written through. Written in place rather than renamed
    # into place: a rename would replace a file made meanwhile, and hard links (the no-replace
    # alternative) do not work on the FAT drives reports are usually taken away on.
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(path)  # ours: made by this call a moment ago
        raise
    os.close(fd)
    durable.sync_dir(path.parent)
    return path


def _inside(folder: Path, data_dir: Path) -> bool:
    """True if ``folder`` is the data folder or inside it."""
    try:
        data = Path(data_dir).resolve()
    except OSError:
        return False
    return folder == data or data in folder.parents


def _documents(home: Path) -> Path:
    documents = home / "Documents"
    return documents if documents.is_dir() else home


def _removable_media() -> list[Path]:
    """Each medium mounted where desktops put USB drives (Linux), or each other drive (Windows)."""
    if sys.platform == "win32":
        system = os.environ.get("SYSTEMDRIVE", "C:").upper()
        return [Path(f"{d}:\\") for d in "DEFGHIJKLMNOPQRSTUVWXYZ" if f"{d}:" != system
                and os.path.isdir(f"{d}:\\")]
    user = os.environ.get("USER") or os.environ.get("LOGNAME") or ""
    roots = [Path("/media") / user, Path("/run/media") / user] if user else []
    media: list[Path] = []
    for root in roots:
        try:
            media += sorted(p for p in Path(root).iterdir() if p.is_dir() and os.path.ismount(p))
        except OSError:
            continue
    return media


class ExportPlaces:
    """The export folders of one kiosk, for the reports screen (built once, in ui/app.py)."""

    def __init__(self, configured: str, data_dir: Path, media: Iterable[Path] | None = None):
        self.configured = configured
        self.data_dir = Path(data_dir)
        self.media = None if media is None else list(media)

    def folders(self) -> list[Path]:
        """The folders offered now (removable media come and go)."""
        return export_folders(self.configured, self.data_dir, media=self.media)

    def save(self, folder: Path, kind: str, data: bytes) -> Path:
        """A new report file in ``folder``, checked against the folders offered now."""
        return save_new(folder, self.folders(), self.data_dir, kind, data)
