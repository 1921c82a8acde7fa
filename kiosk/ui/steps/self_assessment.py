"""Self-assessment: how confident the learner feels (1-5) about the same things at the start and
the end of a module. The end does not show what they said at the start: seeing it invites
answering to show progress, which would make the before/after comparison mean less. My progress
shows how the two compare once the module is done."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGroupBox, QRadioButton, QVBoxLayout, QWidget

from kiosk.core.content import SelfAssessmentStep
from kiosk.core.learning import ModuleRun
from kiosk.ui.formats import fill
from kiosk.ui.steps.base import StepView
from kiosk.ui.widgets import label


class SelfAssessmentView(StepView):
    """Each answer is saved as it is chosen; every question is optional."""

    step: SelfAssessmentStep  # the kind of step this view shows

    def __init__(self, run: ModuleRun, step: SelfAssessmentStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        before = step.phase == "before"
        intro = step.intro or (
            self.tr("How confident do you feel about each of these right now? You'll be asked the same "
                    "questions at the end of the module, so you can see what has changed.")
            if before else
            self.tr("Now that you have worked through the module, how confident do you feel about each "
                    "of these? Answer as you feel now; there is no need to remember what you said at the "
                    "start. My progress shows how your answers compare."))
        self.column.addWidget(label(intro))
        self.column.addWidget(label(self.tr("There are no right or wrong answers, and every question is "
                                            "optional. Your ratings are used without your name, to see "
                                            "how the programme helps people."), "muted"))
        ratings = (run.answer(step) or {}).get("ratings", {})
        self.groups: dict[str, QButtonGroup] = {}
        for question in step.questions:
            box = QGroupBox()  # a group box title never wraps: the question is a label inside
            box.setAccessibleName(question.text)
            inner = QVBoxLayout(box)
            inner.addWidget(label(question.text, "question"))
            group = QButtonGroup(box)
            for value, text in enumerate(step.labels, start=1):
                choice = QRadioButton(text)
                choice.setAccessibleName(fill(self.tr("%1 (%2 of 5)"), text, value))
                group.addButton(choice, value)
                inner.addWidget(choice)
                if ratings.get(question.id) == value:
                    choice.setChecked(True)
            group.idClicked.connect(lambda *_: self.flush())
            self.groups[question.id] = group
            self.column.addWidget(box)
        self.column.addStretch(1)

    def first_focus(self) -> QWidget | None:
        group = next(iter(self.groups.values()), None)
        if group is None:
            return None
        return group.checkedButton() or group.buttons()[0]

    def ratings(self) -> dict[str, int]:
        return {qid: g.checkedId() for qid, g in self.groups.items() if g.checkedId() > 0}

    def flush(self) -> None:
        if self.run.step is not self.step:
            return
        ratings = self.ratings()
        if ratings != (self.run.answer(self.step) or {}).get("ratings", {}):
            self._save(lambda: self.run.save_self_assessment(ratings))
