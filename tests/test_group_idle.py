"""A group session's screen left alone: after its own (longer) quiet time it asks "Still
presenting?", then signs the trainer out and keeps the session for resuming. With one display the
room sees the question, so it shows nothing of the session; with two, the projector never shows it.
(Short times stand in for the configured minutes.)"""

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from kiosk.core.content import load_programme
from kiosk.ui.group.idle import GroupCountdownScreen
from kiosk.ui.idle import CountdownScreen
from kiosk.ui.services import Services
from tests.conftest import REPO
from tests.trainer_helpers import sign_in, unnamed_controls, write_programme_with_notes
from tests.uihelpers import make_shell, visible_text


@pytest.fixture
def programme(tmp_path):
    return load_programme(write_programme_with_notes(tmp_path / "notes-content"))


def _shell(qtbot, store, accounts, programme, **times):
    accounts.create_trainer("TRAINER1", "calm river 42", "Sam")
    accounts.register("1234567", "629174", "Amira")
    shell = make_shell(qtbot, Services(store, accounts, programme), **times)
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    return shell


def _presenting(shell, steps=2):
    shell.trainer.start_group("module-1")
    group = shell.trainer.group
    group.attendance.session.register("1234567", "629174")
    group.show_presenter()
    for _ in range(steps):
        group.presenter.next()
    return group


def test_a_group_screen_left_alone_warns_then_signs_out_and_keeps_the_session(qtbot, store, accounts, programme):
    """Issue 12: a group session screen left open never signed out, keeping trainer powers on screen."""
    shell = _shell(qtbot, store, accounts, programme, idle_timeout_s=600, group_idle_timeout_s=0.3, countdown_s=1)
    group = _presenting(shell)
    step = group.presenter.session.step.id
    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)
    warning = shell.stack.currentWidget()
    assert isinstance(warning, GroupCountdownScreen) and warning.still_here_button.hasFocus()
    text = visible_text(warning)
    assert "Still presenting?" in text and "The group session is kept" in text
    for private in ("Amira", "1234567", "Sam", "TRAINER1"):
        assert private not in text  # one display: the room reads this
    assert unnamed_controls(warning) == []

    qtbot.waitUntil(lambda: shell.stack.currentWidget() is shell.signin, timeout=4000)
    assert shell.learning is None and shell.trainer.group is None
    assert store.conn.execute("SELECT end_reason FROM sessions ORDER BY id DESC").fetchone()[0] == "idle"
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    [(_, resume)] = shell.trainer.home.resume_buttons.items()
    qtbot.keyClick(resume, Qt.Key.Key_Space)
    assert shell.trainer.group.presenter.session.step.id == step  # nothing of the session was lost


def test_the_trainer_continues_exactly_where_they_were(qtbot, store, accounts, programme):
    shell = _shell(qtbot, store, accounts, programme, idle_timeout_s=600, group_idle_timeout_s=0.3, countdown_s=30)
    group = _presenting(shell)
    step = group.presenter.session.step.id
    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)
    qtbot.keyClick(shell.countdown.still_here_button, Qt.Key.Key_Return)
    assert shell.countdown is None and shell.stack.currentWidget() is group
    assert shell.trainer.group is group and group.presenter.session.step.id == step


def test_a_group_screen_waits_its_own_longer_time_not_a_learners(qtbot, store, accounts, programme):
    shell = _shell(qtbot, store, accounts, programme, idle_timeout_s=0.2, group_idle_timeout_s=1800)
    assert shell.idle.current_timeout() == 0.2  # the trainer home: like any signed-in screen
    _presenting(shell)
    assert shell.idle.current_timeout() == 1800
    assert not shell.media_playing()  # a group session no longer switches the watcher off
    shell.trainer.show_home()
    assert shell.idle.current_timeout() == 0.2


def test_a_learner_still_gets_the_learners_question(qtbot, store, accounts, programme):
    shell = make_shell(qtbot, Services(store, accounts, programme), idle_timeout_s=0.3, countdown_s=30,
                       group_idle_timeout_s=1800)
    accounts.register("7654321", "629174", "Amira")
    sign_in(qtbot, shell, "7654321", "629174")
    qtbot.waitUntil(lambda: shell.countdown is not None, timeout=3000)
    assert type(shell.countdown) is CountdownScreen


def test_zero_turns_the_group_sign_out_off(qtbot, store, accounts, programme):
    shell = _shell(qtbot, store, accounts, programme, idle_timeout_s=0.2, group_idle_timeout_s=0)
    _presenting(shell)
    assert not shell.idle.enabled and not shell.idle._timer.isActive()


SCREENS = {"screens": [
    {"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96, "logicalBaseDpi": 96,
     "dpr": 1},
    {"name": "projector", "x": 1280, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1},
]}


def test_with_a_projector_the_room_never_sees_the_question(tmp_path):
    """Runs tests/cases_group_idle_two_screens.py with two QScreens (one Qt platform per process)."""
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/cases_group_idle_two_screens.py"], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout, result.stdout[-2000:]
