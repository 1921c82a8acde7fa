"""The doctor's probes (Qt, the web engine) run in child processes, with a time limit that holds
on Windows too.

``subprocess.run(timeout=...)`` on Windows kills a child that overran and then reads its pipes
with no limit at all; if the child does not go (seen under Wine, with Qt's Windows platform) or a
process it started still holds the pipes (the web engine's helper), doctor would wait for ever
instead of reporting. Here the read after the kill is limited too.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Mapping, Sequence

AFTER_KILL = 5.0
"""Seconds to collect what a killed probe printed before giving up on it."""


def run_probe(argv: Sequence[str], timeout: float,
              env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` with its output captured as text.

    Raises:
        subprocess.TimeoutExpired: it did not finish within ``timeout`` seconds (it is killed).
        OSError: it could not be started.
    """
    process = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=dict(env) if env is not None else None)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        # If it still hangs, its pipes stay with their reader threads, which end with this process.
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.communicate(timeout=AFTER_KILL)
        raise subprocess.TimeoutExpired(list(argv), timeout) from None
    return subprocess.CompletedProcess(list(argv), process.returncode, out, err)
