"""The admin panel's Kiosk tab: exit the kiosk, or lock the panel and go back to sign-in."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.admin_panel.parts import AdminTab, column
from kiosk.ui.widgets import button, label


class KioskTab(AdminTab):
    """Emits ``exit_requested`` and ``leave_requested``; the panel decides what they mean."""

    exit_requested = Signal()
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.exit_button = button(self.tr("E&xit the kiosk"), primary=True)
        self.leave_button = button(self.tr("&Lock and go back to sign-in"))
        self.exit_button.clicked.connect(self.exit_requested)
        self.leave_button.clicked.connect(self.leave_requested)
        column(self, label(self.tr("Exiting closes TIP Kiosk on this PC until it is started "
                                   "again. Learners' progress is saved."), "muted"),
               self.exit_button, self.leave_button)

    def title(self) -> str:
        return self.tr("Kiosk")
