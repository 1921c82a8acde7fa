"""The one clock the store and the core read: the current time in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def now_utc() -> datetime:
    """The current moment, as a timezone-aware datetime in UTC."""
    return datetime.now(UTC)


def utcnow() -> str:
    """The current moment as stored times are written: ISO 8601 text in UTC to the millisecond
    ('2026-01-31T09:15:00.123+00:00')."""
    return now_utc().isoformat(timespec="milliseconds")
