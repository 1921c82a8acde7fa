"""Steps 1-6: learners, their progress and sessions, the outbox, completions and time, video positions."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _v1_learners_and_progress(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("learners").create(
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
    db.table("learners").create_index(["code_hash"], unique=True)
    db.table("sessions").create(
        {"id": int, "learner_id": int, "started_at": str, "ended_at": str, "end_reason": str},
        pk="id", foreign_keys=[("learner_id", "learners", "id")], not_null={"learner_id", "started_at"},
    )
    db.table("sessions").create_index(["learner_id"])
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
    db.table("learners").add_column("settings", str, not_null_default="{}")
    db.table("learners").add_column("pseudonym", str)


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
