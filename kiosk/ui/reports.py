"""Site reports on the kiosk: each section's chart and table, and export to CSV or PDF.

The report is built off the UI thread (core function, own database connection) so the trainer's
screen stays responsive on a large site; charts and tables only ever show suppressed figures.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QObject, QStandardPaths, Qt, QThread, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.reports import SiteReport, Table, write_csv
from kiosk.ui.report_charts import chart_for
from kiosk.ui.report_pdf import write_pdf
from kiosk.ui.theme import CALM
from kiosk.ui.widgets import button, card, label, set_text

log = logging.getLogger(__name__)


class ReportWorker(QObject):
    """Runs ``build`` (a plain core function) on a QThread; never touches a widget."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, build: Callable[[], SiteReport]):
        super().__init__()
        self.build = build

    def run(self) -> None:
        try:
            self.finished.emit(self.build())
        except KioskError as exc:
            self.failed.emit(str(exc))
        except Exception:  # logged with its traceback; the screen says it calmly
            log.exception("The site report could not be built")
            self.failed.emit("The report could not be prepared. The details are in the kiosk's log.")


class ReportsScreen(QWidget):
    """Emits ``closed`` when the trainer goes back. ``ready`` once the report is shown."""

    closed = Signal()
    ready = Signal()

    def __init__(self, build: Callable[[], SiteReport], parent: QWidget | None = None):
        super().__init__(parent)
        self.report: SiteReport | None = None
        self.thread: QThread | None = None
        self.back_button = button(self.tr("← &Trainer home"))
        self.csv_button = button(self.tr("Save as &CSV…"))
        self.pdf_button = button(self.tr("Save as &PDF…"), primary=True)
        self.status = label(self.tr("Preparing the report…"), "muted")
        self.status.setAccessibleName(self.tr("Report status"))
        for widget in (self.csv_button, self.pdf_button):
            widget.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(label(self.tr("Site report"), "title"), 1)
        top.addWidget(self.csv_button)
        top.addWidget(self.pdf_button)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setAccessibleName(self.tr("Site report"))
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 16, 32, 16)
        column.addLayout(top)
        column.addWidget(self.status)
        column.addWidget(self.area, 1)
        self.back_button.clicked.connect(self.closed)
        self.csv_button.clicked.connect(lambda: self._save("csv"))
        self.pdf_button.clicked.connect(lambda: self._save("pdf"))
        self._start(build)
        self.back_button.setFocus()

    # -- building -----------------------------------------------------------------------------
    def _start(self, build: Callable[[], SiteReport]) -> None:
        self.thread = QThread(self)
        self.worker = ReportWorker(build)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.show_report)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self.thread.quit)
        self.worker.failed.connect(self.thread.quit)
        self.thread.start()

    def stop(self) -> None:
        """Wait for the worker (called before the screen is dropped)."""
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait()

    def _failed(self, message: str) -> None:
        set_text(self.status, message)

    def show_report(self, report: SiteReport) -> None:
        self.report = report
        body = QWidget()
        column = QVBoxLayout(body)
        column.setSpacing(16)
        column.addWidget(label(self.tr("%1 · made %2 · learners registered: %3").replace("%1", report.title)
                               .replace("%2", report.generated_at).replace("%3", report.learners.text), "muted"))
        for note in report.notes:
            column.addWidget(label(note, "muted"))
        for table in report.tables:
            column.addWidget(self._section(table))
        column.addStretch(1)
        self.area.setWidget(body)
        set_text(self.status, self.tr("Counts under %1 people are hidden.").replace("%1", str(report.threshold)))
        for widget in (self.csv_button, self.pdf_button):
            widget.setEnabled(True)
        self.ready.emit()

    def _section(self, table: Table) -> QWidget:
        parts: list[QWidget] = [label(table.title, "subtitle")]
        if table.note:
            parts.append(label(table.note, "muted"))
        if not table.rows:
            parts.append(label(table.empty))
            return card(*parts)
        chart = chart_for(table)
        if chart is not None:
            view = QChartView(chart)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setFrameShape(QFrame.Shape.NoFrame)
            view.setStyleSheet(f"background: {CALM.surface};")
            view.setMinimumHeight(300)
            view.setAccessibleName(chart.title())
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table next to it says the same, readably
            parts.append(view)
        parts.append(self._grid(table))
        return card(*parts)

    def _grid(self, table: Table) -> QTableWidget:
        grid = QTableWidget(len(table.rows), len(table.columns))
        grid.setAccessibleName(table.title)
        grid.setHorizontalHeaderLabels(list(table.columns))
        grid.setVerticalHeaderLabels([row.label for row in table.rows])
        grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                item = QTableWidgetItem(cell.text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row.total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                grid.setItem(r, c, item)
        grid.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        grid.resizeRowsToContents()
        height = grid.horizontalHeader().sizeHint().height() + sum(grid.rowHeight(r) for r in range(grid.rowCount()))
        grid.setFixedHeight(height + 2 * grid.frameWidth())  # the whole table, no empty space under it
        return grid

    # -- export -------------------------------------------------------------------------------
    def export_csv(self, path: Path) -> None:
        write_csv(self.report, path)

    def export_pdf(self, path: Path) -> None:
        write_pdf(self.report, path)

    def _save(self, fmt: str) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"site-report-{self.report.generated_at[:10]}.{fmt}"
        title = self.tr("Save the report as CSV") if fmt == "csv" else self.tr("Save the report as PDF")
        kinds = self.tr("CSV files (*.csv)") if fmt == "csv" else self.tr("PDF files (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(folder) / name), kinds,
                                              options=QFileDialog.Option.DontUseNativeDialog)
        if not path:
            return
        try:
            (self.export_csv if fmt == "csv" else self.export_pdf)(Path(path))
        except OSError as exc:
            set_text(self.status, self.tr("The report could not be saved there (%1). Try another folder.")
                     .replace("%1", exc.strerror or str(exc)))
            return
        set_text(self.status, self.tr("Saved to %1").replace("%1", path))
