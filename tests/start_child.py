"""The kiosk's own start (``tip-kiosk --content C --data-dir D``, kiosk.cli.main), watched at the
sign-in screen's first paint and again once the content has loaded, for tests/test_startup.py.

Usage: python -m tests.start_child CONTENT DATA HEAVY_JSON; prints one JSON line: the modules of
HEAVY_JSON loaded at the paint, whether input reached the idle watcher and which log handler
wrote, at the paint and after it, then quits the kiosk.
"""

from __future__ import annotations

import json
import logging
import sys
from importlib.machinery import PathFinder

seen: dict = {}


def _log_rotates() -> bool:
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "_tip_kiosk", False)]
    return [hasattr(h, "maxBytes") for h in handlers] == [True]


def _idle_hears_a_key(shell) -> bool:
    """A key press sent to the sign-in screen: does the application-wide idle filter see it?"""
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    shell.idle.last_input = -1.0
    QCoreApplication.sendEvent(shell.signin, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift,
                                                       Qt.KeyboardModifier.NoModifier))
    return shell.idle.last_input != -1.0


def watch(app, shell, services, heavy: list[str]) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    from kiosk.ui.web import scheme

    class FirstPaint(QObject):  # installed last, so it sees the paint before the kiosk's own filters
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and "before" not in seen:
                seen["before"] = sorted(m for m in heavy if m in sys.modules)
                seen["content_at_paint"] = services.programme is not None
                seen["log_rotates_at_paint"] = _log_rotates()
                seen["idle_hears_at_paint"] = _idle_hears_a_key(shell)
            return False

    def finished():
        if services.programme is not None and scheme.registered() and "before" in seen:
            seen["title"] = services.programme.title
            seen["banner"] = shell.banner.programme_title
            seen["log_rotates_after"] = _log_rotates()
            seen["idle_hears_after"] = _idle_hears_a_key(shell)
            print(json.dumps(seen), flush=True)
            app.quit()

    global _keep
    _keep = FirstPaint(), QTimer(interval=20, timeout=finished)
    shell.signin.installEventFilter(_keep[0])
    _keep[1].start()
    QTimer.singleShot(60_000, app.quit)


class WatchTheWindow:
    """Wraps kiosk.ui.app.open_window as that module loads (importing it here first would change
    what the start imports, and when)."""

    def __init__(self, heavy: list[str]):
        self.heavy = heavy

    def find_spec(self, name, path, target=None):
        if name != "kiosk.ui.app":
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(name, path)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            real = module.open_window

            def open_window(settings, *rest):
                app, shell, services = real(settings, *rest)
                watch(app, shell, services, self.heavy)
                return app, shell, services
            module.open_window = open_window
        spec.loader.exec_module = exec_module
        return spec


if __name__ == "__main__":
    sys.meta_path.insert(0, WatchTheWindow(json.loads(sys.argv[3])))
    from kiosk.cli import main

    sys.exit(main(["--content", sys.argv[1], "--data-dir", sys.argv[2]]))
