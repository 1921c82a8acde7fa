"""A package opened in the real web view when tip-pkg was registered the way the kiosk now does it:
after the QApplication exists and its first window has been painted (kiosk/ui/app.py's
open_window), for tests/test_startup.py.

Usage: python -m tests.late_scheme_child TMP_DIR PACKAGE_ZIP; prints ``READY`` once the SCO's page
has loaded from tip-pkg:// and its API is there.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")


def main() -> None:
    tmp, package = Path(sys.argv[1]), Path(sys.argv[2])
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication, QLabel

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)  # as open_window
    app = QApplication([])
    first = QLabel("Sign in")
    first.show()
    app.processEvents()
    from kiosk.ui.web.scheme import register_schemes

    assert register_schemes()
    from kiosk.ui.steps.package import PackageView
    from tests.web_helpers import real_run

    run, step, _store = real_run(tmp, package)
    view = PackageView(run, step)
    view.show()
    ready = "(function(){try{return !!document.getElementById('sco').contentWindow.tipTest}catch(e){return false}})()"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        box: list = []
        view.sandbox.page.runJavaScript(ready, 0, box.append)
        while not box:
            app.processEvents()
            time.sleep(0.001)
        if box[0] is True:
            print("READY", flush=True)
            os._exit(0)  # the answer is out; tearing the web view down at exit only adds noise
        time.sleep(0.05)
    print("TIMEOUT", flush=True)


if __name__ == "__main__":
    main()
