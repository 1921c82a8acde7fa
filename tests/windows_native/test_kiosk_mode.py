"""Kiosk mode with the Windows build of Qt: full screen without a frame, and none of the keys the
kiosk itself handles (Alt+F4, Ctrl+Q, Ctrl+W, F11, Esc) leaves or shrinks it; only the admin
passphrase does. Outside kiosk mode the same keys do close it, which shows these tests can fail.
What no application can block (Alt+Tab, Ctrl+Alt+Del, the Windows key) is Windows' own job:
docs/deployment.md, "Kiosk lockdown", Windows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import kiosk.core.admin
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.admin import AdminGate
from kiosk.core.content import load_programme
from kiosk.core.store import open_store
from kiosk.ui.admin_panel import AdminTools
from kiosk.ui.app import make_application
from kiosk.ui.lockdown import apply_window_mode
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from tests.helpers import write_programme

PASSPHRASE = "staff only passphrase"
NONE, CTRL, ALT = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
QUIT_KEYS = [(Qt.Key.Key_F4, ALT), (Qt.Key.Key_Q, CTRL), (Qt.Key.Key_W, CTRL)]


@pytest.fixture
def services(tmp_path, monkeypatch):
    monkeypatch.setattr(kiosk.core.admin, "_SCRYPT", {"n": 2**10, "r": 8, "p": 1})  # quick hashes
    store, _ = open_store(tmp_path / "Kiosk data")
    gate = AdminGate(store, lockout_after=3, lockout_seconds=60)
    gate.set_passphrase(PASSPHRASE)
    accounts = Accounts(store, installation_secret(tmp_path / "Kiosk data"))
    yield Services(store, accounts, load_programme(write_programme(tmp_path / "Course content")),
                   admin=AdminTools(gate, accounts))
    store.close()


def open_window(qtbot, services, kiosk_mode):
    make_application()
    window = Shell(services)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    lock = apply_window_mode(window, kiosk_mode)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # shortcuts need the active window
    return window, lock


@pytest.mark.parametrize("key, modifier", QUIT_KEYS)
def test_outside_kiosk_mode_the_quit_keys_close_the_window(qtbot, services, key, modifier):
    window, lock = open_window(qtbot, services, kiosk_mode=False)
    assert lock is None and not window.isFullScreen()
    qtbot.keyClick(window.signin.code, key, modifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_in_kiosk_mode_the_window_covers_the_screen_without_a_frame(qtbot, services):
    window, _ = open_window(qtbot, services, kiosk_mode=True)
    assert window.isFullScreen() and window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.geometry() == window.screen().geometry()


@pytest.mark.parametrize("key, modifier", QUIT_KEYS + [(Qt.Key.Key_F11, NONE), (Qt.Key.Key_Escape, NONE)])
def test_in_kiosk_mode_the_keys_the_kiosk_handles_neither_close_nor_shrink_it(qtbot, services, key, modifier):
    window, _ = open_window(qtbot, services, kiosk_mode=True)
    for target in (window.signin.code, window.signin.sign_in_button, window):
        qtbot.keyClick(target, key, modifier)
    QApplication.processEvents()
    assert window.isVisible() and window.isFullScreen()


def test_in_kiosk_mode_a_close_request_from_windows_is_ignored(qtbot, services):
    """Alt+F4 handled by Windows itself, or Close on the taskbar, arrive as a close request."""
    window, _ = open_window(qtbot, services, kiosk_mode=True)
    assert window.close() is False
    QApplication.processEvents()
    assert window.isVisible()


def test_in_kiosk_mode_leaving_full_screen_is_undone(qtbot, services):
    window, _ = open_window(qtbot, services, kiosk_mode=True)
    window.showNormal()
    qtbot.waitUntil(window.isFullScreen)


def test_only_the_admin_passphrase_lets_the_kiosk_close(qtbot, services):
    window, lock = open_window(qtbot, services, kiosk_mode=True)
    qtbot.keyClick(window.signin.code, Qt.Key.Key_A, CTRL | ALT)
    admin = window.admin
    qtbot.waitUntil(admin.passphrase.hasFocus)
    qtbot.keyClicks(admin.passphrase, PASSPHRASE)
    qtbot.keyClick(admin.passphrase, Qt.Key.Key_Return)
    assert admin.unlocked()
    qtbot.keyClick(admin.kiosk_tab.exit_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert lock.released
