"""Sign-in against guessing, on the real screens: every failure reads the same and is heard on the
fields, easy PINs are refused in plain words, and an account a trainer made without a PIN is
claimed with the one-time code shown on the trainer's attendance screen, then a PIN is chosen."""

import pytest
from PySide6.QtCore import Qt

from kiosk.core.groups import GroupSession
from kiosk.ui.app import make_application
from kiosk.ui.group.attendance import AttendanceView
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from tests.trainer_helpers import sign_in, type_into, unnamed_controls


@pytest.fixture
def shell(qtbot, store, accounts, programme):
    make_application()
    window = Shell(Services(store, accounts, programme))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def test_unknown_code_wrong_pin_and_an_account_without_pin_read_the_same(qtbot, shell, accounts):
    accounts.register("1234567", "629174")
    accounts.identify_attendee("NEW-001", vouched=True)
    seen = set()
    for code, pin in (("7777777", "629174"), ("1234567", "735061"), ("NEW-001", "735061")):
        sign_in(qtbot, shell, code, pin)
        assert shell.stack.currentWidget() is shell.signin
        seen.add(shell.signin.message.text())
        assert shell.signin.code.accessibleDescription() == shell.signin.message.text()
        shell.signin.code.setText("")
    assert len(seen) == 1 and "code and PIN don't match" in seen.pop()


def test_an_easy_pin_is_refused_at_registration_in_plain_words(qtbot, shell):
    signin = shell.signin
    qtbot.keyClick(signin.register_link, Qt.Key.Key_Space)
    type_into(qtbot, signin.new_code, "1234567")
    for field in (signin.new_pin, signin.new_pin_again):
        type_into(qtbot, field, "123456")
    qtbot.keyClick(signin.register_button, Qt.Key.Key_Space)
    assert "easy for someone else to guess" in signin.register_message.text()
    assert signin.new_pin.accessibleDescription() == signin.register_message.text()
    assert shell.stack.currentWidget() is signin


def test_the_pin_label_says_how_many_digits_the_setting_allows(qtbot, shell):
    qtbot.keyClick(shell.signin.register_link, Qt.Key.Key_Space)  # the page is built when first shown
    labels = [label.text() for label, _ in shell.signin._form_labels]
    assert "Choose a &PIN (6 to 8 digits)" in labels


def test_a_pinless_account_is_claimed_with_the_code_from_the_attendance_screen(qtbot, shell, store, accounts,
                                                                               programme):
    trainer = accounts.create_trainer("TRAINER1", "calm river 42", "Sam")
    session = GroupSession.start(store, accounts, programme, trainer, "module-1")
    attendance = AttendanceView(session, "start", show_names=False)
    qtbot.addWidget(attendance)
    type_into(qtbot, attendance.trainer_code, "NEW-001")
    qtbot.keyClick(attendance.trainer_code, Qt.Key.Key_Return)
    newcomer = session.attendees()[0].learner_id
    button = attendance.rows[newcomer]["claim"]
    assert button.accessibleName() == "One-time code for Attendee 1"
    qtbot.keyClick(button, Qt.Key.Key_Space)
    code = attendance.rows[newcomer]["claim"].text()  # shown on that attendee's row, and in the message
    assert len(code.replace(" ", "")) == 8 and code in attendance.message.text()
    assert unnamed_controls(attendance) == []

    sign_in(qtbot, shell, "new-001", "")  # knowing the code alone is not enough
    assert shell.stack.currentWidget() is shell.signin
    shell.signin.code.setText("")
    sign_in(qtbot, shell, "NEW-001", "482915")
    assert "code and PIN don't match" in shell.signin.message.text()
    shell.signin.code.setText("")
    sign_in(qtbot, shell, "NEW-001", code)
    signin = shell.signin
    assert signin._pages.currentIndex() == 2 and signin.claim_pin.hasFocus()
    assert signin.code.text() == "" and signin.has_typed_text()
    type_into(qtbot, signin.claim_pin, "111111")
    type_into(qtbot, signin.claim_pin_again, "111111")
    qtbot.keyClick(signin.claim_pin_again, Qt.Key.Key_Return)
    assert "easy for someone else to guess" in signin.claim_message.text()
    type_into(qtbot, signin.claim_pin, "904716")
    type_into(qtbot, signin.claim_pin_again, "904716")
    with qtbot.waitSignal(signin.signed_in) as signed:
        qtbot.keyClick(signin.claim_pin_again, Qt.Key.Key_Return)
    assert signed.args[0].id == newcomer
    assert accounts.sign_in("NEW-001", "904716").id == newcomer
    assert not session.needs_claim(newcomer)


def test_cancelling_the_pin_choice_forgets_the_proved_code(qtbot, shell, accounts):
    made, _ = accounts.identify_attendee("NEW-002", vouched=True)
    code = accounts.issue_claim_code(made.id)
    sign_in(qtbot, shell, "NEW-002", code)
    signin = shell.signin
    assert signin._pages.currentIndex() == 2
    qtbot.keyClick(signin.claim_back, Qt.Key.Key_Space)
    assert signin._pages.currentIndex() == 0 and signin._claim is None and not signin.has_typed_text()
