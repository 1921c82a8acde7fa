"""When a video counts as watched: at least 90% of its length actually played.

Played time is kept as merged intervals of the media's own timeline (seconds), so seeking past a
part does not count it and watching a part twice does not count it twice. The intervals are saved
with the learner's position, so watching in several sittings adds up.

Everything here is pure: the player feeds in (clock, position) samples and its seeks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

Interval = tuple[float, float]
Intervals = tuple[Interval, ...]

WATCHED_SHARE = 0.9
"""The share of a video's length that must have been played for it to count as watched."""

SLACK_SECONDS = 0.75
"""How far a position may run ahead of the clock between two samples and still count as played
(a player reports its time in steps, and samples arrive a little late or early)."""


def merge(intervals: Iterable[Interval]) -> Intervals:
    """Sort and join overlapping or touching intervals; drop empty ones."""
    result: list[list[float]] = []
    for start, end in sorted((float(s), float(e)) for s, e in intervals if e > s):
        if result and start <= result[-1][1]:
            result[-1][1] = max(result[-1][1], end)
        else:
            result.append([start, end])
    return tuple((s, e) for s, e in result)


def add(intervals: Iterable[Interval], start: float, end: float) -> Intervals:
    """The intervals with ``[start, end)`` played as well."""
    return merge([*intervals, (start, end)])


def played_seconds(intervals: Iterable[Interval], length: float | None = None) -> float:
    """Total time played, counting each moment of the video once; within ``length`` if given."""
    total = 0.0
    for start, end in merge(intervals):
        if length is not None:
            start, end = max(0.0, start), min(end, length)
        total += max(0.0, end - start)
    return total


def watched_share(intervals: Iterable[Interval], length: float) -> float:
    """Share of the video played, from 0.0 to 1.0 (0.0 when the length is unknown)."""
    if length <= 0:
        return 0.0
    return min(1.0, played_seconds(intervals, length) / length)


def is_watched(intervals: Iterable[Interval], length: float, share: float = WATCHED_SHARE) -> bool:
    """True when at least ``share`` of ``length`` has been played."""
    return length > 0 and watched_share(intervals, length) >= share - 1e-9


@dataclass
class WatchTracker:
    """Turns position samples into played intervals.

    Call ``sample`` regularly while the video plays (and when it pauses), ``jumped`` whenever the
    position is moved on purpose (seek, skip 10 s), and ``ended`` when playback reaches the end.
    A stretch counts only if the position moved forward no faster than the clock allowed at the
    current speed: a seek, even one the tracker was not told about, never counts as watching.
    """

    intervals: Intervals = ()
    _anchor: tuple[float, float] | None = field(default=None, repr=False)
    """(clock, position) of the last sample while playing; None after a pause or a jump."""

    def sample(self, clock: float, position: float, rate: float = 1.0, playing: bool = True) -> None:
        """Record that at ``clock`` (seconds, monotonic) the media was at ``position``."""
        if self._anchor is not None:
            then, where = self._anchor
            moved, elapsed = position - where, clock - then
            if 0 < moved <= max(0.0, elapsed) * max(rate, 0.01) + SLACK_SECONDS:
                self.intervals = add(self.intervals, where, position)
        self._anchor = (clock, position) if playing else None

    def jumped(self) -> None:
        """The position was moved on purpose: the next sample starts a new stretch."""
        self._anchor = None

    def ended(self, clock: float, length: float, rate: float = 1.0) -> None:
        """Playback reached the end (the last sample may be a moment before it)."""
        self.sample(clock, length, rate, playing=False)

    def share(self, length: float) -> float:
        return watched_share(self.intervals, length)
