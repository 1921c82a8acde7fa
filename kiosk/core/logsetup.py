"""Logging to a rotating file in the data folder. Logs never hold learner codes, PINs, names or
free text: log ids and counts, not people. Still, the log and its folders are private to the
kiosk's account (0600 files, 0700 folders), through every rotation.

The kiosk's own start writes its first lines to the file through a plain handler and turns
rotation on after the sign-in screen has painted (``start_rotating``): the standard rotating
handler lives in ``logging.handlers``, whose imports (socket, pickle, queue) cost ~17 ms. Every
line goes straight to the file either way; none is held back or lost.
"""

from __future__ import annotations

import io
import logging
import os
import stat
from pathlib import Path
from typing import cast

from kiosk.core import durable
from kiosk.core.errors import ConfigError

LOG_DIR = "logs"
LOG_NAME = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _open_private(handler: logging.FileHandler) -> io.TextIOWrapper:
    """Open the handler's file 0600. The standard handlers open each file (the first, and the new
    one after every rotation) with ``open()``, so it gets the process umask (usually 0644:
    readable by every account on the PC)."""
    fd = os.open(handler.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    if os.name == "posix":
        os.fchmod(fd, 0o600)  # a file left by an older kiosk may be wider
    # A log handler's mode is always text ("a" or "w"), so open() makes a TextIOWrapper.
    return cast(io.TextIOWrapper, open(fd, handler.mode, encoding=handler.encoding, errors=handler.errors))


class _PrivateFileHandler(logging.FileHandler):
    """The log file without rotation, until ``start_rotating()``."""

    _open = _open_private
    max_bytes = MAX_BYTES  # for the rotating handler that takes over


def _mark(handler: logging.Handler) -> None:
    """Mark a handler as the kiosk's own (``_tip_kiosk``: the CLI and the tests look for it)."""
    vars(handler)["_tip_kiosk"] = True


def _rotating_handler(path: Path, max_bytes: int) -> logging.Handler:
    import logging.handlers  # late: see the module docstring

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        """A RotatingFileHandler whose files are created 0600."""

        _open = _open_private

    return PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=BACKUPS, encoding="utf-8")


def setup_logging(data_dir: Path, level: str = "INFO", max_bytes: int = MAX_BYTES,
                  rotate_later: bool = False) -> Path:
    """Send the kiosk's log records to ``data_dir/logs/kiosk.log`` (1 MB x 5 files).

    With ``rotate_later`` the file does not rotate until ``start_rotating()`` is called."""
    folder = Path(data_dir) / LOG_DIR
    existed = Path(data_dir).exists()
    path = folder / LOG_NAME
    try:
        durable.make_dir(folder, 0o700)  # the data folder too, when this is the first start
        private_folder(Path(data_dir))
        private_folder(folder)
        if rotate_later:
            plain = _PrivateFileHandler(path, encoding="utf-8")
            plain.max_bytes = max_bytes
            handler: logging.Handler = plain
        else:
            handler = _rotating_handler(path, max_bytes)
    except OSError as exc:  # the first thing a start writes: say plainly which folder is wrong
        raise ConfigError(f"The data folder {data_dir} cannot be used: {exc.strerror or exc} "
                          f"({exc.filename or path}). Give a folder this account can write to, "
                          "with --data-dir or data_dir in kiosk.toml.") from exc
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    for old in _kiosk_handlers():
        root.removeHandler(old)
        old.close()
    _mark(handler)
    root.addHandler(handler)
    root.setLevel(level)
    if not existed:  # kiosk.core.winacl only for a data folder made just now (Windows)
        from kiosk.core import winacl

        winacl.restrict_new_folder(Path(data_dir), existed)  # after the handler: a failure is logged
    return path


def start_rotating() -> None:
    """Give the log file set up with ``rotate_later`` its rotation (a no-op otherwise)."""
    root = logging.getLogger()
    for plain in _kiosk_handlers():
        if not isinstance(plain, _PrivateFileHandler):
            continue
        handler = _rotating_handler(Path(plain.baseFilename), plain.max_bytes)
        handler.setFormatter(plain.formatter)
        _mark(handler)
        # The new one first: a line logged meanwhile (the content loads on another thread) may
        # reach both, never neither. A line the old one is still writing reopens its file.
        root.addHandler(handler)
        root.removeHandler(plain)
        plain.close()


def _kiosk_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_tip_kiosk", False)]


def private_folder(folder: Path) -> None:
    """Take group and other access off a folder the kiosk owns (one made by an older kiosk may be
    0755). A folder owned by another account is left alone: IT chose it. POSIX only; on Windows
    the data folder's access list is set by kiosk.core.winacl."""
    if os.name != "posix":
        return
    info = folder.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, stat.S_IMODE(info.st_mode) & 0o700)
