"""On a computer without libVLC the kiosk still starts; a video step explains, in plain words,
what is missing and how IT fixes it, offers the transcript, and the module goes on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import write_programme

LIBVLC = Path("/usr/lib/x86_64-linux-gnu/libvlc.so.5")


def run_child(tmp_path: Path, env: dict[str, str], wrap: list[str] = ()) -> dict:
    content = write_programme(tmp_path / "content", modules=1)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    result = subprocess.run([*wrap, sys.executable, "-m", "tests.novlc_child", str(tmp_path / "data"),
                             str(content)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(text for text in result.stdout.splitlines() if text.startswith("REPORT "))
    report = json.loads(line[len("REPORT "):])
    report["log"] = (tmp_path / "data" / "logs" / "kiosk.log").read_text(encoding="utf-8")
    return report


def check(report: dict) -> None:
    assert report["step"] == "clip"
    assert report["title"] == "This video can't play on this computer right now"
    assert "libVLC is missing" in report["problem"]
    assert "libvlc5, libvlc-bin and vlc-plugin-base" in report["problem"]  # how IT fixes it, on Linux
    assert report["transcript_shown"] and "Hello" in report["transcript"]
    assert report["can_mark_read"] and report["done"]  # nobody is held back by a fault
    assert report["next_step"] == "feedback"
    assert "Video unavailable: libVLC is missing" in report["log"]  # where IT looks
    assert "AMIRA1" not in report["log"]


def test_python_vlc_pointed_at_something_that_is_not_a_library(tmp_path):
    """python-vlc calls sys.exit() in this case; the kiosk must not exit with it."""
    not_a_library = tmp_path / "libvlc.so.5"
    not_a_library.write_text("not a library")
    check(run_child(tmp_path, {"PYTHON_VLC_LIB_PATH": str(not_a_library)}))


@pytest.mark.skipif(not LIBVLC.exists() or shutil.which("unshare") is None, reason="needs libvlc and unshare")
def test_libvlc_not_installed(tmp_path):
    """libVLC hidden in a private mount namespace: python-vlc raises NotImplementedError."""
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this machine does not allow private mount namespaces (needs root)")
    hide = ["unshare", "-m", "--propagation", "private", "sh", "-c",
            f'mount --bind /dev/null {LIBVLC} && exec "$@"', "hide-libvlc"]
    check(run_child(tmp_path, {}, wrap=hide))
