"""The video step as it looks on a real (virtual) X screen before anything is played: the video
area is black or shows the video's first frame, never what the previous step left on the screen;
and at 200% text at 1280x800 it reflows (transcript and controls under the picture) instead of
scrolling sideways. (QWidget.grab() cannot see the native video window: these grab the screen.)"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication, QImage

from kiosk.core.content import load_programme
from kiosk.core.learning import Learning
from kiosk.ui.app import make_application
from kiosk.ui.media.vlc_backend import VlcBackend
from kiosk.ui.module_screen import PlayerScreen
from kiosk.ui.theme import stylesheet
from tests.mediafiles import video_content

pytestmark = pytest.mark.xvfb
VIDEO_STEP = 5


@pytest.fixture(scope="module")
def backend():
    backend = VlcBackend(["--aout=dummy"])  # the real picture, no sound device needed
    yield backend
    backend.release()


def open_screen(qtbot, tmp_path, media, store, accounts, backend, step: int, scale: float = 1.0):
    make_application()
    content = video_content(tmp_path / "content", media)
    run = Learning(store, load_programme(content), accounts.register("AMIRA1", "482915")).open("module-1")
    run.go_to(step)
    screen = PlayerScreen(run, backend)
    qtbot.addWidget(screen)
    if scale != 1.0:
        screen.setStyleSheet(stylesheet(scale))  # as the shell applies a learner's text size
    screen.setGeometry(0, 0, 1280, 800)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    return screen


def grab(widget) -> QImage:
    rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
    return QGuiApplication.primaryScreen().grabWindow(0, rect.x(), rect.y(), rect.width(), rect.height()).toImage()


def pixels(image: QImage, step: int = 5) -> list[tuple[int, int, int]]:
    found = []
    for x in range(2, image.width() - 2, step):
        for y in range(2, image.height() - 2, step):
            c = image.pixelColor(x, y)
            found.append((c.red(), c.green(), c.blue()))
    return found


def uniformly_dark(image: QImage) -> bool:
    return all(max(p) <= 24 for p in pixels(image))


def the_first_frame(image: QImage) -> bool:
    """The test clip's first frame (testsrc2: bars of many vivid colours), i.e. the poster."""
    found = pixels(image)
    vivid = [p for p in found if max(p) > 150 and max(p) - min(p) > 100]
    return len(vivid) > len(found) // 4 and len({(r // 64, g // 64, b // 64) for r, g, b in vivid}) >= 4


def test_before_play_the_video_area_is_dark_or_the_first_frame_never_the_previous_screen(
        qtbot, tmp_path, media, store, accounts, backend):
    screen = open_screen(qtbot, tmp_path, media, store, accounts, backend, VIDEO_STEP - 1)
    qtbot.wait(300)  # the page before the video, with its text, is on the screen
    screen.next()
    view = screen.view
    assert view.player is not None, view.problem
    surface = view.player_widget.surface
    looks, deadline = [], time.monotonic() + 6
    # From the first moment the step is on the screen until well after libVLC's first frame.
    while time.monotonic() < deadline and not (view.player.has_frames and len(looks) > 40):
        qtbot.wait(15)
        image = grab(surface)
        looks.append("dark" if uniformly_dark(image) else "poster" if the_first_frame(image) else "other")
        if looks[-1] == "other":
            image.save(str(tmp_path / "video-area.png"))
    assert view.player.state == "paused" and not view.player.is_playing()  # nobody pressed Play
    assert "other" not in looks, (f"the video area showed something else before Play "
                                  f"(see {tmp_path / 'video-area.png'}): {looks}")
    assert looks[0] == "dark" or looks[0] == "poster"


def test_at_200_percent_text_the_video_step_reflows_without_a_sideways_scroll_bar(
        qtbot, tmp_path, media, store, accounts, backend):
    screen = open_screen(qtbot, tmp_path, media, store, accounts, backend, VIDEO_STEP, scale=2.0)
    view = screen.view
    qtbot.waitUntil(lambda: view.stacked, timeout=3000)
    qtbot.wait(200)
    assert not screen.area.horizontalScrollBar().isVisible()
    assert view.width() <= screen.area.viewport().width()
    player, transcript = view.player_widget, view.transcript
    below = transcript.mapTo(view, QPoint(0, 0)).y()
    assert below >= player.mapTo(view, QPoint(0, player.height())).y(), "the transcript goes under the picture"
    for control in (player.play_button, player.full_button, player.caption_size, view.read_button):
        right = control.mapTo(view, QPoint(control.width(), 0)).x()
        assert control.isVisible() and right <= view.width(), control.accessibleName()
    assert player.surface.height() >= 180 and player.surface.width() > 600
    # Back at 100% the transcript returns beside the picture.
    screen.setStyleSheet("")
    qtbot.waitUntil(lambda: not view.stacked, timeout=3000)
