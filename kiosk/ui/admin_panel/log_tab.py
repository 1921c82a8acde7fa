"""The admin panel's Log tab: the end of the kiosk's log, read-only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from kiosk.core.admin import read_log_tail
from kiosk.ui.admin_panel.parts import AdminTab, column, read_only
from kiosk.ui.widgets import button, label


class LogTab(AdminTab):
    """``log_path``: the kiosk's log file (None: there is none to show)."""

    def __init__(self, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.log_path = log_path
        self.log_view = read_only(self.tr("Kiosk log"))
        self.log_refresh = button(self.tr("&Show the latest"))
        self.log_refresh.clicked.connect(self.show_log)
        column(self, label(self.tr("The newest entries are at the end. The log holds no learner "
                                   "codes, names or answers."), "muted"),
               self.log_view, self.log_refresh)

    def title(self) -> str:
        return self.tr("Log")

    def show_log(self) -> None:
        text = read_log_tail(self.log_path) if self.log_path else ""
        self.log_view.setPlainText(text or self.tr("The log is empty."))
        self.log_view.moveCursor(self.log_view.textCursor().MoveOperation.End)
