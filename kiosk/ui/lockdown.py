"""Kiosk mode for the main window: full screen, no frame, and none of the app's own ways out.

What the app can do: ignore close requests (Alt+F4 and the window manager's close arrive as a
close event), swallow its quit/close keys (Ctrl+Q, Ctrl+W, Alt+F4, F11, Esc leaving full
screen) and put the window back to full screen if anything takes it out. Only ``release()``,
called after the admin passphrase, lets the window close.

What it cannot do: block the operating system's own shortcuts (Ctrl+Alt+Del, Alt+Tab, the
Windows key, switching virtual terminals). The OS must do that: see docs/deployment.md.

Outside kiosk mode the same keys work as people expect (Ctrl+Q/Ctrl+W close, F11 toggles full
screen, Esc leaves it), which is also what makes the kiosk-mode tests meaningful.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kiosk.ui.shell import Shell

log = logging.getLogger(__name__)

QUIT_KEYS = (
    QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q),
    QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_W),
    QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_F4),
)
FULL_SCREEN_KEY = QKeySequence(Qt.Key.Key_F11)


def _matches(event: QKeyEvent, sequences: tuple[QKeySequence, ...]) -> bool:
    combined = QKeySequence(event.keyCombination())
    return any(combined.matches(seq) == QKeySequence.SequenceMatch.ExactMatch for seq in sequences)


class WindowShortcuts(QObject):
    """Ctrl+Q / Ctrl+W / Alt+F4 close the window; F11 toggles full screen; Esc leaves it."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        for sequence in QUIT_KEYS:
            QShortcut(sequence, window, window.close, context=Qt.ShortcutContext.WindowShortcut)
        QShortcut(FULL_SCREEN_KEY, window, self._toggle_full_screen,
                  context=Qt.ShortcutContext.WindowShortcut)
        window.installEventFilter(self)

    def _toggle_full_screen(self) -> None:
        if self.window.isFullScreen():
            self.window.showNormal()
        else:
            self.window.showFullScreen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Esc leaves full screen only if nothing inside the window used it first (a dialog, a
        # video player's own full screen): the key reaches the window only when unhandled.
        if watched is self.window and event.type() == QEvent.Type.KeyPress \
                and cast(QKeyEvent, event).key() == Qt.Key.Key_Escape and self.window.isFullScreen():
            self.window.showNormal()
            return True
        return False


class KioskLock(QObject):
    """Holds a window full screen, frameless and open until ``release()``.

    Installed as an application-wide event filter so the quit keys are swallowed whichever
    widget has focus, before any widget or shortcut can act on them.
    """

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.released = False
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.installEventFilter(self)
        from kiosk.ui import appfilters

        appfilters.install(self)  # off while a package's web view is open (see appfilters)

    def show(self) -> None:
        self.window.showFullScreen()
        self._cover_screen()

    def _cover_screen(self) -> None:
        # Full screen on X11 is a request to the window manager; a bare X session (a common
        # kiosk set-up) has none, so cover the screen ourselves as well.
        screen = self.window.screen()
        if screen is not None and self.window.geometry() != screen.geometry():
            self.window.setGeometry(screen.geometry())

    def release(self) -> None:
        """Let the window close (the admin passphrase has been given)."""
        self.released = True
        log.info("Kiosk lock released by the admin panel")

    def exit(self) -> None:
        self.release()
        self.window.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.released:
            return False
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            if _matches(cast(QKeyEvent, event), QUIT_KEYS + (FULL_SCREEN_KEY,)):
                event.accept()  # taken: no shortcut or widget gets it
                return True
            return False
        if watched is not self.window:
            return False
        if kind == QEvent.Type.Close:
            event.ignore()
            log.info("Ignored a request to close the kiosk window (kiosk mode)")
            return True
        if kind == QEvent.Type.WindowStateChange and not self.window.isFullScreen():
            # Something (a window manager key, a stray showNormal) took us out of full screen.
            QTimer.singleShot(0, self._restore)
        return False

    def _restore(self) -> None:
        if not self.released and not self.window.isFullScreen():
            self.show()


def apply_window_mode(window: Shell, kiosk_mode: bool) -> KioskLock | None:
    """Show the main window as configured, and make its ``exit_requested`` close it.

    Returns the lock in kiosk mode (the window then closes only through ``exit_requested``).
    """
    if kiosk_mode:
        lock = KioskLock(window)
        window.exit_requested.connect(lock.exit)
        lock.show()
        return lock
    WindowShortcuts(window)
    window.exit_requested.connect(window.close)
    window.show()
    return None
