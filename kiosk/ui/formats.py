"""Dates and lengths of time in words, in the interface language (QLocale), for learners; `fill`,
the one way to put values into a translated string's placeholders; and `describe_sync`, the one way
a screen tells trainers and IT how sending records is going."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

if TYPE_CHECKING:  # kiosk.core.sync brings the HTTP client; only its dataclass is needed here
    from kiosk.core.sync import SyncStatus

_PLACEHOLDER = re.compile(r"%([1-9][0-9]?)")  # %1 to %99, as QString.arg reads them


def fill(template: str, *args: object) -> str:
    """A translated string with its placeholders filled: ``fill(self.tr("Step %1 of %2"), n, total)``.

    It exists because filling by hand, ``tr(...).replace("%1", a).replace("%2", b)``, reads the text
    again after each value goes in: a module titled "Week %2 plan" had its "%2" replaced by the next
    value. Here every placeholder is replaced in one pass, so text inside a value is never read as a
    placeholder. The rules are those of Qt's ``QString.arg(a, b, ...)``: a placeholder is ``%`` and a
    number from 1 to 99 (``%10`` is the tenth, never ``%1`` and a "0"); the first value goes into the
    lowest-numbered placeholder wherever it stands (all its copies), the second into the next, and so on.
    A placeholder left without a value stays as written (``%3`` stays "%3"); surplus values are ignored;
    any other ``%`` stays as it is (there is no escape: ``"%1%"`` with 50 is "50%", ``%%1`` is "%" and
    the value). Values are written with ``str()``: format numbers and dates before (``long_date``).
    """
    numbers = sorted({int(number) for number in _PLACEHOLDER.findall(template)})
    values = {number: str(value) for number, value in zip(numbers, args, strict=False)}
    return _PLACEHOLDER.sub(lambda found: values.get(int(found.group(1)), found.group(0)), template)


def long_date(value: str | date) -> str:
    """'4 March 2025' from a date or an ISO timestamp (the day part is used as it is)."""
    day = value if isinstance(value, date) else date.fromisoformat(value[:10])
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


def local_time(iso: str) -> str:
    """'14 March 2026, 10:00' on this computer's clock from an ISO timestamp (any offset), in the
    interface language; a text that is not a timestamp comes back as it is."""
    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    shown = QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))
    return QLocale().toString(shown, "d MMMM yyyy, HH:mm")


def describe_sync(status: SyncStatus) -> list[str]:
    """How sending records to the organisation is going, a line per fact, in the interface language;
    the last problem, when there is one, is the last line."""
    translate = QCoreApplication.translate
    last = local_time(status.last_success) if status.last_success else translate("formats", "never")
    lines = [fill(translate("formats", "Last successful sync: %1"), last),
             fill(translate("formats", "Records waiting to send: %1"), status.pending),
             fill(translate("formats", "Records set aside (not accepted): %1"), status.quarantined)]
    if status.pooled:
        # Held on purpose until the day ends, to leave mixed with other learners' (not a fault).
        lines.append(fill(translate("formats", "Unlinked records waiting to be mixed (sent after the day ends): %1"),
                          status.pooled))
    if status.last_error:
        lines.append(fill(translate("formats", "Last problem: %1"), status.last_error))
    return lines


def time_spent(seconds: float) -> str:
    """Time on a module, rounded kindly: nobody needs to know it to the second."""
    minutes = round(seconds / 60)
    if seconds <= 0:
        return QCoreApplication.translate("formats", "No time yet")
    if minutes < 1:
        return QCoreApplication.translate("formats", "Less than a minute")
    if minutes < 60:
        return (QCoreApplication.translate("formats", "About 1 minute") if minutes == 1 else
                fill(QCoreApplication.translate("formats", "About %1 minutes"), minutes))
    hours, rest = divmod(minutes, 60)
    text = (QCoreApplication.translate("formats", "About 1 hour") if hours == 1
            else fill(QCoreApplication.translate("formats", "About %1 hours"), hours))
    if rest:
        text += " " + fill(QCoreApplication.translate("formats", "%1 minutes"), rest)
    return text
