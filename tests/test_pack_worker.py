"""The admin panel's background import: progress, then finished or failed, from another thread."""

from __future__ import annotations

import threading

from kiosk.core.content import load_programme
from kiosk.ui.pack_worker import PackImportWorker
from tests.pack_helpers import good_pack, snapshot


def test_worker_imports_on_its_own_thread_and_reports_progress(qtbot, installed, packs, key, trusted):
    pack = good_pack(packs, key, version=2)
    worker = PackImportWorker(pack, installed, trusted)
    progress: list[tuple[int, int]] = []
    threads: set[int] = set()
    slot_threads: set[int] = set()
    worker.progress.connect(lambda done, total: (progress.append((done, total)),
                                                 slot_threads.add(threading.get_ident())))
    worker._report = _spy(worker._report, threads)  # which thread does the work
    with qtbot.waitSignal(worker.finished, timeout=10_000) as done:
        worker.start()
    assert worker.wait(5000)
    assert "version 2 is installed" in done.args[0]
    assert progress and progress[-1][0] == progress[-1][1] == 2 * pack.stat().st_size
    assert threads and threading.get_ident() not in threads  # the work ran on another thread
    assert slot_threads == {threading.get_ident()}  # and its signals arrive on the GUI thread
    assert load_programme(installed).available


def test_worker_reports_a_refused_pack_in_plain_words(qtbot, installed, packs, key, trusted):
    pack = good_pack(packs, key, version=1)  # version 1 is already installed
    before = snapshot(installed.parent)
    worker = PackImportWorker(pack, installed, trusted)
    finished: list[object] = []
    worker.finished.connect(finished.append)
    with qtbot.waitSignal(worker.failed, timeout=10_000) as failed:
        worker.start()
    assert worker.wait(5000)
    assert "already installed" in failed.args[0]
    assert not finished and snapshot(installed.parent) == before


def test_progress_past_two_gigabytes_is_not_truncated(qtbot, installed, packs, key, trusted):
    worker = PackImportWorker(packs / "none.zip", installed, trusted)
    with qtbot.waitSignal(worker.progress) as signal:
        worker._report(3 * 2**30, 5 * 2**30)
    assert signal.args == [3 * 2**30, 5 * 2**30]


def _spy(report, threads: set[int]):
    def wrapper(done: int, total: int) -> None:
        threads.add(threading.get_ident())
        report(done, total)

    return wrapper


def test_a_scorm_package_chosen_in_the_panel_becomes_a_module(qtbot, installed, packs, trusted):
    """No signature beside it and an imsmanifest.xml inside: the panel's import adds it as a
    module of the installed programme instead of refusing it as an unsigned pack."""
    from kiosk.core.content import PackageStep
    from tests.elearning_fixtures import scorm12_package

    package = scorm12_package(packs / "vendor-course.zip")
    worker = PackImportWorker(package, installed, trusted)
    with qtbot.waitSignal(worker.finished, timeout=30_000) as done:
        worker.start()
    assert worker.wait(5000)
    assert "was added as the module" in done.args[0]
    added = [m for m in load_programme(installed).available if isinstance(m.steps[0], PackageStep)]
    assert len(added) == 1 and added[0].steps[0].standard == "scorm_1.2"


def test_a_signed_pack_is_never_taken_for_a_package(installed, packs, key):
    from kiosk.core.content_import import is_standard_package
    from tests.elearning_fixtures import h5p_package, scorm12_package

    assert not is_standard_package(good_pack(packs, key, version=2))
    assert is_standard_package(scorm12_package(packs / "a.zip"))
    assert is_standard_package(h5p_package(packs / "b.h5p"))
    (packs / "b.h5p.sig").write_text("signed")  # a signature beside it makes it a pack
    assert not is_standard_package(packs / "b.h5p")
