"""The discussion timer: on the trainer's controls only, never on the projector. It counts up,
so nobody in the room is rushed; the trainer can set a time to aim for, and the display changes
colour (for the trainer's eyes) once it has passed."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QHBoxLayout, QSpinBox, QVBoxLayout, QWidget

from kiosk.ui.formats import fill
from kiosk.ui.widgets import button, label, set_text


class DiscussionTimer(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._elapsed_ms = 0
        self._clock = QElapsedTimer()
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._show)
        self.display = label("0:00", "timer")
        self.display.setAccessibleName(self.tr("Discussion time"))
        self.start_button = button(self.tr("Start &timer"))
        self.reset_button = button(self.tr("Reset"), accessible=self.tr("Reset the discussion timer"))
        self.aim = QSpinBox()
        self.aim.setRange(0, 120)
        self.aim.setValue(5)
        self.aim.setSuffix(self.tr(" min"))
        self.aim.setSpecialValueText(self.tr("no aim"))
        self.aim.setAccessibleName(self.tr("Minutes to aim for"))
        self.aim.valueChanged.connect(self._show)
        self.start_button.clicked.connect(self.toggle)
        self.reset_button.clicked.connect(self.reset)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.reset_button)
        row.addWidget(label(self.tr("Aim for"), "muted"))
        row.addWidget(self.aim)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label(self.tr("Discussion timer (only you can see it)"), "muted"))
        column.addWidget(self.display)
        column.addLayout(row)
        self._show()

    @property
    def running(self) -> bool:
        return self._tick.isActive()

    def elapsed_seconds(self) -> int:
        extra = self._clock.elapsed() if self.running else 0
        return (self._elapsed_ms + extra) // 1000

    def toggle(self) -> None:
        if self.running:
            self._elapsed_ms += self._clock.elapsed()
            self._tick.stop()
        else:
            self._clock.start()
            self._tick.start()
        self._show()

    def start(self) -> None:
        if not self.running:
            self.toggle()

    def reset(self) -> None:
        self._elapsed_ms = 0
        if self.running:
            self._clock.restart()
        self._show()

    def _show(self) -> None:
        seconds = self.elapsed_seconds()
        text = f"{seconds // 60}:{seconds % 60:02d}"
        aim = self.aim.value()
        if aim:
            text += " " + fill(self.tr("of %1:00"), aim)
        set_text(self.display, text)
        over = bool(aim) and seconds >= aim * 60
        name = "timerOver" if over else "timer"
        if self.display.objectName() != name:
            self.display.setObjectName(name)
            self.display.style().unpolish(self.display)
            self.display.style().polish(self.display)
        self.start_button.setText(self.tr("Pause &timer") if self.running else self.tr("Start &timer"))
        self.start_button.setAccessibleName(self.start_button.text().replace("&", ""))
