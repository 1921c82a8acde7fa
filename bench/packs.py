"""Content pack import: throughput and peak memory for a large pack (issue 7).

Makes a programme whose videos are incompressible random bytes (stored, not deflated, as real video
is), builds and signs a pack of it, then imports it into an empty content folder in a fresh child
process, so that process's peak RSS is the import's own. Two sizes show whether memory stays flat.

    .venv/bin/python bench/packs.py [--mb 500] [--small-mb 100]

Prints figures; asserts nothing about time. Target: >= 150 MB/s, limited by disk and SHA-256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import machine
from kiosk.core.packs import build, public_key_text, sign

CHUNK = 1024 * 1024
VIDEO_MB = 50

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from kiosk.core.packs import import_pack
pack, content, key = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
marks = []
def progress(done, total):
    if not marks and done >= total // 2:
        marks.append(time.perf_counter())
def queued():  # seconds this (main) thread has spent runnable but waiting for a CPU
    try:
        return int(open("/proc/thread-self/schedstat").read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return float("nan")
usage = resource.getrusage(resource.RUSAGE_SELF)
before, cpu, waited = usage.ru_maxrss, usage.ru_utime + usage.ru_stime, queued()
started = time.perf_counter()
result = import_pack(pack, content, [key], progress=progress)
ended = time.perf_counter()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": ended - started, "cpu_seconds": usage.ru_utime + usage.ru_stime - cpu,
                  "queued_seconds": queued() - waited, "copy_seconds": (marks[0] if marks else ended) - started,
                  "rss_before_kb": before, "rss_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "bytes": result.bytes, "files": result.files}))
"""


def make_programme(folder: Path, megabytes: int) -> Path:
    """One module with a video step per 50 MB of random media, and its captions."""
    media = folder / "media"
    module = folder / "programme" / "01-big"
    media.mkdir(parents=True)
    module.mkdir(parents=True)
    videos = max(1, megabytes // VIDEO_MB)
    steps = ["  - id: intro\n    type: page\n    title: Introduction\n    file: intro.md\n"]
    for index in range(videos):
        name = f"video-{index:02d}"
        with open(media / f"{name}.mp4", "wb") as handle:
            for _ in range(megabytes * CHUNK // videos // CHUNK):
                handle.write(os.urandom(CHUNK))
        (media / f"{name}.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:05.000\nHello.\n")
        steps.append(f"  - id: {name}\n    type: video\n    title: Video {index}\n    media: {name}.mp4\n"
                     f"    captions: {name}.vtt\n    duration_seconds: 60\n")
    (module / "intro.md").write_text("# Introduction\n\nA large module for the benchmark.\n")
    (module / "module.yaml").write_text(
        "schema_version: 1\nid: big-module\nversion: '1'\ntitle: Big module\nsummary: Benchmark.\n"
        "duration_minutes: 60\nsteps:\n" + "".join(steps))
    (folder / "programme" / "programme.yaml").write_text(
        "schema_version: 1\nid: bench-programme\ntitle: Benchmark\nmedia_folder: ../media\n"
        "modules:\n  - 01-big\n")
    return folder / "programme"


def run(megabytes: int, root: Path) -> dict:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    work = root / f"{megabytes}mb"
    work.mkdir()
    programme = make_programme(work / "source", megabytes)
    key = Ed25519PrivateKey.generate()
    pack = work / "pack.zip"
    started = time.perf_counter()
    build(programme, pack, version=1)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    sign(pack, key)
    sign_s = time.perf_counter() - started
    shutil.rmtree(work / "source")  # keep the disk use down: the pack is all the import needs
    with open(pack, "rb+") as handle:  # start the import with the pack on disk, not still being written
        os.fsync(handle.fileno())
    disk = disk_rate(work / "probe.bin", min(megabytes, 200))
    site = work / "site"
    site.mkdir()
    child = subprocess.run([sys.executable, "-c", CHILD, str(pack), str(site / "content"), public_key_text(key)],
                           capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    if child.returncode != 0:
        raise SystemExit(child.stderr)
    figures = json.loads(child.stdout)
    figures.update(pack_bytes=pack.stat().st_size, build_s=build_s, sign_s=sign_s, disk_mb_s=disk)
    shutil.rmtree(work)
    return figures


def disk_rate(path: Path, megabytes: int) -> float:
    """This disk's own rate, right now, for writing a file and making it durable (MB/s)."""
    block = os.urandom(CHUNK)
    started = time.perf_counter()
    with open(path, "wb") as handle:
        for _ in range(megabytes):
            handle.write(block)
        handle.flush()
        os.fsync(handle.fileno())
    rate = megabytes / (time.perf_counter() - started)
    path.unlink()
    return rate


def cpu_pressure() -> str:
    try:
        with open("/proc/pressure/cpu") as handle:
            return handle.readline().split()[2].split("=")[1] + "%"
    except (OSError, IndexError):
        return "not available"


def sha256_rate() -> float:
    block = os.urandom(64 * CHUNK)
    digest = hashlib.sha256()
    started = time.perf_counter()
    for _ in range(4):
        digest.update(block)
    return 256 / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=500, help="size of the large pack (MB)")
    parser.add_argument("--small-mb", type=int, default=100, help="size of the small pack, for RSS")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    print(f"SHA-256 alone (hashlib): {sha256_rate():.0f} MB/s; CPU pressure (PSI, share of time "
          f"something waited for a CPU, last minute): {cpu_pressure()}")
    with tempfile.TemporaryDirectory(prefix="tip-bench-packs-", dir=os.environ.get("BENCH_TMP")) as temp:
        for megabytes in (args.small_mb, args.mb):
            f = run(megabytes, Path(temp))
            mb = f["pack_bytes"] / 2**20
            unpack_s = f["seconds"] - f["copy_seconds"]
            print(f"Pack of {mb:,.0f} MB ({f['files']} files, random media stored): "
                  f"build {mb / f['build_s']:.0f} MB/s, sign {mb / f['sign_s']:.0f} MB/s")
            print(f"  import: {f['seconds']:.2f} s = {mb / f['seconds']:.0f} MB/s  [target >= 150 MB/s] "
                  f"(copy + verify {mb / f['copy_seconds']:.0f} MB/s, unpack + hash + fsync "
                  f"{mb / max(unpack_s, 1e-9):.0f} MB/s)")
            print(f"  CPU time {f['cpu_seconds']:.2f} s ({mb / f['cpu_seconds']:.0f} MB per CPU-second); time "
                  f"spent ready to run but waiting for a CPU taken by other processes: "
                  f"{f['queued_seconds']:.2f} s; this disk, just before: write + fsync {f['disk_mb_s']:.0f} MB/s")
            print(f"  peak RSS of the importing process: {f['rss_peak_kb'] / 1024:.1f} MB, of which "
                  f"{(f['rss_peak_kb'] - f['rss_before_kb']) / 1024:.1f} MB came during the import "
                  f"(the rest is Python and the libraries, loaded before it)")


if __name__ == "__main__":
    main()
