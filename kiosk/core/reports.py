"""Site reports: what the programme achieved on this PC, as tables safe to share.

Sections: completions by module and by delivery (individual or group), completions by month,
the feedback survey's headline measure (the share rating each module 4 or 5 out of 5 for
"engaging" and "applicable"), self-assessed confidence before and after, and group sessions.
Every count of people goes through small-number suppression (kiosk/core/suppression.py); the
percentages and averages built on hidden counts are hidden or shown only as the range a reader
could work out anyway. docs/reports.md defines every figure.

The kiosk screen, the PDF and ``tip-kiosk report`` all draw this same data.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Hashable, Iterable, Mapping, Sequence

from kiosk.core import durable
from kiosk.core.content import Module, Programme, SurveyStep
from kiosk.core.store import Store
from kiosk.core.store import reports as q
from kiosk.core.suppression import Line, Mark, ranges, suppress

FEEDBACK_STEP = "feedback"
HEADLINE_QUESTIONS = ("engaging", "applicable")
SELF_ASSESSMENT = "self_assessment"
SMALL, COMPLEMENT, NOT_SHOWN = "<{t}", "*", "–"


@dataclass(frozen=True)
class Cell:
    text: str
    """As printed: '42', '<10', '*', '92%', 'over 81%', '3.4', '–'."""
    value: float | None = None
    """The number, when it is published exactly (charts draw only these)."""
    hidden: str = ""
    """'' when shown; 'small', 'complement' or 'derived' (hidden because what it is built on is)."""


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str = ""
    empty: str = ""
    """Said instead of the table when there is nothing to show yet."""


@dataclass(frozen=True)
class SiteReport:
    title: str
    generated_at: str
    threshold: int
    learners: Cell
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def required_steps(module: Module) -> tuple[str, ...]:
    """The steps a learner must have done for the module to count as completed: all of them, as
    on the learner's home screen. (When modules gain completion rules, apply them here.)"""
    return tuple(step.id for step in module.steps)


def build_report(store: Store, programme: Programme, threshold: int = 10,
                 now: datetime | None = None) -> SiteReport:
    """Build the site report from the learner database.

    Args:
        store: the learner database (its own connection when called off the UI thread).
        programme: the content, for module titles, steps and which steps are surveys.
        threshold: counts of people below this are hidden (at least 2).
        now: the report's date (for tests).
    """
    if threshold < 2:
        raise ValueError("the suppression threshold must be at least 2")
    modules = programme.available
    counts: dict[Hashable, int] = {}
    lines: list[Line] = []
    completions, months = _completions(store, modules, counts, lines)
    feedback = _feedback(store, modules, counts, lines)
    confidence = _confidence(store, modules, counts, lines)
    sessions = _sessions(store, modules, counts, lines)
    counts["learners"] = q.learner_count(store)
    marks = suppress(counts, lines, threshold)
    bounds = ranges(counts, lines, marks, threshold)
    view = _View(counts, marks, bounds, threshold)
    tables = (completions(view), _over_time_table(view, months), feedback(view),
              confidence(view), sessions(view))
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    notes = (
        f"Counts of fewer than {threshold} people are shown as <{threshold}. Figures marked * are "
        f"hidden too, so that a number under {threshold} cannot be worked out from the totals.",
        "A module counts as completed when every one of its steps is done, alone or through a "
        "group session; 'Group' means the completion came from a group session.",
    )
    hidden_modules = [m.title for m in programme.modules if not isinstance(m, Module)]
    if hidden_modules:
        notes += (f"Not included (cannot be opened on this PC): {', '.join(hidden_modules)}.",)
    return SiteReport(programme.title or "TIP Kiosk", stamp, threshold, view.count("learners"),
                      tables, notes)


# -- formatting cells -------------------------------------------------------------------------
@dataclass
class _View:
    counts: Mapping[Hashable, int]
    marks: Mapping[Hashable, Mark]
    bounds: Mapping[Hashable, tuple[float, float]]
    threshold: int

    def count(self, key: Hashable) -> Cell:
        mark = self.marks.get(key)
        if mark == "small":
            return Cell(SMALL.format(t=self.threshold), None, "small")
        if mark == "complement":
            return Cell(COMPLEMENT, None, "complement")
        value = self.counts[key]
        return Cell(str(value), value)

    def share(self, part: Hashable, whole: Hashable) -> Cell:
        """part/whole as a percentage, or the range a reader can narrow it to from the shown
        figures (the same knowledge as the hidden cell's '<10'), or '–' if whole is hidden."""
        if whole in self.marks:
            return Cell(NOT_SHOWN, None, "derived")
        n = self.counts[whole]
        lo, hi = self.bounds[part]
        if lo == hi:
            return Cell(f"{round(100 * lo / n)}%", round(100 * lo / n))
        low, high = math.floor(100 * lo / n), math.ceil(100 * min(hi, n) / n)
        if lo <= 0:
            return Cell(f"under {math.floor(100 * min(hi, n) / n) + 1}%", None, "derived")
        if hi >= n:
            return Cell(f"over {math.ceil(100 * lo / n) - 1}%", None, "derived")
        return Cell(f"{low}–{high}%", None, "derived")

    def shown(self, key: Hashable) -> bool:
        return key not in self.marks


def _text(value: float | None, digits: int = 1) -> Cell:
    if value is None:
        return Cell(NOT_SHOWN, None, "derived")
    return Cell(f"{value:.{digits}f}", round(value, digits))


def _table_lines(row_keys: Sequence[Hashable], col_keys: Sequence[Hashable], total_row: Hashable,
                 total_col: Hashable, key) -> list[Line]:
    """The sums a table with a total row and a total column states."""
    lines = [Line(tuple(key(r, c) for c in col_keys), key(r, total_col)) for r in (*row_keys, total_row)]
    lines += [Line(tuple(key(r, c) for r in row_keys), key(total_row, c)) for c in (*col_keys, total_col)]
    return lines


# -- sections ---------------------------------------------------------------------------------
DELIVERY = ("individual", "group")


def _completions(store: Store, modules: Sequence[Module], counts: dict, lines: list):
    credits = q.group_credits(store)
    by_month: dict[str, int] = defaultdict(int)
    for module in modules:
        tally = {"individual": 0, "group": 0}
        for done in q.completions(store, module.id, required_steps(module)):
            credited = credits.get((done.learner_id, module.id))
            how = "group" if credited is not None and credited <= done.completed_at else "individual"
            tally[how] += 1
            by_month[done.completed_at[:7]] += 1
        for how in DELIVERY:
            counts[("done", module.id, how)] = tally[how]
        counts[("done", module.id, "all")] = sum(tally.values())
    for how in (*DELIVERY, "all"):
        counts[("done", "*", how)] = sum(counts[("done", m.id, how)] for m in modules)
    key = lambda r, c: ("done", r, c)  # noqa: E731
    lines += _table_lines([m.id for m in modules], DELIVERY, "*", "all", key)
    months = sorted(by_month)
    for month in months:
        counts[("month", month)] = by_month[month]
    # One column per month (all deliveries): its total is the module table's grand total, the
    # same cell, so the two tables are suppressed together.
    if months:
        lines.append(Line(tuple(("month", m) for m in months), ("done", "*", "all")))

    def table(view: _View) -> Table:
        rows = [Row(m.title, tuple(view.count(("done", m.id, c)) for c in (*DELIVERY, "all"))) for m in modules]
        rows.append(Row("All modules", tuple(view.count(("done", "*", c)) for c in (*DELIVERY, "all")), True))
        return Table("completions", "Completions by module and delivery", ("Individual", "Group", "All"),
                     tuple(rows), "People who completed each module, alone at the kiosk or in a group "
                     "session.", "" if modules else "No modules are available on this PC.")

    return table, months


def _over_time_table(view: _View, months: Sequence[str]) -> Table:
    rows = [Row(_month_name(m), (view.count(("month", m)),)) for m in months]
    if rows:
        rows.append(Row("All months", (view.count(("done", "*", "all")),), True))
    return Table("over_time", "Completions by month", ("Completed",), tuple(rows),
                 "Completions in the month the last step was done, alone or in a group.",
                 "No module has been completed yet.")


def _feedback(store: Store, modules: Sequence[Module], counts: dict, lines: list):
    surveyed = [m for m in modules if _feedback_step(m) is not None]
    for module in surveyed:
        step = _feedback_step(module)
        asked = [qid for qid in HEADLINE_QUESTIONS if qid in {x.id for x in step.questions}]
        ratings = q.survey_ratings(store, module.id, step.id, asked)
        for hands in q.group_survey_hands(store, module.id, step.id):
            for qid in asked:
                counted = list(hands.get(qid, ()))[:5] + [0] * 5
                yes, answered = ratings[qid]
                ratings[qid] = (yes + counted[3] + counted[4], answered + sum(counted[:5]))
        for qid in HEADLINE_QUESTIONS:
            yes, answered = ratings.get(qid, (0, 0))
            counts[("fb", qid, module.id, "yes")] = yes
            counts[("fb", qid, module.id, "no")] = answered - yes
            counts[("fb", qid, module.id, "n")] = answered
    for qid in HEADLINE_QUESTIONS:
        for part in ("yes", "no", "n"):
            counts[("fb", qid, "*", part)] = sum(counts[("fb", qid, m.id, part)] for m in surveyed)
        key = lambda r, c, qid=qid: ("fb", qid, r, c)  # noqa: E731
        lines += _table_lines([m.id for m in surveyed], ("yes", "no"), "*", "n", key)

    def table(view: _View) -> Table:
        rows = []
        for module_id, title, total in [(m.id, m.title, False) for m in surveyed] + [("*", "All modules", True)]:
            cells = []
            for qid in HEADLINE_QUESTIONS:
                cells += [view.count(("fb", qid, module_id, "n")),
                          view.share(("fb", qid, module_id, "yes"), ("fb", qid, module_id, "n"))]
            rows.append(Row(title, tuple(cells), total))
        empty = "" if surveyed else "No module has a feedback survey (a survey step with the id 'feedback')."
        if surveyed and not any(view.counts[("fb", qid, "*", "n")] for qid in HEADLINE_QUESTIONS):
            empty, rows = "Nobody has answered the feedback survey yet.", []
        return Table("feedback", "Feedback: rated 4 or 5 out of 5",
                     ("Engaging: answers", "Engaging: 4 or 5", "Applicable: answers", "Applicable: 4 or 5"),
                     tuple(rows), "The programme's headline measure: the share of people who rated the "
                     "module 4 or 5 for how engaging it was and how applicable it is to their role "
                     "(individual answers and show-of-hands counts from group sessions).", empty)

    return table


def _confidence(store: Store, modules: Sequence[Module], counts: dict, lines: list):
    means: dict[str, tuple[float | None, float | None]] = {}
    assessed = []
    for module in modules:
        phases = {s.id: getattr(s, "phase", None) for s in module.steps if getattr(s, "type", "") == SELF_ASSESSMENT}
        if not {"before", "after"} <= set(phases.values()):
            continue
        assessed.append(module)
        scores: dict[int, dict[str, list[float]]] = defaultdict(lambda: {"before": [], "after": []})
        for learner_id, step_id, answer in q.step_answers(store, module.id, list(phases)):
            score = _confidence_score(answer)
            if score is not None:
                scores[learner_id][phases[step_id]].append(score)
        pairs = [(sum(s["before"]) / len(s["before"]), sum(s["after"]) / len(s["after"]))
                 for s in scores.values() if s["before"] and s["after"]]
        up = sum(1 for before, after in pairs if after > before)
        counts[("conf", module.id, "up")] = up
        counts[("conf", module.id, "same")] = len(pairs) - up
        counts[("conf", module.id, "n")] = len(pairs)
        lines.append(Line((("conf", module.id, "up"), ("conf", module.id, "same")), ("conf", module.id, "n")))
        means[module.id] = ((sum(p[0] for p in pairs) / len(pairs), sum(p[1] for p in pairs) / len(pairs))
                            if pairs else (None, None))

    def table(view: _View) -> Table:
        rows = []
        for module in assessed:
            n = ("conf", module.id, "n")
            before, after = means[module.id] if view.shown(n) else (None, None)
            rows.append(Row(module.title, (view.count(n), _text(before), _text(after),
                                           view.share(("conf", module.id, "up"), n))))
        empty = ("No self-assessment data yet: no module asks the same confidence questions before and "
                 "after (self-assessment steps).") if not assessed else ""
        if assessed and not any(view.counts[("conf", m.id, "n")] for m in assessed):
            empty, rows = "No self-assessment data yet: nobody has answered both the before and after questions.", []
        return Table("confidence", "Confidence before and after (self-assessment, 1 to 5)",
                     ("People", "Before", "After", "Felt more confident"), tuple(rows),
                     "People who answered the confidence questions at the start and at the end of a "
                     "module: their average confidence, and the share whose confidence went up.", empty)

    return table


def _sessions(store: Store, modules: Sequence[Module], counts: dict, lines: list):
    totals = {t.module_id: t for t in q.session_totals(store)}
    listed = [m for m in modules if m.id in totals]
    for module in listed:
        counts[("sess", module.id)] = totals[module.id].attendances
    counts[("sess", "*")] = sum(totals[m.id].attendances for m in listed)
    if listed:
        lines.append(Line(tuple(("sess", m.id) for m in listed), ("sess", "*")))

    def row(view: _View, title: str, key: Hashable, sessions: int, seconds: int, total: bool) -> Row:
        people = view.count(key)
        size = _text(people.value / sessions) if people.value is not None and sessions else _text(None)
        minutes = _text(seconds / sessions / 60, 0) if sessions else _text(None)
        return Row(title, (Cell(str(sessions), sessions), people, size, minutes), total)

    def table(view: _View) -> Table:
        rows = [row(view, m.title, ("sess", m.id), totals[m.id].sessions, totals[m.id].seconds, False)
                for m in listed]
        if listed:
            rows.append(row(view, "All modules", ("sess", "*"), sum(totals[m.id].sessions for m in listed),
                            sum(totals[m.id].seconds for m in listed), True))
        return Table("sessions", "Group sessions", ("Sessions", "Attendances", "Average size",
                                                    "Average length (minutes)"), tuple(rows),
                     "Finished group sessions led by a trainer on this PC.",
                     "No group session has finished yet.")

    return table


def _feedback_step(module: Module) -> SurveyStep | None:
    step = next((s for s in module.steps if s.id == FEEDBACK_STEP), None)
    return step if isinstance(step, SurveyStep) else None


def _confidence_score(answer: Any) -> float | None:
    """A learner's mean rating on a self-assessment step: ratings 1-5 under 'ratings' (as
    surveys save them) or at the top level."""
    if not isinstance(answer, Mapping):
        return None
    ratings = answer.get("ratings", answer)
    values = [v for v in (ratings.values() if isinstance(ratings, Mapping) else ())
              if isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v <= 5]
    return sum(values) / len(values) if values else None


def _month_name(month: str) -> str:
    try:
        return datetime.strptime(month, "%Y-%m").strftime("%B %Y")
    except ValueError:
        return month or "Unknown"


# -- CSV ----------------------------------------------------------------------------------------
CSV_HEADER = ("section", "row", "column", "value")


def report_csv(report: SiteReport) -> str:
    """The report as CSV: one line per figure (section, row, column, value), as printed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerow(("report", "Title", "", report.title))
    writer.writerow(("report", "Generated", "", report.generated_at))
    writer.writerow(("report", "Smallest count shown", "", report.threshold))
    writer.writerow(("report", "Learners registered", "", report.learners.text))
    for table in report.tables:
        if not table.rows:
            writer.writerow((table.title, "", "", table.empty))
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells):
                writer.writerow((table.title, row.label, column, cell.text))
    for note in report.notes:
        writer.writerow(("notes", "", "", note))
    return out.getvalue()


def csv_bytes(report: SiteReport) -> bytes:
    # utf-8-sig: Excel, which most sites open CSV files with, then reads '–' and '<' correctly.
    return report_csv(report).encode("utf-8-sig")


def write_csv(report: SiteReport, path) -> None:
    # utf-8-sig: Excel, which most sites open CSV files with, then reads '–' and '<' correctly.
    durable.write_file(path, report_csv(report), mode=0o644, encoding="utf-8-sig")
