"""The video step as a learner meets it, with real libVLC (no picture or sound: dummy outputs):
keyboard controls, captions and transcript in step with the video, resume, completion that holds,
the content note's choices, and calm failure when the video cannot play."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.learning import Learning
from kiosk.ui.app import make_application
from kiosk.ui.media.vlc_backend import HEADLESS_OPTIONS, VlcBackend
from kiosk.ui.module_screen import PlayerScreen
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from kiosk.ui.steps.video import VideoView
from tests.mediafiles import video_content

CLIP = 5  # index of the video step in the test module


@pytest.fixture(scope="module")
def backend():
    backend = VlcBackend(HEADLESS_OPTIONS)
    yield backend
    backend.release()


@pytest.fixture
def content(tmp_path, media):
    return video_content(tmp_path / "content", media)


def learner_run(store, content: Path, code="AMIRA1", extra_setup=None):
    programme = load_programme(content)
    accounts = Accounts(store, installation_secret(store.db.conn.execute("PRAGMA database_list")
                                                   .fetchone()[2].rsplit("/", 1)[0]))
    try:
        learner = accounts.sign_in(code, "482915")
    except Exception:
        learner = accounts.register(code, "482915")
    run = Learning(store, programme, learner).open("module-1")
    run.go_to(CLIP)
    return run


@pytest.fixture
def screen(qtbot, store, content, backend):
    """A player screen on the video step, shown like in the kiosk."""
    make_application()
    alive = []  # qtbot only keeps weak references

    def make(code="AMIRA1", folder=content):
        screen = PlayerScreen(learner_run(store, folder, code), backend)
        qtbot.addWidget(screen)
        alive.append(screen)
        screen.resize(1200, 760)
        with qtbot.waitActive(screen):  # shortcuts only work in the active window
            screen.show()
            screen.activateWindow()
        return screen

    yield make
    for screen in alive:
        screen.hide()


def ready(qtbot, view: VideoView) -> VideoView:
    qtbot.waitUntil(lambda: view.player.state == "paused" and view.player.has_frames, timeout=5000)
    return view


def test_opens_paused_with_every_control_named_and_the_keys_listed(qtbot, screen):
    view = ready(qtbot, screen().view)
    assert isinstance(view, VideoView)
    widget = view.player_widget
    assert view.first_focus() is widget.play_button and widget.play_button.text() == "Play"
    for control in (widget.play_button, widget.back_button, widget.forward_button, widget.seek_bar,
                    widget.mute_button, widget.volume, widget.speed, widget.captions_button,
                    widget.caption_size, widget.full_button, view.transcript.list, view.read_button):
        assert control.accessibleName(), control
        assert control.focusPolicy() != Qt.FocusPolicy.NoFocus
    assert "Space play or pause" in view.keys_help.text() and "C captions" in view.keys_help.text()
    assert view.keys_help.isVisible()
    assert widget.caption.text() == "Welcome to this short clip."
    assert widget.time_label.text() == "0:00 / 0:20"
    assert not view.media_playing()


def test_the_keyboard_drives_the_player(qtbot, screen):
    view = ready(qtbot, screen().view)
    widget, player = view.player_widget, view.player
    widget.play_button.setFocus()
    qtbot.keyClick(widget.play_button, Qt.Key.Key_Space)
    qtbot.waitUntil(view.media_playing)
    assert widget.play_button.text() == "Pause"
    widget.seek_bar.setFocus()
    qtbot.keyClick(widget.seek_bar, Qt.Key.Key_Right)  # forward 10 s
    assert 10 <= player.position < 12
    qtbot.keyClick(widget.seek_bar, Qt.Key.Key_Left)
    assert player.position < 3
    qtbot.keyClick(widget.seek_bar, Qt.Key.Key_Space)  # play/pause from anywhere in the player
    qtbot.waitUntil(lambda: player.state == "paused")
    qtbot.keyClick(widget.seek_bar, Qt.Key.Key_Down)
    assert widget.volume.value() == 90
    qtbot.keyClick(widget.seek_bar, Qt.Key.Key_M)
    assert player.muted and widget.mute_button.text() == "Unmute"
    qtbot.keyClick(widget.seek_bar, Qt.Key.Key_S)
    assert player.rate == 1.25 and widget.speed.currentText() == "1.25×"
    qtbot.keyClick(widget.seek_bar, Qt.Key.Key_C)
    assert not widget.caption.isVisible() and widget.captions_button.text() == "Captions: off"
    qtbot.keyClick(widget.seek_bar, Qt.Key.Key_C)
    assert widget.caption.isVisible()
    qtbot.keyClick(widget.seek_bar, Qt.Key.Key_Plus)
    assert widget.caption_size.currentData() == "large"
    qtbot.keyClick(widget.seek_bar, Qt.Key.Key_End)
    assert player.position >= 19


def test_choices_are_remembered_for_the_learners_next_video(qtbot, screen, store):
    first = ready(qtbot, screen().view)
    qtbot.keyClick(first.player_widget.play_button, Qt.Key.Key_C)
    first.player_widget.caption_size.setCurrentIndex(3)
    again = ready(qtbot, screen().view)
    assert not again.player_widget.captions_button.isChecked()
    assert again.player_widget.caption_size.currentData() == "extra"
    other = ready(qtbot, screen("BEN22").view)
    assert other.player_widget.captions_button.isChecked()


def test_captions_and_transcript_follow_the_video(qtbot, screen):
    view = ready(qtbot, screen().view)
    view.player_widget.seek(3.3)
    view.player.play()
    qtbot.waitUntil(lambda: view.player_widget.caption.text() == "Trauma can affect how people remember.",
                    timeout=4000)
    qtbot.waitUntil(lambda: view.transcript.current == 1)
    item = view.transcript.list.item(1)
    assert item.font().bold() and item.background().color().name() != "#000000"
    assert not view.transcript.list.item(0).font().bold()


def test_a_caption_is_held_through_a_short_gap_but_not_a_long_one(qtbot, screen):
    widget = ready(qtbot, screen().view).player_widget
    widget.update_position(7.2)  # the cue ended at 7.0; the next starts at 8.0
    assert widget.caption.text() == "Trauma can affect how people remember."
    widget.update_position(7.6)
    assert widget.caption.text() == ""


def test_enter_or_a_click_on_a_transcript_line_goes_there(qtbot, screen):
    view = ready(qtbot, screen().view)
    lines = view.transcript.list
    lines.setFocus()
    lines.setCurrentRow(2)
    qtbot.keyClick(lines, Qt.Key.Key_Return)
    assert view.player.position == 8.0
    rect = lines.visualItemRect(lines.item(3))
    qtbot.mouseClick(lines.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.player.position == 13.0
    qtbot.waitUntil(lambda: view.player.state == "paused")  # going to a line does not start it
    qtbot.keyClick(lines, Qt.Key.Key_C)  # the player's keys work from the transcript too
    assert not view.player_widget.captions_button.isChecked()


def test_pause_saves_and_the_learner_comes_back_to_the_same_place(qtbot, screen, store):
    first = screen()
    view = ready(qtbot, first.view)
    view.player_widget.seek(9.0)
    view.player.play()
    qtbot.waitUntil(lambda: view.player.position >= 9.5, timeout=4000)
    view.player.pause()
    qtbot.waitUntil(lambda: view.player.state == "paused")
    stopped_at = view.player.position
    assert first.run.media_state(first.run.step).position == pytest.approx(stopped_at, abs=0.01)
    first.close_module()
    first.hide()  # leaving the screen lets go of libVLC
    assert view.player.state == "idle"

    other = ready(qtbot, screen("BEN22").view)
    assert other.player.position == 0.0  # someone else's place is their own

    back = ready(qtbot, screen().view)
    assert back.player.position == pytest.approx(stopped_at, abs=0.01)
    assert back.player_widget.seek_bar.value() == int(stopped_at * 10)
    back.player.play()
    qtbot.waitUntil(lambda: back.player.position > stopped_at + 0.2, timeout=4000)
    assert back.player.position < stopped_at + 3


def test_playing_through_marks_the_step_done(qtbot, screen, tmp_path, media, store):
    content = video_content(tmp_path / "short", media, video=media.short)
    view = ready(qtbot, screen(folder=content).view)
    assert "done once you have watched most of the video" in view.watch_status.text()
    view.player_widget.speed.setCurrentIndex(3)  # 1.5×
    view.player.play()
    qtbot.waitUntil(lambda: view.run.is_done(view.step), timeout=8000)
    assert view.run.answer(view.step)["via"] == "video"
    qtbot.waitUntil(lambda: view.player.state == "ended", timeout=5000)
    assert view.watch_status.text().startswith("Done.")
    assert view.run.media_state(view.step).position == 0.0  # next time it starts again


def test_seeking_past_does_not_count_as_watched(qtbot, screen):
    view = ready(qtbot, screen().view)
    view.player_widget.seek(15.0)
    view.player.set_rate(1.5)
    view.player.play()
    qtbot.waitUntil(lambda: view.player.state == "ended", timeout=8000)
    assert not view.run.is_done(view.step)
    assert "reached the end" in view.watch_status.text()
    share = view.tracker.share(view.player.length)
    assert 0.1 < share <= 0.26  # the last 5 s of 20, at most


def test_pause_media_and_media_playing_for_idle_and_breaks(qtbot, screen):
    player_screen = screen()
    view = ready(qtbot, player_screen.view)
    view.player.play()
    qtbot.waitUntil(player_screen.media_playing)
    qtbot.waitUntil(lambda: view.player.position > 0.5, timeout=4000)
    player_screen.pause_media()
    qtbot.waitUntil(lambda: view.player.state == "paused")
    assert not player_screen.media_playing()
    saved = player_screen.run.media_state(view.step).position
    assert saved == pytest.approx(view.player.position, abs=0.3) and saved > 0.4


def test_content_note_offers_continue_the_transcript_or_later(qtbot, screen, tmp_path, media):
    content = video_content(tmp_path / "noted", media,
                            extra="content_note: This clip shows distress.\ntranscript_counts: true")
    player_screen = screen(folder=content)
    assert player_screen.view is None  # the note comes first; nothing plays
    buttons = [b.text() for b in player_screen.findChildren(type(player_screen.next_button))
               if b.isVisibleTo(player_screen)]
    assert {"&Continue to this step", "Read the &transcript instead", "&Skip for now"} <= set(buttons)
    instead = next(b for b in player_screen.findChildren(type(player_screen.next_button))
                   if b.text() == "Read the &transcript instead")
    qtbot.keyClick(instead, Qt.Key.Key_Space)
    view = player_screen.view
    assert view.pages.currentWidget() is view.read_page and view.reader.browser.hasFocus()
    assert "Welcome to this short clip." in view.reader.browser.toPlainText()
    assert "counts the same as watching" in view.read_hint.text()
    qtbot.keyClick(view.done_button, Qt.Key.Key_Space)
    assert player_screen.run.is_done(view.step) and player_screen.status.text() == "Saved"
    qtbot.keyClick(view.back_to_video, Qt.Key.Key_Space)
    assert view.pages.currentWidget() is view.watch_page


def test_reading_instead_without_the_authors_leave_does_not_complete(qtbot, screen):
    view = ready(qtbot, screen().view)
    qtbot.keyClick(view.read_button, Qt.Key.Key_Space)
    assert view.pages.currentWidget() is view.read_page
    assert not view.done_button.isVisibleTo(view) and "welcome" in view.read_hint.text()
    assert not view.run.is_done(view.step)


@pytest.mark.parametrize("damage", ["missing", "corrupt", "truncated"])
def test_a_video_that_cannot_play_offers_the_transcript_and_the_module_goes_on(
        qtbot, screen, tmp_path, media, store, damage):
    content = video_content(tmp_path / damage, media)
    clip = content / "media" / "clip.mp4"
    if damage == "missing":
        clip.unlink()
    elif damage == "corrupt":
        clip.write_bytes(bytes(range(256)) * 400)
    else:
        clip.write_bytes(media.clip.read_bytes()[:700_000])  # the first 3 s or so of 20
    player_screen = screen(folder=content)
    run = player_screen.run
    run.go_to(0)
    run.go_to(CLIP)
    reflection_before = run.progress.get("welcome")
    view = player_screen.view
    if damage == "truncated":  # it opens; it runs out when played
        qtbot.waitUntil(lambda: view.player.state in ("paused", "failed"), timeout=8000)
        view.player.play()
    qtbot.waitUntil(lambda: view.problem is not None, timeout=8000)
    assert view.pages.currentWidget() is view.read_page and view.problem_card.isVisibleTo(view)
    assert "can't play on this computer right now" in view.problem_card.findChildren(type(view.read_hint))[0].text()
    assert "For IT:" in view.problem_detail.text()
    assert "Welcome to this short clip." in view.reader.browser.toPlainText()
    qtbot.keyClick(view.done_button, Qt.Key.Key_Space)  # nobody is held back by a fault
    assert run.is_done(view.step) and run.answer(view.step) == {"via": "transcript"}
    player_screen.next()
    assert run.step.id == "feedback" and player_screen.view is not None
    assert run.progress.get("welcome") == reflection_before


def shell_on_the_clip(qtbot, store, accounts, content, backend):
    """The real shell, a learner signed in, and the video step open and ready."""
    make_application()
    shell = Shell(Services(store, accounts, load_programme(content), media=backend))
    qtbot.addWidget(shell)
    shell.show()
    learner = accounts.register("AMIRA1", "482915")
    shell.start_session(learner)
    shell.open_module("module-1")
    shell.player.run.go_to(CLIP)
    shell.player._show()
    return shell, learner, ready(qtbot, shell.player.view)


def test_signing_out_mid_video_saves_the_place_and_lets_go_of_libvlc(qtbot, store, accounts, content, backend):
    shell, learner, view = shell_on_the_clip(qtbot, store, accounts, content, backend)
    view.player.play()
    qtbot.waitUntil(lambda: view.player.position > 1.0, timeout=4000)
    assert shell.media_playing()
    shell.sign_out()
    assert view.player.state == "idle"  # stopped, libVLC player released
    run = Learning(store, load_programme(content), learner).open("module-1")
    assert run.media_state(run.module.steps[CLIP]).position > 1.0


def test_closing_the_kiosk_mid_video_saves_the_place(qtbot, store, accounts, content, backend):
    shell, learner, view = shell_on_the_clip(qtbot, store, accounts, content, backend)
    view.player_widget.seek(12.0)
    view.player.play()
    qtbot.waitUntil(lambda: view.player.position > 12.5, timeout=4000)
    shell.close()  # the kiosk is closed (or the PC shut down) while the video plays
    assert view.player.state == "idle"
    run = Learning(store, load_programme(content), learner).open("module-1")
    assert run.media_state(run.module.steps[CLIP]).position > 12.5


def test_a_break_pauses_the_real_video_and_the_learner_returns_to_the_same_place(qtbot, store, accounts,
                                                                                 content, backend):
    """Take a break from a playing video (real libVLC): it pauses, the place is kept, and coming
    back shows the same step at the same moment, still paused until the learner presses play."""
    shell, _, view = shell_on_the_clip(qtbot, store, accounts, content, backend)
    view.player_widget.seek(6.0)
    view.player.play()
    qtbot.waitUntil(lambda: view.player.position > 6.5, timeout=4000)

    shell.take_a_break()
    qtbot.waitUntil(lambda: not shell.media_playing(), timeout=3000)
    kept = view.player.position
    assert kept > 6.5
    qtbot.wait(800)  # time passes on the break screen: a playing video would move on
    shell.stack.currentWidget().back_button.click()
    assert shell.player.run.step.id == shell.player.run.module.steps[CLIP].id
    back = ready(qtbot, shell.player.view)
    assert not shell.media_playing()
    qtbot.waitUntil(lambda: abs(back.player.position - kept) < 0.3, timeout=4000)
    qtbot.wait(500)
    assert abs(back.player.position - kept) < 0.3  # still paused: the learner presses play when ready
