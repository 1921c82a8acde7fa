"""How long a key press waits when the accessibility bus is on, with and without Orca listening.

On Linux Qt hands every key press to the AT-SPI registry and waits (at most 100 ms) for the screen
readers' answer before handling it. This walks a few screens pressing Tab round each (real X key
presses through xdotool) and prints, from key press to the focus event an AT-SPI client hears,
the median, 95th percentile and worst wait: once with only the test client on the bus, once with
Orca (speech off) listening too. Needs the screen-reader test tools (`make test` installs them).
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
A11Y = REPO / "tests" / "a11y"
STOPS = "sign-in,home,step-knowledge_check*,my-progress"


def run(with_orca: bool) -> dict | None:
    work = Path(tempfile.mkdtemp(prefix="tip-sr-bench-"))
    command = ["/usr/bin/python3", str(A11Y / "listener.py"), sys.executable]
    env = dict(os.environ, A11Y_STOPS=STOPS)
    if with_orca:
        (work / "prefs").mkdir()
        command = [str(A11Y / "with_orca.sh"), str(work / "orca.log"), str(work / "prefs"), *command]
        env["A11Y_QUIET_LOG"] = str(work / "orca.log")
    result = subprocess.run(["dbus-run-session", "--", str(A11Y / "session.sh"), *command], cwd=REPO,
                            capture_output=True, text=True, timeout=600, env=env)
    shutil.rmtree(work, ignore_errors=True)
    summary = next((json.loads(line) for line in result.stdout.splitlines() if '"summary"' in line), None)
    if summary is None:
        return None
    return {**summary["tab_to_focus_ms"], "key_timeouts": result.stderr.count("keyEventError")}


def main() -> int:
    if shutil.which("dbus-run-session") is None or shutil.which("xdotool") is None:
        print("skipped: the screen-reader test tools are not installed (make test installs them)")
        return 0
    for label, with_orca in (("AT-SPI client only", False), ("with Orca listening", True)):
        if with_orca and shutil.which("orca") is None:
            print(f"{label}: skipped (Orca not installed)")
            continue
        figures = run(with_orca)
        if figures is None:
            print(f"{label}: the walk did not finish")
            return 1
        print(f"{label}: Tab to focus event over {figures['presses']} presses: p50 {figures['p50']} ms, "
              f"p95 {figures['p95']} ms, max {figures['max']} ms; Qt's 100 ms key wait ran out "
              f"{figures['key_timeouts']} times")
    return 0


if __name__ == "__main__":
    sys.exit(main())
