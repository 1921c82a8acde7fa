"""The video player: the picture, captions under it, and controls that all work by keyboard.

The picture is drawn by libVLC straight into a native child window (``VideoSurface``). Captions
are drawn by the kiosk, under the picture, from the same cues as the transcript: their size can
then change at any moment (libVLC fixes caption size when its instance starts) and they never
cover faces or on-screen text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.captions import Captions, format_clock
from kiosk.core.errors import QT_TRANSLATE_NOOP
from kiosk.ui.formats import fill
from kiosk.ui.media.controls import SKIP_SECONDS, SeekBar, VideoSurface
from kiosk.ui.media.flow import FlowLayout
from kiosk.ui.media.vlc_player import VlcPlayer
from kiosk.ui.widgets import button, label, set_text

VOLUME_STEP = 10
SPEEDS = (0.75, 1.0, 1.25, 1.5)
CAPTION_SIZES = (("small", QT_TRANSLATE_NOOP("PlayerWidget", "Small"), 14),
                 ("medium", QT_TRANSLATE_NOOP("PlayerWidget", "Medium"), 18),
                 ("large", QT_TRANSLATE_NOOP("PlayerWidget", "Large"), 24),
                 ("extra", QT_TRANSLATE_NOOP("PlayerWidget", "Extra large"), 32))
"""(key, name, point size) for the caption sizes a learner can choose."""
CAPTION_HOLD_SECONDS = 0.4
DEFAULT_PREFERENCES: dict[str, Any] = {"captions": True, "caption_size": "medium", "rate": 1.0,
                                       "volume": 100, "muted": False}


class PlayerWidget(QWidget):
    """Picture, captions, controls and the list of keys, for one ``VlcPlayer``."""

    seeked = Signal(float)
    """The learner moved the position on purpose (so it does not count as watched)."""
    preferences_changed = Signal(dict)
    full_screen_changed = Signal(bool)

    def __init__(self, player: VlcPlayer, captions: Captions, preferences: dict[str, Any] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.player = player
        self.captions = captions
        self.prefs = {**DEFAULT_PREFERENCES, **(preferences or {})}
        self._home: tuple[QWidget, QBoxLayout, int, int] | None = None
        self.setAccessibleName(self.tr("Video player"))

        self.surface = VideoSurface()
        self.caption = QLabel()
        self.caption.setObjectName("caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setAccessibleName(self.tr("Captions"))

        self.play_button = button(self.tr("Play"), primary=True)
        self.back_button = button(self.tr("« 10 s"), self.tr("Back 10 seconds"))
        self.forward_button = button(self.tr("10 s »"), self.tr("Forward 10 seconds"))
        self.seek_bar = SeekBar()
        self.seek_bar.setAccessibleName(self.tr("Position in the video"))
        self.time_label = label("0:00 / 0:00", "muted", wrap=False)
        self.mute_button = button(self.tr("Mute"))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setSingleStep(VOLUME_STEP)
        self.volume.setPageStep(VOLUME_STEP * 2)
        self.volume.setMinimumWidth(90)
        self.volume.setMaximumWidth(140)
        self.volume.setAccessibleName(self.tr("Volume"))
        self.speed = QComboBox()
        self.speed.setAccessibleName(self.tr("Playback speed"))
        for rate in SPEEDS:
            self.speed.addItem(fill(self.tr("%1×"), f"{rate:g}"), rate)
        self.captions_button = button(self.tr("Captions: on"), self.tr("Captions on or off"))
        self.captions_button.setCheckable(True)
        self.caption_size = QComboBox()
        self.caption_size.setAccessibleName(self.tr("Caption size"))
        for key, name, _ in CAPTION_SIZES:
            self.caption_size.addItem(QCoreApplication.translate("PlayerWidget", name), key)
        self.full_button = button(self.tr("Full screen"))
        self.keys_help = label(self.keys_text(), "muted")
        self.keys_help.hide()  # shown in full screen; beside the player the step lists the keys
        self._lay_out()
        self._connect()
        self._apply_preferences()
        self.update_state(player.state)
        self.update_position(player.position)

    def keys_text(self) -> str:
        return self.tr("Keys: Space play or pause · ← → back or forward 10 s · ↑ ↓ volume · M mute · "
                       "C captions · + − caption size · S speed · F full screen · Esc leave full screen")

    # -- layout and wiring ------------------------------------------------------------------
    def _lay_out(self) -> None:
        first = QHBoxLayout()
        for widget in (self.play_button, self.back_button, self.forward_button):
            first.addWidget(widget)
        first.addWidget(self.seek_bar, 1)
        first.addWidget(self.time_label)
        # The second row wraps onto more rows when narrow (200% text): no sideways scrolling.
        second = FlowLayout(spacing=8)
        second.addWidget(self._pair(self.mute_button, self.volume))
        second.addWidget(self._pair(self._buddy(self.tr("&Speed"), self.speed), self.speed))
        second.addWidget(self.captions_button)
        second.addWidget(self._pair(self._buddy(self.tr("Caption si&ze"), self.caption_size),
                                    self.caption_size))
        second.addWidget(self.full_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self._column = column
        column.addWidget(self.surface, 1)
        column.addWidget(self.caption)
        column.addLayout(first)
        column.addLayout(second)
        column.addWidget(self.keys_help)

    @staticmethod
    def _pair(*widgets: QWidget) -> QWidget:
        """Widgets that belong together (a label and its control), kept on one row when wrapping."""
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
        return holder

    @staticmethod
    def _buddy(text: str, control: QWidget) -> QLabel:
        caption = label(text.replace("&", ""), wrap=False)
        caption.setText(text)
        caption.setTextFormat(Qt.TextFormat.AutoText)
        caption.setBuddy(control)  # Alt+letter reaches the control; screen readers pair them
        return caption

    def _connect(self) -> None:
        player = self.player
        player.state_changed.connect(self.update_state)
        player.position_changed.connect(self.update_position)
        player.length_known.connect(lambda _: self.update_position(player.position))
        self.play_button.clicked.connect(player.toggle)
        self.back_button.clicked.connect(lambda: self.skip(-SKIP_SECONDS))
        self.forward_button.clicked.connect(lambda: self.skip(SKIP_SECONDS))
        self.seek_bar.seek_to.connect(self.seek)
        self.surface.clicked.connect(player.toggle)
        self.surface.double_clicked.connect(self.toggle_full_screen)
        self.mute_button.clicked.connect(self.toggle_mute)
        self.volume.valueChanged.connect(self._volume_changed)
        self.speed.currentIndexChanged.connect(lambda _: self._set_pref("rate", self.speed.currentData()))
        self.captions_button.toggled.connect(lambda on: self._set_pref("captions", on))
        self.caption_size.currentIndexChanged.connect(
            lambda _: self._set_pref("caption_size", self.caption_size.currentData()))
        self.full_button.clicked.connect(self.toggle_full_screen)
        self.install_shortcuts(self)
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, lambda: self.set_full_screen(False))
        self._escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._escape.setEnabled(False)

    def install_shortcuts(self, widget: QWidget) -> None:
        """Make the player's letter keys work while focus is anywhere inside ``widget`` (the
        transcript beside the player uses this too)."""
        keys: list[tuple[str, Callable[[], None]]] = [
            ("C", lambda: self.captions_button.toggle()), ("F", self.toggle_full_screen),
            ("M", self.toggle_mute), ("S", self.next_speed), ("K", self.player.toggle),
            ("+", lambda: self.step_caption_size(1)), ("=", lambda: self.step_caption_size(1)),
            ("-", lambda: self.step_caption_size(-1)),
        ]
        for key, action in keys:
            shortcut = QShortcut(QKeySequence(key), widget, action)
            # Set after construction: PySide ignores the context given to this constructor.
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- actions ----------------------------------------------------------------------------
    def seek(self, seconds: float) -> None:
        self.player.seek(seconds)
        self.seeked.emit(self.player.position)

    def skip(self, seconds: float) -> None:
        self.seek(self.player.position + seconds)

    def toggle_mute(self) -> None:
        self._set_pref("muted", not self.prefs["muted"])

    def change_volume(self, step: int) -> None:
        self.volume.setValue(max(0, min(100, self.volume.value() + step)))

    def next_speed(self) -> None:
        self.speed.setCurrentIndex((self.speed.currentIndex() + 1) % self.speed.count())

    def step_caption_size(self, step: int) -> None:
        index = max(0, min(self.caption_size.count() - 1, self.caption_size.currentIndex() + step))
        self.caption_size.setCurrentIndex(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys no control used: Space plays or pauses, arrows skip and change the volume."""
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            super().keyPressEvent(event)
        elif key == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self.player.toggle()
        elif key == Qt.Key.Key_Left:
            self.skip(-SKIP_SECONDS)
        elif key == Qt.Key.Key_Right:
            self.skip(SKIP_SECONDS)
        elif key == Qt.Key.Key_Up:
            self.change_volume(VOLUME_STEP)
        elif key == Qt.Key.Key_Down:
            self.change_volume(-VOLUME_STEP)
        else:
            super().keyPressEvent(event)

    # -- full screen ------------------------------------------------------------------------
    @property
    def is_full_screen(self) -> bool:
        return self._home is not None

    def toggle_full_screen(self) -> None:
        self.set_full_screen(not self.is_full_screen)

    def set_full_screen(self, on: bool) -> None:
        """Lift the player out into its own full-screen window, and put it back.

        The native video window moves with it (X11 reparents it; its id is unchanged), so libVLC
        keeps drawing without a restart.
        """
        if on == self.is_full_screen:
            return
        if on:
            parent = self.parentWidget()
            layout = parent.layout() if parent else None
            if parent is None or not isinstance(layout, QBoxLayout):
                return
            index = layout.indexOf(self)
            self._home = (parent, layout, index, layout.stretch(index) if index >= 0 else 0)
            screen = self.window().screen() or QGuiApplication.primaryScreen()
            self.setParent(None)
            self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
            self.setGeometry(screen.geometry())  # a window manager may ignore full screen
            self.showFullScreen()
            self.raise_()
            self.activateWindow()
        else:
            assert self._home is not None  # not full screen returned above
            parent, layout, index, stretch = self._home
            self._home = None
            self.setWindowFlags(Qt.WindowType.Widget)
            self.setParent(parent)
            layout.insertWidget(index, self, stretch)
            self.show()
            parent.window().activateWindow()
        self._escape.setEnabled(on)
        self.keys_help.setVisible(on)
        margin = 16 if on else 0
        self._column.setContentsMargins(margin, margin, margin, margin)
        self.full_button.setText(self.tr("Leave full screen") if on else self.tr("Full screen"))
        self.full_button.setAccessibleName(self.full_button.text())
        self.full_button.setFocus()
        self.full_screen_changed.emit(on)

    # -- display ----------------------------------------------------------------------------
    def update_state(self, state: str) -> None:
        playing = state == "playing"
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play_button.setAccessibleName(self.play_button.text())

    def update_position(self, seconds: float) -> None:
        length = self.player.length
        if length > 0 and self.seek_bar.maximum() != int(length * 10):
            self.seek_bar.setMaximum(int(length * 10))
        if not self.seek_bar.isSliderDown():
            self.seek_bar.setValue(int(seconds * 10))
        text = f"{format_clock(seconds)} / {format_clock(length)}" if length > 0 else format_clock(seconds)
        set_text(self.time_label, text)
        self.seek_bar.setAccessibleDescription(fill(self.tr("%1 of %2"), format_clock(seconds), format_clock(length)))
        self._show_caption(seconds)

    def _show_caption(self, seconds: float) -> None:
        index = self.captions.index_at(seconds)
        if index is None:
            # Hold a caption through a short gap before the next one, so it does not blink off.
            index = self.captions.index_at(seconds - CAPTION_HOLD_SECONDS)
        text = self.captions.cues[index].text if index is not None else ""
        if self.caption.text() != text:
            self.caption.setText(text)

    def _apply_preferences(self) -> None:
        prefs = self.prefs
        self.captions_button.setChecked(bool(prefs["captions"]))
        self.caption_size.setCurrentIndex(max(0, self.caption_size.findData(prefs["caption_size"])))
        self.speed.setCurrentIndex(max(0, self.speed.findData(float(prefs["rate"]))))
        self.volume.setValue(int(prefs["volume"]))
        self._refresh()

    def _set_pref(self, key: str, value: Any) -> None:
        if value is None or self.prefs.get(key) == value:
            return
        self.prefs[key] = value
        self._refresh()
        self.preferences_changed.emit(dict(self.prefs))

    def _volume_changed(self, value: int) -> None:
        self._set_pref("volume", value)

    def _refresh(self) -> None:
        prefs = self.prefs
        self.player.set_rate(float(prefs["rate"]))
        self.player.set_volume(int(prefs["volume"]))
        self.player.set_muted(bool(prefs["muted"]))
        on = bool(prefs["captions"])
        self.captions_button.setText(self.tr("Captions: on") if on else self.tr("Captions: off"))
        self.caption.setVisible(on)
        self.caption_size.setEnabled(on)
        points = next((pt for key, _, pt in CAPTION_SIZES if key == prefs["caption_size"]), 18)
        # Two lines are always reserved, so the picture does not jump as captions come and go.
        self.caption.setStyleSheet(f"QLabel#caption {{ background: #000000; color: #ffffff; "
                                   f"font-size: {points}pt; font-weight: 600; padding: 4px 12px; }}")
        self.caption.setFixedHeight(int(points * 2 * 1.45 * self.logicalDpiY() / 72) + 12)
        self.mute_button.setText(self.tr("Unmute") if prefs["muted"] else self.tr("Mute"))
        self.mute_button.setAccessibleName(self.mute_button.text())
