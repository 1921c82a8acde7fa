"""Runs a content import (kiosk.core.content_import: a signed pack, or a SCORM/H5P/cmi5 package
added as a module) on its own thread.

Thin on purpose: the work and every check are in core. This only moves the call off the GUI thread
and reports back with signals. It never touches a widget, so the admin panel decides how progress
and outcomes are shown.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Iterable

from PySide6.QtCore import QObject, QThread, Signal

from kiosk.core.errors import KioskError
from kiosk.core.content_import import import_content
from kiosk.core.packs import Limits

log = logging.getLogger(__name__)


class PackImportWorker(QObject):
    """Import one pack in the background: connect to the signals, call ``start()``, keep a reference
    until ``finished`` or ``failed``.

    The worker itself stays in the thread that made it (the GUI thread); only the import runs on
    its QThread. So every slot connected to these signals, lambdas included, runs in the GUI thread.

    Signals:
        progress(done, total): bytes, as 64-bit numbers (packs can exceed 2 GB). Emitted at most
            once per 0.5% so a large pack cannot flood the event loop.
        finished(str): the pack is installed or the package added, said in plain words.
        failed(str): the pack was refused or could not be installed; the message says why in plain
            words, and the installed content is unchanged.
    """

    progress = Signal("qint64", "qint64")
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, source: Path, content_dir: Path, trusted_keys: Iterable[str],
                 limits: Limits = Limits(), parent: QObject | None = None):
        super().__init__(parent)
        self._args = (Path(source), Path(content_dir), tuple(trusted_keys), limits)
        self._thread = _Thread(self._run, self)
        self._last = -1

    def start(self) -> None:
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until the import thread has ended (e.g. before the app quits)."""
        return self._thread.wait() if milliseconds < 0 else self._thread.wait(milliseconds)

    def _run(self) -> None:
        """On the import thread."""
        source, content_dir, keys, limits = self._args
        try:
            result = import_content(source, content_dir, keys, limits, progress=self._report)
        except KioskError as exc:
            log.warning("Content import refused: %s", exc)
            self.failed.emit(str(exc))
        except Exception:  # a bug must still end the thread and tell the panel
            log.exception("Content import failed unexpectedly")
            self.failed.emit("The content import stopped because of an unexpected problem. The installed "
                             "content is unchanged; the log has the details for IT.")
        else:
            self.finished.emit(result)

    def _report(self, done: int, total: int) -> None:
        step = 1000 * done // max(total, 1) // 5
        if step != self._last:
            self._last = step
            self.progress.emit(done, total)


class _Thread(QThread):
    def __init__(self, job: Callable[[], None], parent: QObject):
        super().__init__(parent)
        self.setObjectName("pack-import")
        self._job = job

    def run(self) -> None:
        self._job()
