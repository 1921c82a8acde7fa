"""The banner across the top of every screen: the programme, who is signed in, and the three
things a learner can always do: take a break, change how the screen looks, sign out."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from kiosk.ui.formats import fill
from kiosk.ui.widgets import button, label, set_text

BREAK_SHORTCUT = "Alt+K"


class Banner(QFrame):
    """Emits ``break_requested``, ``settings_requested``, ``sign_out_requested`` and
    ``staff_requested`` (the discreet way into the admin panel, shown only when signed out)."""

    break_requested = Signal()
    settings_requested = Signal()
    sign_out_requested = Signal()
    staff_requested = Signal()

    def __init__(self, programme_title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.programme_title = programme_title
        self.title = label("", "subtitle")
        self.who = label("", "muted")
        # The break button has no mnemonic: its shortcut (Alt+K) is a window-wide QShortcut in the
        # shell, and a mnemonic on the same key would make both ambiguous.
        self.break_button = button("")
        self.settings_button = button("")
        self.sign_out_button = button("")
        self.break_button.clicked.connect(self.break_requested)
        self.settings_button.clicked.connect(self.settings_requested)
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        self.staff_button = button("")
        self.staff_button.setObjectName("staff")
        self.staff_button.clicked.connect(self.staff_requested)
        self._staff_available = False
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        row.addWidget(self.title, 1)
        row.addWidget(self.who)
        row.addWidget(self.break_button)
        row.addWidget(self.settings_button)
        row.addWidget(self.sign_out_button)
        row.addWidget(self.staff_button)
        self.retranslate()
        self.set_learner(False)

    def retranslate(self) -> None:
        set_text(self.title, self.programme_title or self.tr("TIP Kiosk"))
        self.break_button.setText(self.tr("Take a break"))
        self.break_button.setAccessibleName(self.tr("Take a break"))
        self.break_button.setToolTip(fill(self.tr("Pause and rest for as long as you like (%1)"), BREAK_SHORTCUT))
        self.break_button.setAccessibleDescription(fill(self.tr("Shortcut: %1"), BREAK_SHORTCUT))
        self.settings_button.setText(self.tr("&Display"))
        self.settings_button.setAccessibleName(self.tr("Display settings"))
        self.settings_button.setToolTip(self.tr("Text size, contrast and motion"))
        self.sign_out_button.setText(self.tr("Sign &out"))
        self.sign_out_button.setAccessibleName(self.tr("Sign out"))
        self.sign_out_button.setToolTip(self.tr("Save your progress and sign out"))
        self.staff_button.setText(self.tr("Staff"))
        self.staff_button.setAccessibleName(self.tr("Staff and IT area"))
        self.staff_button.setToolTip(self.tr("For IT and site staff (Ctrl+Alt+A)"))

    def set_staff_available(self, available: bool) -> None:
        """Show the discreet Staff button (signed out only) when an admin passphrase is set."""
        self._staff_available = available
        self.staff_button.setVisible(available and not self.sign_out_button.isVisibleTo(self))

    def set_learner(self, signed_in: bool, first_name: str | None = None) -> None:
        """Show who is signed in; the learner-only buttons hide when nobody is."""
        set_text(self.who, first_name or "" if signed_in else "")
        self.who.setVisible(bool(self.who.text()))  # an empty label would reach a screen reader as a blank
        self.settings_button.setVisible(signed_in)
        self.sign_out_button.setVisible(signed_in)
        self.staff_button.setVisible(self._staff_available and not signed_in)
