"""`tip-kiosk --qt-probe`: start Qt's GUI layer on the configured platform and say what it found.

Run by `tip-kiosk doctor` in a child process, because a Qt that cannot open its platform aborts
the process it runs in.
"""

from __future__ import annotations

import sys


def probe() -> int:
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    print(f"platform: {app.platformName()}")
    print(f"qt: {qVersion()}")
    print(f"screens: {len(app.screens())}")
    return 0
