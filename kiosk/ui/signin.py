"""The sign-in screen: learner code and PIN, or registration for a first visit, and the choice of
interface language for the session."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.accounts import Accounts, Learner
from kiosk.core.claims import ChoosePin, Claim
from kiosk.core.errors import KioskError
from kiosk.core.pin_rules import PIN_MAX_DIGITS, TRAINER_MAX_LENGTH
from kiosk.ui.announce import show_message
from kiosk.ui.language import error_text
from kiosk.ui.support import scrolling
from kiosk.ui.widgets import button, card, code_field, label, pin_field, secret_field, set_text


def _wipe(field: QLineEdit) -> None:
    # setText, not clear(): clear() is an undoable edit, so Ctrl+Z would bring the last
    # learner's code back for the next person at this PC.
    field.setText("")


class SignInScreen(QWidget):
    """Emits ``signed_in(Learner)`` and ``language_chosen(code)``; never keeps the code or PIN
    after an attempt (a one-time code just proved is kept only until the learner has chosen a PIN).

    Args:
        accounts: registration and sign-in.
        programme_title: shown as the heading.
        languages: code -> name (in its own language) of the interface languages to offer; the
            choice is shown only when there is more than one.
        language: the language in use now.
    """

    signed_in = Signal(object)
    language_chosen = Signal(str)

    def __init__(self, accounts: Accounts, programme_title: str, parent: QWidget | None = None,
                 languages: dict[str, str] | None = None, language: str = "en"):
        super().__init__(parent)
        self.accounts = accounts
        self.programme_title = programme_title
        self._form_labels: list[tuple[QLabel, str]] = []
        self._claim: Claim | None = None
        # Built from the outside in, each part joining its parent before it is filled: with the
        # application's style sheet, a widget that changes parent makes Qt re-style all it holds,
        # so parts built apart and put together level by level were re-styled once per level.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        # Scrolls rather than squeezes when the text is large.
        self.area = scrolling(body, "")
        outer.addWidget(self.area)
        column = QVBoxLayout(body)
        column.addStretch(1)
        row = QHBoxLayout()
        column.addLayout(row)
        row.addStretch(1)
        holder = QWidget()
        holder.setMaximumWidth(720)
        row.addWidget(holder, 4)
        row.addStretch(1)
        self._pages = QStackedLayout(holder)
        # The register and choose-PIN pages are built when first shown (_more_pages).
        self._pages.addWidget(self._sign_in_page())
        column.addWidget(self._language_row(languages or {}, language), 0, Qt.AlignmentFlag.AlignHCenter)
        # Only once it has a parent: shown without one, a widget is a window of its own (Qt made
        # and showed a native window for the language row for a moment).
        self.language_group.setVisible(len(languages or {}) > 1)
        column.addStretch(2)
        self.retranslate()

    # -- pages ------------------------------------------------------------------------------
    def _sign_in_page(self) -> QWidget:
        self.code = code_field()
        self.pin = secret_field(max_length=TRAINER_MAX_LENGTH)  # PIN, one-time code or passphrase
        self.sign_in_button = button("", primary=True)
        self.register_link = button("")
        self.message = label("", "message")
        self.message.hide()
        self.heading = label("", "title")
        self.welcome = label("", "muted")
        self.privacy = label("", "muted")
        self.one_time_hint = label("", "muted")
        form = self._form(QT_TRANSLATE_NOOP("SignInScreen", "Learner &code"), self.code,
                          QT_TRANSLATE_NOOP("SignInScreen", "&PIN"), self.pin)
        page = card(self.heading, self.welcome, form, self.one_time_hint, self.message,
                    _row(self.sign_in_button, self.register_link), self.privacy)
        self.sign_in_button.clicked.connect(self._sign_in)
        self.code.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._sign_in)
        self.register_link.clicked.connect(lambda: self._show_page(1))
        return page

    def _register_page(self) -> QWidget:
        self.new_code = code_field()
        self.new_pin = pin_field()
        self.new_pin_again = pin_field()
        self.first_name = QLineEdit()
        self.first_name.setMaxLength(40)
        self.register_button = button("", primary=True)
        self.back_link = button("")
        self.register_message = label("", "message")
        self.register_message.hide()
        self.register_heading = label("", "title")
        self.register_hint = label("", "muted")
        form = self._form(QT_TRANSLATE_NOOP("SignInScreen", "Learner &code"), self.new_code,
                          QT_TRANSLATE_NOOP("SignInScreen", "Choose a &PIN (%1 to %2 digits)"), self.new_pin,
                          QT_TRANSLATE_NOOP("SignInScreen", "PIN &again"), self.new_pin_again,
                          QT_TRANSLATE_NOOP("SignInScreen", "First &name (optional)"), self.first_name)
        page = card(self.register_heading, self.register_hint, form, self.register_message,
                    _row(self.register_button, self.back_link))
        self.register_button.clicked.connect(self._register)
        self.back_link.clicked.connect(lambda: self._show_page(0))
        self.first_name.returnPressed.connect(self._register)
        return page

    def _choose_pin_page(self) -> QWidget:
        """After a right one-time code: the learner chooses the PIN they will sign in with."""
        self.claim_pin = pin_field()
        self.claim_pin_again = pin_field()
        self.claim_button = button("", primary=True)
        self.claim_back = button("")
        self.claim_message = label("", "message")
        self.claim_message.hide()
        self.claim_heading = label("", "title")
        self.claim_hint = label("", "muted")
        form = self._form(QT_TRANSLATE_NOOP("SignInScreen", "Choose a &PIN (%1 to %2 digits)"), self.claim_pin,
                          QT_TRANSLATE_NOOP("SignInScreen", "PIN &again"), self.claim_pin_again)
        page = card(self.claim_heading, self.claim_hint, form, self.claim_message,
                    _row(self.claim_button, self.claim_back))
        self.claim_button.clicked.connect(self._choose_pin)
        self.claim_pin.returnPressed.connect(self.claim_pin_again.setFocus)
        self.claim_pin_again.returnPressed.connect(self._choose_pin)
        self.claim_back.clicked.connect(self.reset)
        return page

    def _form(self, *pairs) -> QWidget:
        """Label/field rows; the labels' source texts are kept for retranslate()."""
        form = QFormLayout()
        for text, field in zip(pairs[::2], pairs[1::2], strict=True):
            row_label = QLabel()
            row_label.setBuddy(field)
            form.addRow(row_label, field)
            self._form_labels.append((row_label, text))
        holder = QWidget()
        holder.setLayout(form)
        return holder

    def _language_row(self, languages: dict[str, str], current: str) -> QWidget:
        self.language_buttons: dict[str, QRadioButton] = {}
        self.language_label = QLabel()
        self.language_group = QWidget()  # named "Language" (retranslate), so a screen reader says the group
        row = QHBoxLayout(self.language_group)
        row.addWidget(self.language_label)
        # Not exclusive, and the arrow keys only move between the languages: switching the whole
        # interface takes Space or a click (an exclusive group would check, and switch, on each arrow).
        group = QButtonGroup(self.language_group)
        group.setExclusive(False)
        for code, name in languages.items():
            choice = _LanguageChoice(name, self.language_buttons)  # named in itself: never translated
            choice.setAccessibleName(name)
            choice.setChecked(code == current)
            choice.clicked.connect(lambda _on, code=code: self._language_clicked(code))
            group.addButton(choice)
            row.addWidget(choice)
            self.language_buttons[code] = choice
        return self.language_group

    def _language_clicked(self, code: str) -> None:
        # Keep exactly one checked (clicking the chosen one again must not leave none).
        was_chosen = not self.language_buttons[code].isChecked()  # a click has just unchecked it
        for other, choice in self.language_buttons.items():
            choice.setChecked(other == code)
        if not was_chosen:
            self.language_chosen.emit(code)

    def _more_pages(self) -> None:
        """Build the register and choose-PIN pages, in that order (page indexes 1 and 2), the first
        time either is needed: the sign-in screen paints sooner without them (docs/performance.md)."""
        if not self._built():
            self._pages.addWidget(self._register_page())
            self._pages.addWidget(self._choose_pin_page())
            self._retranslate_more()

    def _built(self) -> bool:
        return self._pages.count() > 1

    def retranslate(self) -> None:
        """Set every text in the interface language now in use (also after the learner picks one)."""
        set_text(self.heading, self.programme_title or self.tr("TIP Kiosk"))
        set_text(self.welcome, self.tr("Welcome. Sign in to carry on where you left off. "
                                       "Take all the time you need."))
        set_text(self.privacy, self.tr("Your learner code is kept only in a scrambled form. What you write stays on "
                                       "this computer and only you can see it. Records of your progress, without your "
                                       "name or anything you wrote, may be sent to your organisation."))
        set_text(self.one_time_hint, self.tr("Did a trainer give you a one-time code? Type it in the PIN box. "
                                             "Trainers type their passphrase there."))
        self.code.setAccessibleName(self.tr("Learner code"))
        self.pin.setAccessibleName(self.tr("PIN"))
        self.sign_in_button.setText(self.tr("&Sign in"))
        self.sign_in_button.setAccessibleName(self.tr("Sign in"))
        self.register_link.setText(self.tr("First time here? &Register"))
        self.register_link.setAccessibleName(self.tr("First time here? Register"))
        self.language_label.setText(self.tr("Language:"))
        self.language_group.setAccessibleName(self.tr("Language"))
        self.message.setAccessibleName(self.message.text() or self.tr("Sign-in message"))
        if self._built():
            self._retranslate_more()
        else:
            self._retranslate_form_labels()

    def _retranslate_more(self) -> None:
        set_text(self.register_heading, self.tr("Create your account"))
        set_text(self.register_hint, self.tr("Use your staff number or the learner code your trainer gave "
                                             "you. Choose a PIN others could not guess: not 123456, 111111, "
                                             "a year or part of your code. Your first name is only used to "
                                             "greet you."))
        self.new_code.setAccessibleName(self.tr("Learner code for the new account"))
        self.new_pin.setAccessibleName(self.tr("Choose a PIN"))
        self.new_pin_again.setAccessibleName(self.tr("Type the PIN again"))
        self.first_name.setAccessibleName(self.tr("First name (optional)"))
        self.register_button.setText(self.tr("&Create my account"))
        self.register_button.setAccessibleName(self.tr("Create my account"))
        self.back_link.setText(self.tr("&Back to sign in"))
        self.back_link.setAccessibleName(self.tr("Back to sign in"))
        set_text(self.claim_heading, self.tr("Choose your PIN"))
        set_text(self.claim_hint, self.tr("Your trainer made this account for you. Choose a PIN that others "
                                          "could not guess (not 123456, 111111, a year or part of your code): "
                                          "you will sign in with it from now on."))
        self.claim_pin.setAccessibleName(self.tr("Choose a PIN"))
        self.claim_pin_again.setAccessibleName(self.tr("Type the PIN again"))
        self.claim_button.setText(self.tr("&Save my PIN"))
        self.claim_button.setAccessibleName(self.tr("Save my PIN"))
        self.claim_back.setText(self.tr("&Cancel"))
        self.claim_back.setAccessibleName(self.tr("Cancel and go back to sign in"))
        self.register_message.setAccessibleName(self.register_message.text() or self.tr("Registration message"))
        self.claim_message.setAccessibleName(self.claim_message.text() or self.tr("PIN message"))
        self._retranslate_form_labels()

    def _retranslate_form_labels(self) -> None:
        digits = (str(self.accounts.pin_min_digits), str(PIN_MAX_DIGITS))
        for row_label, text in self._form_labels:
            # One pass over %1/%2, so a translated digit count can never be read as a placeholder.
            row_label.setText(re.sub(r"%([12])", lambda m: digits[int(m.group(1)) - 1], self.tr(text)))

    # -- behaviour --------------------------------------------------------------------------
    def reset(self) -> None:
        """Clear every field and message, back to the sign-in page."""
        self._claim = None
        for field in self._fields():
            _wipe(field)
        self._say(self.message, "")
        self.message.setAccessibleName(self.tr("Sign-in message"))
        if self._built():
            self._say(self.register_message, "")
            self._say(self.claim_message, "")
            self.register_message.setAccessibleName(self.tr("Registration message"))
            self.claim_message.setAccessibleName(self.tr("PIN message"))
        self._show_page(0)

    def _fields(self) -> tuple[QLineEdit, ...]:
        if not self._built():
            return self.code, self.pin
        return (self.code, self.pin, self.new_code, self.new_pin, self.new_pin_again, self.first_name,
                self.claim_pin, self.claim_pin_again)

    def has_typed_text(self) -> bool:
        return self._claim is not None or any(f.text() for f in self._fields())

    def select_language(self, code: str) -> None:
        """Show ``code`` as the chosen language (without announcing a new choice)."""
        if code not in self.language_buttons:
            return
        for other, choice in self.language_buttons.items():
            choice.blockSignals(True)
            choice.setChecked(other == code)
            choice.blockSignals(False)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._first_field(self._pages.currentIndex()).setFocus()

    def _first_field(self, index: int) -> QLineEdit:
        if index == 0:
            return self.code
        self._more_pages()
        return (self.code, self.new_code, self.claim_pin)[index]

    def _show_page(self, index: int) -> None:
        field = self._first_field(index)  # builds the page first if need be
        self._pages.setCurrentIndex(index)
        field.setFocus()

    def _sign_in(self) -> None:
        code, pin = self.code.text(), self.pin.text()
        _wipe(self.pin)
        if not code.strip() or not pin:
            self._say(self.message, self.tr("Please type your learner code and your PIN."))
            (self.pin if code.strip() else self.code).setFocus()
            return
        try:
            learner = self.accounts.sign_in(code, pin)
        except ChoosePin as claimed:
            _wipe(self.code)
            self._say(self.message, "")
            self._claim = claimed.claim
            self._show_page(2)
            return
        except KioskError as exc:
            self._say(self.message, error_text(exc))
            self.pin.setFocus()
            return
        self._done(learner)

    def _register(self) -> None:
        pin, again = self.new_pin.text(), self.new_pin_again.text()
        if pin != again:
            _wipe(self.new_pin)
            _wipe(self.new_pin_again)
            self._say(self.register_message, self.tr("The two PINs are different. Please type them again."))
            self.new_pin.setFocus()
            return
        try:
            learner = self.accounts.register(self.new_code.text(), pin, self.first_name.text())
        except KioskError as exc:
            self._say(self.register_message, error_text(exc))
            return
        self._done(learner)

    def _choose_pin(self) -> None:
        pin, again = self.claim_pin.text(), self.claim_pin_again.text()
        _wipe(self.claim_pin)
        _wipe(self.claim_pin_again)
        self.claim_pin.setFocus()
        if pin != again:
            self._say(self.claim_message, self.tr("The two PINs are different. Please type them again."))
            return
        if self._claim is None:  # cannot happen from the screen; a cancelled claim is gone
            self.reset()
            return
        try:
            learner = self.accounts.claim(self._claim, pin)
        except KioskError as exc:
            self._say(self.claim_message, error_text(exc))
            return
        self._done(learner)

    def _say(self, message: QLabel, text: str) -> None:
        """Show a message under the form, and tie it to that form's fields (their accessible
        description), so a screen reader on the field hears why; an empty one takes no room."""
        fields: tuple[QLineEdit, ...]
        if message is self.message:
            fields = (self.code, self.pin)
        elif message is self.register_message:
            fields = (self.new_code, self.new_pin, self.new_pin_again)
        else:
            fields = (self.claim_pin, self.claim_pin_again)
        for field in fields:
            # Emptied first: the same message twice is still a change a screen reader hears.
            field.setAccessibleDescription("")
            field.setAccessibleDescription(text)
        show_message(message, text, assertive=True)

    def _done(self, learner: Learner) -> None:
        self.reset()
        self.signed_in.emit(learner)


class _LanguageChoice(QRadioButton):
    """A language radio button whose arrow keys move focus along the languages, never choosing."""

    def __init__(self, name: str, siblings: dict[str, QRadioButton]):
        super().__init__(name)
        self._siblings = siblings

    def keyPressEvent(self, event) -> None:
        step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}.get(event.key())
        if step is None:
            super().keyPressEvent(event)
            return
        choices = list(self._siblings.values())
        choices[(choices.index(self) + step) % len(choices)].setFocus(Qt.FocusReason.OtherFocusReason)
        event.accept()


def _row(*buttons: QWidget) -> QWidget:
    """Buttons in a row: the first at the left, the rest at the right."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(buttons[0])
    row.addStretch(1)
    for other in buttons[1:]:
        row.addWidget(other)
    return holder
