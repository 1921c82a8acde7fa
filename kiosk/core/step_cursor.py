"""Where someone is in a module's steps, and the one rule for moving through them: a learner's run
(kiosk.core.learning.ModuleRun) and a trainer's group session (kiosk.core.groups.GroupSession)
both move with it.

A move goes only to a step that exists and is not the current one; anything else is no move and
saves nothing. What moving means is the owner's (a learner's run finishes and saves steps, a group
session saves where the presenter is), so the owner passes ``move``: called with the index to move
to, it saves what moving means to it and sets the cursor's ``index``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.core.content.model import Step

Move = Callable[[int], None]
"""Saves a move to the given index and sets the cursor's ``index`` to it."""


class StepCursor:
    """A position in ``steps`` (a module's steps, in order)."""

    def __init__(self, steps: tuple[Step, ...], index: int = 0) -> None:
        self.steps = steps
        self.index = index

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    @property
    def following(self) -> Step | None:
        """The step after the current one (None on the last)."""
        return None if self.is_last else self.steps[self.index + 1]

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == len(self.steps) - 1

    def can_go_to(self, index: int) -> bool:
        """There is a step at ``index`` and it is not the current one."""
        return 0 <= index < len(self.steps) and index != self.index

    def go_to(self, index: int, move: Move) -> Step:
        """Move to the step at ``index`` by ``move`` if that is a move (see ``can_go_to``).

        Returns:
            The current step afterwards (the same one if there was no move).
        """
        if self.can_go_to(index):
            move(index)
        return self.current

    def next(self, move: Move) -> Step:
        """Move to the following step (no move on the last)."""
        return self.go_to(self.index + 1, move)

    def back(self, move: Move) -> Step:
        """Move to the step before (no move on the first)."""
        return self.go_to(self.index - 1, move)
