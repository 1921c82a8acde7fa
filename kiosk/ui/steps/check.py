from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.completion_rules import check_outcome, question_round
from kiosk.core.content import KnowledgeCheckStep
from kiosk.core.learning import ModuleRun
from kiosk.ui.announce import announce
from kiosk.ui.formats import fill
from kiosk.ui.steps.base import StepView
from kiosk.ui.widgets import button, card, choice_row, label, set_text


class CheckView(StepView):
    """A question with options; after checking, each chosen option's feedback teaches why."""

    step: KnowledgeCheckStep  # the kind of step this view shows

    def __init__(self, run: ModuleRun, step: KnowledgeCheckStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        self.column.addWidget(label(step.question, "question"))
        hint = self.tr("Choose all that apply.") if step.is_multiple else self.tr("Choose one answer.")
        self.column.addWidget(label(hint, "muted"))
        self._build_tries_hint(run)
        saved = run.answer(step)
        self._build_options(run, step, saved)
        self._build_actions()
        # An answer saved against an earlier version of the question (its options since reordered
        # or changed) no longer matches its own verdict: ask afresh rather than show a wrong
        # pairing. Whatever it earned stays earned (check_outcome reads the saved 'passed').
        if saved and saved.get("selected") and _still_fits(step, saved):
            outcome = check_outcome(step, saved, run.module.completion)
            self._show_result(set(saved["selected"]), saved["correct"], outcome.out_of_tries)
        self._selection_changed()

    def _build_tries_hint(self, run: ModuleRun) -> None:
        """How many tries count, where the module limits them."""
        rules = run.module.completion
        if rules.attempts is not None:
            if rules.pass_mark:
                hint = (self.tr("Your first try counts towards completing this module.") if rules.attempts == 1
                        else fill(self.tr("Your first %1 tries count towards completing this module."), rules.attempts))
                hint += " " + self.tr("After that you'll see the answer. You can still try the question "
                                      "again for practice, but it no longer counts; if you need to, My "
                                      "progress offers the questions again later.")
            else:
                hint = fill(self.tr("After %1 tries you'll see the answer, and you can come back to the question "
                                    "at any time."), rules.attempts)
            self.column.addWidget(label(hint, "muted"))

    def _build_options(self, run: ModuleRun, step: KnowledgeCheckStep, saved: Any) -> None:
        self.group = QButtonGroup(self)
        self.group.setExclusive(not step.is_multiple)
        # Shown in this learner's own order (kiosk.core.shuffle); ``options`` is indexed by the
        # option's place in module.yaml, which is what is saved, so answers never depend on it.
        round_ = question_round(saved)  # a new round of questions shows a new order
        self.order = run.shown_order(len(step.options), step.id, *([f"round-{round_}"] if round_ else []))
        made: dict[int, QAbstractButton] = {}
        # The options in a box named by the question: a screen reader says the question as the
        # group's name when focus enters the options.
        box = QWidget()
        box.setAccessibleName(step.question)
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        for index in self.order:  # made in screen order, so Tab follows what is seen
            made[index] = QCheckBox() if step.is_multiple else QRadioButton()
            if step.is_multiple:
                # Each check box its own Tab stop: Qt makes a whole button group one stop (even a
                # non-exclusive one), so Tab would skip all but the first box.
                made[index].toggled.connect(self._selection_changed)
            else:
                self.group.addButton(made[index], index)
            rows.addWidget(choice_row(made[index], step.options[index].text))
        self.column.addWidget(box)
        self.options: list[QAbstractButton] = [made[i] for i in range(len(step.options))]
        self.shown = [made[i] for i in self.order]

    def _build_actions(self) -> None:
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

    def first_focus(self) -> QWidget:
        return self.shown[0]

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._reveal_focus)  # dropped if the view is gone by then

    def _reveal_focus(self) -> None:
        """Scroll so the option with focus can be seen (at large text sizes the question can
        fill the screen): Space must never choose an option the learner cannot see."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        focused = next((w for w in self.options if w.hasFocus()), None)
        if area is not None and focused is not None:
            area.ensureWidgetVisible(focused.parentWidget() or focused, 0, 24)  # its whole row

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
            announce(self.feedback_card, f"{self.verdict.text()} {self.feedback.text()}")

    def try_again(self) -> None:
        self.group.setExclusive(False)
        for widget in self.options:
            widget.setChecked(False)
            widget.setEnabled(True)
        self.group.setExclusive(not self.step.is_multiple)
        self.feedback_card.hide()
        self.retry_button.hide()
        self.check_button.show()
        self.shown[0].setFocus()

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
        # Feedback in the order the learner sees the options.
        explained = [i for i in self.order if i in chosen or (out_of_tries and i in self.step.correct)]
        lines = [f"“{self.step.options[i].text}”\n{self.step.options[i].feedback}" for i in explained]
        if out_of_tries:
            lines.append(fill(self.tr("The answers that fit best: %1"),
                              "; ".join(self.step.options[i].text for i in self.order if i in self.step.correct)))
        if correct and self.step.is_multiple:
            lines.append(self.tr("You found all the answers that apply."))
        outcome = check_outcome(self.step, self.run.answer(self.step), self.run.module.completion)
        if correct and self.run.module.completion.pass_mark and not outcome.passed:
            lines.append(self.tr("This was practice after the answer had been shown, so it does not count "
                                 "towards completing the module. If you need to, My progress offers the "
                                 "questions again."))
        set_text(self.feedback, "\n\n".join(lines))
        self.feedback_card.setAccessibleName(self.verdict.text())
        self.feedback_card.show()
        self.check_button.hide()
        self.retry_button.setText(self.tr("&Try this question again") if out_of_tries else self.tr("&Try again"))
        self.retry_button.setAccessibleName(self.retry_button.text().replace("&", ""))
        self.retry_button.setVisible(not correct)

    def _selection_changed(self, *_: object) -> None:
        self.check_button.setEnabled(bool(self.selected()))


def _still_fits(step: KnowledgeCheckStep, saved: dict) -> bool:
    chosen = set(saved.get("selected") or ())
    return all(0 <= i < len(step.options) for i in chosen) and (chosen == step.correct) == bool(saved.get("correct"))
