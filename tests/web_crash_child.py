"""A learner in a SCORM package, for the web view crash test (tests/test_package_step.py).

Usage: python -m tests.web_crash_child TMP_DIR PACKAGE_ZIP

Opens the package in the real web view on the real store (the programme in TMP_DIR/content,
learner data in TMP_DIR/data) and moves through pages as fast as the SCO commits. After each
commit the SCO reports "true" for, it prints ``ACK <page>``; the parent SIGKILLs it.
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


def main() -> None:
    tmp, package = Path(sys.argv[1]), Path(sys.argv[2])
    register_schemes()
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from kiosk.ui.steps.package import PackageView
    from tests.web_helpers import in_sco, real_run

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

    ready = "(function(){try{return !!document.getElementById('sco').contentWindow.tipTest}catch(e){return false}})()"
    while evaluate(ready) is not True:
        time.sleep(0.01)
    print("READY", flush=True)
    page = 0
    while True:
        page += 1
        if evaluate(in_sco(f"tipTest.goTo({page})")) == "true":
            print(f"ACK {page}", flush=True)


if __name__ == "__main__":
    main()
