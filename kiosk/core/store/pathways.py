"""Queries for pathways: the route each learner follows, pathways completed (programme
certificates) and the private programme rating asked at a pathway's end.

``programme_ratings`` holds no learner: a rating is saved with a random key and the month only
(stored as its first day), in the same transaction that marks the learner's pathway completion as
rated, so the kiosk never asks twice and still cannot say who gave which rating. The month, not
the day: on a small site one person may be the only one to finish a pathway on a given day, and
their completion's date would then name their rating.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from typing import Literal

from kiosk.core.clock import utcnow
from kiosk.core.store.store import Queries

ChosenBy = Literal["learner", "trainer"]


@dataclass(frozen=True)
class PathwayChoice:
    pathway_id: str
    chosen_by: ChosenBy
    chosen_at: str


@dataclass(frozen=True)
class PathwayCompletionRow:
    id: str
    learner_id: int
    pathway_id: str
    level: str
    completed_at: str
    rating_done: bool


@dataclass(frozen=True)
class RatingCounts:
    """Private programme ratings for one pathway: people answering each item, and how many
    of them chose 4 or 5 (agree, strongly agree)."""

    pathway_id: str
    level: str
    engaging_high: int
    engaging_n: int
    applicable_high: int
    applicable_n: int


_COLUMNS = "id, learner_id, pathway_id, level, completed_at, rating_done"


class PathwayQueries(Queries):
    """Pathways chosen and completed, and programme ratings (``store.pathways``)."""

    def learner_pathway(self, learner_id: int) -> PathwayChoice | None:
        """The pathway a learner follows, or None if none is chosen yet."""
        row = self.conn.execute("SELECT pathway_id, chosen_by, chosen_at FROM learner_pathways "
                                "WHERE learner_id = ?", (learner_id,)).fetchone()
        return PathwayChoice(*row) if row else None

    def set_learner_pathway(self, learner_id: int, pathway_id: str, chosen_by: ChosenBy) -> None:
        """Choose (or change) a learner's pathway. Progress is per module, so changing the route
        keeps everything already done."""
        with self.store.transaction() as c:
            c.execute("INSERT INTO learner_pathways(learner_id, pathway_id, chosen_by, chosen_at) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT(learner_id) DO UPDATE SET pathway_id = excluded.pathway_id, "
                      "chosen_by = excluded.chosen_by, chosen_at = excluded.chosen_at",
                      (learner_id, pathway_id, chosen_by, utcnow()))

    def pathway_counts(self) -> dict[str, int]:
        """pathway id -> learners following it (for a trainer's and a site's view)."""
        return dict(self.conn.execute(
            "SELECT p.pathway_id, count(*) FROM learner_pathways p JOIN learners l ON l.id = p.learner_id "
            "WHERE l.role = 'learner' GROUP BY p.pathway_id"))

    def record_completion(self, learner_id: int, pathway_id: str, level: str, completed_at: str | None = None,
                          *, conn: sqlite3.Connection | None = None) -> None:
        """Record once that a learner completed a pathway; later calls change nothing."""
        with self.store.writing(conn) as c:
            c.execute("INSERT INTO pathway_completions(id, learner_id, pathway_id, level, completed_at) "
                      "VALUES (?, ?, ?, ?, ?) ON CONFLICT(learner_id, pathway_id) DO NOTHING",
                      (str(uuid.uuid4()), learner_id, pathway_id, level, completed_at or utcnow()))

    def completions(self, learner_id: int) -> dict[str, PathwayCompletionRow]:
        """pathway id -> the learner's completion of it."""
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM pathway_completions WHERE learner_id = ?",
                                 (learner_id,))
        return {r[2]: PathwayCompletionRow(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows}

    def all_completions(self) -> list[PathwayCompletionRow]:
        """Every pathway completion on this PC (to check a programme certificate's code)."""
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM pathway_completions ORDER BY completed_at")
        return [PathwayCompletionRow(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]

    def save_programme_rating(self, learner_id: int, programme_id: str, pathway_id: str, level: str,
                              engaging: int | None, applicable: int | None) -> None:
        """Save a private programme rating (either item may be skipped: None), or with both None
        just note that the learner declined. The rating row carries no learner and the month only."""
        for value in (engaging, applicable):
            if value is not None and (isinstance(value, bool) or not 1 <= value <= 5):
                raise ValueError("a rating is 1 to 5")
        with self.store.transaction() as c:
            c.execute("UPDATE pathway_completions SET rating_done = 1 WHERE learner_id = ? AND pathway_id = ?",
                      (learner_id, pathway_id))
            if engaging is not None or applicable is not None:
                c.execute("INSERT INTO programme_ratings(id, programme_id, pathway_id, level, engaging, applicable, "
                          "rated_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (str(uuid.uuid4()), programme_id, pathway_id, level, engaging, applicable,
                           utcnow()[:8] + "01"))

    def programme_ratings(self, programme_id: str) -> list[RatingCounts]:
        """Per pathway: how many rated the programme engaging / applicable to their role 4 or 5,
        out of how many answered. Counts only; a report applies its own small-number suppression."""
        rows = self.conn.execute(
            "SELECT pathway_id, level, coalesce(sum(engaging >= 4), 0), count(engaging), "
            "coalesce(sum(applicable >= 4), 0), count(applicable) FROM programme_ratings "
            "WHERE programme_id = ? GROUP BY pathway_id, level ORDER BY pathway_id", (programme_id,))
        return [RatingCounts(*r) for r in rows]
