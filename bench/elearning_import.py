"""SCORM/H5P package import (issue 10): unpack throughput and video conversion speed.

1. A ~100 MB SCORM 1.2 package, mostly incompressible media (stored, as real video is) plus
   thousands of small HTML/JS files (deflated), added with ``add_package``: MB/s for the whole
   import (unpack with every check, fsync, manifest and reference checks, internet-address scan),
   and for the unpack alone.
2. A 60 s 720p H.264 + AAC clip converted to WebM (VP9 + Opus) with the importer's settings:
   seconds of conversion per minute of video.

    .venv/bin/python bench/elearning_import.py [--mb 100] [--small-files 3000] [--video-seconds 60]

Prints figures; asserts nothing about time. Target: >= 100 MB/s for the import.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import machine, median
from kiosk.core.elearning import media
from kiosk.core.elearning.archive import unpack
from kiosk.core.elearning.importer import add_package
from tests import elearning_fixtures as fx
from tests.helpers import write_programme

MEDIA_FILE_MB = 10


def big_package(path: Path, megabytes: int, small_files: int) -> int:
    """Write the package; returns its unpacked size in bytes."""
    files = fx.scorm12_files()
    small = {f"pages/p{n:05d}.{'html' if n % 2 else 'js'}":
             (f"<p>Page {n}</p>\n" * 120 if n % 2 else f"var page{n} = {n};\n" * 200).encode()
             for n in range(small_files)}
    small_bytes = sum(len(v) for v in small.values())
    count = max(1, (megabytes * 1024 * 1024 - small_bytes) // (MEDIA_FILE_MB * 1024 * 1024))
    listed = [*files, *small, *(f"media/clip{n:02d}.webm" for n in range(count))]
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
        '      <file href="index.html"/>', "\n".join(f'      <file href="{name}"/>' for name in listed))
    total = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**files, **small}.items():
            data = data.encode() if isinstance(data, str) else data
            archive.writestr(fx.zip_entry(name), data)
            total += len(data)
        for n in range(count):
            info = fx.zip_entry(f"media/clip{n:02d}.webm")
            info.compress_type = zipfile.ZIP_STORED
            with archive.open(info, "w") as out:
                for _ in range(MEDIA_FILE_MB):
                    out.write(os.urandom(1024 * 1024))
            total += MEDIA_FILE_MB * 1024 * 1024
    return total


def import_figures(work: Path, megabytes: int, small_files: int, runs: int = 3) -> None:
    source = work / "big.zip"
    size = big_package(source, megabytes, small_files)
    full, alone, cpu = [], [], []
    for run in range(runs):
        content = write_programme(work / f"content-{run}")
        started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        add_package(source, content, module_id="big-course")
        full.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu.append((after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime))
        started = time.perf_counter()
        unpack(source, work / f"unpacked-{run}")
        alone.append(time.perf_counter() - started)
        shutil.rmtree(content)
        shutil.rmtree(work / f"unpacked-{run}")
    with zipfile.ZipFile(source) as archive:
        entries = len(archive.infolist())
    mb = size / 1e6
    print(f"package: {mb:,.0f} MB unpacked, {entries:,} entries ({small_files:,} small text files)")
    print(f"content add (unpack, checks, fsync, manifest, scan): median {median(full):.2f} s = "
          f"{mb / median(full):,.0f} MB/s  (runs: {', '.join(f'{t:.2f}' for t in full)})  [target >= 100 MB/s]")
    user, system = median([u for u, _ in cpu]), median([s for _, s in cpu])
    print(f"content add CPU time: median {user:.2f} s in Python, {system:.2f} s in the kernel (creating and "
          f"writing files) = {mb / (user + system):,.0f} MB per CPU-second; the rest of the wall time is "
          "waiting, for the disk or for a CPU held by others")
    print(f"unpack alone: median {median(alone):.2f} s = {mb / median(alone):,.0f} MB/s")


def transcode_figures(work: Path, seconds: int) -> None:
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        print("video conversion: not measured (ffmpeg is not installed)")
        return
    clip = work / "lecture.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=25:d={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=300:duration={seconds}", "-c:v", "libx264",
                    "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(clip)],
                   check=True, capture_output=True)
    root = work / "video-package"
    root.mkdir()
    shutil.copy(clip, root / "lecture.mp4")
    items = media.find_unplayable(root)
    started, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    (done,) = media.convert_all(root, items)
    taken = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    print(f"video conversion, {seconds} s of 720p H.264+AAC ({clip.stat().st_size / 1e6:.1f} MB) to VP9+Opus "
          f"({(root / done.new).stat().st_size / 1e6:.1f} MB): {taken:.1f} s = "
          f"{taken / (seconds / 60):.1f} s per minute of video (ffmpeg CPU time {cpu:.1f} s on "
          f"{os.cpu_count()} cores)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--small-files", type=int, default=3000)
    parser.add_argument("--video-seconds", type=int, default=60, help="0: do not measure video conversion")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(prefix="tip-bench-elearning-", dir=os.environ.get("BENCH_TMP")) as tmp:
        import_figures(Path(tmp), args.mb, args.small_files)
        if args.video_seconds:
            transcode_figures(Path(tmp), args.video_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
