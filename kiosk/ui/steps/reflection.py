from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from kiosk.core.content import ReflectionStep
from kiosk.core.learning import ModuleRun
from kiosk.core.vault import UNREADABLE
from kiosk.ui.steps.base import StepView
from kiosk.ui.widgets import label

SAVE_AFTER_MS = 1200


class ReflectionView(StepView):
    """Private free text, saved a moment after typing stops and whenever the step is left."""

    step: ReflectionStep  # the kind of step this view shows

    def __init__(self, run: ModuleRun, step: ReflectionStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        self.column.addWidget(label(step.prompt, "subtitle"))
        self.column.addWidget(label(self.tr("Only you can see this. It stays on this computer and is "
                                            "never sent anywhere. Writing something is up to you."), "muted"))
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("Your reflection"))
        self.editor.setTabChangesFocus(True)
        saved = run.answer(step) or {}
        self.editor.setPlainText(saved.get("text", ""))
        if "text" in saved.get(UNREADABLE, ()):  # sealed under the PIN they had before a reset
            self.column.addWidget(label(self.tr(
                "What you wrote here before can no longer be opened: it was locked with your old PIN, "
                "and a new PIN cannot open it. Nothing else is lost. You can write here again if you like."),
                "muted"))
        self.column.addWidget(self.editor, 1)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.flush)
        self.editor.textChanged.connect(self._timer.start)

    def first_focus(self) -> QWidget:
        return self.editor

    def flush(self) -> None:
        self._timer.stop()
        if self.run.step is self.step:
            text = self.editor.toPlainText()
            if text != (self.run.answer(self.step) or {}).get("text", ""):
                self._save(lambda: self.run.save_reflection(text))
