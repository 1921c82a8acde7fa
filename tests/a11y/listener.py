"""An assistive-technology client for the kiosk: what a screen reader gets over AT-SPI.

Run with Debian's /usr/bin/python3 (pyatspi is not in the venv) inside tests/a11y/session.sh:
    listener.py VENV_PYTHON
It starts tests/a11y/kiosk_driver.py (the kiosk walked along tests/tour.py), and at each stop reads
the accessibility tree over the bus, presses Tab round the screen with xdotool (real X key
presses), and listens to every text, focus, description and announcement event. It writes JSON
lines to stdout: {"stop": ..., "problems": [...], ...} per stop and {"summary": ...} at the end.
Problems: a focusable node without a name, a secret in any event, a message shown after an action
on a screen but not announced, a Tab round that skips a control or never comes back, a group of
radio buttons without a group name, an empty label that is showing.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyatspi
from gi.repository import GLib

HERE = Path(__file__).resolve().parent
CONTAINERS = {pyatspi.ROLE_SCROLL_PANE, pyatspi.ROLE_PANEL, pyatspi.ROLE_FILLER, pyatspi.ROLE_VIEWPORT}
MASK = "\u2022"
EVENTS = ("object:text-changed:insert", "object:text-changed:delete", "object:state-changed:focused",
          "object:announcement", "object:property-change:accessible-description")
# Roles a named group of choices may have (Qt exposes a plain QWidget as a filler or panel).
GROUPING = {pyatspi.ROLE_PANEL, pyatspi.ROLE_FILLER, getattr(pyatspi, "ROLE_GROUPING", pyatspi.ROLE_PANEL)}


def out(**message) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


class Heard:
    """Every event from the kiosk, in order."""

    def __init__(self):
        self.events: list[dict] = []
        self.focus = None
        self.tab_ms: list[float] = []

    def __call__(self, event) -> None:
        try:
            role = event.source.getRoleName()
            name = event.source.name
        except Exception:  # an object gone by now
            role, name = "", ""
        data = event.any_data if isinstance(event.any_data, str) else ""
        record = {"type": event.type, "role": role,
                  "name": name, "data": data, "detail1": event.detail1}
        if event.type.startswith("object:state-changed:focused") and event.detail1:
            self.focus = event.source
        self.events.append(record)


def pump(seconds: float) -> None:
    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        while context.iteration(False):
            pass
        time.sleep(0.01)


def xdo(*args: str) -> str:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=10).stdout.strip()


def kiosk_window(title: str) -> str:
    """The kiosk's visible window (it has a second 1x1 window with the same name)."""
    for _ in range(100):
        for window in xdo("search", "--name", title).split():
            geometry = xdo("getwindowgeometry", window)
            if "Geometry: 1x1" not in geometry and geometry:
                return window
        time.sleep(0.1)
    raise RuntimeError("the kiosk window never appeared")


def find_app(pid: int):
    for _ in range(100):
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except Exception:
                continue
        time.sleep(0.1)
    raise RuntimeError("the kiosk never appeared on the accessibility bus")


def walk(node, depth: int = 0, parent_names: tuple = ()):
    """(node, role, name, states, ancestors' names) for every showing node."""
    try:
        states = node.getState()
        if not states.contains(pyatspi.STATE_SHOWING):
            return
        role, name = node.getRole(), node.name or ""
    except Exception:
        return
    yield node, role, name, states, parent_names
    if depth > 40 or role in (pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_TEXT, pyatspi.ROLE_PUSH_BUTTON):
        return
    for index in range(node.childCount):
        child = node.getChildAtIndex(index)
        if child is not None:
            yield from walk(child, depth + 1, parent_names + ((role, name),))


def describe(node) -> str:
    try:
        return f"{node.getRoleName()} {node.name!r}"
    except Exception:
        return "(gone)"


def read_screen(window) -> dict:
    nodes = list(walk(window))
    focusable = [(n, r, name, s, up) for n, r, name, s, up in nodes
                 if s.contains(pyatspi.STATE_FOCUSABLE) and s.contains(pyatspi.STATE_SENSITIVE)
                 and r not in (pyatspi.ROLE_FRAME, pyatspi.ROLE_WINDOW)]
    labels = {name for n, r, name, s, up in nodes if r in (pyatspi.ROLE_LABEL, pyatspi.ROLE_STATIC)}
    empty_labels = [describe(n) for n, r, name, s, up in nodes
                    if r == pyatspi.ROLE_LABEL and not name.strip() and not _text(n).strip()]
    return {"focusable": focusable, "labels": labels, "empty_labels": empty_labels}


def _holds_focusable(node, depth: int = 0) -> bool:
    if depth > 30:
        return False
    for index in range(node.childCount):
        child = node.getChildAtIndex(index)
        try:
            states = child.getState()
            if not states.contains(pyatspi.STATE_SHOWING):
                continue
            if (states.contains(pyatspi.STATE_FOCUSABLE)
                    and child.getRole() not in CONTAINERS | {pyatspi.ROLE_SCROLL_BAR}):
                return True
        except Exception:
            continue
        if _holds_focusable(child, depth + 1):
            return True
    return False


def _text(node) -> str:
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return ""


def focused_node(window):
    for node, role, _name, states, _up in walk(window):
        if states.contains(pyatspi.STATE_FOCUSED) and role not in (pyatspi.ROLE_FRAME, pyatspi.ROLE_WINDOW):
            return node
    return None


def tab_round(heard: Heard, window, window_id: str, limit: int = 60) -> tuple[list, bool]:
    """Press Tab until focus comes back to where it started; (nodes visited, came back)."""
    start = heard.focus
    visited = [start] if start is not None else []
    for _ in range(limit):
        before = len(heard.events)
        pressed = time.monotonic()
        xdo("key", "--window", window_id, "Tab")
        moved = False
        for _ in range(40):
            pump(0.005)
            if any(e["type"].startswith("object:state-changed:focused") and e["detail1"]
                   for e in heard.events[before:]):
                # Key press to focus event heard: how long a key waits (Qt asks the registry first).
                heard.tab_ms.append((time.monotonic() - pressed) * 1000)
                moved = True
                break
        # No focus event (Qt sends none for some, e.g. a tab bar getting focus back): ask the tree.
        now = heard.focus if moved else focused_node(window)
        if now is None:
            break
        if any(now == seen for seen in visited):
            return visited, True
        visited.append(now)
    return visited, False


def check_stop(stop: str, window, window_id: str, heard: Heard, previous: dict | None, same_screen: bool,
               since: int) -> tuple[dict, list[str]]:
    problems = []
    screen = read_screen(window)
    for node, role, name, _states, up in screen["focusable"]:
        if not name.strip():
            problems.append(f"{stop}: focusable {describe(node)} has no name")
        if role == pyatspi.ROLE_RADIO_BUTTON and not any(n.strip() for r, n in up[-3:] if r in GROUPING):
            problems.append(f"{stop}: radio button {name!r} is in no named group")
    problems += [f"{stop}: an empty label is showing: {what}" for what in screen["empty_labels"]]
    # A container that takes focus although controls inside it do (Tab into them scrolls them into
    # view): a Tab stop that does nothing. One holding only text keeps focus, to scroll by keyboard.
    for node, role, _name, _states, _up in screen["focusable"]:
        if role in CONTAINERS and _holds_focusable(node):
            problems.append(f"{stop}: {describe(node)} takes focus although controls inside it do")
    if same_screen and previous is not None:
        spoken = " ".join(e["data"] for e in heard.events[since:]
                          if e["type"].startswith(("object:announcement", "object:property-change:accessible-desc")))
        for text in sorted(screen["labels"] - previous["labels"]):
            if text.strip() and " ".join(text.split()) not in " ".join(spoken.split()):
                problems.append(f"{stop}: {text!r} appeared after an action but was not announced")
    if os.environ.get("A11Y_TAB") == "0":  # a run that only listens (the Orca test)
        return screen, problems
    visited, came_back = tab_round(heard, window, window_id)
    if not came_back:
        problems.append(f"{stop}: Tab never came back round (a trap, or focus lost) after "
                        f"{[describe(n) for n in visited][-4:]}")
    # Tab enters a group of choices at one of them (arrows move within): a radio button counts as
    # reached when one sharing its parent or grandparent was (choice rows wrap each in a row).
    reached_groups = set()
    for node in visited:
        try:
            if node.getRole() == pyatspi.ROLE_RADIO_BUTTON and node.parent is not None:
                reached_groups.update({hash(node.parent), hash(node.parent.parent)})
        except Exception:  # an object gone by now
            pass
    for node, role, _name, _states, _up in screen["focusable"]:
        if any(node == seen for seen in visited):
            continue
        if role == pyatspi.ROLE_RADIO_BUTTON and (hash(node.parent) in reached_groups
                                                  or hash(node.parent.parent) in reached_groups):
            continue
        if role in (pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_PAGE_TAB) and any(
                node.parent == seen for seen in visited):
            continue  # Tab reaches the list (or tab bar); the arrow keys move along its items
        if came_back:
            problems.append(f"{stop}: Tab skips {describe(node)}")
    return screen, problems


def wait_until_quiet(log: str | None, quiet: float = 1.0, limit: float = 20.0) -> None:
    """With Orca listening too (its debug log at ``log``), wait until it has caught up with what
    the kiosk sent (its log still for ``quiet`` seconds) before going on: Orca handles events in
    turn and drops a focus event whose control has gone by the time it gets there."""
    if not log:
        return
    deadline = time.monotonic() + limit
    size, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = os.path.getsize(log) if os.path.exists(log) else 0
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        pump(0.1)


def secrets_heard(heard: Heard, secrets: list[str]) -> list[str]:
    problems = []
    for event in heard.events:
        data = event["data"]
        if event["type"].startswith("object:text-changed") and event["role"] == "password text" and data.strip(MASK):
            problems.append(f"a password field sent {data!r} in {event['type']} (not masked)")
        for secret in secrets:
            if secret and secret in data:
                problems.append(f"a secret went out in {event['type']} from {event['role']} {event['name']!r}")
    return problems


class Kiosk:
    """The kiosk driver as a child process: JSON lines from it, "go" to it (tests/a11y/kiosk_driver.py)."""

    def __init__(self, venv_python: str):
        env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1", QT_QPA_PLATFORM="xcb",
                   # Qt warns for each object the client asks about after it has gone (screens change).
                   QT_LOGGING_RULES="qt.accessibility.atspi.warning=false")
        self.process = subprocess.Popen([venv_python, str(HERE / "kiosk_driver.py")], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env=env)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")

    def next_message(self, timeout: float = 60) -> dict:
        """The driver's next message, answering accessibility events meanwhile."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                pump(0.02)
                continue
            if not line:
                raise RuntimeError("the kiosk stopped")
            if line.startswith("{"):
                return json.loads(line)
        raise RuntimeError("the kiosk did not answer")

    def go(self) -> None:
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def close(self) -> None:
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def walk_stops(kiosk: Kiosk, heard: Heard, typed: dict[str, str]) -> tuple[list[str], list[str]]:
    """Check each stop the driver reports; (stops, problems)."""
    ready = kiosk.next_message()
    window_id = kiosk_window(ready["ready"])
    xdo("windowfocus", "--sync", window_id)
    app = find_app(ready["pid"])
    pump(0.5)
    kiosk.go()
    previous, previous_key, stops, all_problems = None, None, [], []
    since = len(heard.events)
    while True:
        message = kiosk.next_message()
        if message.get("done"):
            all_problems += secrets_heard(heard, message["secrets"] + list(typed.values()))
            kiosk.go()
            return stops, all_problems
        pump(0.3)
        wait_until_quiet(os.environ.get("A11Y_QUIET_LOG"))
        window = next(w for w in (app.getChildAtIndex(i) for i in range(app.childCount))
                      if w is not None and w.getState().contains(pyatspi.STATE_SHOWING))
        same = message["screen"] == previous_key
        previous, problems = check_stop(message["stop"], window, window_id, heard, previous, same, since)
        previous_key = message["screen"]
        if message["stop"] in typed:
            problems += type_secret(heard, window_id, typed[message["stop"]])
        stops.append(message["stop"])
        out(stop=message["stop"], problems=problems)
        all_problems += problems
        since = len(heard.events)
        kiosk.go()


def main() -> int:
    heard = Heard()
    pyatspi.Registry.registerEventListener(heard, *EVENTS)
    kiosk = Kiosk(sys.argv[1])
    try:
        stops, problems = walk_stops(kiosk, heard, typed={"sign-in": "907314"})
    finally:
        kiosk.close()
    pump(0.2)
    waits = sorted(heard.tab_ms)
    out(summary=True, stops=stops, problems=problems,
        tab_to_focus_ms={"presses": len(waits), "p50": round(waits[len(waits) // 2], 1) if waits else None,
                         "p95": round(waits[int(len(waits) * 0.95)], 1) if waits else None,
                         "max": round(waits[-1], 1) if waits else None},
        events={kind: sum(e["type"].startswith(kind) for e in heard.events) for kind in EVENTS})
    return 0


def type_secret(heard: Heard, window_id: str, secret: str) -> list[str]:
    """Type a PIN into the focused screen's PIN field as a learner would, one key at a time, and
    take one back; the field is found by Tab (it follows the learner code)."""
    problems = []
    for _ in range(10):
        focus = heard.focus
        if focus is not None and focus.getRole() == pyatspi.ROLE_PASSWORD_TEXT:
            break
        xdo("key", "--window", window_id, "Tab")
        pump(0.1)
    else:
        return ["sign-in: Tab never reached a password field"]
    # A learner's pause after Tab: Orca takes its key presses at once but focus events in turn,
    # so a digit typed within a few milliseconds of Tab is echoed as a key of the field before.
    pump(0.6)
    before = len(heard.events)
    xdo("type", "--window", window_id, "--delay", "30", secret)
    xdo("key", "--window", window_id, "BackSpace")
    pump(0.5)
    inserts = [e for e in heard.events[before:] if e["type"].startswith("object:text-changed:insert")]
    deletes = [e for e in heard.events[before:] if e["type"].startswith("object:text-changed:delete")]
    if len(inserts) < len(secret) or not deletes:
        problems.append(f"sign-in: typing the PIN gave {len(inserts)} insert and {len(deletes)} delete events "
                        f"(a screen reader could not follow its length)")
    return problems


if __name__ == "__main__":
    sys.exit(main())
