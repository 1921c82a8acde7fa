"""Small building blocks shared by the screens."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QChildEvent, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.secret_field import SecretField


def label(text: str, name: str = "", wrap: bool = True, parent: QWidget | None = None) -> QLabel:
    """A label styled by object name (title, subtitle, muted, message, saved)."""
    widget = QLabel(text, parent)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        widget.setObjectName(name)
    widget.setAccessibleName(text)
    return widget


def button(text: str, accessible: str = "", primary: bool = False) -> QPushButton:
    """A push button with an accessible name (defaults to its text without the mnemonic '&')."""
    widget = QPushButton(text)
    widget.setAccessibleName(accessible or text.replace("&", ""))
    if primary:
        widget.setObjectName("primary")
    widget.setAutoDefault(True)
    return widget


def card(*children: QWidget, parent: QWidget | None = None) -> QFrame:
    """A framed panel holding the given widgets in a column."""
    frame = QFrame(parent)
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(12)
    for child in children:
        layout.addWidget(child)
    return frame


def set_text(widget: QLabel, text: str) -> None:
    """Change a label's text and keep its accessible name in step, so screen readers hear it."""
    widget.setText(text)
    widget.setAccessibleName(text)


class _ClickableLabel(QLabel):
    def __init__(self, text: str, target: QAbstractButton):
        super().__init__(text)
        self._target = target

    def mouseReleaseEvent(self, event) -> None:
        if self._target.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
            self._target.click()
            self._target.setFocus()
        super().mouseReleaseEvent(event)


def choice_row(choice: QAbstractButton, text: str) -> QWidget:
    """A radio button or check box whose text wraps (Qt's own button text never wraps).

    The button keeps the focus and the accessible name; clicking the text clicks the button.
    """
    choice.setText("")
    choice.setAccessibleName(text)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    text_label = _ClickableLabel(text, choice)
    text_label.setWordWrap(True)
    text_label.setTextFormat(Qt.TextFormat.PlainText)
    text_label.setBuddy(choice)
    layout.addWidget(choice, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(text_label, 1)
    return row


def pin_field(accessible: str = "") -> QLineEdit:
    """A masked field for a PIN (up to 8 digits), kept out of input-method prediction; its digits never
    reach assistive technology (kiosk/ui/secret_field.py)."""
    field = SecretField(allowed="[0-9]", max_length=8)
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
    if accessible:
        field.setAccessibleName(accessible)
    return field


def secret_field(accessible: str = "", max_length: int = 128) -> QLineEdit:
    """A masked field for a sign-in secret of any characters (a PIN, a one-time code or a trainer's
    passphrase), kept out of input-method prediction."""
    field = SecretField(max_length=max_length)
    field.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
                              | Qt.InputMethodHint.ImhHiddenText)
    if accessible:
        field.setAccessibleName(accessible)
    return field


def code_field(accessible: str = "") -> QLineEdit:
    """A field for a learner code (often a staff number): no prediction, no history."""
    field = QLineEdit()
    field.setMaxLength(40)
    field.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText | Qt.InputMethodHint.ImhSensitiveData)
    if accessible:
        field.setAccessibleName(accessible)
    return field


class _TabStopWhenNeeded(QObject):
    """Keeps a scroll area out of the Tab order while its content has controls of its own."""

    def __init__(self, area: QScrollArea):
        super().__init__(area)
        self.area = area
        area.installEventFilter(self)
        area.viewport().installEventFilter(self)
        content = area.widget()
        if content is not None:
            content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ChildAdded and watched is self.area.viewport():
            child = cast(QChildEvent, event).child()
            if child.isWidgetType():
                child.installEventFilter(self)  # new content (setWidget): watch its changes too
        if kind in (QEvent.Type.Show, QEvent.Type.ChildAdded, QEvent.Type.LayoutRequest):
            self.update()
        return False

    def update(self) -> None:
        content = self.area.widget()
        has_controls = content is not None and any(
            w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(content) for w in content.findChildren(QWidget))
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus if has_controls else Qt.FocusPolicy.StrongFocus)


def tab_stop_when_needed(area: QScrollArea) -> QScrollArea:
    """A scroll area is a Tab stop only while what it holds has no control to focus: Tab into a
    control scrolls it into view anyway, and a focusable container around controls is a stop that
    does nothing (a screen reader announces it like a control). Holding only text, it keeps focus,
    so the keyboard can scroll it."""
    _TabStopWhenNeeded(area).update()
    return area
