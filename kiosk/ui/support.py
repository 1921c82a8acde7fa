"""Where to find support: the contacts the organisation configured (programme.yaml ``support:``),
shown from a content note ("Go to support") and on the take-a-break screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from kiosk.ui.widgets import button, label, tab_stop_when_needed

if TYPE_CHECKING:  # the sign-in screen uses scrolling() from here, before the content model is needed
    from kiosk.core.content.model import SupportContact


class ContactsCard(QFrame):
    """A card listing each support contact (name, then how to reach them)."""

    def __init__(self, contacts: Sequence[SupportContact], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(12)
        column.addWidget(label(self.tr("If you'd like to talk to someone"), "subtitle"))
        for contact in contacts:
            entry = QWidget()
            lines = QVBoxLayout(entry)
            lines.setContentsMargins(0, 0, 0, 0)
            lines.setSpacing(2)
            lines.addWidget(label(contact.name, "strong"))
            lines.addWidget(label(contact.detail))
            column.addWidget(entry)
        if not contacts:
            column.addWidget(label(self.tr("A trainer or your manager can tell you where to find "
                                           "support at your organisation.")))
        column.addWidget(label(self.tr("Talking to someone you trust can also help: a colleague, a "
                                       "friend or your GP."), "muted"))


class CalmCover(QWidget):
    """A calm screen laid over the learner's own (support, take a break): a title, a few words,
    whatever the screen adds, the support contacts and one way back (also Esc). Emits
    ``finished`` when the learner chooses to go back."""

    finished = Signal()

    def __init__(self, title: str, intro: str, back_text: str, contacts: Sequence[SupportContact],
                 middle: Sequence[QWidget] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.back_button = button(back_text, primary=True)
        self.back_button.clicked.connect(self.finished)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.finished.emit)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(48, 24, 48, 24)
        column.setSpacing(16)
        column.addWidget(label(title, "title"))
        column.addWidget(label(intro))
        for widget in middle:
            column.addWidget(widget)
        column.addWidget(ContactsCard(contacts))
        column.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(body, title))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.back_button.setFocus()


class SupportScreen(CalmCover):
    """Support contacts and a way back to exactly where the learner was."""

    def __init__(self, contacts: Sequence[SupportContact], parent: QWidget | None = None):
        # self.tr needs the finished object, so these texts name their context themselves.
        super().__init__(
            QCoreApplication.translate("SupportScreen", "Support"),
            QCoreApplication.translate("SupportScreen", "It's fine to stop here. If this topic has brought "
                                                        "something up for you, these people are there to "
                                                        "help. Your place is saved."),
            QCoreApplication.translate("SupportScreen", "&Back to where I was"), contacts, parent=parent)


def scrolling(body: QWidget, name: str) -> QScrollArea:
    """``body`` in a frameless scroll area, so nothing is cut off at 200% text."""
    area = QScrollArea()
    # A viewport made here, like the one Qt makes: the first widget made by C++ that Python is
    # handed (tab_stop_when_needed asks for the viewport) makes PySide build the Python classes
    # and enums of every QWidget subclass it might be (~70 enums, ~20 ms before the sign-in screen's
    # first paint; docs/performance.md).
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setAutoFillBackground(True)
    area.setViewport(viewport)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    area.setAccessibleName(name)
    return tab_stop_when_needed(area)
