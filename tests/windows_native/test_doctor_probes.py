"""Doctor's probes run in child processes; one that overruns must not hold doctor up on Windows,
where subprocess.run, after killing it, reads its pipes with no time limit (a process it started
still holds them, as the web engine's helper does)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from kiosk.core.doctor.probe import AFTER_KILL, run_probe

# The child starts a grandchild that inherits its output pipe and outlives it.
HOLDS_THE_PIPE = ("import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', "
                  "'import time; time.sleep(25)']); print('started', flush=True); time.sleep(25)")


def test_an_overrunning_probe_is_given_up_on_in_time():
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        run_probe([sys.executable, "-c", HOLDS_THE_PIPE], timeout=3)
    assert time.monotonic() - started < 3 + AFTER_KILL + 5


def test_a_probe_that_finishes_gives_its_output():
    done = run_probe([sys.executable, "-c", "print('platform: offscreen')"], timeout=30)
    assert done.returncode == 0 and done.stdout.strip() == "platform: offscreen"
