"""Queries for learners' accounts (code and PIN hashes, first names sealed at rest, settings,
pseudonyms) and their sign-in sessions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from kiosk.core.clock import utcnow
from kiosk.core.store.store import Queries


@dataclass(frozen=True)
class LearnerRow:
    id: int
    code_hash: str
    pin_hash: str
    first_name: str | None
    role: str
    failed_pins: int
    locked_until: float
    settings: Mapping[str, Any]
    pseudonym: str | None


class LearnerQueries(Queries):
    """Learners and their sessions (``store.learners``). First names are sealed with
    ``Store.names`` when it is set (kiosk.core.vault.NameSeal)."""

    def add(self, code_hash: str, pin_hash: str, first_name: str | None = None,
            role: str = "learner", pseudonym: str | None = None) -> int:
        with self.store.transaction() as c:
            cur = c.execute(
                "INSERT INTO learners(code_hash, pin_hash, first_name, role, created_at, pseudonym) "
                "VALUES (?, ?, ?, ?, ?, ?)", (code_hash, pin_hash, self._seal_name(first_name), role, utcnow(),
                                              pseudonym))
            return cast(int, cur.lastrowid)  # an INSERT sets it

    def by_code(self, code_hash: str) -> LearnerRow | None:
        return self._learner("code_hash = ?", code_hash)

    def get(self, learner_id: int) -> LearnerRow | None:
        return self._learner("id = ?", learner_id)

    def _learner(self, where: str, value: Any) -> LearnerRow | None:
        row = self.conn.execute(
            "SELECT id, code_hash, pin_hash, first_name, role, failed_pins, locked_until, settings, "
            f"pseudonym FROM learners WHERE {where}", (value,)).fetchone()
        if row is None:
            return None
        return LearnerRow(row[0], row[1], row[2], self.open_name(row[3]), row[4], row[5], row[6],
                          json.loads(row[7] or "{}"), row[8])

    def open_name(self, stored: str | None) -> str | None:
        """A first name as the learner gave it (None if sealed and this Store cannot open it)."""
        names = self.store.names
        if names is not None:
            return names.open(stored)
        return None if stored and stored.startswith("sealed:") else stored

    def _seal_name(self, name: str | None) -> str | None:
        names = self.store.names
        return names.seal(name) if names is not None else name

    def seal_plain_names(self) -> int:
        """Seal first names written before names were sealed; returns how many."""
        with self.store.transaction() as c:
            rows = c.execute("SELECT id, first_name FROM learners WHERE first_name IS NOT NULL AND "
                             "first_name != '' AND first_name NOT LIKE 'sealed:%'").fetchall()
            c.executemany("UPDATE learners SET first_name = ? WHERE id = ?",
                          [(self._seal_name(name), learner_id) for learner_id, name in rows])
        return len(rows)

    def forget_pseudonyms(self) -> int:
        """Drop every stored pseudonym (no organisation secret any more: nothing may link).
        Returns how many there were."""
        with self.store.transaction() as c:
            return c.execute("UPDATE learners SET pseudonym = NULL WHERE pseudonym IS NOT NULL").rowcount

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM learners").fetchone()[0])

    def update(self, learner_id: int, **fields: Any) -> None:
        """Change some of a learner's columns (pin_hash, failed_pins, locked_until, settings, ...)."""
        allowed = {"pin_hash", "first_name", "failed_pins", "locked_until", "settings", "pseudonym", "role"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"not learner columns: {sorted(unknown)}")
        if "settings" in fields:
            fields["settings"] = json.dumps(fields["settings"], sort_keys=True)
        if "first_name" in fields:
            fields["first_name"] = self._seal_name(fields["first_name"])
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.store.transaction() as c:
            c.execute(f"UPDATE learners SET {assignments} WHERE id = ?", (*fields.values(), learner_id))

    # -- sign-in sessions -------------------------------------------------------------------
    def start_session(self, learner_id: int) -> int:
        with self.store.transaction() as c:
            cur = c.execute("INSERT INTO sessions(learner_id, started_at) VALUES (?, ?)",
                            (learner_id, utcnow()))
            return cast(int, cur.lastrowid)  # an INSERT sets it

    def end_session(self, session_id: int, reason: str) -> None:
        with self.store.transaction() as c:
            c.execute("UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL",
                      (utcnow(), reason, session_id))
