"""The window's stack of screens: show one, drop one, and a close hook run before one goes.

A screen that must do something before it goes (save what the learner typed, close its projector
window, wait for its worker) is shown with that as its close hook. Dropping it runs the hook first,
whichever way it goes (going back, opening another screen, sign-out, the idle countdown), so no
caller has to remember it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget

CloseHook = Callable[[], object]


class ScreenStack:
    """Wraps the shell's QStackedWidget (still ``shell.stack``, for what only reads it)."""

    def __init__(self, stack: QStackedWidget) -> None:
        self.stack = stack
        self._close_hooks: dict[QWidget, CloseHook] = {}

    def add(self, screen: QWidget, on_close: CloseHook | None = None) -> None:
        """Put a screen in the stack without showing it; ``on_close`` runs before it is dropped."""
        self.stack.addWidget(screen)
        if on_close is not None:
            self._close_hooks[screen] = on_close

    def show(self, screen: QWidget, on_close: CloseHook | None = None) -> None:
        """Show a screen, adding it first if it is not in the stack yet."""
        if self.stack.indexOf(screen) < 0:
            self.add(screen, on_close)
        self.stack.setCurrentWidget(screen)

    def current(self) -> QWidget:
        screen = self.stack.currentWidget()
        assert screen is not None, "the stack is never empty (the sign-in screen stays in it)"
        return screen

    def drop(self, *screens: QWidget | None) -> None:
        """Run each screen's close hook, then take it out of the window (None: nothing to drop)."""
        for screen in screens:
            if screen is None:
                continue
            hook = self._close_hooks.pop(screen, None)
            if hook is not None:
                hook()
            # Out of the window at once, destroyed when control returns to the event loop (it may
            # be inside one of its own signals now).
            self.stack.removeWidget(screen)
            screen.hide()
            screen.setParent(None)
            screen.deleteLater()
