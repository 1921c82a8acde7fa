"""Helpers for site report tests: moving what happened into another month (the report publishes
only months that have ended), and reading a report's figures."""

from __future__ import annotations

from datetime import UTC, datetime

STAMPED = {
    "learners": ("created_at",),
    "progress": ("updated_at", "done_at"),
    "completions": ("completed_at",),
    "group_sessions": ("started_at", "last_activity_at", "ended_at"),
    "group_attendance": ("registered_at", "credited_at"),
    "group_answers": ("updated_at",),
    "programme_ratings": ("rated_on",),
    "pathway_completions": ("completed_at",),
}


def move_to_month(store, month: str) -> None:
    """What was recorded this month so far happened in ``month`` instead ('YYYY-MM', same day and
    time). Stored times are ISO strings, so only their first seven characters change."""
    with store.transaction() as c:
        for table, columns in STAMPED.items():
            for column in columns:
                c.execute(f"UPDATE {table} SET {column} = ? || substr({column}, 8) WHERE {column} >= ?",
                          (month, this_month()))


def this_month() -> str:
    return datetime.now(UTC).strftime("%Y-%m")


def shift(month: str, by: int) -> str:
    year, number = int(month[:4]), int(month[5:7]) - 1 + by
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def during(month: str, day: int = 15) -> datetime:
    return datetime(int(month[:4]), int(month[5:7]), day, 12, tzinfo=UTC)


def figures(report) -> dict[tuple[str, str, str], str]:
    """Every printed figure: (table, row, column) -> text. Each month's tables are printed under its
    own name, so figures of different months never share a key."""
    found = {}
    for table in report.tables:
        section = table.title if table.key == "over_time" else f"{report.month}: {table.title}"
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=True):
                found[(section, row.label, column)] = cell.text
    found[(report.month, "New learners", "")] = report.learners.text
    return found


def make_trainer(store, accounts, code: str = "TRAINER1"):
    """A trainer account (the role set directly: how trainers sign in is not these tests' subject)."""
    from kiosk.core.accounts import Learner

    learner = accounts.register(code, "572913")
    store.learners.update(learner.id, role="trainer")
    return Learner(learner.id, learner.first_name, "trainer", learner.pseudonym)
