"""Background jobs (kiosk/ui/jobs.py): the work runs on another thread, the GUI thread is never
blocked, and each job ends with one of finished, failed (in plain, translated words) or cancelled."""

from __future__ import annotations

import logging
import threading

from kiosk.core.errors import KioskError
from kiosk.ui.jobs import Job, Report, unexpected_problem
from kiosk.ui.language import Translations


def test_a_job_runs_off_the_gui_thread_and_its_result_arrives_on_it(qtbot):
    release = threading.Event()
    worker_threads: list[int] = []

    def work(report: Report) -> str:
        worker_threads.append(threading.get_ident())
        release.wait(10)  # held until the test has seen the GUI thread carry on
        return "done"

    job = Job(work, name="test-job")
    arrived: list[int] = []
    job.finished.connect(lambda _result: arrived.append(threading.get_ident()))
    job.start()
    qtbot.waitUntil(lambda: bool(worker_threads))  # the event loop runs while the work waits
    assert job.is_running() and not arrived
    with qtbot.waitSignal(job.finished, timeout=10_000) as finished:
        release.set()
    assert finished.args == ["done"]
    assert job.wait(5000)
    assert worker_threads != [threading.get_ident()] and arrived == [threading.get_ident()]


def test_a_bug_in_a_job_is_logged_and_shown_as_one_translated_message(qtbot, caplog, catalogues):
    def work(report: Report) -> None:
        raise ZeroDivisionError("a bug")

    translations = Translations(catalogues)
    translations.use("cy")
    try:
        job = Job(work, name="test-job")
        finished: list[object] = []
        job.finished.connect(finished.append)
        with caplog.at_level(logging.ERROR, logger="kiosk.ui.jobs"), \
                qtbot.waitSignal(job.failed, timeout=10_000) as failed:
            job.start()
        assert failed.args == [unexpected_problem()]
        assert "problem annisgwyl" in failed.args[0]  # said in Welsh, not in English
        assert "The details are in the kiosk's log" not in failed.args[0]
    finally:
        translations.use("en")
    assert not finished and job.wait(5000)
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and logged[0].exc_info[0] is ZeroDivisionError  # the traceback is in the log


def test_a_core_error_is_said_in_its_own_words(qtbot):
    def work(report: Report) -> None:
        raise KioskError("The pack is not signed by a trusted key.")

    job = Job(work, name="test-job")
    with qtbot.waitSignal(job.failed, timeout=10_000) as failed:
        job.start()
    assert failed.args == ["The pack is not signed by a trusted key."]
    assert job.wait(5000)


def test_a_cancelled_job_stops_at_its_next_progress_report_and_delivers_nothing_else(qtbot):
    reports: list[int] = []
    started = threading.Event()

    def work(report: Report) -> str:
        for done in range(1_000_000):
            report(done, 1_000_000)
            reports.append(done)
            started.set()
            threading.Event().wait(0.001)
        return "never reached"

    job = Job(work, name="test-job")
    outcomes: list[object] = []
    job.finished.connect(outcomes.append)
    job.failed.connect(outcomes.append)
    job.start()
    assert started.wait(10)
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        job.cancel()
    assert job.wait(5000) and not job.is_running()
    assert outcomes == [] and len(reports) < 1_000_000


def test_a_result_that_arrives_after_cancel_is_dropped(qtbot):
    release = threading.Event()
    job = Job(lambda report: release.wait(10) and "stale", name="test-job")
    results: list[object] = []
    job.finished.connect(results.append)
    job.start()
    job.cancel()  # the work has no progress report to stop at: it runs on, its result is not shown
    with qtbot.waitSignal(job.cancelled, timeout=10_000):
        release.set()
    assert job.wait(5000) and results == []


def test_progress_is_thinned_to_one_report_per_half_percent(qtbot):
    job = Job(lambda report: [report(done, 100_000) for done in range(100_001)], name="test-job")
    seen: list[tuple[int, int]] = []
    job.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.start()
    assert job.wait(5000)
    qtbot.waitUntil(lambda: seen[-1] == (100_000, 100_000))
    assert len(seen) == 201  # 0%, every 0.5% and 100%
