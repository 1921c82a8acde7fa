"""The kiosk's two secrets, kept by the operating system outside the data folder.

The installation key (keys learner-code hashes and every learner's vault) and the organisation
secret (keys the pseudonyms the LRS sees) are what turn a copied data folder back into people.
So they do not live in it:

- Linux: ``/etc/tip-kiosk/secrets/`` (root, 0700) holds ``installation.key`` and
  ``organisation.key`` (root, 0600). The kiosk's account cannot read them directly; at start it
  runs ``sudo -n /usr/lib/tip-kiosk/read-secret NAME`` (a four-line helper that serves only those
  two names from only that folder; a sudoers rule lets the kiosk's group run it and sudo logs
  every read). ``sudo tip-kiosk secrets protect`` makes the folder and moves the secrets in.
  A process that can read the files itself (root, as in a development container) reads them.
- Windows: DPAPI blobs (``*.dpapi`` in the data folder), which only the kiosk's Windows account
  on this PC can open (``kiosk.core.dpapi``), each file with an access list of its own: the
  kiosk's account, SYSTEM and Administrators (``kiosk.core.winacl``), so it stays private in a
  data folder IT made wider. Run under Wine by tests/windows_native/test_secrets.py.
- Otherwise (a development run, ``make run``): ``installation.key`` beside the database, as
  before; ``tip-kiosk doctor`` warns that a copy of the folder then carries it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core import dpapi
from kiosk.core.durable import make_dir, remove, write_file
from kiosk.core.errors import ConfigError, InstallationKeyError
from kiosk.core.installation_key import SECRET_BYTES, SECRET_FILE, installation_secret, learners_on_disk

if TYPE_CHECKING:
    from kiosk.core.config import Settings
    from kiosk.core.store import Store

log = logging.getLogger(__name__)

PROTECTED_DIR = Path("/etc/tip-kiosk/secrets")
HELPER = Path("/usr/lib/tip-kiosk/read-secret")
INSTALLATION = SECRET_FILE
ORGANISATION = "organisation.key"
DPAPI_SUFFIX = ".dpapi"
HELPER_TIMEOUT = 10.0


def protected_dir(settings: Settings) -> Path | None:
    """Where this PC keeps its secrets outside the data folder (None: in it, a development run)."""
    if settings.secrets_dir is not None:
        return Path(settings.secrets_dir)
    if sys.platform != "win32" and PROTECTED_DIR.is_dir():
        return PROTECTED_DIR
    return None


def read_protected(path: Path) -> bytes | None:
    """A protected secret file's bytes (None if there is none), directly if this process may
    read it, else through the sudo helper (only for the standard folder, which it alone serves).

    Raises:
        ConfigError: the file exists but neither way can read it.
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except PermissionError:
        if path.parent != PROTECTED_DIR or not HELPER.exists():
            raise ConfigError(f"The secret file {path} cannot be read by this account.") from None
    try:
        done = subprocess.run(["sudo", "-n", str(HELPER), path.name], capture_output=True,
                              timeout=HELPER_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"The secret file {path} cannot be read: the helper {HELPER} did not run "
                          f"({exc}).") from None
    if done.returncode != 0:
        raise ConfigError(f"The secret file {path} cannot be read: the helper {HELPER} refused "
                          f"(status {done.returncode}). IT: check /etc/sudoers.d/tip-kiosk and that "
                          "the kiosk's account is in the tip-kiosk group.")
    return done.stdout


def installation_key(settings: Settings) -> bytes:
    """This PC's installation key, from wherever it keeps it (see the module docstring).

    Raises:
        InstallationKeyError: the key is missing, empty, short or unreadable where accounts (or
            a key left in the data folder) depend on it; the message says what IT can do.
    """
    data_dir = Path(settings.data_dir)
    if dpapi.available():
        return _dpapi_installation_key(data_dir)  # pragma: no cover - Windows only
    folder = protected_dir(settings)
    if folder is None:
        return installation_secret(data_dir)
    path = folder / INSTALLATION
    try:
        key = read_protected(path)
    except ConfigError as exc:
        raise InstallationKeyError("{problem} The kiosk has stopped rather than make new identities.",
                                   problem=str(exc)) from None
    if key is not None:
        if len(key) != SECRET_BYTES:
            raise _short_key(path, key)
        return key
    left_behind = data_dir / SECRET_FILE
    if learners_on_disk(data_dir) or left_behind.exists():
        raise InstallationKeyError(
            "This PC keeps its secrets in {folder}, but there is no installation key there yet, and "
            "the learner data in {data} depends on one. IT: run 'sudo tip-kiosk secrets protect "
            "--data-dir {data}' to move the key out of the data folder (docs/privacy.md).",
            folder=str(folder), data=str(data_dir))
    try:
        make_dir(folder, 0o700)
        write_file(path, os.urandom(SECRET_BYTES), mode=0o600, exclusive=True)
    except OSError as exc:
        raise InstallationKeyError(
            "This PC keeps its secrets in {folder}, but there is no installation key there and this "
            "account cannot make one ({error}). IT: run 'sudo tip-kiosk secrets protect'.",
            folder=str(folder), error=exc.strerror or str(exc)) from None
    return path.read_bytes()


def _short_key(path: Path, key: bytes) -> InstallationKeyError:
    return InstallationKeyError(
        "The installation key {key} holds {size} bytes, not {expected}: it is empty or damaged, "
        "and no key can be made from it. IT: put back this PC's installation.key from its backup "
        "(see docs/deployment.md, 'Installation key and power cuts'); if this PC has never had "
        "learners, delete the empty file and the kiosk makes a new key.",
        key=str(path), size=len(key), expected=SECRET_BYTES)


def _dpapi_installation_key(data_dir: Path) -> bytes:  # pragma: no cover - Windows only
    blob_path = data_dir / (INSTALLATION + DPAPI_SUFFIX)
    if blob_path.exists():
        try:
            key = dpapi.unprotect(blob_path.read_bytes())
        except OSError as exc:
            raise InstallationKeyError(
                "The installation key {key} cannot be opened by this Windows account ({error}): it "
                "was sealed by another account or on another PC, or the file is damaged. The kiosk "
                "has stopped rather than make new identities. IT: run the kiosk as the account that "
                "first ran it, or put back this PC's key from its backup.",
                key=str(blob_path), error=exc.strerror or str(exc)) from None
        if len(key) != SECRET_BYTES:
            raise _short_key(blob_path, key)
        return key
    key = installation_secret(data_dir)  # an older install's plain key, or a new one
    write_sealed(blob_path, key, exclusive=True)
    remove(data_dir / SECRET_FILE)  # only the sealed copy stays
    return key


def write_sealed(path: Path, secret: bytes, exclusive: bool = False) -> None:
    """Seal ``secret`` with DPAPI into ``path``, whose access list then names only the kiosk's
    account, SYSTEM and Administrators (Windows). A list that cannot be set is logged: the blob
    still opens only for this account, and doctor's data folder check names the file."""
    from kiosk.core import winacl

    write_file(path, dpapi.protect(secret), mode=0o600, exclusive=exclusive)
    problem = winacl.restrict(path)
    if problem:
        log.warning("The sealed secret %s may be readable by other accounts: %s", path, problem)


def organisation_key(settings: Settings) -> bytes | None:
    """The organisation's pseudonym key: the protected copy if this PC has one, else the setting
    (``sync_organisation_secret_file`` or, discouraged, ``sync_organisation_secret``).

    Raises:
        ConfigError: it is unreadable, empty or too short.
    """
    from kiosk.core.privacy import MIN_ORGANISATION_SECRET, organisation_secret

    raw = None
    if dpapi.available():  # pragma: no cover - Windows only
        blob = Path(settings.data_dir) / (ORGANISATION + DPAPI_SUFFIX)
        if blob.exists():
            try:
                raw = dpapi.unprotect(blob.read_bytes())
            except OSError as exc:
                raise ConfigError(f"The organisation secret {blob} cannot be opened by this Windows "
                                  f"account ({exc.strerror or exc}): it was sealed by another account "
                                  "or on another PC, or the file is damaged. IT: run 'tip-kiosk-cli "
                                  "secrets protect' again as the kiosk's account.") from None
    elif (folder := protected_dir(settings)) is not None:
        raw = read_protected(folder / ORGANISATION)
    if raw is None:
        return organisation_secret(settings.sync_organisation_secret, settings.sync_organisation_secret_file)
    secret = raw.decode("utf-8", "replace").strip()
    if len(secret) < MIN_ORGANISATION_SECRET:
        raise ConfigError(f"The protected organisation secret holds {len(secret)} characters; it must "
                          f"hold at least {MIN_ORGANISATION_SECRET}, or it can be guessed.")
    return secret.encode("utf-8")


def installation_key_problem(settings: Settings) -> str | None:
    """What is wrong with this PC's installation key wherever it is kept, read without changing
    anything (for the doctor); None if the kiosk would start with it."""
    from kiosk.core.installation_key import installation_key_problem as in_data_folder

    data_dir = Path(settings.data_dir)
    folder = protected_dir(settings)
    if dpapi.available():
        return _sealed_key_problem(data_dir)  # pragma: no cover - Windows only (tests/windows_native)
    if folder is None:
        return in_data_folder(data_dir)
    path = folder / INSTALLATION
    try:
        key = read_protected(path)
        learners = learners_on_disk(data_dir)
    except (ConfigError, InstallationKeyError) as exc:
        return str(exc)
    if key is None:
        if learners or (data_dir / SECRET_FILE).exists():
            return (f"There is no installation key in {folder} yet, and the learner data in {data_dir} "
                    "depends on one: run 'sudo tip-kiosk secrets protect'.")
        return None  # the kiosk makes one at its first start (as root) or secrets protect does
    return _wrong_key(path, key, data_dir, learners)


def _sealed_key_problem(data_dir: Path) -> str | None:  # pragma: no cover - Windows only
    from kiosk.core.installation_key import installation_key_problem as in_data_folder

    blob = data_dir / (INSTALLATION + DPAPI_SUFFIX)
    if not blob.exists():
        return in_data_folder(data_dir)  # an older plain key (sealed at the next start), or none yet
    try:
        key = dpapi.unprotect(blob.read_bytes())
        learners = learners_on_disk(data_dir)
    except OSError as exc:
        return (f"The installation key {blob} cannot be opened by this Windows account "
                f"({exc.strerror or exc}): it was sealed by another account or on another PC, or "
                "the file is damaged.")
    except InstallationKeyError as exc:
        return str(exc)
    return _wrong_key(blob, key, data_dir, learners)


def _wrong_key(path: Path, key: bytes, data_dir: Path, learners: int) -> str | None:
    import hmac

    from kiosk.core.installation_key import KEY_CHECK_META, key_check_value
    from kiosk.core.store.db import DB_NAME
    from kiosk.core.store.health import read_meta

    if len(key) != SECRET_BYTES:
        return str(_short_key(path, key))
    stored = read_meta(data_dir / DB_NAME, KEY_CHECK_META)
    if stored is not None and not hmac.compare_digest(stored, key_check_value(key)):
        return (f"The installation key {path} is not the one the {learners} learner account(s) in "
                f"{data_dir} were made with.")
    return None


def learner_pseudonymiser(settings: Settings, store: Store) -> Callable[[str], str] | None:
    """HMAC under the organisation secret in pseudonymous mode (for ``Accounts``). Without a
    secret (or in anonymous mode) records go unlinked rather than under a guessable name, and the
    pseudonyms kept with accounts are dropped, so linking stops for existing learners too; they
    are computed again at each sign-in once a secret is back."""
    from kiosk.core.privacy import pseudonymiser

    secret = None
    if settings.sync_privacy_mode == "pseudonymous":
        try:
            secret = organisation_key(settings)
        except ConfigError as exc:
            log.error("No learner pseudonyms: %s", exc)  # learning goes on; records go unlinked
        else:
            if secret is None:
                log.warning("Privacy mode is pseudonymous but no organisation secret is configured "
                            "(sync_organisation_secret_file): records are sent without a learner pseudonym")
    if secret is None:
        dropped = store.learners.forget_pseudonyms()
        if dropped:
            log.warning("Dropped %d stored learner pseudonyms: there is no organisation secret", dropped)
        return None
    return pseudonymiser(secret)
