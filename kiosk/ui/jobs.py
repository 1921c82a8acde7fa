"""Background jobs: a plain function run on a worker thread, its outcome told on the GUI thread.

As Anki's ``QueryOp``/``CollectionOp`` do: the work is a plain function (in core, tested directly)
that takes a ``report(done, total)`` callable; a ``Job`` runs it off the GUI thread and says how it
went with signals, never touching a widget, so the screen decides how to show it::

    job = Job(lambda report: import_content(source, ..., progress=report), name="pack-import")
    job.progress.connect(bar.show_progress)  # (done, total), 64-bit: byte counts pass 2**31
    job.finished.connect(screen.show_result)  # what the function returned
    job.failed.connect(screen.say)  # a core error in the interface language, or one calm message
    job.start()

``finished``, ``failed`` and ``cancelled`` are delivered on the thread that made the job (the GUI
thread), each job ending with exactly one of them. A core error (``KioskError``) is said in its own
words; anything else is a bug: logged with its traceback, and the screen gets one translated
message that points to the log. ``cancel()`` asks the job to stop: its next progress report raises
``CancelledError`` in the worker thread, and whatever the function still returns is not delivered.
Keep the job until it has ended, and ``wait()`` for it before its parent goes (a running QThread
must not be destroyed).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from kiosk.core.errors import KioskError
from kiosk.ui.language import error_text

log = logging.getLogger(__name__)

Report = Callable[[int, int], None]
"""``report(done, total)``: how far the work has come, in whatever units it counts."""


class CancelledError(Exception):
    """Raised by ``report()`` in the worker thread once the job has been cancelled."""


def unexpected_problem() -> str:
    """The one message a screen shows when a background job stopped because of a bug."""
    return QCoreApplication.translate(
        "Job", "That could not be finished because of an unexpected problem. The details are in the kiosk's log.")


class Job(QObject):
    """Runs ``work(report)`` once on its own thread (see the module's docstring).

    Signals:
        progress(done, total): emitted at most once per 0.5% so a long job cannot flood the event
            loop; from the worker thread (queued to slots in the GUI thread).
        finished(object): what ``work`` returned.
        failed(str): why it did not finish, in plain words for the screen.
        cancelled(): it stopped (or its result was dropped) because ``cancel()`` was called.
    """

    # By C++ type name: byte counts pass 2**31, which Signal(int, int) would wrap. PySide6 takes
    # type names; its stubs say only types, so mypy is wrong here.
    progress = Signal("qint64", "qint64")  # type: ignore[arg-type]
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    _ended = Signal(object, object)
    """(result, exception) from the worker thread; ``_deliver`` runs on the job's own thread."""

    def __init__(self, work: Callable[[Report], object], *, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._work = work
        self._stop = threading.Event()
        self._last_step = -1
        self._thread = _JobThread(self._run, name, self)
        self._ended.connect(self._deliver)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report; nothing but ``cancelled`` follows."""
        self._stop.set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until the job's thread has ended (e.g. before its screen or the app goes)."""
        return self._thread.wait() if milliseconds < 0 else self._thread.wait(milliseconds)

    def _run(self) -> None:
        """On the worker thread."""
        try:
            result = self._work(self._report)
        except Exception as exc:  # a bug must still end the thread and tell the screen
            self._ended.emit(None, exc)
        else:
            self._ended.emit(result, None)

    def _report(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise CancelledError
        step = 1000 * done // max(total, 1) // 5
        if step != self._last_step:
            self._last_step = step
            self.progress.emit(done, total)

    def _deliver(self, result: object, error: Exception | None) -> None:
        if self._stop.is_set():
            log.info("Background job %s cancelled", self.name)
            self.cancelled.emit()
        elif isinstance(error, KioskError):
            log.warning("Background job %s refused: %s", self.name, error)
            self.failed.emit(error_text(error))
        elif error is not None:
            log.error("Background job %s failed unexpectedly", self.name, exc_info=error)
            self.failed.emit(unexpected_problem())
        else:
            self.finished.emit(result)


class _JobThread(QThread):
    def __init__(self, run: Callable[[], None], name: str, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._job = run

    def run(self) -> None:
        self._job()
