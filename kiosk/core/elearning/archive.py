"""Unpack a vendor .zip / .h5p into a new folder, trusting nothing the zip declares.

The same checks as a signed content pack (kiosk/core/packs/zipcheck.py): names safe on every OS,
no links, devices or encryption, no overlapping entries, a cap on entries read from the end record
before zipfile parses anything, real bytes counted against the size limit and each entry's
expansion ratio while it is written, everything on disk before it returns. Unlike a pack, a vendor zip has
no manifest of sizes and hashes to match, and authoring tools write folder entries and Mac/Windows
clutter (``__MACOSX/``, ``.DS_Store``), which are left out rather than refused.
"""

from __future__ import annotations

import os
import shutil
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.elearning import PackageProblem
from kiosk.core.errors import PackageError
from kiosk.core.packs.manifest import check_names, printable_name
from kiosk.core.packs.unpack import Limits
from kiosk.core.packs.zipcheck import (
    check_entry,
    check_no_overlap,
    counted_entries,
    fsync_tree,
    inside,
    real_bytes,
)

__all__ = ["Limits", "Unpacked", "unpack"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Unpacked:
    root: Path
    files: int
    bytes: int
    left_out: tuple[str, ...] = ()
    """Clutter entries not unpacked (``__MACOSX/...``, hidden files such as ``.DS_Store``)."""


def unpack(source: Path, dest: Path, limits: Limits = Limits(), progress: Progress | None = None) -> Unpacked:
    """Unpack the zip ``source`` into ``dest`` (created; must not exist).

    Raises:
        PackageError: naming the entry at fault (reasons ``zip``, ``unsafe-name``,
            ``duplicate-name``, ``special-file``, ``limit``). ``dest`` is removed again.
    """
    source, dest = Path(source), Path(dest)
    try:
        with open(source, "rb") as handle:
            count = counted_entries(handle, 2 * limits.max_files + 1)
        # Folder entries count here too, so allow for them; the real file count is checked below.
        if count > 2 * limits.max_files + 1:
            raise _too_many(count, limits)
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError([PackageProblem("", f"is not a readable zip file ({exc}); it may be damaged or "
                                               "only partly copied: copy it again")], "zip") from None
    with archive:
        files, left_out = _checked_files(archive, limits)
        dest.mkdir()
        try:
            written = _write(archive, files, dest, limits, progress)
        except BaseException:
            shutil.rmtree(dest, ignore_errors=True)
            raise
    return Unpacked(dest, len(files), written, tuple(left_out))


def _checked_files(archive: zipfile.ZipFile, limits: Limits) -> tuple[list[zipfile.ZipInfo], list[str]]:
    infos = archive.infolist()
    files, left_out = [], []
    for info in infos:
        if not check_entry(info, _refuse, allow_folders=True):
            continue
        if _clutter(info.filename):
            left_out.append(info.filename)
        else:
            files.append(info)
    if len(files) > limits.max_files:
        raise _too_many(len(files), limits)
    check_names([i.filename for i in files], "the zip", _refuse)
    check_no_overlap(infos, archive.start_dir, _refuse)
    declared = sum(i.file_size for i in files)
    if declared > limits.max_total_bytes:
        raise _refuse(None, f"it would unpack to {_mb(declared)} MB; at most {_mb(limits.max_total_bytes)} MB "
                            "is allowed", "limit")
    if not files:
        raise _refuse(None, "the zip is empty", "zip")
    return files, left_out


def _write(archive: zipfile.ZipFile, files: list[zipfile.ZipInfo], dest: Path, limits: Limits,
           progress: Progress | None) -> int:
    """Write every file, refusing at the first that crosses a limit or is damaged.

    Vendor packages hold thousands of small files. Where the OS has a ``sync`` that waits for the
    disk, one call at the end replaces an fsync per file (2 paired runs with 3,000 files here:
    12.1 s against 15.0 s, and 5.5 s against 7.6 s); elsewhere each file is fsynced. Helper
    threads creating the small files were tried and made no measurable difference.
    """
    root = os.path.realpath(dest)
    total, done = sum(i.file_size for i in files), 0
    folders: set[Path] = {dest}
    one_sync = hasattr(os, "sync")
    # In the order the data lie in the file: one sequential read of the archive.
    for info in sorted(files, key=lambda i: i.header_offset):
        name = info.filename
        target = dest.joinpath(*name.split("/"))
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.update(dest / folder for folder in _ancestors(name))
            # Names were checked already; this is the last line of defence if a check is wrong.
            # Checking the folder is enough: files are created with O_EXCL, never through a link.
            if not inside(root, target.parent):
                raise _refuse(name, "would be written outside the package folder", "unsafe-name")
        with open(target, "xb") as out:
            for chunk in _read(archive, info, limits, done, name):
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
            if not one_sync:
                out.flush()
                os.fsync(out.fileno())
    if one_sync:
        os.sync()
    else:
        fsync_tree(folders)
    return done


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, done: int, name: str) -> Iterator[bytes]:
    try:
        yield from real_bytes(archive, info, limits, _refuse, done, name)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _refuse(name, f"is damaged in the zip ({exc}); copy the package again or ask its "
                            "publisher for a new copy", "zip") from None


def _ancestors(name: str) -> list[str]:
    parts = name.split("/")[:-1]
    return ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]


def _clutter(name: str) -> bool:
    """Mac resource forks and hidden files that zip tools sweep in; never part of the course.

    '.' and '..' are not clutter: they are left to the name checks, which refuse them.
    """
    parts = name.split("/")
    return parts[0] == "__MACOSX" or any(p.startswith(".") and p not in (".", "..") for p in parts)


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f}" if size < 10**7 else f"{size / 1e6:,.0f}"


def _too_many(count: int, limits: Limits) -> PackageError:
    return _refuse(None, f"it has {count:,} entries; at most {limits.max_files:,} files are allowed", "limit")


def _refuse(name: str | None, what: str, reason: str) -> PackageError:
    return PackageError([PackageProblem(printable_name(name) if name else "", what)], reason)
