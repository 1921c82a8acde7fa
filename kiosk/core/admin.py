"""The admin passphrase that guards the admin panel (exit the kiosk, sync, import, doctor, logs).

The passphrase is kept only as a slow salted hash (scrypt, ~0.1 s a try), either in the learner
database's meta table (set on the PC with ``tip-kiosk admin set-passphrase``) or in the machine's
configuration (``admin_passphrase_hash``), which wins when set. Wrong tries are counted in the
database, so the growing waits survive a restart of the kiosk.

Wrong tries are counted per source (kiosk.core.store.admin_lockout.SOURCES): a learner typing at the
kiosk's screen can lock the on-screen panel, but not ``tip-kiosk admin unlock`` run by IT at the
console, which ends the screen's wait.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.core.errors import LockedOutError, SignInError
from kiosk.core.store import Store
from kiosk.core.store.admin_lockout import SOURCES

log = logging.getLogger(__name__)

MIN_LENGTH = 10
MAX_LOCK_SECONDS = 3600
META_HASH = "admin_passphrase_hash"
# Stronger than a learner PIN's hash: an admin passphrase opens everything, and is typed rarely.
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_MAXMEM = 64 * 1024 * 1024


def hash_passphrase(passphrase: str) -> str:
    """A salted scrypt hash, as ``scrypt$n$r$p$salt$digest`` (base64).

    Raises:
        SignInError: the passphrase is too short.
    """
    if len(passphrase.strip()) < MIN_LENGTH:
        raise SignInError(f"An admin passphrase needs at least {MIN_LENGTH} characters. "
                          "A few unrelated words are easy to remember and hard to guess.")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, **_SCRYPT, maxmem=_MAXMEM, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def valid_hash(stored: str) -> bool:
    """True if ``stored`` looks like a hash made by ``hash_passphrase``."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = (int(x) for x in parts[1:4])
        return n > 1 and r > 0 and p > 0 and len(base64.b64decode(parts[5], validate=True)) == 32 \
            and len(base64.b64decode(parts[4], validate=True)) >= 8
    except ValueError:
        return False


def matches(passphrase: str, stored: str) -> bool:
    if not valid_hash(stored):
        return False
    _, n, r, p, salt, digest = stored.split("$")
    actual = hashlib.scrypt(passphrase.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                            p=int(p), maxmem=_MAXMEM, dklen=32)
    return hmac.compare_digest(actual, base64.b64decode(digest))


class AdminGate:
    """Checks the admin passphrase, with lockout after repeated wrong tries.

    Args:
        store: the learner database (holds a stored hash and the count of wrong tries).
        configured_hash: ``Settings.admin_passphrase_hash``; when set it replaces a stored hash.
        lockout_after: wrong tries allowed before the first wait.
        lockout_seconds: the first wait; it doubles with each further wrong try, up to an hour.
        clock: time source, for tests.
        source: where the passphrase is typed ("screen" or "cli"); each has its own lockout.
    """

    def __init__(self, store: Store, configured_hash: str = "", *, lockout_after: int = 3,
                 lockout_seconds: int = 60, clock: Callable[[], float] = time.time,
                 source: str = "screen"):
        if source not in SOURCES:
            raise ValueError(f"unknown admin passphrase source {source!r}")
        self.store = store
        self.source = source
        self.configured_hash = configured_hash.strip()
        self.lockout_after = lockout_after
        self.lockout_seconds = lockout_seconds
        self.clock = clock

    def _hash(self) -> str:
        return self.configured_hash or self.store.get_meta(META_HASH) or ""

    def is_set_up(self) -> bool:
        """True once a passphrase exists (in the configuration or on this PC)."""
        return valid_hash(self._hash())

    def set_passphrase(self, passphrase: str) -> None:
        """Store a new passphrase on this PC and clear any lockout."""
        hashed = hash_passphrase(passphrase)
        self.store.set_meta(META_HASH, hashed)
        for source in SOURCES:
            self.store.admin_lockout.save(0, 0.0, source)
        log.info("The admin passphrase was changed on this PC")

    def end_wait(self, source: str) -> None:
        """Clear another source's lockout (IT, having just passed this gate's check)."""
        self.store.admin_lockout.save(0, 0.0, source)
        log.info("The admin passphrase wait at the %s was ended from the %s", source, self.source)

    def seconds_locked(self) -> float:
        """How long until the next try is allowed (0 when it is allowed now)."""
        return max(0.0, self.store.admin_lockout.get(self.source)[1] - self.clock())

    def check(self, passphrase: str) -> None:
        """Accept the passphrase or raise.

        Raises:
            LockedOutError: too many wrong tries; ``seconds`` says how long to wait.
            SignInError: no passphrase is set up, or this one is wrong.
        """
        stored = self._hash()
        if not valid_hash(stored):
            raise SignInError("No admin passphrase has been set up on this kiosk. IT sets one with "
                              "'tip-kiosk admin set-passphrase' (see docs/deployment.md).")
        now = self.clock()
        failures, locked_until = self.store.admin_lockout.get(self.source)
        if locked_until > now:
            raise _locked(locked_until - now, self.source)
        if matches(passphrase, stored):
            if failures or locked_until:
                self.store.admin_lockout.save(0, 0.0, self.source)
            log.info("Admin passphrase accepted (%s)", self.source)
            return
        failures += 1
        over = failures - self.lockout_after
        locked_until = now + min(self.lockout_seconds * 2**over, MAX_LOCK_SECONDS) if over >= 0 else 0.0
        self.store.admin_lockout.save(failures, locked_until, self.source)
        log.warning("Wrong admin passphrase at the %s (%d in a row)", self.source, failures)
        if locked_until:
            raise _locked(locked_until - now, self.source)
        raise SignInError("That passphrase is not right. Please try again.")


def _locked(seconds: float, source: str = "screen") -> LockedOutError:
    wait = max(1, round(seconds))
    when = f"{wait} seconds" if wait < 120 else f"{round(wait / 60)} minutes"
    # IT can end the screen's wait from the console, where the screen's count does not apply.
    also = " IT can end this wait with 'tip-kiosk admin unlock'." if source == "screen" else ""
    return LockedOutError(f"The admin passphrase was entered wrongly several times. Please wait {when} "
                     f"before trying again.{also}", wait)


def read_log_tail(path: Path, max_bytes: int = 256 * 1024) -> str:
    """The end of a log file (at most ``max_bytes``), starting at a whole line; '' if missing."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, 2)
            start = max(0, size - max_bytes)
            handle.seek(start)
            data = handle.read()
    except OSError:
        return ""
    if start and b"\n" in data:
        data = data.split(b"\n", 1)[1]
    return data.decode("utf-8", errors="replace")
