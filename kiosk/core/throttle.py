"""How many wrong sign-in tries anyone gets: per learner code and per kiosk, kept in the database.

Two limits work together for each learner code:

- a short-term wait: after ``after`` wrong tries in a row, each further one doubles a wait that
  starts at ``first_wait`` seconds (at most an hour). A right secret starts this count again;
- a daily budget: at most ``per_day`` wrong tries in any 24 hours. Nothing but a trainer's or
  IT's unlock wipes it; a right secret does not, so an attacker who also knows one real PIN
  cannot refill the budget by signing in now and then.

The kiosk as a whole has an hourly and a daily budget too, so trying one guess each against
many learner codes (enumeration) runs out as surely as guessing one code's PIN.

Counts are kept per *code typed*, whether or not an account has it: a wait then says nothing
about which codes exist. PIN-shaped tries and trainer-passphrase-shaped ones (``shape``) are
counted apart, so learners running the kiosk's PIN budget down cannot keep trainers out.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.core.errors import QT_TRANSLATE_NOOP, LockedOutError
from kiosk.core.store import Store
from kiosk.core.store.signin import DAY, Wait

if TYPE_CHECKING:
    from kiosk.core.config import Settings

log = logging.getLogger(__name__)

HOUR = 3600.0
MAX_WAIT = HOUR


@dataclass(frozen=True)
class Budget:
    """The guessing budget (settings of the same names, docs/deployment.md)."""

    after: int = 5
    """Wrong tries in a row before the first short wait (``lockout_after``)."""
    first_wait: int = 30
    """The first short wait, seconds; it doubles with each further wrong try (``lockout_seconds``)."""
    per_day: int = 10
    """Wrong tries per learner code in any 24 hours (``signin_guesses_per_day``)."""
    kiosk_per_hour: int = 30
    """Wrong tries on this kiosk, all codes together, in any hour (``signin_kiosk_guesses_per_hour``)."""
    kiosk_per_day: int = 100
    """... and in any 24 hours (``signin_kiosk_guesses_per_day``)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Budget:
        return cls(after=settings.lockout_after, first_wait=settings.lockout_seconds,
                   per_day=settings.signin_guesses_per_day,
                   kiosk_per_hour=settings.signin_kiosk_guesses_per_hour,
                   kiosk_per_day=settings.signin_kiosk_guesses_per_day)


@dataclass(frozen=True)
class Resting:
    """Sign-in is refused for ``seconds`` more; ``whole_kiosk`` if the kiosk's budget ran out."""

    seconds: float
    whole_kiosk: bool


@dataclass(frozen=True)
class Scopes:
    code: str
    kiosk: str


class Throttle:
    def __init__(self, store: Store, budget: Budget = Budget(), clock: Callable[[], float] = time.time):
        self.db = store.signin
        self.budget = budget
        self.clock = clock

    @staticmethod
    def scopes(code_key: str, shape: str) -> Scopes:
        """``code_key``: a keyed hash of the learner code typed; ``shape``: "pin" or "passphrase"."""
        return Scopes(f"code:{shape}:{code_key}", f"kiosk:{shape}")

    def resting(self, scopes: Scopes) -> Resting | None:
        """The wait now running for these scopes, if any (the longer of code's and kiosk's)."""
        now = self.clock()
        b = self.budget
        code_until = max(self.db.wait(scopes.code).locked_until,
                         self._budget_end(scopes.code, now, DAY, b.per_day))
        kiosk_until = max(self._budget_end(scopes.kiosk, now, HOUR, b.kiosk_per_hour),
                          self._budget_end(scopes.kiosk, now, DAY, b.kiosk_per_day))
        until = max(code_until, kiosk_until)
        if until <= now:
            return None
        return Resting(until - now, whole_kiosk=kiosk_until > code_until)

    def failed(self, scopes: Scopes) -> Resting | None:
        """Count one wrong try; returns the wait it started, if any."""
        now = self.clock()
        streak = self.db.wait(scopes.code).streak + 1
        over = streak - self.budget.after
        until = now + min(self.budget.first_wait * 2**over, MAX_WAIT) if over >= 0 else 0.0
        was_resting = self._kiosk_resting(scopes.kiosk, now)
        self.db.record_failure((scopes.code, scopes.kiosk), now, {scopes.code: Wait(streak, until)})
        resting = self.resting(scopes)
        if resting and resting.whole_kiosk and not was_resting:
            # Once per spell, and never a code: IT sees why nobody can sign in here.
            log.warning("Sign-in on this kiosk rests for %d minutes: its budget of wrong tries is spent "
                        "(`tip-kiosk trainer unlock --kiosk` lifts it)", math.ceil(resting.seconds / 60))
        return resting

    def succeeded(self, scopes: Scopes) -> None:
        """A right secret: the short-term count starts again; the daily budgets stay spent."""
        if self.db.wait(scopes.code).streak:
            self.db.reset_wait(scopes.code)

    def forget(self, *scopes: str) -> int:
        """A trainer's or IT's unlock: wipe the counts of these scopes."""
        return self.db.forget(scopes)

    def _kiosk_resting(self, kiosk_scope: str, now: float) -> bool:
        b = self.budget
        return max(self._budget_end(kiosk_scope, now, HOUR, b.kiosk_per_hour),
                   self._budget_end(kiosk_scope, now, DAY, b.kiosk_per_day)) > now

    def _budget_end(self, scope: str, now: float, window: float, allowed: int) -> float:
        """When the budget has a try to spare again: the oldest try that must age out, plus the window."""
        tries = self.db.failures_since(scope, now - window)
        if len(tries) < allowed:
            return 0.0
        return tries[len(tries) - allowed] + window


RESTING_MESSAGES = {
    (False, "seconds"): QT_TRANSLATE_NOOP(
        "errors", "Sign-in with this learner code is resting after several unsuccessful tries. You can "
                  "try again in {count} seconds, or ask a trainer for help."),
    (False, "minutes"): QT_TRANSLATE_NOOP(
        "errors", "Sign-in with this learner code is resting after several unsuccessful tries. You can "
                  "try again in {count} minutes, or ask a trainer for help."),
    (False, "hours"): QT_TRANSLATE_NOOP(
        "errors", "Sign-in with this learner code is resting after several unsuccessful tries. You can "
                  "try again in {count} hours, or ask a trainer for help."),
    (True, "seconds"): QT_TRANSLATE_NOOP(
        "errors", "Sign-in on this computer is resting after many unsuccessful tries. You can try "
                  "again in {count} seconds, or ask a trainer for help."),
    (True, "minutes"): QT_TRANSLATE_NOOP(
        "errors", "Sign-in on this computer is resting after many unsuccessful tries. You can try "
                  "again in {count} minutes, or ask a trainer for help."),
    (True, "hours"): QT_TRANSLATE_NOOP(
        "errors", "Sign-in on this computer is resting after many unsuccessful tries. You can try "
                  "again in {count} hours, or ask a trainer for help."),
}


def resting_error(resting: Resting) -> LockedOutError:
    """A calm message with when to try again; never which part (code or PIN) was wrong."""
    seconds = max(1, math.ceil(resting.seconds))
    unit, count = (("seconds", seconds) if seconds < 120 else ("minutes", math.ceil(seconds / 60))
                   if seconds < 2 * 3600 else ("hours", math.ceil(seconds / 3600)))
    return LockedOutError(RESTING_MESSAGES[(resting.whole_kiosk, unit)], seconds, count=count)
