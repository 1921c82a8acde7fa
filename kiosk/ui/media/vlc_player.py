"""One libVLC media player whose VLC events arrive as Qt signals in the main thread.

libVLC is not re-entrant: its event callbacks run on VLC's own threads and must not call back
into libVLC (python-vlc issues #77, #211). So a callback here does one thing, emit a Qt signal;
the queued connection delivers it to the main thread, which is the only thread that calls libVLC.
Position is read by a timer in the main thread, never from a callback.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.ui.media.vlc_backend import load_vlc

log = logging.getLogger(__name__)


class VlcPlayer(QObject):
    """One libVLC media player. States: idle, loading, paused, playing, ended, failed.

    ``open`` shows the first frame at the start position, paused: a video never starts by itself.
    """

    state_changed = Signal(str)
    position_changed = Signal(float)
    """Seconds into the media, while playing (every tick) and after a seek."""
    length_known = Signal(float)
    first_frame = Signal()
    failed = Signal(str)
    """Why playback failed, for the log (the learner sees a calm message)."""
    _vlc_event = Signal(str, float)  # emitted on VLC's threads; delivered queued in the main thread

    TICK_MS = 200
    OPEN_TIMEOUT_MS = 3000
    EARLY_END_SECONDS = 3.0
    """Ending more than this before the known length means the file is incomplete."""

    def __init__(self, instance: Any, parent: QObject | None = None):
        super().__init__(parent)
        self._vlc = load_vlc()
        self._instance = instance
        self._mp: Any = None
        self._window: int | None = None
        self._path: Path | None = None
        self.state = "idle"
        self._position = 0.0
        self._length = 0.0
        self._rate = 1.0
        self._volume = 100
        self._muted = False
        self._frames = False
        self._has_played = False
        self._start_paused = False
        self._vlc_event.connect(self._on_vlc_event, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self, interval=self.TICK_MS)
        self._timer.timeout.connect(self._tick)
        # A file libVLC cannot read may open "paused" and then say nothing more: if it has shown
        # neither a length nor a picture by now, it has no playable video.
        self._watchdog = QTimer(self, singleShot=True, interval=self.OPEN_TIMEOUT_MS)
        self._watchdog.timeout.connect(self._check_opened)

    # -- commands ---------------------------------------------------------------------------
    def set_window(self, win_id: int | None) -> None:
        """Draw into this native window (X11 window id or Windows HWND); None: no picture."""
        self._window = win_id
        if self._mp is not None:
            self._bind_window()

    def open(self, path: Path, start: float = 0.0, paused: bool = True) -> None:
        """Load ``path`` and show its frame at ``start`` seconds (playing if not ``paused``)."""
        self.close()
        self._path = Path(path)
        self._frames = False
        self._has_played = False
        self._length = 0.0
        self._position = max(0.0, start)
        self._start_paused = paused
        mp = self._instance.media_player_new()
        self._mp = mp
        mp.video_set_mouse_input(False)  # keyboard and mouse stay with the kiosk's widgets
        mp.video_set_key_input(False)
        self._bind_window()
        manager = mp.event_manager()
        events = self._vlc.EventType
        for name, kind in (("MediaPlayerPlaying", "playing"), ("MediaPlayerPaused", "paused"),
                           ("MediaPlayerEndReached", "end"), ("MediaPlayerEncounteredError", "error"),
                           ("MediaPlayerLengthChanged", "length"), ("MediaPlayerVout", "vout")):
            manager.event_attach(getattr(events, name), self._callback, kind)
        media = self._instance.media_new_path(str(self._path))
        if paused:
            media.add_option(":start-paused")
        # A start time, even at the very start, makes libVLC seek and so decode the frame to show
        # while paused; without one, an input opened paused shows nothing.
        media.add_option(f":start-time={max(start, 0.001):.3f}")
        mp.set_media(media)
        media.release()
        mp.set_rate(self._rate)
        self._set_state("loading")
        self._watchdog.start()
        if mp.play() != 0:
            self._fail("libVLC refused to start playing the file")

    def play(self) -> None:
        if self._mp is None or self.state in ("ended", "idle"):
            if self._path is not None and self.state != "failed":
                self.open(self._path, 0.0 if self.state == "ended" else self._position, paused=False)
            return
        if self.state in ("paused", "loading"):
            self._start_paused = False
            self._mp.set_pause(0)

    def pause(self) -> None:
        if self._mp is not None and self.state in ("playing", "loading"):
            self._start_paused = True
            self._mp.set_pause(1)
            if self.state == "playing":
                self._tick()

    def toggle(self) -> None:
        self.pause() if self.state == "playing" else self.play()

    def seek(self, seconds: float) -> None:
        """Jump to ``seconds`` (kept inside the media); the play/pause state stays as it was."""
        if self.state == "failed" or self._path is None:
            return
        limit = self._length - 0.25 if self._length > 0 else None
        target = max(0.0, min(seconds, limit) if limit is not None else seconds)
        if self._mp is None or self.state in ("ended", "idle"):
            self.open(self._path, target, paused=True)
        elif self.state == "loading" or (self.state == "paused" and not self._has_played):
            # Too early for set_time (still opening), or opened paused and not played yet: then
            # libVLC moves but does not redraw the picture, so open again to show the new frame.
            self.open(self._path, target, paused=self._start_paused)
        else:
            self._mp.set_time(int(target * 1000))
        self._position = target
        self.position_changed.emit(target)

    def set_rate(self, rate: float) -> None:
        self._rate = rate
        if self._mp is not None:
            self._mp.set_rate(rate)

    def set_volume(self, volume: int) -> None:
        self._volume = max(0, min(100, int(volume)))
        if self._mp is not None:
            self._mp.audio_set_volume(self._volume)

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        if self._mp is not None:
            self._mp.audio_set_mute(self._muted)

    def close(self) -> None:
        """Stop and release the libVLC player (the position is kept; ``play`` reopens)."""
        self._timer.stop()
        self._watchdog.stop()
        mp, self._mp = self._mp, None
        if mp is None:
            return
        manager = mp.event_manager()
        for name in ("MediaPlayerPlaying", "MediaPlayerPaused", "MediaPlayerEndReached",
                     "MediaPlayerEncounteredError", "MediaPlayerLengthChanged", "MediaPlayerVout"):
            manager.event_detach(getattr(self._vlc.EventType, name))
        mp.stop()  # synchronous: VLC has let go of the window when this returns
        mp.release()
        if self.state not in ("failed", "ended"):
            self._set_state("idle")

    # -- what it is doing -------------------------------------------------------------------
    @property
    def position(self) -> float:
        return self._position

    @property
    def length(self) -> float:
        return self._length

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def volume(self) -> int:
        return self._volume

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def has_frames(self) -> bool:
        """True once a picture has been decoded (a video output exists)."""
        return self._frames

    def is_playing(self) -> bool:
        return self.state == "playing"

    # -- internals --------------------------------------------------------------------------
    def _callback(self, event: Any, kind: str) -> None:
        # On a VLC thread: only hand the event over. The QObject may be gone during shutdown.
        try:
            value = float(event.u.new_length) if kind == "length" else 0.0
            self._vlc_event.emit(kind, value)
        except (RuntimeError, AttributeError):
            pass

    def _on_vlc_event(self, kind: str, value: float) -> None:
        if self._mp is None:
            return  # an event from a player already closed
        if kind == "length" and value > 0:
            self._length = value / 1000.0
            self.length_known.emit(self._length)
        elif kind == "vout" and not self._frames:  # (python-vlc misreads the count: ignore it)
            self._frames = True
            self.first_frame.emit()
        elif kind == "playing":
            if self._start_paused and self.state == "loading":
                return  # opening paused: VLC reports playing for a moment before it pauses
            self._mp.audio_set_volume(self._volume)
            self._mp.audio_set_mute(self._muted)
            self._has_played = True
            self._set_state("playing")
            self._timer.start()
        elif kind == "paused":
            self._timer.stop()
            self._set_state("paused")
        elif kind == "error":
            self._fail("libVLC could not open or decode the file")
        elif kind == "end":
            self._ended()

    def _ended(self) -> None:
        self._timer.stop()
        if self._length <= 0:
            self._fail("the file has no playable video (damaged, incomplete or not a video)")
        elif self._position < self._length - self.EARLY_END_SECONDS:
            self._fail(f"playback stopped at {self._position:.1f} s of {self._length:.1f} s; "
                       "the file is probably incomplete")
        else:
            self._position = self._length
            self.position_changed.emit(self._position)
            self._set_state("ended")

    def _check_opened(self) -> None:
        if self._mp is not None and not self._frames and self._length <= 0:
            self._fail("libVLC found no playable video in the file (damaged or not a video)")

    def _tick(self) -> None:
        if self._mp is None:
            return
        ms = self._mp.get_time()
        # While opening paused libVLC reports 0 (not the start time): trust it only when playing.
        if ms >= 0 and (self.state == "playing" or ms > 0):
            self._position = ms / 1000.0
        self.position_changed.emit(self._position)

    def _fail(self, reason: str) -> None:
        log.error("Video %s cannot play: %s", self._path.name if self._path else "?", reason)
        self.close()
        self._set_state("failed")
        self.failed.emit(reason)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def _bind_window(self) -> None:
        if self._window is None:
            return
        if sys.platform.startswith("win"):
            self._mp.set_hwnd(self._window)
        elif sys.platform == "darwin":
            self._mp.set_nsobject(self._window)
        else:
            self._mp.set_xwindow(self._window)
