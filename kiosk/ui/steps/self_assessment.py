"""Self-assessment: how confident the learner feels (1-5) about the same things at the start and
the end of a module. At the end they see, next to each question, what they said at the start."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGroupBox, QRadioButton, QVBoxLayout, QWidget

from kiosk.core.content import SelfAssessmentStep
from kiosk.core.learning import ModuleRun
from kiosk.ui.steps.base import StepView
from kiosk.ui.widgets import card, label, set_text


class SelfAssessmentView(StepView):
    """Each answer is saved as it is chosen; every question is optional."""

    def __init__(self, run: ModuleRun, step: SelfAssessmentStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        before = step.phase == "before"
        intro = step.intro or (
            self.tr("How confident do you feel about each of these right now? You'll be asked the same "
                    "questions at the end of the module, so you can see what has changed.")
            if before else
            self.tr("Now that you have worked through the module, how confident do you feel about each "
                    "of these? What you said at the start is shown with each question."))
        self.column.addWidget(label(intro))
        self.column.addWidget(label(self.tr("There are no right or wrong answers, and every question is "
                                            "optional. Your ratings are used without your name, to see "
                                            "how the programme helps people."), "muted"))
        ratings = (run.answer(step) or {}).get("ratings", {})
        earlier = {} if before else {
            q.id: then for q, (_, then, _) in zip(step.questions, run.confidence_change(step))}
        self.groups: dict[str, QButtonGroup] = {}
        self.earlier_labels: dict[str, object] = {}
        for question in step.questions:
            box = QGroupBox(question.text)
            box.setAccessibleName(question.text)
            inner = QVBoxLayout(box)
            if not before:
                then = earlier.get(question.id)
                said = (self.tr("At the start you said: %1").replace("%1", step.labels[then - 1])
                        if then else self.tr("You didn't answer this at the start."))
                note = label(said, "muted")
                inner.addWidget(note)
                self.earlier_labels[question.id] = note
            group = QButtonGroup(box)
            for value, text in enumerate(step.labels, start=1):
                choice = QRadioButton(text)
                choice.setAccessibleName(self.tr("%1 (%2 of 5)").replace("%1", text).replace("%2", str(value)))
                group.addButton(choice, value)
                inner.addWidget(choice)
                if ratings.get(question.id) == value:
                    choice.setChecked(True)
            group.idClicked.connect(lambda *_: self.flush())
            self.groups[question.id] = group
            self.column.addWidget(box)
        self.change = None
        if not before:
            self.change = label("", "subtitle")
            self.column.addWidget(card(self.change))
            self._show_change()
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
            if self._save(lambda: self.run.save_self_assessment(ratings)):
                self._show_change()

    def _show_change(self) -> None:
        """A one-line summary of change, in plain words and without judging it."""
        if self.change is None:
            return
        pairs = [(then, now) for _, then, now in self.run.confidence_change(self.step)
                 if then is not None and now is not None]
        if not pairs:
            set_text(self.change, self.tr("When you have answered, you'll see here how your answers "
                                          "compare with the start."))
            return
        higher = sum(1 for then, now in pairs if now > then)
        same = sum(1 for then, now in pairs if now == then)
        lower = len(pairs) - higher - same
        set_text(self.change, self.tr("Compared with the start: %1 higher, %2 the same, %3 lower. "
                                      "Any answer is fine; noticing where you feel less sure is useful too.")
                 .replace("%1", str(higher)).replace("%2", str(same)).replace("%3", str(lower)))
