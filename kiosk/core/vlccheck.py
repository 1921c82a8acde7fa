"""Checking libVLC from the command line (doctor, self-test): load it, start it with its plugins,
and play a file for a moment with dummy outputs. Call from the main thread only.

libVLC's failures are quiet or odd: ``import vlc`` raises NotImplementedError when the library
is missing, exits the process (SystemExit) when PYTHON_VLC_LIB_PATH names something that is not
a library, and ``vlc.Instance()`` returns None when the plugins are missing. Each becomes a
VlcError with a plain explanation here.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core.bundle import bundled_vlc_plugins, contents_dir

if TYPE_CHECKING:
    from kiosk.core.media_codecs import Playable

HEADLESS_ARGS = ("--intf=dummy", "--vout=dummy", "--aout=dummy", "--quiet", "--no-sub-autodetect-file",
                 "--no-video-title-show")
PLUGIN_SUFFIX = ".dll" if sys.platform == "win32" else ".so"


class VlcError(Exception):
    """libVLC cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class VlcInfo:
    version: str
    library: Path | None
    """Where libvlccore was loaded from (Linux only; None where it cannot be told)."""
    plugin_dir: Path | None
    plugin_count: int
    plugin_cache: bool
    """True when the plugin folder has a cache (plugins.dat); without one start-up is slower."""


def load_vlc() -> Any:
    """Import python-vlc, translating its ways of failing into VlcError."""
    try:
        import vlc
    except NotImplementedError:
        raise VlcError("libVLC is not installed (the VLC library was not found).") from None
    except SystemExit:
        where = os.environ.get("PYTHON_VLC_LIB_PATH", "")
        raise VlcError(f"libVLC could not be loaded from {where or 'the configured place'}: "
                         "it is missing or is not a library.") from None
    except (OSError, ImportError) as exc:
        raise VlcError(f"libVLC could not be loaded: {exc}.") from None
    return vlc


def start_vlc(args: tuple[str, ...] = HEADLESS_ARGS) -> tuple[Any, Any, VlcInfo]:
    """(vlc module, a started vlc.Instance, facts about it). Raises VlcError."""
    vlc = load_vlc()
    instance = vlc.Instance(list(args))
    folder = plugin_dir()
    count = count_plugins(folder) if folder else 0
    if instance is None:
        where = f"in {folder}" if folder else "anywhere"
        raise VlcError(f"libVLC was found but could not start: its plugins are missing "
                         f"(found {count} {where}).")
    version = vlc.libvlc_get_version()
    info = VlcInfo(version.decode() if isinstance(version, bytes) else str(version), loaded_library(),
                   folder, count, bool(folder and (folder / "plugins.dat").exists()))
    return vlc, instance, info


def plugin_dir() -> Path | None:
    """The folder libVLC loads its plugins from, as far as can be told."""
    for variable in ("VLC_PLUGIN_PATH", "PYTHON_VLC_MODULE_PATH"):
        value = os.environ.get(variable, "").split(os.pathsep)[0]
        if value and Path(value).is_dir():
            return Path(value)
    bundled = bundled_vlc_plugins()
    if bundled and bundled.is_dir():
        return bundled
    library = loaded_library()
    if library is not None:
        # libvlccore looks in <its folder>/vlc/plugins (Linux) or <its folder>/plugins (Windows).
        for candidate in (library.parent / "vlc" / "plugins", library.parent / "plugins"):
            if candidate.is_dir():
                return candidate
    return None


def build_playable() -> Playable | None:
    """What this kiosk build's libVLC can play, or None when libVLC or
    its plugin folder cannot be found (then nothing can be said)."""
    from kiosk.core.media_codecs import playable, plugin_names

    try:
        load_vlc()
    except VlcError:
        return None
    folder = plugin_dir()
    return playable(plugin_names(folder)) if folder else None


def count_plugins(folder: Path) -> int:
    return sum(1 for p in folder.rglob(f"*{PLUGIN_SUFFIX}") if p.is_file())


def loaded_library() -> Path | None:
    """Where this process loaded libvlccore from (Linux: from /proc/self/maps)."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                path = line.split(maxsplit=5)[-1].strip()
                if "libvlccore" in Path(path).name:
                    return Path(path)
    except OSError:
        pass
    return None


def loaded_from_bundle() -> bool | None:
    """True/False when running from a bundle (is libvlccore the bundle's copy?), None otherwise."""
    root = contents_dir()
    library = loaded_library()
    if root is None or library is None:
        return None
    return library.resolve().is_relative_to(root.resolve())


@dataclass(frozen=True)
class PlayResult:
    played_ms: int
    length_ms: int
    state: str
    video_frames: int
    """Pictures decoded (0 for a file without video)."""
    audio_blocks: int
    """Audio blocks decoded (0 for a file without sound)."""


def play_for(path: Path, seconds: float = 1.0, timeout: float = 15.0) -> PlayResult:
    """Play ``path`` with dummy outputs until ``seconds`` of it have played.

    The clock alone can advance with nothing decoded (the demuxer drives it), so each track the
    file has must also have been decoded: that is what catches a missing codec plugin.

    Raises:
        VlcError: libVLC cannot start, or the file would not play.
    """
    path = Path(path)
    if not path.is_file():
        raise VlcError(f"The media file {path} does not exist.")
    vlc, instance, _ = start_vlc()
    player = instance.media_player_new()
    media = instance.media_new_path(str(path))
    player.set_media(media)
    try:
        if player.play() != 0:
            raise VlcError(f"libVLC refused to play {path}.")
        deadline = time.monotonic() + timeout
        target = int(seconds * 1000)
        bad = {vlc.State.Error, vlc.State.Ended, vlc.State.Stopped}
        while time.monotonic() < deadline:
            state = player.get_state()
            if player.get_time() >= target or state in bad:
                break
            time.sleep(0.05)  # a command-line check, not the UI: polling is fine here
        played, state = player.get_time(), player.get_state()
        stats = vlc.MediaStats()
        media.get_stats(stats)
        # The track counts include a "disabled" entry: above 0 means the file has such a track.
        has_video, has_audio = player.video_get_track_count() > 0, player.audio_get_track_count() > 0
        result = PlayResult(max(0, played), max(0, player.get_length()), str(state).split(".")[-1],
                            stats.decoded_video, stats.decoded_audio)
    finally:
        player.stop()
        player.release()
        media.release()
        instance.release()
    if result.played_ms < target:
        raise VlcError(f"{path.name} did not play: {result.played_ms} ms played in {timeout:.0f} s "
                         f"(player state: {result.state}). The file may be damaged or in a format "
                         "the installed VLC plugins cannot decode.")
    for kind, present, decoded in (("picture", has_video, result.video_frames),
                                   ("sound", has_audio, result.audio_blocks)):
        if present and not decoded:
            raise VlcError(f"{path.name} played for {result.played_ms} ms but no {kind} was decoded: "
                             "the VLC plugin for its format is missing.")
    return result
