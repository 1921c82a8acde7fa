"""Dates and lengths of time in words, in the interface language (QLocale), for learners."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QLocale


def long_date(value: str | date) -> str:
    """'4 March 2025' from a date or an ISO timestamp (the day part is used as it is)."""
    day = value if isinstance(value, date) else date.fromisoformat(value[:10])
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


def time_spent(seconds: float) -> str:
    """Time on a module, rounded kindly: nobody needs to know it to the second."""
    minutes = round(seconds / 60)
    if seconds <= 0:
        return QCoreApplication.translate("formats", "No time yet")
    if minutes < 1:
        return QCoreApplication.translate("formats", "Less than a minute")
    if minutes < 60:
        return (QCoreApplication.translate("formats", "About 1 minute") if minutes == 1 else
                QCoreApplication.translate("formats", "About %1 minutes").replace("%1", str(minutes)))
    hours, rest = divmod(minutes, 60)
    text = QCoreApplication.translate("formats", "About 1 hour") if hours == 1 else QCoreApplication.translate("formats", "About %1 hours").replace("%1", str(hours))
    if rest:
        text += " " + QCoreApplication.translate("formats", "%1 minutes").replace("%1", str(rest))
    return text
