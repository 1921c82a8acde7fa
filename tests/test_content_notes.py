"""A step an author marks with a content note shows the note first, with a free choice: continue,
skip for now (never counted against anyone), or go to support and come back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.core.content import load_programme
from kiosk.ui.services import Services
from kiosk.ui.support import SupportScreen
from tests.uihelpers import add_support_contacts, make_shell, register, visible_text


@pytest.fixture
def shell(qtbot, store, accounts, content_dir):
    programme = load_programme(add_support_contacts(content_dir))
    window = make_shell(qtbot, Services(store, accounts, programme))
    register(qtbot, window)
    window.open_module("module-1")
    window.player.run.go_to(3)
    window.player.next()  # into the step with a content note
    return window


def test_the_note_comes_first_with_three_choices_and_continue_focused(qtbot, shell):
    player = shell.player
    assert player.view is None and player.run.step.id == "hard-page"
    text = visible_text(player)
    assert "Content note: This page mentions violence." in text and "never counts against you" in text
    go, skip, support = player.note_buttons
    assert [b.text() for b in player.note_buttons] == ["&Continue to this step", "&Skip for now", "Go to su&pport"]
    assert go.hasFocus()
    qtbot.keyClick(go, Qt.Key.Key_Return)
    assert player.view is not None and player.run.step.id == "hard-page"
    assert "Some people have lived through violence." in player.view.browser.toPlainText()


def test_skipping_moves_on_and_counts_nothing(qtbot, shell):
    player = shell.player
    qtbot.keyClick(player.note_buttons[1], Qt.Key.Key_Space)
    assert player.run.step.id == "clip"
    assert not player.run.is_done(player.run.module.steps[4])
    player.back()  # coming back to it later shows the note again, still a free choice
    assert player.view is None and player.note_buttons is not None


def test_go_to_support_shows_the_contacts_and_returns_to_the_note(qtbot, shell):
    player = shell.player
    support_button = player.note_buttons[2]
    support_button.setFocus()
    qtbot.keyClick(support_button, Qt.Key.Key_Space)
    screen = shell.stack.currentWidget()
    assert isinstance(screen, SupportScreen)
    text = visible_text(screen)
    assert "Employee Assistance Programme" in text and "Call 0800 000 0000" in text and "Sam Jones" in text
    assert screen.back_button.hasFocus()
    qtbot.keyClick(screen.back_button, Qt.Key.Key_Return)
    assert shell.stack.currentWidget() is player
    assert player.run.step.id == "hard-page" and player.view is None  # the note is still there to choose
    assert player.note_buttons[2].hasFocus()
    assert not player.run.is_done(player.run.module.steps[4])


def test_support_can_be_left_with_escape(qtbot, shell):
    shell.player.note_buttons[2].click()
    qtbot.keyClick(shell.stack.currentWidget(), Qt.Key.Key_Escape)
    assert shell.stack.currentWidget() is shell.player


def test_next_past_a_content_note_is_skip_for_now_not_a_finished_step(qtbot, shell):
    player = shell.player
    qtbot.keyClick(player.next_button, Qt.Key.Key_Space)
    assert player.run.step.id == "clip"
    assert not player.run.is_done(player.run.module.steps[4])


def test_the_note_says_honestly_whether_the_step_is_needed_to_complete(qtbot, store, accounts, content_dir):
    """A note never makes a step optional: a required noted step says it stays open; a step the
    author marked ``optional: true`` says it is not needed. Either way skipping is free."""
    text = visible_text(make_noted_shell(qtbot, store, accounts, content_dir, optional=False).player)
    assert "It stays open, and it is needed to complete the module" in text
    assert "not needed to complete" not in text


def test_an_optional_noted_step_can_be_skipped_and_the_module_still_completes(qtbot, store, accounts, content_dir):
    shell = make_noted_shell(qtbot, store, accounts, content_dir, optional=True)
    player = shell.player
    assert "it is not needed to complete the module" in visible_text(player)
    qtbot.keyClick(player.note_buttons[1], Qt.Key.Key_Space)  # skip
    assert "hard-page" not in player.run.completion.required
    assert "hard-page" not in player.run.completion.missing


def make_noted_shell(qtbot, store, accounts, content_dir, optional: bool):
    module = content_dir / "01-module" / "module.yaml"
    if optional:
        text = module.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 4").replace(
            "    content_note: This page mentions violence.\n",
            "    content_note: This page mentions violence.\n    optional: true\n")
        module.write_text(text, encoding="utf-8")
    window = make_shell(qtbot, Services(store, accounts, load_programme(add_support_contacts(content_dir))))
    register(qtbot, window)
    window.open_module("module-1")
    window.player.run.go_to(3)
    window.player.next()
    assert window.player.run.step.id == "hard-page" and window.player.view is None
    return window
