"""Shared-PC safety: notice when nobody has touched the kiosk for a while, and ask kindly.

``IdleWatcher`` sees every key press, click, wheel turn, touch and mouse move in the whole
application and says ``idle`` after the configured quiet time (unless something such as a playing
video says to wait). ``CountdownScreen`` is the one countdown a learner ever sees: it protects their
privacy when they have walked away, and one press of "I'm still here" cancels it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui import appfilters
from kiosk.ui.announce import announce
from kiosk.ui.formats import fill
from kiosk.ui.widgets import button, card, label

COUNTDOWN_SECONDS = 60
BUSY_RECHECK_MS = 5000  # while a video plays, look again this often (cheap) instead of counting

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.InputMethod,
})


class IdleWatcher(QObject):
    """An application-wide event filter and one single-shot timer.

    The filter only notes the time of the latest input (it runs for every event, so it must stay
    cheap); the timer, when it fires, re-arms itself for whatever quiet time is still missing.

    Args:
        timeout_s: quiet seconds before ``idle``; 0 or less turns the watcher off.
        busy: returns True while the kiosk must not be considered idle (a video is playing).
        clock: monotonic seconds, for tests.
        timeout_now: the quiet time that applies at this moment, when it varies (a group
            session waits longer than a learner); default ``timeout_s`` always.
    """

    idle = Signal()

    def __init__(self, timeout_s: float, busy: Callable[[], bool] = lambda: False,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None,
                 timeout_now: Callable[[], float] | None = None):
        super().__init__(parent)
        self.timeout_s = timeout_s
        self._timeout_now = timeout_now
        self.busy = busy
        self.clock = clock
        self.last_input = clock()
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._check)
        # The filter must see input for every window (popups included), so it sits on the
        # application object rather than on one widget.
        # (Through appfilters: it is taken off while a package's web view is open, and the
        # package reports input instead.)
        appfilters.install(self, on_input=self.note_input)
        self.restart()

    @property
    def enabled(self) -> bool:
        return self.current_timeout() > 0

    def current_timeout(self) -> float:
        """The quiet seconds that apply now."""
        return self._timeout_now() if self._timeout_now is not None else self.timeout_s

    def restart(self) -> None:
        """Count the quiet time afresh from now (after "I'm still here", a sign-in, a group
        session opening or closing, ...)."""
        self.last_input = self.clock()
        if self.enabled:
            self._timer.start(int(self.current_timeout() * 1000))
        else:
            self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()

    def uninstall(self) -> None:
        self.stop()
        appfilters.remove(self)

    def note_input(self) -> None:
        """Input this filter could not see (inside a package's web view)."""
        self.last_input = self.clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.last_input = self.clock()
        return False

    def _check(self) -> None:
        timeout = self.current_timeout()
        if timeout <= 0:
            return
        if self.busy():
            self.last_input = self.clock()
            self._timer.start(min(BUSY_RECHECK_MS, int(timeout * 1000)))
            return
        quiet = self.clock() - self.last_input
        if quiet >= timeout:
            self.idle.emit()
        else:
            self._timer.start(max(1, int((timeout - quiet) * 1000)))


class CountdownScreen(QWidget):
    """ "Are you still there?" with a visible countdown. Emits ``still_here`` or ``expired``."""

    still_here = Signal()
    expired = Signal()

    def __init__(self, seconds: int = COUNTDOWN_SECONDS, parent: QWidget | None = None):
        super().__init__(parent)
        self.left = self._start = seconds
        title, body, hint, press = self._words()
        self.still_here_button = button(press, primary=True)
        self.still_here_button.clicked.connect(self._still_here)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._still_here)
        self.time_left = label("", "subtitle")  # visible, not shouting
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 24, 48, 24)
        column.addStretch(1)
        column.addWidget(card(label(title, "title"), label(body), self.time_left, label(hint, "muted"),
                              self.still_here_button))
        column.addStretch(2)
        self._show_time()

    def _words(self) -> tuple[str, str, str, str]:
        """(title, explanation, hint, button text): a subclass speaks to someone else."""
        return (self.tr("Are you still there?"),
                self.tr("Nothing has happened on this computer for a while. To keep your answers "
                        "private, it will sign you out soon. Your progress is saved, and you can "
                        "carry on from the same place next time."),
                self.tr("If you're here, press \"I'm still here\" and carry on as you were."),
                self.tr("I'm &still here"))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Started once and never paused by hiding: a minimised or covered window must still
        # end the session of someone who has walked away.
        if not self._timer.isActive() and self.left > 0:
            self._timer.start()
        self.still_here_button.setFocus()
        # Focus lands on the button; the question and the time left must be heard too, at once.
        title, body, _hint, _press = self._words()
        announce(self, f"{title} {body} {self.time_left.text()}", assertive=True)

    def _tick(self) -> None:
        self.left -= 1
        self._show_time()
        if self.left <= 0:
            self._timer.stop()
            self.expired.emit()

    def _show_time(self) -> None:
        text = fill(self.tr("Time left: %1"), f"{max(self.left, 0) // 60}:{max(self.left, 0) % 60:02d}")
        self.time_left.setText(text)
        # Say the time to a screen reader now and then, not every second.
        if self.left % 15 == 0 or self.left <= 10:
            self.time_left.setAccessibleName(text)
            if self.isVisible() and self.left < self._start:
                announce(self.time_left, text)

    def _still_here(self) -> None:
        self._timer.stop()
        self.still_here.emit()
