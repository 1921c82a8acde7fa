"""Installer figures for both variants: how long each Linux bundle takes to build, how big it is
(and so what leaving the web engine out saves), how quickly the built kiosk starts headless (its
--self-test) and runs its doctor, and whether the standard variant's web engine starts for an
ordinary account with its sandbox on. Prints; asserts nothing.

    .venv/bin/python bench/installer.py [--archives]   (part of `make bench`; ~3 minutes idle)

--archives also makes each variant's .tar.gz and .deb (about a minute more each) and prints their
sizes. The standard variant needs the web players (`make web`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "packaging"))
sys.path.insert(0, str(REPO))

import build

from tests.helpers import write_programme

PACKAGES = "Standard packages (SCORM/H5P)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archives", action="store_true", help="also time and size the .tar.gz and .deb")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tip-kiosk-bench-") as tmp:
        tmp = Path(tmp)
        content = write_programme(tmp / "content")
        # AV1 in WebM, as the sample media: the bundles' plugin list has no avcodec for H.264.
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                        "testsrc=size=160x120:rate=10:duration=2", "-c:v", "libsvtav1", "-pix_fmt", "yuv420p",
                        "-f", "webm", str(content / "media" / "clip.mp4")], check=True)
        sizes = {}
        for variant in build.bundle_parts.VARIANTS:
            bundle = build.build_bundle(tmp / "dist", tmp / "work", variant)
            sizes[variant] = bundle.size_bytes
            report_bundle(bundle, content, tmp)
            if args.archives:
                report_archives(bundle, tmp)
            if variant == "standard":
                as_ordinary_account(bundle, tmp)
        saved = sizes["standard"] - sizes["lean"]
        print(f"\nthe lean variant saves  {saved / 1e6:.0f} MB "
              f"({saved / sizes['standard']:.0%} of the standard bundle)")


def report_bundle(bundle: build.Bundle, content: Path, tmp: Path) -> None:
    contents = bundle.path / "_internal"
    files = sum(1 for p in bundle.path.rglob("*") if p.is_file())
    plugins = sum(1 for p in (contents / "vlc" / "plugins").rglob("*.so"))
    listed = "vlc-plugins.txt" if build.bundle_parts.PLUGIN_LIST.exists() else "whole folder"
    web = sum(p.stat().st_size for p in contents.rglob("*")
              if p.is_file() and not p.is_symlink() and "webengine" in str(p.relative_to(contents)).lower())
    print(f"\n== {bundle.variant} variant ({bundle.path.name}) ==")
    print(f"bundle build time:       {bundle.seconds:.1f} s (PyInstaller + plugin cache)")
    print(f"bundle size:             {bundle.size_bytes / 1e6:.0f} MB in {files} files "
          f"(of which QtWebEngine files {web / 1e6:.0f} MB)")
    print(f"VLC plugins bundled:     {plugins} ({listed})")
    env = clean_env()
    for name, args in (("self-test", ["--self-test", "--content", str(content)]),
                       ("doctor", ["doctor", "--content", str(content), "--data-dir", str(tmp / "data")])):
        times = []
        for _ in range(3):
            started = time.monotonic()
            done = subprocess.run([str(bundle.path / "tip-kiosk"), *args], env=env, capture_output=True,
                                  text=True)
            times.append(time.monotonic() - started)
        web_line = next((line.strip() for line in done.stdout.splitlines()
                         if "Web engine" in line or PACKAGES in line), "")
        print(f"bundle {name + ':':<17} median {sorted(times)[1]:.2f} s of 3 runs; {web_line[:110]}")


def report_archives(bundle: build.Bundle, tmp: Path) -> None:
    out = tmp / "archives"
    out.mkdir(exist_ok=True)
    started = time.monotonic()
    tarball = build.make_tarball(bundle.path, out, bundle.variant)
    print(f"{tarball.name}: {tarball.stat().st_size / 1e6:.0f} MB in {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    deb = build.make_deb(bundle.path, out, tmp / "work", variant=bundle.variant)
    print(f"{deb.name}: {deb.stat().st_size / 1e6:.0f} MB in {time.monotonic() - started:.0f} s")
    tarball.unlink()
    deb.unlink()


def as_ordinary_account(bundle: build.Bundle, tmp: Path) -> None:
    """As root, run the standard bundle's doctor check as 'nobody': the production case, where
    Chromium's sandbox is on (QTWEBENGINE_DISABLE_SANDBOX unset)."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or not setpriv:
        return
    home = tmp / "nobody"
    home.mkdir()
    os.chown(home, 65534, 65534)
    for folder in (tmp, *[p for p in tmp.rglob("*") if p.is_dir()]):
        folder.chmod(folder.stat().st_mode | 0o555)  # readable by the ordinary account
    env = clean_env()
    env.pop("QTWEBENGINE_DISABLE_SANDBOX", None)
    env["HOME"] = str(home)
    started = time.monotonic()
    done = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                           str(bundle.path / "tip-kiosk"), "doctor", "--json",
                           "--data-dir", str(home / "data")], env=env, capture_output=True, text=True, cwd=home)
    seconds = time.monotonic() - started
    try:
        result = next(r for r in json.loads(done.stdout) if r["name"] == PACKAGES)
        said = f"{result['status'].upper()}: {result['summary']}"
    except (ValueError, StopIteration):
        said = f"no answer ({done.stderr.strip()[-200:]})"
    print(f"doctor as 'nobody', sandbox on: {seconds:.1f} s; {said}")


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIP_KIOSK_", "PYTHON_VLC", "VLC_"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


if __name__ == "__main__":
    main()
