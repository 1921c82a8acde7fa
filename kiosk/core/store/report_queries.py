"""The queries behind site reports. They read only counts and answers for aggregates, one calendar
month (UTC) at a time, and keep each closed month's printed figures (``report_months``): the
sums and the suppression are kiosk/core/reports.py's, the frozen months its guarantee.

A month is given as 'YYYY-MM'; stored times are ISO 8601 in UTC, so a month is the range of
strings from 'YYYY-MM' up to the next month's (the indexes serve it).

Only accounts with the 'learner' role are counted: trainers trying things out are not learners.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.core.clock import utcnow
from kiosk.core.store.store import Queries

_NOT_LEARNERS = "SELECT id FROM learners WHERE role <> 'learner'"
"""Trainers are few: excluding them is cheaper than listing every learner."""


@dataclass(frozen=True)
class Done:
    learner_id: int
    module_id: str
    completed_at: str


@dataclass(frozen=True)
class SessionTotals:
    module_id: str
    sessions: int
    attendances: int
    seconds: int


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def _window(month: str) -> tuple[str, str]:
    return month, next_month(month)


class ReportQueries(Queries):
    """The queries behind site reports (``store.reports``)."""

    # -- the months -----------------------------------------------------------------------------
    def first_activity(self) -> str | None:
        """The earliest moment anything a report counts happened (a learner registered first)."""
        row = self.conn.execute(
            "SELECT min(t) FROM (SELECT min(created_at) AS t FROM learners WHERE role = 'learner' "
            "UNION ALL SELECT min(ended_at) FROM group_sessions WHERE state = 'ended')").fetchone()
        return row[0] if row and row[0] else None

    def frozen_months(self) -> dict[str, dict[str, Any]]:
        """month -> its figures as first published."""
        return {month: json.loads(figures) for month, figures in
                self.conn.execute("SELECT month, figures FROM report_months ORDER BY month")}

    def freeze_month(self, month: str, figures: dict[str, Any]) -> dict[str, Any]:
        """Keep a closed month's figures; if another report kept them first, theirs stand (returned)."""
        with self.store.transaction() as c:
            c.execute("INSERT INTO report_months(month, figures, made_at) VALUES (?, ?, ?) "
                      "ON CONFLICT(month) DO NOTHING", (month, json.dumps(figures, sort_keys=True), utcnow()))
            kept = c.execute("SELECT figures FROM report_months WHERE month = ?", (month,)).fetchone()[0]
        theirs: dict[str, Any] = json.loads(kept)
        return theirs

    # -- one month's activity -------------------------------------------------------------------
    def new_learners(self, month: str) -> int:
        start, end = _window(month)
        return int(self.conn.execute("SELECT count(*) FROM learners WHERE role = 'learner' AND created_at >= ? "
                                     "AND created_at < ?", (start, end)).fetchone()[0])

    def completion_records(self, month: str) -> list[Done]:
        """Module completions recorded in the month (the completions table: written once, when the
        module's completion rules were first met, kiosk.core.completed_modules)."""
        start, end = _window(month)
        rows = self.conn.execute(
            "SELECT learner_id, module_id, completed_at FROM completions WHERE completed_at >= ? AND "
            f"completed_at < ? AND learner_id NOT IN ({_NOT_LEARNERS})", (start, end))
        return [Done(*r) for r in rows]

    def unrecorded_candidates(self, module_id: str, step_ids: Sequence[str]) -> list[Done]:
        """Learners with every one of ``step_ids`` done but no completion record for the module (made
        before group credit wrote records, or under other rules): when they finished. The rules'
        pass mark is then checked on their answers (kiosk.core.completed_modules)."""
        if not step_ids:
            return []
        marks = ", ".join("?" * len(step_ids))
        rows = self.conn.execute(
            "SELECT learner_id, max(done_at) FROM progress INDEXED BY progress_by_module "
            f"WHERE module_id = ? AND status = 'done' AND step_id IN ({marks}) "
            f"AND learner_id NOT IN ({_NOT_LEARNERS}) "
            "AND learner_id NOT IN (SELECT learner_id FROM completions WHERE module_id = ?) "
            "GROUP BY learner_id HAVING count(*) = ?", (module_id, *step_ids, module_id, len(step_ids)))
        return [Done(learner_id, module_id, done_at or "") for learner_id, done_at in rows]

    def module_answers(self, module_id: str, learner_ids: set[int]
                       ) -> dict[int, tuple[set[str], dict[str, Any]]]:
        """Learners' done steps and saved answers in a module (to apply its completion rules), in one
        walk over the module's progress."""
        found: dict[int, tuple[set[str], dict[str, Any]]] = {i: (set(), {}) for i in learner_ids}
        for learner_id, step_id, status, answer in self.conn.execute(
                "SELECT learner_id, step_id, status, answer FROM progress INDEXED BY progress_by_module "
                "WHERE module_id = ?", (module_id,)):
            if learner_id in found:
                done, answers = found[learner_id]
                if status == "done":
                    done.add(step_id)
                answers[step_id] = json.loads(answer) if answer else None
        return found

    def group_credits(self) -> dict[tuple[int, str], str]:
        """(learner, module) -> the earliest moment a group session gave them completion credit."""
        rows = self.conn.execute(
            "SELECT a.learner_id, s.module_id, min(a.credited_at) FROM group_attendance a "
            "JOIN group_sessions s ON s.id = a.session_id WHERE a.credited_at IS NOT NULL "
            "GROUP BY a.learner_id, s.module_id")
        return {(learner_id, module_id): at for learner_id, module_id, at in rows}

    def survey_ratings(self, month: str, module_id: str, step_id: str, question_ids: Sequence[str]
                       ) -> dict[str, tuple[int, int]]:
        """Per question: (people rating it 4 or 5, people answering it) among individual learners
        whose survey step was done in the month. Group show-of-hands counts are apart
        (:func:`group_survey_hands`)."""
        if not question_ids:
            return {}
        start, end = _window(month)
        paths = [f'$.ratings."{question}"' for question in question_ids]
        columns = ", ".join("coalesce(sum(json_extract(answer, ?) >= 4), 0), count(json_extract(answer, ?))"
                            for _ in paths)
        row = self.conn.execute(
            f"SELECT {columns} FROM progress INDEXED BY progress_by_step WHERE module_id = ? AND step_id = ? "
            f"AND answer IS NOT NULL AND status = 'done' AND done_at >= ? AND done_at < ? "
            f"AND learner_id NOT IN ({_NOT_LEARNERS})",
            (*[p for path in paths for p in (path, path)], module_id, step_id, start, end)).fetchone()
        return {q: (int(row[2 * i]), int(row[2 * i + 1])) for i, q in enumerate(question_ids)}

    def group_survey_hands(self, month: str, module_id: str, step_id: str) -> Iterator[dict[str, Any]]:
        """The show-of-hands counts recorded for a survey step in group sessions that ended in the month."""
        start, end = _window(month)
        rows = self.conn.execute(
            "SELECT g.answer FROM group_answers g JOIN group_sessions s ON s.id = g.session_id "
            "WHERE s.state = 'ended' AND s.ended_at >= ? AND s.ended_at < ? AND s.module_id = ? AND g.step_id = ?",
            (start, end, module_id, step_id))
        for (answer,) in rows:
            yield json.loads(answer).get("hands", {})

    def step_answers(self, module_id: str, step_ids: Sequence[str]) -> Iterator[tuple[int, str, Any, str]]:
        """(learner, step, answer, done_at) for the given steps (self-assessments, knowledge tests),
        learners only, done steps only."""
        if not step_ids:
            return
        marks = ", ".join("?" * len(step_ids))
        rows = self.conn.execute(
            f"SELECT learner_id, step_id, answer, done_at FROM progress INDEXED BY progress_by_step WHERE "
            f"module_id = ? AND step_id IN ({marks}) AND answer IS NOT NULL AND status = 'done' "
            f"AND learner_id NOT IN ({_NOT_LEARNERS})", (module_id, *step_ids))
        for learner_id, step_id, answer, done_at in rows:
            yield learner_id, step_id, json.loads(answer), done_at or ""

    def session_totals(self, month: str) -> list[SessionTotals]:
        """Group sessions that ended in the month, per module: how many, people attending, time spent."""
        start, end = _window(month)
        rows = self.conn.execute(
            "SELECT module_id, count(*), coalesce(sum(size), 0), coalesce(sum(duration_seconds), 0) "
            "FROM group_sessions WHERE state = 'ended' AND ended_at >= ? AND ended_at < ? GROUP BY module_id",
            (start, end))
        return [SessionTotals(*r) for r in rows]

    def programme_ratings(self, month: str, programme_id: str) -> list[tuple[str, int, int, int, int]]:
        """Private programme ratings given in the month, per pathway: (pathway, engaging 4-5,
        engaging answers, applicable 4-5, applicable answers). The table holds no learner
        (kiosk.core.store.pathways); ratings made on a group session's show of hands are not in it."""
        start, end = _window(month)
        return [tuple(r) for r in self.conn.execute(
            "SELECT pathway_id, coalesce(sum(engaging >= 4), 0), count(engaging), "
            "coalesce(sum(applicable >= 4), 0), count(applicable) FROM programme_ratings "
            "WHERE programme_id = ? AND rated_on >= ? AND rated_on < ? GROUP BY pathway_id ORDER BY pathway_id",
            (programme_id, start, end))]

    def pathway_completions(self, month: str) -> dict[str, int]:
        """pathway -> learners who completed it in the month."""
        start, end = _window(month)
        return dict(self.conn.execute(
            "SELECT pathway_id, count(*) FROM pathway_completions WHERE completed_at >= ? AND completed_at < ? "
            f"AND learner_id NOT IN ({_NOT_LEARNERS}) GROUP BY pathway_id", (start, end)))

    def learner_pathways(self) -> dict[int, str]:
        """learner -> the pathway they follow (for module completions by pathway)."""
        return dict(self.conn.execute("SELECT learner_id, pathway_id FROM learner_pathways"))
