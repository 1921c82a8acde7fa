"""Shared PC: after a quiet spell, a kind 60-second question; then progress is saved, the learner
is signed out and the screen wiped. Never while a video plays. (Short times stand in for the
configured minutes.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.core import vault
from kiosk.core.content import VideoStep
from kiosk.ui import steps
from kiosk.ui.idle import CountdownScreen, IdleWatcher
from kiosk.ui.services import Services
from kiosk.ui.take_a_break import BreakScreen
from tests.uihelpers import RecordingMediaView, all_widget_text, make_shell, register, settle, visible_text


@pytest.fixture
def shell(qtbot, store, accounts, programme):
    return make_shell(qtbot, Services(store, accounts, programme), idle_timeout_s=0.3, countdown_s=1)


def at_reflection(qtbot, shell, text: str) -> None:
    register(qtbot, shell)
    shell.open_module("module-1")
    shell.player.run.go_to(2)
    shell.player.next()
    editor = shell.player.view.editor
    qtbot.keyClicks(editor, text)


def test_the_countdown_is_kind_and_then_signs_out_saving_first_and_wiping(qtbot, shell, store):
    at_reflection(qtbot, shell, "Something private")  # typed, not yet saved (saving waits for a pause)
    key = shell.learning.learner.vault  # what they wrote is sealed under it (kiosk.core.vault)
    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)
    countdown = shell.stack.currentWidget()
    assert isinstance(countdown, CountdownScreen) and countdown.still_here_button.hasFocus()
    text = visible_text(countdown)
    assert "Are you still there?" in text and "Your progress is saved" in text and "Time left: 0:01" in text
    assert "Something private" not in text  # the learner's work is covered while the question shows
    qtbot.waitUntil(lambda: shell.stack.currentWidget() is shell.signin, timeout=4000)

    settle()
    assert shell.learning is None and shell.player is None and shell.countdown is None
    saved = store.progress.module_progress(1, "module-1")["reflect"].answer
    assert vault.open_answer(key, saved, vault.where("module-1", "reflect")) == {"text": "Something private"}
    leftovers = all_widget_text()
    assert "Something private" not in leftovers and "Amira" not in leftovers
    assert store.conn.execute("SELECT end_reason FROM sessions").fetchone()[0] == "idle"


def test_im_still_here_returns_to_exactly_the_same_place(qtbot, store, accounts, programme):
    shell = make_shell(qtbot, Services(store, accounts, programme), idle_timeout_s=0.3, countdown_s=30)
    at_reflection(qtbot, shell, "Half typed")
    editor = shell.player.view.editor
    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)
    qtbot.keyClick(shell.countdown.still_here_button, Qt.Key.Key_Return)
    assert shell.countdown is None and shell.stack.currentWidget() is shell.player
    assert shell.player.view.editor is editor and editor.toPlainText() == "Half typed" and editor.hasFocus()
    assert shell.learning is not None
    # The quiet time counts afresh: the question comes back only after another quiet spell.
    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)


def test_never_while_a_video_is_playing(qtbot, shell, monkeypatch):
    monkeypatch.setitem(steps.VIEWS, VideoStep, RecordingMediaView)
    register(qtbot, shell)
    shell.open_module("module-1")
    shell.player.run.go_to(4)
    shell.player.next()  # the video step
    video = shell.player.view
    video.play()
    looks = []
    shell.idle.busy = lambda: looks.append(1) or shell.media_playing()
    qtbot.waitUntil(lambda: len(looks) >= 4, timeout=5000)  # the quiet time has passed several times over
    assert shell.countdown is None and shell.learning is not None
    video.pause_media()  # the video ends or is paused: now the quiet time counts
    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)


def test_input_anywhere_postpones_the_question(qtbot):
    now = [100.0]
    watcher = IdleWatcher(0.2, clock=lambda: now[0])
    fired = []
    watcher.idle.connect(lambda: fired.append(now[0]))
    with qtbot.waitSignal(watcher._timer.timeout, timeout=2000):
        now[0] += 0.1
        QApplication.sendEvent(QApplication.instance(), QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                                                 Qt.KeyboardModifier.NoModifier))
        now[0] += 0.15  # only 0.15 s since that key press when the timer first fires
    assert fired == []
    now[0] += 0.2
    with qtbot.waitSignal(watcher.idle, timeout=2000):
        pass
    assert fired == [now[0]]
    watcher.uninstall()


def test_idle_on_the_sign_in_screen_wipes_a_half_typed_code_without_any_countdown(qtbot, shell):
    qtbot.keyClicks(shell.signin.code, "7654321")
    qtbot.waitUntil(lambda: shell.signin.code.text() == "", timeout=3000)
    assert shell.countdown is None
    shell.signin.code.undo()
    assert shell.signin.code.text() == ""


def test_a_learner_who_walks_away_during_a_break_is_signed_out_too(qtbot, shell):
    register(qtbot, shell)
    shell.take_a_break()
    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)
    assert isinstance(shell.countdown, CountdownScreen)
    qtbot.waitUntil(lambda: shell.stack.currentWidget() is shell.signin, timeout=4000)
    settle()
    assert not any(isinstance(w, BreakScreen) for w in QApplication.allWidgets())


def test_taking_a_break_during_the_countdown_means_the_learner_is_here(qtbot, store, accounts, programme):
    shell = make_shell(qtbot, Services(store, accounts, programme), idle_timeout_s=0.3, countdown_s=30)
    register(qtbot, shell)
    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)
    qtbot.keyClick(shell, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert shell.countdown is None and isinstance(shell.stack.currentWidget(), BreakScreen)
    shell.stack.currentWidget().back_button.click()
    assert shell.stack.currentWidget() is shell.home
