"""The new step types, the end of a module and My progress, through the real screens: by keyboard
the way a learner would, and by mouse."""

import shutil
import subprocess

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton, QWidget

from kiosk.core.content import load_programme
from kiosk.ui.app import make_application
from kiosk.ui.progress import ProgressScreen
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from kiosk.ui.steps.check import CheckView
from kiosk.ui.steps.scenario import ScenarioView
from kiosk.ui.steps.self_assessment import SelfAssessmentView
from tests.helpers import write_rich_programme
from tests.test_ui_flow import register, sign_in, visible_text


@pytest.fixture
def rich(tmp_path):
    return load_programme(write_rich_programme(tmp_path / "content"))


@pytest.fixture
def shell(qtbot, store, accounts, rich):
    make_application()
    window = Shell(Services(store, accounts, rich))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def open_at(shell, step_id: str):
    shell.open_module("rich-module")
    player = shell.player
    player.go_to(player.run.module.step_index(step_id))
    return player


def test_a_scenario_by_keyboard_is_saved_at_each_choice_and_resumes_after_sign_out(qtbot, shell):
    register(qtbot, shell)
    player = open_at(shell, "interview")
    view = player.view
    assert isinstance(view, ScenarioView) and view.shown[0].hasFocus()  # the first on screen
    assert view.situation.text().startswith("Mr A goes quiet")
    picture = next(w for w in view.findChildren(QLabel) if w.pixmap() is not None and not w.pixmap().isNull())
    assert picture.accessibleName().startswith("A small interview room")
    qtbot.keyClick(view.shown[0], Qt.Key.Key_Tab)  # Tab follows the order on screen
    assert view.shown[1].hasFocus()
    firmly = view.choices[1]  # "Repeat the question more firmly", wherever it is shown
    assert firmly.text() == "Repeat the question more firmly"
    firmly.setFocus()
    qtbot.keyClick(firmly, Qt.Key.Key_Space)
    assert "Pressure narrows the window of tolerance" in visible_text(view)
    assert view.continue_button.hasFocus() and player.status.text() == "Saved"
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)

    sign_in(qtbot, shell)
    qtbot.keyClick(shell.home.continue_button, Qt.Key.Key_Return)
    view = shell.player.view
    assert isinstance(view, ScenarioView)
    assert "Pressure narrows the window of tolerance" in visible_text(view)  # the same consequence
    qtbot.keyClick(view.continue_button, Qt.Key.Key_Return)
    assert view.situation.text() == "He answers in single words."
    assert "What now?" in visible_text(view)
    qtbot.keyClick(view.choices[0], Qt.Key.Key_Return)
    qtbot.keyClick(view.continue_button, Qt.Key.Key_Return)
    text = visible_text(view)
    assert "How it turned out" in text and "The path you took" in text
    assert "1. You chose: Repeat the question more firmly" in text and "2. You chose: Offer a break" in text
    assert shell.player.run.is_done()
    qtbot.keyClick(view.restart_button, Qt.Key.Key_Space)
    assert view.choices and view.shown[0].hasFocus() and shell.player.run.is_done()


def test_a_scenario_by_mouse(qtbot, shell):
    register(qtbot, shell)
    view = open_at(shell, "interview").view
    qtbot.mouseClick(view.choices[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.continue_button, Qt.MouseButton.LeftButton)
    assert "He asks how long the interview will take." in visible_text(view)
    qtbot.mouseClick(view.choices[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.continue_button, Qt.MouseButton.LeftButton)
    assert view.restart_button is not None and shell.player.run.is_done()


def test_self_assessment_before_and_after_by_keyboard_and_mouse(qtbot, shell):
    register(qtbot, shell)
    player = open_at(shell, "confidence-before")
    view = player.view
    assert isinstance(view, SelfAssessmentView)
    first = view.first_focus()
    assert first.hasFocus() and first.accessibleName() == "Not at all confident (1 of 5)"
    qtbot.keyClick(first, Qt.Key.Key_Space)
    qtbot.keyClick(first, Qt.Key.Key_Down)  # arrows move through the scale
    assert view.groups["spot-threat"].checkedId() == 2
    qtbot.mouseClick(view.groups["offer-choice"].button(3), Qt.MouseButton.LeftButton)
    assert player.run.answer() == {"ratings": {"spot-threat": 2, "offer-choice": 3}}

    player.go_to(player.run.module.step_index("confidence-after"))
    after = player.view
    # The end never shows the start's answers (nor a running comparison that would reveal them).
    shown = visible_text(after)
    assert "At the start you said" not in shown and "Compared with the start" not in shown
    assert all(b.isChecked() is False for g in after.groups.values() for b in g.buttons())
    qtbot.mouseClick(after.groups["spot-threat"].button(4), Qt.MouseButton.LeftButton)
    after.groups["offer-choice"].button(3).setFocus()
    qtbot.keyClick(after.groups["offer-choice"].button(3), Qt.Key.Key_Space)
    assert "Compared with the start" not in visible_text(after)
    assert player.run.confidence_change() == [
        ("Noticing when someone is in a threat response", 2, 4), ("Offering real choices in an interview", 3, 3)]


def test_after_the_tries_allowed_the_answer_is_shown_and_the_question_can_start_afresh(qtbot, shell):
    register(qtbot, shell)
    view = open_at(shell, "check-one").view
    assert isinstance(view, CheckView)
    assert "Your first 2 tries count towards completing this module." in visible_text(view)
    for _ in range(2):
        qtbot.keyClick(view.options[1], Qt.Key.Key_Space)
        qtbot.keyClick(view.check_button, Qt.Key.Key_Space)
        if view.verdict.text().startswith("Not quite. Here's why"):
            qtbot.keyClick(view.retry_button, Qt.Key.Key_Space)
    assert view.verdict.text() == "Not quite. Here is what fits best, and why."
    assert "The answers that fit best: Explain what will happen next" in view.feedback.text()
    assert view.retry_button.text() == "&Try this question again"
    qtbot.mouseClick(view.retry_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.options[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    assert view.verdict.text() == "That's right."


def test_finish_says_what_is_still_open_and_goes_straight_there(qtbot, shell):
    register(qtbot, shell)
    player = open_at(shell, "feedback")
    qtbot.keyClick(player.next_button, Qt.Key.Key_Space)  # Finish
    panel = player.finish_panel
    assert panel is not None and not player.next_button.isVisible()
    text = visible_text(panel)
    assert "Your progress is saved" in text and "Step 1: Before you start" in text
    assert "asks for 1 of its 2 questions to be answered correctly, and so far 0 are" in text
    assert panel.step_buttons[0].hasFocus()
    qtbot.keyClick(panel.step_buttons[0], Qt.Key.Key_Space)  # go to the first open step
    assert player.finish_panel is None and player.run.step.id == "confidence-before"


def complete_rich_module(run) -> None:
    from kiosk.core import scenario

    while True:
        step = run.step
        if step.type == "knowledge_check":
            run.submit_check(set(step.correct))
        elif step.type == "scenario":
            while not scenario.finished(step, run.scenario_state):
                run.choose(0)
                run.carry_on()
        if run.is_last:
            assert run.finish()
            return
        run.next()


def test_finishing_a_completed_module_says_so_and_home_shows_it(qtbot, shell):
    register(qtbot, shell)
    shell.open_module("rich-module")
    run = shell.player.run
    complete_rich_module(run)
    shell.player.go_to(len(run.module.steps) - 1)
    qtbot.keyClick(shell.player.next_button, Qt.Key.Key_Space)
    panel = shell.player.finish_panel
    assert "You've completed this module" in visible_text(panel) and panel.close_button.hasFocus()
    qtbot.keyClick(panel.close_button, Qt.Key.Key_Space)
    assert shell.stack.currentWidget() is shell.home
    assert "Completed on" in visible_text(shell.home) and "Review: Rich module" in visible_text(shell.home)


def test_my_progress_from_home_by_keyboard_and_a_certificate_pdf(qtbot, shell, store, tmp_path):
    learner = register(qtbot, shell) or shell.learning.learner
    complete_rich_module(shell.learning.open("rich-module"))
    shell.show_home()
    qtbot.keyClick(shell.home.continue_button, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert shell.home.progress_button.hasFocus()
    qtbot.keyClick(shell.home.progress_button, Qt.Key.Key_Space)
    progress = shell.progress
    assert isinstance(progress, ProgressScreen) and shell.stack.currentWidget() is progress
    text = visible_text(progress)
    assert "You have completed 1 of 2 modules." in text and "Completed on" in text
    assert "Questions answered correctly: 2 of 2" in text
    save = progress.certificate_buttons["rich-module"]
    assert save.hasFocus() and save.accessibleName() == "Save certificate for Rich module as PDF"

    target = tmp_path / "out" / "certificate.pdf"
    target.parent.mkdir()
    progress.choose_path = (
        lambda parent, suggested: target if suggested.name.startswith("TIP certificate - Rich module") else None)
    qtbot.keyClicks(progress.name, "Amira Example")
    qtbot.keyClick(save, Qt.Key.Key_Space)
    assert target.stat().st_size > 1000 and "saved as" in progress.message.text()
    row = store.completion_records.of_learner(learner.id)["rich-module"]

    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "Rich module" in text and "Amira Example" in text and "Certificate of completion" in text
    from kiosk.core import certificates

    assert certificates.verification_code(shell.services.accounts.secret, row) in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", str(target), str(tmp_path / "page")], check=True)
    page = QImage(str(tmp_path / "page.png"))
    assert page.width() > page.height() > 100  # A4 landscape
    ink = sum(1 for x in range(0, page.width(), 4) for y in range(0, page.height(), 4)
              if page.pixelColor(x, y).lightness() < 200)
    assert ink > 50  # the page is drawn, not blank

    progress.name.clear()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.keyClick(progress.back_button, Qt.Key.Key_Escape)
    assert shell.stack.currentWidget() is shell.home and shell.progress is None


def test_my_progress_opens_a_module_and_leaves_no_trace_after_sign_out(qtbot, shell):
    register(qtbot, shell)
    shell.show_progress()
    qtbot.mouseClick(shell.progress.open_buttons["module-2"], Qt.MouseButton.LeftButton)
    assert shell.player is not None and shell.player.run.module.id == "module-2"
    shell.show_home()
    shell.show_progress()
    qtbot.keyClicks(shell.progress.name, "Amira Private-Surname")
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    assert shell.progress is None
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leftovers = "\n".join(visible_text(w) for w in QApplication.topLevelWidgets())
    assert "Private-Surname" not in leftovers


def test_a_certificate_that_cannot_be_written_gets_a_calm_message(qtbot, shell, tmp_path):
    register(qtbot, shell)
    complete_rich_module(shell.learning.open("rich-module"))
    shell.show_progress()
    progress = shell.progress
    progress.choose_path = lambda parent, suggested: tmp_path / "no-such-folder" / "c.pdf"
    assert progress.save_certificate("rich-module") is None
    assert progress.message.text().startswith("The certificate could not be saved")


def test_a_certificate_is_saved_when_a_module_before_it_could_not_be_loaded(qtbot, store, accounts, tmp_path):
    """The progress page finds the module by id past one that has none (found by mypy)."""
    content = write_rich_programme(tmp_path / "content")
    (content / "00-broken").mkdir()
    (content / "00-broken" / "module.yaml").write_text("schema_version: 4\nid: broken\n", encoding="utf-8")
    listing = (content / "programme.yaml").read_text(encoding="utf-8")
    (content / "programme.yaml").write_text(listing.replace("modules:\n", "modules:\n  - 00-broken\n"),
                                            encoding="utf-8")
    programme = load_programme(content)
    assert type(programme.modules[0]).__name__ == "UnavailableModule"
    make_application()
    window = Shell(Services(store, accounts, programme))
    qtbot.addWidget(window)
    register(qtbot, window)
    complete_rich_module(window.learning.open("rich-module"))
    window.show_progress()
    target = tmp_path / "certificate.pdf"
    window.progress.choose_path = lambda parent, suggested: target
    assert window.progress.save_certificate("rich-module") == target and target.exists()


def test_every_new_control_has_an_accessible_name(qtbot, shell):
    def check(root: QWidget) -> None:
        for widget in root.findChildren(QWidget):
            if (widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisibleTo(root)
                    and not isinstance(widget, QLabel)
                    and widget.metaObject().className() not in ("QScrollBar", "QWidget", "QFrame",
                                                                "QStackedWidget", "QScrollArea")):
                assert widget.accessibleName(), f"{widget.metaObject().className()} has no accessible name"

    register(qtbot, shell)
    check(shell.home)
    shell.show_progress()
    check(shell.progress)
    player = open_at(shell, "interview")
    check(player)
    player.view.choose(0)
    check(player)
    player.go_to(0)
    check(player)
    assert all(isinstance(b, QRadioButton) for b in player.view.groups["spot-threat"].buttons())


def test_poppler_is_there():
    """The certificate and report tests read PDFs back with poppler-utils (TEST_PACKAGES in the Makefile)."""
    missing = [tool for tool in ("pdftotext", "pdftoppm") if shutil.which(tool) is None]
    assert not missing, f"{' and '.join(missing)} not found: install poppler-utils (make test-packages does)"
