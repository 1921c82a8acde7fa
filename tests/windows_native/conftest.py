"""Tests that run inside the Windows Python under Wine, against the kiosk's real modules and the
real Win32 calls (access lists, DPAPI, Windows path rules, Qt's Windows key handling).

tests/test_under_wine.py runs them; by hand::

    python packaging/windows/wine.py python -m pytest --confcutdir tests/windows_native tests/windows_native -q

``--confcutdir`` keeps tests/conftest.py (the Linux suite's Qt and WebEngine set-up) out. The
Linux run never collects this folder (tests/conftest.py: collect_ignore).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Wine does not pass QT_* variables from the Linux environment to Windows programs, so the Qt
# platform is chosen here, before pytest-qt makes the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[2]


def pytest_configure(config):
    if sys.platform != "win32":
        raise pytest.UsageError("tests/windows_native runs in the Windows Python under Wine: "
                                "python packaging/windows/wine.py python -m pytest --confcutdir "
                                "tests/windows_native tests/windows_native")


@pytest.fixture
def empty_config(tmp_path: Path) -> Path:
    """A kiosk.toml with nothing in it, so a kiosk.toml left in the prefix's ProgramData by an
    installer test cannot change what these tests see."""
    path = tmp_path / "kiosk.toml"
    path.write_text("# empty\n", encoding="utf-8")
    return path


def run_kiosk(args: list[str], env: dict[str, str] | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m kiosk ARGS`` in a child Windows process, with ``env`` added to this one's."""
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("TIP_KIOSK_")}
    child_env.update(env or {})
    child_env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=child_env, cwd=REPO, timeout=timeout,
                          stdin=subprocess.DEVNULL)
