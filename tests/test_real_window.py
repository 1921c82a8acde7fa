"""A real window on a real (virtual) X screen: the kiosk paints its sign-in screen and the
keyboard focus lands in the learner code field."""

import pytest
from PySide6.QtGui import QGuiApplication

from kiosk.ui.app import make_application
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell

pytestmark = pytest.mark.xvfb


def test_sign_in_screen_paints_on_a_real_screen(qtbot, store, accounts, programme, tmp_path):
    make_application()
    window = Shell(Services(store, accounts, programme))
    qtbot.addWidget(window)
    window.setGeometry(0, 0, 1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.signin.code.hasFocus())
    qtbot.wait(100)
    image = QGuiApplication.primaryScreen().grabWindow(0).toImage()
    image.save(str(tmp_path / "sign-in.png"))
    card = window.signin.code.mapTo(window, window.signin.code.rect().center())
    colours = {image.pixel(x, card.y()) for x in range(0, 1280, 8)}
    assert len(colours) >= 3, "the window should show more than a blank background"
