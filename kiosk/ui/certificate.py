"""A completion certificate as a one-page PDF, drawn with Qt's PDF writer.

It carries the programme, the module, the day it was completed and the verification code; a
name only if the learner types one for this certificate (the kiosk keeps no full names).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from kiosk.core import durable
from kiosk.core.certificates import Certificate
from kiosk.core.errors import KioskError
from kiosk.ui.formats import fill, long_date
from kiosk.ui.levels import level_name

RESOLUTION = 300  # dots per inch; the page is drawn in these units



def write_certificate(cert: Certificate, path: Path, name: str = "") -> Path:
    """Write the certificate to ``path`` (replacing it whole, never half-written).

    Raises:
        KioskError: the file could not be written (a full or read-only drive, say).
    """
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    writer = QPdfWriter(str(partial))
    writer.setResolution(RESOLUTION)
    writer.setTitle(fill(QCoreApplication.translate("certificate", "Certificate of completion: %1"), cert.module_title))
    writer.setCreator("TIP Kiosk")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise KioskError(fill(QCoreApplication.translate(
            "certificate", "The certificate could not be saved to %1. Try another place, such as a "
            "USB stick, or ask a trainer."), path.parent))
    try:
        _draw(painter, writer.width(), writer.height(), cert, name.strip())
    finally:
        painter.end()
    try:
        durable.commit_file(partial, path)  # on disk under its name before we say it is saved
    except OSError as exc:
        raise KioskError(fill(QCoreApplication.translate(
            "certificate", "The certificate could not be saved (%1). Try another place, or ask a "
            "trainer."), exc.strerror or str(exc))) from None
    return path


def _draw(painter: QPainter, width: int, height: int, cert: Certificate, name: str) -> None:
    accent, text, muted = QColor("#245e6b"), QColor("#1d2a2f"), QColor("#46575e")
    mm = RESOLUTION / 25.4
    painter.setPen(QPen(accent, 1.2 * mm))
    painter.drawRect(QRectF(0, 0, width, height).adjusted(2 * mm, 2 * mm, -2 * mm, -2 * mm))
    painter.setPen(QPen(accent, 0.4 * mm))
    painter.drawRect(QRectF(0, 0, width, height).adjusted(5 * mm, 5 * mm, -5 * mm, -5 * mm))

    lines = [(cert.programme, 16, muted, False, 6),
             (QCoreApplication.translate("certificate", "Certificate of completion"), 30, accent, True, 12)]
    if cert.level:  # a programme certificate: a whole pathway, at its level
        lines += _pathway_lines(cert, name, text, muted)
    elif name:
        lines += [(QCoreApplication.translate("certificate", "This is to certify that"), 14, muted, False, 3),
                  (name, 22, text, True, 6),
                  (QCoreApplication.translate("certificate", "has completed the module"), 14, muted, False, 3),
                  (cert.module_title, 24, text, True, 3)]
    else:
        lines += [(QCoreApplication.translate("certificate", "This certificate records that the module"),
                   14, muted, False, 3),
                  (cert.module_title, 24, text, True, 3),
                  (QCoreApplication.translate("certificate", "has been completed"), 14, muted, False, 3)]
    lines += [(fill(QCoreApplication.translate("certificate", "on %1"),
                    long_date(cert.completed_on)), 16, text, False, 14),
              (fill(QCoreApplication.translate("certificate", "Verification code: %1"), cert.code), 14, text, True, 2),
              (_small_print(cert), 9, muted, False, 0)]
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
    column = QRectF(20 * mm, 0, width - 40 * mm, height)
    measured = []
    for words, points, _colour, bold, gap in lines:
        font = QFont("DejaVu Sans")
        font.setPointSizeF(points)
        font.setBold(bold)
        font.setFeature(QFont.Tag("liga"), 0)  # plain letters, so the PDF's text reads and searches well
        painter.setFont(font)
        measured.append((font, painter.boundingRect(column, flags, words).height(), gap))
    y = (height - sum(h + gap * mm for _, h, gap in measured)) / 2
    for (words, _, colour, _, _), (font, used, gap) in zip(lines, measured, strict=True):
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(QRectF(column.left(), y, column.width(), used), flags, words)
        y += used + gap * mm


def _pathway_lines(cert: Certificate, name: str, text: QColor, muted: QColor) -> list:
    level = fill(QCoreApplication.translate("certificate", "%1 level"), level_name(cert.level))
    if name:
        return [(QCoreApplication.translate("certificate", "This is to certify that"), 14, muted, False, 3),
                (name, 22, text, True, 6),
                (QCoreApplication.translate("certificate", "has completed the pathway"), 14, muted, False, 3),
                (cert.module_title, 24, text, True, 3),
                (level, 16, text, False, 3)]
    return [(QCoreApplication.translate("certificate", "This certificate records that the pathway"),
             14, muted, False, 3),
            (cert.module_title, 24, text, True, 3),
            (level, 16, text, False, 3),
            (QCoreApplication.translate("certificate", "has been completed"), 14, muted, False, 3)]


def _small_print(cert: Certificate) -> str:
    if cert.level:
        return QCoreApplication.translate(
            "certificate", "Every module of this pathway was completed. The code identifies this completion "
            "record on the computer where it was completed, without identifying the person. A trainer can "
            "check it there with 'tip-kiosk certificate verify'.")
    return fill(QCoreApplication.translate(
        "certificate", "Module version %1. The code identifies this completion record on the computer where it "
        "was completed, without identifying the person. A trainer can check it there with "
        "'tip-kiosk certificate verify'."), cert.module_version)
