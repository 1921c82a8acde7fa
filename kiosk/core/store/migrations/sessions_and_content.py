"""Steps 7-10: group sessions, e-learning package state, the local LRS, pathways and programme ratings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


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
