"""cmi5 courses played in the kiosk: an AU written in code (plain fetch, no vendor library) in the
real sandboxed web view, talking to the kiosk's own LRS on the package origin, with the real
store. Launch, fetch once, LaunchData, the statement rules through the view, the step done once
when moveOn is met, abandoned on leaving, resume with the same registration and bookmark, and a
hostile AU contained."""

from __future__ import annotations

import json
import os
import sys

import pytest

from kiosk.ui import web
from kiosk.ui.steps.package import PackageView
from tests.cmi5_fixtures import AU_ID, cmi5_package
from tests.web_helpers import js

needs_web = pytest.mark.skipif(not web.webengine_available(), reason="QtWebEngine is not installed (lean kiosk)")
pytestmark = needs_web

SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"


def make_view(qtbot, run, step) -> PackageView:
    view = PackageView(run, step)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    return view


def call(qtbot, page, expr: str, timeout: int = 10000):
    """Await the AU's promise ``expr`` in the page and return its JSON value."""
    js(qtbot, page, f"window.__r = undefined; Promise.resolve({expr}).then("
                    "v => window.__r = JSON.stringify(v === undefined ? null : v), "
                    "e => window.__r = JSON.stringify(String(e))); 1")
    box = []
    qtbot.waitUntil(lambda: box.append(js(qtbot, page, "window.__r === undefined ? '-' : window.__r"))
                    or box[-1] != "-", timeout=timeout)
    return json.loads(box[-1])


def started(qtbot, view) -> None:
    qtbot.waitUntil(lambda: js(qtbot, view.sandbox.page, "document.title") == "started", timeout=15000)


def verbs(run, store) -> list[str]:
    from kiosk.core.store.lrs import LrsScope

    scope = LrsScope(run.learning.learner.id, run.module.id)
    return [verb.rsplit("/", 1)[-1] for verb, _ in store.lrs.registration_verbs(scope, store.lrs.registration(scope))]


def spy(run) -> list:
    outcomes, real = [], run.cmi5_request

    def request(*args, **kwargs):
        response, outcome = real(*args, **kwargs)
        outcomes.append(outcome)
        return response, outcome

    run.cmi5_request = request
    return outcomes


def test_an_au_launches_fetches_once_reads_launch_data_and_its_pass_finishes_the_step_once(qtbot, tmp_path):
    from kiosk.core.records import RecordPolicy, StatementMaker
    from tests.web_helpers import real_run

    run, step, store = real_run(tmp_path, cmi5_package(tmp_path / "course.zip"))
    try:
        run.learning.records = StatementMaker(RecordPolicy(run.learning.programme.id), store.progress.module_progress)
        outcomes = spy(run)
        view = make_view(qtbot, run, step)
        page = view.sandbox.page
        started(qtbot, view)
        launch = json.loads(js(qtbot, page, "JSON.stringify(au.launchData)"))
        assert launch["launchMode"] == "Normal" and launch["masteryScore"] == 0.5
        assert launch["moveOn"] == "CompletedAndPassed"
        assert js(qtbot, page, "au.initStatus") == 200
        assert js(qtbot, page, "au.activityId") == AU_ID
        endpoint = js(qtbot, page, "au.endpoint")
        assert endpoint.startswith("tip-pkg://") and endpoint.endswith("/__lrs/")
        assert verbs(run, store)[:2] == ["launched", "initialized"]  # launched before the page
        assert call(qtbot, page, "au.refetch()")["error-code"] == "1"  # the fetch URL answers once
        canary = "au.send('answered', {result: {response: 'CANARY-7f3e my secret answer'}})"
        assert call(qtbot, page, canary) == 200  # a cmi5 allowed statement: kept on the PC only
        assert call(qtbot, page, "au.send('completed', {result: {completion: true}})") == 200
        assert not run.is_done(step)  # CompletedAndPassed: not yet
        assert call(qtbot, page, "au.send('passed', {result: {success: true, score: {scaled: 0.4}}})") == 403
        assert call(qtbot, page, "au.send('passed', {result: {success: true, score: {scaled: 0.8}}})") == 200
        assert run.is_done(step) and run.completed
        assert call(qtbot, page, "au.send('terminated')") == 200
        assert call(qtbot, page, "au.send('experienced')") == 403  # after terminated: refused
        assert [o.newly_done for o in outcomes if o is not None].count(True) == 1
        recorded = verbs(run, store)
        assert recorded.count("satisfied") == 2  # the AU and the course, once each
        view.flush()
        assert "abandoned" not in verbs(run, store)  # it terminated
        assert run.progress[step.id].answer["score"] == 0.8
        # This learner has no pseudonym, so their records are unlinked: they wait in the pool to
        # be mixed with other learners' before they reach the outbox.
        payloads = [p for (p,) in store.conn.execute(
            "SELECT payload FROM outbox UNION ALL SELECT payload FROM unlinked_pool")]
        done = [json.loads(p) for p in payloads if '"completed"' in p and f"/steps/{step.id}" in p]
        assert len(done) == 1  # the kiosk's own record of the step, once
        assert done[0]["result"] == {"completion": True, "success": True, "score": {"scaled": 0.8}}
        actor = json.loads(js(qtbot, page, "JSON.stringify(au.actor)"))["account"]["name"]
        assert not any("CANARY-7f3e" in p or actor in p or "w3id.org/xapi/cmi5" in p for p in payloads)
    finally:
        store.close()


def test_leaving_without_terminated_is_abandoned_and_a_relaunch_resumes_registration_and_bookmark(qtbot, tmp_path):
    from tests.web_helpers import real_run

    run, step, store = real_run(tmp_path, cmi5_package(tmp_path / "course.zip", move_on="Completed", mastery=None))
    try:
        view = make_view(qtbot, run, step)
        started(qtbot, view)
        first = js(qtbot, view.sandbox.page, "au.registration")
        assert call(qtbot, view.sandbox.page, "au.putState('bookmark', {page: 3})") == 204  # the real status
        view.flush()  # the learner leaves the step (or signs out: the shell flushes the step)
        assert verbs(run, store)[-1] == "abandoned"
        view.close()
        again = make_view(qtbot, run, step)
        started(qtbot, again)
        assert js(qtbot, again.sandbox.page, "au.registration") == first
        assert json.loads(js(qtbot, again.sandbox.page, "JSON.stringify(au.bookmark)")) == {"page": 3}
        assert call(qtbot, again.sandbox.page, "au.send('completed', {result: {completion: true}})") == 200
        assert run.is_done(step)
        again.flush()
    finally:
        store.close()


def test_a_hostile_au_is_contained(qtbot, tmp_path, caplog):
    from tests.web_helpers import real_run

    run, step, store = real_run(tmp_path, cmi5_package(tmp_path / "course.zip"))
    try:
        view = make_view(qtbot, run, step)
        page = view.sandbox.page
        started(qtbot, view)
        other = "au.statement('experienced', {actor: {account: {homePage: 'https://x.invalid', name: 'someone'}}})"
        assert call(qtbot, page, f"au.post({other})") == 403
        satisfied = "au.send('satisfied'.replace('satisfied', 'https://w3id.org/xapi/adl/verbs/satisfied'))"
        assert call(qtbot, page, satisfied) == 403
        big = "au.send('experienced', {result: {response: 'x'.repeat(2000000)}})"
        assert call(qtbot, page, big) == 400
        flood = "au.post(Array.from({length: 1200}, () => au.statement('experienced')))"
        assert call(qtbot, page, flood, timeout=60000) == 200
        assert "has sent 1201 statements" in caplog.text  # initialized + the flood: IT can see a runaway AU
        assert call(qtbot, page, "au.send('terminated')") == 200
        assert call(qtbot, page, "au.send('passed', {result: {success: true, score: {scaled: 1}}})") == 403
        assert not run.is_done(step)
        assert verbs(run, store).count("experienced") == 1200
        assert not view.sandbox.report.blocked
        view.flush()
    finally:
        store.close()




@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_kiosk_killed_mid_au_loses_nothing_acknowledged_and_resumes_the_registration(qtbot, tmp_path):
    """The child's whole process group (kiosk and Chromium) is SIGKILLed while the AU saves its
    bookmark and sends statements; everything the AU was told was stored is there, the open
    session is abandoned at the next launch, which resumes the same registration and bookmark."""
    import signal
    import subprocess

    from tests.conftest import REPO
    from tests.web_helpers import real_run

    package = cmi5_package(tmp_path / "course.zip", move_on="Completed", mastery=None)
    _run, _step, store = real_run(tmp_path, package)  # the programme and the learner, made once
    store.close()
    child = subprocess.Popen([sys.executable, "-m", "tests.cmi5_crash_child", str(tmp_path), str(package)],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             start_new_session=True)
    try:
        ready = child.stdout.readline().split()
        assert ready[0] == "READY", ready
        acknowledged = 0
        while acknowledged < 20:
            line = child.stdout.readline()
            assert line.startswith("ACK "), line
            acknowledged = int(line.split()[1])
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()

    run, step, store = real_run(tmp_path, package)
    try:
        assert verbs(run, store).count("experienced") >= acknowledged
        view = make_view(qtbot, run, step)
        started(qtbot, view)
        page = view.sandbox.page
        assert js(qtbot, page, "au.registration") == ready[1]
        assert json.loads(js(qtbot, page, "JSON.stringify(au.bookmark)"))["n"] >= acknowledged
        assert "abandoned" in verbs(run, store)  # the killed session, written at this launch
        view.flush()
    finally:
        store.close()


def test_a_course_of_two_aus_offers_both_in_contents_and_is_done_when_both_are_satisfied(qtbot, tmp_path):
    from tests.web_helpers import real_run

    run, step, store = real_run(tmp_path, cmi5_package(tmp_path / "course.zip", move_on="Completed", mastery=None,
                                                        aus=2))
    try:
        view = make_view(qtbot, run, step)
        started(qtbot, view)
        assert view.contents_button.isVisible() and not view.next_part.isVisible()
        assert call(qtbot, view.sandbox.page, "au.send('completed', {result: {completion: true}})") == 200
        assert not run.is_done(step)  # the course needs both AUs
        view._fill_contents()
        actions = view.contents_menu.actions()
        assert [a.text() for a in actions] == ["Unit 1", "Unit 2"]
        actions[1].trigger()  # the learner chooses the second AU
        qtbot.waitUntil(lambda: js(qtbot, view.sandbox.page, "au.activityId") == AU_ID + "1", timeout=15000)
        started(qtbot, view)
        assert call(qtbot, view.sandbox.page, "au.send('completed', {result: {completion: true}})") == 200
        assert run.is_done(step) and verbs(run, store).count("abandoned") == 1  # the first left without terminated
        view.flush()
    finally:
        store.close()
