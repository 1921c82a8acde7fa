"""The cmi5 part of the package step: one AU at a time, the AU's own page opened at its launch
URL on the package origin (no kiosk player around it), its requests to ``/__lrs/`` and the fetch
URL answered by the learner path (``ModuleRun.cmi5_request``) through ``lrs_route``.

2xx statuses other than 200 reach the AU through ``lrs_route.STATUS_SCRIPT``, put into its page.

``launched`` is written (by ``cmi5_launch``) before the page is opened. When the learner leaves
the step, chooses another AU or signs out (the shell flushes the step), an AU that did not send
``terminated`` gets ``abandoned``; so does one left open by a crash, on the next launch.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QUrl
from PySide6.QtWebEngineCore import QWebEngineScript

from kiosk.core.cmi5.answers import Response
from kiosk.core.errors import KioskError
from kiosk.ui.web.lrs_route import STATUS_SCRIPT

if TYPE_CHECKING:
    from kiosk.core.cmi5.launch import Cmi5Session

log = logging.getLogger(__name__)

_NO_SESSION = Response(403, {"Content-Type": "application/json"}, b'{"error":"no AU is launched"}')


class Cmi5Player:
    """Launches AUs for a ``PackageView`` and answers their requests."""

    def __init__(self, view, origin: str):
        self.view = view
        self.origin = origin
        self.session: Cmi5Session | None = None
        """The ``Cmi5Session`` of the AU on screen, or None."""
        self.timings: list[float] = []
        """Seconds each statement request took in the kiosk (bench/cmi5_web.py)."""
        script = QWebEngineScript()
        script.setName("tip-kiosk-lrs-status")
        script.setSourceCode(STATUS_SCRIPT)
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)  # the AU's own fetch/XHR
        script.setRunsOnSubFrames(True)
        view.sandbox.page.scripts().insert(script)

    def launch(self, au_id: str | None) -> str | None:
        """Close the AU on screen (abandoned if it did not terminate) and open ``au_id`` (default:
        the first whose moveOn is not met). Returns the AU id, or None if it could not launch."""
        self.close()
        view = self.view
        try:
            self.session = session = view.run.cmi5_launch(view.step, self.origin, au_id, language=_language())
        except KioskError as exc:
            view._problem(str(exc), exc)
            return None
        view.sandbox.handler.lrs = self.route
        view.started_at = time.perf_counter()
        view.pages.setCurrentWidget(view.web_view)
        view.web_view.setZoomFactor(view._zoom())
        view.sandbox.page.setUrl(QUrl(session.launch_url))
        view.launched.emit(session.au.id)
        return session.au.id

    def route(self, method: str, path: str, query: dict, headers: dict, body: bytes):
        """One request of the AU on screen (called from the scheme handler)."""
        session = self.session
        if session is None:
            log.warning("cmi5: a request to %s came with no AU launched; refused", path[:120])
            return _NO_SESSION
        started = time.perf_counter()
        response, outcome = self.view.run.cmi5_request(self.view.step, session, method, path, query, headers, body)
        if outcome is not None:
            self.timings.append(time.perf_counter() - started)
            self.view._committed(session.au.id, session.terminated, outcome)
        return response

    def navigation(self) -> list:
        """Contents: each AU, with the word for where the learner is in it."""
        from kiosk.core.elearning.runtime import NavItem

        results = self.view.run.cmi5_au_results(self.view.step)
        items = []
        for sco in self.view.package.scos:
            result = results.get(sco.id)
            word = "not_attempted" if result is None else \
                {True: "passed", False: "failed"}.get(result.success, "completed" if result.completed else "incomplete")
            items.append(NavItem(sco.id, sco.title, True, False, word))
        return items

    def close(self) -> None:
        """The AU's page goes: ``abandoned`` unless it terminated. Requests it still sends are refused."""
        session, self.session = self.session, None
        if session is None:
            return
        try:
            if self.view.run.cmi5_close(session):
                log.info("cmi5: AU %s left without 'terminated'", session.au.id)
        except KioskError as exc:
            log.warning("cmi5: could not close the AU's session: %s", exc)


def _language() -> str:
    """The kiosk's interface language as a tag for the AU's learner preferences."""
    return QLocale().name().replace("_", "-") or "en-GB"
