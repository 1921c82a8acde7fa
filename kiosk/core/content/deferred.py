"""The programme, loaded once the sign-in screen is up instead of before it.

Reading and checking a programme takes 100-300 ms on the 2-core test PC (more for a large one), and
importing the content model (pydantic) about as much again; none of it is needed to show the
sign-in screen, which only shows the programme's title. So the kiosk (kiosk/ui/app.py and
kiosk/ui/shell.py) makes a ``DeferredProgramme``, shows the sign-in screen with ``title`` (peeked
from programme.yaml without parsing it), then calls ``start`` after the first paint: the load
runs on a worker thread (it builds new objects only; it touches no database and no Qt object),
and a learner who signs in first waits on a "getting your modules ready" line until ``done``.

This module imports nothing of the content model: importing it stays cheap.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.core.content.model import Programme

log = logging.getLogger(__name__)

PROGRAMME_FILE = "programme.yaml"

_TITLE = re.compile(r"^title:[ \t]*(?P<value>[^\n#]*?)[ \t]*(?:#.*)?$", re.MULTILINE)


def peek_title(folder: Path) -> str:
    """programme.yaml's top-level ``title`` when it is a plain or simply quoted one-line value,
    else "" (the screen then says "TIP Kiosk" until the content is loaded)."""
    try:
        with open(Path(folder) / PROGRAMME_FILE, encoding="utf-8", errors="replace") as handle:
            text = handle.read(64 * 1024)
    except OSError:
        return ""
    found = _TITLE.search(text)
    if found is None:
        return ""
    value = found["value"]
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    # Anything YAML would read otherwise (escapes, a flow or block value) waits for the real load.
    return "" if not value or any(c in value for c in "\\'\"{}[]|>&*!%@`") else value


class DeferredProgramme:
    """A programme loaded once, on a worker thread, by ``load`` (default: load_programme).

    ``on_done(callback)`` is called with the programme (None if loading failed: a bug, since bad
    content is reported in the programme, not raised) from the worker thread (a Qt caller passes
    it on to the main thread with a queued signal); ``get`` waits for it (or loads it on the calling
    thread if nothing started the load), so no caller ever sees a half-loaded programme.
    """

    def __init__(self, folder: Path, load: Callable[[Path], Programme] | None = None):
        self.folder = Path(folder)
        self.title = peek_title(self.folder)
        self._load = load
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self._thread: threading.Thread | None = None
        self._programme: Programme | None = None
        self._error: BaseException | None = None
        self._callbacks: list[Callable[[Programme | None], None]] = []

    def start(self) -> None:
        """Begin loading on a worker thread (once; later calls do nothing)."""
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="content-load", daemon=True)
            self._thread.start()

    def done(self) -> bool:
        return self._finished.is_set()

    def get(self) -> Programme:
        """The programme, waiting for the load (started here if it had not been)."""
        self.start()
        self._finished.wait()
        if self._error is not None:
            raise self._error
        assert self._programme is not None  # _run sets one or the other
        return self._programme

    def on_done(self, callback: Callable[[Programme | None], None]) -> None:
        """Call ``callback(programme)`` when loaded (at once, here, if it already is)."""
        with self._lock:
            if not self._finished.is_set():
                self._callbacks.append(callback)
                return
        callback(self._programme)

    def _run(self) -> None:
        try:
            if self._load is not None:
                programme: Programme | None = self._load(self.folder)
            else:
                from kiosk.core.content.loader import load_programme

                programme = load_programme(self.folder)
        except BaseException as exc:  # handed to whoever waits, never lost in the thread
            log.exception("Could not load the content from %s", self.folder)
            self._error = exc
            programme = None
        with self._lock:
            self._programme = programme
            self._finished.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(programme)
