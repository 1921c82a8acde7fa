"""Sync in the app: a worker thread with its own connection, started by the wiring, that sends
when a network appears and never makes the screens wait; and the status line trainers see."""

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtNetwork import QNetworkInformation

from kiosk.core.config import load_settings
from kiosk.core.learning import Learning
from kiosk.core.records import StatementMaker
from kiosk.core.sync import SyncStatus
from kiosk.ui.app import build_services, make_application, start_sync
from kiosk.ui.shell import Shell
from kiosk.ui.sync_status import SyncStatusPanel
from kiosk.ui.sync_worker import SyncService
from tests.lrs.ralph_server import Ralph, free_port
from tests.sync.support import config, held_by_lrs, queue_statements


@pytest.fixture
def service_factory(qtbot):
    made = []

    def make(data_dir, sync_config, **options):
        service = SyncService(data_dir, sync_config, interval_ms=options.pop("interval_ms", 600_000), **options)
        made.append(service)
        return service

    yield make
    for service in made:
        service.stop()


def test_the_worker_sends_on_its_own_thread_and_reports_status(qtbot, service_factory, ralph, store, data_dir,
                                                              programme, activity_base):
    ids = queue_statements(store, programme, 150, activity_base)
    service = service_factory(data_dir, config(ralph.endpoint, batch_size=50))
    threads, statuses = set(), []
    service.worker.progress.connect(lambda *_: threads.add(threading.get_ident()), Qt.ConnectionType.DirectConnection)
    service.status.connect(statuses.append)
    with qtbot.waitSignal(service.finished, timeout=60_000) as finished:
        service.start()
    assert finished.args[0].outcome == "delivered" and finished.args[0].delivered == 150
    assert threads and threading.get_ident() not in threads
    qtbot.waitUntil(lambda: statuses and statuses[-1].pending == 0)
    assert statuses[0].pending == 150 and statuses[-1].last_success is not None
    assert set(held_by_lrs(ralph, activity_base)) == set(ids)


def test_the_screens_never_wait_while_the_lrs_is_slow(qtbot, service_factory, proxy_factory, store, data_dir,
                                                     programme, activity_base):
    queue_statements(store, programme, 20, activity_base)
    proxy = proxy_factory(script=["delay", "delay"], delay_seconds=1.5)
    service = service_factory(data_dir, config(proxy.url(), read_timeout=1.0))
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    with qtbot.waitSignal(service.finished, timeout=60_000) as finished:
        service.start()
    timer.stop()
    assert finished.args[0].outcome == "delivered" and finished.args[0].requests >= 4
    assert ticks[-1] - ticks[0] > 2.0  # the run took a while...
    # ...and the event loop never stalled for anything like a request timeout (1 s here).
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 0.75


def test_sending_starts_as_soon_as_the_lrs_can_be_reached(qtbot, service_factory, proxy_factory, ralph, store,
                                                         data_dir, programme, activity_base):
    """Where Qt cannot report the network, a cheap probe of the LRS notices it coming back."""
    ids = queue_statements(store, programme, 10, activity_base)
    port = free_port()
    service = service_factory(data_dir, config(f"http://127.0.0.1:{port}/xAPI"), probe_ms=100,
                              use_network_information=False)
    with qtbot.waitSignal(service.finished, timeout=30_000) as first:
        service.start()
    assert first.args[0].outcome == "offline"
    with qtbot.waitSignal(service.finished, timeout=30_000) as second:
        proxy_factory(listen_port=port)  # the network is back
    assert second.args[0].outcome == "delivered" and set(held_by_lrs(ralph, activity_base)) == set(ids)


def test_a_network_appearing_triggers_a_send(qtbot, service_factory, ralph, store, data_dir, programme,
                                            activity_base):
    service = service_factory(data_dir, config(ralph.endpoint))
    with qtbot.waitSignal(service.finished, timeout=30_000):
        service.start()
    queue_statements(store, programme, 5, activity_base)
    with qtbot.waitSignal(service.finished, timeout=30_000) as blocker:
        service._reachability_changed(QNetworkInformation.Reachability.Online)  # as Qt reports it
    assert blocker.args[0].delivered == 5


def test_the_status_line_speaks_plainly_and_works_by_keyboard(qtbot):
    panel = SyncStatusPanel()
    qtbot.addWidget(panel)
    panel.show_status(SyncStatus("2026-03-14T15:09:26+00:00", None,
                                 "The LRS did not accept the kiosk's key and secret (401).", 12, 1, 40))
    assert "waiting to send: 12" in panel.summary.text() and "set aside (not accepted): 1" in panel.summary.text()
    assert "14 March 2026" in panel.summary.text()
    assert panel.problem.isVisibleTo(panel) and "key and secret" in panel.problem.text()
    assert panel.send_button.accessibleName() == "Send waiting records now"
    with qtbot.waitSignal(panel.send_requested):
        qtbot.keyClick(panel.send_button, Qt.Key.Key_Space)
    panel.show_status(SyncStatus(None, None, None, 0, 0, 0))
    assert "never" in panel.summary.text() and not panel.problem.isVisibleTo(panel)


def test_the_app_wires_pseudonyms_records_and_sync(qtbot, ralph, tmp_path, content_dir, activity_base):
    key = tmp_path / "org.key"
    key.write_text("an-organisation-key-for-tests\n")
    secret = tmp_path / "lrs.secret"
    secret.write_text(Ralph.secret)
    toml = tmp_path / "kiosk.toml"
    toml.write_text(f'data_dir = "data"\ncontent_dir = "{content_dir}"\n[sync]\nendpoint = "{ralph.endpoint}"\n'
                    f'key = "{Ralph.key}"\nsecret_file = "lrs.secret"\norganisation_secret_file = "org.key"\n'
                    f'activity_base = "{activity_base}"\n')
    settings = load_settings(toml, environ={})
    make_application()
    services = build_services(settings)
    assert isinstance(services.records, StatementMaker)
    learner = services.accounts.register("1234567", "629174")
    assert learner.pseudonym and len(learner.pseudonym) == 64
    Learning(services.store, services.programme, learner, services.records).open("module-1")
    shell = Shell(services)
    qtbot.addWidget(shell)
    sync = start_sync(settings, shell)
    try:
        qtbot.waitUntil(lambda: services.store.outbox.counts().pending == 0, timeout=30_000)
        [statement] = [s for s in ralph.statements() if s["object"]["id"].startswith(activity_base)]
        assert statement["actor"]["account"]["name"] == learner.pseudonym
        panel = shell.statusBar().findChild(SyncStatusPanel)
        qtbot.waitUntil(lambda: "waiting to send: 0" in panel.summary.text())
    finally:
        sync.stop()
        services.store.close()


def test_without_an_endpoint_there_is_no_sync(qtbot, tmp_path, content_dir):
    toml = tmp_path / "kiosk.toml"
    toml.write_text(f'data_dir = "data"\ncontent_dir = "{content_dir}"\n')
    settings = load_settings(toml, environ={})
    make_application()
    services = build_services(settings)
    shell = Shell(services)
    qtbot.addWidget(shell)
    assert start_sync(settings, shell) is None and shell.statusBar().findChild(SyncStatusPanel) is None
    services.store.close()
