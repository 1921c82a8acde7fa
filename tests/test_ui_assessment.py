"""Assessment through the real screens: a shuffled check judged by what was chosen, not where it
sat; My progress explaining an unmet pass mark and offering the questions again; the knowledge
test handed in and locked."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.core.content import load_programme
from kiosk.ui.app import make_application
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from kiosk.ui.steps.check import CheckView
from kiosk.ui.steps.knowledge_test import KnowledgeTestView
from tests.helpers import write_rich_programme
from tests.test_assessment import write_tested
from tests.test_ui_flow import register, visible_text


@pytest.fixture
def content(tmp_path) -> Path:
    folder = write_rich_programme(tmp_path / "content")
    write_tested(folder / "09-tested")
    listing = (folder / "programme.yaml").read_text(encoding="utf-8")
    (folder / "programme.yaml").write_text(listing.rstrip("\n") + "\n  - 09-tested\n", encoding="utf-8")
    return folder


@pytest.fixture
def shell(qtbot, store, accounts, content):
    make_application()
    window = Shell(Services(store, accounts, load_programme(content)))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def test_a_shuffled_check_is_shown_in_the_learners_order_and_judged_by_the_option_chosen(qtbot, shell):
    register(qtbot, shell)
    shell.open_module("rich-module")
    player = shell.player
    player.go_to(player.run.module.step_index("check-one"))
    view = player.view
    assert isinstance(view, CheckView)
    order = player.run.shown_order(2, "check-one")
    assert view.shown == [view.options[i] for i in order] and view.first_focus() is view.shown[0]
    rows = [w.parentWidget() for w in view.shown]
    assert rows[0].y() < rows[1].y()  # on screen in that order
    view.options[0].setFocus()  # "Explain what will happen next", the right one, wherever it is
    qtbot.keyClick(view.options[0], Qt.Key.Key_Space)
    qtbot.keyClick(view.check_button, Qt.Key.Key_Space)
    assert view.verdict.text() == "That's right." and player.run.answer()["selected"] == [0]


def fail_both_checks(qtbot, shell) -> None:
    shell.open_module("rich-module")
    run = shell.player.run
    for step_id in ("check-one", "check-two"):
        run.go_to(run.module.step_index(step_id))
        run.submit_check({1})
        run.submit_check({1})  # out of tries: the answer is shown
        run.submit_check({0})  # right, but after seeing the answer: practice only
    shell.player.close_module()


def test_my_progress_explains_an_unmet_pass_mark_and_offers_the_questions_again(qtbot, shell):
    register(qtbot, shell)
    fail_both_checks(qtbot, shell)
    shell.show_progress()
    progress = shell.progress
    text = visible_text(progress)
    assert ("You answered 0 of 2 questions correctly; this module asks for 1. You can try the questions "
            "again") in text
    retry = progress.retry_buttons["rich-module"]
    assert retry.accessibleName() == "Try the questions again: Rich module"
    assert "tested" not in progress.retry_buttons  # no pass mark there: nothing to explain
    qtbot.keyClick(retry, Qt.Key.Key_Space)
    player = shell.player
    assert shell.stack.currentWidget() is player and player.run.step.id == "check-one"
    view = player.view
    assert isinstance(view, CheckView) and not view.feedback_card.isVisible()  # a fresh round
    view.options[0].setFocus()
    qtbot.keyClick(view.options[0], Qt.Key.Key_Space)
    qtbot.keyClick(view.check_button, Qt.Key.Key_Space)
    assert player.run.completion.checks_passed == 1


def test_the_knowledge_test_hands_in_locks_and_shows_scores_only_at_the_end(qtbot, shell):
    register(qtbot, shell)
    shell.open_module("tested")
    player = shell.player
    view = player.view
    assert isinstance(view, KnowledgeTestView)
    view.options["one"][1].setFocus()
    qtbot.keyClick(view.options["one"][1], Qt.Key.Key_Space)  # right
    assert player.run.answer()["selected"] == {"one": [1]}  # saved as chosen
    qtbot.keyClick(view.submit_button, Qt.Key.Key_Space)
    assert "You'll see how you did at the end" in visible_text(view)
    assert "Paperwork" not in visible_text(view)  # no feedback at the start
    assert not any(w.isEnabled() for w in view.shown)
    player.go_to(player.run.module.step_index("after"))
    after = player.view
    for item, choices in (("one", (1,)), ("two", (0, 2))):
        for index in choices:
            after.options[item][index].setChecked(True)
    qtbot.keyClick(after.submit_button, Qt.Key.Key_Space)
    text = visible_text(after)
    assert "You answered 2 of 2 questions correctly. At the start of the module: 1 of 2." in text
    assert "What fits best: Freeze" in text


def test_finish_offers_a_new_round_when_only_the_pass_mark_is_missing(qtbot, shell):
    from kiosk.core import scenario

    register(qtbot, shell)
    shell.open_module("rich-module")
    player = shell.player
    run = player.run
    while not run.is_last:
        step = run.step
        if step.type == "knowledge_check":
            wrong = next(i for i in range(len(step.options)) if i not in step.correct)
            run.submit_check({wrong})
            run.submit_check({wrong})  # the answer is shown
            run.submit_check(set(step.correct))  # practice
        elif step.type == "scenario":
            while not scenario.finished(step, run.scenario_state):
                run.choose(0)
                run.carry_on()
        run.next()
    player.go_to(run.index)  # show the last step as the learner would see it
    qtbot.keyClick(player.next_button, Qt.Key.Key_Space)  # Finish
    panel = player.finish_panel
    assert not run.completion.missing and not run.completion.passed
    text = visible_text(panel)
    assert "so far 0 are" in text and "Trying the questions again asks the ones not yet right afresh" in text
    retry = panel.step_buttons[0]
    assert retry.text() == "&Try the questions again" and retry.hasFocus()
    qtbot.keyClick(retry, Qt.Key.Key_Space)
    assert player.finish_panel is None and run.step.id == "check-one"
    assert isinstance(player.view, CheckView) and not player.view.feedback_card.isVisible()


def test_a_right_answer_after_the_answer_was_shown_says_it_is_practice(qtbot, shell):
    register(qtbot, shell)
    shell.open_module("rich-module")
    player = shell.player
    player.go_to(player.run.module.step_index("check-one"))
    view = player.view
    for _ in range(2):  # two wrong tries: the answer is shown
        view.options[1].click()
        qtbot.keyClick(view.check_button, Qt.Key.Key_Space)
        if view.retry_button.isVisible():
            qtbot.keyClick(view.retry_button, Qt.Key.Key_Space)
    view.options[0].click()
    qtbot.keyClick(view.check_button, Qt.Key.Key_Space)
    assert view.verdict.text() == "That's right."
    assert "This was practice after the answer had been shown" in view.feedback.text()
    assert player.run.completion.checks_passed == 0


def test_the_order_on_screen_is_the_same_after_signing_out_and_in(qtbot, shell):
    """Real SQLite under the shell: the same learner sees the same order after signing out and in;
    another learner (another account) may see another."""
    from tests.test_ui_flow import sign_in

    def shown_texts(module_id: str, step_id: str) -> list[str]:
        shell.open_module(module_id)
        player = shell.player
        player.go_to(player.run.module.step_index(step_id))
        if player.view is None:  # a content note first
            qtbot.keyClick(player.note_buttons[0], Qt.Key.Key_Space)
        return [w.accessibleName() for w in player.view.shown]

    register(qtbot, shell)
    first = shown_texts("tested", "before")
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    sign_in(qtbot, shell)
    assert shown_texts("tested", "before") == first
    orders = {tuple(first)}
    for n in range(2, 8):  # other learners: at least one sees a different order
        qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
        register(qtbot, shell, code=f"555000{n}")
        orders.add(tuple(shown_texts("tested", "before")))
    assert len(orders) > 1


def test_an_answer_saved_before_the_options_were_reordered_is_asked_afresh_and_keeps_its_pass(qtbot, shell, store):
    """Content update: option 0 was right in the old version, option 1 is the wrong one now at 0."""
    register(qtbot, shell)
    learner = shell.learning.learner
    store.progress.save_step(learner.id, "rich-module", "check-one", status="done",
                             answer={"selected": [1], "correct": True, "tries": 1, "passed": True})
    shell.open_module("rich-module")
    player = shell.player
    player.go_to(player.run.module.step_index("check-one"))
    view = player.view
    assert not view.feedback_card.isVisible() and not any(w.isChecked() for w in view.options)
    assert player.run.completion.checks_passed == 1  # what it earned stays earned


def test_a_module_that_opens_at_a_check_gives_focus_to_its_first_option(qtbot, shell):
    """The player builds the step while hidden; focus must still land on the first option shown."""
    from PySide6.QtWidgets import QApplication

    register(qtbot, shell)
    shell.open_module("rich-module")
    shell.player.go_to(shell.player.run.module.step_index("check-one"))
    shell.player.close_module()
    shell.open_module("rich-module")  # resumes at the check
    view = shell.player.view
    assert isinstance(view, CheckView)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.shown[0])
