"""``tip-kiosk content try`` (issue 10, "Will it play here?"): how long IT waits for an answer.

Runs the real command, headless, on a one-SCO SCORM 1.2 package and a two-SCO SCORM 2004
package built in code, and on the real packages in ../shared/corpus/standard-content/ when that
folder is there: the wall time of the whole command (Python start, import, web engine start, each
SCO watched until it initialised and went quiet, clean-up) and the time the command reports.

    .venv/bin/python bench/content_try.py [--runs 3]

Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import machine, median
from tests import elearning_fixtures as fx

CORPUS = ROOT.parent / "shared" / "corpus" / "standard-content"
CORPUS_PACKAGES = ("scorm12-runtime-basic-calls.zip", "scorm2004-3rd-runtime-basic-calls.zip",
                   "scorm2004-3rd-sequencing-simple-remediation.zip", "h5p-true-false.h5p")


def command() -> list[str]:
    script = ROOT / ".venv" / "bin" / "tip-kiosk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    # Headless, as IT runs it over SSH or in a build job (make bench itself runs under Xvfb).
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "QT_QPA_PLATFORM")}
    with tempfile.TemporaryDirectory() as tmp:
        packages = {"fixture: SCORM 1.2, 1 SCO": fx.scorm12_package(Path(tmp) / "one.zip"),
                    "fixture: SCORM 2004, 2 SCOs": fx.scorm2004_two_sco_package(Path(tmp) / "two.zip")}
        if CORPUS.is_dir():
            packages.update({f"corpus: {name}": CORPUS / name for name in CORPUS_PACKAGES})
        else:
            print(f"(no corpus at {CORPUS}: only the packages built here)")
        for label, path in packages.items():
            walls, reported, scos, codes = [], [], 0, set()
            for _ in range(args.runs):
                started = time.perf_counter()
                done = subprocess.run([*command(), "content", "try", "--json", str(path), "--data-dir",
                                       str(Path(tmp) / "data")], capture_output=True, text=True, env=env)
                walls.append(time.perf_counter() - started)
                codes.add(done.returncode)
                try:
                    report = json.loads(done.stdout)
                except ValueError:
                    print(f"{label}: no report (exit {done.returncode}): {done.stderr[-500:]}")
                    break
                reported.append(report["seconds"])
                scos = len(report["scos"])
            if reported:
                print(f"{label}: {scos} SCO(s), wall median {median(walls):.2f} s (min {min(walls):.2f}), "
                      f"reported median {median(reported):.2f} s, exit {sorted(codes)} (n={len(walls)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
