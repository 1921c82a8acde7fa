"""A learner's work on a video step: where they stopped, what they played, and when watching (or
reading the transcript) finishes the step. The part of ``ModuleRun`` the video screen calls; what
finishes a step saves through ``ModuleRun._save`` with the step's record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.core.run_part import RunPart
from kiosk.core.store import MediaState
from kiosk.core.watching import Intervals, is_watched, watched_share

if TYPE_CHECKING:
    from kiosk.core.content.model import VideoStep


class VideoSteps(RunPart):
    """Mixed into ``ModuleRun``."""

    def media_state(self, step: VideoStep) -> MediaState:
        """Where this learner stopped in ``step``'s video and which parts they played."""
        return self.learning.store.media.state(self.learning.learner.id, self.module.id, step.id)

    def save_media_state(self, step: VideoStep, position: float, watched: Intervals,
                         length: float | None = None) -> None:
        """Keep the learner's place in a video (called every few seconds while it plays, and on
        pause, leaving the step, sign-out and exit)."""
        self.learning.store.media.save(self.learning.learner.id, self.module.id, step.id,
                                       position=position, watched=watched, length=length)

    def record_watched(self, step: VideoStep, watched: Intervals, length: float) -> bool:
        """Mark the video done if enough of it has been played (see kiosk.core.watching).

        Returns True if the step is done (now or before).
        """
        if self.is_done(step):
            return True
        if not is_watched(watched, length):
            return False
        share = round(watched_share(watched, length), 3)
        self._save(step, "done", answer={"via": "video", "watched": share}, events=["step_done"])
        return True

    def record_transcript_read(self, step: VideoStep, video_unavailable: bool = False) -> bool:
        """The learner read the transcript. It completes the step when the author allows it as an
        equal alternative, or when the video cannot play on this computer (nobody is held back by
        a technical fault). Returns True if the step is done (now or before)."""
        if self.is_done(step):
            return True
        if not (step.transcript_counts or video_unavailable):
            return False
        self._save(step, "done", answer={"via": "transcript"}, events=["step_done"])
        return True
