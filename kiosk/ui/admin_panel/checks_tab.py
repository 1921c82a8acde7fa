"""The admin panel's Checks tab: run `tip-kiosk doctor` on this computer and show what it found."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QWidget

from kiosk.core.doctor import from_json, report
from kiosk.ui.admin_panel.parts import AdminTab, column, read_only
from kiosk.ui.widgets import button


class ChecksTab(AdminTab):
    """``doctor_command`` starts `tip-kiosk` with this kiosk's settings (``doctor --json`` is
    added); empty: the checks are not set up on this kiosk."""

    def __init__(self, doctor_command: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.doctor_command = doctor_command
        self._process: QProcess | None = None
        self.doctor_button = button(self.tr("Run the &checks"), primary=True)
        self.doctor_output = read_only(self.tr("Results of the checks"))
        self.doctor_button.clicked.connect(self.run_doctor)
        if not doctor_command:
            self.doctor_button.setEnabled(False)
            self.doctor_output.setPlainText(self.tr("The checks are not set up on this kiosk."))
        column(self, self.doctor_button, self.doctor_output)

    def title(self) -> str:
        return self.tr("Checks")

    def run_doctor(self) -> None:
        """Run `tip-kiosk doctor --json` as a child process (it starts libVLC and Qt on its own,
        which must not happen inside the running kiosk); the result appears when it ends."""
        self.doctor_button.setEnabled(False)
        self.doctor_output.setPlainText(self.tr("Checking this computer… (this takes a few seconds)"))
        process = QProcess(self)
        self._process = process
        command = [*self.doctor_command, "doctor", "--json"]
        process.finished.connect(lambda *_: self._doctor_done(process))
        process.errorOccurred.connect(lambda *_: self._doctor_done(process))
        process.start(command[0], command[1:])

    def _doctor_done(self, process: QProcess) -> None:
        if self._process is not process:
            return  # errorOccurred and finished can both arrive
        self._process = None
        self.doctor_button.setEnabled(True)
        output = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        try:
            text = report(from_json(output))
        except (ValueError, TypeError, KeyError):
            errors = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
            text = self.tr("The checks could not run.") + "\n" + (errors or process.errorString())
        self.doctor_output.setPlainText(text)
        process.deleteLater()
