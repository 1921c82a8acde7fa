"""Secret fields, announcements and the sign-in screen's keyboard behaviour, in process.

What actually leaves the process for a screen reader is tested in tests/test_screen_reader.py;
these pin down the widget behaviour it relies on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton

from kiosk.ui.announce import announce
from kiosk.ui.language import Translations
from kiosk.ui.secret_field import MASK
from kiosk.ui.services import Services
from kiosk.ui.widgets import pin_field, secret_field
from tests.uihelpers import make_shell


def widget_text(field: QLineEdit) -> str:
    """What Qt itself holds (and would put into accessibility events)."""
    return QLineEdit.text(field)


def test_a_pin_field_keeps_the_digits_beside_the_widget_and_only_masks_in_it(qtbot):
    field = pin_field("PIN")
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "12a34")  # a letter is refused, as the old validator did
    assert field.text() == "1234" and widget_text(field) == MASK * 4
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Home)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == "23" and widget_text(field) == MASK * 2
    qtbot.keyClicks(field, "987654321")  # at the cursor (the start), up to 8 digits
    assert field.text() == "98765423" and widget_text(field) == MASK * 8
    field.selectAll()
    qtbot.keyClicks(field, "5")
    assert field.text() == "5" and widget_text(field) == MASK


def test_a_secret_field_refuses_edits_it_could_not_mirror_and_takes_a_paste(qtbot):
    field = secret_field("Passphrase")
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "quiet harbour")
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo: refused
    qtbot.keyClick(field, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier)  # word delete: refused
    assert field.text() == "quiet harbour" and widget_text(field) == MASK * 13
    QGuiApplication.clipboard().setText(" lantern")
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "quiet harbour lantern" and widget_text(field) == MASK * 21
    assert field.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    field.setText("")
    assert field.text() == "" and widget_text(field) == ""


def test_an_announcement_lends_the_focused_control_its_description_for_a_moment(qtbot):
    was_active = QAccessible.isActive()
    QAccessible.setActive(True)
    try:
        button = QPushButton("Try again")
        qtbot.addWidget(button)
        button.show()
        qtbot.waitExposed(button)
        button.activateWindow()
        button.setFocus()
        qtbot.waitUntil(button.hasFocus)
        announce(button, "Not quite.  Here's why.")
        assert button.accessibleDescription() == "Not quite. Here's why."
        qtbot.waitUntil(lambda: button.accessibleDescription() == "", timeout=3000)
        button.setAccessibleDescription("Shortcut: Alt+K")  # its own description is never replaced
        announce(button, "Saved")
        assert button.accessibleDescription() == "Shortcut: Alt+K"
    finally:
        QAccessible.setActive(was_active)


def test_the_language_changes_on_space_not_on_an_arrow_key_and_the_group_is_named(qtbot, store, accounts, programme,
                                                                               catalogues):
    shell = make_shell(qtbot, Services(store, accounts, programme), translations=Translations(catalogues))
    signin = shell.signin
    english, welsh = signin.language_buttons["en"], signin.language_buttons["cy"]
    assert signin.language_group.accessibleName() == "Language"
    english.setFocus()
    qtbot.keyClick(english, Qt.Key.Key_Right)
    assert welsh.hasFocus() and english.isChecked() and not welsh.isChecked()
    assert signin.sign_in_button.text() == "&Sign in"  # nothing switched yet
    qtbot.keyClick(welsh, Qt.Key.Key_Space)
    assert signin.sign_in_button.text() == "&Mewngofnodi" and welsh.isChecked() and not english.isChecked()
    qtbot.keyClick(welsh, Qt.Key.Key_Space)  # the chosen one again: stays chosen
    assert welsh.isChecked() and not english.isChecked()
    assert signin.language_group.accessibleName() == "Iaith"
    assert signin.area.focusPolicy() == Qt.FocusPolicy.NoFocus  # no Tab stop without a purpose
