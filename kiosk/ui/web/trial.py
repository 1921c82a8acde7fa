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
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

TRIAL_CODE, TRIAL_PIN = "trial0001", "2468"
SETTLE_S = 0.5
"""A SCO counts as looked at once it initialised and the sandbox saw nothing new for this long
(the golf SCOs load their first page ~0.3 s after initialising)."""
NO_INIT_GRACE_S = 4.0
"""How long a SCO may take to initialise after its page has loaded before it is given up."""
POLL_MS = 100
_REFUSED = re.compile(r"^Refused to (?:connect to|load|frame|prefetch|create a worker from|load media from|"
                      r"load the \w+|send form data to|navigate to) '([^']+)' because it violates")
_FETCH_REFUSED = re.compile(r"^Fetch API cannot load \S+\. Refused to connect because it violates")
LABELS = {"scorm_1.2": "SCORM 1.2", "scorm_2004": "SCORM 2004", "h5p": "H5P"}

# Run in the player page: did the content initialise, and which media failed, in every frame
# of the package's origin. Error events on <video>/<audio>/<source> are caught in the capture
# phase (they do not bubble) by a listener installed the first time a document is visited;
# media that was told not to preload is asked to load, so a codec problem shows now.
_PROBE = r"""(function () {
  var out = {init: false, ready: false, media: []};
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
    var win = doc.defaultView;
    if (win && !win.__kioskTrial) {
      win.__kioskTrial = [];
      doc.addEventListener("error", function (event) {
        var el = event.target;
        if (el && /^(VIDEO|AUDIO|SOURCE)$/.test(el.tagName)) {
          win.__kioskTrial.push({src: el.currentSrc || el.src || "", problem: "error event"});
        }
      }, true);
    }
    if (win) { for (var k = 0; k < win.__kioskTrial.length; k++) {
      var e = win.__kioskTrial[k]; var key = e.src + " " + e.problem;
      if (!seen[key]) { seen[key] = 1; out.media.push(e); } } }
    out.ready = out.ready || doc.readyState === "complete";
    var media = doc.querySelectorAll("video, audio");
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


@dataclass
class TrialResult:
    """What ``content try`` found; ``error`` set when the package could not even be imported."""

    package: str
    standard: str = ""
    title: str = ""
    scos: list[str] = field(default_factory=list)
    """The SCOs (H5P: "content") that were loaded."""
    initialised: bool = False
    """Every SCO tried found the API and initialised (H5P: the content attached)."""
    not_initialised: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    media_errors: list[str] = field(default_factory=list)
    js_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    transcoded: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return 2
        return 0 if self.initialised and not self.missing and not self.media_errors else 1

    def to_json(self) -> str:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 2)
        data["exit_code"] = self.exit_code
        return json.dumps(data, ensure_ascii=False)


# -- the run ---------------------------------------------------------------------------------------
def try_package(source: Path, timeout: float = 60.0, transcode: bool = True, limits=None) -> TrialResult:
    """Import ``source`` (a .zip/.h5p, or a module folder with a package step) into a throwaway
    programme and play it headless in the real package view. Never raises for a bad package."""
    started = time.perf_counter()
    result = TrialResult(package=Path(source).name)
    result.warnings += _prepare_environment()
    with tempfile.TemporaryDirectory(prefix="tip-kiosk-try-") as tmp:
        try:
            run, step = _throwaway_run(Path(source), Path(tmp), result, transcode, limits)
            if run is not None:
                _play(run, step, result, started + timeout, Path(tmp) / "engine.log")
        finally:
            result.seconds = time.perf_counter() - started
    return result


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
        programme.write_text(programme.read_text(encoding="utf-8").replace("[]", f"[{source.name}]"),
                             encoding="utf-8")
    else:
        try:
            report = add_package(source, content, limits=limits or Limits(), transcode=transcode)
        except (PackageError, ContentError) as exc:
            result.error = "\n".join(
                f"{source.name}: {problem.message}" if not getattr(problem, "file", True) else str(problem)
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


def _play(run, step, result: TrialResult, deadline: float, engine_log: Path) -> None:
    """Open the package step as a learner would and look at each SCO in turn."""
    from kiosk.ui import web

    if not web.webengine_available():
        result.warnings.append("This kiosk has no web engine (QtWebEngine is not installed): packages "
                               "cannot play here. Install the kiosk variant with the web engine.")
        return
    from kiosk.ui.web import files

    if not files.vendor_dirs():
        result.warnings.append("The SCORM/H5P players (scorm-again, h5p-standalone) are missing: run "
                               "'make web', or install the kiosk variant with the web engine.")
        return
    with _quiet_stderr(engine_log):
        _watch_in_view(run, step, result, deadline)
    run.learning.store.close()


def _watch_in_view(run, step, result: TrialResult, deadline: float) -> None:
    import shiboken6
    from PySide6.QtCore import QEvent, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.steps.package import PackageView
    from kiosk.ui.web.scheme import SCHEME, register_schemes

    register_schemes()
    app = QApplication.instance() or QApplication([sys.argv[0], "--disable-gpu"])
    view = PackageView(run, step)
    if view.problem is not None:
        result.warnings.append(f"The package step cannot play: {view.problem}.")
        view.deleteLater()
        return
    view.resize(1280, 800)
    view.show()
    report, package = view.sandbox.report, view.package
    changed = [time.perf_counter()]
    report.changed.connect(lambda: changed.__setitem__(0, time.perf_counter()))
    crashed: list[str] = []
    view.sandbox.page.renderProcessTerminated.connect(
        lambda status, code: crashed.append(f"the web engine's page process ended ({status.name}, code {code})"))
    media: dict[str, str] = {}
    scos = [sco.id for sco in package.scos] if package.standard != "h5p" else ["content"]
    first = True
    switch_from, artefacts = 0, set()
    for sco in scos:
        if time.perf_counter() >= deadline or crashed:
            break
        if not first:
            switch_from = len(report.console_errors)
            view.flush()  # the SCO on screen finishes (and commits) before the next one loads
            view.show_sco(sco)
        first = False
        result.scos.append(sco)
        state = {"init": False, "ready_at": None, "init_at": None}
        loop = QEventLoop()

        def probe(state=state, loop=loop) -> None:
            now = time.perf_counter()
            if crashed or now >= deadline:
                loop.quit()
                return
            if state["init_at"] and now - max(state["init_at"], changed[0]) >= SETTLE_S:
                loop.quit()
                return
            if not state["init_at"] and state["ready_at"] and now - state["ready_at"] >= NO_INIT_GRACE_S:
                loop.quit()
                return
            if view.sandbox.page is not None:
                view.sandbox.page.runJavaScript(_PROBE, 0, lambda answer: _read_probe(answer, state, media))

        timer = QTimer(interval=POLL_MS, timeout=probe)
        timer.start()
        loop.exec()
        timer.stop()
        if sco != scos[0]:
            # A SCO finished by the kiosk often tries to finish again as its page unloads, and
            # its alert about that is refused ("Blocked alert(...) during beforeunload"): the
            # kiosk's doing, not the package's, so not reported.
            switch_to = len(report.console_errors)
            artefacts.update(i for i in range(switch_from, switch_to)
                             if "during beforeunload" in report.console_errors[i]
                             or "during unload" in report.console_errors[i])
        if not state["init_at"]:
            result.not_initialised.append(sco)
    if crashed:
        result.warnings += crashed
    result.initialised = bool(result.scos) and not result.not_initialised
    result.missing = _unique(path for path in report.missing if path != "/favicon.ico")
    origin = f"{SCHEME}://{view.sandbox.host}"
    blocked, errors = _csp_refusals([e for i, e in enumerate(report.console_errors) if i not in artefacts])
    result.blocked = _unique([*report.blocked, *blocked])
    result.js_errors = _unique(e.replace(origin, "") for e in errors)
    result.media_errors = [f"{src.replace(origin, '').lstrip('/')}: {problem}" for src, problem in media.items()]
    result.warnings += [f"The package showed a dialog (answered for it): {text}" for text in _unique(report.dialogs)]
    if len(result.scos) < len(scos):
        result.warnings.append(f"Time ran out after {len(result.scos)} of {len(scos)} SCOs; give a longer --timeout "
                               "to try them all.")
    # The page must be gone before its profile, and both before the QApplication.
    shiboken6.delete(view)  # its destroyed signal closes the sandbox (page, then profile)
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _read_probe(answer, state: dict, media: dict[str, str]) -> None:
    try:
        data = json.loads(answer) if isinstance(answer, str) else {}
    except ValueError:
        return
    now = time.perf_counter()
    if data.get("ready") and state["ready_at"] is None:
        state["ready_at"] = now
    if data.get("init") and state["init_at"] is None:
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


class _quiet_stderr:
    """Chromium and Qt write start-up noise straight to file descriptor 2 (GPU, D-Bus): send it
    to a log file for the run so IT reads only the report."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        sys.stderr.flush()
        self.saved = os.dup(2)
        self.file = open(self.path, "ab")
        os.dup2(self.file.fileno(), 2)
        return self

    def __exit__(self, *exc) -> None:
        sys.stderr.flush()
        os.dup2(self.saved, 2)
        os.close(self.saved)
        self.file.close()


# -- the report --------------------------------------------------------------------------------------
def text_report(result: TrialResult) -> str:
    """The plain-text report IT reads."""
    if result.error is not None:
        return f"{result.package} cannot be imported, so it will not play here:\n" + \
            "\n".join(f"  {line}" for line in result.error.splitlines())
    lines = [f"{result.package}: {LABELS.get(result.standard, result.standard)} package "
             f"\"{result.title}\""]
    if result.scos:
        done = [sco for sco in result.scos if sco not in result.not_initialised]
        what = "the content attached" if result.standard == "h5p" else "found the API and initialised"
        lines.append(f"Tried {len(result.scos)} SCO{'s' if len(result.scos) != 1 else ''}: "
                     f"{len(done)} {what}" + (f"; not: {', '.join(result.not_initialised)}"
                                              if result.not_initialised else "."))
    for title, items in (("Missing files", result.missing), ("Media it could not play", result.media_errors),
                         ("Requests the sandbox blocked", result.blocked), ("JavaScript errors", result.js_errors),
                         ("Converted to WebM at import", result.transcoded), ("Warnings", result.warnings)):
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines += [f"  {item}" for item in items]
        elif title not in ("Converted to WebM at import", "Warnings"):
            lines.append(f"{title}: none")
    if result.exit_code == 0:
        lines.append(f"Result: it plays here ({result.seconds:.1f} s).")
    else:
        why = [] if result.initialised else ["it did not initialise"]
        why += ["files are missing"] * bool(result.missing) + ["media cannot play"] * bool(result.media_errors)
        lines.append(f"Result: it will not play properly here: {', '.join(why) or 'see above'} "
                     f"({result.seconds:.1f} s).")
    return "\n".join(lines)
