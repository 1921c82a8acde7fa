"""Package runtime (issue 10): what a SCORM commit costs on the learner path, and sequencing.

1. ``ModuleRun.commit_package`` of a SCORM 1.2 body with ~16 KB of suspend data and 50
   interactions (allow-list, limits, result, one durable transaction with progress and time),
   as the web view calls it on every LMSCommit, on a real SQLite file (WAL, synchronous=FULL).
2. ``package_launch("continue")`` on the golf simple-remediation package (sequencing state read,
   termination, rules, rollup, delivery, saved), and ``package_navigation`` (a table of contents,
   every choice tried).

    .venv/bin/python bench/elearning_runtime.py [--n 200]

Prints figures; asserts nothing about time. Target: a commit well under the 50 ms a SCO waits
for LMSCommit's answer.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import machine, summary
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.learning import Learning
from kiosk.core.store import open_store
from tests.helpers import write_programme
from tests.test_elearning_runtime import commit12, commit2004, package_programme, scorm12

GOLF = Path("/work/shared/corpus/standard-content/scorm2004-3rd-sequencing-simple-remediation.zip")


def run_for(tmp: Path, standard: str, package):
    store, _ = open_store(tmp / "data")
    learner = Accounts(store, installation_secret(tmp / "data")).register("1234567", "482915")
    programme = package_programme(load_programme(write_programme(tmp / "content", modules=1)), standard, package)
    run = Learning(store, programme, learner).open(programme.modules[0].id)
    run.go_to(1)
    return store, run


def commits(n: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "data").mkdir()
        store, run = run_for(tmp, "scorm_1.2", scorm12(tmp))
        run.package_launch(run.step)
        body = commit12(suspend="x" * 16_000, location="page-12")
        body["cmi"]["interactions"] = {str(i): {"id": f"q{i}", "type": "choice", "result": "correct",
                                                "student_response": "a"} for i in range(50)}
        times = []
        for _ in range(n):
            start = time.perf_counter()
            run.commit_package(run.step, "sco-1", body)
            times.append((time.perf_counter() - start) * 1000)
        print(summary("SCORM 1.2 commit (16 KB suspend data, 50 interactions)", times, "< 50 ms"))
        store.close()


def golf(n: int) -> None:
    if not GOLF.exists():
        print(f"golf sequencing: skipped ({GOLF} is not on this machine)")
        return
    from kiosk.core.elearning.manifest import read_package

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "data").mkdir()
        with zipfile.ZipFile(GOLF) as archive:
            archive.extractall(tmp / "golf")
        store, run = run_for(tmp, "scorm_2004", read_package(tmp / "golf"))
        launches, tocs = [], []
        for _ in range(max(1, n // 10)):
            sco = run.package_launch(run.step, "start")
            while sco is not None:
                run.commit_package(run.step, sco, commit2004("completed", "failed" if sco == "test_2" else "passed",
                                                             scaled=0.4 if sco == "test_2" else 0.9), final=True)
                start = time.perf_counter()
                run.package_navigation(run.step)
                tocs.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                sco = run.package_launch(run.step, "continue")
                launches.append((time.perf_counter() - start) * 1000)
                if len(launches) % 40 == 0:
                    break
            run.package_launch(run.step, "exitAll")
        print(summary("golf package_launch('continue') (sequencing + save)", launches))
        print(summary("golf package_navigation (table of contents)", tocs))
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    print(machine())
    commits(args.n)
    golf(args.n)


if __name__ == "__main__":
    main()
