from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from kiosk.core.content import VideoStep
from kiosk.core.learning import ModuleRun
from kiosk.ui.steps.base import StepView
from kiosk.ui.widgets import card, label


def format_length(seconds: int) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


class VideoCardView(StepView):
    """A video's card: its title, its length and its transcript."""

    def __init__(self, run: ModuleRun, step: VideoStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        length = self.tr("Video, %1 long").replace("%1", format_length(step.duration_seconds))
        self.column.addWidget(card(label(length, "subtitle")))
        self.transcript = None
        text = run.module.texts.get(step.transcript or "", "")
        if text:
            self.column.addWidget(label(self.tr("Transcript"), "subtitle"))
            self.transcript = QTextBrowser()
            self.transcript.setOpenLinks(False)
            self.transcript.setMarkdown(text)
            self.transcript.setAccessibleName(self.tr("Transcript of %1").replace("%1", step.title))
            self.column.addWidget(self.transcript, 1)
        else:
            self.column.addStretch(1)

    def first_focus(self) -> QWidget | None:
        return self.transcript
