"""``tip-kiosk admin set-passphrase`` and ``tip-kiosk admin unlock``: the admin panel's passphrase,
set at the console, and the end of the screen's wait after wrong passphrases."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from kiosk.cli.common import Commands, add_common, settings_from
from kiosk.core.errors import KioskError

if TYPE_CHECKING:
    from kiosk.core.config import Settings


def register(commands: Commands) -> None:
    admin = commands.add_parser("admin", help="manage the admin passphrase")
    admin.set_defaults(handler=run)
    admin_cmds = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    setpass = admin_cmds.add_parser(
        "set-passphrase", help="set the admin passphrase on this PC (read from the prompt or stdin)")
    setpass.add_argument("--print", action="store_true", dest="print_hash",
                         help="print the hash for admin_passphrase_hash in kiosk.toml instead of "
                              "storing it on this PC")
    add_common(setpass)
    unlock = admin_cmds.add_parser(
        "unlock", help="end the wait after wrong passphrases at the kiosk's screen (asks for the "
                       "passphrase; wrong tries here are counted apart from the screen's)")
    add_common(unlock)


def run(args: argparse.Namespace) -> int:
    if args.admin_command == "unlock":
        return unlock_screen(settings_from(args))
    return set_passphrase(settings_from(args), args.print_hash)


def set_passphrase(settings: Settings, print_hash: bool) -> int:
    from kiosk.core.admin import AdminGate, hash_passphrase

    passphrase = _read_passphrase()
    if passphrase is None:
        print("The two passphrases are different; nothing was changed.", file=sys.stderr)
        return 1
    if print_hash:
        print(hash_passphrase(passphrase))
        print("Put this line in kiosk.toml as:  admin_passphrase_hash = \"<the line above>\"",
              file=sys.stderr)
        return 0
    from kiosk.core.store import open_store

    store, _ = open_store(settings.data_dir)
    try:
        AdminGate(store).set_passphrase(passphrase)
    finally:
        store.close()
    print(f"The admin passphrase is set for the kiosk data in {settings.data_dir}.")
    if settings.admin_passphrase_hash:
        print("Note: admin_passphrase_hash in the configuration file takes precedence over it.")
    return 0


def unlock_screen(settings: Settings) -> int:
    """Check the passphrase at the console (its own lockout), then end the screen's wait."""
    from kiosk.core.factory import make_admin_gate
    from kiosk.core.store import open_store

    if sys.stdin is not None and sys.stdin.isatty():
        passphrase = getpass.getpass("Admin passphrase: ")
    else:
        passphrase = (sys.stdin.readline() if sys.stdin else "").rstrip("\r\n")
    store, _ = open_store(settings.data_dir)
    try:
        gate = make_admin_gate(settings, store, source="cli")
        try:
            gate.check(passphrase)
        except KioskError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        gate.end_wait("screen")
    finally:
        store.close()
    print("The admin panel on the kiosk's screen can be opened again now.")
    return 0


def _read_passphrase() -> str | None:
    """From the terminal (asked twice), or one line from stdin when it is not a terminal."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass("New admin passphrase: ")
        second = getpass.getpass("The same again: ")
        return first if first == second else None
    return (sys.stdin.readline() if sys.stdin else "").rstrip("\r\n")
