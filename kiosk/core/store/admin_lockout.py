"""The admin passphrase's lockout counters, kept in the meta table so they survive a restart.

Each place a passphrase can be typed (a *source*) has its own counters, so wrong tries at the
kiosk's screen never lock IT out of the command line. The screen keeps the original key names,
so a count made before sources existed still applies after an upgrade.
"""

from __future__ import annotations

from kiosk.core.store.store import Queries

FAILURES = "admin_failures"
LOCKED_UNTIL = "admin_locked_until"
SOURCES = ("screen", "cli")
"""``screen``: the admin panel on the kiosk's own screen; ``cli``: ``tip-kiosk admin``."""


def _keys(source: str) -> tuple[str, str]:
    if source not in SOURCES:
        raise ValueError(f"unknown admin passphrase source {source!r}")
    return (FAILURES, LOCKED_UNTIL) if source == "screen" else (f"{FAILURES}:{source}", f"{LOCKED_UNTIL}:{source}")


class AdminLockoutQueries(Queries):
    """The admin passphrase's lockout counters (``store.admin_lockout``)."""

    def get(self, source: str = "screen") -> tuple[int, float]:
        """(wrong tries in a row, locked until as a Unix time; 0 when not locked) for one source."""
        failures, until = _keys(source)
        rows = dict(self.conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                                      (failures, until)).fetchall())
        return int(rows.get(failures) or 0), float(rows.get(until) or 0)

    def save(self, failures: int, locked_until: float, source: str = "screen") -> None:
        """Both counters in one transaction: a crash never leaves a count without its wait."""
        keys = _keys(source)
        with self.store.transaction() as c:
            c.executemany("INSERT INTO meta(key, value) VALUES (?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                          [(keys[0], str(failures)), (keys[1], repr(float(locked_until)))])
