"""``tip-kiosk trainer ...`` (trainer accounts, for IT until the admin panel does it) and
``tip-kiosk report`` (the site report as CSV or PDF). Thin: core does the work."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Callable, TextIO

from kiosk import cli_pathways
from kiosk.core.claims import CLAIM_DAYS
from kiosk.core.errors import KioskError
from kiosk.core.pin_rules import TRAINER_MIN_LENGTH


def add_parsers(commands, common: Callable[[argparse.ArgumentParser], None]) -> None:
    trainer = commands.add_parser("trainer", help="manage site trainer accounts")
    common(trainer)
    actions = trainer.add_subparsers(dest="trainer_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create a trainer account, or make an existing account a trainer's")
    add.add_argument("--first-name", default="", help="used only to greet them")
    remove = actions.add_parser("remove", help="make a trainer's account a learner's again")
    unlock = actions.add_parser("unlock", help="forget the wrong sign-in tries of one learner code (or with "
                                               "--kiosk, of this whole kiosk), so sign-in works again at once")
    unlock.add_argument("--kiosk", action="store_true",
                        help="forget the kiosk-wide count instead of one learner code's")
    claim = actions.add_parser("claim-code", help="print a one-time code for an account made without a PIN at a "
                                                  "group session; its learner signs in with it and chooses a PIN")
    reset = actions.add_parser("reset-pin", help="forget a learner's PIN and print a one-time code with which "
                                                 "they choose a new one (what they wrote under the old PIN "
                                                 "can no longer be opened)")
    for action in (add, remove, unlock, claim, reset, *cli_pathways.add_parsers(actions, common)):
        common(action)
        action.add_argument("--stdin", action="store_true",
                            help="read the learner code (and, for add, the passphrase) from lines on "
                                 "standard input instead of asking (for scripts)")
    common(actions.add_parser("list", help="list trainer accounts (learner codes are never stored)"))

    report = commands.add_parser("report", help="write the site report (small numbers suppressed)")
    common(report)
    report.add_argument("--format", choices=("csv", "pdf"), required=True)
    report.add_argument("--out", type=Path, required=True, metavar="FILE")
    report.add_argument("--month", metavar="YYYY-MM", help="an ended month to show (default: the last one)")


def run(args: argparse.Namespace, settings, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    if args.command == "report":
        return _report(settings, args.format, args.out, out, args.month)
    return _trainer(args, settings, stdin, out)


def _trainer(args, settings, stdin: TextIO, out: TextIO) -> int:
    from kiosk.core.accounts import Accounts
    from kiosk.core.keystore import installation_key
    from kiosk.core.store import GroupStore, open_store

    store, _ = open_store(settings.data_dir)
    try:
        accounts = Accounts(store, installation_key(settings), settings=settings)
        if args.trainer_command == "list":
            rows = GroupStore(store).trainers()
            for row in rows:
                print(f"{row.id:>6}  {row.first_name or '(no name)':<24} since {row.created_at[:10]}", file=out)
            print(f"{len(rows)} trainer account{'s' if len(rows) != 1 else ''}.", file=out)
            return 0
        ask = _reader(getattr(args, "stdin", False), stdin)
        if args.trainer_command in cli_pathways.ACTIONS:
            return cli_pathways.run(args, settings, store, accounts, ask, out)
        if args.trainer_command == "unlock":
            return _unlock(accounts, ask, args.kiosk, out)
        learner_side = args.trainer_command in ("claim-code", "reset-pin")
        code = ask("Learner code: " if learner_side else "Trainer's learner code: ")
        if learner_side:
            if args.trainer_command == "reset-pin":
                one_time = accounts.reset_pin(code)
            else:
                learner_id = accounts.account_id(code)
                if learner_id is None:
                    raise KioskError("No account on this computer has that learner code.")
                one_time = accounts.issue_claim_code(learner_id)
            print(f"One-time code: {one_time}\n"
                  f"Give it to the learner in person. They sign in with their learner code and this code "
                  f"(within {CLAIM_DAYS} days, once), then choose their PIN.", file=out)
            return 0
        if args.trainer_command == "remove":
            accounts.set_role(code, "learner")
            print("That account is a learner's again; its progress and passphrase are unchanged.", file=out)
            return 0
        passphrase = ask(f"Choose a passphrase ({TRAINER_MIN_LENGTH} or more characters: a few words or a long "
                         f"number): ")
        if not args.stdin and ask("Type the passphrase again: ") != passphrase:
            print("tip-kiosk: the two passphrases are different; nothing was changed.", file=sys.stderr)
            return 1
        if accounts.has_account(code):
            accounts.set_role(code, "trainer", passphrase)
            print("That account is now a trainer's and signs in with the new passphrase; its progress is "
                  "kept.", file=out)
            return 0
        trainer = accounts.create_trainer(code, passphrase, args.first_name)
        print(f"Trainer account created (id {trainer.id}). They sign in on the kiosk with their "
              "learner code and passphrase.", file=out)
        return 0
    finally:
        store.close()


def _unlock(accounts, ask: Callable[[str], str], kiosk: bool, out: TextIO) -> int:
    code = "" if kiosk else ask("Learner code: ")
    forgotten = accounts.unlock(code, kiosk=kiosk)
    where = "on this kiosk" if kiosk else "for that learner code"
    print(f"Forgot {forgotten} wrong sign-in tr{'y' if forgotten == 1 else 'ies'} {where}; sign-in works "
          "again now.", file=out)
    return 0


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


def _report(settings, fmt: str, path: Path, out: TextIO, month: str | None = None) -> int:
    from kiosk.core.content import load_programme
    from kiosk.core.reports import build_report, write_csv
    from kiosk.core.store import open_store

    store, _ = open_store(settings.data_dir)
    try:
        report = build_report(store, load_programme(settings.content_dir), settings.reports_min_cell,
                              month=month)
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
