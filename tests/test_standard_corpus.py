"""Conformance over real packages no one here wrote (../shared/corpus/standard-content/, see its
README): each is added with ``tip-kiosk content add`` to a temporary programme and played to a
recorded result in the real package view, with the real store and learner path, the way a
learner would: the golf SCOs through their own page buttons' functions and their own quiz, the
H5P item by clicking an answer and Check. What the store then holds is what is asserted. And
``tip-kiosk content try`` says each of them plays here."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from kiosk.cli import main as tip_kiosk
from kiosk.core.content import load_programme
from kiosk.core.learning import Learning, ModuleRun
from kiosk.core.vault import open_package_rows
from kiosk.ui import web
from kiosk.ui.steps.package import RUNTIME, PackageView
from kiosk.ui.web import files
from tests.web_helpers import js

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "standard-content"
PACKAGES = ("scorm12-runtime-basic-calls.zip", "scorm2004-3rd-runtime-basic-calls.zip",
            "scorm2004-3rd-sequencing-simple-remediation.zip", "h5p-true-false.h5p")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the real-package corpus is not here ({CORPUS}): "
                                                   "a plain clone; CI has it"),
    pytest.mark.skipif(not web.webengine_available(), reason="QtWebEngine is not installed (lean kiosk)"),
    pytest.mark.skipif(not files.vendor_dirs(), reason="run `make web` first (npm players)"),
    pytest.mark.skipif(not all(hasattr(ModuleRun, name) for name in RUNTIME),
                       reason="ModuleRun has no package methods yet (kiosk.core.package_steps)"),
]

# The golf SCO's launch page (shared/launchpage.html) in the player's frame, and the course page
# it shows in its own frame (#contentFrame).
SCO = "document.getElementById('sco').contentWindow"
PAGE = f"{SCO}.document.getElementById('contentFrame').contentWindow"
# The golf quiz (shared/assessmenttemplate.html) answered right, as a learner would tick it, then
# "Submit Answers": the page scores it and calls the launch page's RecordTest(score).
ANSWER_QUIZ = r"""(function () {
  for (var i = 0; i < test.Questions.length; i++) {
    var q = test.Questions[i], id = "question_" + q.Id + "_";
    if (q.Type === QUESTION_TYPE_CHOICE) {
      document.getElementById(id + q.Answers.indexOf(q.CorrectAnswer)).click();
    } else if (q.Type === QUESTION_TYPE_TF) {
      document.getElementById(id + (q.CorrectAnswer ? "True" : "False")).click();
    } else {
      document.getElementById(id + "Text").value = String(q.CorrectAnswer);
    }
  }
  document.querySelector("input[type=button][value='Submit Answers']").click();
  return document.getElementById("test").textContent;
})()"""


@pytest.fixture(scope="module", autouse=True)
def content_try(tmp_path_factory):
    """``tip-kiosk content try`` on every corpus package, started at once in child processes
    (each needs its own web engine) while the other tests run."""
    tmp = tmp_path_factory.mktemp("try")
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    command = [str(REPO / ".venv" / "bin" / "tip-kiosk")] if (REPO / ".venv" / "bin" / "tip-kiosk").exists() \
        else [sys.executable, "-m", "kiosk"]
    children = {name: subprocess.Popen([*command, "content", "try", "--json", str(CORPUS / name),
                                        "--data-dir", str(tmp / "data")],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                for name in PACKAGES}
    yield children
    for child in children.values():  # when only some tests ran: Ctrl-C, so each cleans up after itself
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
            try:
                child.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.communicate()


@pytest.fixture
def add(tmp_path, store, accounts):
    """add(package) -> a ModuleRun on the new module's package step for a new learner."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "programme.yaml").write_text("schema_version: 1\nid: corpus\ntitle: Corpus\nmodules: []\n",
                                            encoding="utf-8")
    learner = accounts.register("corpus01", "629174")

    def add(name: str) -> ModuleRun:
        assert tip_kiosk(["content", "add", str(CORPUS / name), "--content", str(content),
                          "--data-dir", str(tmp_path / "data")]) == 0
        programme = load_programme(content)
        return Learning(store, programme, learner).open(programme.modules[-1].id)

    return add


@pytest.fixture
def open_view(qtbot):
    """open_view(run) -> the package step's view, shown; deleted at the end of the test (a page
    must go before its profile, and both before the QApplication)."""
    views = []

    def open_view(run: ModuleRun) -> PackageView:
        view = PackageView(run, run.step)
        views.append(view)
        view.resize(1100, 760)
        view.show()
        return view

    yield open_view
    for view in views:
        shiboken6.delete(view)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_for(qtbot, page, script: str, timeout: int = 15000):
    """Until ``script`` (guarded: a frame may not be there yet) is truthy; its value."""
    guarded = f"(function(){{try{{return {script}}}catch(e){{return null}}}})()"
    box = []
    qtbot.waitUntil(lambda: bool(box.append(js(qtbot, page, guarded)) or box[-1]), timeout=timeout)
    return box[-1]


def rows(run: ModuleRun):
    """What the store holds for the package step (read from the database, not the run)."""
    saved = run.learning.store.packages.rows(run.learning.learner.id, run.module.id, run.step.id)
    opened = open_package_rows(run.learning.learner.vault, run.module.id, run.step.id, saved)  # sealed at rest
    return {sco: row.data for sco, row in opened.items()}


def reopened(run: ModuleRun) -> ModuleRun:
    """The same learner's run, read back from the store."""
    learning = run.learning
    return Learning(learning.store, learning.programme, learning.learner).open(run.module.id)


def go_to_last_page(qtbot, page) -> None:
    """Next, page by page, each once the page before it has taken (a Next pressed while the SCO
    is still changing page may be lost, and a loop that pressed again without waiting never ended
    on a busy machine)."""
    wait_for(qtbot, page, f"{SCO}.currentPage !== null && {SCO}.currentPage !== undefined")
    last = js(qtbot, page, f"{SCO}.pageArray.length - 1")
    while js(qtbot, page, f"{SCO}.currentPage") < last:
        press_next(qtbot, page)


def press_next(qtbot, page) -> int:
    """The launch page's Next button; the page it led to."""
    current = js(qtbot, page, f"{SCO}.currentPage")
    js(qtbot, page, f"{SCO}.doNext(); true")
    return wait_for(qtbot, page, f"{SCO}.currentPage > {current} && {SCO}.currentPage")


def take_the_quiz(qtbot, page) -> str:
    wait_for(qtbot, page, f"{PAGE}.document.readyState === 'complete' && !!{PAGE}.SubmitAnswers")
    return js(qtbot, page, f"{PAGE}.eval({ANSWER_QUIZ!r})")


def test_scorm12_golf_is_resumed_where_the_learner_left_and_its_quiz_result_recorded(qtbot, add, open_view):
    run = add("scorm12-runtime-basic-calls.zip")
    view = open_view(run)
    page = view.sandbox.page
    wait_for(qtbot, page, f"{SCO}.currentPage === 0")
    for _ in range(3):
        press_next(qtbot, page)
    view.flush()  # the learner leaves part-way
    saved = rows(run)["item_1"]["cmi"]
    assert saved["core"]["lesson_location"] == "3" and saved["core"]["exit"] == "suspend"
    assert saved["core"]["lesson_status"] == "incomplete" and not reopened(run).is_done(run.step)
    view.close()

    again = open_view(reopened(run))  # the golf SCO asks "resume?"; the kiosk says yes
    page = again.sandbox.page
    assert wait_for(qtbot, page, f"{SCO}.currentPage") == 3
    go_to_last_page(qtbot, page)
    assert "Score: 100" in take_the_quiz(qtbot, page)
    again.flush()  # the learner moves on: the SCO finishes and makes its final commit
    saved = rows(run)["item_1"]["cmi"]
    assert saved["core"]["lesson_status"] == "passed" and saved["core"]["score"]["raw"] == "100"
    assert reopened(run).is_done(run.step)


def test_scorm2004_golf_records_success_and_score_from_its_quiz(qtbot, add, open_view):
    run = add("scorm2004-3rd-runtime-basic-calls.zip")
    view = open_view(run)
    page = view.sandbox.page
    go_to_last_page(qtbot, page)
    assert "Score: 100" in take_the_quiz(qtbot, page)
    view.flush()
    saved = rows(run)["item_1"]["cmi"]
    assert (saved["completion_status"], saved["success_status"]) == ("completed", "passed")
    assert float(saved["score"]["scaled"]) == 1.0 and saved["location"] == "14"
    assert reopened(run).is_done(run.step)


def test_scorm2004_sequencing_goes_from_a_completed_sco_to_the_next(qtbot, add, open_view):
    """The remediation course is flow-only (no choice): the first content SCO is read to its
    last page, which completes and satisfies it; the kiosk finishes it and asks the sequencer to
    continue through its own endpoint, and the next SCO (Etiquette) is delivered and starts."""
    run = add("scorm2004-3rd-sequencing-simple-remediation.zip")
    view = open_view(run)
    page = view.sandbox.page
    go_to_last_page(qtbot, page)
    qtbot.waitUntil(lambda: rows(run).get("playing_item", {}).get("cmi", {}).get("completion_status") == "completed")
    view.flush()
    playing = rows(run)["playing_item"]
    assert playing["final"] and playing["cmi"]["success_status"] == "passed"
    with qtbot.waitSignal(view.launched, timeout=10000) as launched:
        answer = js(qtbot, page, "(function(){var x=new XMLHttpRequest();x.open('POST','/__kiosk/nav',false);"
                                 "x.send(JSON.stringify({request:'continue'}));return x.responseText})()")
        assert json.loads(answer)["result"] == "true"
    assert launched.args == ["etuqiette_item"]
    wait_for(qtbot, view.sandbox.page, "window.API_1484_11.isInitialized()")
    assert wait_for(qtbot, view.sandbox.page, f"{SCO}.location.search") == "?content=etiquette"
    assert not reopened(run).is_done(run.step)  # the quizzes are still to come


def test_h5p_true_false_answered_right_is_recorded_done_and_resumed(qtbot, add, open_view):
    run = add("h5p-true-false.h5p")
    view = open_view(run)
    page = view.sandbox.page
    content = "document.querySelector('iframe.h5p-iframe').contentDocument"
    wait_for(qtbot, page, f"window.kioskReady && {content}.querySelectorAll('.h5p-true-false-answer').length === 2")
    # The item's right answer is False (content/content.json): click it, then Check.
    js(qtbot, page, f"Array.prototype.find.call({content}.querySelectorAll('.h5p-true-false-answer'),"
                    " function (a) { return a.textContent.trim() === 'False'; }).click(); true")
    js(qtbot, page, f"{content}.querySelector('.h5p-question-check-answer').click(); true")
    qtbot.waitUntil(lambda: "__h5p_result" in rows(run), timeout=10000)
    result = rows(run)["__h5p_result"]
    assert result["completed"] is True and result["success"] is True and result["score"] == 1.0
    assert reopened(run).is_done(run.step)
    view.flush()  # leaving: the item's own state is saved for next time
    assert json.loads(rows(run)["__h5p"]["data"]) == {"answer": False}

    again = open_view(reopened(run))  # back again: the item shows the answer they gave
    page = again.sandbox.page
    checked = f"{content}.querySelector('.h5p-true-false-answer[aria-checked=\"true\"]').textContent.trim()"
    assert wait_for(qtbot, page, f"window.kioskReady && {checked}") == "False"


def test_content_try_says_every_corpus_package_plays_here(content_try):
    for name, child in content_try.items():
        out, err = child.communicate(timeout=90)
        report = json.loads(out)
        assert child.returncode == 0, (name, report, err[-2000:])
        assert report["initialised"] and report["missing"] == [] and report["media_errors"] == []


# --- cmi5: the ADL CATAPULT course examples -----------------------------------------------------
CMI5_COURSES = ("cmi5-single-au-basic-responsive.zip", "cmi5-masteryscore-responsive.zip")


def lrs_verbs(run: ModuleRun) -> list[str]:
    """The verbs the learner's registration holds in the kiosk's LRS, in stored order."""
    from kiosk.core.store.lrs import LrsScope

    store, scope = run.learning.store, LrsScope(run.learning.learner.id, run.module.id)
    return [verb.rsplit("/", 1)[-1] for verb, _ in store.lrs.registration_verbs(scope, store.lrs.registration(scope))]


@pytest.mark.parametrize("name", CMI5_COURSES)
def test_cmi5_catapult_course_played_through_its_quiz_to_satisfied_completes_the_module(qtbot, add, open_view, name):
    run = add(name)
    assert run.step.standard == "cmi5" and not run.completed
    package = run.module.packages["package"]
    assert (package.root / "video" / "mountains_31175.webm").is_file()  # the H.264 MP4 was converted
    view = open_view(run)
    page = view.sandbox.page
    # Its first page shows once the AU has fetched its token, read LMS.LaunchData and sent
    # 'initialized' (course.js navigates only after that) and found no bookmark (a 404).
    wait_for(qtbot, page, "document.querySelector('.footerbar') !== null && course.currentPageIdx === 0")
    quiz = js(qtbot, page, "course.pageList.indexOf('quiz')")
    assert quiz > 0
    while js(qtbot, page, "course.currentPageIdx") < quiz:  # "Next Section", as a learner clicks it
        js(qtbot, page, "document.querySelector('.footerbar').click(); true")
    wait_for(qtbot, page, "document.getElementsByName('q0').length > 0")
    js(qtbot, page, "[...document.querySelectorAll('button')].find(b => b.textContent.includes('Select correct'))"
                    ".click(); true")
    js(qtbot, page, "[...document.querySelectorAll('button')].find(b => b.textContent.includes('Submit Answers'))"
                    ".click(); true")
    qtbot.waitUntil(lambda: run.is_done(run.step), timeout=15000)
    assert run.completed  # the module's completion follows the course's moveOn (CompletedOrPassed)
    # "Exit the Course" on the score panel: enabled once the AU's statements are all answered.
    wait_for(qtbot, page, "!document.querySelector('#score-panel .exit-button').disabled")
    js(qtbot, page, "document.querySelector('#score-panel .exit-button').click(); true")
    qtbot.waitUntil(lambda: "terminated" in lrs_verbs(run), timeout=15000)
    verbs = lrs_verbs(run)
    assert verbs[:2] == ["launched", "initialized"]
    assert {"passed", "completed"} <= set(verbs) and verbs.count("satisfied") == 2  # the AU and the course
    assert "abandoned" not in verbs and not view.sandbox.report.blocked
    answer = reopened(run).answer(run.step)
    assert answer["via"] == "package" and answer["success"] is True and answer["score"] == 1.0
