"""Files that survive a power cut once the kiosk says they are saved.

A file's bytes are safe after ``fsync`` on the file, but its *name* lives in the folder: until the
folder itself is fsynced, a new, renamed, linked or removed name may be lost or undone by a power
cut (btrfs and plain POSIX rules do this; ext4 and XFS usually hide it until the next journal
commit). Every place that creates, links, renames or removes a file whose loss matters goes
through these functions, so the rule is kept in one place:

1. write the bytes to a temporary file in the same folder and fsync it;
2. ``os.replace`` it onto the name (or ``os.link`` it, when the name must not already exist);
3. fsync the folder (and the source folder too, when a name moves between folders).

Windows has no folder fsync: there ``rename`` uses ``MoveFileExW`` with
``MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH`` (the call returns only when the move is on
disk), ``os.fsync`` is ``FlushFileBuffers``, and ``sync_dir`` does nothing. NTFS journals its
metadata, so a created or removed name is not undone once the call that made it has returned and
the journal has been written; write-through makes that happen before the rename returns.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path

PathLike = str | os.PathLike[str]

_WINDOWS = os.name == "nt"
_MOVEFILE_REPLACE_EXISTING = 0x1
_MOVEFILE_WRITE_THROUGH = 0x8


def sync_dir(folder: PathLike) -> None:
    """Make the names in ``folder`` durable (created, renamed, linked or removed entries).

    A no-op on Windows, which cannot open a folder for fsync (see the module docstring).
    """
    if _WINDOWS:
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_file(path: PathLike) -> None:
    """fsync a file someone else wrote (SQLite's backup, Qt's PDF writer) before it is renamed."""
    fd = os.open(path, os.O_RDONLY if not _WINDOWS else os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: PathLike, data: bytes | str, *, mode: int = 0o600, exclusive: bool = False,
               encoding: str = "utf-8") -> bool:
    """Write ``data`` to ``path`` so that after a power cut the name holds either the old file
    whole or the new one whole, never a part, and the new one once this returns.

    Args:
        path: the file's final name.
        data: bytes, or text encoded with ``encoding`` (newlines are written as given).
        mode: permission bits for a new file (POSIX).
        exclusive: never replace an existing file; if another process made ``path`` first,
            leave theirs and return False.

    Returns:
        True if this call's data is now under ``path``.

    Raises:
        OSError: the file could not be written (the temporary file is removed).
    """
    path = Path(path)
    raw = data.encode(encoding) if isinstance(data, str) else bytes(data)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    fd = os.open(partial, flags, mode)
    try:
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if exclusive:
            try:
                os.link(partial, path)
            except FileExistsError:
                return False
            os.unlink(partial)
            sync_dir(path.parent)  # the new name and the temporary one's removal, together
        else:
            rename(partial, path)
        return True
    finally:
        if os.path.lexists(partial):
            os.unlink(partial)


def rename(source: PathLike, target: PathLike) -> None:
    """``os.replace(source, target)``, durable when it returns: both folders are fsynced (one if
    they are the same). The caller fsyncs a file's data first (``write_file`` does)."""
    source, target = Path(source), Path(target)
    if _WINDOWS:
        _move_file_write_through(source, target)
        return
    os.replace(source, target)
    sync_dir(target.parent)
    if os.path.realpath(source.parent) != os.path.realpath(target.parent):
        sync_dir(source.parent)


def commit_file(partial: PathLike, target: PathLike) -> None:
    """Put a finished file that another writer made (Qt's PDF writer, zipfile) under its final
    name: fsync its bytes, then ``rename``. Removes ``partial`` if that fails."""
    try:
        sync_file(partial)
        rename(partial, target)
    except OSError:
        Path(partial).unlink(missing_ok=True)
        raise


def make_dir(folder: PathLike, mode: int = 0o700, *, parents: bool = True) -> None:
    """Create ``folder`` (and missing parents) if it does not exist; each new name is made
    durable by an fsync of the folder that holds it."""
    folder = Path(folder)
    if folder.is_dir():
        return
    if parents and not folder.parent.is_dir() and folder.parent != folder:
        make_dir(folder.parent, mode, parents=True)
    try:
        folder.mkdir(mode=mode)
    except FileExistsError:
        if not folder.is_dir():
            raise
    sync_dir(folder.parent)


def remove(path: PathLike, *, missing_ok: bool = True) -> None:
    """Remove a file, or a folder with everything in it, and make the removal durable."""
    path = Path(path)
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        if not missing_ok:
            raise
        return
    sync_dir(path.parent)


def _move_file_write_through(source: Path, target: Path) -> None:
    import ctypes

    if sys.platform != "win32":  # (called on Windows only; the guard lets the type checker see it)
        raise OSError("MoveFileExW needs Windows")
    move = ctypes.windll.kernel32.MoveFileExW
    move.argtypes = (ctypes.c_wchar_p, ctypes.c_wchar_p, ctypes.c_uint32)
    move.restype = ctypes.c_int
    if not move(str(source), str(target), _MOVEFILE_REPLACE_EXISTING | _MOVEFILE_WRITE_THROUGH):
        error = ctypes.GetLastError()
        raise OSError(error, ctypes.FormatError(error), str(source), None, str(target))
