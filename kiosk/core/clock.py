"""The one clock the store and the core read: the current time in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> str:
    """Now in UTC as ISO 8601 text to the millisecond ('2026-01-31T09:15:00.123+00:00'), the form
    every stored time takes."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")
