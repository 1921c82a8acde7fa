"""Installer figures: how long the Linux bundle takes to build, how big it is, and how quickly
the built kiosk starts headless (its --self-test) and runs its doctor. Prints; asserts nothing.

    .venv/bin/python bench/installer.py          (part of `make bench`; ~1-2 minutes)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "packaging"))
sys.path.insert(0, str(REPO))

import build  # noqa: E402

from tests.helpers import write_programme  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tip-kiosk-bench-") as tmp:
        tmp = Path(tmp)
        bundle = build.build_bundle(tmp / "dist", tmp / "work")
        contents = bundle.path / "_internal"
        files = sum(1 for p in bundle.path.rglob("*") if p.is_file())
        plugins = sum(1 for p in (contents / "vlc" / "plugins").rglob("*.so"))
        listed = "vlc-plugins.txt" if build.bundle_parts.PLUGIN_LIST.exists() else "whole folder"
        print(f"bundle build time:       {bundle.seconds:.1f} s (PyInstaller + plugin cache)")
        print(f"bundle size:             {bundle.size_bytes / 1e6:.0f} MB in {files} files "
              f"(target <= 250 MB)")
        print(f"VLC plugins bundled:     {plugins} ({listed})")

        content = write_programme(tmp / "content")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                        "testsrc=size=160x120:rate=10:duration=2", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                        str(content / "media" / "clip.mp4")], check=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TIP_KIOSK_", "PYTHON_VLC", "VLC_"))}
        env["QT_QPA_PLATFORM"] = "offscreen"
        for name, args in (("self-test (plays 1 s)", ["--self-test", "--content", str(content)]),
                           ("doctor", ["doctor", "--content", str(content), "--data-dir", str(tmp / "data")])):
            times = []
            for _ in range(3):
                started = time.monotonic()
                subprocess.run([str(bundle.path / "tip-kiosk"), *args], env=env, capture_output=True)
                times.append(time.monotonic() - started)
            print(f"bundle {name + ':':<22}  median {sorted(times)[1]:.2f} s of 3 runs")


if __name__ == "__main__":
    main()
