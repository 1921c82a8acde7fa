"""The learner's display settings: text size, high contrast, reduced motion.

Each change shows at once (``changed``), so the learner sees what they chose; the shell applies
and remembers it for this learner only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QGroupBox, QRadioButton, QVBoxLayout, QWidget

from kiosk.core.display import TEXT_SCALES, DisplaySettings
from kiosk.ui.formats import fill
from kiosk.ui.support import scrolling
from kiosk.ui.widgets import button, card, label


class SettingsPanel(QWidget):
    """Emits ``changed(DisplaySettings)`` on every change and ``finished`` when done."""

    changed = Signal(object)
    finished = Signal()

    def __init__(self, current: DisplaySettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.sizes = QGroupBox(self.tr("Text size"))
        self.sizes.setAccessibleName(self.tr("Text size"))
        self.size_group = QButtonGroup(self)
        sizes = QVBoxLayout(self.sizes)
        for scale in TEXT_SCALES:
            text = fill(self.tr("Standard (%1%)") if scale == 100 else self.tr("%1%"), scale)
            choice = QRadioButton(text)
            choice.setAccessibleName(fill(self.tr("Text size %1 percent"), scale))
            choice.setChecked(scale == current.text_scale)
            self.size_group.addButton(choice, scale)
            sizes.addWidget(choice)
        self.high_contrast = QCheckBox(self.tr("&High contrast (light text on a black background)"))
        self.high_contrast.setAccessibleName(self.tr("High contrast"))
        self.high_contrast.setChecked(current.high_contrast)
        self.reduced_motion = QCheckBox(self.tr("&Reduce motion (nothing on screen moves by itself)"))
        self.reduced_motion.setAccessibleName(self.tr("Reduce motion"))
        self.reduced_motion.setChecked(current.reduced_motion)
        self.done_button = button(self.tr("Do&ne"), primary=True)

        self.size_group.idToggled.connect(lambda _id, on: self._changed() if on else None)
        self.high_contrast.toggled.connect(self._changed)
        self.reduced_motion.toggled.connect(self._changed)
        self.done_button.clicked.connect(self.finished)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.finished.emit)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(48, 24, 48, 24)
        column.setSpacing(16)
        column.addWidget(label(self.tr("Display settings"), "title"))
        column.addWidget(label(self.tr("Changes show straight away. They are kept for you and come "
                                       "back when you sign in again; they don't change anything "
                                       "for anyone else."), "muted"))
        column.addWidget(card(self.sizes, self.high_contrast, self.reduced_motion))
        column.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(body, self.tr("Display settings")))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        (self.size_group.checkedButton() or self.high_contrast).setFocus()

    def current(self) -> DisplaySettings:
        scale = self.size_group.checkedId()
        return DisplaySettings(text_scale=scale if scale in TEXT_SCALES else 100,
                               high_contrast=self.high_contrast.isChecked(),
                               reduced_motion=self.reduced_motion.isChecked())

    def _changed(self, *_: object) -> None:
        self.changed.emit(self.current())
