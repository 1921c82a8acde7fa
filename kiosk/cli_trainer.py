"""``tip-kiosk trainer ...`` (trainer accounts, for IT until the admin panel does it) and
``tip-kiosk report`` (the site report as CSV or PDF). Thin: core does the work."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Callable, TextIO

from kiosk.core.errors import KioskError


def add_parsers(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    trainer = commands.add_parser("trainer", help="manage site trainer accounts")
    common(trainer)
    actions = trainer.add_subparsers(dest="trainer_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create a trainer account, or make an existing account a trainer's")
    add.add_argument("--first-name", default="", help="used only to greet them")
    remove = actions.add_parser("remove", help="make a trainer's account a learner's again")
    for action in (add, remove):
        common(action)
        action.add_argument("--stdin", action="store_true",
                            help="read the learner code (and, for a new account, the PIN) from lines on "
                                 "standard input instead of asking (for scripts)")
    common(actions.add_parser("list", help="list trainer accounts (learner codes are never stored)"))

    report = commands.add_parser("report", help="write the site report (small numbers suppressed)")
    common(report)
    report.add_argument("--format", choices=("csv", "pdf"), required=True)
    report.add_argument("--out", type=Path, required=True, metavar="FILE")


def run(args: argparse.Namespace, settings, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    if args.command == "report":
        return _report(settings, args.format, args.out, out)
    return _trainer(args, settings, stdin, out)


def _trainer(args, settings, stdin: TextIO, out: TextIO) -> int:
    from kiosk.core.accounts import Accounts, installation_secret
    from kiosk.core.store import GroupStore, open_store

    store, _ = open_store(settings.data_dir)
    try:
        accounts = Accounts(store, installation_secret(settings.data_dir))
        if args.trainer_command == "list":
            rows = GroupStore(store).trainers()
            for row in rows:
                print(f"{row.id:>6}  {row.first_name or '(no name)':<24} since {row.created_at[:10]}", file=out)
            print(f"{len(rows)} trainer account{'s' if len(rows) != 1 else ''}.", file=out)
            return 0
        ask = _reader(args.stdin, stdin)
        code = ask("Trainer's learner code: ")
        if args.trainer_command == "remove":
            accounts.set_role(code, "learner")
            print("That account is a learner's again; its progress and PIN are unchanged.", file=out)
            return 0
        if accounts.has_account(code):
            accounts.set_role(code, "trainer")
            print("That account is now a trainer's; its PIN is unchanged.", file=out)
            return 0
        pin = ask("Choose a PIN (4 to 8 digits): ")
        if not args.stdin and ask("Type the PIN again: ") != pin:
            print("tip-kiosk: the two PINs are different; nothing was changed.", file=sys.stderr)
            return 1
        trainer = accounts.create_trainer(code, pin, args.first_name)
        print(f"Trainer account created (id {trainer.id}). They sign in on the kiosk with their "
              "learner code and PIN.", file=out)
        return 0
    finally:
        store.close()


def _reader(from_stdin: bool, stdin: TextIO) -> Callable[[str], str]:
    """Codes and PINs are read without echo, so they stay out of the terminal's scrollback."""
    if not from_stdin:
        return getpass.getpass

    def read(prompt: str) -> str:
        line = stdin.readline()
        if not line:
            raise KioskError(f"Standard input ended before '{prompt.strip(': ')}' was given.")
        return line.strip()

    return read


def _report(settings, fmt: str, path: Path, out: TextIO) -> int:
    from kiosk.core.content import load_programme
    from kiosk.core.reports import build_report, write_csv
    from kiosk.core.store import open_store

    store, _ = open_store(settings.data_dir)
    try:
        report = build_report(store, load_programme(settings.content_dir), settings.reports_min_cell)
    finally:
        store.close()
    try:
        if fmt == "csv":
            write_csv(report, path)
        else:
            from kiosk.ui.report_pdf import write_pdf_headless

            write_pdf_headless(report, path)
    except OSError as exc:
        raise KioskError(f"The report cannot be written to {path} ({exc.strerror}).") from None
    print(f"Wrote the site report to {path}.", file=out)
    return 0
