"""A plain start reads its few flags without the parser of every command (kiosk.cli.start_args),
with exactly the result the full parser gives; anything else goes to the full parser."""

from __future__ import annotations

import pytest

from kiosk.cli import build_parser, start_args

PLAIN = [
    [],
    ["run"],
    ["--content", "modules"],
    ["--content=modules", "--data-dir=/tmp/data"],
    ["--config", "/etc/kiosk.toml", "run", "--data-dir", "d", "--content", "c"],
    ["run", "--content", "a", "--content", "b"],  # the last one wins, as in argparse
    ["--content", "before", "run", "--content", "after"],
    ["--content", "run"],  # a folder called run
    ["--data-dir", "with=equals"],
    ["--content=", "run"],
]

OTHER = [
    ["doctor"],
    ["run", "run"],
    ["--self-test"],
    ["--version"],
    ["--help"],
    ["--cont", "abbreviated"],
    ["--content"],
    ["--content", "--data-dir", "x"],
    ["--content=-odd"],
    ["content", "validate", "modules"],
    ["--", "run"],
]


@pytest.mark.parametrize("argv", PLAIN)
def test_a_plain_start_reads_what_the_full_parser_reads(argv):
    assert vars(start_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", OTHER)
def test_anything_else_is_left_to_the_full_parser(argv):
    assert start_args(argv) is None


def test_a_data_folder_that_cannot_be_made_is_named_in_plain_words(tmp_path):
    """A --data-dir under a file (a typo, a share not mounted): one line naming the folder and
    what to do, exit 2, no traceback."""
    import os
    import subprocess
    import sys

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(blocker / "data")],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2
    assert f"The data folder {blocker / 'data'} cannot be used" in result.stderr
    assert "--data-dir" in result.stderr and "Traceback" not in result.stderr
