"""The Windows specifics, checked in the Windows Python under Wine: tests/windows_native (data
folder and secrets access lists, DPAPI, paths with spaces and a non-ASCII user name, content
names Windows reads otherwise, kiosk-mode keys with Windows Qt).

They run in a Wine prefix of their own (kept in the Windows build cache; packaging/windows/wine.py)
as the user "Zoë Ørsted-Nagy", so every path they touch, the pytest temporary folders included,
has a space and letters beyond ASCII in it. Wine, the Windows Python and its wheels are made on
first use (a few minutes), then reused.
"""

from __future__ import annotations

import time

import pytest
import wine

from tests.windows_native.test_paths import USER

pytestmark = [pytest.mark.wine, pytest.mark.slow]
# As that user; and no Wine debugger for a crashing child (the web engine's Chromium crashes under
# Wine 8 when doctor probes it): it would print a long dump and cost seconds each time.
ENV = {"USER": USER, "WINEDLLOVERRIDES": wine.WINE_ENV["WINEDLLOVERRIDES"] + ";winedbg.exe=d"}


@pytest.mark.timeout(2400)  # a cold cache downloads and installs the Windows Python and wheels
def test_the_windows_native_tests_pass_under_wine():
    base = wine.ensure()
    env = base.scratch_prefix(base.work_dir / "prefix-windows-native")
    started = time.monotonic()
    done = env.run(["-m", "pytest", "--confcutdir", "tests/windows_native", "-p", "no:cacheprovider", "-q",
                    "-rfEs", "tests/windows_native"], env=ENV, cwd=wine.REPO, timeout=900)
    print(f"tests/windows_native under Wine: {time.monotonic() - started:.1f} s")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert " passed" in output and "skipped" not in output, output  # a skipped Windows check is a gap
