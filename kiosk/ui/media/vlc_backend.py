"""libVLC for the kiosk: one ``vlc.Instance`` for the whole app, made on first use in the main
thread, with the options the kiosk needs; and a clear explanation when libVLC is missing.
The players live in ``vlc_player.py``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from kiosk.core.errors import KioskError
from kiosk.core.media_codecs import decoder_options, plugin_names
from kiosk.core.memory import tune_malloc

if TYPE_CHECKING:
    from kiosk.ui.media.vlc_player import VlcPlayer

log = logging.getLogger(__name__)

BASE_OPTIONS: tuple[str, ...] = (
    "--intf=dummy",                 # no VLC interface of its own
    "--ignore-config",              # a user's VLC settings on a shared PC must not change the kiosk
    "--quiet",
    "--no-sub-autodetect-file",     # captions are drawn by the kiosk from the file the content names
    "--no-spu",                     # ... so VLC draws no subtitles (embedded tracks included)
    "--no-video-title-show",        # VLC would print the file name over the picture
    "--no-osd",
    "--no-snapshot-preview",
    "--no-stats",
    "--no-lua",                     # no scripts, no network look-ups for artwork
    "--no-metadata-network-access",
    # libVLC's text renderer draws subtitles and on-screen text, none of which the kiosk uses:
    # the dummy one saves loading FreeType and fontconfig's caches a second time (memory).
    "--text-renderer=tdummy",
    # Decoder options (one decoding thread) depend on the plugins this build has: see
    # kiosk.core.media_codecs.decoder_options.
) + (
    # On X11, no Xlib in libVLC's threads: it then draws with xcb (xcb_x11 / XVideo), which on
    # the 2-core test PC used 10% CPU and 239 MB while the OpenGL output used 26% and 399 MB
    # (docs/performance.md). IT can give "--xlib" in video_vlc_options to bring OpenGL back.
    ("--no-xlib",) if sys.platform.startswith("linux") else ()
)
"""Options every kiosk libVLC instance gets; IT may add more (setting ``video_vlc_options``)."""

HEADLESS_OPTIONS: tuple[str, ...] = ("--vout=dummy", "--aout=dummy")
"""No picture and no sound: for tests and machines without a display."""

EMBEDDING_PLATFORMS = ("xcb", "windows", "cocoa")
"""Qt platforms whose native windows libVLC can draw into."""

LEARNER_MESSAGE = ("This video can't play on this computer right now. This is a problem with the "
                   "computer, not with anything you did. You can read the transcript instead.")


class MediaUnavailableError(KioskError):
    """Video cannot play on this computer. ``str()`` is for the learner, ``detail`` for IT."""

    def __init__(self, detail: str, message: str = LEARNER_MESSAGE):
        super().__init__(message)
        self.detail = detail


def missing_libvlc(platform: str = sys.platform) -> str:
    """What IT reads when libVLC is missing, in the words of the PC the kiosk runs on."""
    from kiosk.core.doctor import advice  # only on this fault: the doctor package is not needed at start

    return f"libVLC is missing, so video can't play on this computer. {advice.vlc_missing(platform)}"


def missing_plugins(platform: str = sys.platform) -> str:
    """What IT reads when libVLC is there but cannot start (plugins missing or cache stale)."""
    from kiosk.core.doctor import advice

    return ("libVLC was found but could not start: its plugins are missing or its plugin cache is "
            f"stale. {advice.vlc_cache(None, platform)}")


def load_vlc() -> Any:
    """Import python-vlc. Raises MediaUnavailableError (never anything else) if libVLC is missing."""
    try:
        import vlc  # imported late, so a kiosk without libVLC still starts
    except (ImportError, NotImplementedError, OSError, AttributeError, SystemExit) as exc:
        # Without libVLC python-vlc raises NotImplementedError (not ImportError); a
        # PYTHON_VLC_LIB_PATH that is not a library makes it call sys.exit().
        raise MediaUnavailableError(f"{missing_libvlc()} (python-vlc said: {type(exc).__name__}: {exc})") from None
    return vlc


def _plugin_names() -> set[str] | None:
    """The libVLC plugins this process can load, or None if their folder cannot be found."""
    from kiosk.core.vlccheck import plugin_dir  # after load_vlc: it looks where libVLC came from

    folder = plugin_dir()
    return plugin_names(folder) if folder is not None else None


class VlcBackend:
    """The app's one libVLC instance, made on first use in the main thread.

    Args:
        options: libVLC options added to ``BASE_OPTIONS`` (e.g. ``HEADLESS_OPTIONS``).
        configured: options IT set (``video_vlc_options``); if libVLC refuses them, the kiosk
            logs why and starts libVLC without them rather than losing video.
    """

    def __init__(self, options: Sequence[str] = (), configured: Sequence[str] = ()):
        self.options = tuple(BASE_OPTIONS) + tuple(options)
        self.configured = tuple(configured)
        self._instance: Any = None
        self._problem: MediaUnavailableError | None = None

    def instance(self) -> Any:
        """The ``vlc.Instance``. Raises MediaUnavailableError if libVLC is missing or cannot start."""
        if self._problem is not None:
            raise self._problem
        if self._instance is None:
            options = list(self.options)
            if QGuiApplication.platformName() not in EMBEDDING_PLATFORMS and not any(
                    o.startswith("--vout") for o in options):
                # No screen to embed into: libVLC would open a window of its own.
                options += HEADLESS_OPTIONS
            tune_malloc()  # (the kiosk did this at start; tools and tests come straight here)
            try:
                vlc = load_vlc()
                options += decoder_options(_plugin_names())
                instance = vlc.Instance(options + list(self.configured))
                if instance is None and self.configured:
                    log.error("libVLC refused the configured video_vlc_options %s; starting it "
                              "without them", " ".join(self.configured))
                    instance = vlc.Instance(options)
                if instance is None:
                    raise MediaUnavailableError(missing_plugins())
            except MediaUnavailableError as exc:
                self._problem = exc
                log.error("Video unavailable: %s", exc.detail)
                raise
            self._instance = instance
            log.info("libVLC %s ready", vlc.libvlc_get_version().decode(errors="replace"))
        return self._instance

    def problem(self) -> MediaUnavailableError | None:
        """Why video cannot play here, or None if it can."""
        try:
            self.instance()
        except MediaUnavailableError as exc:
            return exc
        return None

    def new_player(self, parent: QObject | None = None) -> VlcPlayer:
        from kiosk.ui.media.vlc_player import VlcPlayer  # the player module imports this one

        return VlcPlayer(self.instance(), parent)

    def release(self) -> None:
        """Release the instance (at exit, after every player has been closed)."""
        if self._instance is not None:
            self._instance.release()
            self._instance = None
