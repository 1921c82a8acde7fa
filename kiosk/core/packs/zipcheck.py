"""Checks for a zip whose declarations cannot be trusted, shared by signed packs and vendor
eLearning packages (kiosk/core/elearning/archive.py).

Each check reports through a ``refuse(name, what, reason)`` callable that builds the caller's own
error: ``name`` is the entry (or None for the archive as a whole), ``what`` says what is wrong with
it in plain words ("is a symbolic link; ..."), ``reason`` is a short code for logs and tests. So a
pack says "The pack was refused: 'x' is a symbolic link" and a package names the file inside it,
from the same check.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from kiosk.core import durable
from kiosk.core.errors import KioskError

CHUNK = 1024 * 1024
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_LOCAL_HEADER = 30
_CENTRAL = b"PK\x01\x02"
_CENTRAL_HEADER = 46

Refuse = Callable[[str | None, str, str], KioskError]


class SizeLimits(Protocol):
    @property
    def max_total_bytes(self) -> int: ...
    @property
    def max_ratio(self) -> int: ...
    @property
    def ratio_floor(self) -> int: ...


def check_entry(info: zipfile.ZipInfo, refuse: Refuse, allow_folders: bool = False) -> bool:
    """Refuse links, special files, encryption and unknown compression; True for a plain file,
    False for a folder entry when ``allow_folders`` (vendor zips have them; they carry nothing)."""
    name = info.orig_filename
    if info.filename != name:  # zipfile cuts a name at a NUL byte
        raise refuse(repr(name), "has a NUL byte in its name", "unsafe-name")
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise refuse(name, "is a symbolic link; only plain files are allowed", "special-file")
    if info.is_dir() or kind == stat.S_IFDIR or info.external_attr & 0x10:
        if allow_folders and info.file_size == 0:
            return False
        raise refuse(name, "is a folder entry that holds data (a damaged or altered zip)" if allow_folders else
                     "is a folder entry; packs list only files", "special-file")
    if kind not in (0, stat.S_IFREG):
        raise refuse(name, "is a special file (device, pipe or socket)", "special-file")
    if info.flag_bits & 0x1:
        raise refuse(name, "is encrypted (protected by a password)", "zip")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise refuse(name, "uses a compression method other than the usual two (stored, deflated)", "zip")
    return True


def check_no_overlap(infos: list[zipfile.ZipInfo], central_directory: int, refuse: Refuse) -> None:
    """Entries whose data overlap are how the densest zip bombs reuse one compressed block."""
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for this, following in zip(ordered, [*ordered[1:], None], strict=True):
        encoding = "utf-8" if this.flag_bits & 0x800 else "cp437"
        end = this.header_offset + _LOCAL_HEADER + len(this.orig_filename.encode(encoding)) + this.compress_size
        limit = following.header_offset if following is not None else central_directory
        if end > limit:
            raise refuse(this.filename, "overlaps the next entry (a zip bomb or a damaged file)", "limit")


def counted_entries(handle: BinaryIO, most: int) -> int:
    """How many entries the zip's central directory really holds, counted before zipfile parses
    anything (stopping once past ``most``).

    The end record's entry count cannot be trusted: zipfile reads the central directory by its
    byte size, so a zip declaring 1 entry could make it build millions of objects. The records
    are walked here (46 bytes each plus their names) and must match the declared count.

    Raises:
        zipfile.BadZipFile: no end record (not a zip, or cut short), a central directory outside
            the file, or a declared count that differs from the real one (an altered zip).
    """
    declared, size, offset, start = _end_record(handle)
    if start < 0 or offset < 0:
        raise zipfile.BadZipFile("the central directory is outside the file")
    handle.seek(start)
    count, walked = 0, 0
    while walked < size:
        record = handle.read(_CENTRAL_HEADER)
        if len(record) != _CENTRAL_HEADER or record[:4] != _CENTRAL:
            raise zipfile.BadZipFile("the central directory is damaged")
        name, extra, comment = struct.unpack_from("<3H", record, 28)
        handle.seek(name + extra + comment, os.SEEK_CUR)
        walked += _CENTRAL_HEADER + name + extra + comment
        count += 1
        if count > most:
            return count  # too many whatever was declared; the caller says so
    if count != declared:
        entries = "entry" if declared == 1 else "entries"
        raise zipfile.BadZipFile(f"its end record declares {declared:,} {entries} but its central "
                                 f"directory holds {count:,} (an altered or damaged zip)")
    return count


def _end_record(handle: BinaryIO) -> tuple[int, int, int, int]:
    """(declared entries, central directory size, its stated offset, where it really starts),
    from the end record (or its zip64 form); the start allows for data put before the zip, as
    zipfile does."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    tail_size = min(size, 65535 + 22)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or at + 22 > len(tail):
        raise zipfile.BadZipFile("no end of central directory")
    where = size - tail_size + at
    entries, cd_size, cd_offset = struct.unpack_from("<HLL", tail, at + 10)
    if at >= 20 and tail[at - 20:at - 16] == _ZIP64_LOCATOR:
        (offset,) = struct.unpack_from("<Q", tail, at - 20 + 8)
        handle.seek(offset)
        record = handle.read(56)
        if len(record) == 56 and record[:4] == _ZIP64_EOCD:
            entries, cd_size, cd_offset = struct.unpack_from("<3Q", record, 32)
            where -= 56 + 20
    return entries, cd_size, cd_offset, where - cd_size


def real_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: SizeLimits, refuse: Refuse,
               done: int = 0, name: str | None = None) -> Iterator[bytes]:
    """The entry's real bytes, chunk by chunk, never trusting its declared size: stops the moment
    the archive's running total (``done`` before this entry) crosses ``max_total_bytes`` or the
    entry expands more than ``max_ratio`` times its compressed size (a zip bomb).

    Damage in the zip (zipfile.BadZipFile, zlib.error, EOFError) is left to the caller, which
    knows what to call it.
    """
    size = 0
    name = name or info.filename
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            done += len(chunk)
            if done > limits.max_total_bytes:
                raise refuse(None, f"it unpacks to more than {limits.max_total_bytes / 1e6:,.0f} MB", "limit")
            if size > limits.ratio_floor and size > limits.max_ratio * max(info.compress_size, 1):
                raise refuse(name, f"expands more than {limits.max_ratio} times (a zip bomb)", "limit")
            yield chunk


def inside(root: str, target: Path) -> bool:
    """``target`` resolves inside ``root`` (a realpath): the last line of defence if a name check
    is wrong."""
    return os.path.commonpath([root, os.path.realpath(target)]) == root


class Flusher:
    """Makes unpacked files durable (fsync, close) on a helper thread, so the disk writes one file
    back while the next is being read and written; the caller waits for all of them before it
    moves the folder into place. At most ``depth`` files wait, which bounds open handles whatever
    the file count."""

    def __init__(self, depth: int = 8):
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zip-fsync")
        self._pending: deque[Future[Any]] = deque()
        self._depth = depth

    def add(self, handle: BinaryIO) -> None:
        self._pending.append(self._pool.submit(_flush_and_close, handle))
        while len(self._pending) > self._depth:
            self._pending.popleft().result()

    def finish(self) -> None:
        """Wait for every file; raises the first error (e.g. the disk is full)."""
        while self._pending:
            self._pending.popleft().result()

    def close(self) -> None:
        self._pool.shutdown(wait=True)  # every handle is closed by then, even after an error


def _flush_and_close(handle: BinaryIO) -> None:
    try:
        handle.flush()
        os.fsync(handle.fileno())
    finally:
        handle.close()


def fsync_tree(folders: set[Path]) -> None:
    """fsync each folder, deepest first, so every new entry is on disk before its parent's."""
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        durable.sync_dir(folder)
