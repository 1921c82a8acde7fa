"""Course text in Welsh beside English: chosen by the learner's interface language, falling back to
English where there is no Welsh, and what is untranslated reported to authors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.cli import main
from kiosk.core.content import load_module, load_programme, validate_paths
from kiosk.core.content.languages import untranslated
from kiosk.core.content.yamlread import read_yaml
from kiosk.ui.language import Translations
from kiosk.ui.services import LoadedProgramme, Services
from tests.helpers import write_programme
from tests.uihelpers import make_shell, register, visible_text

REPO = Path(__file__).resolve().parents[1]


def welsh(folder: Path) -> Path:
    """Module 1 of the test programme with its title, first step's title and first page in Welsh."""
    path = folder / "module.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Module 1\n", "title:\n  en: Module 1\n  cy: Modiwl 1\n", 1)
    text = text.replace("    title: Welcome\n", "    title: {en: Welcome, cy: Croeso}\n", 1)
    path.write_text(text, encoding="utf-8")
    (folder / "welcome.cy.md").write_text("# Croeso\n\nCymerwch eich amser.\n", encoding="utf-8")
    return folder


def test_welsh_text_is_chosen_by_language_and_english_fills_the_gaps(tmp_path):
    content = write_programme(tmp_path / "content", modules=1)
    welsh(content / "01-module")
    assert validate_paths([content]) == []
    english = load_programme(content).module("module-1")
    cymraeg = load_programme(content, language="cy").module("module-1")
    assert (english.title, english.steps[0].title) == ("Module 1", "Welcome")
    assert english.texts["welcome.md"].startswith("# Welcome")
    assert (cymraeg.title, cymraeg.steps[0].title) == ("Modiwl 1", "Croeso")
    assert cymraeg.texts["welcome.md"].startswith("# Croeso")
    # No Welsh for these: the English is shown rather than nothing.
    assert cymraeg.steps[1].title == "Check your understanding"
    assert cymraeg.texts["hard.md"].startswith("# A difficult topic")
    assert [s.id for s in cymraeg.steps] == [s.id for s in english.steps]  # progress is shared


def test_a_language_nobody_wrote_falls_back_to_the_modules_own(tmp_path):
    content = write_programme(tmp_path / "content", modules=1)
    welsh(content / "01-module")
    module = load_module(content / "01-module", media_dirs=(content / "media",), language="fr")
    assert module.title == "Module 1" and module.texts["welcome.md"].startswith("# Welcome")


def test_errors_in_translated_text_still_point_at_the_line(tmp_path):
    content = write_programme(tmp_path / "content", modules=1)
    folder = welsh(content / "01-module")
    path = folder / "module.yaml"
    path.write_text(path.read_text().replace("cy: Croeso}", "cy: Croeso}\n    tittle: x"), encoding="utf-8")
    (problem,) = validate_paths([folder])
    line = path.read_text().splitlines().index("    tittle: x") + 1
    assert "steps[0].tittle: is not a known field" in str(problem) and problem.line == line


def test_the_untranslated_report_names_what_is_missing_per_language(tmp_path, capsys):
    content = write_programme(tmp_path / "content", modules=2)
    folder = welsh(content / "01-module")
    gap = untranslated(read_yaml(folder / "module.yaml")[0], folder, "cy", "en")
    assert "title" not in gap.fields and "steps[0].title" not in gap.fields and "welcome.md" not in gap.fields
    assert "steps[1].question" in gap.fields and "hard.md" in gap.fields and "summary" in gap.fields
    assert gap.done == 3
    assert main(["content", "review", str(content), "--language", "cy"]) == 0
    report = capsys.readouterr().out
    assert f"Welsh (cy): 3 of {gap.total} texts translated; untranslated: summary, steps[1].title" in report
    assert "Welsh (cy): not translated yet" in report  # module 2 offers no Welsh at all
    assert main(["content", "validate", str(content)]) == 0
    assert "Welsh (cy): 3 of" in capsys.readouterr().out


def test_the_sample_offers_welsh_for_its_first_module():
    module = load_programme(REPO / "modules", language="cy").modules[0]
    assert module.title == "Deall trawma" and module.steps[0].title == "Croeso"
    assert module.texts["welcome.md"].startswith("## Croeso")


def test_a_learner_who_chooses_welsh_at_sign_in_gets_welsh_content(qtbot, store, accounts, tmp_path, catalogues):
    content = write_programme(tmp_path / "content", modules=1)
    welsh(content / "01-module")
    english = load_programme(content)
    services = Services(store, accounts, course=LoadedProgramme.ready(
        english, content_in=lambda code: load_programme(content, language=code)))
    shell = make_shell(qtbot, services, translations=Translations(catalogues))
    button = shell.signin.language_buttons["cy"]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    register(qtbot, shell, pin="730918")  # a PIN no rule refuses
    assert "Modiwl 1" in visible_text(shell.home)
    shell.open_module("module-1")
    assert "Croeso" in visible_text(shell.player)
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    register(qtbot, shell, code="7654321", pin="730918")  # the next learner, in English
    assert "Module 1" in visible_text(shell.home) and "Modiwl 1" not in visible_text(shell.home)


def test_a_text_without_the_modules_own_language_is_explained(tmp_path):
    content = write_programme(tmp_path / "content", modules=1)
    path = content / "01-module" / "module.yaml"
    path.write_text(path.read_text().replace("    title: Welcome\n", "    title: {cy: Croeso}\n", 1), encoding="utf-8")
    (problem,) = validate_paths([content])
    assert problem.field == "steps[0].title" and problem.line is not None
    assert problem.message == "has no text in the module's own language: add 'en:' beside 'cy'"


def test_welsh_learners_get_the_kiosks_rating_scales_in_welsh_and_records_say_welsh(tmp_path):
    content = write_programme(tmp_path / "content", modules=2)
    welsh(content / "01-module")
    survey = load_programme(content, language="cy").module("module-1").steps[-1]
    assert survey.questions[0].labels[0] == "Anghytuno'n gryf"
    assert load_programme(content).module("module-1").steps[-1].questions[0].labels[0] == "Strongly disagree"
    # The language the learner read, for records: Welsh where the module offers it, else its own.
    assert load_programme(content, language="cy").module("module-1").language == "cy"
    assert load_programme(content, language="cy").module("module-2").language == "en"
    assert load_programme(content, language="cy").module("module-2").steps[-1].questions[0].labels[0] \
        == "Strongly disagree"  # an untranslated module stays wholly in its own language
    assert load_programme(content).module("module-1").language == "en"


def test_a_rating_scale_is_translated_as_a_whole_list(tmp_path):
    content = write_programme(tmp_path / "content", modules=1)
    folder = welsh(content / "01-module")
    path = folder / "module.yaml"
    asked = "      - id: engaging\n        text: How engaging was this module?\n"
    assert asked in path.read_text()
    path.write_text(path.read_text().replace(asked, asked + "        labels:\n"
                                             "          en: [None, Little, Some, Much, Very much]\n"
                                             "          cy: [Dim, Ychydig, Rhywfaint, Llawer, Llawer iawn]\n"),
                    encoding="utf-8")
    question = load_programme(content, language="cy").module("module-1").steps[-1].questions[0]
    assert question.labels == ("Dim", "Ychydig", "Rhywfaint", "Llawer", "Llawer iawn")
    gap = untranslated(read_yaml(path)[0], folder, "cy", "en")
    assert "steps[6].questions[0].labels" not in gap.fields and gap.done == 4


def test_the_sample_asks_its_feedback_questions_in_welsh():
    survey = load_programme(REPO / "modules", language="cy").modules[0].steps[-1]
    assert survey.questions[0].text == "Pa mor ddiddorol oedd y modiwl hwn?"
    assert survey.questions[0].labels[0] == "Ddim yn ddiddorol o gwbl"


def test_the_kiosk_loads_welsh_content_once_when_first_asked(tmp_path):
    from kiosk.core.config import Settings
    from kiosk.ui.app import build_services

    content = write_programme(tmp_path / "content", modules=1)
    welsh(content / "01-module")
    services = build_services(Settings(content_dir=content, data_dir=tmp_path / "data"))
    try:
        assert services.content_in("en") is services.programme
        cymraeg = services.content_in("cy")
        assert cymraeg.module("module-1").title == "Modiwl 1"
        assert services.content_in("cy") is cymraeg
    finally:
        services.store.close()


def test_the_programme_files_own_texts_are_in_the_untranslated_report(tmp_path, capsys):
    content = write_programme(tmp_path / "content", modules=1)
    welsh(content / "01-module")
    (content / "programme.yaml").write_text((content / "programme.yaml").read_text().replace(
        "title: Test programme", "title: {en: Test programme, cy: Rhaglen brawf}") + (
        "support:\n  - name: Wellbeing line\n    detail: 0800 000 0000\n"), encoding="utf-8")
    assert load_programme(content, language="cy").title == "Rhaglen brawf"
    assert main(["content", "validate", str(content)]) == 0
    assert "programme.yaml: Welsh (cy): 1 of 3 texts translated; untranslated: support[0].name, " \
           "support[0].detail" in capsys.readouterr().out
