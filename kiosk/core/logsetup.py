"""Logging to a rotating file in the data folder. Logs never hold learner codes, PINs, names or
free text: log ids and counts, not people. Still, the log and its folders are private to the
kiosk's account (0600 files, 0700 folders), through every rotation."""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
from pathlib import Path

from kiosk.core import durable, winacl

LOG_DIR = "logs"
LOG_NAME = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files are created 0600.

    The standard handler opens each new file after a rotation with ``open()``, so it gets the
    process umask (usually 0644: readable by every account on the PC).
    """

    def _open(self):  # noqa: ANN202 - logging's own signature
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)  # a file left by an older kiosk may be wider
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def setup_logging(data_dir: Path, level: str = "INFO", max_bytes: int = MAX_BYTES) -> Path:
    """Send the kiosk's log records to ``data_dir/logs/kiosk.log`` (1 MB x 5 files)."""
    folder = Path(data_dir) / LOG_DIR
    existed = Path(data_dir).exists()
    durable.make_dir(folder, 0o700)  # the data folder too, when this is the first start
    private_folder(Path(data_dir))
    private_folder(folder)
    path = folder / LOG_NAME
    handler = PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_tip_kiosk", False)]:
        root.removeHandler(old)
        old.close()
    handler._tip_kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    winacl.restrict_new_folder(Path(data_dir), existed)  # after the handler: a failure is logged
    return path


def private_folder(folder: Path) -> None:
    """Take group and other access off a folder the kiosk owns (one made by an older kiosk may be
    0755). A folder owned by another account is left alone: IT chose it. POSIX only; on Windows
    the data folder's access list is set by kiosk.core.winacl."""
    if os.name != "posix":
        return
    info = folder.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, stat.S_IMODE(info.st_mode) & 0o700)
