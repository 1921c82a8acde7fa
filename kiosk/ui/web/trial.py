"""``tip-kiosk content try PACKAGE``: will this package play here?

A throwaway run of the real thing: the package is imported with the real importer (video
converted as ``content add`` would) into a temporary programme, a temporary data folder gets a
real store and a throwaway learner account, and the package step is opened in the real
``PackageView`` (sandbox, player pages, bridge, learner path) on an offscreen screen. Each SCO
is loaded in turn and watched until it has initialised and gone quiet, and what the sandbox saw
is reported: whether the content found the API and initialised (H5P: an instance attached),
files it asked for that are missing, requests the sandbox blocked, media the engine could not
play, JavaScript errors. Nothing is kept: the folder goes when the run ends.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from kiosk.ui.web.trial_report import TrialResult

log = logging.getLogger(__name__)

TRIAL_CODE, TRIAL_PIN = "trial0001", "629174"
SETTLE_S = 0.5
"""A SCO counts as looked at once it initialised and the sandbox saw nothing new for this long
(the golf SCOs load their first page ~0.3 s after initialising)."""
NO_INIT_GRACE_S = 8.0
"""How long a SCO may take to initialise once every frame has loaded before it is given up
(Storyline players spend a few seconds in their own scripts first, longer on a slow PC)."""
POLL_MS = 100
INTERRUPTED = "Stopped with Ctrl-C before the package could be judged."
_REFUSED = re.compile(r"^Refused to (?:connect to|load|frame|prefetch|create a worker from|load media from|"
                      r"load the \w+|send form data to|navigate to) '([^']+)' because it violates")
_FETCH_REFUSED = re.compile(r"^Fetch API cannot load \S+\. Refused to connect because it violates")

# Put in every frame as its document is created, before the package's own scripts: error events
# on <video>/<audio>/<source> (they do not bubble, so caught in the capture phase), and the
# Audio objects scripts make without putting them in the page, for the probe to read.
_EARLY = r"""(function () {
  var errors = window.__kioskTrial = [], made = window.__kioskTrialAudio = [];
  document.addEventListener("error", function (event) {
    var el = event.target;
    if (el && /^(VIDEO|AUDIO|SOURCE)$/.test(el.tagName)) {
      errors.push({src: el.currentSrc || el.src || "", problem: "error event"});
    }
  }, true);
  var Original = window.Audio;
  if (Original) {
    var Tracked = function (src) { var audio = new Original(src); made.push(audio); return audio; };
    Tracked.prototype = Original.prototype;
    window.Audio = Tracked;
  }
})();"""

# Run in the player page: did the content initialise, and which media failed, in every frame
# of the package's origin; media that was told not to preload is asked to load, so a codec
# problem shows now.
_PROBE = r"""(function () {
  var out = {init: false, ready: true, media: []};
  try {
    var api = window.API_1484_11 || window.API;
    if (api && api.isInitialized) { out.init = !!(api.isInitialized() || api.isTerminated()); }
    if (window.H5P || window.kioskReady !== undefined) {
      var frame = document.querySelector("iframe.h5p-iframe");
      var inner = frame && frame.contentWindow && frame.contentWindow.H5P ? frame.contentWindow.H5P : window.H5P;
      out.init = out.init || !!(window.kioskReady && inner && inner.instances && inner.instances.length);
    }
  } catch (e) { /* not there yet */ }
  var seen = {};
  function note(el, text) {
    var src = el.currentSrc || el.src || "";
    if (!src) { var s = el.querySelector && el.querySelector("source"); src = s ? s.src : "(no source)"; }
    var key = src + " " + text;
    if (!seen[key]) { seen[key] = 1; out.media.push({src: src, problem: text}); }
  }
  function visit(doc, depth) {
    if (!doc || depth > 8) { return; }
    var win = doc.defaultView || {};
    var early = win.__kioskTrial || [];
    for (var k = 0; k < early.length; k++) {
      var key = early[k].src + " " + early[k].problem;
      if (!seen[key]) { seen[key] = 1; out.media.push(early[k]); }
    }
    out.ready = out.ready && doc.readyState === "complete";
    var media = Array.prototype.slice.call(doc.querySelectorAll("video, audio")).concat(win.__kioskTrialAudio || []);
    for (var i = 0; i < media.length; i++) {
      var el = media[i];
      if (el.error) {
        note(el, "error code " + el.error.code + (el.error.message ? ": " + el.error.message : ""));
      } else if (el.networkState === 3) {
        note(el, "no source it can play (networkState 3, readyState " + el.readyState + ")");
      } else if (el.readyState === 0 && el.networkState === 1 && !el.dataset.kioskTrial) {
        el.dataset.kioskTrial = "1"; el.preload = "auto"; el.load();
      }
    }
    var frames = doc.querySelectorAll("iframe, frame");
    for (var j = 0; j < frames.length; j++) {
      try { visit(frames[j].contentDocument, depth + 1); } catch (err) { /* another origin */ }
    }
  }
  visit(document, 0);
  return JSON.stringify(out);
})()"""


# -- the run ---------------------------------------------------------------------------------------
def try_package(source: Path, timeout: float = 60.0, transcode: bool = True, limits=None) -> TrialResult:
    """Import ``source`` (a .zip/.h5p, or a module folder with a package step) into a throwaway
    programme and play it headless in the real package view. Never raises for a bad package."""
    started = time.perf_counter()
    result = TrialResult(package=Path(source).name)
    result.warnings += _prepare_environment()
    stop: list[str] = []  # why the run stopped early (Ctrl-C, the page's process ended)
    previous = _catch_ctrl_c(stop)
    try:
        with tempfile.TemporaryDirectory(prefix="tip-kiosk-try-") as tmp:
            run, step = _throwaway_run(Path(source), Path(tmp), result, transcode, limits)
            if run is not None and not stop:
                _play(run, step, result, started + timeout, Path(tmp) / "engine.log", stop)
    except Exception as exc:  # IT gets a sentence, not a traceback
        log.debug("content try stopped", exc_info=True)
        result.warnings.append(f"The trial stopped on an unexpected error ({type(exc).__name__}: {exc}); "
                               "it could not tell whether the package plays.")
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        result.seconds = time.perf_counter() - started
    if stop:
        result.initialised = False
        result.warnings += stop
    return result


def _catch_ctrl_c(stop: list[str]):
    """Ctrl-C only notes that IT wants to stop; the run stops at its next check and cleans up.
    (Raised inside Qt's event loop or a PySide call, KeyboardInterrupt would print a traceback
    from a timer, or abort the process, leaving the temporary folder behind.)"""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, lambda *_: stop.append(INTERRUPTED) if INTERRUPTED not in stop else None)


def _prepare_environment() -> list[str]:
    """Headless, software-drawn Chromium; as root, its sandbox off for this run only."""
    notes = []
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not os.environ.get("QTWEBENGINE_DISABLE_SANDBOX"):
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        notes.append("Running as root: the web engine's own sandbox was switched off for this throwaway run "
                     "(QTWEBENGINE_DISABLE_SANDBOX=1). The kiosk itself should not run as root.")
    return notes


def _throwaway_run(source: Path, tmp: Path, result: TrialResult, transcode: bool, limits):
    """Programme, store, learner and ModuleRun on the package step; (None, None) and
    ``result.error`` when the package cannot be used at all."""
    from kiosk.core.accounts import Accounts, installation_secret
    from kiosk.core.content import PackageStep, load_programme
    from kiosk.core.content.model import UnavailableModule
    from kiosk.core.elearning import PackageProblem
    from kiosk.core.elearning.archive import Limits
    from kiosk.core.elearning.importer import add_package
    from kiosk.core.errors import ContentError, PackageError
    from kiosk.core.learning import Learning
    from kiosk.core.store import open_store

    content = tmp / "content"
    content.mkdir()
    programme = content / "programme.yaml"
    programme.write_text("schema_version: 1\nid: content-try\ntitle: content try\nmodules: []\n", encoding="utf-8")
    if source.is_dir():
        if not (source / "module.yaml").is_file():
            result.error = f"{source} is not a module folder (it has no module.yaml); give a .zip or .h5p package"
            return None, None
        shutil.copytree(source, content / source.name, symlinks=True)
        programme.write_text(programme.read_text(encoding="utf-8").replace("[]", f"[{json.dumps(source.name)}]"),
                             encoding="utf-8")
    else:
        try:
            report = add_package(source, content, limits=limits or Limits(), transcode=transcode)
        except (PackageError, ContentError) as exc:
            result.error = "\n".join(
                f"{source.name}: {problem.message}" if isinstance(problem, PackageProblem) and not problem.file
                else str(problem)
                for problem in exc.problems)
            return None, None
        result.warnings += report.warnings
        result.transcoded += report.transcoded
    loaded = load_programme(content)
    module = loaded.modules[0] if loaded.modules else None
    if module is None or isinstance(module, UnavailableModule):
        problems = getattr(module, "problems", None) or loaded.problems or ["no module could be loaded"]
        result.error = "\n".join(str(problem) for problem in problems)
        return None, None
    steps = [(i, s) for i, s in enumerate(module.steps) if isinstance(s, PackageStep)]
    if not steps:
        result.error = f"{source.name}: the module has no package step (type: package)"
        return None, None
    index, step = steps[0]
    package = (getattr(module, "packages", None) or {}).get(step.id)
    result.standard, result.title = step.standard, package.title if package else step.title
    store, _ = open_store(tmp / "data")
    accounts = Accounts(store, installation_secret(tmp / "data"))
    learner = accounts.register(TRIAL_CODE, TRIAL_PIN)
    run = Learning(store, loaded, learner).open(module.id)
    run.go_to(index)
    return run, step


def _play(run, step, result: TrialResult, deadline: float, engine_log: Path, stop: list[str]) -> None:
    """Open the package step as a learner would and look at each SCO in turn."""
    try:
        _play_here(run, step, result, deadline, engine_log, stop)
    finally:
        run.learning.store.close()


def _play_here(run, step, result: TrialResult, deadline: float, engine_log: Path, stop: list[str]) -> None:
    from kiosk.ui import web

    if not web.webengine_available():
        result.warnings.append("This kiosk has no web engine (QtWebEngine is not installed): packages "
                               "cannot play here. Install the kiosk variant with the web engine.")
        return
    from kiosk.ui.web import files

    if not files.vendor_dirs() and step.standard != "cmi5":  # an AU brings its own scripts
        result.warnings.append("The SCORM/H5P players (scorm-again, h5p-standalone) are missing: run "
                               "'make web', or install the kiosk variant with the web engine.")
        return
    with _quiet_stderr(engine_log):
        _watch_in_view(run, step, result, deadline, stop)


def _watch_in_view(run, step, result: TrialResult, deadline: float, stop: list[str]) -> None:
    import shiboken6
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.steps.package import PackageView
    from kiosk.ui.web.scheme import register_schemes

    register_schemes()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    view = PackageView(run, step)
    try:
        if view.problem is not None:
            result.warnings.append(f"The package step cannot play: {view.problem}.")
            return
        assert view.package is not None  # no problem means the package was read
        view.resize(1280, 800)
        view.show()
        watcher = _Watcher(view, deadline, stop)
        scos = [sco.id for sco in view.package.scos] if view.package.standard != "h5p" else ["content"]
        # A SCORM asset is a plain page that never talks to the kiosk: loading is all it does.
        assets = {sco.id for sco in view.package.scos if sco.scorm_type == "asset"}
        for number, sco in enumerate(scos):
            if stop:
                break
            if time.perf_counter() >= deadline:
                result.warnings.append(f"Time ran out after {number} of {len(scos)} SCOs; give a longer "
                                       "--timeout to try them all.")
                break
            result.scos.append(sco)
            if not watcher.watch(sco, first=number == 0, asset=sco in assets):
                if INTERRUPTED in stop:
                    result.scos.pop()  # not judged
                else:
                    result.not_initialised.append(sco)
        result.initialised = bool(result.scos) and not result.not_initialised
        watcher.collect(result)
    finally:
        # The page must be gone before its profile, and both before the QApplication.
        shiboken6.delete(view)  # its destroyed signal closes the sandbox (page, then profile)
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()


class _Watcher:
    """Loads each SCO in the view and watches it until it has initialised and gone quiet."""

    def __init__(self, view, deadline: float, stop: list[str]):
        from PySide6.QtWebEngineCore import QWebEngineScript

        self.view, self.deadline = view, deadline
        # The first SCO's page is only requested so far: the script is in place before it loads.
        early = QWebEngineScript()
        early.setName("kiosk-trial")
        early.setSourceCode(_EARLY)
        early.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        early.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
        early.setRunsOnSubFrames(True)
        view.sandbox.page.scripts().insert(early)
        self.report = view.sandbox.report
        self.changed = time.perf_counter()
        self.report.changed.connect(self._changed)
        self.stopped = stop
        view.sandbox.page.renderProcessTerminated.connect(
            lambda status, code: self.stopped.append(f"The web engine's page process ended ({status.name}, "
                                                     f"code {code})."))
        self.media: dict[str, str] = {}
        self.artefacts: set[int] = set()
        self.aus: list[dict] = []
        """cmi5: per AU, whether it fetched its token, read LMS.LaunchData and sent 'initialized'."""

    def _changed(self) -> None:
        self.changed = time.perf_counter()

    def watch(self, sco: str, first: bool, asset: bool = False) -> bool:
        """True when the SCO initialised (an asset: when its page loaded)."""
        from PySide6.QtCore import QEventLoop, QTimer

        switch_from = len(self.report.console_errors)
        if not first:
            self.view.flush()  # the SCO on screen finishes (and commits) before the next one loads
            self.view.show_sco(sco)
        state: dict[str, float | bool | None] = {"ready_at": None, "init_at": None, "asset": asset}
        loop = QEventLoop()

        def probe() -> None:
            now, ready, init = time.perf_counter(), state["ready_at"], state["init_at"]
            if self.stopped or now >= self.deadline or (init and now - max(init, self.changed) >= SETTLE_S) \
                    or (not init and ready and now - ready >= NO_INIT_GRACE_S):
                loop.quit()
            elif self.view.sandbox.page is not None:
                self.view.sandbox.page.runJavaScript(_PROBE, 0, lambda answer: _read_probe(answer, state, self.media))
                session = self.view.cmi5.session if self.view.cmi5 is not None else None
                if session is not None and session.initialized and state["init_at"] is None:
                    state["init_at"] = now  # a cmi5 AU: 'initialized' stored by the kiosk's LRS

        timer = QTimer()
        timer.setInterval(POLL_MS)
        timer.timeout.connect(probe)
        timer.start()
        loop.exec()
        timer.stop()
        session = self.view.cmi5.session if self.view.cmi5 is not None else None
        if session is not None:
            self.aus.append({"au": sco, "fetched": session.fetched, "launch_data_read": session.launch_data_read,
                             "initialized": session.initialized})
        if not first:
            # A SCO finished by the kiosk often tries to finish again as its page unloads, and its
            # alert about that is refused ("Blocked alert(...) during beforeunload"): the kiosk's
            # doing, not the package's, so not reported.
            errors = self.report.console_errors
            self.artefacts.update(i for i in range(switch_from, len(errors))
                                  if "during beforeunload" in errors[i] or "during unload" in errors[i])
        return state["init_at"] is not None

    def collect(self, result: TrialResult) -> None:
        from kiosk.ui.web.scheme import SCHEME

        report = self.report
        origin = f"{SCHEME}://{self.view.sandbox.host}"
        result.missing = _unique(path for path in report.missing if path != "/favicon.ico")
        blocked, errors = _csp_refusals([e for i, e in enumerate(report.console_errors) if i not in self.artefacts])
        result.blocked = _unique([*report.blocked, *blocked])
        result.js_errors = _unique(e.replace(origin, "") for e in errors)
        result.media_errors = [f"{src.replace(origin, '').lstrip('/')}: {problem}"
                               for src, problem in self.media.items()]
        result.cmi5 = self.aus
        result.warnings += [f"The package showed a dialog (answered for it): {text}"
                            for text in _unique(report.dialogs)]


def _read_probe(answer, state: dict, media: dict[str, str]) -> None:
    try:
        data = json.loads(answer) if isinstance(answer, str) else {}
    except ValueError:
        return
    now = time.perf_counter()
    if data.get("ready") and state["ready_at"] is None:
        state["ready_at"] = now
    if (data.get("init") or (state["asset"] and data.get("ready"))) and state["init_at"] is None:
        state["init_at"] = now
    for item in data.get("media") or []:
        src, problem = str(item.get("src", ""))[:300], str(item.get("problem", ""))[:300]
        # The engine's own error (code and message) says most; keep it once seen.
        if src not in media or (problem.startswith("error code") and not media[src].startswith("error code")):
            media[src] = problem


def _csp_refusals(messages: list[str]) -> tuple[list[str], list[str]]:
    """Split console errors into requests the page's Content-Security-Policy refused (Chromium
    stops those before the request interceptor sees them, and says so only on the console) and
    the rest. Returns (refused URLs, other errors)."""
    blocked, errors = [], []
    for message in messages:
        refused = _REFUSED.match(message)
        if refused:
            blocked.append(f"{refused.group(1)} (refused by the content security policy)")
        elif not _FETCH_REFUSED.match(message):  # the same refusal, said again by fetch()
            errors.append(message)
    return blocked, errors


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


@contextmanager
def _quiet_stderr(path: Path):
    """Chromium and Qt write start-up noise straight to file descriptor 2 (GPU, D-Bus): send it
    to a log file for the run so IT reads only the report."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as log_file:
        os.dup2(log_file.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
