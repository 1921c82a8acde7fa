"""Where each learner stopped in each video and which parts they played (resume and completion)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from kiosk.core.clock import utcnow
from kiosk.core.store.store import Queries, compact_json
from kiosk.core.watching import Intervals, merge


@dataclass(frozen=True)
class MediaState:
    """A learner's place in one video."""

    position: float = 0.0
    """Seconds into the media where they stopped."""
    watched: Intervals = ()
    """The parts they actually played, merged, in seconds."""
    length: float | None = None
    """The media's length when they last played it, if known."""


class MediaQueries(Queries):
    """Where learners stopped in videos (``store.media``)."""

    def save(self, learner_id: int, module_id: str, step_id: str, *,
             position: float, watched: Intervals, length: float | None = None) -> None:
        """Keep the position and played parts (committed to disk when this returns).

        Raises:
            StoreError: it could not be saved; what was saved before is intact.
        """
        intervals = [[round(s, 2), round(e, 2)] for s, e in merge(watched)]
        with self.store.transaction() as c:
            c.execute(
                "INSERT INTO media_positions(learner_id, module_id, step_id, position, watched, length, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(learner_id, module_id, step_id) DO UPDATE SET position = excluded.position, "
                "watched = excluded.watched, length = COALESCE(excluded.length, media_positions.length), "
                "updated_at = excluded.updated_at",
                (learner_id, module_id, step_id, round(max(0.0, position), 2),
                 compact_json(intervals), length, utcnow()))

    def state(self, learner_id: int, module_id: str, step_id: str) -> MediaState:
        """The learner's saved place in a video (the start, if they never played it)."""
        row = self.conn.execute(
            "SELECT position, watched, length FROM media_positions "
            "WHERE learner_id = ? AND module_id = ? AND step_id = ?",
            (learner_id, module_id, step_id)).fetchone()
        if row is None:
            return MediaState()
        try:
            watched = merge((float(s), float(e)) for s, e in json.loads(row[1] or "[]"))
        except (ValueError, TypeError):
            watched = ()  # an unreadable row must not stop the video: start counting afresh
        return MediaState(float(row[0]), watched, row[2])


