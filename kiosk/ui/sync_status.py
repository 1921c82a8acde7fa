"""A quiet line for trainers and IT: when records last went to the LRS, what waits, what was set
aside, and the last problem in plain words. Shown on the sign-in screen's status bar only."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.sync import SyncStatus
from kiosk.ui.announce import announce
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
        when = _local(status.last_success) if status.last_success else self.tr("never")
        text = (self.tr("Records last sent: %1 · waiting: %2 · set aside: %3")
                .replace("%1", when).replace("%2", str(status.pending)).replace("%3", str(status.quarantined)))
        if getattr(status, "pooled", 0):
            # Unlinked records wait on purpose (docs/privacy.md): said apart, so nobody takes them
            # for a sending problem.
            text += " · " + self.tr("waiting to be mixed (sent after the day ends): %1").replace(
                "%1", str(status.pooled))
        set_text(self.summary, text)
        if status.last_error:
            set_text(self.problem, self.tr("Last problem: %1").replace("%1", status.last_error))
            self.problem.setToolTip(status.last_error)
            self.problem.show()
        else:
            set_text(self.problem, "")
            self.problem.hide()
        if self._asked:  # background checks stay silent; the answer to a press is heard
            self._asked = False
            announce(self.summary, " ".join(t for t in (text, self.problem.text()) if t),
                     assertive=bool(status.last_error))


def _local(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%d %b %Y %H:%M")
    except ValueError:
        return stamp
