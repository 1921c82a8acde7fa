"""Start-up (issue 14): the sign-in screen comes first; the content, the heavy imports and the
web engine follow it. Behaviour only: the timings are in bench/foundation.py."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from kiosk.core.config import Settings
from kiosk.core.content import load_programme
from kiosk.core.content.deferred import DeferredProgramme, peek_title
from kiosk.ui.app import build_services, make_application
from kiosk.ui.content_wait import ContentWaitScreen
from kiosk.ui.shell import Shell
from tests.conftest import REPO

# Imported by a start before the sign-in screen's first paint, these cost 5-250 ms each (or tens
# of MB); each is needed only later (logging.handlers, with socket and pickle: at the log's
# rotation, after the paint).
HEAVY = ("pydantic", "yaml", "sqlite_utils", "httpx", "cryptography", "PySide6.QtWebEngineCore",
         "PySide6.QtWebEngineWidgets", "PySide6.QtMultimedia", "PySide6.QtCharts", "vlc",
         "kiosk.core.content.model", "kiosk.core.content.loader", "kiosk.core.learning",
         "kiosk.core.records", "kiosk.core.sync", "kiosk.ui.home", "kiosk.ui.module_screen",
         "kiosk.ui.progress", "kiosk.ui.trainer_home", "kiosk.ui.admin_panel.screen",
         "logging.handlers", "socket", "pickle")

def test_a_start_paints_the_sign_in_screen_before_any_heavy_import_then_loads_the_rest(tmp_path):
    """tip-kiosk's own start (tests/start_child.py). The sample programme has package steps, so
    the web engine's scheme is registered too, after the paint. The database exists already (the
    first start ever builds it with sqlite-utils). Before the paint the log file does not rotate
    yet and no application-wide filter is installed; after it, both are in place."""
    from kiosk.core.store import open_store

    store, _ = open_store(tmp_path / "data")
    store.close()
    child = subprocess.run([sys.executable, "-m", "tests.start_child", str(REPO / "modules"),
                            str(tmp_path / "data"), json.dumps(HEAVY)],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
    assert lines, child.stderr[-3000:]
    seen = json.loads(lines[-1])
    assert seen["before"] == []
    assert seen["content_at_paint"] is False
    assert seen["title"] == "Trauma-Informed Practice" == seen["banner"]
    assert (seen["log_rotates_at_paint"], seen["log_rotates_after"]) == (False, True)
    assert (seen["idle_hears_at_paint"], seen["idle_hears_after"]) == (False, True)
    log = (tmp_path / "data" / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "starting; content" in log  # the line written before the paint, by the plain handler


def test_a_package_opens_when_tip_pkg_was_registered_after_the_first_window(tmp_path):
    """QtWebEngine's scheme registration waits for the first paint (kiosk/ui/app.py): a SCORM
    package still loads over tip-pkg:// in the real web view."""
    from tests.elearning_fixtures import scorm12_package

    package = scorm12_package(tmp_path / "golf.zip")
    child = subprocess.run([sys.executable, "-m", "tests.late_scheme_child", str(tmp_path), str(package)],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    assert child.stdout.strip().splitlines()[-1:] == ["READY"], child.stderr[-3000:]


@pytest.fixture
def slow_start(qtbot, tmp_path, content_dir):
    """The real services, with the content's load held until the test releases ``gate`` (as a
    large programme on a slow disk would be)."""
    make_application()
    gate = threading.Event()

    def slow_load(folder: Path):
        gate.wait(30)
        return load_programme(folder)

    services = build_services(Settings(content_dir=content_dir, data_dir=tmp_path / "data"), content_later=True)
    services.course.deferred = DeferredProgramme(content_dir, load=slow_load)
    services.accounts.register("1234567", "629174", "Amira")
    shell = Shell(services)
    qtbot.addWidget(shell)
    shell.resize(1280, 800)
    shell.show()
    shell.activateWindow()
    qtbot.waitActive(shell)  # keyboard focus needs the active window (under Xvfb too)
    yield shell, services, gate
    gate.set()
    services.store.close()


def test_a_learner_signs_in_before_the_content_is_ready_waits_calmly_then_reaches_home(qtbot, slow_start):
    shell, services, gate = slow_start
    qtbot.waitUntil(lambda: services.course.deferred._thread is not None)  # started by the first paint
    assert services.programme is None and not services.course.deferred.done()
    assert shell.stack.currentWidget() is shell.signin

    shell.signin.code.setFocus()
    qtbot.keyClicks(shell.signin.code, "1234567")
    qtbot.keyClick(shell.signin.code, Qt.Key.Key_Return)
    qtbot.keyClicks(shell.signin.pin, "629174")
    with qtbot.waitSignal(shell.signin.signed_in, timeout=10_000):
        qtbot.keyClick(shell.signin.pin, Qt.Key.Key_Return)

    waiting = shell.stack.currentWidget()
    assert isinstance(waiting, ContentWaitScreen)
    assert waiting.line.text() == "Getting your modules ready…" and waiting.line.hasFocus()
    ticks = []  # the window is not frozen meanwhile: its event loop runs timers
    timer = QTimer(interval=10, timeout=lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5)
    timer.stop()
    assert shell.learning is None and isinstance(shell.stack.currentWidget(), ContentWaitScreen)

    gate.set()
    qtbot.waitUntil(lambda: shell.learning is not None, timeout=10_000)
    assert services.programme is not None and services.records is not None
    current = shell.stack.currentWidget()
    assert current is shell.home or current is shell.chooser  # a first sign-in may choose a pathway
    assert not any(isinstance(w, ContentWaitScreen) for w in shell.stack.findChildren(ContentWaitScreen)
                   if w.isVisible())


def test_the_sign_in_screen_shows_the_programme_title_before_the_content_is_read(slow_start):
    shell, services, _gate = slow_start
    assert services.programme is None
    assert shell.signin.heading.text() == peek_title(services.course.deferred.folder) != ""


def test_a_load_that_fails_shows_the_calm_error_screen_not_a_hang(qtbot, tmp_path, content_dir):
    make_application()
    services = build_services(Settings(content_dir=content_dir, data_dir=tmp_path / "data"), content_later=True)

    def broken(folder):
        raise RuntimeError("a bug in loading")

    services.course.deferred = DeferredProgramme(content_dir, load=broken)
    services.accounts.register("1234567", "629174", "Amira")
    shell = Shell(services)
    qtbot.addWidget(shell)
    shell.show()
    learner = services.accounts.sign_in("1234567", "629174")
    shell.start_session(learner)
    qtbot.waitUntil(lambda: shell.stack.currentWidget() is shell.error_screen, timeout=10_000)
    services.store.close()


@pytest.mark.parametrize("text, title", [
    ("schema_version: 4\nid: p\ntitle: Trauma-Informed Practice\n", "Trauma-Informed Practice"),
    ("title: 'Gwaith Diogel'  # Welsh\n", "Gwaith Diogel"),
    ('title: "Plain quoted"\n', "Plain quoted"),
    ("title:\n  en: Two\n  cy: Dau\n", ""),  # per-language: waits for the real load
    ('title: "Has \\"escapes\\""\n', ""),
    ("support:\n  - title: not this one\n", ""),
])
def test_peek_title_reads_only_what_is_plain(tmp_path, text, title):
    (tmp_path / "programme.yaml").write_text(text, encoding="utf-8")
    assert peek_title(tmp_path) == title


def test_peek_title_without_a_programme_file(tmp_path):
    assert peek_title(tmp_path / "missing") == ""


def test_deferred_programme_loads_once_and_tells_late_listeners(content_dir):
    calls = []

    def counted(folder):
        calls.append(folder)
        return load_programme(folder)

    deferred = DeferredProgramme(content_dir, load=counted)
    heard = []
    deferred.on_done(heard.append)
    first = deferred.get()  # nothing had started it: get() does
    deferred.start()
    assert deferred.get() is first and len(calls) == 1 and heard == [first]
    late = []
    deferred.on_done(late.append)
    assert late == [first]


def test_work_after_the_first_paint_runs_once_and_even_without_a_paint(qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from kiosk.ui import content_wait

    make_application()
    shown, hidden = QLabel("Sign in"), QLabel("never shown")
    qtbot.addWidget(shown)
    qtbot.addWidget(hidden)
    monkeypatch.setattr(content_wait, "LATEST_MS", 300)
    ran = []
    content_wait.after_first_paint(shown, lambda: ran.append("shown"))
    content_wait.after_first_paint(hidden, lambda: ran.append("hidden"))
    shown.show()
    qtbot.waitUntil(lambda: "shown" in ran)
    assert "hidden" not in ran  # its paint has not come, and it is not yet time
    qtbot.waitUntil(lambda: "hidden" in ran, timeout=3000)
    shown.repaint()
    qtbot.wait(400)  # past the shown label's own latest time too
    assert sorted(ran) == ["hidden", "shown"]


def test_application_filters_held_at_start_are_installed_at_release_in_order(qtbot):
    """The start holds the application-wide filters until the sign-in screen has painted
    (kiosk/ui/appfilters.py); one removed meanwhile never comes on."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    from kiosk.ui import appfilters

    make_application()
    heard = []

    class Note(QObject):
        def __init__(self, name):
            super().__init__()
            self.name = name

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.User:
                heard.append(self.name)
            return False

    first, second, gone = Note("first"), Note("second"), Note("gone")
    appfilters.hold()
    try:
        for note in (first, second, gone):
            appfilters.install(note)
        appfilters.remove(gone)
        target = QObject()
        QCoreApplication.sendEvent(target, QEvent(QEvent.Type.User))
        assert heard == []
    finally:
        appfilters.release()
    QCoreApplication.sendEvent(target, QEvent(QEvent.Type.User))
    assert heard == ["second", "first"]  # Qt asks the filter installed last first, as without holding
    for note in (first, second):
        appfilters.remove(note)
