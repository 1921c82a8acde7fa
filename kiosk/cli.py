"""The ``tip-kiosk`` command. Thin: it parses arguments and calls core (or starts the app)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from kiosk import __version__
from kiosk.core.errors import KioskError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tip-kiosk", description="TIP Kiosk: offline Trauma-Informed "
                                     "Practice learning on shared PCs.")
    parser.add_argument("--version", action="version", version=f"TIP Kiosk {__version__}")
    _common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="start the kiosk (the default)")
    _common(run)

    content = commands.add_parser("content", help="work with course content")
    content_cmds = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    validate = content_cmds.add_parser("validate", help="check content and list every problem")
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                          help="a programme folder (with programme.yaml) or a module folder")

    # -- site trainers: trainer accounts and site reports (kiosk/cli_trainer.py) --
    from kiosk import cli_trainer

    cli_trainer.add_parsers(commands, _common)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    # Given on the main parser and again on subcommands, so either place works; SUPPRESS keeps a
    # subcommand's absent flag from hiding one given before it.
    parser.add_argument("--config", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                        help="configuration file (default: the machine-wide file)")
    parser.add_argument("--content", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                        help="course content folder (holds programme.yaml)")
    parser.add_argument("--data-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                        help="folder for learner data and logs")


def settings_from(args: argparse.Namespace):
    from kiosk.core.config import load_settings

    flags = {"content_dir": getattr(args, "content", None), "data_dir": getattr(args, "data_dir", None)}
    return load_settings(getattr(args, "config", None), flags=flags)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "content":
            return _validate(args.paths)
        settings = settings_from(args)
        if args.command in ("trainer", "report"):
            from kiosk import cli_trainer

            return cli_trainer.run(args, settings)
        from kiosk.ui.app import run_app

        return run_app(settings)
    except KioskError as exc:
        print(f"tip-kiosk: {exc}", file=sys.stderr)
        return 2


def _validate(paths: list[Path]) -> int:
    from kiosk.core.content import validate_paths

    problems = validate_paths(paths)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
        return 1
    print("Content is valid.")
    return 0
