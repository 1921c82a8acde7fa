"""cmi5 AUs in the kiosk's web view (prints figures, asserts nothing about time).

- AU launch -> first page painted: from opening the package step (``launch_au``: registration,
  LMS.LaunchData, ``launched`` written) to the AU's page loaded and two animation frames drawn;
  and on to the AU having fetched its token, read its launch data and had ``initialized``
  stored. Cold (the first in a fresh process: Chromium starts) and warm (again in the same
  process; each launch has its own off-the-record profile). Targets: <= 1.5 s cold, <= 500 ms warm.
- Statement POST through the real view: the AU (tests/cmi5_fixtures.py, plain fetch) POSTs one
  statement at a time to ``tip-pkg://<host>/__lrs/statements``, timed in the page: scheme
  handler, the cmi5 rules, SQLite commit, the learner path's check of the course's result, the
  answer. Target p95 <= 15 ms.

    .venv/bin/python bench/cmi5_web.py [--statements N]
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    importlib.import_module("tests.conftest")  # registers the tip-pkg scheme before the QApplication

    app = QApplication([])
    from kiosk.ui.steps.package import PackageView
    from tests.cmi5_fixtures import cmi5_package
    from tests.web_helpers import real_run

    def wait(predicate, timeout=30.0):
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            app.processEvents()
            if predicate():
                return
            time.sleep(0.001)
        raise TimeoutError

    def js(page, script):
        box = []
        page.runJavaScript(script, 0, box.append)
        wait(lambda: bool(box))
        return box[0]

    tmp = Path(tempfile.mkdtemp(prefix="bench-cmi5-"))
    run, step, _store = real_run(tmp, cmi5_package(tmp / "course.zip", move_on="Completed", mastery=None))

    def open_view():
        started = time.perf_counter()
        view = PackageView(run, step)
        view.resize(1000, 700)
        view.show()
        page = view.sandbox.page
        wait(lambda: js(page, "document.readyState === 'complete' && !!document.getElementById('painted')") is True)
        js(page, "new Promise(function(r){requestAnimationFrame(function(){requestAnimationFrame(r)})})"
                 ".then(function(){window.painted=true}); true")
        wait(lambda: js(page, "!!window.painted") is True)
        painted = (time.perf_counter() - started) * 1000
        wait(lambda: js(page, "document.title") == "started")
        return view, painted, (time.perf_counter() - started) * 1000

    view, cold, cold_init = open_view()
    if args.child:
        print(json.dumps({"cold": cold, "init": cold_init}))
        return
    print(f"machine: {machine()}; store: real ModuleRun and SQLite store")
    colds, inits = [cold], [cold_init]
    for _ in range(2):
        out = subprocess.run([sys.executable, __file__, "--child"], capture_output=True, text=True)
        try:
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            colds.append(figures["cold"])
            inits.append(figures["init"])
        except (IndexError, ValueError, KeyError):
            pass
    print(summary("AU launch -> first page painted, cold (first launch in a process)", colds, "<= 1.5 s"))
    print(summary("AU launch -> token, launch data, 'initialized' stored, cold", inits))
    page = view.sandbox.page
    js(page, f"""window.__done = false; (async () => {{ au.log = [];
        for (let i = 0; i < {args.statements}; i++) await au.send('experienced');
        window.__done = true; }})(); true""")
    wait(lambda: js(page, "window.__done") is True, timeout=300)
    times = json.loads(js(page, "JSON.stringify(au.log)"))
    print(summary("statement POST through the real view (timed in the page)", times, "p95 <= 15 ms"))
    if view.cmi5.timings:
        print(summary("  of which the learner path (rules, store, result)", [t * 1000 for t in view.cmi5.timings]))
    view.flush()
    view.close()
    view.deleteLater()
    warms, warm_inits = [], []
    for _ in range(5):
        again, warm, warm_init = open_view()
        warms.append(warm)
        warm_inits.append(warm_init)
        again.flush()
        again.close()
        again.deleteLater()
        wait(lambda: True, 0.05)
    print(summary("AU launch -> first page painted, warm (same process, fresh profile)", warms, "<= 500 ms"))
    print(summary("AU launch -> 'initialized' stored, warm", warm_inits))


if __name__ == "__main__":
    main()
