"""Site reports on the kiosk: each section's chart and table, and export to CSV or PDF.

The report is built off the UI thread (core function, own database connection) so the trainer's
screen stays responsive on a large site; charts and tables only ever show suppressed figures.

Saving offers no file dialog: a dialog running as the kiosk account could rename, delete or
overwrite any file the account can write. The trainer picks one of the export folders the kiosk
offers and the kiosk writes a new file it names there (kiosk/core/report_files.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from kiosk.core.report_files import ExportPlaces
from kiosk.core.reports import SiteReport, Table, csv_bytes, month_name
from kiosk.ui.formats import fill
from kiosk.ui.jobs import Job, Report
from kiosk.ui.report_charts import chart_for
from kiosk.ui.report_pdf import pdf_bytes
from kiosk.ui.theme import CALM
from kiosk.ui.widgets import button, card, label, set_text


class FolderBox(QComboBox):
    """The export folders; asks for them afresh whenever it opens (a USB drive may have come)."""

    opening = Signal()

    def showPopup(self) -> None:
        self.opening.emit()
        super().showPopup()


class ReportsScreen(QWidget):
    """Emits ``closed`` when the trainer goes back. ``ready`` once the report is shown, ``saved``
    with the new file's path."""

    closed = Signal()
    ready = Signal()
    saved = Signal(object)

    def __init__(self, build: Callable[..., SiteReport], exports: ExportPlaces | None = None,
                 parent: QWidget | None = None):
        """``build()`` makes the report of the last ended month, ``build(month)`` of another
        ('YYYY-MM'); both run on a worker thread."""
        super().__init__(parent)
        self.report: SiteReport | None = None
        self.job: Job | None = None
        self.build = build
        self.exports = exports
        self.month_box = QComboBox()
        self.month_box.setAccessibleName(self.tr("Month the report shows"))
        self.month_box.setEnabled(False)
        self.month_box.activated.connect(self._month_chosen)
        self.back_button = button(self.tr("← &Trainer home"))
        self.folder_box = FolderBox()
        self.folder_box.setAccessibleName(self.tr("Folder to save the report in"))
        self.folder_box.opening.connect(self.refresh_folders)
        self.csv_button = button(self.tr("Save as &CSV"))
        self.pdf_button = button(self.tr("Save as &PDF"), primary=True)
        self.status = label(self.tr("Preparing the report…"), "muted")
        self.status.setAccessibleName(self.tr("Report status"))
        for widget in (self.csv_button, self.pdf_button, self.folder_box):
            widget.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(label(self.tr("Site report"), "title"), 1)
        controls = QHBoxLayout()
        month = label(self.tr("&Month:"))
        month.setBuddy(self.month_box)
        save_in = label(self.tr("Save &in:"))
        save_in.setBuddy(self.folder_box)
        controls.addWidget(month)
        controls.addWidget(self.month_box)
        controls.addStretch(1)
        for part in (save_in, self.folder_box, self.csv_button, self.pdf_button):
            controls.addWidget(part)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setAccessibleName(self.tr("Site report"))
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 16, 32, 16)
        column.addLayout(top)
        column.addLayout(controls)
        column.addWidget(self.status)
        column.addWidget(self.area, 1)
        self.back_button.clicked.connect(self.closed)
        self.csv_button.clicked.connect(lambda: self._save("csv"))
        self.pdf_button.clicked.connect(lambda: self._save("pdf"))
        self._start(build)
        self.back_button.setFocus()

    def _month_chosen(self, index: int) -> None:
        month = self.month_box.itemData(index)
        if self.report is None or month is None:
            return
        for widget in (self.csv_button, self.pdf_button, self.folder_box, self.month_box):
            widget.setEnabled(False)
        set_text(self.status, self.tr("Preparing the report…"))
        self.stop()
        self._start(lambda: self.build(month))

    # -- building -----------------------------------------------------------------------------
    def _start(self, build: Callable[[], SiteReport]) -> None:
        def work(_report: Report) -> SiteReport:
            return build()

        self.job = Job(work, name="site-report", parent=self)
        self.job.finished.connect(self.show_report)
        self.job.failed.connect(self._failed)
        self.job.start()

    def stop(self) -> None:
        """Drop the report being built and wait for its thread (before the screen goes, or
        another month is asked for)."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()

    def _failed(self, message: str) -> None:
        set_text(self.status, message)
        if self.report is not None:  # the report on screen is still there: let them choose again
            self.month_box.setEnabled(True)
            self.refresh_folders()

    def show_report(self, report: SiteReport) -> None:
        self.report = report
        body = QWidget()
        column = QVBoxLayout(body)
        column.setSpacing(16)
        column.addWidget(label(fill(self.tr("%1 · figures for %2 · made %3 · new learners that month: %4"),
                                    report.title, report.month, report.generated_at, report.learners.text),
                               "muted"))
        for note in report.notes:
            column.addWidget(label(note, "muted"))
        for table in report.tables:
            column.addWidget(self._section(table))
        column.addStretch(1)
        self.area.setWidget(body)
        set_text(self.status, fill(self.tr("Counts under %1 people are hidden."), report.threshold))
        self.month_box.clear()
        for month in reversed(report.months):  # the latest first
            self.month_box.addItem(month_name(month), month)
        shown = next((i for i in range(self.month_box.count()) if month_name(self.month_box.itemData(i))
                      == report.month), 0)
        self.month_box.setCurrentIndex(shown)
        self.month_box.setEnabled(True)
        self.refresh_folders()
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
    def refresh_folders(self) -> None:
        """Offer the export folders there are now; saving is possible only into one of them."""
        chosen = self.folder_box.currentData()
        folders = self.exports.folders() if self.exports is not None else []
        self.folder_box.clear()
        for folder in folders:
            self.folder_box.addItem(str(folder), folder)
        if chosen in folders:
            self.folder_box.setCurrentIndex(folders.index(chosen))
        can_save = self.report is not None and bool(folders)
        for widget in (self.csv_button, self.pdf_button, self.folder_box):
            widget.setEnabled(can_save)
        if self.report is not None and not folders:
            set_text(self.status, self.tr("There is no folder to save reports in: plug in a USB drive, "
                                          "or ask IT to set one up (reports_folder)."))

    def save(self, fmt: str) -> Path | None:
        """Write the report as a new file in the chosen folder; says what happened."""
        folder = self.folder_box.currentData()
        if self.report is None or self.exports is None or folder is None:
            return None
        try:
            data = csv_bytes(self.report) if fmt == "csv" else pdf_bytes(self.report)
            path = self.exports.save(folder, fmt, data)
        except KioskError as exc:
            set_text(self.status, str(exc))
            self.refresh_folders()
            return None
        set_text(self.status, fill(self.tr("Saved as %1 in %2"), path.name, path.parent))
        self.saved.emit(path)
        return path

    def _save(self, fmt: str) -> None:
        self.save(fmt)
