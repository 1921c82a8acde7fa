"""The admin passphrase's lockout counters, kept in the meta table so they survive a restart."""

from __future__ import annotations

from kiosk.core.store.store import Store

FAILURES = "admin_failures"
LOCKED_UNTIL = "admin_locked_until"


def admin_lockout(store: Store) -> tuple[int, float]:
    """(wrong tries in a row, locked until as a Unix time; 0 when not locked)."""
    rows = dict(store.conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                                   (FAILURES, LOCKED_UNTIL)).fetchall())
    return int(rows.get(FAILURES) or 0), float(rows.get(LOCKED_UNTIL) or 0)


def save_admin_lockout(store: Store, failures: int, locked_until: float) -> None:
    """Both counters in one transaction: a crash never leaves a count without its wait."""
    with store.transaction() as c:
        c.executemany("INSERT INTO meta(key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                      [(FAILURES, str(failures)), (LOCKED_UNTIL, repr(float(locked_until)))])
