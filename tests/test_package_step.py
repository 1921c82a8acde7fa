"""The package step (kiosk.ui.steps.package): SCORM 1.2 / 2004 and H5P packages played in the real
web view, saved at each commit, finished when the learner leaves, resumed, continued to the next
SCO; and a calm card on a kiosk without QtWebEngine.

Until the learner path's package methods land on ModuleRun, the view runs against
``RecordingRun`` (tests/web_helpers.py), which keeps commits in memory; the tests against the real
store are skipped with that reason."""

from __future__ import annotations

import json
import os
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.core.content import PackageStep
from kiosk.core.learning import ModuleRun
from kiosk.ui import web
from kiosk.ui.steps import view_class
from kiosk.ui.steps.package import RUNTIME, PackageView
from kiosk.ui.web import files
from tests.elearning_fixtures import h5p_package, scorm12_package, scorm2004_two_sco_package
from tests.web_helpers import FakeModule, RecordingRun, h5p, in_sco, js, scorm12, scorm2004, wait_sco

needs_web = pytest.mark.skipif(not web.webengine_available() or not files.vendor_dirs(),
                               reason="QtWebEngine is not installed (lean kiosk), or `make web` has not run")
needs_runtime = pytest.mark.skipif(not all(hasattr(ModuleRun, name) for name in RUNTIME),
                                   reason="ModuleRun has no package methods yet (kiosk.core.elearning runtime)")


def make_view(qtbot, run, step) -> PackageView:
    view = PackageView(run, step)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    return view


@pytest.fixture
def scorm12_setup(tmp_path):
    root = scorm12_package(tmp_path / "pkg")
    module = FakeModule("m", {"pkg": scorm12(root)})
    return RecordingRun(module), PackageStep(id="pkg", title="Package", standard="scorm_1.2")


def test_package_steps_use_the_package_view():
    assert view_class(PackageStep(id="pkg", title="P", standard="h5p")) is PackageView


def test_kiosk_start_does_not_import_the_web_engine():
    """Registering the step type must not pull QtWebEngineWidgets in (start-up time)."""
    import subprocess

    code = ("import sys, kiosk.ui.steps, kiosk.ui.shell; "
            "print('PySide6.QtWebEngineWidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_web_engine_is_loaded_at_start_only_for_programmes_with_packages(tmp_path):
    from kiosk.core.elearning.importer import add_package
    from kiosk.ui.web.scheme import content_uses_packages
    from tests.helpers import write_programme

    content = write_programme(tmp_path / "content", modules=2)
    assert not content_uses_packages(content)
    add_package(scorm12_package(tmp_path / "golf.zip"), content, module_id="golf", transcode=False)
    assert content_uses_packages(content)


def test_a_kiosk_without_the_web_engine_says_so_calmly(qtbot, monkeypatch, scorm12_setup):
    monkeypatch.setitem(sys.modules, "PySide6.QtWebEngineWidgets", None)  # import fails, as on a lean kiosk
    run, step = scorm12_setup
    view = make_view(qtbot, run, step)
    assert view.web_view is None and "QtWebEngine" in view.problem
    texts = " ".join(label.text() for label in view.findChildren(type(view.column.itemAt(0).widget())))
    assert "can't play this kind of module" in texts and "tell IT" in texts
    view.flush()  # leaving still works
    assert not view.media_playing() and run.commits == []


def test_as_root_with_the_engines_sandbox_on_the_step_says_so_instead_of_ending_the_kiosk(
        qtbot, monkeypatch, scorm12_setup):
    """Chromium ends the whole process when started as root with its sandbox on: the step must
    not start it, and says why (the learner's other steps and saved work are untouched)."""
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX", raising=False)
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    run, step = scorm12_setup
    view = make_view(qtbot, run, step)
    assert view.web_view is None and view.sandbox is None and "root" in view.problem
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox")
    assert not web.sandbox_refused()  # IT's explicit choice (tests, CI) lets it start


@needs_web
def test_scorm12_saves_each_commit_finishes_on_leaving_and_resumes(qtbot, scorm12_setup):
    run, step = scorm12_setup
    view = make_view(qtbot, run, step)
    page = view.sandbox.page
    wait_sco(qtbot, page)
    assert js(qtbot, page, in_sco("JSON.stringify(tipTest.resumed)")) == \
        '{"location":"","suspend_data":"","entry":"ab-initio"}'
    with qtbot.waitSignal(view.saved):
        assert js(qtbot, page, in_sco("tipTest.goTo(3)")) == "true"
    assert js(qtbot, page, in_sco("tipTest.answer(85)")) == "true"
    sco, cmi, final = run.commits[-1]
    assert (sco, final) == ("item-1", False)
    assert cmi["core"]["lesson_status"] == "passed" and cmi["core"]["score"]["raw"] == "85"
    assert cmi["core"]["student_name"] == "Learner" and cmi["core"]["student_id"] == "learner-7f3a"
    assert cmi["student_data"]["mastery_score"] == "80"
    view.flush()  # leaving the step: the SCO is finished and its final commit stored
    sco, cmi, final = run.commits[-1]
    assert final and cmi["core"]["exit"] == "suspend" and cmi["suspend_data"] == "page=3"
    assert run.launches == [("start", None)]  # leaving launches nothing else
    view.close()

    again = make_view(qtbot, run, step)
    wait_sco(qtbot, again.sandbox.page)
    resumed = js(qtbot, again.sandbox.page, in_sco("JSON.stringify(tipTest.resumed)"))
    assert resumed == '{"location":"3","suspend_data":"page=3","entry":"resume"}'


@needs_web
def test_huge_suspend_data_is_refused_and_nothing_saved_is_lost(qtbot, scorm12_setup):
    run, step = scorm12_setup
    view = make_view(qtbot, run, step)
    page = view.sandbox.page
    wait_sco(qtbot, page)
    js(qtbot, page, in_sco("tipTest.goTo(2)"))
    huge = in_sco("[tipTest.api.LMSSetValue('cmi.suspend_data', new Array(70001).join('x')),"
                  " tipTest.api.LMSCommit('')].join()")
    assert "false" in js(qtbot, page, huge)  # refused by the API or by the kiosk
    too_big = json.dumps({"cmi": {"core": {}, "suspend_data": "x" * 70000}})
    post = f"""(function () {{ var x = new XMLHttpRequest(); x.open('POST', '/__kiosk/commit?sco=item-1', false);
        x.send({json.dumps(too_big)}); return JSON.parse(x.responseText).result; }})()"""
    with qtbot.waitSignal(view.save_failed):  # the learner is told calmly that it was not saved
        assert js(qtbot, page, post) == "false"
    view.flush()  # the final commit carries it too, and is refused too
    assert run.saved["item-1"]["suspend_data"] == "page=2"
    assert run.saved["item-1"]["core"]["lesson_location"] == "2"


@needs_web
def test_api_calls_after_finish_get_an_error_code(qtbot, scorm12_setup):
    run, step = scorm12_setup
    view = make_view(qtbot, run, step)
    page = view.sandbox.page
    wait_sco(qtbot, page)
    js(qtbot, page, in_sco("tipTest.goTo(2)"))
    # In one go: the kiosk shows its end card once the page is done with the final commit.
    after = in_sco("[tipTest.finish(), tipTest.api.LMSSetValue('cmi.core.lesson_location', '9'),"
                   " tipTest.api.LMSCommit(''), tipTest.api.LMSGetLastError()].join()")
    finished, _set_value, commit, code = js(qtbot, page, after).split(",")
    # scorm-again lets a 1.2 SCO set values after LMSFinish; the kiosk refuses the commit.
    assert (finished, commit) == ("true", "false") and code != "0"
    assert run.saved["item-1"]["core"]["lesson_location"] == "2"
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.end_card)  # one SCO, finished
    view.flush()  # nothing left to finish: no error, nothing more stored
    assert sum(1 for commit in run.commits if commit[2]) == 1


@needs_web
def test_scorm2004_goes_on_to_the_second_sco_when_the_first_asks_to_continue(qtbot, tmp_path):
    root = scorm2004_two_sco_package(tmp_path / "pkg")
    run = RecordingRun(FakeModule("m", {"pkg": scorm2004(root, two=True)}))
    view = make_view(qtbot, run, PackageStep(id="pkg", title="Package", standard="scorm_2004"))
    assert view.contents_button.isVisibleTo(view)  # two SCOs: Contents is offered
    wait_sco(qtbot, view.sandbox.page)
    assert js(qtbot, view.sandbox.page, in_sco("tipTest.sco")) == "sco-1"
    js(qtbot, view.sandbox.page, in_sco("tipTest.answer(90)"))
    with qtbot.waitSignal(view.launched) as launched:
        js(qtbot, view.sandbox.page, in_sco("tipTest.finish('continue')"))
    assert launched.args == ["item-2"]
    qtbot.waitUntil(lambda: js(qtbot, view.sandbox.page, in_sco("window.tipTest && tipTest.sco")) == "sco-2",
                    timeout=10000)
    assert [c[0] for c in run.commits if c[2]] == ["item-1"]
    final_body = run.bodies[[c[2] for c in run.commits].index(True)]
    assert final_body["adl"]["nav"]["request"] == "continue"  # the player adds the SCO's request
    assert run.commits[-1][1]["learner_name"] == "Learner"
    with qtbot.waitSignal(view.ended):  # past the last SCO: the calm end card
        js(qtbot, view.sandbox.page, in_sco("tipTest.finish('continue')"))
    assert view.pages.currentWidget() is view.end_card


@needs_web
def test_an_h5p_answer_reaches_the_kiosk_without_the_learner(qtbot, tmp_path):
    root = h5p_package(tmp_path / "pkg")
    run = RecordingRun(FakeModule("m", {"pkg": h5p(root)}))
    view = make_view(qtbot, run, PackageStep(id="pkg", title="Package", standard="h5p"))
    page = view.sandbox.page
    content = "document.querySelector('iframe.h5p-iframe').contentWindow"  # h5p-standalone's frame
    ready = f"(function(){{try{{return !!(window.kioskReady && {content}.tipTest)}}catch(e){{return false}}}})()"
    qtbot.waitUntil(lambda: js(qtbot, page, ready) is True, timeout=15000)
    js(qtbot, page, f"{content}.tipTest.answer(1); true")
    qtbot.waitUntil(lambda: len(run.statements) >= 2)
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in run.statements]
    assert "answered" in verbs and "completed" in verbs
    assert all("actor" not in s for s in run.statements)
    answered = run.statements[verbs.index("answered")]
    assert answered["result"]["score"]["raw"] == 1 and answered["result"]["success"] is True


@needs_web
def test_f6_moves_focus_into_and_out_of_the_package(qtbot, scorm12_setup):
    from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

    run, step = scorm12_setup
    holder = QWidget()  # the player screen's buttons come after the step
    column = QVBoxLayout(holder)
    view = PackageView(run, step)
    column.addWidget(view)
    after = QPushButton("Next")
    column.addWidget(after)
    qtbot.addWidget(holder)
    holder.resize(1000, 700)
    holder.show()
    holder.activateWindow()
    view.web_view.setFocus()
    qtbot.waitUntil(lambda: view.web_view.hasFocus() or view.web_view.isAncestorOf(QApplication.focusWidget()))
    view._toggle_focus()
    assert QApplication.focusWidget() is after
    view._toggle_focus()
    focus = QApplication.focusWidget()
    assert focus is view.web_view or view.web_view.isAncestorOf(focus)


def spy_outcomes(run) -> list:
    """Record what the real commit_package returns (the real method still does the work)."""
    outcomes, real = [], run.commit_package

    def commit(*args, **kwargs):
        outcome = real(*args, **kwargs)
        outcomes.append(outcome)
        return outcome

    run.commit_package = commit
    return outcomes


@needs_web
@needs_runtime
def test_scorm12_with_the_real_store_keeps_score_and_place_and_is_done_once(qtbot, tmp_path):
    from tests.web_helpers import real_run

    run, step, store = real_run(tmp_path, scorm12_package(tmp_path / "golf.zip"))
    try:
        outcomes = spy_outcomes(run)
        view = make_view(qtbot, run, step)
        wait_sco(qtbot, view.sandbox.page)
        js(qtbot, view.sandbox.page, in_sco("tipTest.goTo(3)"))
        assert not run.is_done(step)
        js(qtbot, view.sandbox.page, in_sco("tipTest.answer(85)"))
        assert run.is_done(step)
        view.flush()
        assert [o.newly_done for o in outcomes] == [False, True, False]
        saved = run.package_state(step)["item-1"]["cmi"]
        assert saved["core"]["lesson_status"] == "passed" and saved["core"]["score"]["raw"] in ("85", 85)
        assert saved["suspend_data"] == "page=3"
        view.close()
    finally:
        store.close()

    again, step, store = real_run(tmp_path, tmp_path / "golf.zip")  # a new session on the same data
    try:
        view = make_view(qtbot, again, step)
        wait_sco(qtbot, view.sandbox.page)
        resumed = json.loads(js(qtbot, view.sandbox.page, in_sco("JSON.stringify(tipTest.resumed)")))
        assert resumed == {"location": "3", "suspend_data": "page=3", "entry": "resume"}
        assert again.is_done(step)
    finally:
        view.flush()
        store.close()


@needs_web
@needs_runtime
def test_scorm2004_with_the_real_store_continues_to_the_second_sco(qtbot, tmp_path):
    from tests.web_helpers import real_run

    run, step, store = real_run(tmp_path, scorm2004_two_sco_package(tmp_path / "two.zip"))
    try:
        view = make_view(qtbot, run, step)
        wait_sco(qtbot, view.sandbox.page)
        assert js(qtbot, view.sandbox.page, in_sco("tipTest.sco")) == "sco-1"
        js(qtbot, view.sandbox.page, in_sco("tipTest.answer(90)"))
        with qtbot.waitSignal(view.launched, timeout=10000) as launched:
            js(qtbot, view.sandbox.page, in_sco("tipTest.finish('continue')"))
        assert launched.args == ["item-2"]
        qtbot.waitUntil(lambda: js(qtbot, view.sandbox.page, in_sco("window.tipTest && tipTest.sco")) == "sco-2",
                        timeout=10000)
        assert not run.is_done(step)
        js(qtbot, view.sandbox.page, in_sco("tipTest.answer(95)"))
        view.flush()
        assert run.is_done(step)
        assert {item.id: item.status for item in run.package_navigation(step)}["item-2"] == "passed"
    finally:
        store.close()


@needs_web
@needs_runtime
def test_h5p_with_the_real_store_finishes_the_step(qtbot, tmp_path):
    from tests.web_helpers import real_run

    run, step, store = real_run(tmp_path, h5p_package(tmp_path / "quiz.h5p"))
    try:
        view = make_view(qtbot, run, step)
        page = view.sandbox.page
        content = "document.querySelector('iframe.h5p-iframe').contentWindow"
        ready = f"(function(){{try{{return !!(window.kioskReady && {content}.tipTest)}}catch(e){{return false}}}})()"
        qtbot.waitUntil(lambda: js(qtbot, page, ready) is True, timeout=15000)
        with qtbot.waitSignal(view.saved):
            js(qtbot, page, f"{content}.tipTest.answer(1); true")
        qtbot.waitUntil(lambda: run.is_done(step))
    finally:
        store.close()


@needs_web
@needs_runtime
@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_kiosk_killed_mid_lesson_resumes_from_the_last_acknowledged_commit(qtbot, tmp_path):
    """The child's whole process group (kiosk and Chromium's processes) is SIGKILLed just after
    a commit was acknowledged; a fresh kiosk gives the SCO that page back."""
    import signal
    import subprocess

    from tests.conftest import REPO
    from tests.web_helpers import real_run

    package = scorm12_package(tmp_path / "golf.zip")
    _run, _step, store = real_run(tmp_path, package)  # the programme and the learner, made once
    store.close()
    child = subprocess.Popen([sys.executable, "-m", "tests.web_crash_child", str(tmp_path), str(package)],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             start_new_session=True)
    try:
        assert child.stdout.readline().strip() == "READY"
        acknowledged = 0
        while acknowledged < 5:
            line = child.stdout.readline()
            assert line.startswith("ACK "), line
            acknowledged = int(line.split()[1])
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()

    run, step, store = real_run(tmp_path, package)
    try:
        saved = run.package_state(step)["item-1"]["cmi"]
        page = int(saved["core"]["lesson_location"])
        assert page >= acknowledged  # the last acknowledged page, or one committed just after it
        view = make_view(qtbot, run, step)
        wait_sco(qtbot, view.sandbox.page)
        resumed = json.loads(js(qtbot, view.sandbox.page, in_sco("JSON.stringify(tipTest.resumed)")))
        assert resumed["location"] == str(page) and resumed["suspend_data"] == f"page={page}"
        view.flush()
    finally:
        store.close()


@pytest.fixture(scope="module")
def webm_clip(tmp_path_factory):
    import shutil
    import subprocess

    if shutil.which("ffmpeg") is None:
        pytest.skip("needs ffmpeg (make test installs it)")
    path = tmp_path_factory.mktemp("media") / "clip.webm"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15", "-t", "6",
                    "-c:v", "libvpx", "-b:v", "2M", "-deadline", "realtime", "-cpu-used", "8", "-y", str(path)],
                   check=True, timeout=120)
    return path


@needs_web
def test_video_in_a_package_plays_seeks_holds_off_idle_and_pauses(qtbot, tmp_path, webm_clip):
    from tests.elearning_fixtures import scorm12_files, write_package

    video = '<video id="v" src="clip.webm" muted loop autoplay></video>'
    root = write_package(tmp_path / "pkg", scorm12_files(extra={"clip.webm": webm_clip.read_bytes()},
                                                         extra_html=video))
    run = RecordingRun(FakeModule("m", {"pkg": scorm12(root)}))
    view = make_view(qtbot, run, PackageStep(id="pkg", title="Package", standard="scorm_1.2"))
    page = view.sandbox.page
    wait_sco(qtbot, page)
    v = "document.getElementById('v')"
    qtbot.waitUntil(lambda: js(qtbot, page, in_sco(f"!{v}.paused && {v}.currentTime > 0.2")) is True, timeout=10000)
    js(qtbot, page, in_sco(f"{v}.currentTime = 4.5; true"))
    qtbot.waitUntil(lambda: js(qtbot, page, in_sco(f"{v}.currentTime >= 4.5 && {v}.readyState >= 2")) is True,
                    timeout=10000)
    view._poll_media()
    qtbot.waitUntil(view.media_playing)  # the idle sign-out waits, as for the kiosk's own video
    view.pause_media()
    qtbot.waitUntil(lambda: js(qtbot, page, in_sco(f"{v}.paused")) is True)
    view._poll_media()
    qtbot.waitUntil(lambda: not view.media_playing())
    assert js(qtbot, page, in_sco(f"{v}.error === null")) is True


@needs_web
def test_the_content_follows_the_learners_text_size(qtbot, scorm12_setup):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from kiosk.ui.theme import stylesheet

    run, step = scorm12_setup
    holder = QWidget()  # the shell sets a learner's display settings as a style sheet on the window
    QVBoxLayout(holder).addWidget(view := PackageView(run, step))
    qtbot.addWidget(holder)
    holder.setStyleSheet(stylesheet(1.0))
    holder.show()
    qtbot.waitUntil(lambda: view.web_view.zoomFactor() == pytest.approx(1.0, abs=0.05))
    holder.setStyleSheet(stylesheet(2.0, high_contrast=True))
    qtbot.waitUntil(lambda: view.web_view.zoomFactor() == pytest.approx(2.0, abs=0.1))


@needs_web
@needs_runtime
def test_in_the_kiosk_a_break_pauses_and_sign_out_finishes_the_package_first(qtbot, store, accounts, tmp_path):
    """The shell's own hooks, with its Python event filters on the application (which PySide
    6.11.3 cannot have while a web view exists: see kiosk/ui/appfilters.py): input inside the
    package reaches the idle sign-out; a break keeps the SCO where it is; signing out (as the idle
    sign-out does) runs LMSFinish and waits for its final commit before the learner is gone."""
    from kiosk.core.content import load_programme
    from kiosk.core.elearning.importer import add_package
    from kiosk.core.vault import open_package_rows
    from kiosk.ui import appfilters
    from kiosk.ui.services import Services
    from kiosk.ui.take_a_break import BreakScreen
    from tests.helpers import write_programme
    from tests.uihelpers import make_shell, register

    content = write_programme(tmp_path / "content", modules=1)
    add_package(scorm12_package(tmp_path / "golf.zip"), content, module_id="golf", transcode=False)
    shell = make_shell(qtbot, Services(store, accounts, load_programme(content)))
    register(qtbot, shell)
    shell.open_module("golf")
    view = shell.player.view
    assert isinstance(view, PackageView) and view.web_view is not None
    wait_sco(qtbot, view.sandbox.page)
    assert js(qtbot, view.sandbox.page, in_sco("tipTest.goTo(4)")) == "true"
    view._poll_media()  # (the page is looked at every 1.5 s; here, now)
    shell.idle.last_input = 0.0  # long ago, as far as the kiosk's own input watch knows
    qtbot.wait(200)
    js(qtbot, view.sandbox.page,
       in_sco("document.body.dispatchEvent(new KeyboardEvent('keydown', {bubbles: true})); true"))
    view._poll_media()  # the page says the learner typed: the idle sign-out knows they are here
    qtbot.waitUntil(lambda: shell.idle.last_input > 0.0)
    shell.take_a_break()
    assert shell.cover_showing(BreakScreen) and shell.player.view is view  # the place is kept
    key = shell.learning.learner.vault  # what the package saved is sealed under it (kiosk.core.vault)
    shell.sign_out("idle")
    row = open_package_rows(key, "golf", view.step.id, store.packages.rows(1, "golf", view.step.id))["item-1"]
    assert row.data["final"] is True and row.data["cmi"]["core"]["exit"] == "suspend"
    assert row.data["cmi"]["core"]["lesson_location"] == "4"
    assert appfilters.filters_paused()  # for the rest of the process (see kiosk/ui/appfilters.py)


@needs_web
def test_a_package_that_opens_its_player_in_a_popup_plays_in_the_same_view(qtbot, tmp_path):
    """Storyline-style launch: the launch page window.open()s the SCO, which finds the API
    through window.opener; an outside pop-up is refused and the package stays on screen."""
    from kiosk.core.elearning import Package, Sco
    from tests.elearning_fixtures import scorm12_files, write_package

    launch = ('<!doctype html><title>launch</title><script>'
              'window.addEventListener("load", function () { window.open("index.html", "player"); });</script>')
    root = write_package(tmp_path / "pkg", scorm12_files(extra={"launch.html": launch}))
    package = Package("scorm_1.2", root, "Popup course", (Sco("item-1", "Popup course", "launch.html"),))
    run = RecordingRun(FakeModule("m", {"pkg": package}))
    view = make_view(qtbot, run, PackageStep(id="pkg", title="Package", standard="scorm_1.2"))
    qtbot.waitUntil(lambda: view.web_view.page() is not view.sandbox.page, timeout=10000)
    popup = view.web_view.page()
    ready = "(function(){try{return !!(window.tipTest && tipTest.api)}catch(e){return false}})()"
    qtbot.waitUntil(lambda: js(qtbot, popup, ready) is True, timeout=10000)
    assert js(qtbot, popup, "tipTest.answer(90)") == "true"
    assert run.commits[-1][1]["core"]["score"]["raw"] == "90"
    js(qtbot, popup, "window.open('https://example.com/', '_blank'); true")
    qtbot.wait(300)
    js(qtbot, popup, "window.close(); true")
    qtbot.waitUntil(lambda: view.web_view.page() is view.sandbox.page)
    assert any("example.com" in url for url in view.sandbox.report.blocked)


@needs_web
def test_h5p_state_saved_as_h5p_posts_it_comes_back_on_the_next_visit(qtbot, tmp_path):
    root = h5p_package(tmp_path / "pkg")
    run = RecordingRun(FakeModule("m", {"pkg": h5p(root)}))
    step = PackageStep(id="pkg", title="Package", standard="h5p")
    view = make_view(qtbot, run, step)
    qtbot.waitUntil(lambda: js(qtbot, view.sandbox.page, "window.kioskReady === true") is True, timeout=15000)
    # What H5P's saver posts (a form) to the contentUserDataUrl the player gives it:
    post = """(function () { var x = new XMLHttpRequest();
      x.open('POST', H5PIntegration.ajax.contentUserData.replace(':contentId', 'c').replace(':dataType', 'state')
             .replace(':subContentId', '0'), false);
      x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
      x.send('data=' + encodeURIComponent('{"answer":1}') + '&preload=1&invalidate=1');
      return JSON.parse(x.responseText).success; })()"""
    assert js(qtbot, view.sandbox.page, post) is True
    assert run.h5p_data == '{"answer":1}'
    view.close()
    again = make_view(qtbot, run, step)
    qtbot.waitUntil(lambda: js(qtbot, again.sandbox.page, "window.kioskReady === true") is True, timeout=15000)
    preloaded = "JSON.stringify(Object.values(H5PIntegration.contents)[0].contentUserData)"
    assert '{\\"answer\\":1}' in js(qtbot, again.sandbox.page, preloaded)


@needs_web
def test_the_sco_gets_its_launch_data(qtbot, tmp_path):
    from kiosk.core.elearning import Package, Sco
    from tests.elearning_fixtures import scorm12_files, write_package

    root = write_package(tmp_path / "pkg", scorm12_files(launch_data="level=2"))
    package = Package("scorm_1.2", root, "Course", (Sco("item-1", "Course", "index.html", launch_data="level=2"),))
    run = RecordingRun(FakeModule("m", {"pkg": package}))
    view = make_view(qtbot, run, PackageStep(id="pkg", title="Package", standard="scorm_1.2"))
    wait_sco(qtbot, view.sandbox.page)
    assert js(qtbot, view.sandbox.page, in_sco("tipTest.api.LMSGetValue('cmi.launch_data')")) == "level=2"


@needs_web
@needs_runtime
def test_a_flow_only_course_moves_on_with_the_kiosks_next_part_when_its_rules_allow(qtbot, tmp_path):
    """A SCORM 2004 course without choice offers nothing in Contents: Next part is the learner's
    way on, enabled only when the sequencing rules let them move (the second part is disabled
    while the first is not satisfied; an unknown status disables nothing, as the standard's
    three-valued rule conditions say)."""
    from tests.web_helpers import real_run

    run, step, store = real_run(tmp_path, scorm2004_two_sco_package(tmp_path / "flow.zip", choice=False))
    try:
        view = make_view(qtbot, run, step)
        wait_sco(qtbot, view.sandbox.page)
        assert view.next_part.isVisibleTo(view) and view.previous_part.isVisibleTo(view)
        assert not any(item.enabled for item in run.package_navigation(step))  # nothing to choose
        assert not view.previous_part.isEnabled()
        js(qtbot, view.sandbox.page, in_sco("tipTest.answer(50)"))  # below the mastery score
        qtbot.waitUntil(lambda: not view.next_part.isEnabled(), timeout=5000)
        js(qtbot, view.sandbox.page, in_sco("tipTest.answer(90)"))
        qtbot.waitUntil(view.next_part.isEnabled, timeout=5000)
        with qtbot.waitSignal(view.launched, timeout=10000) as launched:
            qtbot.mouseClick(view.next_part, Qt.MouseButton.LeftButton)
        assert launched.args == ["item-2"]
        qtbot.waitUntil(lambda: js(qtbot, view.sandbox.page, in_sco("window.tipTest && tipTest.sco")) == "sco-2",
                        timeout=10000)
        assert run.package_state(step)["item-1"]["cmi"]["success_status"] == "passed"  # kept on the way
        qtbot.waitUntil(view.previous_part.isEnabled, timeout=5000)
        with qtbot.waitSignal(view.launched, timeout=10000) as launched:
            qtbot.mouseClick(view.previous_part, Qt.MouseButton.LeftButton)
        assert launched.args == ["item-1"]
        with qtbot.waitSignal(view.launched, timeout=10000) as launched:
            qtbot.mouseClick(view.next_part, Qt.MouseButton.LeftButton)
        assert launched.args == ["item-2"]
        # Past the last part the course ends (as a SCORM continue does): the end card shows.
        with qtbot.waitSignal(view.ended, timeout=10000):
            qtbot.mouseClick(view.next_part, Qt.MouseButton.LeftButton)
        assert not view.next_part.isEnabled() and not view.previous_part.isEnabled()
    finally:
        store.close()
    # A request the page still had in flight now finds the store closed: it is refused, not raised.
    assert view.bridge.handle("GET", "state", {}, None)["result"] == "false"
