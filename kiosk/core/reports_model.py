"""The site report's shapes (cells, rows, tables), their stored form (a closed month's tables are
kept exactly as first printed, kiosk/core/reports.py), and printing counts after suppression."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.core.suppression import Line, Mark

NOT_SHOWN = "–"


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


def cell_data(cell: Cell) -> list[Any]:
    return [cell.text, cell.value, cell.hidden]


def cell_from(data: Any) -> Cell:
    text, value, hidden = data
    return Cell(str(text), value, str(hidden))


def table_data(table: Table) -> dict[str, Any]:
    return {"key": table.key, "title": table.title, "columns": list(table.columns),
            "rows": [[row.label, [cell_data(c) for c in row.cells], row.total] for row in table.rows],
            "note": table.note, "empty": table.empty}


def table_from(data: dict[str, Any]) -> Table:
    rows = tuple(Row(label, tuple(cell_from(c) for c in cells), bool(total)) for label, cells, total in data["rows"])
    return Table(data["key"], data["title"], tuple(data["columns"]), rows, data.get("note", ""),
                 data.get("empty", ""))


@dataclass
class View:
    counts: Mapping[Hashable, int]
    marks: Mapping[Hashable, Mark]
    bounds: Mapping[Hashable, tuple[float, float]]
    threshold: int

    def count(self, key: Hashable) -> Cell:
        mark = self.marks.get(key)
        if mark == "small":
            return Cell(f"<{self.threshold}", None, "small")
        if mark == "complement":
            return Cell("*", None, "complement")
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


def number(value: float | None, digits: int = 1) -> Cell:
    if value is None:
        return Cell(NOT_SHOWN, None, "derived")
    return Cell(f"{value:.{digits}f}", round(value, digits))


def table_lines(row_keys: Sequence[Hashable], col_keys: Sequence[Hashable], total_row: Hashable,
                total_col: Hashable, key: Callable[[Hashable, Hashable], Hashable]) -> list[Line]:
    """The sums a table with a total row and a total column states."""
    lines = [Line(tuple(key(r, c) for c in col_keys), key(r, total_col)) for r in (*row_keys, total_row)]
    lines += [Line(tuple(key(r, c) for r in row_keys), key(total_row, c)) for c in (*col_keys, total_col)]
    return lines
