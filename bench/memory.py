"""Memory of the learner UI: RSS after a learner works through a whole module, then across 20
sign-in / sign-out cycles on the same PC (it must not grow: nothing of a learner is kept).

Each cycle: a learner signs in, opens the module and walks through every step (answering checks,
writing a reflection, rating the survey), takes a break and comes back, and signs out. RSS is read
from /proc after a garbage collection and the deferred deletions. Prints figures; asserts nothing.

    .venv/bin/python bench/memory.py [--cycles N] [--content DIR]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from bench._common import machine, rss_mb
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import KnowledgeCheckStep, ReflectionStep, SurveyStep, load_programme
from kiosk.core.store import open_store
from kiosk.ui.app import make_application
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell

LEARNERS = (("MEM-0001", "629174", "Amira"), ("MEM-0002", "571846", "Bogdan"))


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def sign_in(shell: Shell, code: str, pin: str) -> None:
    shell.signin.code.setText(code)
    shell.signin.pin.setText(pin)
    shell.signin.sign_in_button.click()
    assert shell.learning is not None, "sign-in failed"


def full_module(shell: Shell, module_id: str, round_: int) -> None:
    shell.open_module(module_id)
    settle()
    player = shell.player
    player.run.go_to(0)
    player.back()  # shows the first step
    while True:
        if player.view is None:  # a content note
            player.note_buttons[0].click()
        step, view = player.run.step, player.view
        if isinstance(step, KnowledgeCheckStep):
            if view.retry_button.isVisible():
                view.retry_button.click()
            if view.check_button.isVisible():
                view.options[0].click()
                view.check_button.click()
        elif isinstance(step, ReflectionStep):
            view.editor.setPlainText(f"Reflection {round_}: " + "what I noticed today. " * 20)
        elif isinstance(step, SurveyStep):
            for group in view.groups.values():
                group.button(4).click()
        QApplication.processEvents()
        if player.run.is_last:
            player.next()  # Finish
            break
        player.next()
    player.close_module()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--content", type=Path, default=Path(__file__).resolve().parent.parent / "modules")
    args = parser.parse_args()

    app = make_application()
    programme = load_programme(args.content)
    module = max(programme.available, key=lambda m: len(m.steps))
    data = Path(tempfile.mkdtemp(prefix="tip-bench-memory-"))
    store, _ = open_store(data)
    accounts = Accounts(store, installation_secret(data))
    for code, pin, name in LEARNERS:
        accounts.register(code, pin, name)
    shell = Shell(Services(store, accounts, programme), idle_timeout_s=0)
    shell.resize(1280, 800)
    shell.show()
    settle()
    start = rss_mb()

    sign_in(shell, *LEARNERS[0][:2])
    full_module(shell, module.id, 0)
    settle()
    after_module = rss_mb()
    shell.sign_out()
    settle()

    per_cycle = []
    widgets = []
    for cycle in range(args.cycles):
        code, pin, _ = LEARNERS[cycle % len(LEARNERS)]
        sign_in(shell, code, pin)
        full_module(shell, module.id, cycle + 1)
        shell.take_a_break()
        shell.covers.showing[-1].screen.back_button.click()
        shell.sign_out()
        settle()
        per_cycle.append(rss_mb())
        widgets.append(len(QApplication.allWidgets()))

    half = len(per_cycle) // 2
    print(f"memory: {machine()}; Qt platform {app.platformName()}; module '{module.id}' "
          f"({len(module.steps)} steps)")
    print(f"memory: RSS at sign-in screen {start:.1f} MB; after a full module {after_module:.1f} MB "
          f"(+{after_module - start:.1f} MB)")
    print("memory: RSS after each sign-in/out cycle (MB): " + " ".join(f"{r:.1f}" for r in per_cycle))
    print(f"memory: growth cycle 1 -> {len(per_cycle)}: {per_cycle[-1] - per_cycle[0]:+.1f} MB; "
          f"over the last {len(per_cycle) - half} cycles: {per_cycle[-1] - per_cycle[half]:+.1f} MB")
    print(f"memory: live widgets after each cycle: min {min(widgets)}, max {max(widgets)}")
    shell.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
