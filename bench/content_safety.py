"""What the hostile-content checks cost: the nesting scan before each YAML file is built, the link
check on each content file, and counting a zip's central directory before zipfile reads it.

Run directly: `.venv/bin/python bench/content_safety.py`. Prints figures, asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import machine, summary
from kiosk.core.content import load_programme, loader, safety, yamlread, yamlshape
from kiosk.core.packs.zipcheck import counted_entries

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "modules"


def timed(action, runs: int) -> list[float]:
    action()  # warm the file cache and imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def timed_once(action) -> list[float]:
    start = time.perf_counter()
    action()
    return [(time.perf_counter() - start) * 1000]


def main() -> None:
    print(machine())
    biggest = max(CONTENT.glob("*/module.yaml"), key=lambda p: p.stat().st_size)
    text = biggest.read_text(encoding="utf-8")
    print(summary(f"nesting and alias scan of {biggest.parent.name}/module.yaml ({len(text) // 1024} KB)",
                  timed(lambda: yamlshape.shape_problem(text, biggest, yamlread._Base), 50)))
    print(summary("read_yaml of the same file (scan included)", timed(lambda: yamlread.read_yaml(biggest), 50)))
    # With and without the checks, interleaved so a busy shared machine weighs on both alike.
    real_scan, real_first = yamlread.shape_problem, safety.first_file
    with_checks, without = [], []
    load_programme(CONTENT)
    for _ in range(25):
        with_checks += timed_once(lambda: load_programme(CONTENT))
        yamlread.shape_problem = lambda text, path, loader: None  # the checks switched off, for comparison only
        loader.first_file = lambda candidates, roots: (next((c for c in candidates if c.is_file()), None), None)
        try:
            without += timed_once(lambda: load_programme(CONTENT))
        finally:
            yamlread.shape_problem, loader.first_file = real_scan, real_first
    print(summary("load_programme(modules/) with every check", with_checks))
    print(summary("load_programme(modules/) without nesting or link checks", without))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "many.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for i in range(20_000):
                archive.writestr(f"content/media/f{i:05d}.txt", b"x")
        with open(path, "rb") as handle:
            print(summary("counted_entries on a 20,000-entry zip",
                          timed(lambda: counted_entries(handle, 20_001), 10)))
        print(summary("zipfile.ZipFile on the same zip (for scale)", timed(lambda: zipfile.ZipFile(path).close(), 10)))


if __name__ == "__main__":
    main()
