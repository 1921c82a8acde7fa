"""Pathways: what they add to home. Home is rebuilt each time a learner comes back from a module,
so it must stay quick; with pathways it also works out the learner's route and settles pathway
completions. Measures, on the sample programme (eight modules, five pathways) and a learner
half-way along the leaders' route:

- route: ``pathways.route`` + ``pathways.settle`` from an overview (the core work added);
- home: building the whole home screen (overview, route, cards), with and without pathways;
- chooser: building the pathway chooser.

    .venv/bin/python bench/pathways.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.core import pathways
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.learning import Learning
from kiosk.core.store import open_store
from kiosk.core.store.completion_records import CompletionRow
from kiosk.ui.app import make_application
from kiosk.ui.home import HomeScreen
from kiosk.ui.pathway_chooser import PathwayChooser


def timed(runs: int, work) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def report(name: str, times: list[float]) -> None:
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{name:<34} median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms   ({len(times)} runs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    make_application()
    programme = load_programme(REPO / "modules")
    flat = type(programme)(programme.id, programme.title, programme.folder, programme.modules, programme.support)
    data = Path(tempfile.mkdtemp(prefix="tip-bench-pathways-"))
    store, _ = open_store(data)
    learner = Accounts(store, installation_secret(data)).register("BENCH-001", "629174")
    store.pathways.set_learner_pathway(learner.id, "leaders", "learner")
    with store.transaction() as conn:  # the core done, and one module of the leaders' own
        for module_id in ("understanding-trauma", "how-trauma-shows-up", "tip-principles", "principles-check",
                          "looking-after-yourself"):
            store.completion_records.record(CompletionRow(
                str(uuid.uuid4()), learner.id, module_id, "1", "2026-03-01T10:00:00.000+00:00", None), conn=conn)
    learning = Learning(store, programme, learner)
    overview = learning.overview()

    def route() -> None:
        done = pathways.completed_at(overview)
        pathways.route(store, programme, learner.id, done)
        pathways.settle(store, programme, learner.id, done)

    report("route + settle", timed(args.runs, route))
    report("home with pathways", timed(args.runs, lambda: HomeScreen(learning).deleteLater()))
    plain = Learning(store, flat, learner)
    report("home without pathways", timed(args.runs, lambda: HomeScreen(plain).deleteLater()))
    report("pathway chooser", timed(args.runs, lambda: PathwayChooser(programme).deleteLater()))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
