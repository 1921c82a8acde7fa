"""After a learner signs out (or is signed out for being away), nothing of them is left: not on
screen, not in any widget, not in the UI's objects in memory, not in undo history or the
clipboard."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from kiosk.core import vault
from kiosk.core.accounts import Learner
from kiosk.core.learning import Learning, ModuleRun
from kiosk.ui.home import HomeScreen
from kiosk.ui.module_screen import PlayerScreen
from kiosk.ui.services import Services
from kiosk.ui.steps.base import StepView
from tests.uihelpers import all_widget_text, make_shell, register, settle

NAME, CODE, REFLECTION, COMMENT = "Zainab", "7788123", "My brother's case still keeps me awake", "Too fast for me"


def work_through_a_module(qtbot, shell) -> None:
    register(qtbot, shell, code=CODE, name=NAME)
    shell.open_module("module-1")
    player = shell.player
    player.next()
    player.view.options[1].click()
    player.view.check_button.click()  # an answer, with its feedback on screen
    player.next()
    player.next()
    qtbot.keyClicks(player.view.editor, REFLECTION)
    player.view.editor.selectAll()
    player.view.editor.copy()  # the learner copied their own words
    while player.run.step.id != "feedback":
        if player.view is None:
            player.note_buttons[0].click()
        player.next()
    player.view.groups["engaging"].button(4).click()
    qtbot.keyClicks(player.view.comment, COMMENT)
    shell.take_a_break()  # a cover screen left open as they go


def assert_no_trace(shell) -> None:
    settle()
    gc.collect()
    text = all_widget_text()
    for secret in (NAME, CODE, REFLECTION, COMMENT):
        assert secret not in text
    live = [type(o).__name__ for o in gc.get_objects()
            if isinstance(o, (Learning, ModuleRun, Learner, HomeScreen, PlayerScreen, StepView))]
    assert live == []
    assert shell.learning is None and shell.home is None and shell.player is None and shell.covers.showing == []
    assert QGuiApplication.clipboard().text() == ""
    for field in (shell.signin.code, shell.signin.new_code, shell.signin.first_name):
        field.undo()  # Ctrl+Z must not bring the last learner's code or name back
        assert field.text() == ""


def test_signing_out_leaves_nothing_of_the_learner(qtbot, store, accounts, programme):
    shell = make_shell(qtbot, Services(store, accounts, programme))
    work_through_a_module(qtbot, shell)
    assert REFLECTION in all_widget_text()  # (the scan does see it while they are signed in)
    key = shell.learning.learner.vault
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    assert_no_trace(shell)
    saved = store.progress.module_progress(1, "module-1")["feedback"].answer
    assert saved["comment"].startswith(vault.SEALED)  # kept, sealed under the learner's key
    assert vault.open_answer(key, saved, vault.where("module-1", "feedback")) == {
        "ratings": {"engaging": 4}, "comment": COMMENT}


def test_being_signed_out_for_being_away_leaves_nothing_either(qtbot, store, accounts, programme):
    shell = make_shell(qtbot, Services(store, accounts, programme), idle_timeout_s=0.3, countdown_s=1)
    work_through_a_module(qtbot, shell)
    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)
    qtbot.waitUntil(lambda: shell.learning is None, timeout=4000)
    assert_no_trace(shell)


@pytest.mark.parametrize("route", ["sign-out", "error"])
def test_after_the_calm_error_screen_nothing_remains(qtbot, store, accounts, programme, route):
    shell = make_shell(qtbot, Services(store, accounts, programme))
    work_through_a_module(qtbot, shell)
    shell.show_error()
    if route == "error":
        shell.error_screen.back.click()
    else:
        shell.sign_out_button.click()
    assert_no_trace(shell)
