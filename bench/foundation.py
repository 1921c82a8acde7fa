"""Foundation figures: start to the sign-in screen painted (warm, against a bare PySide6 window
started alternately in the same run, with the ratio and peak RSS; then cold, as root), sign-in to
home with 5,000 learners registered, Next-step latency and progress write latency.

The kiosk's start is ``tip-kiosk --content modules --data-dir TMP`` as a learner's PC runs it
(kiosk.cli.main: command line, settings, logging, database, window), timed from process start
to the sign-in screen's first paint.

STARTUP_PAIRS=n sets the number of kiosk/bare pairs (default 9); STARTUP_ONLY=1 stops after them.

Run with `make bench` (under Xvfb, real windows) or directly: `.venv/bin/python bench/foundation.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")

from bench._common import machine, median, summary

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "modules"

STARTUP_CHILD = r"""
import sys
from importlib.machinery import PathFinder


class WatchTheWindow:
    # The real start (kiosk.cli.main) imports kiosk.ui.app only once the command line is read;
    # importing it here first would change what is imported before PySide6, and when. So the
    # child wraps open_window as that module loads, to watch the sign-in screen it returns.
    def find_spec(self, name, path, target=None):
        if name != "kiosk.ui.app":
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(name, path)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            real = module.open_window

            def open_window(settings, *rest):
                global app, shell, target
                app, shell, services = real(settings, *rest)
                target = shell.signin
                watch_first_paint()
                return app, shell, services
            module.open_window = open_window
        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, WatchTheWindow())
from kiosk.cli import main

sys.exit(main(["--content", sys.argv[1], "--data-dir", sys.argv[2]]))  # tip-kiosk's own start
""" + "\n"

# The floor for any Qt Widgets application: one window with a label, nothing else.
BARE_CHILD = r"""
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
shell = QMainWindow()
target = QLabel("Sign in")
shell.setCentralWidget(target)
shell.resize(1280, 800)
watch_first_paint()
shell.show()
app.exec()
""" + "\n"

# Both children end alike: print at the first paint of the sign-in screen (or the label), with
# the peak RSS so far, then quit. Put before the child's own code, which calls watch_first_paint().
PAINT_HEAD = r"""
import os


def _peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def watch_first_paint():
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                print(f"PAINTED {_peak_mb():.1f}", flush=True)
                # Out at once: the CPU figure is then the CPU spent before the first paint (the
                # kiosk starts loading its content just after it).
                os._exit(0)
            return False

    global _watcher
    _watcher = FirstPaint()
    target.installEventFilter(_watcher)
"""


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


# An installed kiosk runs compiled bytecode (the bundle holds .pyc only); a development shell may
# set PYTHONDONTWRITEBYTECODE, which would make every start compile ~100 modules from source. The
# children keep their bytecode in a folder of their own, outside the repository.
_CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
_CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "tip-kiosk-bench-pycache")


def time_to_paint(child_code: str, data: str) -> tuple[float, float, float]:
    """One process start to first paint: wall ms, CPU ms of the child, peak RSS MB at the paint."""
    before = os.times()
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", PAINT_HEAD + child_code, str(CONTENT), data],
                             stdout=subprocess.PIPE, text=True, cwd=REPO, env=_CHILD_ENV)
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    child.wait(timeout=60)
    after = os.times()
    assert line.startswith("PAINTED"), line
    cpu = ((after.children_user - before.children_user) + (after.children_system - before.children_system)) * 1000
    return elapsed, cpu, float(line.split()[1])


def _spread(values) -> str:
    return f"median {median(values):.0f} (min {min(values):.0f}, max {max(values):.0f})"


def startup(pairs: int = 9) -> None:
    """Kiosk and bare window started alternately (the machine is shared: load changes under us),
    warm page cache; then a few cold pairs when the page cache can be dropped (as root)."""
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    kiosk, bare = [], []
    with tempfile.TemporaryDirectory() as data:
        time_to_paint(STARTUP_CHILD, data)  # warms the page cache and makes the data folder
        time_to_paint(BARE_CHILD, data)
        for _ in range(pairs):
            kiosk.append(time_to_paint(STARTUP_CHILD, data))
            bare.append(time_to_paint(BARE_CHILD, data))
        ratios = [k[0] / b[0] for k, b in zip(kiosk, bare, strict=True)]
        for name, runs in (("kiosk (tip-kiosk's own start)", kiosk), ("bare PySide6 window", bare)):
            print(f"start to first paint, warm, {name}: wall {_spread([r[0] for r in runs])} ms; "
                  f"CPU {_spread([r[1] for r in runs])} ms; peak RSS {_spread([r[2] for r in runs])} MB")
        print(f"ratio kiosk / bare, wall, per pair: median {median(ratios):.2f}x "
              f"(min {min(ratios):.2f}, max {max(ratios):.2f}); ratio of medians "
              f"{median([r[0] for r in kiosk]) / median([r[0] for r in bare]):.2f}x  [target <= 1.8x]")
        print(f"peak RSS at sign-in painted: median {median([r[2] for r in kiosk]):.0f} MB  [target <= 80 MB]")
        if not drop_caches():
            print("cold start: not measured (the page cache can only be dropped as root)")
            return
        cold_k, cold_b = [], []
        for _ in range(5):
            drop_caches()
            cold_k.append(time_to_paint(STARTUP_CHILD, data)[0])
            drop_caches()
            cold_b.append(time_to_paint(BARE_CHILD, data)[0])
        print(f"start to first paint, cold (page cache dropped before each start): kiosk {_spread(cold_k)} ms, "
              f"bare window {_spread(cold_b)} ms  [target kiosk <= 700 ms]")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


def home_with_many_learners(count: int = 5000) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from kiosk.core.accounts import Accounts, code_hash, hash_pin, installation_secret
    from kiosk.core.content import load_programme
    from kiosk.core.learning import Learning
    from kiosk.core.store import open_store
    from kiosk.ui.app import make_application
    from kiosk.ui.services import Services
    from kiosk.ui.shell import Shell

    app = make_application()
    with tempfile.TemporaryDirectory() as data:
        data = Path(data)
        store, _ = open_store(data)
        secret = installation_secret(data)
        pin = hash_pin("482915")  # one slow hash, shared: registering 5,000 by scrypt takes minutes
        with store.transaction() as c:
            c.executemany("INSERT INTO learners(code_hash, pin_hash, created_at) VALUES (?, ?, 'x')",
                          [(code_hash(secret, f"S{i:07d}"), pin) for i in range(count)])
        programme = load_programme(CONTENT)
        accounts = Accounts(store, secret)
        # Give the learner we sign in as some history in two modules.
        target = accounts.sign_in("S0004321", "482915")
        if programme.pathways:  # a first sign-in would show the pathway chooser, not home

            store.pathways.set_learner_pathway(target.id, programme.pathways[0].id, "learner")
        learning = Learning(store, programme, target)
        run = learning.open(programme.available[0].id)
        for _ in range(5):
            run.next()
        shell = Shell(Services(store, accounts, programme))
        shell.resize(1280, 800)
        shell.show()
        app.processEvents()

        painted = []

        class Watch(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint and not painted:
                    painted.append(time.perf_counter())
                return False

        watch = Watch()
        pin_times, home_times = [], []
        for _ in range(10):
            painted.clear()
            started = time.perf_counter()
            learner = accounts.sign_in("S0004321", "482915")
            checked = time.perf_counter()
            shell.start_session(learner)
            shell.home.installEventFilter(watch)
            shell.home.repaint()
            while not painted:
                app.processEvents()
            pin_times.append((checked - started) * 1000)
            home_times.append((painted[0] - checked) * 1000)
            shell.sign_out()
            app.processEvents()
        print(summary(f"PIN check (scrypt n=2^14, r=8), {count} learners", pin_times))
        print(summary("sign-in accepted -> home painted", home_times, "<= 100 ms"))
        print(summary("sign-in total (PIN check + home painted)",
                      [a + b for a, b in zip(pin_times, home_times, strict=True)]))

        # Next-step latency through the real player, to the step painted.
        learner = accounts.sign_in("S0001111", "482915")
        shell.start_session(learner)
        step_times = []
        for module in programme.available:
            shell.open_module(module.id)
            player = shell.player
            for _ in range(len(module.steps) - 1):
                started = time.perf_counter()
                player.next()
                player.repaint()
                app.processEvents()
                step_times.append((time.perf_counter() - started) * 1000)
        print(summary("Next -> step shown and painted", step_times, "p95 <= 50 ms"))
        shell.sign_out()
        store.close()
        QApplication.processEvents()


def write_latency(count: int = 500) -> None:
    from kiosk.core.store import OutboundRecord, open_store

    with tempfile.TemporaryDirectory(dir=REPO) as data:  # the repo's disk, not tmpfs
        store, _ = open_store(Path(data))
        lid = store.learners.add("h", "p")
        times = []
        for i in range(count):
            record = OutboundRecord(f"00000000-0000-4000-8000-{i:012d}", "bench", {"i": i})
            started = time.perf_counter()
            store.progress.save_step(lid, "module", f"step-{i % 40}", status="done", answer={"text": "x" * 200},
                                     position=f"step-{i % 40}", records=[record])
            times.append((time.perf_counter() - started) * 1000)
        store.close()
    print(summary("progress write + outbox record, one transaction, synchronous=FULL", times, "p95 <= 10 ms"))


if __name__ == "__main__":
    print(f"machine: {machine()}; Qt platform {os.environ['QT_QPA_PLATFORM']}")
    startup(int(os.environ.get("STARTUP_PAIRS", "9")))
    if os.environ.get("STARTUP_ONLY"):
        sys.exit(0)
    home_with_many_learners()
    write_latency()
