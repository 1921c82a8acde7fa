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
