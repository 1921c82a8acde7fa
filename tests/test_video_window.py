"""The player on a real (virtual) X screen: libVLC draws the picture into the kiosk's window,
the caption is drawn under it, the transcript highlights the line being spoken, and full screen
goes and comes back without interrupting the video. (QWidget.grab() cannot see the picture libVLC
draws, so these look at the screen itself.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage

from kiosk.core.content import load_programme
from kiosk.core.learning import Learning
from kiosk.ui.app import make_application
from kiosk.ui.media.vlc_backend import VlcBackend
from kiosk.ui.module_screen import PlayerScreen
from tests.mediafiles import video_content

pytestmark = pytest.mark.xvfb


@pytest.fixture(scope="module")
def backend():
    backend = VlcBackend(["--aout=dummy"])  # the real picture, no sound device needed
    yield backend
    backend.release()


@pytest.fixture
def view(qtbot, tmp_path, media, store, accounts, backend):
    make_application()
    content = video_content(tmp_path / "content", media)
    run = Learning(store, load_programme(content), accounts.register("AMIRA1", "482915")).open("module-1")
    run.go_to(5)
    screen = PlayerScreen(run, backend)
    qtbot.addWidget(screen)
    screen.setGeometry(0, 0, 1280, 800)
    with qtbot.waitActive(screen):  # the keyboard shortcuts need the active window
        screen.show()
        screen.activateWindow()
    view = screen.view
    view._screen = screen  # keep the window alive as long as the view
    qtbot.waitUntil(lambda: view.player.has_frames and view.player.state == "paused", timeout=8000)
    yield view
    screen.hide()


def screen_image() -> QImage:
    return QGuiApplication.primaryScreen().grabWindow(0).toImage()


def area(widget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def colours(image: QImage, rect: QRect, step: int = 6) -> list[tuple[int, int, int]]:
    found = []
    for x in range(rect.left() + 2, rect.right() - 2, step):
        for y in range(rect.top() + 2, rect.bottom() - 2, step):
            c = image.pixelColor(x, y)
            found.append((c.red(), c.green(), c.blue()))
    return found


def picture_shown(rect: QRect) -> bool:
    pixels = colours(screen_image(), rect)
    vivid = [p for p in pixels if max(p) > 150 and max(p) - min(p) > 100]
    # The test pattern has bars of many vivid colours: a real frame, not black, grey or text.
    return len(vivid) > len(pixels) // 4 and len({(r // 64, g // 64, b // 64) for r, g, b in vivid}) >= 4


def test_libvlc_draws_the_first_frame_into_the_kiosk_window(qtbot, view):
    surface = view.player_widget.surface
    qtbot.waitUntil(lambda: picture_shown(area(surface)), timeout=5000)
    outside = area(view.transcript.list)
    assert not picture_shown(outside)  # the picture stays inside its surface


def test_the_caption_is_drawn_under_the_picture(qtbot, view):
    caption = view.player_widget.caption

    def white_text() -> int:
        return sum(1 for p in colours(screen_image(), area(caption), step=2) if min(p) > 200)

    qtbot.waitUntil(lambda: white_text() > 30, timeout=3000)  # "Welcome to this short clip."
    view.player_widget.seek(7.5)  # between two cues: no caption
    qtbot.waitUntil(lambda: white_text() == 0, timeout=3000)
    view.player_widget.seek(3.6)
    qtbot.waitUntil(lambda: white_text() > 30, timeout=3000)
    view.player_widget.caption_size.setCurrentIndex(3)  # extra large: the strip grows
    qtbot.waitUntil(lambda: caption.height() > 120 and white_text() > 60, timeout=3000)


def test_the_transcript_highlights_the_line_being_spoken(qtbot, view):
    view.player_widget.seek(8.2)
    view.player.play()
    qtbot.waitUntil(lambda: view.transcript.current == 2, timeout=4000)
    lines = view.transcript.list
    rect = lines.visualItemRect(lines.item(2))
    on_screen = QRect(lines.viewport().mapToGlobal(rect.topLeft()), rect.size())
    highlight = (0xff, 0xf1, 0xc2)

    def highlighted(r: QRect) -> int:
        return sum(1 for p in colours(screen_image(), r, step=3) if p == highlight)

    qtbot.waitUntil(lambda: highlighted(on_screen) > 10, timeout=3000)
    other = lines.visualItemRect(lines.item(0))
    assert highlighted(QRect(lines.viewport().mapToGlobal(other.topLeft()), other.size())) == 0


def test_full_screen_and_back_keeps_the_same_video_window_playing(qtbot, view):
    widget, surface = view.player_widget, view.player_widget.surface
    window_id = int(surface.winId())
    view.player.play()
    qtbot.keyClick(widget.play_button, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: widget.isWindow() and widget.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: surface.width() > 1000, timeout=3000)
    assert int(surface.winId()) == window_id
    qtbot.waitUntil(lambda: picture_shown(area(surface)), timeout=5000)
    assert "Esc leave full screen" in widget.keys_help.text() and widget.keys_help.isVisible()
    before = view.player.position
    qtbot.keyClick(widget.full_button, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not widget.isWindow() and widget.isVisible(), timeout=3000)
    assert widget.parentWidget() is not None and int(surface.winId()) == window_id
    assert widget.full_button.text() == "Full screen"
    qtbot.waitUntil(widget.full_button.hasFocus, timeout=3000)  # focus comes back where it was
    qtbot.waitUntil(lambda: view.player.position > before + 0.5, timeout=4000)  # never stopped
    qtbot.waitUntil(lambda: picture_shown(area(surface)), timeout=5000)
