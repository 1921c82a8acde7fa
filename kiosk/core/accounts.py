"""Learner accounts on a shared PC: keyed code hashes, slow PIN hashes, a guessing budget.

The learner code (often a staff number) is never stored. It is kept only as an HMAC under a
secret made at first run on this PC; an unkeyed hash of a 7-digit number is reversed in seconds.
A PIN cannot resist an offline attack whatever the hash, so the protection against guessing is
online: new PINs of 6 digits that are not common choices (``kiosk.core.pin_rules``), a budget of
wrong tries per learner code and per kiosk (``kiosk.core.throttle``), and a sign-in that fails
with the same words after the same work whatever was wrong. Accounts a trainer made without a
PIN are claimed with a one-time code (``kiosk.core.claims``). docs/privacy.md has the arithmetic.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.core import claims
from kiosk.core.claims import ChoosePin, Claim
from kiosk.core.errors import QT_TRANSLATE_NOOP, SignInError
from kiosk.core.installation_key import (  # the names callers know from here are re-exported (X as X)
    SECRET_BYTES as SECRET_BYTES,
    SECRET_FILE as SECRET_FILE,
    check_installation_key,
    installation_key_problem as installation_key_problem,
    installation_secret as installation_secret,
)
from kiosk.core.pin_rules import TRAINER_MIN_LENGTH, check_new_pin, check_trainer_secret
from kiosk.core.store import LearnerRow, Store
from kiosk.core.throttle import Budget, Throttle, resting_error
from kiosk.core.vault import NameSeal, VaultKey, forget_old_pages, session_key

if TYPE_CHECKING:
    from kiosk.core.config import Settings

log = logging.getLogger(__name__)

CODE_PATTERN = re.compile(r"^[A-Z0-9-]{3,32}$")
PIN_NOT_SET = "!"
"""Stored in place of a PIN hash for an account a trainer made at a group session; no PIN matches
it, and the learner claims it with a one-time code from the trainer (``kiosk.core.claims``)."""
ROLES = ("learner", "trainer")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


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
    """Registration and sign-in against the store, with the guessing budget of ``kiosk.core.throttle``.

    Every failed sign-in (unknown code, wrong PIN, an account with no PIN yet, a wrong one-time
    code) gives the same message after the same work: one scrypt check, against a dummy hash when
    there is nothing real to check, and one write of the wrong try.

    Args:
        store: the learner database.
        secret: the installation secret (see ``installation_secret``).
        lockout_after, lockout_seconds: the short-term wait (see ``Budget``); ``budget``, when
            given, wins over both.
        budget: the whole guessing budget (``Budget.from_settings``).
        pin_min_digits: the shortest new PIN (6; 4 only by the ``pin_min_digits`` setting).
        settings: the machine's ``Settings``; gives ``budget`` and ``pin_min_digits`` both.
        pseudonymise: turns a raw learner code into the organisation-keyed pseudonym kept with the
            learner (the code itself is only in memory while they sign in). None keeps none.
        clock: time source, for tests.
    """

    def __init__(self, store: Store, secret: bytes, *, lockout_after: int = 5, lockout_seconds: int = 30,
                 budget: Budget | None = None, pin_min_digits: int = 6, settings: Settings | None = None,
                 pseudonymise: Callable[[str], str] | None = None,
                 clock: Callable[[], float] = time.time):
        if settings is not None:  # the machine's settings name the whole budget and the PIN rule
            budget, pin_min_digits = Budget.from_settings(settings), settings.pin_min_digits
        check_installation_key(store, secret)
        self.store = store
        self.secret = secret
        self.throttle = Throttle(store, budget or Budget(after=lockout_after, first_wait=lockout_seconds), clock)
        self.claims = store.signin
        self.pin_min_digits = pin_min_digits
        self.pseudonymise = pseudonymise
        self.clock = clock
        store.names = NameSeal(secret)  # first names sealed at rest (kiosk.core.vault)
        if store.learners.seal_plain_names():
            forget_old_pages(store.conn)

    # -- registering ------------------------------------------------------------------------
    def register(self, code: str, pin: str, first_name: str = "", role: str = "learner") -> Learner:
        """Create an account; raises SignInError with a plain reason if it cannot be made.

        A trainer's account needs a passphrase (``check_trainer_secret``), a learner's a PIN that
        is hard to guess (``check_new_pin``). A code that already has an account is refused with the
        same words whether or not that account has a PIN, and counts against the kiosk's budget:
        registering is otherwise a way to test which codes exist.
        """
        code = normalise_code(code)
        if not CODE_PATTERN.match(code):
            raise SignInError(QT_TRANSLATE_NOOP(
                "errors", "A learner code has 3 to 32 letters or numbers. Check it and try again."))
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        pin = _clean(pin)
        self.check_new_secret(pin, code, role)
        scopes = self.throttle.scopes(self._code_key(code), "pin")
        resting = self.throttle.resting(scopes)
        if resting and resting.whole_kiosk:
            raise resting_error(resting)
        name = " ".join(first_name.split())[:40] or None
        hashed = code_hash(self.secret, code)
        if self.store.learners.by_code(hashed) is not None:
            self.throttle.failed(scopes)
            raise SignInError(QT_TRANSLATE_NOOP(
                "errors", "That learner code already has an account on this computer. Sign in with your "
                          "PIN, or with the one-time code a trainer gave you. If you have forgotten your "
                          "PIN, a trainer can help."))
        pseudonym = self.pseudonymise(code) if self.pseudonymise else None
        learner_id = self.store.learners.add(hashed, hash_pin(pin), name, role, pseudonym)
        return Learner(learner_id, name, role, pseudonym, session_key(self.secret, learner_id, pin))

    def check_new_secret(self, secret: str, code: str = "", role: str = "learner") -> None:
        """Raise SignInError if ``secret`` may not be chosen as a new PIN (or trainer's passphrase)."""
        if role == "trainer":
            check_trainer_secret(secret, code=normalise_code(code))
        else:
            check_new_pin(_clean(secret), min_digits=self.pin_min_digits, code=normalise_code(code))

    # -- signing in -------------------------------------------------------------------------
    def sign_in(self, code: str, pin: str) -> Learner:
        """Check code and PIN (or trainer's passphrase, or one-time code).

        Raises:
            LockedOutError: the guessing budget for this code or this kiosk is spent for now.
            ChoosePin: the one-time code was right; the learner chooses a PIN (``claim``).
            SignInError: anything else wrong, always in the same words.
        """
        normal = normalise_code(code)
        pin = _clean(pin)
        scopes = self.throttle.scopes(self._code_key(normal), _shape(pin))
        resting = self.throttle.resting(scopes)
        if resting:
            raise resting_error(resting)
        row = self.store.learners.by_code(code_hash(self.secret, normal))
        stored, claim = self._stored_secret(row)
        matched = check_pin(pin, stored)  # always, before anything depends on ``row``
        if row is None or not matched:
            resting = self.throttle.failed(scopes)
            if resting:
                raise resting_error(resting)
            raise SignInError(NO_MATCH)
        self.throttle.succeeded(scopes)
        if claim is not None:
            raise ChoosePin(Claim(row.id, normal, claim))
        # Recomputed at every sign-in (the only moment the code is known), so a new
        # organisation secret takes effect for everyone as they next sign in, and a removed
        # one stops linking (no pseudonym) rather than reusing the stored one.
        pseudonym = self.pseudonymise(normal) if self.pseudonymise else None
        if pseudonym != row.pseudonym:
            self.store.learners.update(row.id, pseudonym=pseudonym)
        return _learner(row, pseudonym, session_key(self.secret, row.id, pin))

    def _stored_secret(self, row: LearnerRow | None) -> tuple[str, str | None]:
        """What the typed secret is checked against (always one scrypt), and the claim hash when
        it is an account's live one-time code."""
        if row is None:
            return _dummy_hash(), None
        if row.pin_hash != PIN_NOT_SET:
            return row.pin_hash, None
        live = self.claims.claim(row.id)
        if live is None or live.expires_at <= self.clock():
            return _dummy_hash(), None
        return live.code_hash, live.code_hash

    def claim(self, claim: Claim, pin: str) -> Learner:
        """Spend a one-time code (just proved by ``sign_in``) and set the learner's first PIN.

        Raises:
            SignInError: the PIN breaks the rules (the code stays usable), or the code was used,
                replaced or expired meanwhile.
        """
        pin = _clean(pin)
        check_new_pin(pin, min_digits=self.pin_min_digits, code=claim.code)
        if not self.claims.use_claim(claim.learner_id, claim.claim_hash, self.clock(), hash_pin(pin), PIN_NOT_SET):
            raise claims.spent()
        row = self.store.learners.get(claim.learner_id)
        if row is None:  # the claim was just used, so the account exists
            raise claims.spent()
        pseudonym = self.pseudonymise(claim.code) if self.pseudonymise else None
        if pseudonym != row.pseudonym:
            self.store.learners.update(row.id, pseudonym=pseudonym)
        log.info("An account made at a group session was claimed with a one-time code")
        return _learner(row, pseudonym, session_key(self.secret, row.id, pin))

    def issue_claim_code(self, learner_id: int, issued_by: int | None = None) -> str:
        """A new one-time code for an account with no PIN yet (any earlier one stops working).

        Returns:
            The code as a trainer reads it out (``1234 5678``); only its hash is kept.

        Raises:
            SignInError: the account has a PIN already.
        """
        row = self.store.learners.get(learner_id)
        if row is None or row.pin_hash != PIN_NOT_SET:
            raise claims.not_claimable()
        code = claims.new_claim_code()
        self.claims.set_claim(learner_id, hash_pin(code), self.clock() + claims.CLAIM_DAYS * 86_400, issued_by)
        return claims.shown(code)

    def reset_pin(self, code: str, issued_by: int | None = None) -> str:
        """Forget a learner's PIN (forgotten, or a short one from before the rules) and return a
        one-time code with which they choose a new one at sign-in. What they wrote under the old
        PIN can no longer be opened (kiosk.core.vault); their progress stays.

        Raises:
            SignInError: no account has the code, or it is a trainer's (``set_role`` gives a
                trainer a new passphrase).
        """
        row = self.store.learners.by_code(code_hash(self.secret, code))
        if row is None or row.role != "learner":
            raise SignInError(QT_TRANSLATE_NOOP("errors", "No learner account on this computer has that learner code."))
        if row.pin_hash != PIN_NOT_SET:
            self.store.learners.update(row.id, pin_hash=PIN_NOT_SET)
        log.info("A learner's PIN was reset; they choose a new one with a one-time code")
        return self.issue_claim_code(row.id, issued_by)

    def needs_claim(self, learner_id: int) -> bool:
        """True for an account made without a PIN (its learner claims it with a one-time code)."""
        row = self.store.learners.get(learner_id)
        return row is not None and row.pin_hash == PIN_NOT_SET

    def unlock(self, code: str = "", *, kiosk: bool = False) -> int:
        """Wipe the wrong-try counts of one learner code and/or of the whole kiosk (a trainer's or IT's
        decision, ``tip-kiosk trainer unlock``). Returns how many wrong tries were forgotten."""
        scopes: list[str] = []
        if code:
            key = self._code_key(normalise_code(code))
            scopes += [self.throttle.scopes(key, shape).code for shape in SHAPES]
        if kiosk:
            scopes += [self.throttle.scopes("", shape).kiosk for shape in SHAPES]
        return self.throttle.forget(*scopes)

    # -- trainers ---------------------------------------------------------------------------
    def create_trainer(self, code: str, passphrase: str, first_name: str = "") -> Learner:
        """Create a trainer account (the CLI and the admin panel do this).

        Raises:
            SignInError: the code or passphrase is not valid, or the code already has an account
                (see ``set_role`` to make an existing account a trainer's).
        """
        return self.register(code, passphrase, first_name, role="trainer")

    def has_account(self, code: str) -> bool:
        return self.account_id(code) is not None

    def account_id(self, code: str) -> int | None:
        """The account with this learner code (for IT's and trainers' tools, never the sign-in path)."""
        row = self.store.learners.by_code(code_hash(self.secret, code))
        return row.id if row else None

    def set_role(self, code: str, role: str, passphrase: str = "") -> Learner:
        """Make an existing account a trainer's (with a new ``passphrase``: a learner's PIN is too
        short for trainer powers) or a learner's again (the secret stays as it is).

        Raises:
            SignInError: no account has the code, or the passphrase breaks the trainer rules.
        """
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        row = self.store.learners.by_code(code_hash(self.secret, code))
        if row is None:
            raise SignInError(QT_TRANSLATE_NOOP("errors", "No account on this computer has that learner code."))
        if role == "trainer":
            passphrase = _clean(passphrase)  # as sign-in will read it
            check_trainer_secret(passphrase, code=normalise_code(code))
            self.store.learners.update(row.id, role=role, pin_hash=hash_pin(passphrase))
        elif row.role != role:
            self.store.learners.update(row.id, role=role)
        return Learner(row.id, row.first_name, role, row.pseudonym)

    # -- group sessions ---------------------------------------------------------------------
    def identify_attendee(self, code: str, pin: str = "", *, vouched: bool = False) -> tuple[Learner, bool]:
        """Who is attending a group session, creating their account if they have none.

        An attendee types their code, and their PIN if they already have one here; someone new
        may choose a PIN now or leave it empty, and then claims the account later with a one-time
        code from the trainer (``issue_claim_code``). With ``vouched`` the trainer typed the code
        for them, so no PIN is asked for: a trainer is signed in and answerable for the attendance
        they record. A typed PIN is always checked as at sign-in: typing a PIN here never sets one
        for an existing account, or anyone knowing a code could take that account.

        Returns:
            The attendee, and True if their account was made just now.

        Raises:
            SignInError: a bad code, a missing or wrong PIN (with the usual guessing budget), or a
                new PIN that breaks the rules.
        """
        normal = normalise_code(code)
        if not CODE_PATTERN.match(normal):
            raise SignInError(QT_TRANSLATE_NOOP(
                "errors", "A learner code has 3 to 32 letters or numbers. Check it and try again."))
        row = self.store.learners.by_code(code_hash(self.secret, normal))
        if row is None:
            if pin and not vouched:
                return self.register(normal, pin), True
            pseudonym = self.pseudonymise(normal) if self.pseudonymise else None
            learner_id = self.store.learners.add(code_hash(self.secret, normal), PIN_NOT_SET, None,
                                                 "learner", pseudonym)
            return Learner(learner_id, None, "learner", pseudonym), True
        if pin and not vouched:
            try:
                return self.sign_in(normal, pin), False
            except ChoosePin:  # their one-time code: proof enough for attendance; the PIN comes at sign-in
                pass
        elif not vouched and row.pin_hash != PIN_NOT_SET:
            raise SignInError(QT_TRANSLATE_NOOP(
                "errors", "This learner code already has an account here: please type your PIN too."))
        pseudonym = row.pseudonym or (self.pseudonymise(normal) if self.pseudonymise else None)
        if pseudonym != row.pseudonym:
            self.store.learners.update(row.id, pseudonym=pseudonym)
        return _learner(row, pseudonym), False

    def _code_key(self, normal: str) -> str:
        # Not the stored code hash: the wrong-try table must not be joinable to the accounts.
        return hmac.new(self.secret, b"throttle\0" + normal.encode(), hashlib.sha256).hexdigest()[:16]


NO_MATCH = QT_TRANSLATE_NOOP(
    "errors", "That learner code and PIN don't match an account on this computer. Check them and try "
              "again. First time here? Register. If you have forgotten your PIN, a trainer can help.")
SHAPES = ("pin", "passphrase")

def _shape(secret: str) -> str:
    return "passphrase" if len(secret) >= TRAINER_MIN_LENGTH else "pin"


def _clean(secret: str) -> str:
    """A number typed with spaces (a one-time code read out as ``1234 5678``) counts without them."""
    squeezed = "".join(secret.split())
    return squeezed if squeezed.isdigit() else secret


@functools.lru_cache(maxsize=4)
def _dummy_for(params: tuple[int, int, int]) -> str:
    return hash_pin(secrets.token_hex(16))


def _dummy_hash() -> str:
    """A hash nothing typed matches, at today's cost, so a check against it takes the usual time."""
    return _dummy_for((_SCRYPT["n"], _SCRYPT["r"], _SCRYPT["p"]))


def _learner(row: LearnerRow, pseudonym: str | None, vault: VaultKey | None = None) -> Learner:
    return Learner(row.id, row.first_name, row.role, pseudonym, vault)
