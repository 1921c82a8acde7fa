"""Run every benchmark in bench/ (each in its own process, with this venv's Python) and print
what each prints. Benchmarks print figures and assert nothing about time."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name == Path(__file__).name or script.name.startswith("_"):
            continue
        print(f"== {script.name}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"== {script.name} took {time.perf_counter() - started:.1f} s"
              + ("" if result.returncode == 0 else f" and FAILED (exit {result.returncode})"), flush=True)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
