from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QCheckBox, QHBoxLayout, QRadioButton, QWidget

from kiosk.core.completion import check_outcome
from kiosk.core.content import KnowledgeCheckStep
from kiosk.core.learning import ModuleRun
from kiosk.ui.steps.base import StepView
from kiosk.ui.widgets import button, card, choice_row, label, set_text


class CheckView(StepView):
    """A question with options; after checking, each chosen option's feedback teaches why."""

    def __init__(self, run: ModuleRun, step: KnowledgeCheckStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        self.column.addWidget(label(step.question, "question"))
        hint = self.tr("Choose all that apply.") if step.is_multiple else self.tr("Choose one answer.")
        self.column.addWidget(label(hint, "muted"))
        rules = run.module.completion
        if rules.attempts is not None:
            if rules.pass_mark:
                hint = (self.tr("Your first try counts towards completing this module.") if rules.attempts == 1
                        else self.tr("Your first %1 tries count towards completing this module.")
                        .replace("%1", str(rules.attempts)))
                hint += " " + self.tr("After that you'll see the answer, and you can come back to the "
                                      "question at any time.")
            else:
                hint = self.tr("After %1 tries you'll see the answer, and you can come back to the question "
                               "at any time.").replace("%1", str(rules.attempts))
            self.column.addWidget(label(hint, "muted"))
        self.group = QButtonGroup(self)
        self.group.setExclusive(not step.is_multiple)
        self.options: list[QAbstractButton] = []
        for index, option in enumerate(step.options):
            widget = QCheckBox() if step.is_multiple else QRadioButton()
            self.group.addButton(widget, index)
            self.options.append(widget)
            self.column.addWidget(choice_row(widget, option.text))
        self.check_button = button(self.tr("Check my &answer"), primary=True)
        self.retry_button = button(self.tr("&Try again"))
        self.verdict = label("", "subtitle")
        self.feedback = label("")
        self.feedback_card = card(self.verdict, self.feedback)
        self.feedback_card.hide()
        self.retry_button.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.retry_button)
        actions.addStretch(1)
        self.column.addLayout(actions)
        self.column.addWidget(self.feedback_card)
        self.column.addStretch(1)
        self.check_button.clicked.connect(self.check)
        self.retry_button.clicked.connect(self.try_again)
        self.group.buttonToggled.connect(self._selection_changed)
        saved = run.answer(step)
        if saved and saved.get("selected"):
            outcome = check_outcome(step, saved, run.module.completion)
            self._show_result(set(saved["selected"]), saved["correct"], outcome.out_of_tries)
        self._selection_changed()

    def first_focus(self) -> QWidget:
        return self.options[0]

    def selected(self) -> set[int]:
        return {i for i, widget in enumerate(self.options) if widget.isChecked()}

    def check(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        result = {}

        def submit() -> None:
            result["r"] = self.run.submit_check(chosen)

        if self._save(submit):
            self._show_result(chosen, result["r"].correct, result["r"].out_of_tries)
            self.retry_button.setFocus() if self.retry_button.isVisible() else self.feedback_card.setFocus()

    def try_again(self) -> None:
        self.group.setExclusive(False)
        for widget in self.options:
            widget.setChecked(False)
            widget.setEnabled(True)
        self.group.setExclusive(not self.step.is_multiple)
        self.feedback_card.hide()
        self.retry_button.hide()
        self.check_button.show()
        self.options[0].setFocus()

    def _show_result(self, chosen: set[int], correct: bool, out_of_tries: bool = False) -> None:
        for index, widget in enumerate(self.options):
            widget.setChecked(index in chosen)
            widget.setEnabled(False)
        if correct:
            verdict = self.tr("That's right.")
        elif out_of_tries:
            verdict = self.tr("Not quite. Here is what fits best, and why.")
        else:
            verdict = self.tr("Not quite. Here's why, and you can try again.")
        set_text(self.verdict, verdict)
        shown = sorted(chosen | (self.step.correct if out_of_tries else set()))
        lines = [f"“{self.step.options[i].text}”\n{self.step.options[i].feedback}" for i in shown]
        if out_of_tries:
            lines.append(self.tr("The answers that fit best: %1").replace(
                "%1", "; ".join(self.step.options[i].text for i in sorted(self.step.correct))))
        if correct and self.step.is_multiple:
            lines.append(self.tr("You found all the answers that apply."))
        set_text(self.feedback, "\n\n".join(lines))
        self.feedback_card.setAccessibleName(self.verdict.text())
        self.feedback_card.show()
        self.check_button.hide()
        self.retry_button.setText(self.tr("&Try this question again") if out_of_tries else self.tr("&Try again"))
        self.retry_button.setAccessibleName(self.retry_button.text().replace("&", ""))
        self.retry_button.setVisible(not correct)

    def _selection_changed(self, *_: object) -> None:
        self.check_button.setEnabled(bool(self.selected()))
