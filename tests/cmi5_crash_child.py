"""A learner in a cmi5 AU, for the crash test (tests/test_cmi5_play.py).

Usage: python -m tests.cmi5_crash_child TMP_DIR PACKAGE_ZIP

Opens the AU (tests/cmi5_fixtures.py) in the real web view on the real store and has it save
its bookmark state and send a statement, again and again, as fast as the LRS answers. After the
AU has had both answered with success it prints ``ACK <n>``; the parent SIGKILLs it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")

from kiosk.ui.web.scheme import register_schemes

LOOP = """window.acked = 0; (async () => { for (let n = 1; ; n++) {
  const put = await au.putState("bookmark", {n: n});
  const post = await au.send("experienced", {result: {extensions: {"https://example.invalid/n": n}}});
  if (put !== 204 || post !== 200) { document.title = "refused " + put + " " + post; return; }
  window.acked = n;
} })(); 1"""


def main() -> None:
    tmp, package = Path(sys.argv[1]), Path(sys.argv[2])
    register_schemes()
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from kiosk.ui.steps.package import PackageView
    from tests.web_helpers import real_run

    run, step, _store = real_run(tmp, package)
    view = PackageView(run, step)
    view.show()

    def evaluate(script: str):
        box: list = []
        view.sandbox.page.runJavaScript(script, 0, box.append)
        while not box:
            app.processEvents()
            time.sleep(0.001)
        return box[0]

    while evaluate("document.title") != "started":
        time.sleep(0.01)
    print("READY", evaluate("au.registration"), flush=True)
    evaluate(LOOP)
    seen = 0
    while True:
        acked = evaluate("window.acked")
        if isinstance(acked, (int, float)) and acked > seen:
            seen = int(acked)
            print(f"ACK {seen}", flush=True)


if __name__ == "__main__":
    main()
