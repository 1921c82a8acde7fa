"""The local xAPI LRS's queries (statements, state/profile documents) and cmi5's registrations and
launch sessions. Everything is scoped by ``LrsScope`` (learner + module): one learner's AU never
sees another learner's data. Each write is its own transaction, committed to disk (WAL,
synchronous=FULL) before the LRS answers, so whatever the AU was told is stored survives a
power cut."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.core.clock import utcnow
from kiosk.core.store.store import Queries


@dataclass(frozen=True)
class LrsScope:
    learner_id: int
    module_id: str


@dataclass(frozen=True)
class NewStatement:
    statement_id: str
    registration: str
    verb_id: str
    data: str
    """The JSON as stored (with stored/authority/version)."""
    stored: str
    refs: tuple[tuple[str, str], ...]
    """(kind, key) pairs for the filters: agent, related_agent, activity, related_activity."""
    voids: str | None = None
    """The statement id this one voids, if its verb is ``voided``."""


@dataclass(frozen=True)
class StatementQuery:
    agent: str | None = None
    related_agents: bool = False
    verb: str | None = None
    activity: str | None = None
    related_activities: bool = False
    registration: str | None = None
    since: str | None = None
    until: str | None = None
    ascending: bool = False
    after_seq: int | None = None
    """Paging cursor: the last seq of the previous page (in the query's order)."""


class LrsQueries(Queries):
    """The local LRS and cmi5's registrations and sessions (``store.lrs``)."""

    def existing_statements(self, scope: LrsScope, ids: Sequence[str]) -> dict[str, str]:
        """The stored JSON of those ``ids`` that exist, by id."""
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(
                f"SELECT statement_id, data FROM lrs_statements WHERE learner_id = ? AND module_id = ? "
                f"AND statement_id IN ({marks})", (scope.learner_id, scope.module_id, *chunk)))
        return found

    def statement_row(self, scope: LrsScope, statement_id: str) -> tuple[str, bool, str] | None:
        """(data, voided, verb_id) of one stored statement, or None."""
        row = self.conn.execute(
            "SELECT data, voided, verb_id FROM lrs_statements WHERE learner_id = ? AND module_id = ? "
            "AND statement_id = ?", (scope.learner_id, scope.module_id, statement_id)).fetchone()
        return (row[0], bool(row[1]), row[2]) if row else None

    def insert_statements(self, scope: LrsScope, statements: Iterable[NewStatement],
                          attachments: dict[str, tuple[str, bytes]] | None = None, *,
                          conn: sqlite3.Connection | None = None) -> None:
        """Store a batch and its attachment parts (by SHA-256) in one transaction (all or nothing;
        the caller's ``conn`` if given), voiding targets as the batch says."""
        stamp = utcnow()
        with self.store.writing(conn) as c:
            for st in statements:
                cur = c.execute(
                    "INSERT INTO lrs_statements(learner_id, module_id, statement_id, registration, verb_id, stored, "
                    "data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (scope.learner_id, scope.module_id, st.statement_id, st.registration, st.verb_id, st.stored,
                     st.data))
                seq = cur.lastrowid
                c.executemany("INSERT OR IGNORE INTO lrs_statement_refs(seq, kind, key) VALUES (?, ?, ?)",
                              [(seq, kind, key) for kind, key in st.refs])
                if st.voids:
                    c.execute("UPDATE lrs_statements SET voided = 1 WHERE learner_id = ? AND module_id = ? "
                              "AND statement_id = ?", (scope.learner_id, scope.module_id, st.voids))
            c.executemany(
                "INSERT OR IGNORE INTO lrs_documents(learner_id, module_id, kind, doc_id, content_type, body, etag, "
                "updated_at) VALUES (?, ?, 'attachment', ?, ?, ?, ?, ?)",
                [(scope.learner_id, scope.module_id, sha2, ctype, content, sha2, stamp)
                 for sha2, (ctype, content) in (attachments or {}).items()])

    def attachment(self, scope: LrsScope, sha2: str) -> tuple[str, bytes] | None:
        """(content type, bytes) of a stored attachment part."""
        row = self.conn.execute(
            "SELECT content_type, body FROM lrs_documents WHERE learner_id = ? AND module_id = ? "
            "AND kind = 'attachment' "
            "AND activity_id = '' AND agent = '' AND registration = '' AND doc_id = ?",
            (scope.learner_id, scope.module_id, sha2)).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def statement_refs(self, scope: LrsScope) -> list[tuple[int, str, str]]:
        """(seq, statement_id, target id) of every statement whose object is a StatementRef (few)."""
        return list(self.conn.execute(
            # CROSS JOIN keeps SQLite walking the (few) StatementRef keys first rather than every statement.
            "SELECT s.seq, s.statement_id, r.key FROM lrs_statement_refs r "
            "CROSS JOIN lrs_statements s ON s.seq = r.seq "
            "WHERE r.kind = 'statement_ref' AND s.learner_id = ? AND s.module_id = ?",
            (scope.learner_id, scope.module_id)))

    def matching_ids(self, scope: LrsScope, q: StatementQuery, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` the query's selectors match (voided ones included)."""
        where, args = _selectors(q)
        found: set[str] = set()
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            conditions = ["s.learner_id = ?", "s.module_id = ?", *where,
                          f"s.statement_id IN ({','.join('?' * len(chunk))})"]
            found.update(row[0] for row in self.conn.execute(
                f"SELECT s.statement_id FROM lrs_statements s WHERE {' AND '.join(conditions)}",
                (scope.learner_id, scope.module_id, *args, *chunk)))
        return found

    def page_statements(self, scope: LrsScope, q: StatementQuery, limit: int,
                        extra_seqs: Sequence[int] = ()) -> list[tuple[int, str]]:
        """(seq, data) of one page: the selectors' matches (or one of ``extra_seqs``, the statements
        that reference a match), not voided, within since/until, after the cursor, newest stored first
        unless ``q.ascending``."""
        where, args = _selectors(q)
        conditions = ["s.learner_id = ?", "s.module_id = ?", "s.voided = 0"]
        params: list[object] = [scope.learner_id, scope.module_id]
        if where and extra_seqs:
            conditions.append(f"(({' AND '.join(where)}) OR s.seq IN ({','.join('?' * len(extra_seqs))}))")
            params.extend([*args, *extra_seqs])
        elif where:
            conditions.extend(where)
            params.extend(args)
        if q.since is not None:
            conditions.append("s.stored > ?")
            params.append(q.since)
        if q.until is not None:
            conditions.append("s.stored <= ?")
            params.append(q.until)
        if q.after_seq is not None:
            conditions.append("s.seq > ?" if q.ascending else "s.seq < ?")
            params.append(q.after_seq)
        order = "ASC" if q.ascending else "DESC"
        return list(self.conn.execute(
            f"SELECT s.seq, s.data FROM lrs_statements s WHERE {' AND '.join(conditions)} "
            f"ORDER BY s.seq {order} LIMIT ?",
            (*params, limit)))

    def statements_about(self, scope: LrsScope, activity_id: str) -> list[str]:
        """The JSON of the statements naming ``activity_id`` (as object or context), oldest first."""
        return [row[0] for row in self.conn.execute(
            "SELECT s.data FROM lrs_statements s WHERE s.learner_id = ? AND s.module_id = ? AND s.seq IN "
            "(SELECT seq FROM lrs_statement_refs WHERE kind IN ('activity', 'related_activity') AND key = ?) "
            "ORDER BY s.seq", (scope.learner_id, scope.module_id, activity_id))]

    def last_stored(self, scope: LrsScope) -> str:
        row = self.conn.execute("SELECT MAX(stored) FROM lrs_statements WHERE learner_id = ? AND module_id = ?",
                                (scope.learner_id, scope.module_id)).fetchone()
        return row[0] or ""

    def registration_verbs(self, scope: LrsScope, registration: str,
                           verbs: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """(verb_id, data) of a registration's statements in stored order (for the cmi5 rules), only
        those with one of ``verbs`` if given (an AU's thousands of other statements are not read)."""
        sql = ("SELECT verb_id, data FROM lrs_statements WHERE learner_id = ? AND module_id = ? AND registration = ?")
        args: list[object] = [scope.learner_id, scope.module_id, registration]
        if verbs is not None:
            sql += f" AND verb_id IN ({','.join('?' * len(verbs))})"
            args.extend(verbs)
        return list(self.conn.execute(sql + " ORDER BY seq", args))

    # -- documents (state, agent profile, activity profile) --------------------------------
    def get_document(self, scope: LrsScope, key: DocKey) -> Document | None:
        row = self.conn.execute(
            f"SELECT content_type, body, etag, updated_at FROM lrs_documents WHERE {_KEY_WHERE} AND doc_id = ?",
            (*_key_args(scope, key), key.doc_id)).fetchone()
        return Document(row[0], bytes(row[1]), row[2], row[3]) if row else None

    def put_document(self, scope: LrsScope, key: DocKey, content_type: str, body: bytes, etag: str,
                     updated_at: str | None = None) -> None:
        with self.store.transaction() as c:
            c.execute(
                "INSERT INTO lrs_documents(learner_id, module_id, kind, activity_id, agent, registration, doc_id, "
                "content_type, body, etag, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(learner_id, module_id, kind, activity_id, agent, registration, doc_id) DO UPDATE SET "
                "content_type = excluded.content_type, body = excluded.body, etag = excluded.etag, "
                "updated_at = excluded.updated_at",
                (*_key_args(scope, key), key.doc_id, content_type, body, etag, updated_at or utcnow()))

    def delete_documents(self, scope: LrsScope, key: DocKey, one: bool) -> None:
        """Delete the document ``key.doc_id`` (``one``) or every document under the key's other parts."""
        with self.store.transaction() as c:
            if one:
                c.execute(f"DELETE FROM lrs_documents WHERE {_KEY_WHERE} AND doc_id = ?",
                          (*_key_args(scope, key), key.doc_id))
            else:
                c.execute(f"DELETE FROM lrs_documents WHERE {_KEY_WHERE}", _key_args(scope, key))

    def document_ids(self, scope: LrsScope, key: DocKey, since: str | None) -> list[str]:
        sql = f"SELECT doc_id FROM lrs_documents WHERE {_KEY_WHERE}"
        args: list[object] = list(_key_args(scope, key))
        if since is not None:
            sql += " AND updated_at > ?"
            args.append(since)
        return [row[0] for row in self.conn.execute(sql + " ORDER BY doc_id", args)]

    # -- cmi5 registrations and launch sessions ----------------------------------------------
    def registration(self, scope: LrsScope) -> str | None:
        row = self.conn.execute("SELECT registration FROM cmi5_registrations WHERE learner_id = ? AND module_id = ?",
                                (scope.learner_id, scope.module_id)).fetchone()
        return row[0] if row else None

    def save_registration(self, scope: LrsScope, value: str) -> str:
        """Keep ``value`` unless the learner already has one for the course; return the one kept."""
        with self.store.transaction() as c:
            c.execute("INSERT OR IGNORE INTO cmi5_registrations(learner_id, module_id, registration, created_at) "
                      "VALUES (?, ?, ?, ?)", (scope.learner_id, scope.module_id, value, utcnow()))
        return self.registration(scope) or value

    def open_sessions(self, learner_id: int, module_id: str | None = None) -> list[SessionRow]:
        sql = ("SELECT session_id, learner_id, module_id, registration, au_id, launch_mode, state, started_at "
               "FROM cmi5_sessions WHERE learner_id = ? AND state = 'open'")
        args: list[object] = [learner_id]
        if module_id is not None:
            sql += " AND module_id = ?"
            args.append(module_id)
        return [SessionRow(*row) for row in self.conn.execute(sql + " ORDER BY started_at", args)]

    def session_state(self, session_id: str) -> str | None:
        row = self.conn.execute("SELECT state FROM cmi5_sessions WHERE session_id = ?", (session_id,)).fetchone()
        return row[0] if row else None

    def open_session(self, row: SessionRow, *, conn: sqlite3.Connection | None = None) -> None:
        with self.store.writing(conn) as c:
            c.execute(
                "INSERT INTO cmi5_sessions(session_id, learner_id, module_id, registration, au_id, launch_mode, state, "
                "started_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)",
                (row.session_id, row.learner_id, row.module_id, row.registration, row.au_id, row.launch_mode,
                 row.started_at))

    def end_session(self, session_id: str, state: str, *, conn: sqlite3.Connection | None = None) -> None:
        with self.store.writing(conn) as c:
            c.execute("UPDATE cmi5_sessions SET state = ?, ended_at = ? WHERE session_id = ? AND state = 'open'",
                      (state, utcnow(), session_id))

    def delete_learner(self, learner_id: int, *, conn: sqlite3.Connection | None = None) -> None:
        """Remove a learner's LRS data (for whatever removes the learner, in its transaction)."""
        with self.store.writing(conn) as c:
            c.execute("DELETE FROM lrs_statement_refs WHERE seq IN "
                      "(SELECT seq FROM lrs_statements WHERE learner_id = ?)", (learner_id,))
            for table in ("lrs_statements", "lrs_documents", "cmi5_registrations", "cmi5_sessions"):
                c.execute(f"DELETE FROM {table} WHERE learner_id = ?", (learner_id,))


def _selectors(q: StatementQuery) -> tuple[list[str], list[object]]:
    """SQL conditions for the selectors (agent, verb, activity, registration) on ``s``."""
    where: list[str] = []
    args: list[object] = []
    if q.agent is not None:
        kinds = "('agent', 'related_agent')" if q.related_agents else "('agent')"
        where.append(f"EXISTS (SELECT 1 FROM lrs_statement_refs r WHERE r.kind IN {kinds} AND r.key = ? "
                     "AND r.seq = s.seq)")
        args.append(q.agent)
    if q.activity is not None:
        kinds = "('activity', 'related_activity')" if q.related_activities else "('activity')"
        where.append(f"EXISTS (SELECT 1 FROM lrs_statement_refs r WHERE r.kind IN {kinds} AND r.key = ? "
                     "AND r.seq = s.seq)")
        args.append(q.activity)
    if q.verb is not None:
        where.append("s.verb_id = ?")
        args.append(q.verb)
    if q.registration is not None:
        where.append("s.registration = ?")
        args.append(q.registration)
    return where, args


# --- documents (state, agent profile, activity profile) -------------------------------------------

@dataclass(frozen=True)
class DocKey:
    kind: str
    activity_id: str = ""
    agent: str = ""
    registration: str = ""
    doc_id: str = ""


@dataclass(frozen=True)
class Document:
    content_type: str
    body: bytes
    etag: str
    updated_at: str


def _key_args(scope: LrsScope, key: DocKey) -> tuple[int, str, str, str, str, str]:
    return (scope.learner_id, scope.module_id, key.kind, key.activity_id, key.agent, key.registration)


_KEY_WHERE = "learner_id = ? AND module_id = ? AND kind = ? AND activity_id = ? AND agent = ? AND registration = ?"


# --- cmi5 registrations and launch sessions ---------------------------------------------------------

@dataclass(frozen=True)
class SessionRow:
    session_id: str
    learner_id: int
    module_id: str
    registration: str
    au_id: str
    launch_mode: str
    state: str
    started_at: str
