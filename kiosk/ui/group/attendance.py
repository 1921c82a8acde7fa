"""Attendance for a group session, at the start, part-way (late joiners) or at the end.

Each attendee types their learner code, and their PIN if they have an account on this PC (a
newcomer may choose one or leave it empty); or the trainer types codes for them. Codes are typed
hidden and never shown, since the room may be watching this screen. Names (first names, if people
gave one) are listed only when the room cannot see this screen, or when the trainer asks.
An attendee whose account has no PIN gets a one-time code from the trainer (a button on their
row shows it, only when pressed) to choose their PIN at sign-in: knowing a learner code alone
never gives the account away.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.groups import GroupSession
from kiosk.ui.announce import say
from kiosk.ui.formats import fill
from kiosk.ui.language import error_text
from kiosk.ui.secret_field import SecretField
from kiosk.ui.widgets import button, card, label, set_text

PHASES = ("start", "during", "end")


def _hidden_field(accessible: str, digits: bool = False) -> QLineEdit:
    """A field whose typing the room cannot read (codes and PINs), kept out of input prediction."""
    # A SecretField: Qt's own password field would put the real characters into accessibility events.
    field = SecretField(allowed="[0-9]" if digits else None, max_length=8 if digits else 40)
    field.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText)
    field.setAccessibleName(accessible)
    return field


class AttendanceView(QWidget):
    """Emits ``done`` (back to presenting) and ``finish_confirmed`` (end the session now)."""

    done = Signal()
    finish_confirmed = Signal()
    changed = Signal(int)
    """The number registered, after any change (the projector shows the count, nothing else)."""

    def __init__(self, session: GroupSession, phase: str, show_names: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.phase = phase
        self.show_names = show_names
        self._claim_codes: dict[int, str] = {}
        """One-time codes shown on this screen (memory only, gone when it closes)."""
        self_card = self._build_self_card()
        trainer_card = self._build_trainer_card()
        self._build_list()
        self._build_actions()
        self._lay_out(self_card, trainer_card)
        self._connect()
        self.refresh()
        self.code.setFocus()

    def _build_self_card(self) -> QWidget:
        self.code = _hidden_field(self.tr("Your learner code"))
        self.pin = _hidden_field(self.tr("Your PIN"), digits=True)
        self.register_button = button(self.tr("&Register me"), primary=True)
        self.message = label("", "message")
        self.message.setAccessibleName(self.tr("Attendance message"))
        form = QFormLayout()
        for text, field in ((self.tr("Learner &code"), self.code), (self.tr("&PIN (if you have one here)"), self.pin)):
            name = QLabel(text)
            name.setBuddy(field)
            form.addRow(name, field)
        fields = QWidget()
        fields.setLayout(form)
        intro = fill(self.tr("Type your learner code, and your PIN if you already have an account on this "
                             "computer. New here? Choose a PIN of %1 to 8 digits that others could not guess, "
                             "or leave it empty: your trainer can give you a one-time code to choose your PIN "
                             "later."), self.session.accounts.pin_min_digits)
        return card(label(self.tr("Register your attendance"), "subtitle"), label(intro, "muted"),
                    fields, self.register_button)

    def _build_trainer_card(self) -> QWidget:
        self.trainer_code = _hidden_field(self.tr("Attendee's learner code"))
        self.add_button = button(self.tr("&Add attendee"))
        trainer_row = QHBoxLayout()
        trainer_row.addWidget(self.trainer_code, 1)
        trainer_row.addWidget(self.add_button)
        trainer_box = QWidget()
        trainer_box.setLayout(trainer_row)
        return card(label(self.tr("Or the trainer types codes"), "subtitle"),
                    label(self.tr("For people who would rather not type their own. No PIN is needed; "
                                  "an account is made for anyone new. Someone with no PIN chooses one "
                                  "at sign-in with a one-time code: press “One-time code” on their row "
                                  "and give it to them in person."), "muted"), trainer_box)

    def _build_list(self) -> None:
        self.count = label("", "subtitle")
        self.names_box = QCheckBox(self.tr("Show &names"))
        self.names_box.setAccessibleName(self.tr("Show attendees' first names"))
        self.names_box.setChecked(self.show_names)
        self.names_box.toggled.connect(self._names_toggled)
        self.list_area = QScrollArea()
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        self.list_area.setAccessibleName(self.tr("Attendees"))

    def _build_actions(self) -> None:
        self.back_button = button(self.tr("Start &presenting") if self.phase == "start"
                                  else self.tr("&Back to the session"), primary=self.phase == "start")
        self.finish_button = button(self.tr("&Finish the session…"), primary=True)
        self.confirm = label("", "message")
        self.confirm_button = button(self.tr("&Yes, finish and give credit"), primary=True)
        self.cancel_button = button(self.tr("Not &yet"))
        for widget in (self.confirm, self.confirm_button, self.cancel_button):
            widget.hide()
        self.finish_button.setVisible(self.phase == "end")

    def _lay_out(self, self_card: QWidget, trainer_card: QWidget) -> None:
        title = {"start": self.tr("Welcome: who is here?"), "during": self.tr("Attendance"),
                 "end": self.tr("Before you finish: who was here?")}[self.phase]
        left = QVBoxLayout()
        left.addWidget(label(title, "title"))
        left.addWidget(label(self.session.module.title, "subtitle"))
        left.addWidget(self_card)
        left.addWidget(self.message)
        left.addWidget(trainer_card)
        left.addStretch(1)
        right = QVBoxLayout()
        header = QHBoxLayout()
        header.addWidget(self.count, 1)
        header.addWidget(self.names_box)
        right.addLayout(header)
        right.addWidget(label(self.tr("Mark anyone who joined late or left early; they get completion "
                                      "credit only if you tick it."), "muted"))
        right.addWidget(self.list_area, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.back_button)
        actions.addStretch(1)
        actions.addWidget(self.finish_button)
        right.addLayout(actions)
        right.addWidget(self.confirm)
        confirm_row = QHBoxLayout()
        confirm_row.addStretch(1)
        confirm_row.addWidget(self.cancel_button)
        confirm_row.addWidget(self.confirm_button)
        right.addLayout(confirm_row)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 16, 32, 16)
        row.addLayout(left, 1)
        row.addLayout(right, 1)

    def _connect(self) -> None:
        self.register_button.clicked.connect(self.register_self)
        self.code.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.register_self)
        self.add_button.clicked.connect(self.register_by_trainer)
        self.trainer_code.returnPressed.connect(self.register_by_trainer)
        self.back_button.clicked.connect(self.done)
        self.finish_button.clicked.connect(self.ask_to_finish)
        self.confirm_button.clicked.connect(self.finish_confirmed)
        self.cancel_button.clicked.connect(self._cancel_finish)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.code.setFocus()  # the next attendee can type at once

    # -- registering ------------------------------------------------------------------------
    def register_self(self) -> None:
        code, pin = self.code.text(), self.pin.text()
        self.code.clear()
        self.pin.clear()
        self.code.setFocus()
        if not code.strip():
            say(self.message, self.tr("Please type your learner code."), assertive=True)
            return
        self._register(lambda: self.session.register(code, pin, joined_late=self.phase == "during"))

    def register_by_trainer(self) -> None:
        code = self.trainer_code.text()
        self.trainer_code.clear()
        self.trainer_code.setFocus()
        if code.strip():
            self._register(lambda: self.session.register_for(code, joined_late=self.phase == "during"))

    def _register(self, action) -> None:
        try:
            result = action()
        except KioskError as exc:
            say(self.message, error_text(exc), assertive=True)
            return
        say(self.message, self.tr("You were already registered. Thank you.") if result.already
                 else self.tr("Thank you: you are registered. Next person, please."))
        self.refresh()

    # -- the list ---------------------------------------------------------------------------
    def refresh(self) -> None:
        attendees = self.session.attendees()
        credited = sum(1 for a in attendees if a.credit)
        set_text(self.count, fill(self.tr("%1 registered, %2 to get completion credit"), len(attendees), credited))
        body = QWidget()
        grid = QGridLayout(body)
        for col, text in enumerate((self.tr("Attendee"), self.tr("Joined late"), self.tr("Left early"),
                                    self.tr("Credit"), "", self.tr("Sign-in"))):
            grid.addWidget(label(text, "muted"), 0, col)
        self.rows: dict[int, dict[str, QWidget]] = {}
        for number, attendee in enumerate(attendees, start=1):
            who = fill(self.tr("Attendee %1"), number)
            if self.names_box.isChecked() and attendee.first_name:
                who += f": {attendee.first_name}"
            widgets: dict[str, QWidget] = {"name": label(who)}
            for col, (mark, value) in enumerate((("joined_late", attendee.joined_late),
                                                 ("left_early", attendee.left_early),
                                                 ("credit", attendee.credit)), start=1):
                box = QCheckBox()
                box.setChecked(value)
                box.setAccessibleName(f"{who}: " + {"joined_late": self.tr("joined late"),
                                                    "left_early": self.tr("left early"),
                                                    "credit": self.tr("completion credit")}[mark])
                box.toggled.connect(lambda on, lid=attendee.learner_id, m=mark: self._mark(lid, m, on))
                widgets[mark] = box
                grid.addWidget(box, number, col)
            remove = button(self.tr("Remove"), accessible=fill(self.tr("Remove %1"), who))
            remove.clicked.connect(lambda _=False, lid=attendee.learner_id: self._remove(lid))
            widgets["remove"] = remove
            grid.addWidget(widgets["name"], number, 0)
            grid.addWidget(remove, number, 4)
            claim = self._claim_widget(attendee.learner_id, who)
            if claim is not None:
                widgets["claim"] = claim
                grid.addWidget(claim, number, 5)
            self.rows[attendee.learner_id] = widgets
        grid.setRowStretch(len(attendees) + 1, 1)
        grid.setColumnStretch(0, 1)
        old = self.list_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.list_area.setWidget(body)
        self.changed.emit(len(attendees))

    def _claim_widget(self, learner_id: int, who: str) -> QWidget | None:
        """For an account with no PIN: a button that makes and shows a one-time code, then the code."""
        shown = self._claim_codes.get(learner_id)
        if shown is not None:
            return label(shown, "subtitle")
        if not self.session.needs_claim(learner_id):
            return None
        make = button(self.tr("One-time code"), accessible=fill(self.tr("One-time code for %1"), who))
        make.clicked.connect(lambda _=False, lid=learner_id, who=who: self._show_claim_code(lid, who))
        return make

    def _show_claim_code(self, learner_id: int, who: str) -> None:
        try:
            code = self.session.claim_code(learner_id)
        except KioskError as exc:
            say(self.message, error_text(exc), assertive=True)
            return
        self._claim_codes[learner_id] = code
        say(self.message, fill(self.tr("One-time code for %1: %2. Give it to them in person: they sign in with "
                                            "their learner code and this code (once, within a week), then choose "
                                            "their PIN."), who, code))
        self.refresh()

    def _mark(self, learner_id: int, mark: str, on: bool) -> None:
        try:
            self.session.mark(learner_id, **{mark: on})
        except KioskError as exc:
            say(self.message, str(exc), assertive=True)
        self.refresh()

    def _remove(self, learner_id: int) -> None:
        try:
            self.session.remove(learner_id)
        except KioskError as exc:
            say(self.message, str(exc), assertive=True)
        self.refresh()

    def _names_toggled(self, _: bool) -> None:
        self.refresh()

    # -- finishing --------------------------------------------------------------------------
    def ask_to_finish(self) -> None:
        attendees = self.session.attendees()
        credited = sum(1 for a in attendees if a.credit)
        set_text(self.confirm, fill(self.tr("Finish the session? %1 of %2 attendees will get completion credit "
                                            "for “%3”. This cannot be undone."),
                                    credited, len(attendees), self.session.module.title))
        for widget in (self.confirm, self.confirm_button, self.cancel_button):
            widget.show()
        self.finish_button.hide()
        self.cancel_button.setFocus()  # the safe choice is the one Enter would press

    def _cancel_finish(self) -> None:
        for widget in (self.confirm, self.confirm_button, self.cancel_button):
            widget.hide()
        self.finish_button.show()
        self.finish_button.setFocus()
