"""The pathway chooser at first sign-in, home and My progress following the route, the programme
certificate and the private programme rating, through the real screens."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt

from kiosk.core.content import load_programme
from kiosk.core.store.completion_records import CompletionRow
from kiosk.ui.pathway_chooser import PathwayChooser
from kiosk.ui.progress import ProgressScreen
from kiosk.ui.services import Services
from tests.pathway_helpers import write_pathway_programme
from tests.uihelpers import make_shell, register, settle, sign_in, visible_text


@pytest.fixture
def routed(tmp_path):
    programme = load_programme(write_pathway_programme(tmp_path / "content"))
    assert not programme.problems
    return programme


@pytest.fixture
def shell(qtbot, store, accounts, routed):
    return make_shell(qtbot, Services(store, accounts, routed))


def complete(store, learner_id: int, *module_ids: str) -> None:
    with store.transaction() as conn:
        for n, module_id in enumerate(module_ids):
            store.completion_records.record(CompletionRow(str(uuid.uuid4()), learner_id, module_id, "1.0",
                                                          f"2026-03-0{n + 1}T10:00:00.000+00:00", None), conn=conn)


def order_on_home(shell) -> list[str]:
    return list(shell.home.module_buttons)


def test_first_sign_in_asks_for_a_pathway_by_keyboard_then_home_follows_it(qtbot, shell, store):
    register(qtbot, shell)
    chooser = shell.stack.currentWidget()
    assert isinstance(chooser, PathwayChooser) and chooser.keep_button is None  # a first choice
    text = visible_text(chooser)
    for words in ("Choose your pathway", "Trauma Informed", "Trauma Skilled", "Enhanced", "For everyone",
                  "For: Team leaders, Managers", "change it later"):
        assert words in text
    leaders = chooser.choose_buttons["leaders"]
    assert leaders.accessibleName() == "Choose the pathway: Leading a trauma-informed team"
    chooser.focus_first()
    assert shell.focusWidget() is chooser.scroll_area  # read from the top; nothing chosen by a stray key
    while not leaders.hasFocus():
        qtbot.keyClick(shell.focusWidget(), Qt.Key.Key_Tab)
    assert not leaders.visibleRegion().isEmpty()  # Tab scrolled it into view
    qtbot.keyClick(leaders, Qt.Key.Key_Space)
    settle()
    assert shell.stack.currentWidget() is shell.home
    learner_id = shell.learning.learner.id
    assert store.pathways.learner_pathway(learner_id).pathway_id == "leaders"
    assert order_on_home(shell) == ["module-1", "module-2", "module-4", "module-3"]
    assert shell.home.continue_button.text() == "Start: Module 1"
    assert "Your pathway: Leading a trauma-informed team" in visible_text(shell.home)


def test_home_suggests_the_next_module_on_the_route_and_lists_the_rest_apart(qtbot, shell, store):
    register(qtbot, shell)
    shell.stack.currentWidget().choose_buttons["core"].click()
    settle()
    complete(store, shell.learning.learner.id, "module-1")
    shell.home.refresh()
    assert shell.home.continue_button.text() == "Start: Module 2"
    assert order_on_home(shell)[:2] == ["module-1", "module-2"]
    assert "Other modules (not part of your pathway)" in visible_text(shell.home)


def test_changing_the_pathway_later_keeps_progress_and_reorders(qtbot, shell, store):
    register(qtbot, shell)
    shell.stack.currentWidget().choose_buttons["core"].click()
    settle()
    complete(store, shell.learning.learner.id, "module-1")
    shell.home.refresh()
    shell.home.route_card.change_button.click()
    chooser = shell.stack.currentWidget()
    assert isinstance(chooser, PathwayChooser) and chooser.keep_button is not None
    assert "(your pathway now)" in visible_text(chooser)
    qtbot.keyClick(chooser, Qt.Key.Key_Escape)  # keeping it: back home, unchanged
    assert shell.stack.currentWidget() is shell.home
    shell.home.route_card.change_button.click()
    shell.stack.currentWidget().choose_buttons["interviewer"].click()
    settle()
    assert order_on_home(shell)[:3] == ["module-1", "module-2", "module-3"]
    assert "1 of 3 modules completed" in visible_text(shell.home)


def test_a_returning_learner_with_a_pathway_goes_straight_home(qtbot, shell, store):
    register(qtbot, shell)
    shell.stack.currentWidget().choose_buttons["core"].click()
    settle()
    shell.sign_out()
    sign_in(qtbot, shell)
    qtbot.waitUntil(lambda: shell.home is not None and shell.stack.currentWidget() is shell.home)


def test_my_progress_follows_the_pathway_and_offers_a_programme_certificate(qtbot, shell, store, tmp_path):
    register(qtbot, shell)
    shell.stack.currentWidget().choose_buttons["interviewer"].click()
    settle()
    learner_id = shell.learning.learner.id
    complete(store, learner_id, "module-1", "module-2")
    shell.show_progress()
    progress = shell.progress
    assert list(progress.open_buttons)[:3] == ["module-1", "module-2", "module-3"]
    assert "pathway:core" in progress.certificate_buttons  # the core is done: its certificate
    assert "pathway:interviewer" not in progress.certificate_buttons
    complete(store, learner_id, "module-3")
    saved = tmp_path / "certificate.pdf"
    screen = ProgressScreen(shell.learning, shell.services.accounts.secret, choose_path=lambda *_: saved)
    qtbot.addWidget(screen)
    assert "pathway:interviewer" in screen.certificate_buttons
    assert screen.save_pathway_certificate("interviewer") == saved
    assert saved.read_bytes().startswith(b"%PDF")
    assert "Asylum interviewer" in visible_text(screen)


def test_the_programme_rating_is_offered_once_at_the_end_of_the_pathway(qtbot, shell, store, routed):
    register(qtbot, shell)
    shell.stack.currentWidget().choose_buttons["core"].click()
    settle()
    complete(store, shell.learning.learner.id, "module-1", "module-2")
    shell.home.refresh()
    card = shell.home.rating_card
    assert card is not None and "private" in visible_text(card)
    card.groups["engaging"].button(5).click()
    card.groups["applicable"].button(4).click()
    card.save_button.click()
    settle()
    assert shell.home.rating_card is None and "Thank you" in visible_text(shell.home)
    [counts] = store.pathways.programme_ratings(routed.id)
    assert (counts.engaging_high, counts.applicable_high, counts.engaging_n) == (1, 1, 1)
    shell.sign_out()
    sign_in(qtbot, shell)
    qtbot.waitUntil(lambda: shell.home is not None)
    assert shell.home.rating_card is None  # asked once


def test_a_programme_without_pathways_never_shows_the_chooser(qtbot, store, accounts, programme):
    shell = make_shell(qtbot, Services(store, accounts, programme))
    register(qtbot, shell)
    assert shell.stack.currentWidget() is shell.home and shell.chooser is None
    assert shell.home.route_card is None and order_on_home(shell) == ["module-1", "module-2"]
    assert "pathway" not in visible_text(shell.home).lower()


def test_the_pathway_screens_are_named_reachable_by_tab_and_show_focus(qtbot, store, accounts, routed):
    """The chooser and the pathway parts of home and My progress, on the screen walk (tests/tour.py),
    checked as tests/test_accessibility.py checks every screen (its own walk covers the steps)."""
    from PySide6.QtWidgets import QApplication

    from tests.test_accessibility import describe, focus_shows, interactive, mnemonics, reached, tab_round
    from tests.tour import Tour
    from tests.uihelpers import tour_services

    shell = make_shell(qtbot, tour_services(store, accounts, routed))
    problems, seen = [], []
    for stop in Tour(shell).walk():
        if stop not in ("pathway-chooser", "home", "my-progress"):
            continue
        seen.append(stop)
        widgets = interactive(shell)
        problems += [f"{stop}: {describe(w)} has no accessible name" for w in widgets if not w.accessibleName().strip()]
        if QApplication.focusWidget() is None:
            problems.append(f"{stop}: nothing has keyboard focus when the screen appears")
        visited = tab_round(qtbot, shell)
        problems += [f"{stop}: Tab never reaches {describe(w)}" for w in widgets
                     if w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus and not reached(w, visited)]
        problems += [f"{stop}: keyboard focus is invisible on {describe(w)}" for w in widgets
                     if w.isEnabled() and not focus_shows(qtbot, w)]
        keys = [k for k, _ in mnemonics(shell)]
        problems += [f"{stop}: Alt+{k.upper()} is on more than one button" for k in set(keys) if keys.count(k) > 1]
    assert seen[:2] == ["pathway-chooser", "home"] and "my-progress" in seen
    assert problems == [], "\n".join(problems)
    # The walk's learner registered with a PIN (its "choose-pin" stop adds an account without one).
    [(learner_id,)] = store.conn.execute("SELECT id FROM learners WHERE pin_hash != '!'").fetchall()
    assert store.pathways.learner_pathway(learner_id).pathway_id == "core"  # the walk chose on the chooser


def test_a_choice_that_cannot_be_saved_is_explained_and_can_be_tried_again(qtbot, shell, store):
    register(qtbot, shell)
    chooser = shell.stack.currentWidget()
    store.conn.execute("PRAGMA query_only = ON")  # the database refuses writes, as a read-only disk would
    chooser.choose_buttons["core"].click()
    settle()
    assert shell.stack.currentWidget() is chooser and chooser.problem.isVisible()
    assert "could not be saved" in visible_text(chooser)
    store.conn.execute("PRAGMA query_only = OFF")
    chooser.choose_buttons["core"].click()
    settle()
    assert shell.stack.currentWidget() is shell.home
    assert store.pathways.learner_pathway(shell.learning.learner.id).pathway_id == "core"


def test_home_still_opens_when_a_pathway_completion_cannot_be_recorded(qtbot, shell, store):
    register(qtbot, shell)
    shell.stack.currentWidget().choose_buttons["core"].click()
    settle()
    complete(store, shell.learning.learner.id, "module-1", "module-2")
    store.conn.execute("PRAGMA query_only = ON")
    shell.home.refresh()  # the core is complete, but its record cannot be written now
    assert "2 of 2 modules completed" in visible_text(shell.home)  # home is whole, nothing lost
    assert shell.home.rating_card is None and store.pathways.completions(shell.learning.learner.id) == {}
    store.conn.execute("PRAGMA query_only = OFF")
    shell.home.refresh()  # recorded at the next chance, and the rating is offered then
    assert "core" in store.pathways.completions(shell.learning.learner.id)
    assert shell.home.rating_card is not None


def test_a_broken_module_on_the_route_leaves_home_working(qtbot, store, accounts, tmp_path):
    folder = write_pathway_programme(tmp_path / "broken")
    (folder / "04-module" / "module.yaml").write_text("schema_version: 4\nid: module-4\n", encoding="utf-8")
    programme = load_programme(folder)
    assert not programme.problems and programme.pathway("leaders") is not None  # the module's own problem
    shell = make_shell(qtbot, Services(store, accounts, programme))
    register(qtbot, shell)
    shell.stack.currentWidget().choose_buttons["leaders"].click()
    settle()
    assert shell.stack.currentWidget() is shell.home
    assert order_on_home(shell) == ["module-1", "module-2", "module-3"]
    assert "can't be opened" in visible_text(shell.home)
    shell.show_progress()
    assert list(shell.progress.open_buttons) == ["module-1", "module-2", "module-3"]
