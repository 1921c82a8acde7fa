"""Group sessions with a laptop and a projector: two QScreens from Qt's offscreen platform.

Not collected by the main run (the Qt platform is fixed per process): tests/test_two_screens.py
runs this file in its own pytest process with QT_QPA_PLATFORM=offscreen:configfile=screens.json.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk.core.content import load_programme
from kiosk.ui.app import make_application
from kiosk.ui.group.projector import choose_projector_screen
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from tests.trainer_helpers import sign_in, write_programme_with_notes


@pytest.fixture
def screens():
    make_application()
    found = {s.name(): s for s in QGuiApplication.screens()}
    assert set(found) == {"laptop", "projector"}, "run with the two-screen configuration"
    return found


@pytest.fixture
def shell(qtbot, screens, store, accounts, tmp_path):
    programme = load_programme(write_programme_with_notes(tmp_path / "content"))
    accounts.create_trainer("TRAINER1", "calm river 42", "Sam")
    accounts.register("1234567", "629174", "Amira")
    window = Shell(Services(store, accounts, programme))
    qtbot.addWidget(window)
    window.setGeometry(screens["laptop"].geometry().adjusted(0, 0, 0, -40))
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    sign_in(qtbot, shell=window, code="TRAINER1", pin="calm river 42")
    return window


def test_the_projector_shows_the_module_full_screen_while_the_trainer_keeps_the_controls(qtbot, shell, screens):
    shell.trainer.start_group("module-1")
    group = shell.trainer.group
    projector = group.projector_window
    assert projector is not None and projector.screen() is screens["projector"]
    qtbot.waitExposed(projector)
    assert projector.isFullScreen() and projector.geometry() == screens["projector"].geometry()
    assert shell.screen() is screens["laptop"]
    assert "Registered so far: 0" in projector.view.text()
    group.attendance.session.register("1234567", "629174")
    group.attendance.refresh()
    assert "Registered so far: 1" in projector.view.text()
    assert "Amira" in group.attendance.rows[group.attendance.session.attendees()[0].learner_id]["name"].text(), \
        "with a projector the trainer's own screen may list names"

    qtbot.keyClick(group.attendance.back_button, Qt.Key.Key_Space)
    presenter = group.presenter
    assert not presenter.single_display and presenter.info.isVisible() and presenter.side.isVisible()
    assert not presenter.hide_button.isVisible(), "with a projector nothing needs hiding"
    assert projector.view.title.text() == "Welcome" == presenter.embedded.title.text()
    assert "TRAINER-NOTE-WELCOME" in presenter.notes.toPlainText()
    assert presenter.coming.text() == "Next: Check your understanding"
    qtbot.keyClick(presenter, Qt.Key.Key_PageDown)
    assert "Which response helps someone feel safe?" in projector.view.text()
    assert projector.view.body_px >= 36, "large text on a 1080p projector: 30 lines fill the height"
    assert presenter.embedded.body_px < projector.view.body_px, "the trainer's preview is smaller"
    assert QApplication.focusWidget() is None or QApplication.focusWidget().window() is shell, \
        "the projector never takes the keyboard from the trainer"

    presenter.timer.start()
    qtbot.keyClick(presenter.reveal_button, Qt.Key.Key_Space)
    assert "✓ A. Explain what will happen next" in projector.view.text()
    qtbot.keyClick(presenter, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert projector.view.title.text() == "Time to talk"
    shown = projector.view.text()
    for private in ("TRAINER-NOTE", "Amira", "1234567", "Discussion timer", presenter.timer.display.text()):
        assert private not in shown

    qtbot.keyClick(presenter.end_button, Qt.Key.Key_Space)
    group.attendance.ask_to_finish()
    qtbot.keyClick(group.attendance.confirm_button, Qt.Key.Key_Space)
    assert projector.view.title.text() == "Thank you for taking part"
    assert not group.summary_slide.isVisible(), "the thanks are on the projector, not the trainer's screen"
    qtbot.keyClick(group.home_button, Qt.Key.Key_Space)
    assert shell.trainer.group is None and not projector.isVisible()


def test_unplugging_the_projector_brings_the_slide_into_the_trainers_window_and_back(qtbot, shell, screens,
                                                                                     monkeypatch):
    shell.trainer.start_group("module-1")
    group = shell.trainer.group
    group.show_presenter()
    group.presenter.next()
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [screens["laptop"]]))
    group.place_projector()  # what screenRemoved calls
    assert group.projector_window is None and group.presenter.single_display
    assert "Which response helps someone feel safe?" in group.presenter.embedded.text()
    monkeypatch.undo()
    group.place_projector()  # screenAdded
    assert group.projector_window is not None and group.projector_window.screen() is screens["projector"]
    assert "Which response helps someone feel safe?" in group.projector_window.view.text()


def test_the_projector_display_can_be_named_in_the_settings(screens):
    laptop, projector = screens["laptop"], screens["projector"]
    both = [laptop, projector]
    assert choose_projector_screen(both, laptop) is projector
    assert choose_projector_screen(both, laptop, "projector") is projector
    assert choose_projector_screen(both, laptop, "no-such-display") is projector
    assert choose_projector_screen(both, projector, "") is laptop  # the kiosk itself is on the other one
    assert choose_projector_screen([laptop], laptop) is None
