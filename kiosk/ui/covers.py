"""The screens that *cover* the one the learner is on: take a break, support, display settings and
the idle countdown ("Are you still there?").

The covered screen is left exactly as it was, typed text and all, and the learner goes back to it,
with the keyboard focus where it was, when the cover is done. A part of the shell (it puts screens
in the shell's stack), kept in its own module so shell.py stays short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from kiosk.ui.idle import CountdownScreen

if TYPE_CHECKING:
    from kiosk.core.content import Programme
    from kiosk.ui.shell import Shell


@dataclass
class _Cover:
    screen: QWidget
    under: QWidget
    focus: QWidget | None


class Covers:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.showing: list[_Cover] = []
        """Bottom first; each one's ``under`` is the screen it went back to."""
        self.countdown: CountdownScreen | None = None

    def take_a_break(self) -> None:
        """Pause any media and show the calm break screen; the learner's place is kept."""
        from kiosk.ui.take_a_break import BreakScreen

        self.dismiss_countdown()  # pressing anything means they are here
        if self.on_top(BreakScreen):
            return
        if self.shell.player is not None:
            self.shell.player.pause_media()
        screen = BreakScreen(self._programme().support, self.shell.display.reduced_motion)
        screen.finished.connect(lambda: self.uncover(screen))
        self.cover(screen)

    def show_support(self) -> None:
        from kiosk.ui.support import SupportScreen

        self.dismiss_countdown()
        screen = SupportScreen(self._programme().support)
        screen.finished.connect(lambda: self.uncover(screen))
        self.cover(screen)

    def show_settings(self) -> None:
        from kiosk.ui.settings_panel import SettingsPanel

        self.dismiss_countdown()
        if self.shell.learning is None or self.on_top(SettingsPanel):
            return
        screen = SettingsPanel(self.shell.display)
        screen.changed.connect(self.shell.keep_display)
        screen.finished.connect(lambda: self.uncover(screen))
        self.cover(screen)

    def _programme(self) -> Programme:
        """The content in the signed-in learner's language (support contacts may be translated)."""
        shell = self.shell
        if shell.learning is not None:
            return shell.learning.programme
        return shell.services.course.wait()  # a break asked for in the first second waits for it

    # -- nobody at the keyboard --------------------------------------------------------------
    def ask_still_there(self) -> None:
        """The countdown that signs the learner out unless they say they are still there."""
        if self.countdown is not None:
            return
        from kiosk.ui.group.idle import GroupCountdownScreen

        shell = self.shell
        kind = GroupCountdownScreen if shell.trainer.group is not None else CountdownScreen
        countdown = kind(shell.countdown_s)
        countdown.still_here.connect(self.dismiss_countdown)
        countdown.expired.connect(lambda: shell.sign_out("idle"))
        self.countdown = countdown
        self.cover(countdown)

    def dismiss_countdown(self) -> None:
        if self.countdown is not None:
            countdown, self.countdown = self.countdown, None
            self.uncover(countdown)
            self.shell.idle.restart()

    # -- the covering itself -----------------------------------------------------------------
    def on_top(self, kind: type) -> bool:
        """True if the screen on top is a cover of this kind."""
        return bool(self.showing) and isinstance(self.showing[-1].screen, kind)

    def cover(self, screen: QWidget) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and not self.shell.isAncestorOf(focus):
            focus = None
        screens = self.shell.screens
        self.showing.append(_Cover(screen, screens.current(), focus))
        screens.show(screen)

    def uncover(self, screen: QWidget) -> None:
        index = next((i for i, c in enumerate(self.showing) if c.screen is screen), None)
        if index is None:
            return
        cover = self.showing.pop(index)
        if index < len(self.showing):
            self.showing[index].under = cover.under  # the one above now covers what this did
        else:
            self.shell.screens.show(cover.under)
            if cover.focus is not None and isValid(cover.focus) and cover.focus.isVisible():
                cover.focus.setFocus()
        self.shell.screens.drop(screen)

    def drop_all(self) -> None:
        self.countdown = None
        while self.showing:
            self.shell.screens.drop(self.showing.pop().screen)
