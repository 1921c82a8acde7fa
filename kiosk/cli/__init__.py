"""The ``tip-kiosk`` command. Thin: it parses arguments and calls core (or starts the app).

One module per command group, each with ``register(commands)`` (adding its commands, each naming
the group's ``run`` with ``set_defaults(handler=run)``) and ``run(args) -> int``:

- start.py: ``run`` (the default: the kiosk itself), read without the full parser
- content.py: ``content validate/new/review/add/try`` and ``preview`` (with authoring.py)
- packs.py: ``pack keygen/build/sign/verify/import/status/rollback``
- certificate.py: ``certificate verify``
- checks.py: ``doctor``, and the ``--self-test`` flag with the hidden probes it and doctor run
- admin_passphrase.py: ``admin set-passphrase/unlock``
- sync.py: ``sync``, ``outbox``, ``simulate``
- trainer.py: ``trainer ...`` (with pathways.py)
- report.py: ``report``
- secrets.py: ``secrets protect``

common.py holds the options every group shares and reads the settings. No group module imports
this package's ``__init__`` or another group's module, so there is no import circle
(tests/test_cli_modules.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kiosk import __version__
from kiosk.cli.common import Handler, add_common
from kiosk.cli.start import start_args
from kiosk.core.errors import KioskError

__all__ = ["build_parser", "main", "start_args"]


def build_parser() -> argparse.ArgumentParser:
    from kiosk.cli import (
        admin_passphrase,
        certificate,
        checks,
        content,
        packs,
        report,
        secrets,
        start,
        sync,
        trainer,
    )

    parser = argparse.ArgumentParser(prog="tip-kiosk", description="TIP Kiosk: offline Trauma-Informed "
                                     "Practice learning on shared PCs.")
    parser.add_argument("--version", action="version", version=f"TIP Kiosk {__version__}")
    add_common(parser)
    checks.add_flags(parser)
    parser.set_defaults(handler=start.run)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # The order of `tip-kiosk --help`.
    for group in (start, content, packs, certificate, checks, admin_passphrase, sync, trainer, report, secrets):
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # The kiosk's own start: no other command's parser or module.
    args = start_args(argv) or build_parser().parse_args(argv)
    try:
        return _handler(args)(args)
    except KioskError as exc:
        print(f"tip-kiosk: {exc}", file=sys.stderr)
        return 2


def _handler(args: argparse.Namespace) -> Handler:
    if args.self_test or args.qt_probe or args.web_probe:  # flags of the main parser, not commands
        from kiosk.cli import checks

        return checks.run
    handler: Handler = args.handler
    return handler
