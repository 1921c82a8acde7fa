"""The ``tip-kiosk`` command. Thin: it parses arguments and calls core (or starts the app)."""

from __future__ import annotations

import argparse
import os
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

    # -- course content: validate, and add SCORM/H5P packages (handlers in cli_content.py) ----
    from kiosk.cli_content import add_content_commands

    add_content_commands(commands, _common)

    # -- Signed content packs (issue 7): build, sign, verify, import; handlers in cli_packs.py ----
    from kiosk.cli_packs import add_pack_commands

    add_pack_commands(commands, _common)

    # -- learner records (certificates) --------------------------------------------------------
    cert = commands.add_parser("certificate", help="check a completion certificate")
    _common(cert)
    cert_cmds = cert.add_subparsers(dest="certificate_command", metavar="ACTION", required=True)
    verify = cert_cmds.add_parser("verify", help="find the completion a verification code belongs to")
    _common(verify)
    verify.add_argument("code", metavar="CODE", help="the code printed on the certificate, e.g. 7KQ2-M9XD-3FHA")

    # -- IT: doctor, admin passphrase, self-test (handlers in kiosk/cli_it.py) --------------
    from kiosk import cli_it

    cli_it.add_arguments(parser, commands)

    # -- sync of anonymised records: sync, outbox, simulate (handlers in kiosk/cli_sync.py) --
    from kiosk import cli_sync

    cli_sync.add_commands(commands, _common)

    # -- site trainers: trainer accounts and site reports (kiosk/cli_trainer.py) --
    from kiosk import cli_trainer

    cli_trainer.add_parsers(commands, _common)

    # -- IT: secrets outside the data folder (kiosk/cli_secrets.py) --
    from kiosk import cli_secrets

    cli_secrets.add_parsers(commands, _common)
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


START_FLAGS = ("--config", "--content", "--data-dir")


def start_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain start of the kiosk (``[run] [--config F] [--content D]
    [--data-dir D]``, each flag spelled in full), read without building the parser of every
    command: that takes ~20 ms and imports every command's module, before the sign-in screen can
    paint. None for anything else, which the full parser reads (and explains, if it is wrong).
    tests/test_cli_start.py checks the result is what the full parser gives."""
    args = argparse.Namespace(command=None, self_test=False, self_test_media=None, qt_probe=False,
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


def settings_from(args: argparse.Namespace):
    from kiosk.core.config import load_settings

    flags = {"content_dir": getattr(args, "content", None), "data_dir": getattr(args, "data_dir", None)}
    return load_settings(getattr(args, "config", None), flags=flags)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    start = start_args(argv)  # the kiosk's own start: no other command's parser or module
    try:
        return _run_kiosk(start) if start is not None else _command(build_parser().parse_args(argv))
    except KioskError as exc:
        print(f"tip-kiosk: {exc}", file=sys.stderr)
        return 2


def _command(args: argparse.Namespace) -> int:
    if args.command == "content":
        from kiosk.cli_content import run_content

        return run_content(args, settings_from)
    if args.command == "preview":
        from kiosk.ui.preview import run_preview

        return run_preview(args.path, args.step, args.language)
    from kiosk import cli_it

    handled = cli_it.dispatch(args, settings_from)
    if handled is not None:
        return handled
    _share_config(args)
    if args.command == "pack":
        from kiosk.cli_packs import run_pack

        return run_pack(args, settings_from)
    if args.command in ("sync", "outbox", "simulate", "certificate", "trainer", "report", "secrets"):
        return _tool(args, settings_from(args))
    return _run_kiosk(args)


def _tool(args: argparse.Namespace, settings) -> int:
    if args.command in ("sync", "outbox", "simulate"):
        from kiosk import cli_sync

        return cli_sync.run(args, settings)
    if args.command == "certificate":
        return _verify_certificate(settings, args.code)
    if args.command in ("trainer", "report"):
        from kiosk import cli_trainer

        return cli_trainer.run(args, settings)
    from kiosk import cli_secrets

    return cli_secrets.run(args, settings)


def _share_config(args: argparse.Namespace) -> None:
    if getattr(args, "config", None):
        # Child processes (the admin panel's doctor run) then read the same file.
        os.environ["TIP_KIOSK_CONFIG"] = str(Path(args.config).resolve())


def _run_kiosk(args: argparse.Namespace) -> int:
    _share_config(args)
    settings = settings_from(args)
    from kiosk.core.memory import tune_malloc
    from kiosk.ui.app import run_app

    tune_malloc()  # before Qt and libVLC allocate: less memory held while video plays
    return run_app(settings)


def _verify_certificate(settings, code: str) -> int:
    """Say which module and day a certificate code belongs to (never who)."""
    from kiosk.core.keystore import installation_key
    from kiosk.core.certificates import find, find_pathway, normalise_code
    from kiosk.core.content import load_programme
    from kiosk.core.store import DB_NAME, open_store

    if not (settings.data_dir / DB_NAME).exists():
        print(f"There is no learner database in {settings.data_dir}; give the kiosk's --data-dir.")
        return 2
    store, _ = open_store(settings.data_dir)
    try:
        row = find(store, installation_key(settings), code)
        pathway_row = None if row else find_pathway(store, installation_key(settings), code)
    finally:
        store.close()
    if pathway_row is not None:
        pathway = load_programme(settings.content_dir).pathway(pathway_row.pathway_id)
        title = pathway.title if pathway else pathway_row.pathway_id
        print(f"{normalise_code(code)}: a genuine completion of the pathway '{title}' (pathway "
              f"{pathway_row.pathway_id}, level {pathway_row.level}) on {pathway_row.completed_at[:10]}.")
        return 0
    if row is None:
        print(f"{normalise_code(code)}: no completion with this code on this computer. Check the code; "
              "a code can only be checked on the computer where the module was completed.")
        return 1
    module = load_programme(settings.content_dir).module(row.module_id)
    title = module.title if module else row.module_id
    print(f"{normalise_code(code)}: a genuine completion of '{title}' (module {row.module_id}, "
          f"version {row.module_version}) on {row.completed_at[:10]}.")
    return 0
