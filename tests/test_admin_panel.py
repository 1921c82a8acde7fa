"""The admin panel's actions, driven by the keyboard: what works with the parts this kiosk has,
and a plain "not set up on this kiosk" for the parts it lacks."""

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

import kiosk.core.admin
from kiosk.core.admin import AdminGate
from kiosk.core.logsetup import setup_logging
from kiosk.core.sync import SyncStatus, sync_status
from kiosk.ui.admin_panel import AdminTools
from kiosk.ui.admin_panel.screen import AdminScreen
from kiosk.ui.app import make_application

PASSPHRASE = "staff only passphrase"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    monkeypatch.setattr(kiosk.core.admin, "_SCRYPT", {"n": 2**10, "r": 8, "p": 1})


def open_panel(qtbot, store, accounts, **optional) -> AdminScreen:
    make_application()
    gate = AdminGate(store)
    gate.set_passphrase(PASSPHRASE)
    screen = AdminScreen(AdminTools(gate, accounts, **optional))
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show()
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert screen.unlocked()
    return screen


def test_parts_this_kiosk_lacks_say_they_are_not_set_up(qtbot, store, accounts):
    screen = open_panel(qtbot, store, accounts)
    assert not screen.sync_tab.sync_button.isEnabled()
    assert screen.sync_tab.sync_message.text() == "Sending records is not set up on this kiosk."
    assert screen.sync_tab.queue.text() == "The record queue is not set up on this kiosk."
    assert not screen.content_tab.import_button.isEnabled()
    assert screen.content_tab.import_message.text() == "Importing content is not set up on this kiosk."
    assert not screen.checks_tab.doctor_button.isEnabled()


def test_the_queue_is_shown_and_send_now_starts_a_sync(qtbot, store, accounts):
    calls = []
    status = SyncStatus(last_success=None, last_attempt="2026-12-15T12:00:00+00:00", pending=3, quarantined=1,
                        delivered=10, last_error="The LRS was unreachable.")
    screen = open_panel(qtbot, store, accounts, sync_now=lambda: calls.append("sync"),
                        sync_status=lambda: status)
    sync = screen.sync_tab
    assert "Records waiting to send: 3" in sync.queue.text()
    assert "Records set aside (not accepted): 1" in sync.queue.text()
    assert "Last problem: The LRS was unreachable." in sync.queue.text()
    status = SyncStatus(last_success="2026-12-15T12:00:00+00:00", last_attempt="2026-12-15T12:00:00+00:00",
                        pending=0, quarantined=1, delivered=13, last_error=None)
    qtbot.keyClick(sync.sync_button, Qt.Key.Key_Space)
    assert calls == ["sync"]
    assert "Records waiting to send: 0" in sync.queue.text() and "15 December 2026" in sync.queue.text()


def test_the_real_outbox_counts_are_shown(qtbot, store, accounts):
    screen = open_panel(qtbot, store, accounts, sync_status=lambda: sync_status(store))
    assert "Records waiting to send: 0" in screen.sync_tab.queue.text()


class PackWorker(QObject):
    """Stands in for the content-pack worker (built elsewhere) with the signals the panel uses."""

    progress = Signal("qint64", "qint64")  # bytes done, bytes in all: packs can pass 2 GB
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, path):
        super().__init__()
        self.path = path


def test_importing_a_pack_shows_progress_then_the_result(qtbot, store, accounts, tmp_path):
    workers = []

    def start(path):
        workers.append(PackWorker(path))
        return workers[-1]

    screen = open_panel(qtbot, store, accounts, start_import=start)
    pack = tmp_path / "programme-v2.tippack"
    screen.content_tab.start_import(pack)
    assert workers[0].path == pack
    assert not screen.content_tab.import_progress.isHidden() and not screen.content_tab.import_button.isEnabled()
    workers[0].progress.emit(3_000_000_000, 6_000_000_000)  # past 2**31: kept in range
    assert screen.content_tab.import_progress.value() * 2 == screen.content_tab.import_progress.maximum()
    workers[0].finished.emit("Programme version 2 is installed.")
    assert screen.content_tab.import_message.text() == "Imported. Programme version 2 is installed."
    assert screen.content_tab.import_progress.isHidden() and screen.content_tab.import_button.isEnabled()

    screen.content_tab.start_import(pack)
    workers[1].failed.emit("the signature does not match")
    assert screen.content_tab.import_message.text() == "Not imported: the signature does not match"


def test_an_admin_creates_a_trainer_account(qtbot, store, accounts):
    screen = open_panel(qtbot, store, accounts)
    screen.tabs.setCurrentIndex(screen.tabs.count() - 1)
    qtbot.keyClicks(screen.trainers_tab.trainer_code, "TR-001")
    qtbot.keyClicks(screen.trainers_tab.trainer_pin, "calm river 42")
    qtbot.keyClicks(screen.trainers_tab.trainer_pin_again, "calm river 42")
    qtbot.keyClick(screen.trainers_tab.trainer_pin_again, Qt.Key.Key_Return)
    assert screen.trainers_tab.trainer_message.text() == "The trainer account was created."
    assert accounts.sign_in("TR-001", "calm river 42").role == "trainer"
    assert screen.trainers_tab.trainer_pin.text() == "" and screen.trainers_tab.trainer_code.text() == ""


def test_a_trainer_account_needs_matching_pins(qtbot, store, accounts):
    screen = open_panel(qtbot, store, accounts)
    qtbot.keyClicks(screen.trainers_tab.trainer_code, "TR-002")
    qtbot.keyClicks(screen.trainers_tab.trainer_pin, "482915")
    qtbot.keyClicks(screen.trainers_tab.trainer_pin_again, "735061")
    qtbot.keyClick(screen.trainers_tab.trainer_button, Qt.Key.Key_Space)
    assert "different" in screen.trainers_tab.trainer_message.text()
    assert store.learners.count() == 0


def test_the_log_viewer_shows_the_end_of_the_kiosk_log_read_only(qtbot, store, accounts, data_dir):
    import logging

    path = setup_logging(data_dir)
    logging.getLogger("kiosk.test").warning("Marker line for the log viewer")
    for handler in logging.getLogger().handlers:
        handler.flush()
    screen = open_panel(qtbot, store, accounts, log_path=path)
    qtbot.keyClick(screen.log_tab.log_refresh, Qt.Key.Key_Space)
    assert "Marker line for the log viewer" in screen.log_tab.log_view.toPlainText()
    assert screen.log_tab.log_view.isReadOnly()


def test_run_the_checks_shows_the_doctors_results(qtbot, store, accounts, content_dir, data_dir, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    command = [sys.executable, "-m", "kiosk", "--content", str(content_dir), "--data-dir", str(data_dir)]
    screen = open_panel(qtbot, store, accounts, doctor_command=command)
    qtbot.keyClick(screen.checks_tab.doctor_button, Qt.Key.Key_Space)
    assert not screen.checks_tab.doctor_button.isEnabled()
    qtbot.waitUntil(screen.checks_tab.doctor_button.isEnabled, timeout=60_000)
    text = screen.checks_tab.doctor_output.toPlainText()
    assert "PASS  Content" in text and "PASS  Admin passphrase" in text, text
    assert "Standard packages (SCORM/H5P)" in text, text  # the web engine check shows here too


def test_the_panel_locks_itself_when_left_alone(qtbot, store, accounts):
    screen = open_panel(qtbot, store, accounts)
    screen.idle.setInterval(100)
    screen.idle.start()
    qtbot.waitUntil(lambda: not screen.unlocked())
    assert screen.passphrase.text() == ""


def test_leaving_the_panel_locks_it(qtbot, store, accounts):
    screen = open_panel(qtbot, store, accounts)
    with qtbot.waitSignal(screen.closed):
        qtbot.keyClick(screen.kiosk_tab.leave_button, Qt.Key.Key_Space)
    assert not screen.unlocked()
    QApplication.processEvents()
