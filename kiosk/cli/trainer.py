"""``tip-kiosk trainer ...``: trainer accounts, a learner's one-time codes and wrong tries, and
pathways (pathways.py), for IT until the admin panel does it. Thin: core does the work."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from kiosk.cli import pathways
from kiosk.cli.common import Commands, add_common, settings_from, share_config
from kiosk.core.claims import CLAIM_DAYS
from kiosk.core.errors import KioskError
from kiosk.core.pin_rules import TRAINER_MIN_LENGTH

if TYPE_CHECKING:
    from kiosk.core.accounts import Accounts
    from kiosk.core.config import Settings

Ask = Callable[[str], str]
"""Asks for one line (a learner code, a passphrase) with the prompt given."""


def register(commands: Commands) -> None:
    trainer = commands.add_parser("trainer", help="manage site trainer accounts")
    add_common(trainer)
    trainer.set_defaults(handler=run)
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
    for action in (add, remove, unlock, claim, reset, *pathways.add_actions(actions)):
        add_common(action)
        action.add_argument("--stdin", action="store_true",
                            help="read the learner code (and, for add, the passphrase) from lines on "
                                 "standard input instead of asking (for scripts)")
    add_common(actions.add_parser("list", help="list trainer accounts (learner codes are never stored)"))


def run(args: argparse.Namespace) -> int:
    share_config(args)
    return trainer(args, settings_from(args), sys.stdin, sys.stdout)


def trainer(args: argparse.Namespace, settings: Settings, stdin: TextIO, out: TextIO) -> int:
    from kiosk.core.factory import make_accounts
    from kiosk.core.store import open_store

    store, _ = open_store(settings.data_dir)
    try:
        accounts = make_accounts(settings, store)
        if args.trainer_command == "list":
            rows = store.groups.trainers()
            for row in rows:
                print(f"{row.id:>6}  {row.first_name or '(no name)':<24} since {row.created_at[:10]}", file=out)
            print(f"{len(rows)} trainer account{'s' if len(rows) != 1 else ''}.", file=out)
            return 0
        ask = _reader(getattr(args, "stdin", False), stdin)
        if args.trainer_command in pathways.ACTIONS:
            return pathways.run_action(args, settings, store, accounts, ask, out)
        if args.trainer_command == "unlock":
            return _unlock(accounts, ask, args.kiosk, out)
        if args.trainer_command in ("claim-code", "reset-pin"):
            return _one_time_code(args.trainer_command, accounts, ask, out)
        return _add_or_remove(args, accounts, ask, out)
    finally:
        store.close()


def _one_time_code(action: str, accounts: Accounts, ask: Ask, out: TextIO) -> int:
    code = ask("Learner code: ")
    if action == "reset-pin":
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


def _add_or_remove(args: argparse.Namespace, accounts: Accounts, ask: Ask, out: TextIO) -> int:
    code = ask("Trainer's learner code: ")
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
    made = accounts.create_trainer(code, passphrase, args.first_name)
    print(f"Trainer account created (id {made.id}). They sign in on the kiosk with their "
          "learner code and passphrase.", file=out)
    return 0


def _unlock(accounts: Accounts, ask: Ask, kiosk: bool, out: TextIO) -> int:
    code = "" if kiosk else ask("Learner code: ")
    forgotten = accounts.unlock(code, kiosk=kiosk)
    where = "on this kiosk" if kiosk else "for that learner code"
    print(f"Forgot {forgotten} wrong sign-in tr{'y' if forgotten == 1 else 'ies'} {where}; sign-in works "
          "again now.", file=out)
    return 0


def _reader(from_stdin: bool, stdin: TextIO) -> Ask:
    """Codes and PINs are read without echo, so they stay out of the terminal's scrollback."""
    if not from_stdin:
        return getpass.getpass

    def read(prompt: str) -> str:
        line = stdin.readline()
        if not line:
            raise KioskError(f"Standard input ended before '{prompt.strip(': ')}' was given.")
        return line.strip()

    return read
