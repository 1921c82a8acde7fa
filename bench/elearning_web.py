"""Standard eLearning packages in the kiosk's web view (prints figures, asserts nothing about time).

- Commit round trip: a SCORM 1.2 SCO's LMSSetValue + LMSCommit, timed in the page, through the
  sandbox's /__kiosk/commit to the learner path and the store (target p95 <= 20 ms).
- Open a package -> its SCO running (API initialised, first page drawn): cold (the first in a
  fresh process: Chromium starts) and warm (another launch in the same process; each launch has
  its own off-the-record profile).
- Memory: RSS (and PSS) of the kiosk process and every QtWebEngineProcess while the package
  plays, and after leaving the step.

Uses the real ModuleRun and store when the learner path has its package methods; otherwise an
in-memory stand-in (said in the output).

    .venv/bin/python bench/elearning_web.py [--commits N]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")

from bench._common import machine, summary


def processes() -> list[int]:
    """This process and all its descendants (the QtWebEngineProcess zygotes and renderers)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                pass
    family, changed = {os.getpid()}, True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                changed = True
    return sorted(family)


def memory() -> tuple[int, float, float]:
    """(processes, RSS MB, PSS MB) summed over this process and its descendants."""
    rss = pss = 0.0
    pids = processes()
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) / 1024
        except OSError:
            pass
    return len(pids), rss, pss


def setup(tmp: Path):
    from kiosk.core.content import PackageStep
    from kiosk.core.learning import ModuleRun
    from kiosk.ui.steps.package import RUNTIME
    from tests.elearning_fixtures import scorm12_package
    from tests.web_helpers import FakeModule, RecordingRun, real_run, scorm12

    if all(hasattr(ModuleRun, name) for name in RUNTIME):
        run, step, _store = real_run(tmp, scorm12_package(tmp / "golf.zip"))
        return run, step, "real ModuleRun and SQLite store"
    root = scorm12_package(tmp / "pkg")
    run = RecordingRun(FakeModule("m", {"pkg": scorm12(root)}))
    return run, PackageStep(id="pkg", title="Package", standard="scorm_1.2"), \
        "in-memory stand-in (ModuleRun has no package methods yet)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    importlib.import_module("tests.conftest")  # registers the tip-pkg scheme before the QApplication

    app = QApplication([])
    from kiosk.ui.steps.package import PackageView
    from tests.web_helpers import in_sco

    def wait(predicate, timeout=20.0):
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            app.processEvents()
            if predicate():
                return
            time.sleep(0.002)
        raise TimeoutError

    def js(page, script):
        box = []
        page.runJavaScript(script, 0, box.append)
        wait(lambda: bool(box))
        return box[0]

    def sco_ready(page):
        return js(page, "(function(){try{return !!document.getElementById('sco').contentWindow.tipTest}"
                        "catch(e){return false}})()") is True

    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    run, step, kind = setup(tmp)

    def open_view():
        started = time.perf_counter()
        view = PackageView(run, step)
        view.resize(1000, 700)
        view.show()
        wait(lambda: sco_ready(view.sandbox.page))
        # two animation frames: the SCO's first page has been drawn
        js(view.sandbox.page, "new Promise(function(r){requestAnimationFrame(function(){requestAnimationFrame(r)})})"
                              ".then(function(){window.painted=true}); true")
        wait(lambda: js(view.sandbox.page, "!!window.painted") is True)
        return view, (time.perf_counter() - started) * 1000

    view, cold = open_view()
    if args.child:
        print(json.dumps({"cold": cold}))
        return
    print(f"machine: {machine()}; store: {kind}")
    colds = [cold]
    for _ in range(2):
        out = subprocess.run([sys.executable, __file__, "--child"], capture_output=True, text=True)
        with contextlib.suppress(IndexError, ValueError, KeyError):
            colds.append(json.loads(out.stdout.strip().splitlines()[-1])["cold"])
    print(summary("open package -> first page drawn, cold (first launch in a process)", colds))
    page = view.sandbox.page
    script = in_sco(f"""(function () {{ var api = tipTest.api, times = [];
        for (var i = 0; i < {args.commits}; i++) {{ var t = performance.now();
          api.LMSSetValue('cmi.core.lesson_location', 'page-' + i); api.LMSCommit('');
          times.push(performance.now() - t); }}
        return JSON.stringify(times); }})()""")
    times = json.loads(js(page, script))
    print(summary("SetValue + Commit round trip to the store", times, "p95 <= 20 ms"))
    stored = getattr(view.bridge, "timings", [])
    if stored:
        print(summary("  of which the learner path's commit_package", [t * 1000 for t in stored]))
    count, rss, pss = memory()
    print(f"memory while playing: {count} processes, RSS {rss:.0f} MB, PSS {pss:.0f} MB")
    view.flush()
    view.close()
    view.deleteLater()
    warms = []
    for _ in range(5):
        again, warm = open_view()
        warms.append(warm)
        again.flush()
        again.close()
        again.deleteLater()
        wait(lambda: True, 0.05)
    print(summary("open package -> first page drawn, warm (same process, fresh profile)", warms))
    from PySide6.QtCore import QCoreApplication, QEvent

    end = time.perf_counter() + 3
    while time.perf_counter() < end:  # delete the views and pages; let Chromium end the renderers
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        time.sleep(0.02)
    count, rss, pss = memory()
    print(f"memory after leaving: {count} processes, RSS {rss:.0f} MB, PSS {pss:.0f} MB")


if __name__ == "__main__":
    main()
