"""What leaves the kiosk for a screen reader, read by real assistive-technology clients.

Each test runs in a private desktop (tests/a11y/session.sh under dbus-run-session: a virtual
screen, the AT-SPI bus and its registry) with the kiosk walked along tests/tour.py by
tests/a11y/kiosk_driver.py. ``test_what_reaches_the_accessibility_bus`` reads it with pyatspi
(tests/a11y/listener.py, in Debian's Python); ``test_what_orca_says`` lets Orca, the screen reader,
listen too, with speech off, and reads what it would have said from its debug log. The in-process
walk (tests/test_accessibility.py) checks the widgets; these check what actually leaves the process.
`make test` installs the tools (Makefile TEST_PACKAGES); without them the tests skip and say why.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
A11Y = REPO / "tests" / "a11y"
SYSTEM_PYTHON = "/usr/bin/python3"
SECRETS = ("907314", "629174", "571846", "quiet harbour lantern")


@functools.cache
def missing_tools() -> str:
    needed = {"dbus-run-session": shutil.which("dbus-run-session"), "Xvfb": shutil.which("Xvfb"),
              "xdotool": shutil.which("xdotool"),
              "at-spi-bus-launcher": os.path.exists("/usr/libexec/at-spi-bus-launcher") or None,
              "at-spi2-registryd": os.path.exists("/usr/libexec/at-spi2-registryd") or None}
    lacking = [name for name, found in needed.items() if not found]
    if not os.path.exists(SYSTEM_PYTHON) or subprocess.run(
            [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode != 0:
        lacking.append("python3-pyatspi (for /usr/bin/python3)")
    return ", ".join(lacking)


pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"needs the AT-SPI test tools (make test installs them): {missing_tools()}")


def run_session(*command: str, env: dict | None = None, timeout: int = 240) -> subprocess.CompletedProcess:
    return subprocess.run(["dbus-run-session", "--", str(A11Y / "session.sh"), *command],
                          capture_output=True, text=True, timeout=timeout, cwd=REPO,
                          env={**os.environ, **(env or {})})


def listener_report(result: subprocess.CompletedProcess) -> dict:
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    summary = next((line for line in lines if line.get("summary")), None)
    assert summary is not None, f"the listener gave no summary:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return summary


def test_what_reaches_the_accessibility_bus():
    """Every stop of the walk, learner and staff: named focusable nodes, radio buttons in named
    groups, no empty label showing, Tab round each screen and back, every message that appears
    after an action announced, and no secret in any event (typed key by key at sign-in with
    real X key presses, set by the walk elsewhere)."""
    result = run_session(SYSTEM_PYTHON, str(A11Y / "listener.py"), sys.executable)
    summary = listener_report(result)
    assert summary["problems"] == [], "\n".join(summary["problems"])
    stops = set(summary["stops"])
    assert {"sign-in", "sign-in-prompt", "sign-in-refused", "home", "my-progress", "take-a-break",
            "idle-countdown", "admin-locked", "trainer-home", "content-note", "support", "module-finished"} <= stops
    assert {name.split("-")[1] for name in stops if name.startswith("step-")} >= {
        "knowledge_check", "reflection", "scenario", "self_assessment", "survey", "page", "video"}
    # The listener heard the events it judges by: typing, announcements, focus.
    events = summary["events"]
    assert events["object:text-changed:insert"] >= 6 and events["object:announcement"] >= 2
    assert events["object:state-changed:focused"] > 50


def orca_available() -> bool:
    return shutil.which("orca") is not None and shutil.which("script") is not None


@pytest.mark.skipif(not orca_available(), reason="Orca (the screen reader) is not installed; make test installs it")
def test_what_orca_says(tmp_path):
    """Orca over the sign-in screen (the PIN typed, a refused sign-in) and one module step: the
    names and roles it speaks, the error it announces, and never a digit of the PIN."""
    log = tmp_path / "orca.log"
    prefs = tmp_path / "orca-prefs"
    prefs.mkdir()
    result = run_session(str(A11Y / "with_orca.sh"), str(log), str(prefs), SYSTEM_PYTHON,
                         str(A11Y / "listener.py"), sys.executable,
                         env={"A11Y_STOPS": "sign-in,sign-in-prompt,sign-in-refused,step-knowledge_check*",
                              "A11Y_TAB": "0", "A11Y_QUIET_LOG": str(log)})
    summary = listener_report(result)
    spoken = _orca_lines(log, "SPEECH OUTPUT")
    # With speech off, Orca still logs what it would speak for focus changes, but a message it
    # presents on its own (a description change: how Orca 43 hears our announcements, see
    # kiosk/ui/announce.py) goes only to its braille line: both are what Orca gives the learner.
    presented = spoken + _orca_lines(log, "BRAILLE LINE")
    text, everything = "\n".join(spoken), "\n".join(presented)
    assert spoken, f"Orca said nothing:\n{log.read_text(errors='replace')[-3000:]}"
    assert "Learner code text" in text, text
    assert re.search(r"PIN password text", text), text  # the role: a screen reader user knows it is masked
    assert "Please type your learner code and your PIN." in text, text
    assert "don't match an account" in everything, everything
    assert "That's right." in everything or "Not quite." in everything, everything  # a check's feedback
    for secret in SECRETS:
        assert secret not in everything.replace(" ", ""), f"Orca said a secret ({secret}):\n{everything}"
    digits = [line for line in spoken if re.fullmatch(r"[0-9]", line.strip())]
    assert digits == [], f"Orca spoke single digits (PIN keys): {digits}"
    assert summary["problems"] == [], "\n".join(summary["problems"])


def _orca_lines(log: Path, kind: str) -> list[str]:
    """Orca's debug log lines of one kind ("SPEECH OUTPUT" or "BRAILLE LINE"), their text only."""
    found = []
    for line in log.read_text(errors="replace").splitlines():
        match = re.search(kind + r":\s+'(.*)$", line)
        if match:
            # What follows the text: the voice ('{'established': ...}) or nothing (long lines are cut).
            said = re.sub(r"'\s*\{'established.*$|'\s*$", "", match.group(1))
            if said.strip():
                found.append(said)
    return found
