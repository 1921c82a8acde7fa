"""Screenshots of every screen, for reviewers: at 100% and 200% text, in high contrast, and in
Welsh, written as PNGs to a folder (``make screenshots`` writes ``screenshots/``).

It walks the same screens as the accessibility and translation tests (tests/tour.py), on the
sample programme by default, with a fresh learner database for each look. Run it on a real (or
virtual) X screen so the pictures are what a learner sees:

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/screenshots.py --out screenshots
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.display import DisplaySettings
from kiosk.core.store import open_store
from kiosk.ui.app import make_application
from kiosk.ui.language import Translations
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from tests.tour import Tour

WIDTH, HEIGHT = 1280, 800


@dataclass(frozen=True)
class Look:
    name: str
    display: DisplaySettings
    language: str = "en"


LOOKS = (
    Look("text-100", DisplaySettings()),
    Look("text-200", DisplaySettings(text_scale=200)),
    Look("high-contrast", DisplaySettings(high_contrast=True)),
    Look("welsh", DisplaySettings(), "cy"),
)


SIDEWAYS_CHECKED = ("text-200",)
"""Looks in which a learner screen must reflow, never scroll sideways (1280x800 at 200% text)."""
STAFF_STOPS = ("admin",)
"""Stops that are not learner screens (the trainer/admin panel may scroll wide tables)."""


def sideways_scrollers(root: QWidget) -> list[str]:
    """The visible scroll areas under ``root`` showing a horizontal scroll bar, named for a reader."""
    found = []
    for area in root.findChildren(QAbstractScrollArea):
        if area.isVisible() and area.horizontalScrollBar().isVisible():
            inner = area.widget() if hasattr(area, "widget") and area.widget() else area
            found.append(f"{type(area).__name__} '{area.objectName() or area.accessibleName()}' "
                         f"holding {type(inner).__name__} (needs {area.horizontalScrollBar().maximum()} px more)")
    return found


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def grab(shell: Shell) -> QPixmap:
    wait(60)  # let the window system paint what the last action changed
    if QGuiApplication.platformName() == "xcb":
        # What is really on the screen (a video surface is drawn outside Qt's own painting).
        geometry = shell.geometry()
        return QGuiApplication.primaryScreen().grabWindow(0, geometry.x(), geometry.y(),
                                                          geometry.width(), geometry.height())
    return shell.grab()


def shoot(look: Look, content: Path, out: Path, module_id: str | None,
          problems: list[str]) -> list[Path]:
    data = Path(tempfile.mkdtemp(prefix="tip-screens-"))
    store, _ = open_store(data)
    accounts = Accounts(store, installation_secret(data))
    translations = Translations(default=look.language)
    shell = Shell(Services(store, accounts, load_programme(content)), idle_timeout_s=0,
                  translations=translations)
    shell.setGeometry(0, 0, WIDTH, HEIGHT)
    shell.show()
    shell.activateWindow()
    wait(200)
    folder = out / look.name
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    # The leaders' route (where the sample has one): its chooser, home and the leaders' module are all on the walk.
    tour = Tour(shell, display=look.display, module_id=module_id, pathway_id="leaders")
    for number, stop in enumerate(tour.walk(), start=1):
        if shell.display != look.display:  # the signed-out screens are shown in this look too
            shell.apply_display(look.display)
        path = folder / f"{number:02d}-{stop}.png"
        grab(shell).save(str(path))
        written.append(path)
        if look.name in SIDEWAYS_CHECKED and not stop.startswith(STAFF_STOPS):
            problems += [f"{path}: scrolls sideways: {what}" for what in sideways_scrollers(shell)]
    shell.close()
    store.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    parser.add_argument("--content", type=Path, default=REPO / "modules")
    parser.add_argument("--module", default=None, help="module id to walk through (default: the first available)")
    parser.add_argument("--look", action="append", choices=[look.name for look in LOOKS],
                        help="only this look (may be repeated)")
    args = parser.parse_args()
    app = make_application()
    if "cy" not in Translations().languages():
        print("Welsh catalogue not built: run `make translations` first (Welsh shots will be in English).")
    total = 0
    problems: list[str] = []
    for look in LOOKS:
        if args.look and look.name not in args.look:
            continue
        shots = shoot(look, args.content, args.out, args.module, problems)
        total += len(shots)
        print(f"{look.name}: {len(shots)} screens in {args.out / look.name}")
    print(f"{total} screenshots written ({app.platformName()}, {WIDTH}x{HEIGHT}).")
    if problems:
        # At 200% text every learner screen must reflow to fit 1280x800 (WCAG 1.4.10 Reflow).
        print("Learner screens with a horizontal scroll bar:\n  " + "\n  ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
