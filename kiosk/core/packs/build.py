"""Make a pack from a programme folder.

A pack is self-contained: it holds the programme folder (programme.yaml and every listed module
folder) and, under ``media/``, the shared media files the modules use. The repository keeps media
beside the modules (``media_folder: ../media``), which would point outside an installed content
folder, so the pack's copy of programme.yaml says ``media_folder: media`` instead; that one line is
the only change the builder makes to any file. Only media the content refers to are packed, so
the script and sources that make the sample media stay out.

The zip is reproducible: same content in, same bytes out (fixed dates and order).
"""

from __future__ import annotations

import hashlib
import re
import stat
import time
import zipfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import yaml

from kiosk import __version__
from kiosk.core import durable
from kiosk.core.content import Module, VideoStep, load_programme
from kiosk.core.content.deferred import PROGRAMME_FILE
from kiosk.core.errors import PackError
from kiosk.core.packs.manifest import (
    CONTENT_PREFIX,
    MANIFEST_NAME,
    Manifest,
    PackFile,
    check_identity,
    check_names,
)
from kiosk.core.packs.signing import CHUNK

PACK_MEDIA = "media"
_ALREADY_COMPRESSED = {".mp4", ".m4v", ".webm", ".mkv", ".mov", ".mp3", ".m4a", ".aac", ".ogg",
                       ".opus", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip", ".gz", ".pdf"}
_EPOCH = (1980, 1, 1, 0, 0, 0)
_MEDIA_LINE = re.compile(r"^media_folder[ \t]*:.*$", re.MULTILINE)


def default_version() -> int:
    """The build time as YYYYMMDDHHMMSS (UTC): always larger for a later build, with no counter to keep."""
    return int(time.strftime("%Y%m%d%H%M%S", time.gmtime()))


def build(modules_dir: Path, out: Path, pack_id: str | None = None, version: int | None = None,
          min_app_version: str = __version__) -> Manifest:
    """Check the programme in ``modules_dir`` and write it, with its media, as a pack to ``out``.

    Args:
        modules_dir: a programme folder (holds programme.yaml).
        out: the pack file to write (replaced only once complete).
        pack_id: defaults to the programme's id.
        version: a whole number larger than any earlier pack's; defaults to ``default_version()``.
        min_app_version: the oldest kiosk that may install it.

    Raises:
        PackError: the content has problems (each is listed), or a file name cannot be packed.
    """
    modules_dir = Path(modules_dir)
    programme = load_programme(modules_dir)
    problems = [str(p) for p in programme.problems]
    for module in programme.modules:
        problems += [str(p) for p in getattr(module, "problems", ())]
    if problems:
        raise PackError("The content has problems, so no pack was made:\n" + "\n".join(problems), "content")
    pack_id = pack_id or programme.id
    version = default_version() if version is None else version
    check_identity(pack_id, version, min_app_version, "build")

    sources, programme_yaml = _collect(modules_dir, programme.available)
    check_names(sources, "the programme folder")

    out = Path(out)
    partial = out.with_name(out.name + ".partial")
    files: list[PackFile] = []
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
            for name in sorted(sources):
                source = sources[name]
                data = programme_yaml if name == PROGRAMME_FILE else None
                files.append(_add(archive, name, source, data))
            manifest = Manifest(pack_id, version, min_app_version, tuple(files))
            info = _info(MANIFEST_NAME, len(manifest.to_json()))
            archive.writestr(info, manifest.to_json())
        durable.commit_file(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise PackError(f"The pack {out} could not be written: {exc.strerror or exc}.", "io") from None
    return manifest


def _collect(folder: Path, modules: tuple[Module, ...]) -> tuple[dict[str, Path], bytes]:
    """Pack path -> source file, and the bytes of the pack's programme.yaml."""
    sources: dict[str, Path] = {PROGRAMME_FILE: folder / PROGRAMME_FILE}
    data = yaml.safe_load((folder / PROGRAMME_FILE).read_bytes())
    media_dir = (folder / data.get("media_folder", PACK_MEDIA)).resolve()
    for module in modules:
        rel = module.folder.relative_to(folder).as_posix()
        if rel == PACK_MEDIA or rel.startswith(PACK_MEDIA + "/"):
            raise PackError(f"The module folder '{rel}' cannot be packed: '{PACK_MEDIA}' is where a "
                            "pack keeps shared media. Rename the folder.", "content")
        for path in sorted(module.folder.rglob("*")):
            inside = path.relative_to(module.folder)
            if path.is_file() and not any(part.startswith(".") or part == "__pycache__"
                                          for part in inside.parts):
                sources[f"{rel}/{inside.as_posix()}"] = path
        for name in _media_names(module):
            if not (module.folder / name).is_file() and (media_dir / name).is_file():
                sources[f"{PACK_MEDIA}/{name}"] = media_dir / name
    return sources, _pack_programme_yaml(folder / PROGRAMME_FILE, data)


def _media_names(module: Module) -> list[str]:
    names = []
    for step in module.steps:
        if isinstance(step, VideoStep):
            names += [step.media, step.captions] + ([step.transcript] if step.transcript else [])
    return names


def _pack_programme_yaml(path: Path, data: dict[str, Any]) -> bytes:
    raw = path.read_bytes()
    if data.get("media_folder", PACK_MEDIA) == PACK_MEDIA:
        return raw
    text, count = _MEDIA_LINE.subn(f"media_folder: {PACK_MEDIA}", raw.decode("utf-8"))
    changed = yaml.safe_load(text) if count == 1 else None
    if changed != {**data, "media_folder": PACK_MEDIA}:
        raise PackError(f"{path}: write 'media_folder: ...' on a line of its own so the pack can point "
                        f"it at its own '{PACK_MEDIA}' folder.", "content")
    return text.encode("utf-8")


def _info(name: str, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.create_system = 3  # Unix, so the mode below means "a plain file, rw-r--r--"
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    info.file_size = size
    info.compress_type = (zipfile.ZIP_STORED if Path(name).suffix.lower() in _ALREADY_COMPRESSED
                          else zipfile.ZIP_DEFLATED)
    return info


def _add(archive: zipfile.ZipFile, name: str, source: Path, data: bytes | None) -> PackFile:
    """Stream one file into the zip, hashing exactly the bytes written."""
    size = len(data) if data is not None else source.stat().st_size
    info = _info(CONTENT_PREFIX + name, size)
    digest = hashlib.sha256()
    written = 0
    with archive.open(info, "w", force_zip64=size > 2**31) as member, ExitStack() as stack:
        if data is not None:
            chunks = iter([data])
        else:
            handle = stack.enter_context(open(source, "rb"))
            chunks = iter(lambda: handle.read(CHUNK), b"")
        for chunk in chunks:
            digest.update(chunk)
            member.write(chunk)
            written += len(chunk)
    return PackFile(name, written, digest.hexdigest())
