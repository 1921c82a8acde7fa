"""The site report's shapes (cells, rows, tables), and their stored form: a closed month's tables
are kept exactly as first printed (kiosk/core/reports.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
