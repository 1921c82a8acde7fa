"""Charts for the site report, drawn with QtCharts from the suppressed report data: a hidden
figure is never drawn; its category is labelled with what the table shows instead (e.g. '<10')."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QColor, QFont

from kiosk.core.errors import QT_TRANSLATE_NOOP
from kiosk.core.reports import Row, Table

COLOURS = ("#245e6b", "#c98a1b", "#7a9e3c", "#6b4c7a")
"""Teal, ochre, green, plum: distinct for most kinds of colour blindness, calm on a projector."""

RATING_TITLES = {
    "feedback": QT_TRANSLATE_NOOP("ReportCharts", "Share rating the module 4 or 5 out of 5 (%)"),
    "group_feedback": QT_TRANSLATE_NOOP("ReportCharts", "Show of hands: share 4 or 5 out of 5 (%)"),
    "programme_ratings": QT_TRANSLATE_NOOP("ReportCharts", "Share rating the programme 4 or 5 out of 5 (%)"),
}
CHARTED = frozenset({"completions", "over_time", "confidence", "knowledge", *RATING_TITLES})
"""Tables drawn with a chart (when they have rows)."""



def chart_for(table: Table, point_size: int = 11) -> QChart | None:
    """The chart that goes with a table, or None (the table is empty or has no chart)."""
    rows = [r for r in table.rows if not r.total]
    if not rows:
        return None
    if table.key == "completions":
        return _bars(QCoreApplication.translate("ReportCharts", "People who completed each module"), rows,
                     [(QCoreApplication.translate("ReportCharts", "Completed"), 2)], point_size, horizontal=True)
    if table.key == "over_time":
        return _bars(QCoreApplication.translate("ReportCharts", "Completions each month"), rows,
                     [(QCoreApplication.translate("ReportCharts", "Completed"), 1)], point_size)
    if table.key in RATING_TITLES:
        return _bars(QCoreApplication.translate("ReportCharts", RATING_TITLES[table.key]), rows,
                     [(QCoreApplication.translate("ReportCharts", "Engaging"), 1),
                      (QCoreApplication.translate("ReportCharts", "Applicable"), 3)], point_size,
                     horizontal=True, top=100)
    if table.key == "knowledge":
        return _bars(QCoreApplication.translate("ReportCharts", "Average knowledge test score (%)"), rows,
                     [(QCoreApplication.translate("ReportCharts", "Before"), 1),
                      (QCoreApplication.translate("ReportCharts", "After"), 2)], point_size, top=100)
    if table.key == "confidence":
        return _bars(QCoreApplication.translate("ReportCharts", "Average confidence, 1 to 5"), rows,
                     [(QCoreApplication.translate("ReportCharts", "Before"), 1),
                      (QCoreApplication.translate("ReportCharts", "After"), 2)], point_size, top=5)
    return None


def _bars(title: str, rows: Sequence[Row], series: Sequence[tuple[str, int]], point_size: int,
          horizontal: bool = False, top: float | None = None) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont()
    font.setPointSize(point_size)
    title_font = QFont(font)
    title_font.setPointSize(point_size + 2)
    title_font.setBold(True)
    chart.setTitleFont(title_font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # calm, and the same in a PDF
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    if horizontal:
        rows = list(reversed(rows))  # horizontal bars run bottom-up: keep the table's order top-down
    bars = QHorizontalBarSeries() if horizontal else QBarSeries()
    highest = 0.0
    for (name, column), colour in zip(series, COLOURS, strict=False):
        bar_set = QBarSet(name)
        bar_set.setColor(QColor(colour))
        bar_set.setBorderColor(QColor(colour))
        bar_set.setLabelColor(QColor("#ffffff"))
        bar_set.setLabelFont(font)
        for row in rows:
            value = row.cells[column].value
            bar_set.append(value if value is not None else 0.0)
            highest = max(highest, value or 0.0)
        bars.append(bar_set)
    bars.setLabelsVisible(True)
    bars.setLabelsFormat("@value")
    bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsInsideEnd)  # shown figures are never tiny
    chart.addSeries(bars)
    categories = QBarCategoryAxis()
    categories.append([_category(row, [c for _, c in series]) for row in rows])
    categories.setLabelsFont(font)
    values = QValueAxis()
    values.setLabelFormat("%d")
    values.setLabelsFont(font)
    if top is not None:
        values.setRange(0, top)
        values.setTickCount(6)
    else:
        values.setRange(0, max(4.0, highest * 1.1))
        values.applyNiceNumbers()
    if horizontal:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(categories)
    bars.attachAxis(values)
    chart.legend().setVisible(len(series) > 1)
    chart.legend().setFont(font)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _category(row: Row, columns: Sequence[int]) -> str:
    """The row's label, with what stands in for any hidden figure, since no bar is drawn for it."""
    not_shown = QCoreApplication.translate("ReportCharts", "not shown")
    hidden = list(dict.fromkeys(row.cells[c].text if row.cells[c].text != "–" else not_shown
                                for c in columns if row.cells[c].value is None))
    room = 26 if hidden else 38  # keep the marker visible: shorten the name, not the '<10'
    label = row.label if len(row.label) <= room else row.label[:room - 1] + "…"
    # Axis labels are rich text: '<10' must be escaped or it vanishes as a broken tag.
    return html.escape(f"{label} ({', '.join(hidden)})" if hidden else label)
