"""A quiet line for trainers and IT: when records last went to the LRS, what waits, what was set
aside, and the last problem in plain words. Shown on the sign-in screen's status bar only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.sync import SyncStatus
from kiosk.ui.announce import announce
from kiosk.ui.formats import describe_sync
from kiosk.ui.widgets import button, label, set_text


class SyncStatusPanel(QWidget):
    """Shows a ``SyncStatus``; emits ``send_requested`` when someone asks to send now."""

    send_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Record sending status"))
        self.summary = label(self.tr("Records: not checked yet"), "muted")
        self.problem = label("", "muted")  # a whole sentence, wrapped rather than cut off
        self.problem.hide()
        self.send_button = button(self.tr("Send &now"), self.tr("Send waiting records now"))
        self.send_button.setToolTip(self.tr("Send waiting records to the organisation now"))
        self.send_button.clicked.connect(self.send_requested)
        self._asked = False  # someone pressed Send now: the next status is the answer, announced
        self.send_button.clicked.connect(lambda: setattr(self, "_asked", True))
        lines = QVBoxLayout()
        lines.setSpacing(2)
        lines.addWidget(self.summary)
        lines.addWidget(self.problem)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 2)
        row.addLayout(lines, 1)
        row.addWidget(self.send_button)

    def show_status(self, status: SyncStatus) -> None:
        facts = describe_sync(status)
        problem = facts.pop() if status.last_error else ""
        text = " · ".join(facts)
        set_text(self.summary, text)
        set_text(self.problem, problem)
        self.problem.setToolTip(status.last_error or "")
        self.problem.setVisible(bool(problem))
        if self._asked:  # background checks stay silent; the answer to a press is heard
            self._asked = False
            announce(self.summary, " ".join(t for t in (text, problem) if t), assertive=bool(status.last_error))
