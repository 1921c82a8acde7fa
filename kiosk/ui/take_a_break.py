"""Take a break: a calm screen with a paced-breathing guide and the site's support contacts.

Nothing here is timed. The learner stays as long as they like and goes back to exactly where
they were (the shell keeps that screen as it was, typed text and all).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEasingCurve, QPointF, QRectF, QSize, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from kiosk.core.content.model import SupportContact
from kiosk.ui.support import CalmCover
from kiosk.ui.widgets import card, label

BREATHE_IN_MS = 4000
BREATHE_OUT_MS = 6000  # a longer out-breath is the calming part of paced breathing
SMALLEST = 0.45  # the circle's radius at the end of an out-breath, as a share of the largest


class BreathingCircle(QWidget):
    """A circle that slowly grows (breathe in) and shrinks (breathe out); still under reduced
    motion. ``phase_changed(bool)`` says True when breathing in starts, False for breathing out."""

    phase_changed = Signal(bool)

    def __init__(self, reduced_motion: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.reduced_motion = reduced_motion
        self.size_now = 0.75  # a still circle sits between the two sizes
        self.breathing_in = True
        self.setMinimumSize(QSize(180, 180))
        self._anim = QVariantAnimation(self)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.setDuration(BREATHE_IN_MS + BREATHE_OUT_MS)
        self._anim.setLoopCount(-1)
        self._anim.valueChanged.connect(self._step)

    def sizeHint(self) -> QSize:
        return QSize(220, 220)

    def running(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.reduced_motion:
            self._anim.start()

    def hideEvent(self, event) -> None:
        self._anim.stop()  # no work while nobody can see it
        super().hideEvent(event)

    def _step(self, value: float) -> None:
        split = BREATHE_IN_MS / (BREATHE_IN_MS + BREATHE_OUT_MS)
        ease = QEasingCurve(QEasingCurve.Type.InOutSine)
        breathing_in = value < split
        if breathing_in:
            grown = ease.valueForProgress(value / split)
        else:
            grown = 1.0 - ease.valueForProgress((value - split) / (1.0 - split))
        self.size_now = SMALLEST + (1.0 - SMALLEST) * grown
        if breathing_in != self.breathing_in:
            self.breathing_in = breathing_in
            self.phase_changed.emit(breathing_in)
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 8
        radius = side / 2 * self.size_now
        centre = QPointF(self.width() / 2, self.height() / 2)
        # The colours follow the theme: the style sheet sets this widget's text colour.
        colour = self.palette().color(self.foregroundRole())
        ring = QColor(colour)
        ring.setAlphaF(0.35)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ring)
        painter.drawEllipse(QRectF(centre.x() - side / 2, centre.y() - side / 2, side, side))
        fill = QColor(colour)
        fill.setAlphaF(0.85)
        painter.setBrush(fill)
        painter.drawEllipse(centre, radius, radius)


class BreakScreen(CalmCover):
    """Emits ``finished`` when the learner chooses to go back."""

    def __init__(self, contacts: Sequence[SupportContact], reduced_motion: bool = False,
                 parent: QWidget | None = None):
        # self.tr needs the finished object, so these texts name their context themselves.
        circle = BreathingCircle(reduced_motion)
        circle.setObjectName("breathing")
        circle.setAccessibleName(QCoreApplication.translate("BreakScreen", "Breathing guide"))
        circle.setAccessibleDescription(QCoreApplication.translate(
            "BreakScreen", "A circle that slowly grows as you breathe in and shrinks as you breathe out."))
        cue = label("", "subtitle")
        cue.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # One fixed name: a screen reader should not announce every breath.
        cue.setAccessibleName(QCoreApplication.translate("BreakScreen", "Breathing guide"))
        guide = card(label(QCoreApplication.translate(
            "BreakScreen", "If it helps, breathe with the circle: in as it grows, out as it shrinks. "
                           "Or just rest your eyes and notice your feet on the floor."), "muted"), circle, cue)
        super().__init__(
            QCoreApplication.translate("BreakScreen", "Take a break"),
            QCoreApplication.translate("BreakScreen", "Everything is saved. Stay here as long as you like: "
                                                      "nothing is timed."),
            QCoreApplication.translate("BreakScreen", "I'm ready to &go back"),
            contacts, middle=[guide], parent=parent)
        self.circle, self.cue = circle, cue
        if reduced_motion:
            self.cue.setText(self.tr("Breathe in slowly… and breathe out slowly."))
        else:
            self.circle.phase_changed.connect(self._cue)
            self._cue(True)

    def _cue(self, breathing_in: bool) -> None:
        self.cue.setText(self.tr("Breathe in…") if breathing_in else self.tr("Breathe out…"))
