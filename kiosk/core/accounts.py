"""Learner accounts on a shared PC: keyed code hashes, slow PIN hashes, lockout with growing waits.

The learner code (often a staff number) is never stored. It is kept only as an HMAC under a
secret made at first run on this PC; an unkeyed hash of a 7-digit number is reversed in seconds.
A 4-8 digit PIN cannot resist an offline attack whatever the hash, so the real protection is the
online lockout here, with the database file readable only by the kiosk's account.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import logging
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kiosk.core.durable import make_dir, write_file
from kiosk.core.errors import QT_TRANSLATE_NOOP, InstallationKeyError, LockedOut, SignInError
from kiosk.core.store import LearnerRow, Store
from kiosk.core.store.db import DB_NAME
from kiosk.core.store.health import read_meta
from kiosk.core.vault import NameSeal, VaultKey, forget_old_pages, session_key

log = logging.getLogger(__name__)

SECRET_FILE = "installation.key"
SECRET_BYTES = 32
KEY_CHECK_META = "installation_key_check"
PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")
CODE_PATTERN = re.compile(r"^[A-Z0-9-]{3,32}$")
MAX_LOCK_SECONDS = 3600
PIN_NOT_SET = "!"
"""Stored in place of a PIN hash for an account a trainer made at a group session; no PIN matches
it, and the learner chooses their PIN by registering with their code (see ``register``)."""
ROLES = ("learner", "trainer")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


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
        raise _key_error(Path(key_file), store.count_learners(), "is not the one they were made with")


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
            return conn.execute("SELECT count(*) FROM learners").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return 0
        error = exc
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


def normalise_code(code: str) -> str:
    """Learner codes are compared without spaces and case: ' ab 12345 ' is 'AB12345'."""
    return re.sub(r"\s+", "", code).upper()


def code_hash(secret: bytes, code: str) -> str:
    return hmac.new(secret, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def check_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                            dklen=32)
    return hmac.compare_digest(actual, base64.b64decode(digest))


@dataclass(frozen=True)
class Learner:
    """Who is signed in. Holds no learner code: only what the screens and records need."""

    id: int
    first_name: str | None
    role: str
    pseudonym: str | None = None
    vault: VaultKey | None = field(default=None, repr=False, compare=False)
    """Seals what they write (kiosk.core.vault); made at sign-in from the PIN, memory only."""


class Accounts:
    """Registration and sign-in against the store.

    Args:
        store: the learner database.
        secret: the installation secret (see ``installation_secret``).
        lockout_after: wrong PINs allowed before the first wait.
        lockout_seconds: the first wait; it doubles with each further wrong PIN, up to an hour.
        pseudonymise: turns a raw learner code into the organisation-keyed pseudonym kept with the
            learner (the code itself is only in memory while they sign in). None keeps none.
        clock: time source, for tests.
    """

    def __init__(self, store: Store, secret: bytes, *, lockout_after: int = 5, lockout_seconds: int = 30,
                 pseudonymise: Callable[[str], str] | None = None,
                 clock: Callable[[], float] = time.time):
        check_installation_key(store, secret)
        self.store = store
        self.secret = secret
        self.lockout_after = lockout_after
        self.lockout_seconds = lockout_seconds
        self.pseudonymise = pseudonymise
        self.clock = clock
        if pseudonymise is None:  # no organisation secret (or anonymous mode): nothing may link
            store.forget_pseudonyms()
        store.names = NameSeal(secret)  # first names sealed at rest (kiosk.core.vault)
        if store.seal_plain_names():
            forget_old_pages(store.conn)

    def register(self, code: str, pin: str, first_name: str = "", role: str = "learner") -> Learner:
        """Create an account; raises SignInError with a plain reason if it cannot be made."""
        code = normalise_code(code)
        if not CODE_PATTERN.match(code):
            raise SignInError(QT_TRANSLATE_NOOP(
                "errors", "A learner code has 3 to 32 letters or numbers. Check it and try again."))
        if not PIN_PATTERN.match(pin):
            raise SignInError(QT_TRANSLATE_NOOP("errors", "A PIN is 4 to 8 digits."))
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        first_name = " ".join(first_name.split())[:40] or None
        hashed = code_hash(self.secret, code)
        existing = self.store.learner_by_code(hashed)
        if existing is not None and existing.pin_hash == PIN_NOT_SET and role == existing.role:
            # Made for them at a group session: registering is how they choose their PIN.
            pseudonym = existing.pseudonym or (self.pseudonymise(code) if self.pseudonymise else None)
            name = first_name or existing.first_name
            self.store.update_learner(existing.id, pin_hash=hash_pin(pin), first_name=name, pseudonym=pseudonym)
            return Learner(existing.id, name, existing.role, pseudonym, session_key(self.secret, existing.id, pin))
        if existing is not None:
            raise SignInError(QT_TRANSLATE_NOOP(
                "errors", "That learner code already has an account on this computer. "
                          "Sign in with your PIN, or ask a trainer if you have forgotten it."))
        pseudonym = self.pseudonymise(code) if self.pseudonymise else None
        learner_id = self.store.add_learner(hashed, hash_pin(pin), first_name, role, pseudonym)
        return Learner(learner_id, first_name, role, pseudonym, session_key(self.secret, learner_id, pin))

    def sign_in(self, code: str, pin: str) -> Learner:
        """Check code and PIN. Raises SignInError, or LockedOut while a wait is running."""
        row = self.store.learner_by_code(code_hash(self.secret, code))
        if row is None:
            check_pin(pin, hash_pin("0000"))  # take the same time whether or not the code exists
            raise SignInError(QT_TRANSLATE_NOOP(
                "errors", "That learner code and PIN don't match an account on this computer. "
                          "Check them and try again, or register if this is your first time here."))
        if row.pin_hash == PIN_NOT_SET:
            raise SignInError(QT_TRANSLATE_NOOP(
                "errors", "This learner code has an account from a group session, but no PIN yet. "
                          "Choose 'First time here? Register' to set your PIN."))
        now = self.clock()
        if row.locked_until > now:
            raise self._locked(row.locked_until - now)
        if not check_pin(pin, row.pin_hash):
            failures = row.failed_pins + 1
            over = failures - self.lockout_after
            locked_until = 0.0
            if over >= 0:
                locked_until = now + min(self.lockout_seconds * 2**over, MAX_LOCK_SECONDS)
            self.store.update_learner(row.id, failed_pins=failures, locked_until=locked_until)
            if locked_until:
                raise self._locked(locked_until - now)
            raise SignInError(QT_TRANSLATE_NOOP(
                "errors", "That PIN doesn't match. Please try again. "
                          "If you have forgotten it, a trainer can help."))
        # Recomputed at every sign-in (the only moment the code is known), so a new
        # organisation secret takes effect for everyone as they next sign in, and a removed
        # one stops linking (no pseudonym) rather than reusing the stored one.
        pseudonym = self.pseudonymise(normalise_code(code)) if self.pseudonymise else None
        if row.failed_pins or row.locked_until or pseudonym != row.pseudonym:
            self.store.update_learner(row.id, failed_pins=0, locked_until=0.0, pseudonym=pseudonym)
        return _learner(row, pseudonym, session_key(self.secret, row.id, pin))

    def create_trainer(self, code: str, pin: str, first_name: str = "") -> Learner:
        """Create a trainer account (an admin does this: the CLI today, the admin panel later).

        Raises:
            SignInError: the code or PIN is not valid, or the code already has an account (see
                ``set_role`` to make an existing account a trainer's).
        """
        return self.register(code, pin, first_name, role="trainer")

    def has_account(self, code: str) -> bool:
        return self.store.learner_by_code(code_hash(self.secret, code)) is not None

    def set_role(self, code: str, role: str) -> Learner:
        """Make an existing account a trainer's or a learner's. Raises SignInError if unknown."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        row = self.store.learner_by_code(code_hash(self.secret, code))
        if row is None:
            raise SignInError(QT_TRANSLATE_NOOP("errors", "No account on this computer has that learner code."))
        if row.role != role:
            self.store.update_learner(row.id, role=role)
        return Learner(row.id, row.first_name, role, row.pseudonym)

    def identify_attendee(self, code: str, pin: str = "", *, vouched: bool = False) -> tuple[Learner, bool]:
        """Who is attending a group session, creating their account if they have none.

        An attendee types their code, and their PIN if they already have an account here; someone
        new may choose a PIN now or leave it empty and choose one later by registering. With
        ``vouched`` the trainer typed the code for them, so no PIN is asked for: a trainer is
        signed in and answerable for the attendance they record.

        Returns:
            The attendee, and True if their account was made just now.

        Raises:
            SignInError: a bad code, a missing or wrong PIN (with the usual lockout), or a new PIN
                that is not 4 to 8 digits.
        """
        normal = normalise_code(code)
        if not CODE_PATTERN.match(normal):
            raise SignInError(QT_TRANSLATE_NOOP("errors", "A learner code has 3 to 32 letters or numbers. Check it and try again."))
        row = self.store.learner_by_code(code_hash(self.secret, normal))
        if row is None:
            if pin and not vouched:
                return self.register(normal, pin), True
            pseudonym = self.pseudonymise(normal) if self.pseudonymise else None
            learner_id = self.store.add_learner(code_hash(self.secret, normal), PIN_NOT_SET, None,
                                                "learner", pseudonym)
            return Learner(learner_id, None, "learner", pseudonym), True
        if vouched or row.pin_hash == PIN_NOT_SET:
            if pin and not vouched:  # their first PIN, chosen at the session
                return self.register(normal, pin), False
            pseudonym = row.pseudonym or (self.pseudonymise(normal) if self.pseudonymise else None)
            if pseudonym != row.pseudonym:
                self.store.update_learner(row.id, pseudonym=pseudonym)
            return _learner(row, pseudonym), False
        if not pin:
            raise SignInError(QT_TRANSLATE_NOOP("errors", "This learner code already has an account here: please type your PIN too."))
        return self.sign_in(normal, pin), False

    @staticmethod
    def _locked(seconds: float) -> LockedOut:
        wait = max(1, round(seconds))
        if wait < 120:
            return LockedOut(QT_TRANSLATE_NOOP(
                "errors", "That PIN has been entered wrongly several times, so this account is resting "
                          "for {seconds} seconds. You can try again then, or ask a trainer for help."),
                wait, seconds=wait)
        return LockedOut(QT_TRANSLATE_NOOP(
            "errors", "That PIN has been entered wrongly several times, so this account is resting "
                      "for {minutes} minutes. You can try again then, or ask a trainer for help."),
            wait, minutes=round(wait / 60))


def _learner(row: LearnerRow, pseudonym: str | None, vault: VaultKey | None = None) -> Learner:
    return Learner(row.id, row.first_name, row.role, pseudonym, vault)
