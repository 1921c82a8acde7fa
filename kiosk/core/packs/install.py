"""Install a verified pack as the kiosk's content, atomically, keeping the previous content.

Order of work, each step refusing before the next can touch anything:
  1. the ``.sig`` statement is checked against the trusted keys (no pack byte read yet), and its
     id, version and minimum app version against what is installed and this app;
  2. the pack is copied into a staging folder *beside* the content folder while being hashed, and
     the hash must be the signed one (later steps read only this private copy);
  3. the copy is checked and unpacked into the staging folder (see unpack.py);
  4. the staged content must load with the kiosk's own loader, every module available;
  5. the record of the installed pack is written into the staged content and the folders swap
     by renames on one filesystem: content -> content.previous, staged -> content.

Which pack is installed is recorded in ``.tip-pack.json`` inside the content folder rather than in
the learner database: the record then moves with the content in the same rename, so the two can
never disagree (a rollback restores both), and the content folder is the machine's, shared by
every data folder that might point at it. Pack names starting with '.' are refused, so no pack can
overwrite the record.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk import __version__
from kiosk.core import durable
from kiosk.core.content import ContentProblem, UnavailableModule, load_programme
from kiosk.core.content.deferred import PROGRAMME_FILE
from kiosk.core.content.swap import previous_dir, recover_interrupted
from kiosk.core.content.yamlread import read_yaml
from kiosk.core.errors import PackError
from kiosk.core.packs.manifest import Manifest, parse_app_version, unsafe_name_reason
from kiosk.core.packs.signing import (
    SIGNATURE_SUFFIX,
    Progress,
    Verified,
    check_bytes,
    check_signature,
    hash_file,
    parse_trusted_keys,
    signature_path,
)
from kiosk.core.packs.unpack import Limits, PackReader

log = logging.getLogger(__name__)

RECORD_FILE = ".tip-pack.json"
STAGING_MARK = ".import-"
_SPARE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Installed:
    """The pack a content folder came from (version 0: content not installed from a pack)."""

    pack_id: str | None = None
    version: int = 0
    installed_at: str = ""


@dataclass(frozen=True)
class ImportResult:
    pack_id: str
    version: int
    previous_version: int
    files: int
    bytes: int
    seconds: float
    pack: Path
    content_dir: Path
    previous_dir: Path | None


def read_installed(content_dir: Path) -> Installed:
    """What pack the content folder holds.

    Raises:
        PackError: the record exists but is damaged (refusing is safer than guessing "version 0",
            which would let any older pack in).
    """
    path = Path(content_dir) / RECORD_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Installed(str(data["pack_id"]), int(data["version"]), str(data.get("installed_at", "")))
    except FileNotFoundError:
        return Installed()
    except (OSError, ValueError, KeyError, TypeError):
        raise PackError(f"The record of the installed pack ({path}) is damaged, so the kiosk cannot tell "
                        "which version it has. IT: restore the content folder, or delete that file to "
                        "accept any signed pack.", "record") from None


def import_pack(source: Path, content_dir: Path, trusted_keys: Iterable[Ed25519PublicKey | str],
                progress: Progress | None = None, limits: Limits = Limits(),
                app_version: str = __version__) -> ImportResult:
    """Verify, unpack, check and install a pack, or refuse it leaving everything as it was.

    Args:
        source: a pack file (with ``FILE.sig`` beside it), or a folder (USB stick, network share)
            holding packs; then the newest one that is signed by a trusted key and newer than what
            is installed is taken (an older one if the newest turns out damaged).
        content_dir: the kiosk's content folder (it need not exist yet). Its parent must be
            writable: staging happens there, so the final renames stay on one filesystem.
        trusted_keys: the public keys from the configuration (``packs_trusted_keys``).
        progress: called with (bytes done, bytes in total); safe to use for a GUI progress bar
            from a worker thread. Total is twice the pack's size (copy, then unpack).
        limits: size, count and compression ratio limits.

    Raises:
        PackError: why the pack was refused; the installed content is unchanged.
    """
    keys = parse_trusted_keys(trusted_keys)
    content_dir = Path(os.path.abspath(content_dir))
    try:
        return _import_newest(Path(source), content_dir, keys, progress, limits, app_version)
    except OSError as exc:
        raise PackError(f"The pack could not be installed: {exc.strerror or exc} ({exc.filename}). "
                        "Nothing was changed.", "io") from None


def _import_newest(source: Path, content_dir: Path, keys: list[Ed25519PublicKey], progress: Progress | None,
                   limits: Limits, app_version: str) -> ImportResult:
    with _import_lock(content_dir.parent):
        recover_interrupted(content_dir)
        installed = read_installed(content_dir) if content_dir.exists() else Installed()
        candidates = _candidates(source, keys, installed, app_version)
        first_error = None
        for pack, verified in candidates:
            try:
                return _install(pack, verified, content_dir, installed, progress, limits)
            except PackError as exc:
                if len(candidates) == 1:
                    raise
                log.warning("Pack %s refused: %s", pack, exc)
                first_error = first_error or PackError(f"{pack.name}: {exc}", exc.reason)
        assert first_error is not None  # _candidates returns at least one pack or raises
        raise first_error


def _candidates(source: Path, keys: list[Ed25519PublicKey], installed: Installed,
                app_version: str) -> list[tuple[Path, Verified]]:
    """Packs worth trying, newest first; each signature statement already checked."""
    if source.is_file():
        verified = check_signature(signature_path(source), keys)
        _check_acceptable(verified, installed, app_version)
        return [(source, verified)]
    if not source.is_dir():
        raise PackError(f"{source} is neither a pack file nor a folder holding packs.", "io")
    found, refused = [], []
    for sig in sorted(source.glob("*" + SIGNATURE_SUFFIX)):
        pack = sig.with_name(sig.name[: -len(SIGNATURE_SUFFIX)])
        if not pack.is_file():
            continue
        try:
            verified = check_signature(sig, keys)
            _check_acceptable(verified, installed, app_version)
            found.append((pack, verified))
        except PackError as exc:
            refused.append(f"{pack.name}: {exc}")
    if not found:
        detail = ("\n" + "\n".join(refused)) if refused else " (a pack is a .zip with its .zip.sig beside it)"
        raise PackError(f"No pack in {source} can be installed{detail}", "no-pack")
    return sorted(found, key=lambda item: item[1].statement.version, reverse=True)


def _check_acceptable(verified: Verified, installed: Installed, app_version: str) -> None:
    statement = verified.statement
    if installed.pack_id is not None and statement.pack_id != installed.pack_id:
        raise PackError(f"This pack is for '{statement.pack_id}', but this kiosk has '{installed.pack_id}' "
                        "installed. To change programme, IT first removes the content folder and its .previous copy.",
                        "pack-id")
    if statement.version <= installed.version:
        raise PackError(f"This pack is version {statement.version}, but version {installed.version} is "
                        "already installed; a pack can only replace an older version.", "rollback")
    if parse_app_version(statement.min_app_version) > parse_app_version(app_version):
        raise PackError(f"This pack needs TIP Kiosk {statement.min_app_version} or newer; this kiosk is "
                        f"{app_version}. Update the kiosk first.", "app-version")


def _install(pack: Path, verified: Verified, content_dir: Path, installed: Installed,
             progress: Progress | None, limits: Limits) -> ImportResult:
    started = time.monotonic()
    size = verified.statement.size
    _check_space(content_dir.parent, 2 * size)
    staging = Path(tempfile.mkdtemp(prefix=f".{content_dir.name}{STAGING_MARK}", dir=content_dir.parent))
    try:
        copy, staged = staging / "pack.zip", staging / "content"
        report = (lambda done, _total: progress(done, 2 * size)) if progress else None
        try:
            real_size, digest = hash_file(pack, report, copy_to=copy)
        except FileNotFoundError:
            raise PackError(f"The pack {pack} is gone (was the USB stick removed?).", "io") from None
        check_bytes(verified, real_size, digest)
        with PackReader(copy, limits) as reader:
            manifest = reader.manifest
            _check_matches(manifest, verified)
            _check_space(content_dir.parent, manifest.total_size)
            unpacked = (lambda done, total: progress(size + size * done // max(total, 1), 2 * size)
                        ) if progress else None
            reader.unpack(staged, unpacked)
        copy.unlink()
        _check_content(staged)
        _write_record(staged, manifest, verified, pack)
        # Another import may have finished meanwhile where no lock is available (Windows).
        now = read_installed(content_dir) if content_dir.exists() else Installed()
        if now.version >= manifest.version:
            raise PackError("A newer pack was installed while this one was being checked.", "rollback")
        kept = _swap(staged, content_dir, staging)
    except OSError as exc:
        raise PackError(f"The pack could not be installed: {exc.strerror or exc} "
                        f"({exc.filename or content_dir.parent}). Nothing was changed.", "io") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    seconds = time.monotonic() - started
    log.info("Installed pack %s version %s (was %s) from %s in %.1f s, key %s", manifest.pack_id,
             manifest.version, installed.version, pack, seconds, verified.key_id)
    return ImportResult(manifest.pack_id, manifest.version, installed.version, len(manifest.files),
                        manifest.total_size, seconds, pack, content_dir, kept)


def _check_matches(manifest: Manifest, verified: Verified) -> None:
    s = verified.statement
    if (manifest.pack_id, manifest.version, manifest.min_app_version) != (s.pack_id, s.version, s.min_app_version):
        raise PackError("The pack was refused: its manifest does not match its signature (pack id, "
                        "version or minimum app version differ).", "manifest")


def _check_content(staged: Path) -> None:
    """The kiosk's own loader must accept every part of the new content before it goes live."""
    programme = load_programme(staged)
    problems = list(programme.problems)
    for module in programme.modules:
        if isinstance(module, UnavailableModule):
            problems += module.problems
    data, _ = read_yaml(staged / PROGRAMME_FILE)
    media = str(data.get("media_folder", "media")) if isinstance(data, dict) else "media"
    if not problems and unsafe_name_reason(media):
        problems = [ContentProblem(staged / PROGRAMME_FILE,
                                   f"media_folder '{media}' must be a folder inside the pack")]
    if problems:
        shown = "\n".join(str(p).replace(str(staged) + os.sep, "") for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise PackError(f"The pack was refused: its content has problems:\n{shown}{more}", "content")


def _write_record(staged: Path, manifest: Manifest, verified: Verified, pack: Path) -> None:
    record = {"pack_id": manifest.pack_id, "version": manifest.version,
              "min_app_version": manifest.min_app_version, "key_id": verified.key_id,
              "source": pack.name, "files": len(manifest.files), "bytes": manifest.total_size,
              "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    # Durable under its name before the swap: unpacking synced the staged folder before this
    # file existed, and content without its record would read as no pack at all.
    if not durable.write_file(staged / RECORD_FILE, json.dumps(record, indent=1), mode=0o644, exclusive=True):
        raise PackError("The pack was refused: it holds its own install record.", "unsafe-name")


def _swap(staged: Path, content_dir: Path, staging: Path) -> Path | None:
    """content -> content.previous, staged -> content. Any older .previous is parked in staging
    and removed with it, so a failure part-way can put everything back."""
    previous = previous_dir(content_dir)
    parked = staging / "older"
    if previous.exists():
        os.replace(previous, parked)
    had_content = content_dir.exists()
    try:
        if had_content:
            os.replace(content_dir, previous)
        try:
            os.replace(staged, content_dir)
        except OSError:
            if had_content:
                os.replace(previous, content_dir)
            raise
    except OSError:
        if parked.exists():
            os.replace(parked, previous)
        raise
    durable.sync_dir(content_dir.parent)  # all three renames become durable together
    return previous if had_content else None


def rollback(content_dir: Path) -> Installed:
    """Swap the content and the kept previous version (the undo of the last import).

    Returns what is installed afterwards.
    """
    content_dir = Path(os.path.abspath(content_dir))
    previous = previous_dir(content_dir)
    with _import_lock(content_dir.parent):
        recover_interrupted(content_dir)
        if not previous.is_dir():
            raise PackError(f"There is no previous content to go back to ({previous} does not exist).",
                            "no-pack")
        parked = Path(tempfile.mkdtemp(prefix=f".{content_dir.name}{STAGING_MARK}", dir=content_dir.parent))
        current = parked / "current"
        try:
            os.replace(content_dir, current)
            try:
                os.replace(previous, content_dir)
            except OSError:
                os.replace(current, content_dir)
                raise
            os.replace(current, previous)
            durable.sync_dir(content_dir.parent)
        except OSError as exc:
            raise PackError(f"Going back to the previous content failed: {exc.strerror or exc}.", "io") from None
        finally:
            if not current.exists():  # never delete content, whatever went wrong
                parked.rmdir()
    log.info("Content rolled back to the previous version in %s", content_dir)
    return read_installed(content_dir)


def _check_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed + _SPARE_BYTES:
        raise PackError(f"There is not enough free disk space to install this pack: it needs about "
                        f"{(needed + _SPARE_BYTES) / 1e6:,.0f} MB and {free / 1e6:,.0f} MB is free.", "space")


@contextmanager
def _import_lock(folder: Path) -> Iterator[None]:
    """One import at a time per content folder's parent (POSIX; Windows relies on the admin panel
    running one import at a time). Locking the folder itself writes nothing."""
    if not folder.is_dir():
        raise PackError(f"The folder {folder}, where the content folder lives, does not exist.", "io")
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PackError("Another content import is running on this kiosk; try again when it has "
                            "finished.", "busy") from None
        _remove_stale_staging(folder)
        yield
    finally:
        os.close(fd)


def _remove_stale_staging(folder: Path) -> None:
    """Staging folders left by an import that was killed (we hold the lock, so none is live)."""
    for path in folder.glob(f".*{STAGING_MARK}*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            log.warning("Removed %s, left by an interrupted content import", path)
