"""Kiosk mode: the window stays full screen and open whatever keys learners press; only the admin
panel, behind the admin passphrase, can close it. Outside kiosk mode the same keys do close it
(which shows these tests can fail)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

import kiosk.core.admin
from kiosk.core.admin import AdminGate
from kiosk.ui.admin_panel import AdminTools
from kiosk.ui.app import make_application
from kiosk.ui.lockdown import apply_window_mode
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell

PASSPHRASE = "staff only passphrase"
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    monkeypatch.setattr(kiosk.core.admin, "_SCRYPT", {"n": 2**10, "r": 8, "p": 1})


@pytest.fixture
def gate(store):
    gate = AdminGate(store, lockout_after=3, lockout_seconds=60)
    gate.set_passphrase(PASSPHRASE)
    return gate


def open_window(qtbot, store, accounts, programme, gate, kiosk_mode):
    make_application()
    window = Shell(Services(store, accounts, programme, admin=AdminTools(gate, accounts)))
    qtbot.addWidget(window)
    window.resize(1024, 700)
    lock = apply_window_mode(window, kiosk_mode)
    qtbot.waitExposed(window)
    window.activateWindow()
    # The window's shortcuts work only in the active window.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window, lock


@pytest.mark.parametrize("key, modifier", [(Qt.Key.Key_Q, CTRL), (Qt.Key.Key_W, CTRL), (Qt.Key.Key_F4, ALT)])
def test_outside_kiosk_mode_the_quit_keys_close_the_window(qtbot, store, accounts, programme, gate,
                                                           key, modifier):
    window, lock = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=False)
    assert lock is None
    qtbot.keyClick(window.signin.code, key, modifier)
    qtbot.waitUntil(lambda: not window.isVisible())


@pytest.mark.parametrize("key, modifier", [(Qt.Key.Key_Q, CTRL), (Qt.Key.Key_W, CTRL), (Qt.Key.Key_F4, ALT),
                                           (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
                                           (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)])
def test_in_kiosk_mode_the_quit_keys_do_nothing(qtbot, store, accounts, programme, gate, key, modifier):
    window, lock = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=True)
    # Even if some screen binds the key to closing the window, kiosk mode swallows it first.
    QShortcut(QKeySequence(modifier.value | key.value), window, window.close)
    for target in (window.signin.code, window.signin.sign_in_button, window):
        qtbot.keyClick(target, key, modifier)
    QApplication.processEvents()
    assert window.isVisible() and window.isFullScreen()


def test_in_kiosk_mode_the_window_is_full_screen_without_a_frame(qtbot, store, accounts, programme, gate):
    window, _ = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=True)
    assert window.isFullScreen()
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_in_kiosk_mode_a_close_request_is_ignored(qtbot, store, accounts, programme, gate):
    """Alt+F4 from the window manager, or the close button, arrive as a close event."""
    window, _ = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=True)
    assert window.close() is False
    QApplication.processEvents()
    assert window.isVisible()


def test_in_kiosk_mode_leaving_full_screen_is_undone(qtbot, store, accounts, programme, gate):
    window, _ = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=True)
    window.showNormal()
    qtbot.waitUntil(window.isFullScreen)


def test_outside_kiosk_mode_escape_leaves_full_screen(qtbot, store, accounts, programme, gate):
    window, _ = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=False)
    qtbot.keyClick(window.signin.code, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def unlock(qtbot, window, passphrase):
    qtbot.keyClick(window.signin.code, Qt.Key.Key_A, CTRL | ALT)
    assert window.stack.currentWidget() is window.admin
    admin = window.admin
    qtbot.waitUntil(admin.passphrase.hasFocus)
    qtbot.keyClicks(admin.passphrase, passphrase)
    qtbot.keyClick(admin.passphrase, Qt.Key.Key_Return)
    return admin


def test_the_admin_can_exit_the_kiosk_only_with_the_passphrase(qtbot, store, accounts, programme, gate):
    window, lock = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=True)
    admin = unlock(qtbot, window, "a wrong passphrase")
    assert not admin.unlocked()
    assert "not right" in admin.gate_message.text()
    assert window.isVisible()

    qtbot.keyClicks(admin.passphrase, PASSPHRASE)
    qtbot.keyClick(admin.passphrase, Qt.Key.Key_Return)
    assert admin.unlocked()
    assert admin.kiosk_tab.exit_button.hasFocus()
    qtbot.keyClick(admin.kiosk_tab.exit_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert lock.released


def test_the_staff_button_opens_the_passphrase_page(qtbot, store, accounts, programme, gate):
    window, _ = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=True)
    assert window.staff_button.isVisible() and window.staff_button.accessibleName()
    qtbot.keyClick(window.staff_button, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.admin and not window.admin.unlocked()
    qtbot.keyClick(window.admin.back_button, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.signin and window.admin is None


def test_the_admin_panel_is_not_reachable_during_a_learners_session(qtbot, store, accounts, programme, gate):
    window, _ = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=True)
    learner = accounts.register("7654321", "571846")
    window.start_session(learner)
    assert not window.staff_button.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL | ALT)
    assert window.admin is None


def test_repeated_wrong_passphrases_lock_the_panel_out(qtbot, store, accounts, programme, gate):
    window, _ = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=True)
    admin = unlock(qtbot, window, "wrong one")
    for attempt in ("wrong two", "wrong three"):
        qtbot.keyClicks(admin.passphrase, attempt)
        qtbot.keyClick(admin.passphrase, Qt.Key.Key_Return)
    assert "Please wait 60 seconds" in admin.gate_message.text()
    qtbot.keyClicks(admin.passphrase, PASSPHRASE)
    qtbot.keyClick(admin.passphrase, Qt.Key.Key_Return)
    assert not admin.unlocked()


@pytest.mark.xvfb
def test_in_kiosk_mode_the_window_covers_the_whole_real_screen(qtbot, store, accounts, programme, gate):
    window, _ = open_window(qtbot, store, accounts, programme, gate, kiosk_mode=True)
    screen = window.screen().geometry()
    qtbot.waitUntil(lambda: window.frameGeometry() == screen)
    assert window.geometry() == screen  # no frame: the content area is the whole screen
