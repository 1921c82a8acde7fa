"""Draw the sample programme's scenario pictures (run on demand; the PNGs are committed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python media/make_pictures.py

Pictures are simple, calm plans rather than photographs: nobody is shown, nothing is graphic, and
each has alt text in module.yaml that says everything the picture shows.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
INK, ACCENT, SOFT, PAPER, WOOD = (QColor("#1d2a2f"), QColor("#245e6b"), QColor("#b9c6c9"),
                                  QColor("#f4f6f5"), QColor("#d9c8a9"))


def chair(p: QPainter, centre: QPointF, degrees: float) -> None:
    """A chair seen from above, its back away from the table (which lies towards -degrees)."""
    p.save()
    p.translate(centre)
    p.rotate(degrees - 90)  # the back, drawn at +y, ends up pointing away from the table
    p.setPen(QPen(INK, 2))
    p.drawRoundedRect(QRectF(-34, -30, 68, 60), 10, 10)
    p.drawRoundedRect(QRectF(-34, 22, 68, 14), 6, 6)
    p.restore()


def interview_room(path: Path) -> None:
    image = QImage(960, 600, QImage.Format.Format_RGB32)
    image.fill(PAPER)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(INK, 6))
    p.setBrush(QColor("#ffffff"))
    p.drawRect(QRectF(40, 30, 880, 540))
    # window on the far wall; door in the near wall, bottom left, with its swing
    p.setPen(QPen(ACCENT, 10))
    p.drawLine(QPointF(380, 30), QPointF(620, 30))
    p.setPen(QPen(QColor("#ffffff"), 8))
    p.drawLine(QPointF(90, 570), QPointF(200, 570))
    p.setPen(QPen(INK, 2, Qt.PenStyle.DashLine))
    swing = QPainterPath(QPointF(200, 570))
    swing.arcTo(QRectF(-20, 460, 220, 220), 0, 90)
    p.drawPath(swing)
    p.setPen(QPen(INK, 3))
    p.drawLine(QPointF(90, 570), QPointF(90, 460))
    label_font = QFont("DejaVu Sans", 21, QFont.Weight.DemiBold)
    p.setFont(QFont("DejaVu Sans", 19))
    p.setPen(INK)
    p.drawText(QRectF(96, 526, 110, 40), "Door")
    p.drawText(QRectF(380, 40, 240, 30), int(Qt.AlignmentFlag.AlignHCenter), "Window")
    # a round table with water, and three chairs in a triangle so everyone can see each other
    centre = QPointF(500, 310)
    p.setPen(QPen(INK, 2))
    p.setBrush(WOOD)
    p.drawEllipse(centre, 110, 110)
    p.setBrush(QColor("#cfe3e8"))
    for dx, dy in ((-20, -10), (25, 15), (-5, 35)):
        p.drawEllipse(centre + QPointF(dx, dy), 12, 12)
    # name, angle round the table, colour, where the name goes relative to the chair
    seats = (("Applicant", 150, ACCENT.lighter(170), QPointF(-20, 70)),
             ("Interpreter", 30, SOFT, QPointF(20, 70)),
             ("Interviewer", 270, SOFT, QPointF(170, 0)))
    places = {}
    for name, degrees, colour, offset in seats:
        rad = math.radians(degrees)
        where = centre + QPointF(math.cos(rad), math.sin(rad)) * 160
        places[name] = where
        p.setBrush(colour)
        chair(p, where, degrees)
        p.setPen(INK)
        p.setFont(label_font)
        text_at = where + offset
        p.drawText(QRectF(text_at.x() - 130, text_at.y() - 20, 260, 40), int(Qt.AlignmentFlag.AlignCenter), name)
    # the applicant's clear way out
    p.setPen(QPen(ACCENT, 3, Qt.PenStyle.DotLine))
    p.drawLine(places["Applicant"] + QPointF(-45, 25), QPointF(150, 540))
    p.setFont(QFont("DejaVu Sans", 18))
    p.setPen(ACCENT)
    p.drawText(QRectF(225, 505, 300, 40), "clear way to the door")
    p.end()
    image.save(str(path))


def main() -> int:
    QGuiApplication(sys.argv[:1])
    target = REPO / "modules" / "04-interviews-and-decisions" / "interview-room.png"
    interview_room(target)
    print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
