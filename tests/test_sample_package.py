"""The sample programme's own SCORM 1.2 package (modules/07-principles-check) in the real web view:
it finds the kiosk's API, saves the learner's place and answers at each choice, reports
"completed" only when all six moments have an answer (with no mastery score, nobody fails), and
resumes where the learner left off."""

from __future__ import annotations

import pytest

from kiosk.core.content import PackageStep, load_programme
from kiosk.ui import web
from kiosk.ui.web import files
from tests.conftest import REPO
from tests.web_helpers import FakeModule, RecordingRun, in_sco, js

pytestmark = pytest.mark.skipif(not web.webengine_available() or not files.vendor_dirs(),
                                reason="QtWebEngine is not installed (lean kiosk), or `make web` has not run")


@pytest.fixture
def sample():
    module = load_programme(REPO / "modules").module("principles-check")
    step = next(s for s in module.steps if isinstance(s, PackageStep))
    return RecordingRun(FakeModule(module.id, dict(module.packages))), step


def open_view(qtbot, run, step):
    from kiosk.ui.steps.package import PackageView

    view = PackageView(run, step)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    page = view.sandbox.page
    qtbot.waitUntil(lambda: js(qtbot, page, "(function(){try{return !!document.getElementById('sco')"
                                            ".contentWindow.document.getElementById('progress').textContent}"
                                            "catch(e){return false}})()") is True, timeout=10000)
    return view, page


def choose(qtbot, page, principle: int) -> None:
    js(qtbot, page, in_sco(f"document.querySelectorAll('#options input')[{principle}].click()"))


def click(qtbot, page, button: str) -> None:
    js(qtbot, page, in_sco(f"document.getElementById('{button}').click()"))


def test_the_sample_package_saves_each_answer_completes_after_six_and_resumes(qtbot, sample):
    run, step = sample
    view, page = open_view(qtbot, run, step)
    assert js(qtbot, page, in_sco("document.getElementById('progress').textContent")) == "Moment 1 of 6"

    choose(qtbot, page, 0)  # safety, the suggested answer
    _, cmi, _ = run.commits[-1]
    assert cmi["suspend_data"] == "0-----" and cmi["core"]["lesson_status"] == "incomplete"
    assert js(qtbot, page, in_sco("document.getElementById('feedback').textContent")).startswith("Yes.")
    click(qtbot, page, "next")
    choose(qtbot, page, 4)  # another reasonable choice: the feedback explains, never scolds
    feedback = js(qtbot, page, in_sco("document.getElementById('feedback').textContent"))
    assert feedback.startswith("Empowerment may well be part of it too.")
    view.flush()  # the learner leaves part-way
    _, cmi, final = run.commits[-1]
    assert final and cmi["core"]["exit"] == "suspend" and cmi["core"]["lesson_location"] == "1"
    view.close()

    view, page = open_view(qtbot, run, step)
    assert js(qtbot, page, in_sco("document.getElementById('progress').textContent")) == "Moment 2 of 6"
    assert js(qtbot, page, in_sco("document.querySelectorAll('#options input')[4].checked")) is True
    for principle in (2, 3, 4, 5):
        click(qtbot, page, "next")
        choose(qtbot, page, principle)
    _, cmi, _ = run.commits[-1]
    assert cmi["core"]["lesson_status"] == "completed" and cmi["core"]["score"]["raw"] == "83"
    click(qtbot, page, "next")  # "Finish": the thank-you summary
    assert "5 of 6" in js(qtbot, page, in_sco("document.getElementById('summary-text').textContent"))
    view.close()
