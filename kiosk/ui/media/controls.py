"""The parts of the player that need their own behaviour: the surface libVLC draws into, and a
seek bar that behaves like the player's keys."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QSlider, QStyle, QStyleOptionSlider, QWidget

from kiosk.ui.media.vlc_backend import EMBEDDING_PLATFORMS

SKIP_SECONDS = 10
"""What the arrow keys and the back/forward buttons skip."""



class VideoSurface(QFrame):
    """A native window libVLC draws into. A click plays or pauses; a double click is full screen."""

    clicked = Signal()
    double_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.embeds = QGuiApplication.platformName() in EMBEDDING_PLATFORMS
        if self.embeds:  # (offscreen there is nothing to draw into: libVLC then draws nowhere)
            self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setObjectName("videoSurface")
        self.setStyleSheet("QFrame#videoSurface { background: #000000; border: none; }")
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(QCoreApplication.translate("PlayerWidget", "Video picture"))

    def paintEvent(self, event: QPaintEvent) -> None:
        # A native window's pixels are whatever was on the screen there until someone draws:
        # without this, the previous step's text shows through until libVLC's first frame.
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(0, 0, 0))
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.double_clicked.emit()


class SeekBar(QSlider):
    """The position in the video, in tenths of a second. Left/Right go to the player (10 s);
    Home/End go to the start/end; a click jumps to where it lands."""

    seek_to = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(0, 0)
        self.setPageStep(600)
        self.setSingleStep(SKIP_SECONDS * 10)
        self.sliderReleased.connect(lambda: self.seek_to.emit(self.value() / 10))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            event.ignore()  # the player's 10-second skip and volume keys, the same everywhere
        elif key == Qt.Key.Key_Home:
            self.seek_to.emit(0.0)
        elif key == Qt.Key.Key_End:
            self.seek_to.emit(self.maximum() / 10)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            step = self.pageStep() if key == Qt.Key.Key_PageUp else -self.pageStep()
            self.seek_to.emit(max(0, min(self.maximum(), self.value() + step)) / 10)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderHandle, self)
        if (event.button() == Qt.MouseButton.LeftButton and self.maximum() > 0
                and not handle.contains(event.position().toPoint())):
            # A click on the bar goes where it lands (Qt's default only moves a page).
            value = QStyle.sliderValueFromPosition(self.minimum(), self.maximum(),
                                                   int(event.position().x()), self.width())
            self.setValue(value)
            self.seek_to.emit(value / 10)
            event.accept()
            return
        super().mousePressEvent(event)
