"""A group session left alone with a projector: the question is on the trainer's screen only.

Not collected by the main run: tests/test_group_idle.py runs it with two offscreen QScreens.
"""

from PySide6.QtGui import QGuiApplication
from shiboken6 import isValid

from kiosk.core.content import load_programme
from kiosk.ui.app import make_application
from kiosk.ui.group.idle import GroupCountdownScreen
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from tests.trainer_helpers import sign_in, write_programme_with_notes


def test_the_projector_keeps_its_slide_while_the_trainers_screen_asks(qtbot, store, accounts, tmp_path):
    make_application()
    screens = {s.name(): s for s in QGuiApplication.screens()}
    assert set(screens) == {"laptop", "projector"}, "run with the two-screen configuration"
    programme = load_programme(write_programme_with_notes(tmp_path / "content"))
    accounts.create_trainer("TRAINER1", "calm river 42", "Sam")
    shell = Shell(Services(store, accounts, programme), idle_timeout_s=600, group_idle_timeout_s=0.3,
                  countdown_s=1)
    qtbot.addWidget(shell)
    shell.setGeometry(screens["laptop"].geometry().adjusted(0, 0, 0, -40))
    shell.show()
    shell.activateWindow()
    qtbot.waitActive(shell)
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    shell.trainer.start_group("module-1")
    group = shell.trainer.group
    group.show_presenter()
    projector = group.projector_window
    assert projector is not None and projector.screen() is screens["projector"]
    qtbot.waitExposed(projector)
    slide = projector.view.text()

    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)
    assert isinstance(shell.stack.currentWidget(), GroupCountdownScreen)
    assert shell.countdown.window() is shell  # on the trainer's screen
    assert "Still presenting?" not in projector.view.text() and projector.view.text() == slide
    assert projector.isVisible()

    qtbot.waitUntil(lambda: shell.trainer.group is None, timeout=4000)
    # signed out: the projector window is closed with the session screen (and soon deleted)
    assert not isValid(projector) or not projector.isVisible()
