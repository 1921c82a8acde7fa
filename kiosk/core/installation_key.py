"""This PC's installation key: made at first run, never changed, and checked against the learner
database so a lost, empty or different key stops the kiosk instead of making new identities.

The key keys the hash of every learner code and every learner's vault (kiosk.core.vault); where
the operating system keeps it is kiosk.core.keystore's business.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import sqlite3
from pathlib import Path

from kiosk.core.durable import make_dir, write_file
from kiosk.core.errors import InstallationKeyError
from kiosk.core.store import Store
from kiosk.core.store.db import DB_NAME
from kiosk.core.store.health import read_meta

log = logging.getLogger(__name__)

SECRET_FILE = "installation.key"
SECRET_BYTES = 32
KEY_CHECK_META = "installation_key_check"


def installation_secret(data_dir: Path) -> bytes:
    """The per-installation secret, created (mode 0600) at first run and never changed.

    The new key is durable on disk (``kiosk.core.durable``) before any learner can be made with it.

    Raises:
        InstallationKeyError: the key file is missing, empty or damaged while the learner
            database already holds accounts: a new key would silently turn every learner into
            a stranger, so the kiosk stops and says what IT can do.
    """
    data_dir = Path(data_dir)
    path = data_dir / SECRET_FILE
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        secret = None
    if secret is not None and len(secret) == SECRET_BYTES:
        return secret
    learners = learners_on_disk(data_dir)
    if learners:
        raise _key_error(path, learners, "is missing" if secret is None else
                         "is empty" if not secret else "is damaged")
    make_dir(data_dir, 0o700)
    if secret is not None:  # empty or damaged, and no account depends on it: replace it whole
        log.warning("The installation key %s was empty or damaged and no accounts use it: made a new one",
                    path)
        write_file(path, secrets.token_bytes(SECRET_BYTES), mode=0o600)
    else:  # exclusive: if another process won the race, use theirs
        write_file(path, secrets.token_bytes(SECRET_BYTES), mode=0o600, exclusive=True)
    return path.read_bytes()


def key_check_value(secret: bytes) -> str:
    """What the database keeps to recognise its key (an HMAC under the key; reveals nothing of it)."""
    return hmac.new(secret, b"tip-kiosk installation key check", hashlib.sha256).hexdigest()[:32]


def check_installation_key(store: Store, secret: bytes, key_file: Path | str = SECRET_FILE) -> None:
    """Make sure ``secret`` is the key this database's accounts were made with.

    The first time (a new database, or one made before this check) the key is recorded.

    Raises:
        InstallationKeyError: the database was made with a different key.
    """
    mine = key_check_value(secret)
    stored = store.get_meta(KEY_CHECK_META)
    if stored is None:
        store.set_meta(KEY_CHECK_META, mine)
    elif not hmac.compare_digest(stored, mine):
        raise _key_error(Path(key_file), store.learners.count(), "is not the one they were made with")


def installation_key_problem(data_dir: Path) -> str | None:
    """What is wrong with this PC's installation key, read without changing anything (for the
    doctor); None if the kiosk would start with it."""
    path = Path(data_dir) / SECRET_FILE
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        secret = None
    except OSError as exc:
        return f"The installation key {path} cannot be read ({exc.strerror})."
    try:
        learners = learners_on_disk(data_dir)
    except InstallationKeyError as exc:
        return str(exc)
    if secret is None or len(secret) != SECRET_BYTES:
        if not learners:
            return None  # the kiosk makes a new one at its next start; nothing depends on it
        return str(_key_error(path, learners, "is missing" if secret is None else
                              "is empty" if not secret else "is damaged"))
    stored = read_meta(Path(data_dir) / DB_NAME, KEY_CHECK_META)
    if stored is not None and not hmac.compare_digest(stored, key_check_value(secret)):
        return str(_key_error(path, learners, "is not the one they were made with"))
    return None


def learners_on_disk(data_dir: Path) -> int:
    """How many accounts the learner database in ``data_dir`` holds (0 if there is no database or
    no accounts table yet). Read with an ordinary connection: a read-only one cannot replay a WAL
    that a power cut left, and would see too few accounts or none.

    Raises:
        InstallationKeyError: the database exists but cannot be read, so it cannot be known
            whether accounts depend on the key.
    """
    db = Path(data_dir) / DB_NAME
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(db, timeout=10.0)
        try:
            count: int = conn.execute("SELECT count(*) FROM learners").fetchone()[0]
            return count
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return 0
        error: sqlite3.Error = exc
    except sqlite3.Error as exc:
        error = exc
    raise InstallationKeyError("The learner database {db} cannot be read ({error}), so the kiosk cannot tell "
                               "whether accounts depend on the installation key; it has stopped rather than "
                               "make a new key.", db=str(db), error=str(error))


def _key_error(path: Path, learners: int, what: str) -> InstallationKeyError:
    return InstallationKeyError(
        "The learner database next to {key} holds {learners} account(s), but this PC's installation "
        "key {key} {what}. Without the right key no learner can sign in, so the kiosk has stopped "
        "rather than make new identities. IT: put back installation.key from this PC's backup "
        "(see docs/deployment.md, 'Installation key and power cuts').",
        key=str(path), learners=learners, what=what)
