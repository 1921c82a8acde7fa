"""A masked field whose real characters never reach assistive technology.

Qt's QLineEdit in Password mode shows dots, and answers a screen reader's questions about its
text with nothing, but it still puts the real characters into the accessibility events it sends
as the text changes (AT-SPI ``text-changed:insert`` per key, ``text-changed:delete`` with the
whole secret when the field is cleared), so Orca spoke a learner's PIN aloud and any program on
the accessibility bus could read it. PySide6 6.11 has no way to filter those events (Qt's update
handler is not exposed), so this field never holds the secret as its widget text: the widget holds
one mask character per character typed, and the secret lives in a Python string beside it. Every
accessibility event therefore carries only mask characters; a screen reader still hears the role
("password text"), the name and one "bullet" per character typed or deleted.

Only the edits a learner makes by keyboard are supported (typing, Backspace, Delete, selecting and
replacing, pasting): undo, word deletion, the context menu and drag and drop are off, because Qt
would apply them to the mask characters behind this field's back.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLineEdit

MASK = "\u2022"  # the bullet: what a screen reader says per character ("bullet"), as for GTK fields

# Keys that would edit the mask characters in ways this field cannot mirror in the secret.
_REFUSED = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo, QKeySequence.StandardKey.DeleteEndOfWord,
            QKeySequence.StandardKey.DeleteStartOfWord, QKeySequence.StandardKey.DeleteEndOfLine,
            QKeySequence.StandardKey.DeleteCompleteLine, QKeySequence.StandardKey.Cut,
            QKeySequence.StandardKey.Copy)


class SecretField(QLineEdit):
    """A QLineEdit for a PIN, one-time code or passphrase; ``text()`` gives the secret.

    Args:
        allowed: a regular expression each typed or pasted character must match (``[0-9]`` for
            PINs), or None for any printable character.
        max_length: the longest secret accepted.
    """

    def __init__(self, allowed: str | None = None, max_length: int = 128, parent=None):
        super().__init__(parent)
        self._secret = ""
        self._allowed = re.compile(allowed) if allowed else None
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setMaxLength(max_length)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setDragEnabled(False)
        self.setAcceptDrops(False)

    # -- the secret, for the code that reads and clears the field -------------------------------
    def text(self) -> str:  # QLineEdit's
        return self._secret

    def setText(self, text: str | None) -> None:
        self._secret = (text or "")[: self.maxLength()]
        super().setText(MASK * len(self._secret))

    def clear(self) -> None:
        self.setText("")

    def insert(self, text: str) -> None:
        self._replace_selection(text)

    def paste(self) -> None:
        self._replace_selection(QGuiApplication.clipboard().text())

    # -- keyboard -----------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if any(event.matches(key) for key in _REFUSED):
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            event.accept()
            return
        key = event.key()
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            start, end = self._span()
            if start == end:  # nothing selected: the character before (Backspace) or after the cursor
                start, end = (start - 1, start) if key == Qt.Key.Key_Backspace else (start, start + 1)
            if 0 <= start < end <= len(self._secret):
                self._secret = self._secret[:start] + self._secret[end:]
            super().keyPressEvent(event)  # the widget deletes the same mask characters
            return
        typed = event.text()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                         | Qt.KeyboardModifier.MetaModifier)
        if typed and plain and typed.isprintable():
            self._replace_selection(typed)
            event.accept()
            return
        super().keyPressEvent(event)  # moving, selecting, Enter, Tab: nothing changes the text

    def inputMethodEvent(self, event) -> None:
        # An input method's committed text is typing too; its preview (pre-edit) is never shown.
        if event.commitString():
            self._replace_selection(event.commitString())
        event.accept()

    def _span(self) -> tuple[int, int]:
        if self.hasSelectedText():
            start = self.selectionStart()
            return start, start + len(self.selectedText())
        return self.cursorPosition(), self.cursorPosition()

    def _replace_selection(self, text: str) -> None:
        if self._allowed is not None:
            text = "".join(ch for ch in text if self._allowed.fullmatch(ch))
        text = "".join(ch for ch in text if ch.isprintable())
        start, end = self._span()
        room = self.maxLength() - (len(self._secret) - (end - start))
        text = text[: max(room, 0)]
        if not text and start == end:
            return
        self._secret = self._secret[:start] + text + self._secret[end:]
        # QLineEdit.insert replaces the selection: one accessibility event, carrying only masks.
        super().insert(MASK * len(text))
