"""What every command group of ``tip-kiosk`` shares: the --config/--content/--data-dir options,
reading the settings from them, and the shape of a group (``register`` and ``run``)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from kiosk.core.config import Settings

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What ``ArgumentParser.add_subparsers`` returns: each group's ``register`` adds its commands to it."""
Handler: TypeAlias = Callable[[argparse.Namespace], int]
"""A group's ``run``: the parsed arguments in, the exit status out. Each command's parser names
its group's with ``set_defaults(handler=run)``."""


def add_common(parser: argparse.ArgumentParser) -> None:
    """--config, --content and --data-dir. Given on the main parser and again on subcommands, so
    either place works; SUPPRESS keeps a subcommand's absent flag from hiding one given before it."""
    parser.add_argument("--config", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                        help="configuration file (default: the machine-wide file)")
    parser.add_argument("--content", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                        help="course content folder (holds programme.yaml)")
    parser.add_argument("--data-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                        help="folder for learner data and logs")


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings: the configuration file, then the environment, then the flags. Read only by
    what needs them, so a command that does not (``content validate``, ``pack build``) works
    whatever the machine's configuration holds."""
    from kiosk.core.config import load_settings

    flags = {"content_dir": getattr(args, "content", None), "data_dir": getattr(args, "data_dir", None)}
    return load_settings(getattr(args, "config", None), flags=flags)


def share_config(args: argparse.Namespace) -> None:
    """Child processes (the admin panel's doctor run) then read the same --config file."""
    if getattr(args, "config", None):
        os.environ["TIP_KIOSK_CONFIG"] = str(Path(args.config).resolve())
