"""Transcripts: the interactive one beside the player (the cue being spoken is highlighted;
Enter or a click on a cue goes there) and the full one to read instead of watching."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QTextBrowser, QVBoxLayout, QWidget

from kiosk.core.captions import Captions, format_clock, transcript_paragraphs
from kiosk.ui.formats import fill
from kiosk.ui.widgets import label

START = Qt.ItemDataRole.UserRole
HIGHLIGHT = QColor("#fff1c2")
HIGHLIGHT_TEXT = QColor("#1d2a2f")


class TranscriptPanel(QWidget):
    """Every cue with its time; the current one highlighted and kept in view."""

    seek_requested = Signal(float)

    def __init__(self, captions: Captions, parent: QWidget | None = None):
        super().__init__(parent)
        self.captions = captions
        self.current: int | None = None
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Transcript: choose a line to go to that moment"))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for cue in captions.cues:
            who = f"{cue.speaker}: " if cue.speaker else ""
            item = QListWidgetItem(f"{format_clock(cue.start)}   {who}{cue.text.replace(chr(10), ' ')}")
            item.setData(START, cue.start)
            item.setToolTip(fill(self.tr("Go to %1"), format_clock(cue.start)))
            self.list.addItem(item)
        # Enter (activated) and a single click both go to the cue; doing it twice is harmless.
        self.list.itemActivated.connect(self._go)
        self.list.itemClicked.connect(self._go)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label(self.tr("Transcript"), "subtitle"))
        if captions.cues:
            column.addWidget(label(self.tr("Press Enter on a line, or click it, to go there."), "muted"))
            column.addWidget(self.list, 1)
        else:
            column.addWidget(label(self.tr("There is no transcript for this video."), "muted"), 1)

    def highlight(self, index: int | None) -> None:
        """Show ``index`` as the cue being spoken (None: between cues, keep the last one)."""
        if index is None or index == self.current:
            return
        if self.current is not None and self.current < self.list.count():
            old = self.list.item(self.current)
            old.setBackground(QBrush())
            old.setForeground(QBrush())
            old.setFont(QFont())
        self.current = index
        item = self.list.item(index)
        item.setBackground(HIGHLIGHT)
        item.setForeground(HIGHLIGHT_TEXT)
        bold = QFont()
        bold.setBold(True)
        item.setFont(bold)
        if not self.list.hasFocus():  # never move the list under someone reading it by keyboard
            self.list.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)

    def follow(self, seconds: float) -> None:
        self.highlight(self.captions.index_at(seconds))

    def _go(self, item: QListWidgetItem) -> None:
        self.seek_requested.emit(float(item.data(START)))


def transcript_markdown(captions: Captions, authored: str = "") -> str:
    """The transcript to read: the author's own if there is one (it may describe what is shown
    as well as what is said), else the captions as paragraphs."""
    if authored.strip():
        return authored
    return "\n\n".join(transcript_paragraphs(captions.cues))


class TranscriptReader(QWidget):
    """The whole transcript as a page to read, for learners who prefer it to the video."""

    def __init__(self, markdown: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        if markdown.strip():
            self.browser.setMarkdown(markdown)
        else:
            self.browser.setPlainText(self.tr("There is no transcript for this video."))
        self.browser.setAccessibleName(fill(self.tr("Transcript of %1"), title))
        self.browser.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.browser, 1)
