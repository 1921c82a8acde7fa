"""What the admin panel's tabs share: the base of a tab (a title for its tab and its accessible
name) and the few layouts they are built from."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget


class AdminTab(QWidget):
    """One section of the admin panel (as Picard declares its option pages): it builds its own
    controls and connects them; the panel adds it under ``title()``."""

    def title(self) -> str:
        raise NotImplementedError


def read_only(accessible: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                 | Qt.TextInteractionFlag.TextSelectableByMouse)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    view.setTabChangesFocus(True)  # Tab moves on, so the keyboard never gets stuck in it
    view.setAccessibleName(accessible)
    return view


def column(page: QWidget, *children: QWidget) -> None:
    """Lay ``children`` out one under the other on ``page``; a text view takes the spare height."""
    layout = QVBoxLayout(page)
    for child in children:
        layout.addWidget(child, 1 if isinstance(child, QPlainTextEdit) else 0)
    if not any(isinstance(c, QPlainTextEdit) for c in children):
        layout.addStretch(1)


def row(*children: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for child in children:
        layout.addWidget(child)
    layout.addStretch(1)
    return holder


def centred(inner: QWidget) -> QWidget:
    page = QWidget()
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    line = QHBoxLayout()
    line.addStretch(1)
    inner.setMaximumWidth(720)
    line.addWidget(inner, 4)
    line.addStretch(1)
    outer.addLayout(line)
    outer.addStretch(2)
    return page
