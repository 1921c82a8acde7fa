"""The learner's way through the real screens, driven by the keyboard the way a learner would."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from kiosk.ui.app import make_application
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from kiosk.ui.steps.check import CheckView
from kiosk.ui.steps.reflection import ReflectionView


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


def type_into(qtbot, widget: QLineEdit, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def register(qtbot, shell, code="1234567", pin="629174", name="Amira"):
    signin = shell.signin
    qtbot.keyClick(signin.register_link, Qt.Key.Key_Space)
    type_into(qtbot, signin.new_code, code)
    type_into(qtbot, signin.new_pin, pin)
    type_into(qtbot, signin.new_pin_again, pin)
    type_into(qtbot, signin.first_name, name)
    with qtbot.waitSignal(signin.signed_in):
        qtbot.keyClick(signin.first_name, Qt.Key.Key_Return)


def sign_in(qtbot, shell, code="1234567", pin="629174"):
    type_into(qtbot, shell.signin.code, code)
    qtbot.keyClick(shell.signin.code, Qt.Key.Key_Return)  # moves to the PIN field
    assert shell.signin.pin.hasFocus()
    qtbot.keyClicks(shell.signin.pin, pin)
    qtbot.keyClick(shell.signin.pin, Qt.Key.Key_Return)


def button(root: QWidget, text: str) -> QAbstractButton:
    return next(b for b in root.findChildren(QAbstractButton) if b.text() == text and b.isVisibleTo(root))


def visible_text(root: QWidget) -> str:
    parts = []
    for widget in root.findChildren(QWidget):
        for attr in ("text", "toPlainText"):
            if hasattr(widget, attr):
                parts.append(str(getattr(widget, attr)()))
        parts.append(widget.accessibleName())
    return "\n".join(parts)


def test_register_work_sign_out_and_resume_by_keyboard(qtbot, shell, store):
    register(qtbot, shell)
    assert shell.stack.currentWidget() is shell.home
    assert "Hello, Amira." in visible_text(shell.home)
    assert shell.home.continue_button.hasFocus()
    qtbot.keyClick(shell.home.continue_button, Qt.Key.Key_Return)
    player = shell.player
    assert player.run.step.id == "welcome"
    qtbot.keyClick(player.next_button, Qt.Key.Key_Space)

    check = player.view
    assert isinstance(check, CheckView)
    qtbot.keyClick(check.options[1], Qt.Key.Key_Space)  # a wrong answer first
    qtbot.keyClick(check.check_button, Qt.Key.Key_Space)
    assert "Not quite" in check.verdict.text() and "Time pressure" in check.feedback.text()
    assert player.status.text() == "Saved"
    qtbot.keyClick(check.retry_button, Qt.Key.Key_Space)
    qtbot.keyClick(check.options[0], Qt.Key.Key_Space)
    qtbot.keyClick(check.check_button, Qt.Key.Key_Space)
    assert check.verdict.text() == "That's right."

    player.next()  # the multiple-choice check
    qtbot.keyClick(player.next_button, Qt.Key.Key_Space)  # moving on without answering is allowed
    reflection = player.view
    assert isinstance(reflection, ReflectionView) and reflection.editor.hasFocus()
    qtbot.keyClicks(reflection.editor, "I notice I rush when busy")
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)  # saves what is typed

    assert shell.stack.currentWidget() is shell.signin
    assert shell.home is None and shell.player is None
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leftovers = "\n".join(visible_text(w) for w in QApplication.topLevelWidgets())
    assert "Amira" not in leftovers and "rush when busy" not in leftovers and "1234567" not in leftovers

    sign_in(qtbot, shell)
    assert shell.stack.currentWidget() is shell.home
    assert shell.home.continue_button.text() == "Continue: Module 1"
    qtbot.keyClick(shell.home.continue_button, Qt.Key.Key_Return)
    assert shell.player.run.step.id == "reflect"
    assert shell.player.view.editor.toPlainText() == "I notice I rush when busy"
    shell.player.back()
    shell.player.back()
    restored = shell.player.view
    assert restored.options[0].isChecked() and restored.verdict.text() == "That's right."


def test_wrong_pin_keeps_the_learner_on_sign_in_with_a_clear_message(qtbot, shell):
    register(qtbot, shell)
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    sign_in(qtbot, shell, pin="9999")
    assert shell.stack.currentWidget() is shell.signin
    assert "code and PIN don't match" in shell.signin.message.text()
    assert shell.signin.pin.text() == "" and shell.signin.pin.hasFocus()
    assert shell.signin.pin.accessibleDescription() == shell.signin.message.text()  # heard on the field


def test_mismatched_pins_at_registration(qtbot, shell):
    signin = shell.signin
    qtbot.keyClick(signin.register_link, Qt.Key.Key_Space)
    type_into(qtbot, signin.new_code, "1234567")
    type_into(qtbot, signin.new_pin, "482915")
    type_into(qtbot, signin.new_pin_again, "735061")
    qtbot.keyClick(signin.register_button, Qt.Key.Key_Space)
    assert "two PINs are different" in signin.register_message.text()
    assert shell.stack.currentWidget() is signin


def test_content_note_offers_a_choice_and_skipping_counts_nothing(qtbot, shell, store):
    register(qtbot, shell)
    shell.open_module("module-1")
    shell.player.run.go_to(3)
    shell.player.next()  # into the step with a content note
    assert shell.player.view is None
    assert "Content note: This page mentions violence." in visible_text(shell.player)
    qtbot.keyClick(button(shell.player, "&Skip for now"), Qt.Key.Key_Space)
    assert shell.player.run.step.id == "clip"
    assert not shell.player.run.is_done(shell.player.run.module.steps[4])


def test_every_control_on_every_screen_has_an_accessible_name(qtbot, shell):
    def check(root):
        for widget in root.findChildren(QWidget):
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(root) and not \
                    isinstance(widget, QLabel):
                if widget.metaObject().className() in ("QScrollBar", "QWidget", "QFrame", "QStackedWidget"):
                    continue
                if widget.parent() and widget.parent().metaObject().className() == "QScrollArea":
                    continue
                assert widget.accessibleName(), f"{widget.metaObject().className()} {widget!r} has no name"

    check(shell)
    register(qtbot, shell)
    check(shell.home)
    shell.open_module("module-1")
    for _ in range(len(shell.player.run.module.steps)):
        check(shell.player)
        if shell.player.view is None:  # a content note: continue to the step itself
            button(shell.player, "&Continue to this step").click()
            check(shell.player)
        shell.player.next()


def test_unexpected_error_shows_the_calm_screen_and_logs(qtbot, shell, caplog):
    import sys

    from kiosk.ui.error_screen import install_excepthook

    previous = sys.excepthook
    install_excepthook(shell.show_error)
    try:
        register(qtbot, shell)
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert shell.stack.currentWidget() is shell.error_screen
    assert "your progress up to your last step is saved" in visible_text(shell.error_screen).lower()
    assert "boom" in caplog.text
    qtbot.keyClick(shell.error_screen.back, Qt.Key.Key_Space)
    assert shell.stack.currentWidget() is shell.signin and shell.home is None
