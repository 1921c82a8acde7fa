"""Starting the kiosk: ``tip-kiosk [run] [--config F] [--content D] [--data-dir D]``, read fast."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from kiosk.cli.common import Commands, add_common, settings_from, share_config

START_FLAGS = ("--config", "--content", "--data-dir")


def register(commands: Commands) -> None:
    run_parser = commands.add_parser("run", help="start the kiosk (the default)")
    add_common(run_parser)
    run_parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    share_config(args)
    settings = settings_from(args)
    from kiosk.core.memory import tune_malloc
    from kiosk.ui.app import run_app

    tune_malloc()  # before Qt and libVLC allocate: less memory held while video plays
    return run_app(settings)


def start_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain start of the kiosk (``[run] [--config F] [--content D]
    [--data-dir D]``, each flag spelled in full), read without building the parser of every
    command: that takes ~20 ms and imports every command's module, before the sign-in screen can
    paint. None for anything else, which the full parser reads (and explains, if it is wrong).
    tests/test_cli_start.py checks the result is what the full parser gives."""
    args = argparse.Namespace(command=None, handler=run, self_test=False, self_test_media=None, qt_probe=False,
                              web_probe=False)
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        name, equals, value = token.partition("=")
        if name in START_FLAGS and not equals and rest:
            value = rest.pop(0)
        elif token == "run" and args.command is None:
            args.command = "run"
            continue
        elif name not in START_FLAGS or not equals:
            return None
        if value.startswith("-"):  # the full parser takes that for a flag, not a value
            return None
        setattr(args, name[2:].replace("-", "_"), Path(value))
    return args
