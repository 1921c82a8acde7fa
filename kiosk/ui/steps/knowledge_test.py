"""Knowledge test: the same questions at the start and the end of a module. Answers are saved as
they are chosen; once the test is handed in (or the learner moves on) it is locked. The start
shows no answers (that would teach the test); the end shows the score, the start's score and why
each answer fits."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import knowledge_test
from kiosk.core.content.model import KnowledgeTestStep
from kiosk.core.learning import ModuleRun
from kiosk.ui.formats import fill
from kiosk.ui.steps.base import StepView
from kiosk.ui.widgets import button, card, choice_row, label, set_text


class KnowledgeTestView(StepView):
    step: KnowledgeTestStep  # the kind of step this view shows

    def __init__(self, run: ModuleRun, step: KnowledgeTestStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        self.before = step.phase == "before"
        self.items = knowledge_test.items(run.module, step)
        intro = step.intro or (
            self.tr("Before you start, a few questions to see what you know already. It's fine not to know: "
                    "answer as best you can. You won't see the answers now. You'll be asked the same "
                    "questions at the end of the module, and then see how you did.")
            if self.before else
            self.tr("The same questions as at the start of the module. Answer as best you can, then check "
                    "your answers."))
        self.column.addWidget(label(intro))
        self.column.addWidget(label(self.tr("Your answers never count towards completing the module. They "
                                            "are used without your name, to see how much the programme "
                                            "helps people learn."), "muted"))
        saved = knowledge_test.selections(run.answer(step))
        # item id -> option widgets indexed by original option index (what is saved)
        self.options: dict[str, list[QAbstractButton]] = {}
        self.shown: list[QAbstractButton] = []
        for item in self.items:
            box = QGroupBox()  # a group box title never wraps: the question is a label inside
            box.setAccessibleName(item.question)  # so a screen reader names the group of options
            box.setAccessibleName(item.question)
            inner = QVBoxLayout(box)
            inner.addWidget(label(item.question, "question"))
            hint = self.tr("Choose all that apply.") if item.is_multiple else self.tr("Choose one answer.")
            inner.addWidget(label(hint, "muted"))
            group = QButtonGroup(box)
            group.setExclusive(not item.is_multiple)
            made: dict[int, QAbstractButton] = {}
            for index in run.shown_order(len(item.options), step.id, item.id):
                made[index] = QCheckBox() if item.is_multiple else QRadioButton()
                made[index].setChecked(index in saved.get(item.id, ()))
                if item.is_multiple:  # each box its own Tab stop (Qt makes a button group one stop)
                    made[index].toggled.connect(lambda *_: self._changed())
                else:
                    group.addButton(made[index], index)
                inner.addWidget(choice_row(made[index], item.options[index].text))
                self.shown.append(made[index])
            group.buttonToggled.connect(lambda *_: self._changed())
            self.options[item.id] = [made[i] for i in range(len(item.options))]
            self.column.addWidget(box)
        self.submit_button = button(self.tr("&Save my answers") if self.before else self.tr("&Check my answers"),
                                    primary=True)
        self.submit_button.clicked.connect(self.submit)
        self.column.addWidget(self.submit_button)
        self.result = label("", "subtitle")
        self.explained = label("")
        self.result_card = card(self.result, self.explained)
        self.result_card.hide()
        self.column.addWidget(self.result_card)
        self.column.addStretch(1)
        if run.is_done(step):
            self._locked()

    def first_focus(self) -> QWidget | None:
        return self.submit_button if self.run.is_done(self.step) or not self.shown else self.shown[0]

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._reveal_focus)  # dropped if the view is gone by then

    def _reveal_focus(self) -> None:
        """Scroll so the control with focus can be seen (Space must never choose an option the
        learner cannot see, which happens at large text sizes)."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        focused = next((w for w in (*self.shown, self.submit_button) if w.hasFocus()), None)
        if area is not None and focused is not None:
            area.ensureWidgetVisible((focused.parentWidget() or focused) if focused in self.shown else focused, 0, 24)

    def selected(self) -> dict[str, list[int]]:
        return {item_id: [i for i, w in enumerate(widgets) if w.isChecked()]
                for item_id, widgets in self.options.items()}

    def submit(self) -> None:
        if self._save(lambda: self.run.save_knowledge_test(self.selected(), submit=True)):
            self._locked()
            self.result_card.setFocus()

    def _changed(self) -> None:
        if self.run.step is self.step and not self.run.is_done(self.step):
            self._save(lambda: self.run.save_knowledge_test(self.selected()))

    def _locked(self) -> None:
        for widget in self.shown:
            widget.setEnabled(False)
        self.submit_button.hide()
        if self.before:
            set_text(self.result, self.tr("Thank you. Your answers are saved as they are, so the comparison at "
                                          "the end is fair. You'll see how you did at the end of the module."))
        else:
            self._show_scores()
        self.result_card.setAccessibleName(self.result.text())
        self.result_card.show()

    def _show_scores(self) -> None:
        now = knowledge_test.result(self.run.answer(self.step))
        before_step = knowledge_test.before_step(self.run.module, self.step)
        then = knowledge_test.result(self.run.answer(before_step)) if before_step else None
        score, total = now or (0, len(self.items))
        text = fill(self.tr("You answered %1 of %2 questions correctly."), score, total)
        if then is not None:
            text += " " + fill(self.tr("At the start of the module: %1 of %2."), then[0], then[1])
        set_text(self.result, text)
        lines = []
        for item in self.items:
            fits = "; ".join(item.options[i].text for i in sorted(item.correct))
            why = " ".join(item.options[i].feedback for i in sorted(item.correct))
            lines.append(f"{item.question}\n" + fill(self.tr("What fits best: %1"), fits) + f"\n{why}")
        set_text(self.explained, "\n\n".join(lines))
