"""Open a pack whose bytes are already verified, and unpack it trusting nothing the zip declares.

Only ever called on a file whose signature checked out, but a trusted key can still sign a broken or
hostile pack (a build bug, a stolen key), so every entry is checked before anything is written: names,
entry types, encryption, compression, overlaps, counts, sizes; then, while unpacking, the real bytes
are counted and hashed, and reading stops the moment a limit is crossed.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kiosk.core.errors import PackError
from kiosk.core.packs.manifest import CONTENT_PREFIX, MANIFEST_NAME, Manifest, PackFile, check_names
from kiosk.core.packs.zipcheck import (
    Flusher,
    check_entry,
    check_no_overlap,
    counted_entries,
    fsync_tree,
    inside,
    real_bytes,
)

if TYPE_CHECKING:
    from kiosk.core.config import Settings


@dataclass(frozen=True)
class Limits:
    """How big a pack may get. The defaults fit a programme with hours of 720p video."""

    max_total_bytes: int = 4 * 1024**3
    max_files: int = 20_000
    max_ratio: int = 100
    """Real bytes per compressed byte; text compresses about 3-10 times, a zip bomb about 1000."""
    ratio_floor: int = 1024 * 1024
    """Files smaller than this are never treated as bombs, whatever their ratio."""
    max_manifest_bytes: int = 16 * 1024 * 1024

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits set in the machine configuration (``packs_max_size_mb``, ``packs_max_files``)."""
        return cls(max_total_bytes=settings.packs_max_size_mb * 1024 * 1024, max_files=settings.packs_max_files)


class PackReader:
    """A verified pack file opened for checking and unpacking (use as a context manager)."""

    def __init__(self, path: Path, limits: Limits = Limits()):
        self.path = Path(path)
        self.limits = limits
        try:
            with open(self.path, "rb") as handle:
                entries = counted_entries(handle, limits.max_files + 1)
            # Refuse a vast central directory before zipfile builds an object for each entry.
            if entries > limits.max_files + 1:
                raise _limit(f"it has {entries:,} entries; at most {limits.max_files:,} files are allowed")
            self._zip = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as exc:
            raise PackError(f"The pack was refused: it is not a readable zip file ({exc}).", "zip") from None
        try:
            self.members = self._check_entries()
            self.manifest = self._read_manifest()
            self._match_manifest()
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> PackReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._zip.close()

    # -- checks made before anything is written ------------------------------------------------
    def _check_entries(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_files + 1:
            raise _limit(f"it has {len(infos):,} entries; at most {self.limits.max_files:,} files are allowed")
        for info in infos:
            check_entry(info, _refuse)
        check_names([i.filename for i in infos], "the zip")
        check_no_overlap(infos, self._zip.start_dir, _refuse)
        members = {i.filename[len(CONTENT_PREFIX):]: i for i in infos if i.filename != MANIFEST_NAME}
        for info in members.values():
            if not info.filename.startswith(CONTENT_PREFIX):
                raise PackError(f"The pack was refused: '{info.filename}' is outside the pack's content "
                                "folder.", "unlisted")
        declared = sum(i.file_size for i in infos)
        if declared > self.limits.max_total_bytes:
            raise _limit(f"it would unpack to {declared / 1e6:,.0f} MB; at most "
                         f"{self.limits.max_total_bytes / 1e6:,.0f} MB is allowed")
        return members

    def _read_manifest(self) -> Manifest:
        info = next((i for i in self._zip.infolist() if i.filename == MANIFEST_NAME), None)
        if info is None:
            raise PackError("The pack was refused: it has no manifest.json.", "manifest")
        cap = self.limits.max_manifest_bytes
        if info.file_size > cap:
            raise _limit(f"its manifest is {info.file_size / 1e6:,.0f} MB; at most {cap / 1e6:,.0f} MB")
        with self._zip.open(info) as member:
            raw = member.read(cap + 1)
        if len(raw) > cap:
            raise _limit(f"its manifest is larger than {cap / 1e6:,.0f} MB")
        return Manifest.from_json(raw)

    def _match_manifest(self) -> None:
        listed = {f.path: f for f in self.manifest.files}
        for name in self.members:
            if name not in listed:
                raise PackError(f"The pack was refused: '{name}' is in the pack but not in its manifest.",
                                "unlisted")
        for name, entry in listed.items():
            if name not in self.members:
                raise PackError(f"The pack was refused: '{name}' is listed in its manifest but missing "
                                "from the pack.", "missing")
            if self.members[name].file_size != entry.size:
                raise _mismatch(name, f"the manifest says {entry.size:,} bytes but the zip says "
                                      f"{self.members[name].file_size:,}")
        if len(listed) > self.limits.max_files:
            raise _limit(f"it has {len(listed):,} files; at most {self.limits.max_files:,} are allowed")
        if self.manifest.total_size > self.limits.max_total_bytes:
            raise _limit(f"it would unpack to {self.manifest.total_size / 1e6:,.0f} MB; at most "
                         f"{self.limits.max_total_bytes / 1e6:,.0f} MB is allowed")

    # -- unpacking -----------------------------------------------------------------------------
    def unpack(self, dest: Path | None, progress: Callable[[int, int], None] | None = None) -> None:
        """Write every file into ``dest`` (a new folder), checking real sizes and hashes as it goes.

        With ``dest`` None the files are read and checked but not written (``pack verify``).

        Raises:
            PackError: at the first file that is larger than stated, crosses a limit, or whose
                size or SHA-256 differs from the manifest. Files already written stay in ``dest``
                for the caller to remove with the rest of its staging folder.
        """
        listed = {f.path: f for f in self.manifest.files}
        total, done = self.manifest.total_size, 0
        root = ""  # where dest really is, once made
        if dest is not None:
            dest.mkdir()
            root = os.path.realpath(dest)
        folders: set[Path] = set()
        flusher = Flusher()
        try:
            for name, info in sorted(self.members.items(), key=lambda item: item[1].header_offset):
                entry = listed[name]
                target = None
                if dest is not None:
                    target = dest.joinpath(*name.split("/"))
                    target.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(target.parent)
                    # Names were checked already; this is the last line of defence if a check is wrong.
                    if not inside(root, target):
                        raise PackError(f"The pack was refused: '{name}' would be written outside the "
                                        "content folder.", "unsafe-name")
                out = self._unpack_one(info, entry, target, done, total, progress)
                done += entry.size
                if out is not None:
                    flusher.add(out)
            flusher.finish()
        finally:
            flusher.close()
        if dest is not None:
            fsync_tree(folders | {dest})

    def _unpack_one(self, info: zipfile.ZipInfo, entry: PackFile, target: Path | None, done: int,
                    total: int, progress: Callable[[int, int], None] | None) -> BinaryIO | None:
        """Unpack and check one file; returns it still open, for the flusher to make durable."""
        digest = hashlib.sha256()
        size = 0
        # Returned still open (no with-block): the flusher makes it durable, then closes it.
        out = open(target, "xb") if target is not None else None  # noqa: SIM115
        try:
            for chunk in real_bytes(self._zip, info, self.limits, _refuse, done, entry.path):
                size += len(chunk)
                done += len(chunk)
                if size > entry.size:
                    raise _mismatch(entry.path, f"it holds more than the {entry.size:,} bytes its "
                                                "manifest says")
                digest.update(chunk)
                if out is not None:
                    out.write(chunk)
                if progress:
                    progress(done, total)
            if size != entry.size:
                raise _mismatch(entry.path, f"it holds {size:,} bytes; its manifest says {entry.size:,}")
            if digest.hexdigest() != entry.sha256:
                raise _mismatch(entry.path, "its SHA-256 differs from the manifest (the file was changed "
                                            "or damaged)")
        except BaseException as exc:
            if out is not None:
                out.close()
            if isinstance(exc, zipfile.BadZipFile):
                raise _mismatch(entry.path, f"the zip is damaged there ({exc})") from None
            raise
        return out


def _refuse(name: str | None, what: str, reason: str) -> PackError:
    return PackError(f"The pack was refused: '{name}' {what}." if name else f"The pack was refused: {what}.",
                     reason)


def _limit(why: str) -> PackError:
    return PackError(f"The pack was refused: {why}.", "limit")


def _mismatch(name: str, why: str) -> PackError:
    return PackError(f"The pack was refused: '{name}' does not match its manifest: {why}.", "mismatch")
