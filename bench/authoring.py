"""Authoring tools and Welsh content: what they cost on the sample programme.

- loading the programme in English and in Welsh (a Welsh learner's first sign-in pays the Welsh
  load once; the kiosk keeps it);
- ``content review`` (every module's review state and untranslated texts);
- a preview reload of the largest module (check it again and rebuild the step), and from saving a
  file to the new step on screen (includes the 250 ms the preview waits for the save to settle).

    .venv/bin/python bench/authoring.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from _common import machine, summary
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from kiosk.core.content import load_programme
from kiosk.core.content.review import reviews
from kiosk.ui.app import make_application
from kiosk.ui.preview import PreviewWindow


def timed(action, runs: int) -> list[float]:
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        values.append((time.perf_counter() - started) * 1000)
    return values


def save_to_screen(window: PreviewWindow, page: Path, runs: int) -> list[float]:
    values = []
    for n in range(runs):
        loop = QEventLoop()
        window.reloaded.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        started = time.perf_counter()
        page.write_text(page.read_text(encoding="utf-8") + f"\n\nEdit {n}.\n", encoding="utf-8")
        loop.exec()
        window.reloaded.disconnect(loop.quit)
        values.append((time.perf_counter() - started) * 1000)
    return values


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    print(machine())
    with tempfile.TemporaryDirectory() as work:
        content = Path(work) / "modules"
        shutil.copytree(REPO / "modules", content)
        shutil.copytree(REPO / "media", Path(work) / "media")
        load_programme(content)  # warm the file cache: measured is the kiosk's work, not the disk's
        print(summary("load programme, English", timed(lambda: load_programme(content), runs)))
        print(summary("load programme, Welsh", timed(lambda: load_programme(content, language="cy"), runs)))
        print(summary("content review (review state and untranslated texts)",
                      timed(lambda: reviews([content]), runs)))
        largest = max(load_programme(content).available, key=lambda m: len(m.steps))
        make_application()
        window = PreviewWindow(largest.folder, largest.steps[0].id)
        window.resize(1280, 800)
        window.show()
        QCoreApplication.processEvents()
        print(summary(f"preview reload of '{largest.id}' ({len(largest.steps)} steps)",
                      timed(window.reload, runs)))
        page = largest.folder / largest.steps[0].file
        print(summary("preview: save a page to the step shown again (250 ms settle included)",
                      save_to_screen(window, page, max(5, runs // 2))))
        window.close()


if __name__ == "__main__":
    main()
