"""The doctor's check of the web engine that plays standard eLearning packages (SCORM, H5P).

The lean installer leaves QtWebEngine out on purpose, so its absence is information, not a fault,
unless the content has package modules, which then cannot open. The engine is examined in a
child process (``tip-kiosk --web-probe``, kiosk/ui/webprobe.py): core never imports Qt, the
engine is heavy, and a broken one can take its process down. The self-test uses the same probe.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.bundle import self_command
from kiosk.core.doctor.probe import run_probe
from kiosk.core.doctor.result import CheckResult, Status
from kiosk.core.errors import KioskError

NAME = "Standard packages (SCORM/H5P)"
SANDBOX_VARIABLE = "QTWEBENGINE_DISABLE_SANDBOX"
_STANDARD = ("To play SCORM/H5P modules, install the standard variant of TIP Kiosk "
             "(tip-kiosk-standard); see 'Installer variants' in the deployment guide.")
_AS_USER = (f"Run the kiosk as an ordinary (non-root) account. {SANDBOX_VARIABLE}=1 turns the web "
            "engine's sandbox off and is for tests and CI only.")


@dataclass(frozen=True)
class WebProbe:
    """What ``tip-kiosk --web-probe`` found (or why it could not say)."""

    engine: str = ""
    """"Qt WebEngine 6.11.3 (Chromium …)", or "missing (<import error>)"."""
    process: str = ""
    """The QtWebEngineProcess helper's path, or "missing <path>"."""
    missing: tuple[str, ...] = ()
    """Player scripts and pages not found."""
    page: str = ""
    """"ok <ms> ms", "failed (…)", "skipped (…)", or "" when not tried."""
    as_root: bool = False
    sandbox_off: bool = False
    error: str = ""
    """The probe itself could not run (then nothing else is known)."""

    @property
    def engine_found(self) -> bool:
        return bool(self.engine) and not self.engine.startswith("missing")

    @property
    def page_ok(self) -> bool:
        return self.page.startswith("ok")


def run_web_probe(command: Sequence[str] | None = None, env: Mapping[str, str] | None = None,
                  timeout: float = 90.0) -> WebProbe:
    """Run ``tip-kiosk --web-probe`` (or ``command`` plus that flag) and read what it printed."""
    argv = [*(command or self_command()), "--web-probe"]
    try:
        done = run_probe(argv, timeout, env)
    except subprocess.TimeoutExpired:
        return WebProbe(error=f"the web engine check did not finish within {timeout:.0f} s")
    except OSError as exc:
        return WebProbe(error=f"the web engine check could not start: {exc}")
    found = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    if done.returncode != 0 or "engine" not in found:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        return WebProbe(error=" / ".join(lines[-3:]) or f"the web engine check ended with status "
                        f"{done.returncode}")
    return WebProbe(engine=found["engine"], process=found.get("process", ""),
                    missing=tuple(m for m in found.get("missing", "").split(", ") if m),
                    page=found.get("page", ""), as_root=found.get("uid") == "0",
                    sandbox_off=found.get("sandbox") == "off")


def package_modules(content_dir: Path) -> int:
    """How many of the programme's modules have a SCORM/H5P package step (0 if it cannot load:
    the content check reports that)."""
    from kiosk.core.content import load_programme
    from kiosk.core.content.model import PackageStep

    try:
        programme = load_programme(content_dir)
    except Exception:  # any content problem is the content check's to report
        return 0
    return sum(any(isinstance(step, PackageStep) for step in module.steps)
               for module in programme.available)


def check_standard_packages(content_dir: Path | None = None, command: Sequence[str] | None = None,
                            timeout: float = 90.0) -> CheckResult:
    """Can this kiosk play SCORM/H5P modules, and is the web engine's sandbox on?"""
    modules = package_modules(content_dir) if content_dir is not None else 0
    return judge(run_web_probe(command, timeout=timeout), modules)


def judge(probe: WebProbe, modules: int = 0) -> CheckResult:
    """The doctor's verdict on a probe, given how many content modules need the engine."""
    uses = (f" {modules} module(s) in the content use SCORM/H5P packages and cannot open here."
            if modules else "")
    broken: Status = "fail" if modules else "warn"  # the standard variant promised these modules
    if probe.error:
        return CheckResult(NAME, broken, f"The web engine could not be checked: {probe.error}.{uses}",
                           "Please report this with the kiosk's log.")
    if not probe.engine_found:
        if modules:
            return CheckResult(NAME, "warn", "This kiosk cannot play SCORM/H5P modules (lean "
                               f"installer: no web engine).{uses}", _STANDARD)
        return CheckResult(NAME, "info", "This kiosk cannot play SCORM/H5P modules (lean installer: "
                           "no web engine). The content has none, so nothing is missing today.",
                           _STANDARD)
    if probe.process.startswith("missing"):
        return CheckResult(NAME, broken, f"The web engine's helper program is {probe.process}.{uses}",
                           "Reinstall the standard variant of TIP Kiosk.")
    if probe.missing:
        return CheckResult(NAME, broken, "The web engine is here but the SCORM/H5P players are "
                           f"incomplete: missing {', '.join(probe.missing)}.{uses}",
                           "Reinstall the standard variant of TIP Kiosk (from source: make web).")
    if probe.as_root and not probe.sandbox_off:
        return CheckResult(NAME, "warn", "The kiosk runs as root, so the web engine will not start "
                           "(Chromium refuses to run as root with its sandbox on): SCORM/H5P modules "
                           f"cannot open.{uses}", _AS_USER)
    if not probe.page_ok:
        return CheckResult(NAME, broken, f"The web engine did not start: {probe.page}.{uses}",
                           "Check the kiosk's log; reinstall the standard variant of TIP Kiosk.")
    started = (f"{probe.engine} started headless and ran the SCORM and H5P players "
               f"({probe.page.removeprefix('ok ')}).")
    if probe.as_root:
        return CheckResult(NAME, "warn", started + " But the kiosk runs as root with the web "
                           f"engine's sandbox off ({SANDBOX_VARIABLE}=1), so packages run without "
                           "Chromium's protection.", _AS_USER)
    if probe.sandbox_off:
        return CheckResult(NAME, "warn", started + f" But {SANDBOX_VARIABLE} is set, so packages "
                           "run without Chromium's sandbox.", f"Unset {SANDBOX_VARIABLE} for the "
                           "kiosk: it is for tests and CI only.")
    return CheckResult(NAME, "pass", started)


def self_test_step(variant: str, command: Sequence[str] | None = None) -> str:
    """The self-test's "Web engine" step: the standard variant (or any kiosk that has the engine)
    must start it headless and run the players from the package scheme; the lean one must not
    carry it. Returns what passed; raises KioskError otherwise."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # A self-test is a test: as root (CI, the build machine) Chromium needs its sandbox off.
        env.setdefault(SANDBOX_VARIABLE, "1")
    probe = run_web_probe(command, env=env)
    if probe.error:
        raise KioskError(probe.error)
    if not probe.engine_found:
        if variant == "standard":
            raise KioskError(f"this is the standard variant but QtWebEngine is {probe.engine}")
        return "no web engine (lean installer): SCORM/H5P modules cannot play"
    if variant == "lean":
        raise KioskError("this is the lean variant but it carries QtWebEngine")
    if probe.process.startswith("missing"):
        raise KioskError(f"the web engine's helper program is {probe.process}")
    if probe.missing:
        raise KioskError("the SCORM/H5P players are incomplete: missing " + ", ".join(probe.missing))
    if not probe.page_ok:
        raise KioskError(f"the web engine did not serve a tip-pkg:// page: {probe.page}")
    return (f"{probe.engine} started headless and ran the SCORM and H5P players from tip-pkg:// "
            f"({probe.page.removeprefix('ok ')})")
