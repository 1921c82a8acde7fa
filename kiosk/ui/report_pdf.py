"""The site report as a PDF (QPdfWriter): its tables and charts, page by page, A4 portrait.

Used by the reports screen and by ``tip-kiosk report --format pdf``, which has no window: it makes
an offscreen QApplication (QtCharts needs one) just for the drawing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen
from PySide6.QtWidgets import QApplication, QGraphicsScene

from kiosk.core import durable
from kiosk.core.reports import SiteReport, Table
from kiosk.ui.formats import fill
from kiosk.ui.report_charts import CHARTED, chart_for

DPI = 150
MARGIN_MM = 15
INK, MUTED, RULE, SHADE = QColor("#1d2a2f"), QColor("#46575e"), QColor("#b9c6c9"), QColor("#eef3f3")



def write_pdf(report: SiteReport, path: Path) -> None:
    """Draw the report into ``path``, whole and durable when this returns (needs a QApplication)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    _draw_into(report, partial)
    durable.commit_file(partial, path)


def pdf_bytes(report: SiteReport) -> bytes:
    """The report's PDF in memory (the reports screen writes it into a new file of its own
    naming, kiosk.core.report_files)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    _draw_into(report, buffer)
    buffer.close()
    return bytes(data.data())


def _draw_into(report: SiteReport, path: Path | QBuffer) -> None:
    writer = QPdfWriter(path if isinstance(path, QBuffer) else str(path))
    writer.setResolution(DPI)
    writer.setTitle(report.title + " – " + QCoreApplication.translate("ReportPdf", "site report"))
    writer.setCreator("TIP Kiosk")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                     QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        _Pages(painter, writer).draw(report)
    finally:
        painter.end()


def write_pdf_headless(report: SiteReport, path: Path) -> None:
    """For the command line: draw the PDF with an offscreen QApplication if none is running."""
    if QApplication.instance() is None:
        app = QApplication(["tip-kiosk", "-platform", "offscreen"])  # kept alive until the PDF is drawn
        write_pdf(report, path)
        del app
    else:
        write_pdf(report, path)


class _Pages:
    def __init__(self, painter: QPainter, writer: QPdfWriter):
        self.painter = painter
        self.writer = writer
        rect = writer.pageLayout().paintRectPixels(DPI)
        self.width, self.height = rect.width(), rect.height()
        self.y = 0.0

    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont("DejaVu Sans")
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    def draw(self, report: SiteReport) -> None:
        self.text(report.title, self.font(18, True))
        self.text(QCoreApplication.translate("ReportPdf", "Site report"), self.font(14, True), MUTED)
        facts = fill(QCoreApplication.translate(
            "ReportPdf", "Figures for %1, made on %2. New learners that month: %3."),
            report.month, report.generated_at, report.learners.text)
        self.text(facts, self.font(10), MUTED)
        for note in report.notes:
            self.text(note, self.font(9), MUTED)
        for table in report.tables:
            self.section(table)

    def section(self, table: Table) -> None:
        # Keep the heading with what follows: its chart, or the first rows of its table.
        has_chart = bool(table.rows) and table.key in CHARTED
        self.space(self.width * 0.42 + self.height * 0.1 if has_chart else self.height * 0.15)
        self.y += 24
        self.text(table.title, self.font(13, True))
        if table.note:
            self.text(table.note, self.font(9), MUTED)
        if not table.rows:
            self.text(table.empty, self.font(10))
            return
        chart = chart_for(table, point_size=9)
        if chart is not None:
            size = QSizeF(self.width, self.width * 0.42)
            self.space(size.height())
            # Lay the chart out at screen resolution and scale it onto the page, so its fonts
            # (in points, taken at 96 dpi by the scene) come out at their size on paper.
            logical = size * (96 / DPI)
            chart.resize(logical)
            scene = QGraphicsScene()
            scene.addItem(chart)
            scene.render(self.painter, QRectF(0, self.y, size.width(), size.height()),
                         QRectF(0, 0, logical.width(), logical.height()))
            scene.removeItem(chart)
            self.y += size.height() + 12
        self.grid(table)

    def grid(self, table: Table) -> None:
        painter = self.painter
        font, bold = self.font(9), self.font(9, True)
        label_width = self.width * 0.40
        column_width = (self.width - label_width) / max(1, len(table.columns))
        row_height = self._line_height(font) * 1.6
        header_height = self._line_height(bold) * 2.6
        self.space(header_height + row_height)
        painter.setFont(bold)
        painter.setPen(INK)
        for i, column in enumerate(table.columns):
            rect = QRectF(label_width + i * column_width, self.y, column_width - 6, header_height)
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom |
                             Qt.TextFlag.TextWordWrap, column)
        self.y += header_height
        self.rule()
        for row in table.rows:
            if self.space(row_height):
                self.rule()
            if row.total:
                painter.fillRect(QRectF(0, self.y, self.width, row_height), SHADE)
            painter.setFont(bold if row.total else font)
            painter.setPen(INK)
            painter.drawText(QRectF(4, self.y, label_width - 8, row_height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, _elide(row.label, 44))
            for i, cell in enumerate(row.cells):
                rect = QRectF(label_width + i * column_width, self.y, column_width - 6, row_height)
                painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, cell.text)
            self.y += row_height
            self.rule()

    def text(self, text: str, font: QFont, colour: QColor = INK) -> None:
        painter = self.painter
        painter.setFont(font)
        painter.setPen(colour)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        bounds = painter.boundingRect(QRectF(0, 0, self.width, self.height), flags, text)
        self.space(bounds.height())
        painter.drawText(QRectF(0, self.y, self.width, bounds.height()), flags, text)
        self.y += bounds.height() + self._line_height(font) * 0.35

    def rule(self) -> None:
        self.painter.setPen(QPen(RULE, 1))
        self.painter.drawLine(0, round(self.y), round(self.width), round(self.y))

    def space(self, needed: float) -> bool:
        """Start a new page if ``needed`` does not fit on this one; True if it did."""
        if self.y + needed <= self.height:
            return False
        self.writer.newPage()
        self.y = 0.0
        return True

    def _line_height(self, font: QFont) -> float:
        self.painter.setFont(font)
        return float(self.painter.fontMetrics().height())


def _elide(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
