"""Tools for content authors: `content new`, the review fields and report, and the release check."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.content import load_module, load_programme, validate_paths
from kiosk.core.content.model import STEP_TYPES
from kiosk.core.content.review import release_problems, reviews
from kiosk.core.content.template import module_id_for
from tests.helpers import write_programme

REPO = Path(__file__).resolve().parents[1]
REVIEWED = """
reviewed_by: A. Reviewer, clinical psychologist
review_due: 2099-01-31
references:
  - title: "Working definition of trauma-informed practice (OHID, 2022)"
    url: https://www.gov.uk/government/publications/working-definition-of-trauma-informed-practice
  - title: Transforming Psychological Trauma (NES, 2017)
    note: The three levels.
"""
REAL_SUPPORT = """support:
  - name: Employee Assistance Programme
    detail: "0800 000 0000, any time, day or night"
"""


def add_to(folder: Path, text: str, name: str = "module.yaml") -> None:
    path = folder / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_new_module_validates_as_it_is_and_shows_every_step_type(tmp_path, capsys):
    content = write_programme(tmp_path / "content")
    assert main(["content", "new", str(content / "08-leading-a-team")]) == 0
    said = capsys.readouterr().out
    assert "Made the module 'leading-a-team'" in said
    assert "- 08-leading-a-team" in said and "tip-kiosk preview" in said and "content validate" in said
    folder = content / "08-leading-a-team"
    assert validate_paths([folder]) == []
    module = load_module(folder)
    assert module.title == "Leading a team" and [s.type for s in module.steps] == ["page", "survey"]
    text = (folder / "module.yaml").read_text()
    for kind in STEP_TYPES:  # a new step type belongs in the template too
        assert f"type: {kind}\n" in text
    assert "# reviewed_by:" in text


def test_a_new_module_never_overwrites(tmp_path, capsys):
    folder = tmp_path / "my-module"
    folder.mkdir()
    (folder / "module.yaml").write_text("mine", encoding="utf-8")
    assert main(["content", "new", str(folder)]) == 1
    assert "already exists; nothing was changed" in capsys.readouterr().err
    assert (folder / "module.yaml").read_text() == "mine"


def test_a_title_with_yaml_symbols_is_kept_as_written(tmp_path):
    assert main(["content", "new", str(tmp_path / "m1"), "--title", "Scenario: #1 [draft]"]) == 0
    assert load_module(tmp_path / "m1").title == "Scenario: #1 [draft]"


def test_module_ids_come_from_the_folder_name_without_its_number():
    assert module_id_for("08-Leading a team") == "leading-a-team"
    assert module_id_for("2024-plan") == "plan" and module_id_for("2024") == "2024"
    assert module_id_for("!") == ""


def test_review_fields_are_read_and_a_bad_date_or_url_is_explained(tmp_path):
    content = write_programme(tmp_path / "content", modules=1)
    folder = content / "01-module"
    add_to(folder, REVIEWED)
    module = load_programme(content).module("module-1")
    assert module.reviewed_by == "A. Reviewer, clinical psychologist"
    assert module.review_due == date(2099, 1, 31)
    assert [r.title for r in module.references][1] == "Transforming Psychological Trauma (NES, 2017)"
    text = (folder / "module.yaml").read_text()
    (folder / "module.yaml").write_text(text.replace("2099-01-31", "end of March").replace(
        "url: https://", "url: www."), encoding="utf-8")
    problems = [str(p) for p in validate_paths([folder])]
    assert any("review_due: should be a date written as YYYY-MM-DD" in p for p in problems)
    assert any("references[0].url" in p for p in problems)


def test_the_review_report_lists_reviewer_due_date_overdue_and_references(tmp_path, capsys):
    content = write_programme(tmp_path / "content", modules=2)
    add_to(content / "01-module", REVIEWED)
    add_to(content / "02-module", "\nreviewed_by: B. Author\nreview_due: 2020-06-30\n")
    assert main(["content", "review", str(content)]) == 0
    report = capsys.readouterr().out
    first, second = report.split("\n\n")[:2]
    assert "Reviewed by: A. Reviewer, clinical psychologist" in first and "Review due: 2099-01-31" in first
    assert "Reference: Working definition of trauma-informed practice (OHID, 2022) — https://www.gov.uk/" in first
    assert "Reference: Transforming Psychological Trauma (NES, 2017) — The three levels." in first
    assert "Review due: 2020-06-30 — OVERDUE" in second and "References: none listed" in second
    assert "2 modules: 0 without a reviewer, 1 overdue for review." in report
    assert main(["content", "validate", "--report", str(content)]) == 0
    assert "Review due: 2020-06-30 — OVERDUE" in capsys.readouterr().out


def test_validate_shows_each_modules_review_state(tmp_path, capsys):
    content = write_programme(tmp_path / "content", modules=1)
    assert main(["content", "validate", str(content)]) == 0
    out = capsys.readouterr().out
    assert "Content is valid." in out
    assert "module-1: Reviewed by: nobody yet (add reviewed_by); Review due: no date" in out


def test_the_release_check_refuses_the_sample_support_contacts_and_unreviewed_modules(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(REPO / "modules", content)
    shutil.copytree(REPO / "media", tmp_path / "media")
    assert main(["content", "validate", str(content)]) == 0
    capsys.readouterr()
    assert main(["content", "validate", "--release", str(content)]) == 1
    captured = capsys.readouterr()
    assert "support[0].name: is a SAMPLE support contact: replace it with your organisation's real contact" \
        in captured.out
    assert "module 'understanding-trauma' has no reviewer: add 'reviewed_by'" in captured.out
    assert "Not ready for release" in captured.err


def test_a_clean_programme_passes_the_release_check(tmp_path, capsys):
    content = write_programme(tmp_path / "content", modules=2)
    add_to(content, REAL_SUPPORT, "programme.yaml")
    for name in ("01-module", "02-module"):
        add_to(content / name, REVIEWED)
    assert main(["content", "validate", "--release", str(content)]) == 0
    assert "Ready for release" in capsys.readouterr().out


@pytest.mark.parametrize("change, expected", [
    ("\nreviewed_by: A. Reviewer\nreview_due: 2026-12-01\n", "was due for review on 2026-12-01"),
    ("\nreviewed_by: A. Reviewer\n", "has no 'review_due' date"),
])
def test_a_module_past_its_review_date_or_without_one_is_not_released(tmp_path, change, expected):
    content = write_programme(tmp_path / "content", modules=1)
    add_to(content, REAL_SUPPORT, "programme.yaml")
    add_to(content / "01-module", change)
    (problem,) = release_problems([content], today=date(2026, 12, 2))
    assert expected in problem.message


def test_a_review_date_still_to_come_is_released(tmp_path):
    content = write_programme(tmp_path / "content", modules=1)
    add_to(content, REAL_SUPPORT, "programme.yaml")
    add_to(content / "01-module", "\nreviewed_by: A. Reviewer\nreview_due: 2026-12-01\n")
    assert release_problems([content], today=date(2026, 12, 1)) == []


def test_a_programme_without_support_contacts_is_not_released(tmp_path):
    content = write_programme(tmp_path / "content", modules=1)
    add_to(content / "01-module", REVIEWED)
    (problem,) = release_problems([content])
    assert "lists no support contacts" in problem.message


def test_reviews_cover_a_single_module_folder_too(tmp_path):
    content = write_programme(tmp_path / "content", modules=1)
    add_to(content / "01-module", REVIEWED)
    (review,) = reviews([content / "01-module"])
    assert review.id == "module-1" and not review.overdue(date(2099, 1, 31)) and review.overdue(date(2099, 2, 1))
