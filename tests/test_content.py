"""The content format: the sample programme is valid, and every kind of mistake an author can
make gives a precise message (file, field, line) without stopping the rest of the programme."""

import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from kiosk.core.content import Module, UnavailableModule, load_module, load_programme, validate_paths
from kiosk.core.content.model import KnowledgeCheckStep, PackageStep, SurveyStep
from tests.conftest import REPO
from tests.helpers import write_programme


def test_sample_programme_is_valid():
    problems = validate_paths([REPO / "modules"])
    assert problems == [], "\n".join(map(str, problems))
    programme = load_programme(REPO / "modules")
    assert len(programme.available) >= 2
    for module in programme.available:
        kinds = {type(step) for step in module.steps}
        # A package module's checks are inside its package; the feedback survey is still the kiosk's.
        assert (KnowledgeCheckStep in kinds or PackageStep in kinds) and SurveyStep in kinds


def test_loaded_module_is_frozen_and_complete(programme):
    module = programme.available[0]
    assert [s.id for s in module.steps][:3] == ["welcome", "check-one", "check-many"]
    assert module.texts["welcome.md"].startswith("# Welcome")
    assert module.files["clip.mp4"].name == "clip.mp4"
    check = module.steps[2]
    assert check.is_multiple and check.correct == {0, 1}
    assert not module.steps[1].is_multiple
    with pytest.raises(FrozenInstanceError):
        module.steps[0].title = "changed"


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "module.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def only_problems(folder: Path) -> list[str]:
    module = load_module(folder, media_dirs=(folder.parent / "media",))
    assert isinstance(module, UnavailableModule)
    return [str(p) for p in module.problems]


@pytest.fixture
def module_dir(tmp_path) -> Path:
    content = write_programme(tmp_path / "content", modules=1)
    return content / "01-module"


def test_missing_field_is_named_with_its_line(module_dir):
    edit(module_dir, "    question: Which response helps someone feel safe?\n", "")
    (problem,) = only_problems(module_dir)
    assert "module.yaml, line 12, steps[1].question: is required but missing" in problem


def test_unknown_step_type_lists_the_known_ones(module_dir):
    edit(module_dir, "type: reflection", "type: quiz")
    (problem,) = only_problems(module_dir)
    assert "line 37, steps[3].type" in problem or "line 35, steps[3]" in problem
    assert "'quiz' is not a step type; use one of: page, knowledge_check" in problem


def test_misspelt_field_is_caught(module_dir):
    edit(module_dir, "    prompt: What did you notice?", "    prompt: What did you notice?\n    promt: typo")
    (problem,) = only_problems(module_dir)
    assert "steps[3].promt: is not a known field (check the spelling)" in problem


def test_duplicate_step_ids(module_dir):
    edit(module_dir, "id: reflect", "id: welcome")
    (problem,) = only_problems(module_dir)
    assert "steps[3].id: the step id 'welcome' is used twice in this module" in problem
    assert "line 35" in problem


def test_yaml_syntax_error_gives_the_line(module_dir):
    edit(module_dir, "title: Welcome", "title: [Welcome")
    (problem,) = only_problems(module_dir)
    assert "YAML syntax error" in problem and "line " in problem


def test_duplicate_key_is_an_error(module_dir):
    edit(module_dir, "summary: A short module for tests.", "summary: one\nsummary: two")
    (problem,) = only_problems(module_dir)
    assert "the key 'summary' appears twice" in problem and "line 6" in problem


def test_missing_media_file_is_reported_and_the_module_still_works(module_dir):
    """A missing video must not take its module with it: the step offers the transcript."""
    edit(module_dir, "media: clip.mp4", "media: nowhere.mp4")
    module = load_module(module_dir, media_dirs=(module_dir.parent / "media",))
    assert isinstance(module, Module)
    (problem,) = map(str, module.problems)
    assert "line 47, steps[5].media: the file 'nowhere.mp4' was not found" in problem
    assert [str(p) for p in validate_paths([module_dir.parent])] == [problem]


def test_missing_caption_file_and_unreadable_cues_are_reported(module_dir):
    edit(module_dir, "captions: clip.vtt", "captions: none.vtt")
    assert "steps[5].captions: the file 'none.vtt' was not found" in str(validate_paths([module_dir])[0])
    edit(module_dir, "captions: none.vtt", "captions: clip.vtt")
    vtt = module_dir.parent / "media" / "clip.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n\n00:05.000 -> 00:06.000\nOops\n")
    (problem,) = validate_paths([module_dir.parent])
    assert problem.file == vtt and problem.line == 6 and "expected a cue timing line" in problem.message
    assert isinstance(load_module(module_dir, media_dirs=(vtt.parent,)), Module)


def test_missing_markdown_file(module_dir):
    (module_dir / "welcome.md").unlink()
    (problem,) = only_problems(module_dir)
    assert "steps[0].file: the file 'welcome.md' was not found in the module folder" in problem


def test_unknown_schema_version(module_dir):
    edit(module_dir, "schema_version: 1", "schema_version: 7")
    (problem,) = only_problems(module_dir)
    assert "line 1, schema_version: 7 is not a content schema this kiosk reads (it reads 1, 2, 3, 4)" in problem


def test_ten_megabyte_page_is_refused_quickly(module_dir):
    (module_dir / "welcome.md").write_bytes(b"a" * 10_000_000)
    (problem,) = only_problems(module_dir)
    assert "welcome.md: is 10.0 MB; a Markdown file may be at most 1 MB" in problem


def test_non_utf8_page_names_the_line(module_dir):
    (module_dir / "welcome.md").write_bytes(b"# Welcome\n\ncaf\xe9\n")
    (problem,) = only_problems(module_dir)
    assert "welcome.md, line 3: is not UTF-8 text" in problem


def test_non_utf8_metadata(module_dir):
    path = module_dir / "module.yaml"
    path.write_bytes(path.read_bytes().replace(b"A short module", b"A sh\xf6rt module"))
    (problem,) = only_problems(module_dir)
    assert "module.yaml, line 5: is not UTF-8 text" in problem


def test_path_escaping_the_module_is_refused(module_dir):
    edit(module_dir, "file: welcome.md", "file: ../../etc/passwd")
    (problem,) = only_problems(module_dir)
    assert "steps[0].file: must not contain '..'" in problem


def test_check_without_a_correct_option(module_dir):
    edit(module_dir, "        correct: true\n        feedback: Predictability",
         "        feedback: Predictability")
    (problem,) = only_problems(module_dir)
    assert "steps[1].options: needs at least one option with 'correct: true'" in problem


def test_bad_id_characters(module_dir):
    edit(module_dir, "id: check-one", "id: Check One")
    (problem,) = only_problems(module_dir)
    assert "steps[1].id: should use only lowercase letters, digits and hyphens" in problem


def test_every_problem_is_listed_not_just_the_first(module_dir):
    edit(module_dir, "duration_minutes: 10", "duration_minutes: ten")
    edit(module_dir, "title: Welcome", "titel: Welcome")
    problems = only_problems(module_dir)
    assert len(problems) == 3  # bad number, unknown 'titel', missing 'title'


def test_empty_and_wrongly_shaped_files(module_dir):
    (module_dir / "module.yaml").write_text("")
    assert "should be a set of fields" in only_problems(module_dir)[0]
    (module_dir / "module.yaml").write_text("- just\n- a list\n")
    assert "should be a set of fields" in only_problems(module_dir)[0]


def test_a_broken_module_leaves_the_others_working(tmp_path):
    content = write_programme(tmp_path / "content", modules=3)
    edit(content / "02-module", "type: page", "type: slideshow")
    programme = load_programme(content)
    states = [type(m) for m in programme.modules]
    assert states == [Module, UnavailableModule, Module]
    assert programme.modules[1].title == "Module 2"


def test_two_modules_with_one_id(tmp_path):
    content = write_programme(tmp_path / "content", modules=2)
    edit(content / "02-module", "id: module-2", "id: module-1")
    programme = load_programme(content)
    assert isinstance(programme.modules[1], UnavailableModule)
    assert "already used by" in str(programme.modules[1].problems[0])


def test_missing_programme_file_is_reported_not_raised(tmp_path):
    programme = load_programme(tmp_path)
    assert programme.modules == () and "programme.yaml: file is missing" in str(programme.problems[0])


def test_cli_validate_exit_codes_and_lists_every_error(tmp_path):
    content = write_programme(tmp_path / "content", modules=2)
    ok = subprocess.run([sys.executable, "-m", "kiosk", "content", "validate", str(content)],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "Content is valid." in ok.stdout
    edit(content / "01-module", "type: page", "type: slideshow")
    (content / "02-module" / "hard.md").unlink()
    bad = subprocess.run([sys.executable, "-m", "kiosk", "content", "validate", str(content)],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    lines = bad.stdout.strip().splitlines()
    assert len(lines) == 2 and "slideshow" in lines[0] and "hard.md" in lines[1]
    assert "2 problems found." in bad.stderr


def test_cli_validate_a_single_module_folder(tmp_path):
    content = write_programme(tmp_path / "content", modules=1)
    result = subprocess.run([sys.executable, "-m", "kiosk", "content", "validate",
                             str(content / "01-module")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_sample_programme_uses_every_step_type_and_the_feedback_survey():
    from kiosk.core.content.model import STEP_TYPES, ScenarioStep, SelfAssessmentStep

    programme = load_programme(REPO / "modules")
    assert len(programme.available) == 8
    used = {step.type for module in programme.available for step in module.steps}
    assert used == set(STEP_TYPES)
    packaged = {m.id for m in programme.available if any(isinstance(s, PackageStep) for s in m.steps)}
    assert packaged == {"principles-check"}
    assert programme.module("principles-check").packages["principles-quiz"].standard == "scorm_1.2"
    with_scenarios = {m.id for m in programme.available if any(isinstance(s, ScenarioStep) for s in m.steps)}
    assert {"tip-in-interviews", "tip-in-supervision"} <= with_scenarios and len(with_scenarios) >= 3
    for module in programme.available:
        phases = [s.phase for s in module.steps if isinstance(s, SelfAssessmentStep)]
        # The short package module checks understanding inside its SCO; no before/after rating.
        assert phases == ([] if module.id in packaged else ["before", "after"]), module.id
        survey = module.steps[-1]
        assert isinstance(survey, SurveyStep) and survey.id == "feedback", module.id
        assert [q.id for q in survey.questions] == ["engaging", "applicable"] and survey.comment, module.id
        assert module.completion.required_ids(module.steps), module.id
        for step in module.steps:
            if isinstance(step, ScenarioStep):
                assert sum(1 for n in step.nodes if n.end) >= 2 and len(step.nodes) >= 5, step.id
