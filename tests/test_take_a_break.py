"""Take a break, from any screen: media pauses, a calm screen with a breathing guide and the site's
support contacts, and back to exactly where the learner was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.core.content import VideoStep, load_programme
from kiosk.ui import steps
from kiosk.ui.services import Services
from kiosk.ui.steps.reflection import ReflectionView
from kiosk.ui.take_a_break import BreakScreen
from tests.uihelpers import RecordingMediaView, add_support_contacts, make_shell, register, visible_text


@pytest.fixture
def shell(qtbot, store, accounts, programme):
    return make_shell(qtbot, Services(store, accounts, programme))


def go_to_step(shell, step_id: str) -> None:
    player = shell.player
    while player.run.step.id != step_id:
        if player.view is None:  # a content note on the way
            player.note_buttons[0].click()
        player.next()


def test_a_break_pauses_the_video_and_returns_to_the_same_step_and_position(qtbot, shell, monkeypatch):
    # The video player is another branch's; its StepView media hooks are what the shell uses,
    # so a recording stand-in proves the shell pauses through them and never rebuilds the step.
    monkeypatch.setitem(steps.VIEWS, VideoStep, RecordingMediaView)
    register(qtbot, shell)
    shell.open_module("module-1")
    go_to_step(shell, "clip")
    video = shell.player.view
    video.play()
    video.advance(12_345)
    assert shell.media_playing()

    qtbot.keyClick(shell, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert isinstance(shell.stack.currentWidget(), BreakScreen)
    assert video.pauses == 1 and not shell.media_playing()
    video.advance(5_000)  # time passes on the break; a paused video does not move
    qtbot.keyClick(shell.stack.currentWidget().back_button, Qt.Key.Key_Return)

    assert shell.stack.currentWidget() is shell.player
    assert shell.player.view is video and shell.player.run.step.id == "clip"
    assert video.position_ms == 12_345
    video.play()  # the learner presses play when they are ready: it goes on from the same place
    video.advance(1_000)
    assert video.position_ms == 13_345


def test_typed_text_and_focus_are_exactly_as_they_were_after_a_break(qtbot, shell):
    register(qtbot, shell)
    shell.open_module("module-1")
    go_to_step(shell, "reflect")
    editor = shell.player.view.editor
    assert isinstance(shell.player.view, ReflectionView) and editor.hasFocus()
    qtbot.keyClicks(editor, "Half a thought")
    qtbot.keyClick(editor, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    break_screen = shell.stack.currentWidget()
    assert isinstance(break_screen, BreakScreen) and break_screen.back_button.hasFocus()
    assert "Half a thought" not in visible_text(shell.stack.currentWidget())
    qtbot.keyClick(break_screen, Qt.Key.Key_Escape)
    assert shell.player.view.editor is editor and editor.toPlainText() == "Half a thought"
    assert editor.hasFocus()
    qtbot.keyClicks(editor, ", finished.")
    assert editor.toPlainText() == "Half a thought, finished."


def test_a_break_from_the_sign_in_screen_keeps_what_was_typed(qtbot, shell):
    qtbot.keyClicks(shell.signin.code, "12345")
    shell.banner.break_button.click()
    assert isinstance(shell.stack.currentWidget(), BreakScreen)
    shell.stack.currentWidget().back_button.click()
    assert shell.stack.currentWidget() is shell.signin
    assert shell.signin.code.text() == "12345" and shell.signin.code.hasFocus()


def test_the_break_screen_shows_the_sites_support_contacts(qtbot, store, accounts, content_dir):
    programme = load_programme(add_support_contacts(content_dir))
    shell = make_shell(qtbot, Services(store, accounts, programme))
    shell.take_a_break()
    text = visible_text(shell.stack.currentWidget())
    assert "Employee Assistance Programme" in text and "0800 000 0000" in text
    assert "Wellbeing lead" in text and "Sam Jones" in text
    assert "nothing is timed" in text


def test_without_configured_contacts_the_break_screen_still_says_where_to_turn(qtbot, shell):
    shell.take_a_break()
    assert "A trainer or your manager can tell you" in visible_text(shell.stack.currentWidget())


def test_the_breathing_guide_grows_and_shrinks_slowly(qtbot, shell):
    shell.take_a_break()
    screen = shell.stack.currentWidget()
    circle = screen.circle
    assert circle.running()
    first = circle.size_now
    qtbot.waitUntil(lambda: abs(circle.size_now - first) > 0.02, timeout=3000)
    assert screen.cue.text() == "Breathe in…"
    assert screen.cue.accessibleName() == "Breathing guide"  # a screen reader is not told every breath
    screen.hide()  # e.g. covered by another screen: no animation work while unseen
    assert not circle.running()


def test_under_reduced_motion_the_breathing_guide_stays_still(qtbot, shell):
    from kiosk.core.display import DisplaySettings

    register(qtbot, shell)
    shell.apply_display(DisplaySettings(reduced_motion=True))
    shell.take_a_break()
    screen = shell.stack.currentWidget()
    QApplication.processEvents()
    assert not screen.circle.running()
    assert screen.cue.text() == "Breathe in slowly… and breathe out slowly."


def test_taking_a_break_twice_does_not_stack_break_screens(qtbot, shell):
    shell.take_a_break()
    first = shell.stack.currentWidget()
    shell.take_a_break()
    assert shell.stack.currentWidget() is first
    first.back_button.click()
    assert shell.stack.currentWidget() is shell.signin
