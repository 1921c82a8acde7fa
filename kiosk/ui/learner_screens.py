"""The shell's navigation for a signed-in learner: home, a module, progress and the pathway chooser.

A part of the shell (it puts screens in the shell's stack and reacts to what they say happened),
kept in its own module as a trainer's is (kiosk/ui/trainer.py), so shell.py stays short. Each
screen is imported where it is first opened, not at start-up.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.core.errors import KioskError

if TYPE_CHECKING:
    from kiosk.core.learning import Learning
    from kiosk.ui.home import HomeScreen
    from kiosk.ui.module_screen import PlayerScreen
    from kiosk.ui.pathway_chooser import PathwayChooser
    from kiosk.ui.progress import ProgressScreen
    from kiosk.ui.shell import Shell

log = logging.getLogger(__name__)


class LearnerScreens:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.home: HomeScreen | None = None
        self.player: PlayerScreen | None = None
        self.progress: ProgressScreen | None = None
        self.chooser: PathwayChooser | None = None

    @property
    def learning(self) -> Learning:
        learning = self.shell.learning
        assert learning is not None, "a learner's screen with nobody signed in"
        return learning

    def show_home(self) -> None:
        from kiosk.ui.home import HomeScreen

        self._drop_player()
        self._drop_chooser()
        self._drop_progress()
        if self.home is None:
            self.home = HomeScreen(self.learning)
            self.home.module_chosen.connect(self.open_module)
            self.home.progress_requested.connect(self.show_progress)
            self.home.pathway_requested.connect(self.show_pathways)
        else:
            self.home.refresh()
        self.shell.screens.show(self.home)
        self.home.focus_first()

    def open_module(self, module_id: str) -> None:
        # The player (and libVLC's Qt side) is imported when the first module opens, not at start-up.
        from kiosk.ui.module_screen import PlayerScreen

        # The open module saves what is on screen first, or a reflection typed just before the
        # same module is opened again would be read back empty by the new run.
        if self.player is not None:
            self.player.flush()
        try:
            run = self.learning.open(module_id)
        except KioskError as exc:
            log.error("Could not open module %s: %s", module_id, exc)
            return
        self._drop_player()
        self._drop_progress()
        self.player = PlayerScreen(run, self.shell.services.media)
        self.player.closed.connect(self.show_home)
        self.player.support_requested.connect(self.shell.show_support)
        # However the module screen goes (back home, another module, sign-out, the idle
        # countdown), what is on it is saved first.
        self.shell.screens.show(self.player, on_close=self.player.flush)

    def show_progress(self) -> None:
        from kiosk.ui.progress import ProgressScreen

        self._drop_progress()
        self.progress = ProgressScreen(self.learning, self.shell.services.accounts.secret)
        self.progress.closed.connect(self.show_home)
        self.progress.module_chosen.connect(self.open_module)
        self.progress.pathway_requested.connect(self.show_pathways)
        self.progress.retry_requested.connect(self.retry_questions)
        self.shell.screens.show(self.progress)
        self.progress.focus_first()

    def retry_questions(self, module_id: str) -> None:
        """A new round of a module's questions not yet passed, opened at the first of them."""
        try:
            run = self.learning.open(module_id)
            first = run.retry_questions()
            if first is not None:
                run.go_to(first)  # saved as where the learner is, so the module opens there
        except KioskError as exc:
            log.error("Could not start the questions again in %s: %s", module_id, exc)
            return
        self.open_module(module_id)

    def show_pathways(self) -> None:
        """The pathway chooser: a learner's first sign-in, or changing their route later."""
        from kiosk.core import pathways
        from kiosk.ui.pathway_chooser import PathwayChooser

        learning = self.learning
        current = pathways.chosen(learning.store, learning.programme, learning.learner.id)
        self._drop_chooser()
        self.chooser = PathwayChooser(learning.programme, current.id if current else None)
        self.chooser.chosen.connect(self._pathway_chosen)
        self.chooser.closed.connect(self.show_home)
        self.shell.screens.show(self.chooser)
        self.chooser.focus_first()

    def _pathway_chosen(self, pathway_id: str) -> None:
        try:
            self.shell.services.store.pathways.set_learner_pathway(self.learning.learner.id, pathway_id, "learner")
        except KioskError as exc:
            log.error("Could not save a pathway choice: %s", exc)
            if self.chooser is not None:
                self.chooser.show_problem()  # the chooser stays, so they can try again
            return
        self._drop_chooser()
        self._drop_home()  # made afresh, in the new route's order
        self.show_home()

    def drop_all(self) -> None:
        """Every learner's screen goes (the module screen saving what is on it first)."""
        self._drop_player()
        self._drop_progress()
        self._drop_chooser()
        self._drop_home()

    def _drop_player(self) -> None:
        self.shell.screens.drop(self.player)
        self.player = None

    def _drop_progress(self) -> None:
        self.shell.screens.drop(self.progress)
        self.progress = None

    def _drop_chooser(self) -> None:
        self.shell.screens.drop(self.chooser)
        self.chooser = None

    def _drop_home(self) -> None:
        self.shell.screens.drop(self.home)
        self.home = None
