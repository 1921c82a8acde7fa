"""The completion rule: a video counts as watched when 90% of its length has actually been
played. Seeking past does not count; watching a part twice does not count twice."""

from hypothesis import given, strategies as st

from kiosk.core.watching import WATCHED_SHARE, WatchTracker, add, is_watched, merge, played_seconds, watched_share


def play(tracker: WatchTracker, start: float, seconds: float, clock: float, rate: float = 1.0,
         tick: float = 0.2) -> float:
    """Feed samples as a player would while playing ``seconds`` of media from ``start``."""
    position = start
    tracker.sample(clock, position, rate)
    while position < start + seconds - 1e-9:
        clock += tick
        position = min(start + seconds, position + tick * rate)
        tracker.sample(clock, position, rate)
    return clock


def test_merge_joins_overlaps_and_drops_empty():
    assert merge([(5, 8), (0, 2), (1, 3), (8, 9), (4, 4)]) == ((0, 3), (5, 9))
    assert add(((0, 10),), 5, 20) == ((0, 20),)


def test_played_time_counts_each_moment_once_within_the_length():
    assert played_seconds([(0, 10), (5, 15)]) == 15
    assert played_seconds([(90, 130)], length=100) == 10
    assert watched_share([(0, 45)], 100) == 0.45
    assert watched_share([(0, 45)], 0) == 0.0


def test_the_threshold_is_ninety_percent():
    assert WATCHED_SHARE == 0.9
    assert is_watched([(0, 90)], 100)
    assert not is_watched([(0, 89.9)], 100)
    assert not is_watched([], 0)


def test_playing_through_counts():
    tracker = WatchTracker()
    play(tracker, 0, 100, clock=1000.0)
    assert tracker.share(100) > 0.99


def test_seeking_past_does_not_count():
    tracker = WatchTracker()
    clock = play(tracker, 0, 5, clock=0.0)
    tracker.jumped()  # the learner seeks to 95 s
    play(tracker, 95, 5, clock=clock)
    assert played_seconds(tracker.intervals) == 10
    assert not is_watched(tracker.intervals, 100)


def test_a_seek_nobody_announced_still_does_not_count():
    tracker = WatchTracker()
    tracker.sample(0.0, 0.0)
    tracker.sample(0.2, 0.2)
    tracker.sample(0.4, 80.0)  # jumped 80 s in 0.2 s of clock
    tracker.sample(0.6, 80.2)
    assert played_seconds(tracker.intervals) < 0.5


def test_seeking_back_does_not_double_count():
    tracker = WatchTracker()
    clock = play(tracker, 0, 60, clock=0.0)
    tracker.jumped()
    clock = play(tracker, 10, 50, clock=clock)  # watches 10-60 again
    assert played_seconds(tracker.intervals) == 60
    assert not is_watched(tracker.intervals, 100)
    tracker.jumped()
    play(tracker, 60, 30, clock=clock)
    assert is_watched(tracker.intervals, 100)


def test_faster_speed_counts_the_media_played_not_the_clock():
    tracker = WatchTracker()
    play(tracker, 0, 90, clock=0.0, rate=1.5)
    assert is_watched(tracker.intervals, 100)


def test_pausing_stops_the_stretch_and_the_paused_time_does_not_count():
    tracker = WatchTracker()
    clock = play(tracker, 0, 10, clock=0.0)
    tracker.sample(clock, 10.0, playing=False)
    tracker.sample(clock + 600, 10.0)  # ten minutes later, playing again from 10 s
    tracker.sample(clock + 600.2, 10.2)
    assert played_seconds(tracker.intervals) == 10.2


def test_sittings_add_up():
    first = WatchTracker()
    play(first, 0, 50, clock=0.0)
    second = WatchTracker(first.intervals)  # restored from the store next day
    play(second, 50, 45, clock=99_999.0)
    assert is_watched(second.intervals, 100)


def test_ended_counts_the_last_moment():
    tracker = WatchTracker()
    clock = play(tracker, 0, 99.9, clock=0.0)
    tracker.ended(clock + 0.1, 100.0)
    assert played_seconds(tracker.intervals) == 100


events = st.lists(st.one_of(
    st.tuples(st.just("play"), st.floats(0, 120), st.floats(0, 30), st.sampled_from([0.75, 1.0, 1.25, 1.5])),
    st.tuples(st.just("jump"), st.floats(0, 120), st.just(0.0), st.just(1.0)),
), max_size=30)


@given(events)
def test_never_more_than_was_played_nor_more_than_the_length(steps):
    tracker, clock, genuinely_played = WatchTracker(), 0.0, []
    for kind, start, seconds, rate in steps:
        tracker.jumped()
        if kind == "play":
            seconds = min(seconds, 120 - start)
            clock = play(tracker, start, seconds, clock, rate) + 1
            genuinely_played.append((start, start + seconds))
    assert played_seconds(tracker.intervals) <= played_seconds(genuinely_played) + 1e-6
    assert 0.0 <= tracker.share(120) <= 1.0
    for start, end in tracker.intervals:
        assert 0 <= start < end <= 120
