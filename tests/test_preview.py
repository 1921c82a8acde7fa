"""`tip-kiosk preview`: any step of a module in the real step screens, no account, nothing written
to the learner store, and reloaded when a file in the module is saved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.core.store import DB_NAME
from kiosk.ui.app import make_application
from kiosk.ui.preview import PreviewWindow, media_dirs_for
from kiosk.ui.steps.check import CheckView
from kiosk.ui.steps.page import PageView
from tests.helpers import write_programme
from tests.uihelpers import visible_text


@pytest.fixture
def module(tmp_path: Path) -> Path:
    return write_programme(tmp_path / "content", modules=1) / "01-module"


def open_preview(qtbot, folder: Path, **options) -> PreviewWindow:
    make_application()
    window = PreviewWindow(folder, **options)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def save(path: Path, text: str) -> None:
    """As an editor does: the new text, and a modification time the watcher cannot miss."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_step_opens_directly_in_the_real_step_view(qtbot, module):
    window = open_preview(qtbot, module, step_id="check-one")
    assert isinstance(window.player.view, CheckView)
    assert window.steps.currentData() == "check-one"
    qtbot.keyClick(window.player.back_button, Qt.Key.Key_Space)
    assert isinstance(window.player.view, PageView) and window.player.run.step.id == "welcome"
    qtbot.keyClick(window.player.next_button, Qt.Key.Key_Space)
    assert window.player.run.step.id == "check-one"


def test_the_preview_needs_no_account_and_writes_nothing_beside_the_content(qtbot, module, data_dir):
    before = sorted(p.name for p in module.parent.rglob("*"))
    window = open_preview(qtbot, module)
    qtbot.keyClick(window.player.next_button, Qt.Key.Key_Space)
    assert window.player.run.step.id == "check-one"
    scratch = Path(window._scratch.name)
    assert (scratch / DB_NAME).exists()  # the throwaway store, not a learner database
    assert not (data_dir / DB_NAME).exists()
    window.close()
    assert not scratch.exists()
    assert sorted(p.name for p in module.parent.rglob("*")) == before


def test_saving_a_page_shows_the_change_at_the_same_step(qtbot, module):
    window = open_preview(qtbot, module, step_id="welcome")
    assert "Take your time." in visible_text(window.player)
    save(module / "welcome.md", "# Welcome\n\nA sentence the author has just written.\n")
    qtbot.waitUntil(lambda: "just written" in visible_text(window.player), timeout=5000)
    assert window.player.run.step.id == "welcome"


def test_a_changed_title_in_module_yaml_keeps_the_step_on_screen(qtbot, module):
    window = open_preview(qtbot, module, step_id="check-one")
    path = module / "module.yaml"
    save(path, path.read_text().replace("title: Check your understanding", "title: Have a go"))
    qtbot.waitUntil(lambda: window.steps.currentText() == "Have a go (check-one)", timeout=5000)
    assert isinstance(window.player.view, CheckView) and window.player.run.step.id == "check-one"


def test_a_broken_save_is_explained_in_the_window_and_fixing_it_brings_the_step_back(qtbot, module):
    window = open_preview(qtbot, module, step_id="check-one")
    path = module / "module.yaml"
    good = path.read_text()
    with qtbot.waitSignal(window.reloaded, timeout=5000):
        save(path, good.replace("question: Which response", "qestion: Which response"))
    assert window.player is None and window.pages.currentWidget() is window.broken_page
    shown = window.problems.toPlainText()
    assert "steps[1].qestion: is not a known field (check the spelling)" in shown
    assert "steps[1].question: is required but missing" in shown
    assert "1 problem" not in window.status.text() and "problems found" in window.status.text()
    with qtbot.waitSignal(window.reloaded, timeout=5000):
        save(path, good)
    assert window.player is not None and window.player.run.step.id == "check-one"


def test_a_step_that_is_not_there_opens_the_first_and_says_so(qtbot, module):
    window = open_preview(qtbot, module, step_id="no-such-step")
    assert window.player.run.step.id == "welcome"
    assert "There is no step 'no-such-step'" in window.status.text()


def test_media_are_found_where_the_programme_says(module):
    assert media_dirs_for(module) == ((module.parent / "media").resolve(),)
    programme = module.parent / "programme.yaml"
    programme.write_text(programme.read_text() + "media_folder: ../shared\n", encoding="utf-8")
    assert media_dirs_for(module) == ((module.parent.parent / "shared").resolve(),)


def test_an_editor_that_saves_by_renaming_a_new_file_over_the_old_is_followed_too(qtbot, module):
    window = open_preview(qtbot, module, step_id="welcome")
    for attempt in ("First edit", "Second edit"):  # the second proves the watch survived the first
        fresh = module / ".welcome.md.swp"
        fresh.write_text(f"# Welcome\n\n{attempt}.\n", encoding="utf-8")
        os.replace(fresh, module / "welcome.md")
        qtbot.waitUntil(lambda attempt=attempt: attempt in visible_text(window.player), timeout=5000)


def test_a_module_folder_moved_away_and_back_is_followed(qtbot, module, tmp_path):
    window = open_preview(qtbot, module, step_id="check-one")
    aside = tmp_path / "aside"
    with qtbot.waitSignal(window.reloaded, timeout=5000):
        module.rename(aside)
    assert window.player is None and "module.yaml: file is missing" in window.problems.toPlainText()
    with qtbot.waitSignal(window.reloaded, timeout=5000):
        aside.rename(module)
    qtbot.waitUntil(lambda: window.player is not None, timeout=5000)
    assert window.player.run.step.id == "check-one"


def test_preview_of_a_folder_that_is_not_a_module_says_so(tmp_path, capsys):
    from kiosk.cli import main

    assert main(["preview", str(tmp_path)]) == 2
    assert "has no module.yaml; give a module folder" in capsys.readouterr().err


def test_the_preview_shows_who_reviewed_the_facts_and_when_they_are_due(qtbot, module):
    window = open_preview(qtbot, module)
    assert "have not been reviewed yet" in window.review.text()
    path = module / "module.yaml"
    with qtbot.waitSignal(window.reloaded, timeout=5000):
        save(path, path.read_text() + "reviewed_by: A. Reviewer\nreview_due: 2020-01-31\n")
    assert window.review.text() == "Facts reviewed by A. Reviewer; the next review was due on 2020-01-31 (overdue)."
