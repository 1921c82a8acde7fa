"""Runs tests/cases_two_screens.py in its own pytest process with two QScreens (a laptop and a
1080p projector), since one process has one Qt platform."""

import json
import os
import subprocess
import sys

from tests.conftest import REPO

SCREENS = {"screens": [
    {"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96, "logicalBaseDpi": 96,
     "dpr": 1},
    {"name": "projector", "x": 1280, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1},
]}


def test_group_sessions_with_a_second_display(tmp_path):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/cases_two_screens.py"], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-2000:]
