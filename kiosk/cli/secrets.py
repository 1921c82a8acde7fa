"""`tip-kiosk secrets protect`: move this PC's secrets out of the data folder, to where the
operating system guards them (kiosk/core/keystore.py, docs/deployment.md)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kiosk.cli.common import Commands, add_common, settings_from, share_config
from kiosk.core import dpapi, keystore
from kiosk.core.durable import make_dir, remove, write_file
from kiosk.core.errors import ConfigError
from kiosk.core.installation_key import SECRET_BYTES, SECRET_FILE, installation_key_problem, learners_on_disk
from kiosk.core.privacy import organisation_secret

if TYPE_CHECKING:
    from kiosk.core.config import Settings


def register(commands: Commands) -> None:
    secrets = commands.add_parser("secrets", help="keep the installation key and organisation secret "
                                                  "outside the data folder")
    add_common(secrets)
    secrets.set_defaults(handler=run)
    actions = secrets.add_subparsers(dest="secrets_command", metavar="ACTION", required=True)
    add_common(actions.add_parser("protect", help="move them to /etc/tip-kiosk/secrets (as root) or seal "
                                              "them with DPAPI (Windows, as the kiosk's account)"))


def run(args: argparse.Namespace) -> int:
    share_config(args)
    return protect(settings_from(args), sys.stdout)


def protect(settings: Settings, out: TextIO) -> int:
    """Windows: seal the secrets with DPAPI for this account; elsewhere, move them to the secrets
    folder (``_protect_folder``)."""
    if dpapi.available():  # pragma: no cover - Windows only
        return _protect_windows(settings, out)
    return _protect_folder(settings, out)


def _protect_folder(settings: Settings, out: TextIO) -> int:
    """Linux: the secrets folder (root, 0700) with installation.key and organisation.key (0600).

    Raises:
        ConfigError: this account cannot make the folder, or the key in the data folder is not
            the one the learner accounts were made with (moving it would not help).
    """
    data_dir = Path(settings.data_dir)
    folder = keystore.protected_dir(settings) or keystore.PROTECTED_DIR
    try:
        make_dir(folder, 0o700)
        os.chmod(folder, 0o700)
    except OSError as exc:
        raise ConfigError(f"Cannot make {folder} ({exc.strerror}): run this as root "
                          "(sudo tip-kiosk secrets protect).") from None
    _move_installation_key(data_dir, folder, out)
    secret = organisation_secret(settings.sync_organisation_secret, settings.sync_organisation_secret_file)
    target = folder / keystore.ORGANISATION
    if secret is not None and not target.exists():
        write_file(target, secret + b"\n", mode=0o600)
        print(f"Organisation secret: copied to {target}. Now remove sync_organisation_secret(_file) "
              "from kiosk.toml and delete the old file.", file=out)
    elif target.exists():
        print(f"Organisation secret: already in {target}.", file=out)
    else:
        print("Organisation secret: none configured (records go unlinked).", file=out)
    print(f"Done. Back up {folder} apart from the data folder.", file=out)
    return 0


def _move_installation_key(data_dir: Path, folder: Path, out: TextIO) -> None:
    target, plain = folder / keystore.INSTALLATION, data_dir / SECRET_FILE
    if target.exists():
        if plain.exists() and plain.read_bytes() == target.read_bytes():
            remove(plain)
        print(f"Installation key: already in {target}.", file=out)
        return
    if plain.exists():
        problem = installation_key_problem(data_dir)
        if problem:
            raise ConfigError(f"{problem} Nothing was moved.")
        key = plain.read_bytes()
        write_file(target, key, mode=0o600, exclusive=True)
        if target.read_bytes() != key:
            raise ConfigError(f"{target} does not read back as written; {plain} was left in place.")
        remove(plain)
        print(f"Installation key: moved from {plain} to {target}.", file=out)
        return
    if learners_on_disk(data_dir):
        raise ConfigError(f"The learner database in {data_dir} has accounts but there is no "
                          f"installation key to move: put back {plain} from the backup first.")
    write_file(target, os.urandom(SECRET_BYTES), mode=0o600, exclusive=True)
    print(f"Installation key: made a new one in {target}.", file=out)


def _protect_windows(settings: Settings, out: TextIO) -> int:  # pragma: no cover - Windows only
    data_dir = Path(settings.data_dir)
    keystore.installation_key(settings)  # seals an older plain key, or makes a sealed one
    secret = keystore.organisation_key(settings)
    if secret is not None:
        keystore.write_sealed(data_dir / (keystore.ORGANISATION + keystore.DPAPI_SUFFIX), secret)
        print("Organisation secret: sealed for this Windows account. Now remove it from kiosk.toml.", file=out)
    print("Installation key: sealed for this Windows account.", file=out)
    return 0
