"""The kiosk's endpoints on the package origin, ``tip-pkg://<host>/__kiosk/...``. No Qt here.

The player pages (``player/``) talk to the kiosk only through these, with synchronous XHR (no
QWebChannel: one small, checkable surface). Everything the page sends is untrusted: bodies are
capped, parsed as JSON and type-checked before the learner path (``ModuleRun``) sees them, and
every answer is JSON the player understands, scorm-again's ``{"result": "true", "errorCode": 0}``
or an error result. The learner path checks the meaning (limits, SCORM vocabularies) and
raises ``PackageDataError`` for bad data, which becomes an error result and a log line.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from kiosk.core.errors import KioskError

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000
"""Largest body accepted from a page: a full SCORM 2004 commit with its 64,000-character
suspend_data and hundreds of interactions stays far below this."""
OK = {"result": "true", "errorCode": 0}
GENERAL_ERROR = 101
"""SCORM "general exception": the commit was refused; the SCO may retry."""
ENDING = ("exit", "exitAll", "suspendAll", "abandon", "abandonAll")
"""Requests after which nothing is launched: the 'finished this part' card shows."""
NAV_REQUESTS = ("start", "resumeAll", "continue", "previous", "choice", "jump", "exit", "exitAll",
                "abandon", "abandonAll", "suspendAll", "_none_")


def error(code: int = GENERAL_ERROR, message: str = "") -> dict[str, Any]:
    return {"result": "false", "errorCode": code, "message": message}


def _no_problem(text: str, error: Exception | None = None) -> None:
    """What BridgeEvents.problem does when nobody listens."""


@dataclass
class BridgeEvents:
    """What the view wants to hear about (plain callables so this module needs no Qt)."""

    committed: Callable[[str, bool, Any], None] = lambda sco, final, outcome: None
    """A SCO's commit was stored: (sco id, final, PackageOutcome)."""
    launch: Callable[[str | None, str], None] = lambda sco, request: None
    """The next SCO to show after a final commit or a navigation request (None: the end)."""
    problem: Callable[..., None] = _no_problem
    """Something the page sent was refused: (text for the log, the KioskError or None)."""


@dataclass
class Bridge:
    """Answers the player's requests for one package step of one ModuleRun."""

    run: Any
    step: Any
    package: Any
    events: BridgeEvents = field(default_factory=BridgeEvents)
    current: str | None = None
    """The SCO on screen (the player says which SCO each request is for; it must be this one)."""
    finished: bool = False
    """The SCO on screen has made its final commit: later commits are refused (SCORM 1.2 SCOs
    may still call LMSCommit after LMSFinish, and scorm-again passes it on)."""
    leaving: bool = False
    """Set while the view is flushing: a final commit then launches nothing."""
    timings: list[float] = field(default_factory=list)
    """Seconds each commit took in the learner path (for bench/elearning_web.py)."""

    def start(self, sco: str) -> None:
        """A SCO (or the H5P content) is being loaded."""
        self.current, self.finished, self.leaving = sco, False, False

    # -- requests ------------------------------------------------------------------------------
    def handle(self, method: str, name: str, query: dict[str, str], body: bytes | None) -> dict[str, Any]:
        """One ``/__kiosk/<name>`` request; never raises."""
        try:
            if method == "GET" and name == "state":
                return self.state()
            if method != "POST":
                return error(message="not found")
            if body is None or len(body) > MAX_BODY:
                self.events.problem(f"{name}: body missing or over {MAX_BODY} bytes")
                return error(message="too large")
            text = body.decode("utf-8")
            if name == "h5p-state" and not text.lstrip().startswith("{"):
                # H5P's own saver posts a form: data=<state JSON>&preload=1&invalidate=1
                data: Any = dict(parse_qsl(text, keep_blank_values=True))
                if query.get("type", "state") != "state":
                    return {**OK, "success": True}  # only the content's state is kept
            else:
                data = json.loads(text)
            if name == "commit":
                return self.commit(query.get("sco", ""), data, final=query.get("final") == "true")
            if name == "nav":
                return self.navigate(data)
            if name == "h5p":
                return self.h5p_event(data)
            if name == "h5p-state":
                return self.h5p_save(data)
            return error(message="not found")
        except (ValueError, UnicodeDecodeError) as exc:
            self.events.problem(f"{name}: not JSON ({exc})")
            return error(message="not JSON")
        except KioskError as exc:
            log.warning("Package %s refused %s: %s", self.step.id, name, exc)
            self.events.problem(str(exc), exc)
            return error(message=str(exc))
        except sqlite3.Error as exc:
            # The learner's store is closing (the kiosk is quitting, or the module was left while
            # the page still had a request in flight) or the disk failed: refuse this request; what
            # was committed before it is kept.
            log.warning("Package %s could not answer %s: %s", self.step.id, name, exc)
            return error(message="not saved")

    def state(self) -> dict[str, Any]:
        """What the player needs to start the current SCO (or the H5P content)."""
        learner_id, learner_name = self.run.package_learner()
        answer: dict[str, Any] = {"standard": self.package.standard,
                                  "learner": {"id": learner_id, "name": learner_name}}
        if self.package.standard == "h5p":
            answer["userData"] = self.run.h5p_state(self.step)
            return answer
        sco = self.sco(self.current)
        if sco is None:
            return error(message="no SCO")
        saved = self.run.package_state(self.step).get(sco.id) or {}
        answer.update(sco=sco.id, title=sco.title, href=sco.href, cmi=saved, launchData=sco.launch_data,
                      masteryScore=sco.mastery_score)
        return {**OK, **answer}

    def commit(self, sco_id: str, data: Any, final: bool) -> dict[str, Any]:
        if sco_id != self.current or self.sco(sco_id) is None:
            return error(message="not the SCO on screen")
        if self.finished:
            return error(message="the SCO has finished")
        if not isinstance(data, dict) or not isinstance(data.get("cmi"), dict):
            self.events.problem("commit: no cmi object")
            return error(message="no cmi object")
        started = time.perf_counter()
        # The whole body: {"cmi": {...}} and, on a SCORM 2004 final commit, {"adl": {"nav": ...}}.
        outcome = self.run.commit_package(self.step, sco_id, data, final=final)
        self.timings.append(time.perf_counter() - started)
        self.finished = final
        self.events.committed(sco_id, final, outcome)
        if final and not self.leaving:
            self._after_final(data, outcome)
        return dict(OK)

    def _after_final(self, data: dict[str, Any], outcome: Any) -> None:
        """Which SCO follows a SCO that finished. A SCORM 2004 package with sequencing has
        already navigated inside commit_package (``outcome.next_sco``); otherwise ask the
        learner path for the next one in the organisation's order."""
        request = _nav_request(data, self.package.standard)
        target = None
        if request.startswith("{target="):  # 2004 "{target=ID}choice"
            target, _, request = request[len("{target="):].partition("}")
        next_sco = getattr(outcome, "next_sco", None)
        sequenced = self.package.sequencing is not None and request not in ("", "_none_")
        if next_sco is not None or sequenced or request in ENDING:
            self.events.launch(next_sco, request)
        else:
            self.launch("continue" if request in ("", "_none_") else request, target)

    def navigate(self, data: Any) -> dict[str, Any]:
        """The learner chose a SCO from Contents, or Continue/Previous in the kiosk's bar."""
        if not isinstance(data, dict) or data.get("request") not in NAV_REQUESTS:
            return error(message="bad request")
        target = data.get("target")
        if target is not None and (not isinstance(target, str) or self.sco(target) is None):
            return error(message="unknown target")
        self.launch(data["request"], target)
        return dict(OK)

    def launch(self, request: str, target: str | None = None) -> str | None:
        """Ask the learner path which SCO comes next and tell the view."""
        next_sco = None if request in ENDING else self.run.package_launch(self.step, request, target)
        self.events.launch(next_sco, request)
        return next_sco

    def h5p_event(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or not isinstance(data.get("verb"), dict):
            return error(message="not an xAPI statement")
        statement = {key: value for key, value in data.items() if key != "actor"}  # never the learner
        outcome = self.run.h5p_event(self.step, statement)
        self.events.committed("content", False, outcome)
        return dict(OK)

    def h5p_save(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or not isinstance(data.get("data"), str):
            return error(message="no data")
        self.run.save_h5p_state(self.step, data["data"])
        self.events.committed("content", False, None)
        return {**OK, "success": True}  # what H5P's saver looks for

    def sco(self, sco_id: str | None):
        return next((sco for sco in self.package.scos if sco.id == sco_id), None)


def _nav_request(data: dict[str, Any], standard: str) -> str:
    """The SCO's ``adl.nav.request`` (2004), which the player adds to the final commit as
    ``{"adl": {"nav": {"request": ...}}}``."""
    if standard != "scorm_2004":
        return "continue"
    adl = data.get("adl")
    nav = adl.get("nav") if isinstance(adl, dict) else None
    request = nav.get("request") if isinstance(nav, dict) else None
    return request if isinstance(request, str) and len(request) < 300 else "_none_"
