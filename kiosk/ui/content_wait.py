"""Content loaded after the sign-in screen is up (kiosk/core/content/deferred.py), seen from Qt:
the load is started by the sign-in screen's first paint, its result comes back to the main thread
by a queued signal, and a learner who signs in before it is ready sees a calm line meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.content.deferred import DeferredProgramme
from kiosk.ui.widgets import label, set_text

if TYPE_CHECKING:
    from kiosk.core.content import Programme

LATEST_MS = 3000
"""If no paint has come by then (a window never shown, a platform that paints nothing), the work
runs anyway: sync and the content must not wait for ever on a paint."""


class _FirstPaint(QObject):
    def __init__(self, watched: QWidget, then: Callable[[], object]):
        super().__init__(watched)
        self.then: Callable[[], object] | None = then
        watched.installEventFilter(self)
        QTimer.singleShot(LATEST_MS, self, self._run)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # a zero-timer: the paint reaches the screen first
        return False

    def _run(self) -> None:
        then, self.then = self.then, None
        if then is not None:
            then()


def after_first_paint(watched: QWidget, then: Callable[[], object]) -> None:
    """Run ``then`` once on the main thread, when ``watched`` has been painted for the first time
    (at the latest LATEST_MS after this call): for start-up work that must not delay the sign-in
    screen (loading content, registering tip-pkg, starting sync)."""
    _FirstPaint(watched, then)


class ContentArrival(QObject):
    """Starts ``content`` after ``watched`` is first painted and calls ``ready(programme or
    None)`` on the main thread when it is loaded."""

    arrived = Signal(object)

    def __init__(self, content: DeferredProgramme, watched: QWidget, ready: Callable[[Programme | None], None]):
        super().__init__(watched)
        # Emitted from the loading thread: the connection queues the call to this (main) thread.
        self.arrived.connect(ready)
        content.on_done(self.arrived.emit)
        after_first_paint(watched, content.start)


class ContentWaitScreen(QWidget):
    """Shown between a sign-in accepted and the content being ready (a second at most, usually)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.addStretch(1)
        self.line = label("", "subtitle")
        self.line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.line.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a screen reader reads what has focus
        column.addWidget(self.line)
        column.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        set_text(self.line, self.tr("Getting your modules ready…"))
