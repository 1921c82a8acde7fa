"""Sync in the background: the core engine on a QThread, on a timer and as soon as a network
appears. The worker never touches a widget; the screens never wait on it.

``SyncService`` lives in the main thread and owns the thread; ``SyncWorker`` lives in that thread
with its own database connection (one connection per thread) and runs ``SyncEngine.run_once``.
Network changes come from Qt's QNetworkInformation where a backend is available; otherwise, after
a run that found the LRS unreachable, the worker probes it cheaply until it answers.

Not a ``kiosk.ui.jobs.Job``: a job runs one function once and ends, while sync keeps a thread of
its own for the kiosk's whole run, with its timers and its database connection living there.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation

from kiosk.core.errors import KioskError
from kiosk.core.store import Store, open_store
from kiosk.core.sync import SyncConfig, SyncEngine, SyncReport, sync_status

log = logging.getLogger(__name__)

PROBE_MS = 60_000


class SyncWorker(QObject):
    """Runs in the sync thread. Emits ``progress(delivered, pending)`` during a run, then
    ``finished(SyncReport)`` or ``failed(message)``, and ``status(SyncStatus)`` after each."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    status = Signal(object)

    def __init__(self, data_dir: Path, config: SyncConfig, interval_ms: int, probe_ms: int = PROBE_MS,
                 watch_network: bool = True):
        super().__init__()
        self.data_dir = data_dir
        self.config = config
        self.interval_ms = interval_ms
        self.probe_ms = probe_ms
        self.watch_network = watch_network
        self.cancel = threading.Event()
        self.store: Store | None = None
        self.engine: SyncEngine | None = None
        self.running = False
        self.offline = False

    @Slot()
    def start(self) -> None:
        """Open this thread's own connection, start the timers, and try once straight away."""
        try:
            self.store, _ = open_store(self.data_dir)
        except KioskError as exc:  # the main thread's store works; records wait for a restart
            log.error("Sync cannot open the learner database: %s", exc)
            self.failed.emit(str(exc))
            return
        self.engine = SyncEngine(self.store, self.config, cancel=self.cancel, progress=self.progress.emit)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.run_now)
        self.timer.start(self.interval_ms)
        self.probe_timer = QTimer(self)
        self.probe_timer.timeout.connect(self._probe)
        self.status.emit(sync_status(self.store))
        QTimer.singleShot(0, self.run_now)

    @Slot()
    def run_now(self) -> None:
        if self.running or self.engine is None or self.cancel.is_set():
            return
        self.running = True
        try:
            report: SyncReport = self.engine.run_once()
        except Exception as exc:  # a bug must not end the thread: say so and try next time
            log.exception("Sync failed unexpectedly")
            self.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.offline = report.outcome == "offline"
            if self.offline and not self.watch_network:
                self.probe_timer.start(self.probe_ms)
            else:
                self.probe_timer.stop()
            self.finished.emit(report)
        finally:
            self.running = False
        self.status.emit(sync_status(self.engine.store))

    @Slot()
    def stop(self) -> None:
        for name in ("timer", "probe_timer"):
            timer = getattr(self, name, None)
            if timer is not None:
                timer.stop()
        if self.store is not None:
            self.store.close()
            self.store = None
        self.engine = None

    def _probe(self) -> None:
        if self.engine is not None and self.engine.probe():
            self.run_now()


class SyncService(QObject):
    """The main thread's handle on background sync. ``status`` re-emits the worker's status."""

    status = Signal(object)
    finished = Signal(object)
    _run_requested = Signal()
    _start_requested = Signal()
    _stop_requested = Signal()

    def __init__(self, data_dir: Path, config: SyncConfig, interval_ms: int, probe_ms: int = PROBE_MS,
                 use_network_information: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.worker_thread = QThread()  # (not self.thread: that is QObject.thread())
        self.worker_thread.setObjectName("sync")
        self.network = _network_information() if use_network_information else None
        self.worker = SyncWorker(data_dir, config, interval_ms, probe_ms, watch_network=self.network is not None)
        self.worker.moveToThread(self.worker_thread)
        # Every call into the worker is a queued signal: it runs in the sync thread.
        self._start_requested.connect(self.worker.start)
        self._run_requested.connect(self.worker.run_now)
        self._stop_requested.connect(self.worker.stop)
        self.worker.status.connect(self.status)
        self.worker.finished.connect(self.finished)
        if self.network is not None:
            self.network.reachabilityChanged.connect(self._reachability_changed)

    def start(self) -> None:
        self.worker_thread.start()
        self._start_requested.emit()

    def sync_now(self) -> None:
        self._run_requested.emit()

    def stop(self, wait_ms: int | None = None) -> None:
        """Cancel a run in progress (between requests), close the connection, end the thread.
        A request already on the wire is allowed its timeout."""
        if not self.worker_thread.isRunning():
            return
        if wait_ms is None:
            config = self.worker.config
            wait_ms = int((config.connect_timeout + config.read_timeout + 2) * 1000)
        self.worker.cancel.set()
        self._stop_requested.emit()
        self.worker_thread.quit()
        if not self.worker_thread.wait(wait_ms):
            log.error("The sync thread did not stop within %d ms", wait_ms)

    def _reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        if reachability in (QNetworkInformation.Reachability.Online, QNetworkInformation.Reachability.Site):
            log.info("A network appeared; sending waiting records")
            self.sync_now()


def _network_information() -> QNetworkInformation | None:
    """Qt's reachability backend, or None where no backend can report reachability."""
    try:
        if QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
            info = QNetworkInformation.instance()
            if info is not None and info.reachability() != QNetworkInformation.Reachability.Unknown:
                return info
    except Exception:  # the backends are plugins; a broken one must not stop the kiosk
        log.exception("Qt's network information is not available")
    return None
