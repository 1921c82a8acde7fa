"""The video step: the player with captions and an interactive transcript, resumed where the
learner stopped, counted as watched only when most of it has really been played.

When the video cannot play (libVLC missing, file missing or damaged) the step says so calmly
and offers the transcript, which then completes the step: nobody is held back by a fault.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.captions import Captions, read_captions
from kiosk.core.content import Step, VideoStep
from kiosk.core.learning import ModuleRun
from kiosk.core.watching import WatchTracker
from kiosk.ui.formats import fill
from kiosk.ui.media.player_widget import PlayerWidget
from kiosk.ui.media.transcript import TranscriptPanel, TranscriptReader, transcript_markdown
from kiosk.ui.media.vlc_backend import VlcBackend
from kiosk.ui.media.vlc_player import VlcPlayer
from kiosk.ui.steps.base import StepView
from kiosk.ui.widgets import button, card, label, set_text

log = logging.getLogger(__name__)

SAVE_EVERY_SECONDS = 5.0
"""How often the position is saved while a video plays (also on pause, leaving and sign-out)."""
RESTART_NEAR_END_SECONDS = 5.0
"""Coming back to a video stopped this close to its end starts it from the beginning."""
SIDE_BY_SIDE_CHARS = 110
"""Below this many average characters of width, the transcript goes under the picture (at 1280
px wide that is from about 150% text up)."""
STACKED_PICTURE_SHARE = 0.35
"""Stacked, the picture takes at most this share of the window's height, so that at 200% text at
1280x800 the title, picture, caption strip and Play all fit before any scrolling."""


def format_length(seconds: int) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


class VideoView(StepView):
    """A video step. ``player`` is None when the video cannot play here."""
    uses_media = True
    max_width = 1600

    step: VideoStep  # the kind of step this view shows

    def __init__(self, run: ModuleRun, step: VideoStep, media: VlcBackend | None = None,
                 parent: QWidget | None = None):
        super().__init__(run, step, parent)
        self.media = media if media is not None else VlcBackend()
        files = run.module.files
        self.captions = read_captions(files[step.captions]) if step.captions in files else Captions()
        for problem in self.captions.problems:
            log.warning("Captions: %s", problem)
        saved = run.media_state(step)
        self.tracker = WatchTracker(saved.watched)
        self._saved_state = (round(saved.position, 1), saved.watched)
        self.player: VlcPlayer | None = None
        self.player_widget: PlayerWidget | None = None
        self.transcript: TranscriptPanel | None = None
        self.problem: str | None = None
        """Why the video cannot play (for IT), or None."""
        self._suspended = False
        self._pending_start: float | None = None
        """Where to open the video once the step is on the screen (None once opened)."""
        self._last_save = time.monotonic()

        self.pages = QStackedWidget()
        self.watch_page = QWidget()
        self.read_page = QWidget()
        self.pages.addWidget(self.watch_page)
        self.pages.addWidget(self.read_page)
        self.column.addWidget(self.pages, 1)
        self._build_read_page()
        reason = self._why_unavailable()
        if reason is None:
            self._build_watch_page()
            # Opened once shown: libVLC sizes its picture from the surface's geometry when its
            # first frame is ready, and before the step is laid out that is Qt's default.
            self._pending_start = self._resume_position()
            assert self.player_widget is not None  # just built
            self.player_widget.update_position(self._pending_start)
        else:
            self._unavailable(reason)
        self._show_status()

    # -- StepView hooks ---------------------------------------------------------------------
    @classmethod
    def alternative(cls, step: Step) -> str | None:
        return QCoreApplication.translate("VideoView", "Read the &transcript instead")

    def take_alternative(self) -> None:
        self.read_transcript()

    def first_focus(self) -> QWidget | None:
        if self.pages.currentWidget() is self.read_page:
            return self.reader.browser
        return self.player_widget.play_button if self.player_widget else None

    def media_playing(self) -> bool:
        return self.player is not None and self.player.is_playing()

    def pause_media(self) -> None:
        if self.player is not None and self.player.is_playing():
            self._sample(playing=False)
            self.player.pause()
            self.flush()

    def flush(self) -> None:
        """Save the position and the parts played (leaving the step, sign-out, exit)."""
        player = self.player
        if player is None or self._pending_start is not None:
            return  # (not opened yet: the saved place is still the right one)
        self._sample(playing=player.is_playing())
        position = 0.0 if player.state == "ended" else player.position
        state = (round(position, 1), self.tracker.intervals)
        if state == self._saved_state:
            return  # nothing new (e.g. the pause that opening a video ends in)
        if self._save(lambda: self.run.save_media_state(self.step, position, self.tracker.intervals,
                                                        player.length or None)):
            self._saved_state = state
            self._last_save = time.monotonic()
            self._check_watched()

    # -- building ---------------------------------------------------------------------------
    def _why_unavailable(self) -> str | None:
        if self.step.media not in self.run.module.files:
            return f"the video file '{self.step.media}' was not found in the module or media folder"
        problem = self.media.problem()
        return problem.detail if problem else None

    def _build_watch_page(self) -> None:
        self.player = self.media.new_player(self)
        self.player_widget = PlayerWidget(self.player, self.captions, self.run.learning.media_preferences())
        self.transcript = TranscriptPanel(self.captions)
        self.player_widget.install_shortcuts(self.transcript)
        self.read_button = button(self.tr("Read the &transcript instead"))
        self.watch_status = label("", "muted")
        self.keys_help = label(self.player_widget.keys_text(), "muted")
        # Wide: the picture gets the height and the transcript, the keys and the choices sit
        # beside it. Narrow for its text (200% text at 1280x800): they move under the picture.
        right = QVBoxLayout()
        right.addWidget(self.transcript, 1)
        right.addWidget(self.keys_help)
        right.addWidget(self.watch_status)
        right.addWidget(self.read_button)
        self.watch_row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.watch_page)
        self.watch_row.setContentsMargins(0, 0, 0, 0)
        self.watch_row.addWidget(self.player_widget, 3)
        self.watch_row.addLayout(right, 2)
        player = self.player
        player.position_changed.connect(self._position_changed)
        player.state_changed.connect(self._state_changed)
        player.failed.connect(self._playback_failed)
        self.player_widget.seeked.connect(lambda _: self.tracker.jumped())
        self.player_widget.preferences_changed.connect(self._keep_preferences)
        self.transcript.seek_requested.connect(self.player_widget.seek)
        self.read_button.clicked.connect(self.read_transcript)

    def _build_read_page(self) -> None:
        step, module = self.step, self.run.module
        markdown = transcript_markdown(self.captions, module.texts.get(step.transcript or "", ""))
        self.reader = TranscriptReader(markdown, step.title)
        self.problem_card = card(label(self.tr("This video can't play on this computer right now"),
                                       "subtitle"),
                                 label(self.tr("This is a problem with this computer, not with anything "
                                               "you did. Everything the video says is in the transcript "
                                               "below.")))
        self.problem_detail = label("", "muted")
        card_layout = self.problem_card.layout()
        assert card_layout is not None  # card() lays its contents out
        card_layout.addWidget(self.problem_detail)
        self.problem_card.hide()
        self.read_hint = label("", "muted")
        self.done_button = button(self.tr("I've &read the transcript"), primary=True)
        self.back_to_video = button(self.tr("&Back to the video"))
        row = QHBoxLayout()
        row.addWidget(self.read_hint, 1)
        row.addWidget(self.back_to_video)
        row.addWidget(self.done_button)
        column = QVBoxLayout(self.read_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.problem_card)
        column.addWidget(self.reader, 1)
        column.addLayout(row)
        self.done_button.clicked.connect(self._transcript_read)
        self.back_to_video.clicked.connect(self.watch_video)

    # -- switching between watching and reading ---------------------------------------------
    def read_transcript(self) -> None:
        self.pause_media()
        if self.player_widget is not None:
            self.player_widget.set_full_screen(False)
        self.pages.setCurrentWidget(self.read_page)
        self._show_status()
        self.reader.browser.setFocus()

    def watch_video(self) -> None:
        if self.player is None or self.player_widget is None:
            return
        self.pages.setCurrentWidget(self.watch_page)
        self._show_status()
        self.player_widget.play_button.setFocus()

    def _unavailable(self, reason: str) -> None:
        """Say calmly that the video cannot play, and offer the transcript in its place."""
        log.error("Video step %s/%s cannot play: %s", self.run.module.id, self.step.id, reason)
        self.problem = reason
        set_text(self.problem_detail, fill(self.tr("For IT: %1"), reason))
        self.problem_card.show()
        if self.player_widget is not None:
            self.player_widget.set_full_screen(False)
        self.pages.setCurrentWidget(self.read_page)
        self._show_status()

    # -- playback ---------------------------------------------------------------------------
    def _resume_position(self) -> float:
        state = self.run.media_state(self.step)
        if state.length and state.position >= state.length - RESTART_NEAR_END_SECONDS:
            return 0.0
        return state.position

    def _open(self, start: float) -> None:
        player, widget = self.player, self.player_widget
        assert player is not None and widget is not None  # opened only once the watch page is built
        if widget.surface.embeds:
            player.set_window(int(widget.surface.winId()))
        player.open(self.run.module.files[self.step.media], start)
        widget.update_position(start)

    def _sample(self, playing: bool) -> None:
        if self.player is not None:
            self.tracker.sample(time.monotonic(), self.player.position, self.player.rate, playing)

    def _position_changed(self, seconds: float) -> None:
        player = self.player
        assert player is not None  # the player's own signal
        self._sample(playing=player.is_playing())
        if self.transcript is not None:
            self.transcript.follow(seconds)
        if player.is_playing() and time.monotonic() - self._last_save >= SAVE_EVERY_SECONDS:
            self.flush()

    def _state_changed(self, state: str) -> None:
        if state == "playing":
            self._sample(playing=True)
        elif state == "paused":
            self.flush()  # pausing never loses anything
        elif state == "ended":
            assert self.player is not None  # the player's own signal
            self.tracker.ended(time.monotonic(), self.player.length, self.player.rate)
            self.flush()
        self._show_status()

    def _playback_failed(self, reason: str) -> None:
        self._unavailable(reason)

    def _check_watched(self) -> None:
        length = self.player.length if self.player else 0.0
        if (length > 0 and not self.run.is_done(self.step)
                and self._save(lambda: self.run.record_watched(self.step, self.tracker.intervals, length))):
            self._show_status()

    def _transcript_read(self) -> None:
        self._save(lambda: self.run.record_transcript_read(self.step, video_unavailable=self.problem is not None))
        self._show_status()

    def _keep_preferences(self, prefs: dict) -> None:
        self._save(lambda: self.run.learning.save_media_preferences(prefs))

    def _show_status(self) -> None:
        done = self.run.is_done(self.step)
        counts = self.step.transcript_counts or self.problem is not None
        if done:
            text = self.tr("Done. You can watch or read it again whenever you like.")
        elif self.player is not None and self.player.state == "ended":
            text = self.tr("You've reached the end. Go on with Next whenever you're ready.")
        else:
            text = self.tr("This step is done once you have watched most of the video. You can pause, "
                           "go back and come back later: your place is kept.")
        if self.player is not None:
            set_text(self.watch_status, text)
        self.done_button.setVisible(counts and not done)
        self.back_to_video.setVisible(self.player is not None and self.problem is None)
        if done:
            hint = self.tr("Done. Thank you for reading.")
        elif counts:
            hint = self.tr("Reading the transcript counts the same as watching the video.")
        else:
            hint = self.tr("Reading the transcript is welcome. This step is done once the video has "
                           "been watched; you can come back to it at any time.")
        set_text(self.read_hint, hint)

    # -- reflowing ---------------------------------------------------------------------------
    @property
    def stacked(self) -> bool:
        return self.player_widget is not None and self.watch_row.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._reflow(event.size().width())

    def _reflow(self, width: int) -> None:
        if self.player_widget is None or self.transcript is None or self.player_widget.is_full_screen:
            return
        narrow = width < SIDE_BY_SIDE_CHARS * self.fontMetrics().averageCharWidth()
        surface = self.player_widget.surface
        if narrow:
            height = min(width * 9 // 16, int(self.window().height() * STACKED_PICTURE_SHARE))
            surface.setMinimumHeight(max(180, height))
            self.transcript.setMinimumHeight(12 * self.fontMetrics().lineSpacing())
        else:
            surface.setMinimumHeight(180)
            self.transcript.setMinimumHeight(0)
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self.watch_row.direction() != direction:
            self.watch_row.setDirection(direction)

    # -- showing and hiding -----------------------------------------------------------------
    def hideEvent(self, event) -> None:
        """Leaving the screen (next step, sign-out, another screen): save, stop and let go of
        libVLC before the native window can disappear under it."""
        super().hideEvent(event)
        if event.spontaneous():
            return  # the window was minimised: nothing is left
        if (self.player is not None and self.player_widget is not None and not self._suspended
                and self.problem is None and self._pending_start is None):  # (not yet opened: nothing to save or stop)
            self.player_widget.set_full_screen(False)
            self.flush()
            self.player.close()
            self._suspended = True

    def _open_pending(self) -> None:
        if self._pending_start is not None and self.isVisible():
            start, self._pending_start = self._pending_start, None
            self._open(start)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if event.spontaneous() or self.player is None or self.problem is not None:
            return
        if self._pending_start is not None:
            QTimer.singleShot(0, self, self._open_pending)  # after the layout has settled
        elif self._suspended:
            self._suspended = False
            self._open(self.player.position)
