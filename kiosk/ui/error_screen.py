"""Where errors go: the log, and a calm screen that points to a trainer. Never a traceback."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.widgets import button, card, label

log = logging.getLogger("kiosk")


class CalmErrorScreen(QWidget):
    """'Something went wrong — your progress is saved', with a way back to the start."""

    restart = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtWidgets import QVBoxLayout

        self.back = button(self.tr("&Return to the start"), primary=True)
        self.back.clicked.connect(self.restart)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(card(
            label(self.tr("Something went wrong"), "title"),
            label(self.tr("This was a problem with the kiosk, not with anything you did. "
                          "Your progress up to your last step is saved.")),
            label(self.tr("Please let a trainer know. You can go back to the start and sign in "
                          "again to carry on."), "muted"),
            self.back))
        column.addStretch(2)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.back.setFocus()


def install_excepthook(show_calm_screen: Callable[[], None]) -> None:
    """Log any uncaught exception with its traceback, then show the calm screen."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.critical("Unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        try:
            show_calm_screen()
        except Exception:  # the screen itself failed: the log already has the cause
            log.exception("Could not show the error screen")

    sys.excepthook = hook
