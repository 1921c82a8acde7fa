"""Video and audio in a package that the kiosk's web engine cannot play, and converting it.

The QtWebEngine the kiosk ships has no proprietary codecs: H.264, H.265 and AAC (what most
authoring tools put in .mp4) do not play, while VP8/VP9/AV1, Opus, Vorbis and MP3 do (measured:
/work/shared/notes/webengine-packages.md). So at import each .mp4/.m4v/.mov/.m4a is probed with
ffprobe and, when it holds anything else, converted with ffmpeg to WebM (VP9 + Opus) beside it;
every reference in the package's text files then names the new file, and the old one is removed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kiosk.core.elearning import PackageProblem
from kiosk.core.elearning.references import text_files
from kiosk.core.errors import PackageError

MEDIA_SUFFIXES = (".mp4", ".m4v", ".mov", ".m4a")
PLAYABLE = {"vp8", "vp9", "av1", "opus", "vorbis", "mp3", "flac"}
"""Codecs the web engine plays; any other audio or video stream means converting."""
NAMES = {"h264": "H.264", "hevc": "H.265", "aac": "AAC", "mpeg4": "MPEG-4 Part 2", "prores": "ProRes"}
VP9 = ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1",
       "-crf", "34", "-b:v", "2M", "-pix_fmt", "yuv420p"]
"""Fast settings: realtime VP9 at a quality cap. Speed is in bench/elearning_import.py."""
OPUS = ["-c:a", "libopus", "-b:a", "96k"]
TIMEOUT_PER_SECOND_OF_VIDEO = 20


@dataclass(frozen=True)
class Unplayable:
    path: str
    """Relative to the package root."""
    codecs: tuple[str, ...]
    """The streams' codecs as ffprobe names them; empty when ffprobe is not installed."""
    seconds: float | None = None


@dataclass(frozen=True)
class Converted:
    old: str
    new: str
    seconds_of_media: float
    seconds_taken: float

    def __str__(self) -> str:
        return f"{self.old} -> {self.new} ({self.seconds_of_media:.0f} s of media in {self.seconds_taken:.1f} s)"


def find_unplayable(root: Path) -> list[Unplayable]:
    """The package's media files whose codecs the web engine cannot play (without ffprobe:
    every .mp4/.m4v/.mov/.m4a, since they cannot be checked)."""
    probe = shutil.which("ffprobe")
    found = []
    for path in sorted(p for p in Path(root).rglob("*") if p.suffix.lower() in MEDIA_SUFFIXES and p.is_file()):
        name = path.relative_to(root).as_posix()
        if probe is None:
            found.append(Unplayable(name, ()))
            continue
        codecs, seconds = _probe(probe, path, name)
        if not codecs or not set(codecs) <= PLAYABLE:
            found.append(Unplayable(name, codecs, seconds))
    return found


def _probe(probe: str, path: Path, name: str) -> tuple[tuple[str, ...], float | None]:
    try:
        result = subprocess.run([probe, "-v", "error", "-print_format", "json", "-show_streams", "-show_format",
                                 str(path)], capture_output=True, text=True, timeout=60)
        data = json.loads(result.stdout or "{}") if result.returncode == 0 else None
    except (subprocess.TimeoutExpired, ValueError):
        data = None
    if not isinstance(data, dict):
        raise PackageError([PackageProblem(name, "is not a video or audio file ffprobe can read; it may be "
                                                 "damaged: ask the publisher for a new copy")], "media")
    codecs = tuple(s.get("codec_name", "?") for s in data.get("streams", [])
                   if s.get("codec_type") in ("video", "audio") and s.get("disposition", {}).get("attached_pic") != 1)
    try:
        seconds = float(data.get("format", {}).get("duration"))
    except (TypeError, ValueError):
        seconds = None
    return codecs, seconds


def describe(item: Unplayable) -> str:
    if not item.codecs:
        return "it is MP4/QuickTime media, which the kiosk's web player cannot play unless it holds VP9/AV1 video"
    names = " and ".join(dict.fromkeys(NAMES.get(c, c) for c in item.codecs if c not in PLAYABLE))
    return f"it holds {names}, which the kiosk's web player cannot play"


def convert_all(root: Path, items: list[Unplayable],
                progress: Callable[[str], None] | None = None) -> list[Converted]:
    """Convert each item to WebM (VP9 + Opus) and point every reference at the new file.

    Raises:
        PackageError: ffmpeg is not installed (saying which file, why and how to fix it), or a
            conversion failed. Files converted before the failure stay converted; the caller's
            staging folder is thrown away.
    """
    ffmpeg = shutil.which("ffmpeg")
    if items and ffmpeg is None:
        raise PackageError([PackageProblem(i.path, f"{describe(i)}, and ffmpeg is not installed to convert it. "
                                                   "Install ffmpeg (e.g. 'apt-get install ffmpeg') and add the "
                                                   "package again, or ask the publisher for a version with WebM "
                                                   "(VP9 + Opus) video") for i in items], "media")
    converted = []
    for item in items:
        assert ffmpeg is not None  # refused above when there is anything to convert
        if progress:
            progress(item.path)
        converted.append(_convert(ffmpeg, Path(root), item))
    rewrite_references(root, {c.old: c.new for c in converted})
    return converted


def _convert(ffmpeg: str, root: Path, item: Unplayable) -> Converted:
    source = root / item.path
    target = source.with_suffix(".webm")
    if target.exists():
        target = source.with_name(source.stem + "-converted.webm")
    video = [] if source.suffix.lower() == ".m4a" else ["-map", "0:v:0?", *VP9]
    command = [ffmpeg, "-nostdin", "-v", "error", "-y", "-i", str(source), *video, "-map", "0:a:0?", *OPUS,
               "-threads", str(os.cpu_count() or 2), str(target)]
    timeout = max(120, (item.seconds or 600) * TIMEOUT_PER_SECOND_OF_VIDEO)
    started = time.perf_counter()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        why = (result.stderr.strip()[-300:] or "ffmpeg failed") if result.returncode != 0 else ""
    except subprocess.TimeoutExpired:
        why = f"ffmpeg was still working after {timeout / 60:.0f} minutes"
    if why:
        target.unlink(missing_ok=True)
        raise PackageError([PackageProblem(item.path, f"could not be converted to WebM: {why}")], "media")
    taken = time.perf_counter() - started
    _fsync(target)
    source.unlink()
    return Converted(item.path, target.relative_to(root).as_posix(), item.seconds or 0.0, taken)


_MIME = re.compile(rb"\b(video|audio)/(?:mp4|x-m4v|quicktime|x-m4a)\b")


def rewrite_references(root: Path, renamed: dict[str, str]) -> list[str]:
    """Replace each old file name by the new one in every text file (HTML, JS, CSS, JSON, XML,
    the SCORM manifest included); returns the files changed.

    Names are matched by their last part (``clip.mp4``), so relative forms ("../media/clip.mp4",
    "clip.mp4") all follow, also URL-encoded; in a file that changed, an MP4 media type becomes
    WebM so a ``<source type=...>`` does not make the browser skip the new file.
    """
    pairs: list[tuple[re.Pattern[bytes], bytes]] = []
    for old, new in renamed.items():
        old_name, new_name = old.rsplit("/", 1)[-1], new.rsplit("/", 1)[-1]
        for form_old, form_new in {(old_name, new_name), (quote(old_name), quote(new_name))}:
            pattern = re.compile(rb"(?<![\w.-])" + re.escape(form_old.encode("utf-8")) + rb"(?![\w-])")
            pairs.append((pattern, form_new.encode("utf-8")))
    changed = []
    for file in text_files(root):
        data = original = file.read_bytes()
        for pattern, replacement in pairs:
            data = pattern.sub(replacement, data)
        if data != original:
            data = _MIME.sub(rb"\1/webm", data)
            file.write_bytes(data)
            _fsync(file)
            changed.append(file.relative_to(root).as_posix())
    return changed


def _fsync(path: Path) -> None:
    """The import renames the folder into place only once its files are on disk."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
