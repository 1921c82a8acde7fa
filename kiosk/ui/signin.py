"""The sign-in screen: learner code and PIN, or registration for a first visit."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.accounts import Accounts, Learner
from kiosk.core.errors import KioskError
from kiosk.ui.widgets import button, card, label, set_text


def _pin_field(accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(8)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,8}")))
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
    field.setAccessibleName(accessible)
    return field


def _code_field(accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setMaxLength(40)
    field.setAccessibleName(accessible)
    field.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhSensitiveData)
    return field


class SignInScreen(QWidget):
    """Emits ``signed_in(Learner)``; never keeps the code or PIN after an attempt."""

    signed_in = Signal(object)

    def __init__(self, accounts: Accounts, programme_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self._pages = QStackedLayout()
        self._pages.addWidget(self._sign_in_page(programme_title))
        self._pages.addWidget(self._register_page())
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(self._pages)
        holder.setMaximumWidth(720)
        row.addWidget(holder, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    # -- pages ------------------------------------------------------------------------------
    def _sign_in_page(self, programme_title: str) -> QWidget:
        self.code = _code_field(self.tr("Learner code"))
        self.pin = _pin_field(self.tr("PIN"))
        self.sign_in_button = button(self.tr("&Sign in"), primary=True)
        self.register_link = button(self.tr("First time here? &Register"))
        self.message = label("", "message")
        self.message.setAccessibleName(self.tr("Sign-in message"))
        form = QFormLayout()
        form.addRow(self.tr("Learner &code"), self.code)
        form.addRow(self.tr("&PIN"), self.pin)
        for row, field in ((0, self.code), (1, self.pin)):
            form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setBuddy(field)
        fields = QWidget()
        fields.setLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_in_button)
        buttons.addStretch(1)
        buttons.addWidget(self.register_link)
        actions = QWidget()
        actions.setLayout(buttons)
        privacy = label(self.tr("Your learner code is kept only in a scrambled form. Your answers and "
                                "reflections stay on this computer and only you can see them."), "muted")
        page = card(label(programme_title or self.tr("TIP Kiosk"), "title"),
                    label(self.tr("Welcome. Sign in to carry on where you left off. "
                                  "Take all the time you need."), "muted"),
                    fields, self.message, actions, privacy)
        self.sign_in_button.clicked.connect(self._sign_in)
        self.code.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._sign_in)
        self.register_link.clicked.connect(lambda: self._show_page(1))
        return page

    def _register_page(self) -> QWidget:
        self.new_code = _code_field(self.tr("Learner code for the new account"))
        self.new_pin = _pin_field(self.tr("Choose a PIN"))
        self.new_pin_again = _pin_field(self.tr("Type the PIN again"))
        self.first_name = QLineEdit()
        self.first_name.setMaxLength(40)
        self.first_name.setAccessibleName(self.tr("First name (optional)"))
        self.register_button = button(self.tr("&Create my account"), primary=True)
        self.back_link = button(self.tr("&Back to sign in"))
        self.register_message = label("", "message")
        self.register_message.setAccessibleName(self.tr("Registration message"))
        form = QFormLayout()
        form.addRow(self.tr("Learner &code"), self.new_code)
        form.addRow(self.tr("Choose a &PIN (4 to 8 digits)"), self.new_pin)
        form.addRow(self.tr("PIN &again"), self.new_pin_again)
        form.addRow(self.tr("First &name (optional)"), self.first_name)
        for row, field in enumerate((self.new_code, self.new_pin, self.new_pin_again, self.first_name)):
            form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setBuddy(field)
        fields = QWidget()
        fields.setLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.register_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_link)
        actions = QWidget()
        actions.setLayout(buttons)
        page = card(label(self.tr("Create your account"), "title"),
                    label(self.tr("Use your staff number or the learner code your trainer gave you. "
                                  "Your first name is only used to greet you."), "muted"),
                    fields, self.register_message, actions)
        self.register_button.clicked.connect(self._register)
        self.back_link.clicked.connect(lambda: self._show_page(0))
        self.first_name.returnPressed.connect(self._register)
        return page

    # -- behaviour --------------------------------------------------------------------------
    def reset(self) -> None:
        """Clear every field and message, back to the sign-in page."""
        for field in (self.code, self.pin, self.new_code, self.new_pin, self.new_pin_again, self.first_name):
            field.clear()
        set_text(self.message, "")
        set_text(self.register_message, "")
        self.message.setAccessibleName(self.tr("Sign-in message"))
        self.register_message.setAccessibleName(self.tr("Registration message"))
        self._show_page(0)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        (self.code if self._pages.currentIndex() == 0 else self.new_code).setFocus()

    def _show_page(self, index: int) -> None:
        self._pages.setCurrentIndex(index)
        (self.code if index == 0 else self.new_code).setFocus()

    def _sign_in(self) -> None:
        code, pin = self.code.text(), self.pin.text()
        self.pin.clear()
        if not code.strip() or not pin:
            set_text(self.message, self.tr("Please type your learner code and your PIN."))
            (self.pin if code.strip() else self.code).setFocus()
            return
        try:
            learner = self.accounts.sign_in(code, pin)
        except KioskError as exc:
            set_text(self.message, str(exc))
            self.pin.setFocus()
            return
        self._done(learner)

    def _register(self) -> None:
        pin, again = self.new_pin.text(), self.new_pin_again.text()
        if pin != again:
            self.new_pin.clear()
            self.new_pin_again.clear()
            set_text(self.register_message, self.tr("The two PINs are different. Please type them again."))
            self.new_pin.setFocus()
            return
        try:
            learner = self.accounts.register(self.new_code.text(), pin, self.first_name.text())
        except KioskError as exc:
            set_text(self.register_message, str(exc))
            return
        self._done(learner)

    def _done(self, learner: Learner) -> None:
        self.reset()
        self.signed_in.emit(learner)
