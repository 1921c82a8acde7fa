"""One-time codes for claiming an account a trainer made without a PIN at a group session.

Knowing someone's learner code (often a staff number) must not be enough to take over the
account made for them. The trainer gets an 8-digit code for that attendee (on the attendance
screen, or from ``tip-kiosk trainer claim-code``) and gives it to them in person. The learner
signs in with their learner code and that code, and chooses their PIN at once. A code works
once, for ``CLAIM_DAYS`` days; a new one replaces the last. Only its scrypt hash is stored, and
trying codes spends the same guessing budget as trying PINs (``kiosk.core.throttle``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from kiosk.core.errors import QT_TRANSLATE_NOOP, SignInError

CLAIM_DAYS = 7
CLAIM_DIGITS = 8


@dataclass(frozen=True, repr=False)
class Claim:
    """A one-time code just proved right, to be spent by ``Accounts.claim`` with the new PIN.
    Holds the learner code in memory only (the pseudonym is made from it); ``repr`` shows none."""

    learner_id: int
    code: str
    claim_hash: str

    def __repr__(self) -> str:
        return f"Claim(learner {self.learner_id})"


class ChoosePin(SignInError):
    """The learner code and one-time code were right: the learner now chooses a PIN."""

    def __init__(self, claim: Claim):
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "Welcome. Your trainer made this account for you. Please choose your PIN now: "
                      "you will use it to sign in from now on."))
        self.claim = claim


def new_claim_code() -> str:
    """8 random digits (typed in the PIN field, so digits only)."""
    return f"{secrets.randbelow(10**CLAIM_DIGITS):0{CLAIM_DIGITS}d}"


def shown(code: str) -> str:
    """As a trainer reads it out: two groups of four."""
    return f"{code[:4]} {code[4:]}"


def not_claimable() -> SignInError:
    return SignInError(QT_TRANSLATE_NOOP(
        "errors", "A one-time code is only for an account made at a group session that has no PIN yet. "
                  "This one has a PIN: if it is forgotten, a trainer can help."))


def spent() -> SignInError:
    return SignInError(QT_TRANSLATE_NOOP(
        "errors", "That one-time code has expired or has already been used. Please ask your trainer "
                  "for a new one."))
