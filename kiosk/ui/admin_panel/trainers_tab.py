"""The admin panel's Trainers tab: create a trainer account."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QFormLayout, QWidget

from kiosk.core.accounts import Accounts
from kiosk.core.errors import KioskError
from kiosk.ui.admin_panel.parts import AdminTab, column
from kiosk.ui.announce import say
from kiosk.ui.language import error_text
from kiosk.ui.widgets import button, code_field, label, secret_field

log = logging.getLogger(__name__)


class TrainersTab(AdminTab):
    def __init__(self, accounts: Accounts, parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.trainer_code = code_field(self.tr("Trainer's learner code"))
        self.trainer_pin = secret_field(self.tr("Trainer's passphrase"))
        self.trainer_pin_again = secret_field(self.tr("Trainer's passphrase again"))
        self.trainer_button = button(self.tr("Create &trainer account"), primary=True)
        self.trainer_message = label("", "message")
        self.trainer_message.setAccessibleName(self.tr("Trainer account message"))
        self.trainer_button.clicked.connect(self._create_trainer)
        self.trainer_pin_again.returnPressed.connect(self._create_trainer)
        column(self, label(self.tr("A trainer signs in like a learner, with this code and a passphrase "
                                   "(a few words or a long number, typed where learners type their "
                                   "PIN), and can lead group sessions and see site reports."), "muted"),
               self._fields(), self.trainer_message, self.trainer_button)

    def title(self) -> str:
        return self.tr("Trainers")

    def clear(self) -> None:
        """Forget anything typed here (the panel is locking)."""
        for field in (self.trainer_code, self.trainer_pin, self.trainer_pin_again):
            field.setText("")  # not clear(): that is an undoable edit

    def _fields(self) -> QWidget:
        form = QFormLayout()  # each row's label is made its field's buddy (Alt+key goes to the field)
        form.addRow(self.tr("Learner &code"), self.trainer_code)
        form.addRow(self.tr("&Passphrase (10 or more characters)"), self.trainer_pin)
        form.addRow(self.tr("Passphrase &again"), self.trainer_pin_again)
        fields = QWidget()
        fields.setLayout(form)
        return fields

    def _create_trainer(self) -> None:
        pin, again = self.trainer_pin.text(), self.trainer_pin_again.text()
        self.trainer_pin.clear()
        self.trainer_pin_again.clear()
        if pin != again:
            say(self.trainer_message, self.tr("The two passphrases are different. Please type them again."),
                assertive=True)
            self.trainer_pin.setFocus()
            return
        try:
            self.accounts.register(self.trainer_code.text(), pin, role="trainer")
        except KioskError as exc:
            say(self.trainer_message, error_text(exc), assertive=True)
            return
        self.trainer_code.clear()
        log.info("A trainer account was created from the admin panel")
        say(self.trainer_message, self.tr("The trainer account was created."))
