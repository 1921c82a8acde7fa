"""Queries for sign-in against guessing: wrong tries per scope, short-term waits, one-time claim
codes (the rules are in kiosk/core/throttle.py and kiosk/core/accounts.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.core.store.store import Queries

DAY = 86_400.0


@dataclass(frozen=True)
class Wait:
    streak: int
    locked_until: float


@dataclass(frozen=True)
class ClaimRow:
    learner_id: int
    code_hash: str
    expires_at: float


class _StaleCodeError(Exception):
    """A one-time code changed between checking and using it."""


class SignInQueries(Queries):
    """Wrong-try counts and one-time codes (``store.signin``)."""

    # -- wrong tries --------------------------------------------------------------------------
    def failures_since(self, scope: str, since: float) -> list[float]:
        """Times of the wrong tries in ``scope`` after ``since``, oldest first."""
        return [at for (at,) in self.conn.execute(
            "SELECT at FROM signin_failures WHERE scope = ? AND at > ? ORDER BY at", (scope, since))]

    def wait(self, scope: str) -> Wait:
        row = self.conn.execute("SELECT streak, locked_until FROM signin_waits WHERE scope = ?",
                                (scope,)).fetchone()
        return Wait(*row) if row else Wait(0, 0.0)

    def record_failure(self, scopes: Iterable[str], now: float, waits: dict[str, Wait]) -> None:
        """One wrong try in every scope and the new waits, in one transaction; tries older than a
        day go, and so do waits with none left (nothing is kept longer than the budget needs)."""
        with self.store.transaction() as c:
            c.executemany("INSERT INTO signin_failures(scope, at) VALUES (?, ?)", [(s, now) for s in scopes])
            c.executemany("INSERT INTO signin_waits(scope, streak, locked_until) VALUES (?, ?, ?) "
                          "ON CONFLICT(scope) DO UPDATE SET streak = excluded.streak, "
                          "locked_until = excluded.locked_until",
                          [(s, w.streak, w.locked_until) for s, w in waits.items()])
            c.execute("DELETE FROM signin_failures WHERE at < ?", (now - DAY,))
            # A run of wrong tries ends after a quiet day; codes typed are kept no longer than that.
            c.execute("DELETE FROM signin_waits WHERE locked_until < ? AND scope NOT IN "
                      "(SELECT scope FROM signin_failures)", (now,))

    def reset_wait(self, scope: str) -> None:
        """A right secret: the short-term wait starts again (the day's count stays)."""
        with self.store.transaction() as c:
            c.execute("DELETE FROM signin_waits WHERE scope = ?", (scope,))

    def forget(self, scopes: Iterable[str]) -> int:
        """Wipe wrong tries and waits (a trainer's or IT's unlock). Returns wrong tries removed."""
        scopes = list(scopes)
        with self.store.transaction() as c:
            removed = sum(c.execute("DELETE FROM signin_failures WHERE scope = ?", (s,)).rowcount
                          for s in scopes)
            c.executemany("DELETE FROM signin_waits WHERE scope = ?", [(s,) for s in scopes])
        return removed

    # -- one-time claim codes -----------------------------------------------------------------
    def claim(self, learner_id: int) -> ClaimRow | None:
        row = self.conn.execute("SELECT learner_id, code_hash, expires_at FROM claim_codes WHERE learner_id = ?",
                                (learner_id,)).fetchone()
        return ClaimRow(*row) if row else None

    def set_claim(self, learner_id: int, code_hash: str, expires_at: float, issued_by: int | None) -> None:
        """A new one-time code for the account; any earlier one stops working."""
        with self.store.transaction() as c:
            c.execute("INSERT INTO claim_codes(learner_id, code_hash, expires_at, issued_by) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT(learner_id) DO UPDATE SET code_hash = excluded.code_hash, "
                      "expires_at = excluded.expires_at, issued_by = excluded.issued_by",
                      (learner_id, code_hash, expires_at, issued_by))

    def use_claim(self, learner_id: int, code_hash: str, now: float, pin_hash: str, not_set: str) -> bool:
        """Spend the one-time code and set the first PIN, together. False (nothing changed) if the
        code was replaced, used or expired meanwhile, or the account has a PIN already."""
        try:
            with self.store.transaction() as c:
                if not c.execute("DELETE FROM claim_codes WHERE learner_id = ? AND code_hash = ? AND expires_at > ?",
                                 (learner_id, code_hash, now)).rowcount:
                    raise _StaleCodeError
                if not c.execute("UPDATE learners SET pin_hash = ? WHERE id = ? AND pin_hash = ?",
                                 (pin_hash, learner_id, not_set)).rowcount:
                    raise _StaleCodeError
        except _StaleCodeError:  # rolled back: the code stays as it was
            return False
        return True

    def drop_expired_claims(self, now: float) -> None:
        with self.store.transaction() as c:
            c.execute("DELETE FROM claim_codes WHERE expires_at <= ?", (now,))
