"""The learner database's schema, as numbered steps. A database records the last step applied in
``PRAGMA user_version``; opening it applies the rest, each in its own transaction.

Never edit a released step: add a new one.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import sqlite_utils


def _v1_learners_and_progress(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["learners"].create(
        {
            "id": int,
            "code_hash": str,  # HMAC-SHA256 of the learner code under the installation secret
            "pin_hash": str,  # scrypt, salted
            "first_name": str,  # optional, for greeting only
            "role": str,
            "created_at": str,
            "failed_pins": int,
            "locked_until": float,
        },
        pk="id",
        not_null={"code_hash", "pin_hash", "role", "created_at", "failed_pins", "locked_until"},
        defaults={"role": "learner", "failed_pins": 0, "locked_until": 0.0},
    )
    db["learners"].create_index(["code_hash"], unique=True)
    db["sessions"].create(
        {"id": int, "learner_id": int, "started_at": str, "ended_at": str, "end_reason": str},
        pk="id", foreign_keys=[("learner_id", "learners", "id")], not_null={"learner_id", "started_at"},
    )
    db["sessions"].create_index(["learner_id"])
    db.execute(
        """CREATE TABLE progress (
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             step_id TEXT NOT NULL,
             status TEXT NOT NULL CHECK (status IN ('seen', 'done')),
             answer TEXT,
             attempts INTEGER NOT NULL DEFAULT 0,
             updated_at TEXT NOT NULL,
             PRIMARY KEY (learner_id, module_id, step_id)
           ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE positions (
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             step_id TEXT NOT NULL,
             updated_at TEXT NOT NULL,
             PRIMARY KEY (learner_id, module_id)
           ) WITHOUT ROWID"""
    )


def _v2_outbox(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE outbox (
             id TEXT PRIMARY KEY,               -- the record's own id, made once, sent unchanged
             learner_id INTEGER REFERENCES learners(id),
             kind TEXT NOT NULL,
             payload TEXT NOT NULL,             -- JSON, already anonymised
             created_at TEXT NOT NULL,
             state TEXT NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending', 'delivered', 'quarantined')),
             attempts INTEGER NOT NULL DEFAULT 0,
             last_error TEXT,
             delivered_at TEXT
           )"""
    )
    db.execute("CREATE INDEX outbox_state ON outbox(state, created_at)")
    db.execute("CREATE INDEX outbox_learner ON outbox(learner_id)")


def _v3_learner_settings(db: sqlite_utils.Database) -> None:
    # Per-learner display settings (text size, contrast, motion) and the organisation-keyed
    # pseudonym computed at sign-in, so the raw learner code never needs to be kept.
    db["learners"].add_column("settings", str, not_null_default="{}")
    db["learners"].add_column("pseudonym", str)


def _completions_and_time(db: sqlite_utils.Database) -> None:
    # (learner area) A completion is recorded once, when a module first meets its completion
    # rules, in the same transaction as the step that completed it; its random id is what a
    # certificate's verification code is made from. Time on a module is added up as the
    # learner works (see kiosk/core/learning.py for how it is counted).
    db.execute(
        """CREATE TABLE completions (
             id TEXT PRIMARY KEY,               -- random (uuid4); never derived from the learner
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             module_version TEXT NOT NULL,
             completed_at TEXT NOT NULL,
             score INTEGER,                     -- % of required knowledge checks passed, or NULL
             UNIQUE (learner_id, module_id)
           )"""
    )
    db.execute(
        """CREATE TABLE module_time (
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             seconds REAL NOT NULL DEFAULT 0,
             PRIMARY KEY (learner_id, module_id)
           ) WITHOUT ROWID"""
    )


def _outbox_delivery_order(db: sqlite_utils.Database) -> None:
    # The sync engine takes pending records oldest day first and, within a day, in the order of
    # their random ids, so one learner's records do not sit together in a batch (which would let
    # an LRS link records that anonymous mode sent unlinked). The index serves that order
    # without sorting the whole backlog for every batch.
    db.execute("CREATE INDEX outbox_delivery ON outbox(state, substr(created_at, 1, 10), id)")
    db.execute("CREATE INDEX outbox_delivered_at ON outbox(state, delivered_at)")


def _media_positions(db: sqlite_utils.Database) -> None:
    # Video (issue 3): where each learner stopped in each video, and which parts they actually
    # played (merged [start, end] seconds), so a video is resumed and counted across sittings.
    db.execute(
        """CREATE TABLE media_positions (
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             step_id TEXT NOT NULL,
             position REAL NOT NULL,            -- seconds into the media
             watched TEXT NOT NULL DEFAULT '[]', -- JSON [[start, end], ...], merged, seconds
             length REAL,                       -- the media's length when last played, seconds
             updated_at TEXT NOT NULL,
             PRIMARY KEY (learner_id, module_id, step_id)
           ) WITHOUT ROWID"""
    )


def _group_sessions_and_reports(db: sqlite_utils.Database) -> None:
    # Site trainers (kiosk/core/groups.py, kiosk/core/reports.py): group sessions presented on a
    # projector, who attended them, and what the room answered (never an individual's answer).
    db.execute(
        """CREATE TABLE group_sessions (
             id TEXT PRIMARY KEY,               -- a UUID; also the id that links the session's records
             trainer_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             module_version TEXT NOT NULL,
             state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'ended', 'discarded')),
             step_id TEXT NOT NULL,             -- where the presenter is, for resuming after a crash
             presenter TEXT NOT NULL DEFAULT '{}',  -- JSON: paused for discussion, answer revealed
             started_at TEXT NOT NULL,
             last_activity_at TEXT NOT NULL,
             interrupted_seconds REAL NOT NULL DEFAULT 0,  -- time lost to a crash, not counted
             ended_at TEXT,
             size INTEGER,
             duration_seconds INTEGER
           )"""
    )
    db.execute("CREATE INDEX group_sessions_state ON group_sessions(state, trainer_id)")
    db.execute(
        """CREATE TABLE group_attendance (
             session_id TEXT NOT NULL REFERENCES group_sessions(id),
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             registered_at TEXT NOT NULL,
             how TEXT NOT NULL CHECK (how IN ('self', 'trainer')),
             joined_late INTEGER NOT NULL DEFAULT 0,
             left_early INTEGER NOT NULL DEFAULT 0,
             credit INTEGER NOT NULL DEFAULT 1,  -- the trainer's choice: completion credit or not
             credited_at TEXT,                   -- set in the transaction that gave the credit
             PRIMARY KEY (session_id, learner_id)
           ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX group_attendance_learner ON group_attendance(learner_id)")
    db.execute(
        """CREATE TABLE group_answers (
             session_id TEXT NOT NULL REFERENCES group_sessions(id),
             step_id TEXT NOT NULL,
             answer TEXT NOT NULL,              -- JSON: the room's choice or show-of-hands counts
             updated_at TEXT NOT NULL,
             PRIMARY KEY (session_id, step_id)
           ) WITHOUT ROWID"""
    )
    # When a step first became done. updated_at moves on every later visit, so "completions over
    # time" needs the moment of completion kept apart; triggers keep it without touching the
    # queries that write progress.
    db.execute("ALTER TABLE progress ADD COLUMN done_at TEXT")
    db.execute("UPDATE progress SET done_at = updated_at WHERE status = 'done'")
    db.execute(
        """CREATE TRIGGER progress_done_at_insert AFTER INSERT ON progress
           WHEN NEW.status = 'done' AND NEW.done_at IS NULL
           BEGIN
             UPDATE progress SET done_at = NEW.updated_at WHERE learner_id = NEW.learner_id
               AND module_id = NEW.module_id AND step_id = NEW.step_id;
           END"""
    )
    db.execute(
        """CREATE TRIGGER progress_done_at_update AFTER UPDATE OF status ON progress
           WHEN OLD.status <> 'done' AND NEW.status = 'done'
           BEGIN
             UPDATE progress SET done_at = NEW.updated_at WHERE learner_id = NEW.learner_id
               AND module_id = NEW.module_id AND step_id = NEW.step_id;
           END"""
    )
    # Site reports read progress by module, not by learner (the primary key's order): completions
    # walk a module's rows learner by learner (no sorting), answers are fetched by step.
    db.execute("CREATE INDEX progress_by_module ON progress(module_id, learner_id, status, step_id, done_at)")
    db.execute("CREATE INDEX progress_by_step ON progress(module_id, step_id)")


def _package_state(db: sqlite_utils.Database) -> None:
    # Standard eLearning packages (issue 10): what each SCO last committed (its allow-listed cmi
    # data, for resume), per learner and package step. sco_id "__seq" holds the sequencing state
    # (SCORM 2004 activity tree, or the SCORM 1.2 place), "__h5p" H5P's own saved state and
    # "__h5p_result" the last result H5P reported. ``attempt`` counts launches of the SCO.
    db.execute(
        """CREATE TABLE package_state (
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             step_id TEXT NOT NULL,
             sco_id TEXT NOT NULL,
             data TEXT NOT NULL,                -- JSON
             attempt INTEGER NOT NULL DEFAULT 0,
             updated_at TEXT NOT NULL,
             PRIMARY KEY (learner_id, module_id, step_id, sco_id)
           ) WITHOUT ROWID"""
    )


def _local_lrs(db: sqlite_utils.Database) -> None:
    # The kiosk's own small xAPI LRS for cmi5 (issue 11): what an AU wrote, kept on the PC only,
    # per learner and module (the cmi5 course). ``seq`` is the order of storage, which is the order
    # of "stored" and the cursor of ``more`` links. The JSON is kept as stored, with the LRS's own
    # properties (stored, authority, version) already in it.
    db.execute(
        """CREATE TABLE lrs_statements (
             seq INTEGER PRIMARY KEY AUTOINCREMENT,
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             statement_id TEXT NOT NULL,
             registration TEXT NOT NULL DEFAULT '',
             verb_id TEXT NOT NULL,
             voided INTEGER NOT NULL DEFAULT 0,  -- 1 once a voiding statement names it
             stored TEXT NOT NULL,
             data TEXT NOT NULL,                 -- JSON
             UNIQUE (learner_id, module_id, statement_id)
           )"""
    )
    db.execute("CREATE INDEX lrs_statements_registration ON lrs_statements(learner_id, module_id, registration, seq)")
    # What the agent/activity filters match, one row per (statement, kind, key): kind 'agent' (actor or
    # object, with a group's members), 'related_agent', 'activity' (the object), 'related_activity'.
    # The columns are declared in the primary key's order: SQLite 3.40's quick_check (the kiosk's
    # start-up health check) wrongly reports "NULL value" in a WITHOUT ROWID table whose key
    # columns are declared in another order, and the kiosk would set the database aside as damaged.
    db.execute(
        """CREATE TABLE lrs_statement_refs (
             kind TEXT NOT NULL,
             key TEXT NOT NULL,
             seq INTEGER NOT NULL REFERENCES lrs_statements(seq) ON DELETE CASCADE,
             PRIMARY KEY (kind, key, seq)
           ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX lrs_statement_refs_seq ON lrs_statement_refs(seq)")
    # State and profile documents. kind 'state' | 'agent_profile' | 'activity_profile'; the parts a
    # kind does not use are ''. ``body`` is the bytes as sent (JSON or opaque), ``etag`` its SHA-1.
    db.execute(
        """CREATE TABLE lrs_documents (
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             kind TEXT NOT NULL,
             activity_id TEXT NOT NULL DEFAULT '',
             agent TEXT NOT NULL DEFAULT '',
             registration TEXT NOT NULL DEFAULT '',
             doc_id TEXT NOT NULL,
             content_type TEXT NOT NULL,
             body BLOB NOT NULL,
             etag TEXT NOT NULL,
             updated_at TEXT NOT NULL,
             PRIMARY KEY (learner_id, module_id, kind, activity_id, agent, registration, doc_id)
           ) WITHOUT ROWID"""
    )
    # cmi5: one registration per learner and course, kept so a relaunch resumes with it, and each
    # launch session (an AU's launch until terminated, or abandoned by the kiosk).
    db.execute(
        """CREATE TABLE cmi5_registrations (
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             registration TEXT NOT NULL,
             created_at TEXT NOT NULL,
             PRIMARY KEY (learner_id, module_id)
           ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE cmi5_sessions (
             session_id TEXT PRIMARY KEY,
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             module_id TEXT NOT NULL,
             registration TEXT NOT NULL,
             au_id TEXT NOT NULL,
             launch_mode TEXT NOT NULL,
             state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'terminated', 'abandoned')),
             started_at TEXT NOT NULL,
             ended_at TEXT
           )"""
    )
    db.execute("CREATE INDEX cmi5_sessions_open ON cmi5_sessions(learner_id, state)")


def _pathways_and_programme_ratings(db: sqlite_utils.Database) -> None:
    # Pathways (issue 13, kiosk/core/pathways.py): the route each learner follows, chosen by them
    # or a trainer; a pathway completed (its random id makes a programme certificate's code, as
    # completions.id does for a module); and the private programme rating asked at its end.
    db.execute(
        """CREATE TABLE learner_pathways (
             learner_id INTEGER PRIMARY KEY REFERENCES learners(id),
             pathway_id TEXT NOT NULL,
             chosen_by TEXT NOT NULL CHECK (chosen_by IN ('learner', 'trainer')),
             chosen_at TEXT NOT NULL
           )"""
    )
    db.execute(
        """CREATE TABLE pathway_completions (
             id TEXT PRIMARY KEY,               -- random (uuid4); never derived from the learner
             learner_id INTEGER NOT NULL REFERENCES learners(id),
             pathway_id TEXT NOT NULL,
             level TEXT NOT NULL,
             completed_at TEXT NOT NULL,
             rating_done INTEGER NOT NULL DEFAULT 0,  -- rated or declined: not asked again
             UNIQUE (learner_id, pathway_id)
           )"""
    )
    # Unlinked, like survey answers sent as xAPI: no learner, the day only, a random key and no
    # rowid, so neither order nor time ties a rating to a learner or to their completion.
    db.execute(
        """CREATE TABLE programme_ratings (
             id TEXT PRIMARY KEY,               -- random (uuid4)
             programme_id TEXT NOT NULL,
             pathway_id TEXT NOT NULL,
             level TEXT NOT NULL,
             engaging INTEGER CHECK (engaging BETWEEN 1 AND 5),      -- NULL: not answered
             applicable INTEGER CHECK (applicable BETWEEN 1 AND 5),  -- "applicable to my role"
             rated_on TEXT NOT NULL             -- YYYY-MM-DD
           ) WITHOUT ROWID"""
    )


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


MIGRATIONS: tuple[Callable[["sqlite_utils.Database"], None], ...] = (
    _v1_learners_and_progress,
    _v2_outbox,
    _v3_learner_settings,
    _completions_and_time,
    _outbox_delivery_order,
    _media_positions,
    _group_sessions_and_reports,
    _package_state,
    _local_lrs,
    _pathways_and_programme_ratings,
    _report_months,
    _sign_in_guessing,
    _unlinked_pool,
)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite_utils.Database, target: int = SCHEMA_VERSION) -> int:
    """Apply the steps a database lacks, up to ``target``. Returns the version before."""
    conn: sqlite3.Connection = db.conn
    before = conn.execute("PRAGMA user_version").fetchone()[0]
    if before > SCHEMA_VERSION:
        from kiosk.core.errors import StoreError

        raise StoreError(
            f"The learner database was written by a newer version of TIP Kiosk (schema {before}; "
            f"this version knows {SCHEMA_VERSION}). Install the newer version again."
        )
    for version in range(before + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version - 1](db)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return before
