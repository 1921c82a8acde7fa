"""The kiosk started through its real entry point on a computer without libVLC (see
tests/test_no_libvlc.py). It registers a learner, goes to the video step, reports what the step
shows as one JSON line, reads the transcript, and closes the kiosk.

Usage: python -m tests.novlc_child DATA_DIR CONTENT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.core.config import Settings
from kiosk.ui.app import make_application, run_app
from kiosk.ui.shell import Shell


def inspect() -> None:
    shell = next(w for w in QApplication.topLevelWidgets() if isinstance(w, Shell))
    shell.start_session(shell.services.accounts.register("AMIRA1", "482915"))
    shell.open_module("module-1")
    player = shell.player
    player.run.go_to(5)
    player._show()
    view = player.view
    report = {
        "step": player.run.step.id,
        "problem": view.problem,
        "title": view.problem_card.findChildren(type(view.read_hint))[0].text(),
        "transcript_shown": view.pages.currentWidget() is view.read_page,
        "transcript": view.reader.browser.toPlainText(),
        "can_mark_read": view.done_button.isVisibleTo(view),
        "vlc_imported": "vlc" in sys.modules,
    }
    view.done_button.click()
    report["done"] = player.run.is_done(view.step)
    player.next()
    report["next_step"] = player.run.step.id
    print("REPORT " + json.dumps(report), flush=True)
    shell.close()


def when_content_loaded() -> None:
    """The kiosk reads its content after the sign-in screen is up: wait for it, as a learner would."""
    shells = [w for w in QApplication.topLevelWidgets() if isinstance(w, Shell)]
    if shells and shells[0].services.programme is not None:
        inspect()
    else:
        QTimer.singleShot(20, when_content_loaded)


def main() -> int:
    data_dir, content_dir = Path(sys.argv[1]), Path(sys.argv[2])
    make_application()
    QTimer.singleShot(0, when_content_loaded)
    return run_app(Settings(content_dir=content_dir, data_dir=data_dir, backup_hours=0))


if __name__ == "__main__":
    sys.exit(main())
