"""Site reports: what the programme achieved on this PC, as tables safe to share, month by month.

A report shows one closed calendar month (UTC) in full, and each closed month's headline figures.
Sections: completions by module and delivery and by pathway; the feedback survey's headline
measure from private answers, with group show-of-hands counts apart; the programme rating given at
the end of a pathway; the knowledge test gain; self-assessed confidence before and after; group
sessions. Every count of people goes through small-number suppression (kiosk/core/suppression.py).

Against differencing (two reports taken before and after one more learner): a month is published
only once it has ended, and then never differently. Its printed figures are kept the first time a
report shows it (``report_months``) and every later report prints them as kept; the month in
progress is not shown, and no figure adds months together. So any figure in two reports is the
same in both, and a learner's data first appears in a month's figures, among everyone else's of
that month, suppressed as usual. docs/reports.md defines every figure and states the argument.

The kiosk screen, the PDF and ``tip-kiosk report`` all draw this same data.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.core import durable
from kiosk.core.clock import now_utc
from kiosk.core.content import Module, Programme
from kiosk.core.errors import KioskError
from kiosk.core.report_evaluation import Memo
from kiosk.core.report_month import build_month
from kiosk.core.reports_model import NOT_SHOWN, Cell, Row, Table, cell_data, cell_from, table_data, table_from
from kiosk.core.store import Store
from kiosk.core.store.report_queries import next_month

__all__ = ["Cell", "Row", "Table", "SiteReport", "build_report", "report_csv", "csv_bytes", "write_csv",
           "closed_months", "month_name", "NOT_SHOWN"]

MAX_MONTHS = 36
"""Months listed month by month (the most recent); older months stay kept, not shown."""


@dataclass(frozen=True)
class SiteReport:
    title: str
    generated_at: str
    threshold: int
    """The smallest count shown in the month shown (as it was when that month was published)."""
    month: str
    """The month shown in full, e.g. 'November 2026'."""
    learners: Cell
    """People who registered in that month."""
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = ()
    months: tuple[str, ...] = ()
    """Every month published ('YYYY-MM'), oldest first."""

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def closed_months(store: Store, now: datetime) -> list[str]:
    """The months a report may publish: from the first month anything happened to the last month
    that has ended (at least that last month, so a new site sees its empty tables)."""
    current = now.astimezone(UTC).strftime("%Y-%m")
    last = _previous(current)
    first = min((store.reports.first_activity() or last)[:7], last)
    months = [first]
    while months[-1] < last:
        months.append(next_month(months[-1]))
    return months[-MAX_MONTHS:]


def published(store: Store, programme: Programme, month: str, threshold: int,
              kept: dict[str, dict[str, Any]], memo: Memo | None = None) -> dict[str, Any]:
    """A closed month's figures: as kept when first published, or built now and kept."""
    if month in kept:
        return kept[month]
    learners, tables = build_month(store, programme, month, threshold, memo)
    figures = {"threshold": threshold, "learners": cell_data(learners), "tables": [table_data(t) for t in tables]}
    return store.reports.freeze_month(month, figures)


def build_report(store: Store, programme: Programme, threshold: int = 10,
                 now: datetime | None = None, month: str | None = None) -> SiteReport:
    """Build the site report from the learner database (keeping newly closed months' figures).

    Args:
        store: the learner database (its own connection when called off the UI thread).
        programme: the content, for module titles, steps, rules and pathways.
        threshold: counts of people below this are hidden (at least 2) in months published now.
        now: the report's moment (for tests); months before its month are closed.
        month: the month to show in full ('YYYY-MM'); default the last closed one.

    Raises:
        KioskError: ``month`` is not a closed month.
    """
    if threshold < 2:
        raise ValueError("the suppression threshold must be at least 2")
    now = now or now_utc()
    months = closed_months(store, now)
    kept = store.reports.frozen_months()
    memo: Memo = {}  # what every month reads alike, read once
    figures = {m: published(store, programme, m, threshold, kept, memo) for m in months}
    shown = month or months[-1]
    if shown not in figures:
        raise KioskError(f"There is no report for {shown} yet: a month is reported once it has ended "
                         f"(the last one is {months[-1]}).")
    chosen = figures[shown]
    tables = (_by_month(months, figures), *(table_from(t) for t in chosen["tables"]))
    notes = _notes(programme, chosen["threshold"], month_name(shown), month_name(_next_after(months[-1])))
    return SiteReport(programme.title or "TIP Kiosk", now.strftime("%Y-%m-%d %H:%M UTC"), chosen["threshold"],
                      month_name(shown), cell_from(chosen["learners"]), tables, notes, tuple(months))


def _by_month(months: list[str], figures: dict[str, dict[str, Any]]) -> Table:
    rows = []
    for month in months:
        kept = figures[month]
        done = next((t for t in kept["tables"] if t["key"] == "completions"), None)
        total = cell_from(done["rows"][-1][1][-1]) if done and done["rows"] else Cell(NOT_SHOWN, None, "derived")
        rows.append(Row(month_name(month), (cell_from(kept["learners"]), total)))
    return Table("over_time", "Month by month", ("New learners", "Completions"), tuple(rows),
                 "Each month as published when it ended, never changed since. Months are not added "
                 "up: a running total would move by one person.", "No month has ended yet.")


def _notes(programme: Programme, threshold: int, shown: str, current: str) -> tuple[str, ...]:
    notes: tuple[str, ...] = (
        f"Figures for {shown}. A month is reported once it has ended and its figures never change "
        f"afterwards; {current} is not shown until it has ended.",
        f"Counts of fewer than {threshold} people are shown as <{threshold}. Figures marked * are "
        f"hidden too, so that a number under {threshold} cannot be worked out from the totals.",
        "A module counts as completed when its completion rules are met (the required steps done "
        "and any pass mark reached), as on My progress and certificates; 'Group' means a group "
        "session's credit completed it.",
    )
    hidden_modules = [m.title for m in programme.modules if not isinstance(m, Module)]
    if hidden_modules:
        notes += (f"Not included (cannot be opened on this PC): {', '.join(hidden_modules)}.",)
    return notes


def _previous(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year - (number == 1):04d}-{(number - 2) % 12 + 1:02d}"


def _next_after(month: str) -> str:
    return next_month(month)


def month_name(month: str) -> str:
    """'2026-11' as 'November 2026'."""
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
    writer.writerow(("report", "Month", "", report.month))
    writer.writerow(("report", "Smallest count shown", "", report.threshold))
    writer.writerow(("report", "New learners in the month", "", report.learners.text))
    for table in report.tables:
        if not table.rows:
            writer.writerow((table.title, "", "", table.empty))
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=False):
                writer.writerow((table.title, row.label, column, cell.text))
    for note in report.notes:
        writer.writerow(("notes", "", "", note))
    return out.getvalue()


def csv_bytes(report: SiteReport) -> bytes:
    # utf-8-sig: Excel, which most sites open CSV files with, then reads '–' and '<' correctly.
    return report_csv(report).encode("utf-8-sig")


def write_csv(report: SiteReport, path: Path) -> None:
    # utf-8-sig: Excel, which most sites open CSV files with, then reads '–' and '<' correctly.
    durable.write_file(path, report_csv(report), mode=0o644, encoding="utf-8-sig")
