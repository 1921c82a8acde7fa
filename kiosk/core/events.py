"""What a learner (or a trainer's group session) did, as events a record maker may report.

The learner code path (kiosk.core.learning) and group sessions (kiosk.core.groups) make these;
kiosk.core.records turns them into anonymised xAPI statements queued with the progress they
describe, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from kiosk.core.accounts import Learner
from kiosk.core.store import OutboundRecord

if TYPE_CHECKING:  # the content model is not imported before the sign-in screen is shown
    from kiosk.core.content import Module, Step


@dataclass(frozen=True)
class GroupFacts:
    """What may be said about a group session in a record: no names, no codes, no answers."""

    session_id: str
    """A UUID made for the session; the same in the session's record and its attendees' ones."""
    size: int
    """People who attended (registered), including those who joined late or left early."""
    duration_seconds: int
    """From start to end, without time lost to a crash or power cut."""
    credited: int = 0
    """Attendees given completion credit."""
    started_on: str = ""
    """The day the session started (YYYY-MM-DD, UTC)."""


@dataclass(frozen=True)
class Event:
    """Something a learner did that may be reported (anonymised) by a record maker.

    ``answer`` never carries free text: reflections and survey comments stay on this PC, so
    they are left out before any record maker sees the event. For ``module_completed`` it is
    ``{"completion_id", "score"}``.

    Kinds from group sessions (kiosk/core/groups.py):
      ``group_completed``: ``learner`` attended a group session of ``module`` and the trainer gave
        them completion credit; ``group`` describes the session. Map it like ``module_completed``
        (pseudonymous, as any completion), noting that it was delivered in a group.
      ``group_session``: one per session, describing it (``group``: size, duration, day);
        ``learner`` is the trainer who led it. The record must carry no attendee identity.
    """

    kind: Literal["step_done", "check_answered", "module_started", "module_completed",
                  "group_completed", "group_session"]
    learner: Learner
    module: Module
    step: Step | None = None
    answer: Any = None
    group: GroupFacts | None = None


RecordMaker = Callable[[Event], list[OutboundRecord]]
"""Turns an event into the records to queue with it; see kiosk.core.records."""


def no_records(event: Event) -> list[OutboundRecord]:
    return []
