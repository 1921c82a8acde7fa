"""Recording what the room answered: for a knowledge check, the option(s) the room settled on
and/or a show of hands per option; for a survey, a show of hands for each point of the scale.
Nobody's own answer is asked for or kept. Every change is saved at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QSpinBox, QVBoxLayout, QWidget

from kiosk.core.content import KnowledgeCheckStep, SurveyStep
from kiosk.core.errors import KioskError
from kiosk.core.groups import MAX_HANDS, GroupSession
from kiosk.ui.formats import fill
from kiosk.ui.widgets import label

LETTERS = "ABCDEFGH"


def _hands(accessible: str, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_HANDS)
    box.setValue(value)
    box.setAccessibleName(accessible)
    return box


class RoomAnswerPanel(QWidget):
    """Emits ``saved`` or ``save_failed(message)`` after each change."""

    saved = Signal()
    save_failed = Signal(str)

    def __init__(self, session: GroupSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.step = session.step
        self.room: list[QCheckBox] = []
        self.hands: list[QSpinBox] = []
        self.survey_hands: dict[str, list[QSpinBox]] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        saved = session.room_answer()
        if isinstance(self.step, KnowledgeCheckStep):
            self._check(self.step, column, saved)
        elif isinstance(self.step, SurveyStep):
            self._survey(self.step, column, saved)
        else:
            self.hide()

    @property
    def applies(self) -> bool:
        return isinstance(self.step, (KnowledgeCheckStep, SurveyStep))

    def _check(self, step: KnowledgeCheckStep, column: QVBoxLayout, saved: dict[str, Any]) -> None:
        column.addWidget(label(self.tr("The room's answer"), "subtitle"))
        column.addWidget(label(self.tr("Tick what the room settled on, and/or count a show of hands. "
                                       "No one's own answer is recorded."), "muted"))
        grid = QGridLayout()
        grid.addWidget(label(self.tr("Chosen"), "muted"), 0, 0)
        grid.addWidget(label(self.tr("Hands"), "muted"), 0, 2)
        room, hands = set(saved.get("room", ())), list(saved.get("hands", ()))
        for index, option in enumerate(step.options):
            letter = LETTERS[index]
            choice = QCheckBox(letter)
            choice.setAccessibleName(fill(self.tr("The room chose %1: %2"), letter, option.text))
            choice.setChecked(index in room)
            choice.toggled.connect(self._save_check)
            count = _hands(fill(self.tr("Hands for %1"), letter),
                           hands[index] if index < len(hands) else 0)
            count.valueChanged.connect(self._save_check)
            grid.addWidget(choice, index + 1, 0)
            grid.addWidget(label(option.text, "muted"), index + 1, 1)
            grid.addWidget(count, index + 1, 2)
            self.room.append(choice)
            self.hands.append(count)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)

    def _survey(self, step: SurveyStep, column: QVBoxLayout, saved: dict[str, Any]) -> None:
        column.addWidget(label(self.tr("Show of hands"), "subtitle"))
        column.addWidget(label(self.tr("For each question, how many hands for each point of the scale "
                                       "(1 is the lowest, 5 the highest)? Taking part is optional."), "muted"))
        recorded = saved.get("hands", {})
        for question in step.questions:
            column.addWidget(label(question.text))
            grid = QGridLayout()
            boxes = []
            counts = list(recorded.get(question.id, ())) + [0] * 5
            for point, text in enumerate(question.labels):
                box = _hands(fill(self.tr("%1: hands for %2"), question.text, text),
                             counts[point])
                box.setToolTip(text)
                box.valueChanged.connect(lambda *_, qid=question.id: self._save_survey(qid))
                grid.addWidget(label(str(point + 1), "muted"), 0, point)
                grid.addWidget(box, 1, point)
                boxes.append(box)
            column.addLayout(grid)
            self.survey_hands[question.id] = boxes

    def _save_check(self, *_: object) -> None:
        room = {i for i, box in enumerate(self.room) if box.isChecked()}
        self._save(lambda: self.session.record_check(room=room, hands=[b.value() for b in self.hands]))

    def _save_survey(self, question_id: str) -> None:
        counts = [b.value() for b in self.survey_hands[question_id]]
        self._save(lambda: self.session.record_survey(question_id, counts))

    def _save(self, action) -> None:
        if self.session.step is not self.step:
            return
        try:
            action()
        except KioskError as exc:
            self.save_failed.emit(str(exc))
            return
        self.saved.emit()
