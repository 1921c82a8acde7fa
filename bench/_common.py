"""Helpers shared by the benchmarks."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, {cpu}"


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary(name: str, values_ms: Sequence[float], target: str = "") -> str:
    line = (f"{name}: p50 {percentile(values_ms, 50):.2f} ms, p95 {percentile(values_ms, 95):.2f} ms, "
            f"max {max(values_ms):.2f} ms (n={len(values_ms)})")
    if target:
        line += f"  [target {target}]"
    return line


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")
