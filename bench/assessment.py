"""Assessment costs: working out one learner's option order, the author warnings across the
sample programme, and building a shuffled knowledge check's view (prints figures, asserts
nothing about time).

    .venv/bin/python bench/assessment.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import KnowledgeCheckStep, load_programme
from kiosk.core.content.checks import answer_pattern_warnings
from kiosk.core.learning import Learning
from kiosk.core.shuffle import order
from kiosk.core.store import open_store


def timed(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{name}: median {statistics.median(times):.3f} ms, p95 {p95:.3f} ms ({len(times)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    programme = load_programme(REPO / "modules")
    report("option order (8 options)", timed(lambda: order(12345, "module/step/node", 8), args.runs * 10))
    report("answer-pattern warnings, whole sample programme",
           timed(lambda: [answer_pattern_warnings(m) for m in programme.available], args.runs))

    from PySide6.QtWidgets import QApplication

    from kiosk.ui.steps.check import CheckView

    app = QApplication.instance() or QApplication([])
    data = Path(tempfile.mkdtemp(prefix="tip-bench-"))
    store, _ = open_store(data)
    learner = Accounts(store, installation_secret(data)).register("BENCH-1", "482915")
    module = programme.module("understanding-trauma")
    run = Learning(store, programme, learner).open(module.id)
    step = next(s for s in module.steps if isinstance(s, KnowledgeCheckStep))
    run.go_to(module.step_index(step.id))

    def build() -> None:
        view = CheckView(run, step)
        view.resize(960, 700)
        view.show()
        app.processEvents()
        view.deleteLater()
        app.processEvents()

    report("shuffled knowledge check view, build and show", timed(build, args.runs // 4 or 1))
    store.close()


if __name__ == "__main__":
    main()
