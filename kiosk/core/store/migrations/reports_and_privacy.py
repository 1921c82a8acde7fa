"""Steps 11-13: frozen report months, sign-in guessing limits, the pool of unlinked statements."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _report_months(db: sqlite_utils.Database) -> None:
    # Site reports publish each month once, after it ends, and never again differently
    # (kiosk/core/reports.py): the month's printed figures are kept here the first time a report
    # shows them, so a later report cannot differ from an earlier one by one person's data.
    db.execute(
        """CREATE TABLE report_months (
             month TEXT PRIMARY KEY,            -- YYYY-MM (UTC)
             figures TEXT NOT NULL,             -- JSON: the month's tables as printed (suppressed)
             made_at TEXT NOT NULL
           )"""
    )


def _sign_in_guessing(db: sqlite_utils.Database) -> None:
    # Sign-in against guessing (issue 12, kiosk/core/throttle.py). Wrong tries are counted per
    # "scope": a learner code (a short keyed hash, kept whether or not an account has the code, so
    # a wait says nothing about which codes exist) and the kiosk as a whole, each split by the
    # shape of the secret (PIN or trainer passphrase). One row per wrong try in the last day.
    db.execute("CREATE TABLE signin_failures (scope TEXT NOT NULL, at REAL NOT NULL)")
    db.execute("CREATE INDEX signin_failures_scope ON signin_failures(scope, at)")
    # The short-term wait: wrong tries in a row (a right one resets this, never the daily count).
    db.execute(
        """CREATE TABLE signin_waits (
             scope TEXT NOT NULL PRIMARY KEY,
             streak INTEGER NOT NULL DEFAULT 0,
             locked_until REAL NOT NULL DEFAULT 0
           ) WITHOUT ROWID"""
    )
    # One-time codes a trainer gives to claim an account made without a PIN at a group session:
    # scrypt-hashed, one live code per account, deleted when used.
    db.execute(
        """CREATE TABLE claim_codes (
             learner_id INTEGER PRIMARY KEY REFERENCES learners(id),
             code_hash TEXT NOT NULL,
             expires_at REAL NOT NULL,
             issued_by INTEGER REFERENCES learners(id)
           )"""
    )


def _unlinked_pool(db: sqlite_utils.Database) -> None:
    # Unlinkable records on the wire (docs/privacy.md): unlinked statements wait here, away from
    # the outbox, until their day has ended and they can leave mixed with other learners'. A row
    # keeps no learner id and no time finer than the day; ``tag`` (HMAC of the learner id under a
    # random key of that day, kept in meta as pool.key.<day>) only counts distinct learners, and
    # the key and tags are deleted when the day is released. WITHOUT ROWID on (day, random id):
    # the file keeps no order of insertion that would group one learner's rows.
    import hashlib
    import hmac
    import secrets

    db.execute(
        """CREATE TABLE unlinked_pool (
             day TEXT NOT NULL,                 -- UTC day (YYYY-MM-DD) the statement is dated
             id TEXT NOT NULL,                  -- the statement's own id, made once
             kind TEXT NOT NULL,
             payload TEXT NOT NULL,             -- JSON, as it will be sent
             tag TEXT NOT NULL,                 -- counts learners; gone at release
             PRIMARY KEY (day, id)
           ) WITHOUT ROWID"""
    )
    # Released statements go to the outbox with ``batch`` set: the requests they leave in, fixed
    # at release. NULL marks a linked record (sent only with other linked records).
    db.execute("ALTER TABLE outbox ADD COLUMN batch TEXT")
    db.execute("CREATE INDEX outbox_batches ON outbox(state, batch)")
    unlinked = "json_extract(payload, '$.actor.account.name') LIKE 'anon-%'"
    keys: dict[str, bytes] = {}
    rows = db.execute(f"SELECT id, learner_id, kind, payload, substr(created_at, 1, 10) FROM outbox "
                      f"WHERE state = 'pending' AND {unlinked}").fetchall()
    for record_id, learner_id, kind, payload, created_day in rows:
        day = (_json_timestamp(payload) or created_day)[:10]
        key = keys.setdefault(day, secrets.token_bytes(32))
        tag = hmac.new(key, str(learner_id).encode(), hashlib.sha256).hexdigest()[:16]
        db.execute("INSERT OR IGNORE INTO unlinked_pool(day, id, kind, payload, tag) VALUES (?, ?, ?, ?, ?)",
                   (day, record_id, kind, payload, tag))
        db.execute("DELETE FROM outbox WHERE id = ?", (record_id,))
    for day, key in keys.items():
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (f"pool.key.{day}", key.hex()))
    # Unlinked records already sent or set aside keep no learner and no time finer than the day;
    # a set-aside one, if put back in the queue, leaves alone.
    db.execute(f"UPDATE outbox SET learner_id = NULL, created_at = substr(created_at, 1, 10) || "
               f"'T00:00:00.000+00:00', batch = CASE WHEN state = 'quarantined' THEN id END WHERE {unlinked}")


def _json_timestamp(payload: str) -> str | None:
    import json

    try:
        stamp = json.loads(payload).get("timestamp")
    except (ValueError, AttributeError):
        return None
    return stamp if isinstance(stamp, str) and len(stamp) >= 10 else None
