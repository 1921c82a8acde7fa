"""The libVLC player, for real (dummy audio and video outputs): it opens paused on the first
frame, plays, pauses, seeks, changes speed, and reports damaged files instead of crashing."""

from __future__ import annotations

import time

import pytest

from kiosk.ui.media.vlc_backend import HEADLESS_OPTIONS, VlcBackend
from tests.mediafiles import CLIP_SECONDS, LONG_SECONDS


@pytest.fixture(scope="module")
def backend():
    backend = VlcBackend(HEADLESS_OPTIONS)
    yield backend
    backend.release()


@pytest.fixture
def player(qapp, backend):
    player = backend.new_player()
    yield player
    player.close()


def opened(qtbot, player, path, start=0.0):
    with qtbot.waitSignal(player.first_frame, timeout=5000):
        player.open(path, start)
    qtbot.waitUntil(lambda: player.state == "paused", timeout=5000)
    return player


def test_one_instance_for_the_app(backend):
    assert backend.instance() is backend.instance()
    assert backend.problem() is None


def test_options_libvlc_refuses_are_dropped_not_fatal(qapp, caplog):
    backend = VlcBackend(HEADLESS_OPTIONS, configured=["--no-such-option"])
    try:
        assert backend.problem() is None
        assert "refused the configured video_vlc_options --no-such-option" in caplog.text
    finally:
        backend.release()


def test_opens_paused_on_its_first_frame(qtbot, player, media):
    opened(qtbot, player, media.clip)
    assert player.length == pytest.approx(CLIP_SECONDS, abs=0.3)
    assert player.position == 0.0
    with qtbot.assertNotEmitted(player.state_changed, wait=400):
        pass  # a video never starts by itself


def test_plays_and_time_advances_then_pause_holds_it(qtbot, player, media):
    opened(qtbot, player, media.clip)
    with qtbot.waitSignal(player.state_changed, check_params_cb=lambda s: s == "playing"):
        player.play()
    assert player.is_playing()
    qtbot.waitUntil(lambda: player.position >= 1.0, timeout=4000)
    player.pause()
    qtbot.waitUntil(lambda: player.state == "paused")
    held = player.position
    assert 1.0 <= held < 4.0
    with qtbot.assertNotEmitted(player.position_changed, wait=500):
        pass
    assert player.position == held
    player.play()
    qtbot.waitUntil(lambda: player.position > held + 0.3, timeout=4000)


def test_seek_forward_and_back_while_playing_and_paused(qtbot, player, media):
    opened(qtbot, player, media.clip)
    player.seek(12.0)  # paused: the frame moves, playback does not start
    assert player.position == 12.0
    qtbot.waitUntil(lambda: player.state == "paused" and player.has_frames)
    assert player.position == 12.0
    player.play()
    qtbot.waitUntil(lambda: player.position >= 12.3, timeout=4000)
    assert player.position < 15
    player.seek(2.0)
    qtbot.waitUntil(lambda: 2.0 <= player.position < 4.0 and player.is_playing(), timeout=4000)
    player.seek(CLIP_SECONDS + 50)  # past the end: kept inside the video
    assert player.position <= player.length


def test_resume_position_is_where_playing_continues(qtbot, player, media):
    opened(qtbot, player, media.long, start=390.0)  # 6:30 into a 13-minute video
    assert player.length == pytest.approx(LONG_SECONDS, abs=1)
    assert player.position == 390.0
    player.play()
    qtbot.waitUntil(lambda: player.position > 390.3, timeout=4000)
    assert player.position < 395


def test_speed_changes_how_fast_the_video_runs(qtbot, player, media):
    opened(qtbot, player, media.clip)
    player.set_rate(1.5)
    player.play()
    qtbot.waitUntil(lambda: player.position >= 1.0, timeout=4000)
    start_pos, start_clock = player.position, time.monotonic()
    qtbot.waitUntil(lambda: player.position >= start_pos + 3.0, timeout=6000)
    ratio = (player.position - start_pos) / (time.monotonic() - start_clock)
    assert 1.2 < ratio < 1.8, ratio
    assert player.rate == 1.5


def test_plays_to_the_end_and_plays_again_from_the_start(qtbot, player, media):
    opened(qtbot, player, media.short)
    player.set_rate(2.0)
    player.play()
    qtbot.waitUntil(lambda: player.state == "ended", timeout=8000)
    assert player.position == player.length
    player.play()
    qtbot.waitUntil(lambda: player.is_playing() and player.position < 3, timeout=4000)


def test_volume_and_mute_are_kept_for_the_next_open(qtbot, player, media):
    player.set_volume(40)
    player.set_muted(True)
    opened(qtbot, player, media.clip)
    player.play()
    qtbot.waitUntil(player.is_playing)
    assert (player.volume, player.muted) == (40, True)


@pytest.mark.parametrize("damage", ["missing", "empty", "random bytes", "truncated"])
def test_damaged_files_fail_calmly(qtbot, player, media, tmp_path, damage):
    path = tmp_path / "damaged.mp4"
    if damage == "empty":
        path.write_bytes(b"")
    elif damage == "random bytes":
        path.write_bytes(bytes(range(256)) * 800)
    elif damage == "truncated":  # the end of the file (and its index) is gone
        data = media.clip.read_bytes()
        path.write_bytes(data[: len(data) // 8])
    with qtbot.waitSignal(player.failed, timeout=8000) as blocker:
        player.open(path)
        if damage == "truncated":  # it starts, then runs out long before its length
            qtbot.waitUntil(lambda: player.state in ("paused", "failed"), timeout=5000)
            player.play()
    assert player.state == "failed" and blocker.args[0]
    player.play()  # nothing to play: stays failed, nothing crashes
    player.seek(3.0)
    assert player.state == "failed"
