"""What the learner sees after 'Finish': that the module is complete, or, calmly, what is still
open, with a way straight to each open step. Never a score to feel judged by."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.completion_rules import Completion
from kiosk.core.content import Module
from kiosk.ui.formats import fill
from kiosk.ui.widgets import button, card, label

MAX_LISTED = 5


class FinishPanel(QWidget):
    """Emits ``step_requested(index)`` to open a step, ``close_requested`` to leave the module."""

    step_requested = Signal(int)
    close_requested = Signal()
    retry_requested = Signal()
    """The learner chose to try the questions again (a new round of those not yet right)."""

    def __init__(self, module: Module, completion: Completion, completed: bool,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.step_buttons: list[QPushButton] = []
        self.completed = completed
        self.close_button = button(self.tr("Back to my modules"), primary=True)
        self.close_button.clicked.connect(self.close_requested)
        parts: list[QWidget] = []
        if completed:
            parts += [label(self.tr("You've completed this module"), "title"),
                      label(self.tr("Well done for taking the time. You can come back and look through "
                                    "any part of it whenever you like.")),
                      label(self.tr("Your certificate is on the My progress page."), "muted")]
            review = button(self.tr("&Look through this module again"))
            review.clicked.connect(lambda: self.step_requested.emit(0))
            self.step_buttons.append(review)
            parts += [self.close_button, review]
        else:
            parts += [label(self.tr("Your progress is saved"), "title"),
                      label(self.tr("A few things are still open. You can do them now or come back at "
                                    "any time; nothing is lost."))]
            first_open = module.step_index(completion.missing[0]) if completion.missing else None
            if first_open is not None:
                first = button(self.tr("&Go to the first open step"), primary=True)
                first.clicked.connect(lambda: self.step_requested.emit(first_open))
                self.step_buttons.append(first)
                parts.append(first)
            elif not completion.passed:
                # Answers shown already no longer count: a new round is the way to the pass mark.
                retry = button(self.tr("&Try the questions again"), primary=True)
                retry.clicked.connect(self.retry_requested)
                self.step_buttons.append(retry)
                parts.append(retry)
            self.close_button.setObjectName("")  # one primary action at a time
            parts.append(self.close_button)
            if completion.missing:
                parts.append(label(self.tr("Still to do:"), "subtitle"))
                for step_id in completion.missing[:MAX_LISTED]:
                    index = module.step_index(step_id)
                    assert index is not None  # missing steps are the module's own
                    title = fill(self.tr("Step %1: %2"), index + 1, module.steps[index].title)
                    go = button(title, accessible=fill(self.tr("Go to %1"), title))
                    go.clicked.connect(lambda _=False, i=index: self.step_requested.emit(i))
                    self.step_buttons.append(go)
                    parts.append(go)
                more = len(completion.missing) - MAX_LISTED
                if more > 0:
                    parts.append(label(fill(self.tr("and %1 more."), more), "muted"))
            if not completion.passed:
                parts.append(label(fill(self.tr("The questions: this module asks for %1 of its %2 questions to be "
                                                "answered correctly, and so far %3 are. Each question's feedback "
                                                "explains the answer. Trying the questions again asks the ones not "
                                                "yet right afresh, in a new order."),
                                        completion.checks_needed, completion.checks, completion.checks_passed)))
        for widget in (self.close_button, *self.step_buttons):  # sized to their words, not the card
            widget.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(card(*parts))
        column.addStretch(1)

    def first_focus(self) -> QWidget:
        return self.step_buttons[0] if self.step_buttons and not self.completed else self.close_button
