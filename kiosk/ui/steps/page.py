from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from kiosk.core.content import PageStep
from kiosk.core.learning import ModuleRun
from kiosk.ui.steps.base import StepView


def show_markdown(browser: QTextBrowser, text: str) -> None:
    """Markdown with generous line spacing (Qt's Markdown import ignores style sheets)."""
    browser.setMarkdown(text)
    browser.document().setDocumentMargin(16)
    cursor = QTextCursor(browser.document())
    cursor.select(QTextCursor.SelectionType.Document)
    spacing = QTextBlockFormat()
    spacing.setLineHeight(140, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    cursor.mergeBlockFormat(spacing)


class PageView(StepView):
    step: PageStep  # the kind of step this view shows

    def __init__(self, run: ModuleRun, step: PageStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # offline kiosk: nothing to open, nothing to escape to
        self.browser.setSearchPaths([str(run.module.folder)])
        show_markdown(self.browser, run.module.texts.get(step.file, ""))
        self.browser.setAccessibleName(step.title)
        self.browser.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.column.addWidget(self.browser, 1)

    def first_focus(self) -> QWidget:
        return self.browser
