from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QButtonGroup, QGroupBox, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget

from kiosk.core.content import SurveyStep
from kiosk.core.learning import ModuleRun
from kiosk.core.vault import UNREADABLE
from kiosk.ui.formats import fill
from kiosk.ui.steps.base import StepView
from kiosk.ui.widgets import choice_row, label

SAVE_AFTER_MS = 1200


class SurveyView(StepView):
    """Five-point questions, each answer saved as it is chosen; every answer is optional."""

    step: SurveyStep  # the kind of step this view shows

    def __init__(self, run: ModuleRun, step: SurveyStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        if step.intro:
            self.column.addWidget(label(step.intro))
        self.column.addWidget(label(self.tr("Every question is optional."), "muted"))
        saved = run.answer(step) or {}
        ratings = saved.get("ratings", {})
        self.groups: dict[str, QButtonGroup] = {}
        for question in step.questions:
            box = QGroupBox(question.text)
            box.setAccessibleName(question.text)
            inner = QVBoxLayout(box)
            group = QButtonGroup(box)
            for value, text in enumerate(question.labels, start=1):
                choice = QRadioButton()
                group.addButton(choice, value)
                inner.addWidget(choice_row(choice, text))
                choice.setAccessibleName(fill(self.tr("%1 (%2 of 5)"), text, value))
                if ratings.get(question.id) == value:
                    choice.setChecked(True)
            group.idClicked.connect(lambda *_: self.flush())
            self.groups[question.id] = group
            self.column.addWidget(box)
        self.comment: QPlainTextEdit | None = None
        if step.comment:
            self.column.addWidget(label(step.comment))
            self.column.addWidget(label(self.tr("Optional. Your comment stays on this computer."), "muted"))
            if "comment" in saved.get(UNREADABLE, ()):  # sealed under the PIN they had before a reset
                self.column.addWidget(label(self.tr(
                    "Your earlier comment here can no longer be opened: it was locked with your old PIN. "
                    "You can write it again if you like."), "muted"))
            self.comment = QPlainTextEdit(saved.get("comment", ""))
            self.comment.setAccessibleName(self.tr("Your comment (optional)"))
            self.comment.setTabChangesFocus(True)
            self.comment.setMaximumHeight(160)
            self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
            self._timer.timeout.connect(self.flush)
            self.comment.textChanged.connect(self._timer.start)
            self.column.addWidget(self.comment)
        self.column.addStretch(1)

    def first_focus(self) -> QWidget | None:
        group = next(iter(self.groups.values()), None)
        return group.buttons()[0] if group else self.comment

    def answers(self) -> tuple[dict[str, int], str]:
        ratings = {qid: g.checkedId() for qid, g in self.groups.items() if g.checkedId() > 0}
        return ratings, self.comment.toPlainText() if self.comment else ""

    def flush(self) -> None:
        if self.comment is not None:
            self._timer.stop()
        if self.run.step is not self.step:
            return
        ratings, comment = self.answers()
        saved = self.run.answer(self.step) or {}
        if ratings != saved.get("ratings", {}) or comment != saved.get("comment", ""):
            self._save(lambda: self.run.save_survey(ratings, comment))
