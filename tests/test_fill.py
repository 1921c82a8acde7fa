"""Translated placeholders are filled by one helper, `fill`, in one pass: a value that contains "%2"
(a module titled "Week %2 plan") is shown as it is, never read as a placeholder."""

import ast
import dataclasses
import re

from kiosk.core.content import load_programme
from kiosk.core.learning import Learning
from kiosk.ui.formats import fill
from kiosk.ui.group.projector import ProjectorView
from kiosk.ui.progress import ProgressScreen
from tests.conftest import REPO
from tests.helpers import write_module, write_programme

TRICKY_TITLE = "Week %2 plan, part %1 (100%)"


def test_each_placeholder_gets_its_value():
    assert fill("Step %1 of %2", 3, 9) == "Step 3 of 9"
    assert fill("%2, then %1", "first", "second") == "second, then first"
    assert fill("%1 and %1 again", "x") == "x and x again"


def test_a_value_is_never_read_as_a_placeholder():
    assert fill("%1 · %2 of %3", "Week %2 plan %3", 1, 4) == "Week %2 plan %3 · 1 of 4"
    assert fill("%1 then %2", "%2", "%1") == "%2 then %1"


def test_ten_and_more_placeholders_are_not_taken_for_the_first_one():
    template = " ".join(f"%{n}" for n in range(1, 13))
    assert fill(template, *"abcdefghijkl") == "a b c d e f g h i j k l"
    backwards = "".join(f"%{n}" for n in range(12, 0, -1))
    assert fill(backwards, *"abcdefghijkl") == "lkjihgfedcba"


def test_a_placeholder_without_a_value_stays_as_written_and_extra_values_are_ignored():
    assert fill("%1 of %2", 3) == "3 of %2"
    assert fill("Hello", "unused") == "Hello"
    assert fill("%1", 1, 2) == "1"


def test_values_go_to_the_lowest_numbered_placeholders_first_as_qstring_arg_does():
    assert fill("%3 before %5", "a", "b") == "a before b"


def test_other_percent_signs_stay_as_they_are():
    assert fill("%1%", 50) == "50%"
    assert fill("Standard (%1%)", 100) == "Standard (100%)"
    assert fill("%%1 and %0 and 100%", "x") == "%x and %0 and 100%"


def test_numbers_are_written_with_str():
    assert fill("%1 and %2", 7, 2.5) == "7 and 2.5"


def test_the_projector_heading_shows_a_module_title_with_placeholders_exactly(qtbot, programme):
    module = dataclasses.replace(programme.modules[0], title=TRICKY_TITLE)
    view = ProjectorView()
    qtbot.addWidget(view)
    for index, step in enumerate(module.steps):
        view.show_step(module, index, step)
        assert view.heading.text() == f"{TRICKY_TITLE} · {index + 1} of {len(module.steps)}"


def test_my_progress_says_where_a_certificate_for_a_module_titled_with_placeholders_is_saved(
        qtbot, tmp_path, store, accounts):
    content = write_programme(tmp_path / "content")
    write_module(content / "01-module", "module-1", TRICKY_TITLE)
    programme = load_programme(content)
    assert programme.modules[0].title == TRICKY_TITLE
    learner = accounts.register("1234567", "482915")
    learning = Learning(store, programme, learner)
    run = learning.open("module-1")
    for step in run.module.steps:  # as the screens do, a video as if played to the end
        if step.type == "knowledge_check":
            run.submit_check(set(step.correct))
        elif step.type == "video":
            run.record_watched(step, ((0.0, step.duration_seconds),), step.duration_seconds)
        if run.is_last:
            assert run.finish()
        else:
            run.next()
    saved = tmp_path / "certificate.pdf"
    screen = ProgressScreen(learning, accounts.secret, choose_path=lambda *_: saved)
    qtbot.addWidget(screen)
    assert screen.save_certificate("module-1") == saved
    assert screen.message.text() == f"Your certificate for “{TRICKY_TITLE}” is saved as {saved}"


def test_no_translated_string_is_filled_by_hand():
    """`fill(tr(...), a, b)` is the one way: `.replace("%1", a)` on a string is not used in kiosk/."""
    placeholder = re.compile(r"%\d")
    found = []
    for path in sorted((REPO / "kiosk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "replace"
                    and node.args and any(isinstance(part, ast.Constant) and isinstance(part.value, str)
                                          and placeholder.search(part.value) for part in ast.walk(node.args[0]))):
                found.append((str(path.relative_to(REPO)), node.lineno))
    assert not found, "fill placeholders with kiosk.ui.formats.fill, not .replace: " + ", ".join(
        f"{name}:{line}" for name, line in sorted(set(found)))
