"""Moving through a module's steps: the one rule a learner's run and a group session share."""

from __future__ import annotations

from kiosk.core.content.model import PageStep
from kiosk.core.step_cursor import StepCursor

STEPS = tuple(PageStep(id=f"step-{n}", title=f"Step {n}", file=f"{n}.md") for n in range(3))


class Owner:
    """Stands for a run or a session: keeps the moves it was asked to make."""

    def __init__(self) -> None:
        self.cursor = StepCursor(STEPS)
        self.moves: list[int] = []

    def move(self, target: int) -> None:
        self.moves.append(target)
        self.cursor.index = target


def test_next_and_back_move_one_step_and_return_the_step_shown():
    owner = Owner()
    assert owner.cursor.next(owner.move) is STEPS[1]
    assert owner.cursor.back(owner.move) is STEPS[0]
    assert owner.moves == [1, 0]


def test_there_is_no_move_past_either_end_or_onto_the_current_step():
    owner = Owner()
    cursor = owner.cursor
    assert cursor.back(owner.move) is STEPS[0]
    assert cursor.go_to(0, owner.move) is STEPS[0]
    assert cursor.go_to(3, owner.move) is STEPS[0]
    assert cursor.go_to(-1, owner.move) is STEPS[0]
    cursor.index = 2
    assert cursor.next(owner.move) is STEPS[2]
    assert owner.moves == []


def test_go_to_moves_to_any_other_step():
    owner = Owner()
    assert owner.cursor.go_to(2, owner.move) is STEPS[2]
    assert owner.moves == [2]


def test_first_last_and_the_following_step():
    cursor = StepCursor(STEPS)
    assert (cursor.is_first, cursor.is_last, cursor.following) == (True, False, STEPS[1])
    cursor.index = 2
    assert (cursor.is_first, cursor.is_last, cursor.following) == (False, True, None)
    assert StepCursor(STEPS[:1]).is_first and StepCursor(STEPS[:1]).is_last
