"""Which videos this kiosk build can play, and what a video file holds.

The lean installer ships only the libVLC plugins its own sample videos need (AV1 + Opus in WebM:
dav1d, opus, mkv), not libVLC's avcodec, whose Debian build drags in ~110 MB of encoder
libraries. Organisations' own videos may still be H.264/AAC in MP4, which play wherever libVLC
has avcodec (a source install with Debian's VLC, the Windows kiosk with VLC's own plugins). So
`doctor` says what a build plays, read from the plugin files present, and `content validate`
warns about a video this build could not play, read from the file's own headers (no ffprobe:
the kiosk does not ship it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.core.content import Module

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm", ".mkv", ".ogv", ".ogg", ".m4a", ".mp3", ".opus")

# libVLC 3 plugin (file name without lib/_plugin and extension) -> what it can play.
_AVCODEC = {"H.264", "H.265", "VP8", "VP9", "AV1", "MPEG-4", "Theora", "AAC", "MP3", "Opus", "Vorbis",
            "FLAC"}
PLUGIN_CODECS: dict[str, set[str]] = {
    "avcodec": _AVCODEC, "dav1d": {"AV1"}, "aom": {"AV1"}, "vpx": {"VP8", "VP9"}, "theora": {"Theora"},
    "faad": {"AAC"}, "mpg123": {"MP3"}, "opus": {"Opus"}, "vorbis": {"Vorbis"}, "flac": {"FLAC"},
}
PLUGIN_CONTAINERS: dict[str, set[str]] = {
    "mp4": {"MP4"}, "mkv": {"WebM/Matroska"}, "ogg": {"Ogg"}, "es": {"MP3"},
    "avformat": {"MP4", "WebM/Matroska", "Ogg"},
}

# What a file's headers say. MP4: the sample entry's four-character code in each track's
# 'stsd' box. Matroska/WebM: the CodecID strings of its tracks.
_MP4_CODECS = {b"avc1": "H.264", b"avc3": "H.264", b"hvc1": "H.265", b"hev1": "H.265", b"av01": "AV1",
               b"vp09": "VP9", b"vp08": "VP8", b"mp4v": "MPEG-4", b"mp4a": "AAC", b"Opus": "Opus",
               b".mp3": "MP3", b"fLaC": "FLAC"}
_MKV_CODECS = {b"V_MPEG4/ISO/AVC": "H.264", b"V_MPEGH/ISO/HEVC": "H.265", b"V_AV1": "AV1",
               b"V_VP9": "VP9", b"V_VP8": "VP8", b"V_THEORA": "Theora", b"A_AAC": "AAC",
               b"A_OPUS": "Opus", b"A_VORBIS": "Vorbis", b"A_MPEG/L3": "MP3", b"A_FLAC": "FLAC"}
_PEEK = 4 << 20
"""Bytes read from each end of a file: an MP4 keeps its index at the start or at the end."""


@dataclass(frozen=True)
class Playable:
    """What a libVLC plugin folder can play."""
    codecs: frozenset[str]
    containers: frozenset[str]

    def describe(self) -> str:
        if not self.codecs:
            return "no video or audio formats (no decoder plugins found)"
        return (f"{', '.join(sorted(self.codecs))} in {', '.join(sorted(self.containers)) or 'no container'}")


@dataclass(frozen=True)
class FileCodecs:
    container: str | None
    codecs: tuple[str, ...]

    def describe(self) -> str:
        return f"{' and '.join(self.codecs) or 'unknown codecs'} in {self.container or 'an unknown container'}"


def plugin_names(folder: Path) -> set[str]:
    """Plugin names in a libVLC plugin folder: ``libdav1d_plugin.so`` -> ``dav1d``."""
    names = set()
    for path in folder.rglob("*_plugin.*"):
        if path.suffix in (".so", ".dll", ".dylib"):
            names.add(path.name.split("_plugin.")[0].removeprefix("lib"))
    return names


def playable(names: set[str]) -> Playable:
    codecs: set[str] = set()
    containers: set[str] = set()
    for name in names:
        codecs |= PLUGIN_CODECS.get(name, set())
        containers |= PLUGIN_CONTAINERS.get(name, set())
    return Playable(frozenset(codecs), frozenset(containers))


def decoder_options(names: set[str] | None) -> list[str]:
    """libVLC options for the decoders present. libVLC refuses to start at all when given an
    option no plugin knows, so an option is passed only where its plugin is there."""
    options = []
    if names is None or "avcodec" in names:
        # One decoding thread: 720p H.264 costs ~12% of a core here and 35 MB less memory than
        # libVLC's frame threading (docs/performance.md).
        options.append("--avcodec-threads=1")
    if names is not None and "dav1d" in names:
        # One frame thread: dav1d otherwise keeps a picture pool per thread (memory, not speed,
        # is short on a kiosk PC; 720p AV1 still decodes at a few % of one core).
        options.append("--dav1d-thread-frames=1")
    return options


def file_codecs(path: Path) -> FileCodecs:
    """The container and codecs a media file's headers name (unknown parts left out)."""
    with open(path, "rb") as handle:
        head = handle.read(_PEEK)
        handle.seek(0, 2)
        size = handle.tell()
        tail = b""
        if size > _PEEK:
            handle.seek(max(_PEEK, size - _PEEK))
            tail = handle.read()
    if head[4:8] == b"ftyp":
        found = []
        for data in (head, tail):
            at = data.find(b"stsd")
            while at != -1:
                name = _MP4_CODECS.get(data[at + 16:at + 20])
                if name and name not in found:
                    found.append(name)
                at = data.find(b"stsd", at + 4)
        return FileCodecs("MP4", tuple(found))
    if head[:4] == b"\x1aE\xdf\xa3":
        return FileCodecs("WebM/Matroska", tuple(name for marker, name in _MKV_CODECS.items() if marker in head))
    if head[:4] == b"OggS":
        return FileCodecs("Ogg", tuple(name for marker, name in ((b"theora", "Theora"), (b"OpusHead", "Opus"),
                                                                 (b"vorbis", "Vorbis")) if marker in head))
    return FileCodecs(None, ())


def unplayable(path: Path, can: Playable) -> str | None:
    """Why this build cannot play ``path`` (in plain words), or None if it can or cannot tell."""
    try:
        found = file_codecs(path)
    except OSError:
        return None  # a missing or unreadable file is reported elsewhere
    if found.container is None or not found.codecs:
        return None
    missing = [c for c in found.codecs if c not in can.codecs]
    if found.container not in can.containers:
        missing.insert(0, found.container)
    if not missing:
        return None
    return (f"{path.name} holds {found.describe()}; this kiosk build cannot play {', '.join(missing)} "
            f"(it plays {can.describe()}). Convert it, e.g. `ffmpeg -i {path.name} -c:v libsvtav1 "
            f"-crf 38 -c:a libopus {path.stem}.webm`, or install the kiosk where libVLC has avcodec.")


def module_warnings(module: Module, can: Playable) -> list[str]:
    """A warning for each of a module's media files this build cannot play (``module`` is a
    content Module: its ``files`` map names to paths)."""
    warnings = []
    for name, path in sorted(getattr(module, "files", {}).items()):
        if Path(name).suffix.lower() in VIDEO_SUFFIXES:
            reason = unplayable(Path(path), can)
            if reason:
                warnings.append(f"{module.id}: {reason}")
    return warnings
