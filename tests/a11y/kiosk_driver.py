"""The kiosk on a test programme, walked along tests/tour.py one stop at a time for an outside
accessibility client (tests/a11y/listener.py, which starts this in the venv's Python).

Protocol (JSON lines): on stdout ``{"ready": title}`` once the window shows, then for each stop
``{"stop": name, "screen": key}`` (``key`` is the same while the learner stays on one screen, so the
client knows which messages came from an action there); the driver then keeps Qt's event loop
running (the client's questions are answered on it) until a line arrives on stdin, and goes on.
Finally ``{"done": true, "secrets": [...]}``: every secret the walk typed, for the client to look
for in what it heard.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import tempfile
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEventLoop, QSocketNotifier
from PySide6.QtWidgets import QStackedLayout

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.store import open_store
from kiosk.ui.app import make_application
from kiosk.ui.language import I18N_DIR, Translations
from kiosk.ui.shell import Shell
from tests.helpers import write_rich_programme
from tests.tour import Tour, settle
from tests.uihelpers import ADMIN_PASSPHRASE, tour_services

# Only these stops: sign-in and a module's steps of each kind first, then the learner's other
# screens; enough to cover every kind of screen while keeping the test to about a minute.
WANTED = os.environ.get("A11Y_STOPS", "")
TRAINER_PASSPHRASE = "calm river lantern 42"


def say(**message) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def wait_for_go(notifier: QSocketNotifier) -> bool:
    """Run the event loop until the client writes a line; False when it has gone."""
    loop = QEventLoop()
    result: list[bool] = []

    def readable() -> None:
        line = sys.stdin.readline()
        result.append(bool(line))
        loop.quit()

    notifier.activated.connect(readable)
    notifier.setEnabled(True)
    loop.exec()
    notifier.setEnabled(False)
    notifier.activated.disconnect(readable)
    return result[0]


def screen_key(shell: Shell) -> str:
    """The same while the learner stays on one screen (and page of it): a message that appears
    between two stops with the same key came from an action there."""
    screen = shell.stack.currentWidget()
    view = getattr(screen, "view", None)
    pages = []
    for layout in screen.findChildren(QStackedLayout):
        holder = layout.parentWidget() if shiboken6.isValid(layout) else None  # some wait to be deleted
        if holder is not None and shiboken6.isValid(holder) and holder.isVisible():
            pages.append(layout.currentIndex())
    return f"{type(screen).__name__}:{id(screen)}:{id(view) if view is not None else ''}:{pages}"


def trainer_stops(shell: Shell, accounts: Accounts):
    """The trainer's side (not on the tour): signed in from the sign-in screen, the trainer home."""
    accounts.create_trainer("TRAINER-A11Y", TRAINER_PASSPHRASE, "Sam")
    signin = shell.signin
    signin.code.setText("TRAINER-A11Y")
    signin.pin.setText(TRAINER_PASSPHRASE)
    signin.sign_in_button.click()
    settle()
    if shell.stack.currentWidget() is getattr(shell.trainer, "home", None):
        yield "trainer-home"


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="tip-a11y-"))
    content = write_rich_programme(work / "content")
    store, _ = open_store(work / "data")
    accounts = Accounts(store, installation_secret(work / "data"))
    programme = load_programme(content)
    app = make_application(web_engine=False)
    shell = Shell(tour_services(store, accounts, programme), idle_timeout_s=0,
                  translations=Translations(folder=I18N_DIR.parent / "no-catalogues-here"))
    shell.setWindowTitle("TIP Kiosk accessibility walk")
    shell.setGeometry(0, 0, 1280, 800)
    shell.show()
    shell.activateWindow()
    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.setEnabled(False)
    say(ready=shell.windowTitle(), pid=os.getpid())
    if not wait_for_go(notifier):
        return 1
    wanted = set(WANTED.split(",")) - {""}
    tour = Tour(shell, admin_passphrase=ADMIN_PASSPHRASE)
    for name in itertools.chain(tour.walk(), trainer_stops(shell, accounts)):
        if wanted and not any(name == w or name.startswith(w + "*") or (w.endswith("*") and name.startswith(w[:-1]))
                              for w in wanted):
            continue
        say(stop=name, screen=screen_key(shell))
        if not wait_for_go(notifier):
            return 1
    say(done=True, secrets=[tour.pin, ADMIN_PASSPHRASE, "571846", TRAINER_PASSPHRASE])
    wait_for_go(notifier)
    shell.close()
    store.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
