"""Tell a screen reader about a message that appears after an action.

A label that appears on screen is silent for a blind learner: the screen reader reads what has
focus, not what changed elsewhere. ``announce`` sends the message two ways, because screen readers
in use differ in what they listen to:

- Qt's announcement event (QAccessibleAnnouncementEvent, Qt 6.8+): AT-SPI ``object:announcement``
  on Linux, a UI Automation notification on Windows (NVDA, Narrator, JAWS; Orca 45 and later).
- the accessible description of the widget that has keyboard focus, set to the message for a
  moment: Orca 43 (Debian 12's) does not listen for announcements but speaks a description change
  on the focused control. Left empty again shortly after, so the message is not read again later
  as if it belonged to that control; a control with a description of its own is left alone.

Messages tied to a field (a sign-in error) are also set as that field's description by the screen
itself, so a learner who comes back to the field hears why.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

# Long enough for a screen reader to fetch the description it was told about.
_RESTORE_MS = 1500
_LENT = "tipAnnouncedDescription"  # the message a widget's description holds for the moment


def announce(source: QWidget, text: str, assertive: bool = False) -> None:
    """Announce ``text`` (already translated) on behalf of ``source`` (the widget showing it).

    ``assertive`` for errors the learner must act on; polite (after what is being read) otherwise.
    """
    text = " ".join(text.split())
    if not text:
        return
    # Imported here: QAccessible's Python class and enums cost ~4 ms, and the sign-in screen only
    # clears its messages before its first paint.
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    if not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
    _describe_focus(text)


def show_message(message: QLabel, text: str, assertive: bool = False) -> None:
    """Show ``text`` in a message label (hidden when empty) and announce it."""
    message.setText(text)
    message.setAccessibleName(text)
    message.setVisible(bool(text))
    announce(message, text, assertive)


def _describe_focus(text: str) -> None:
    focus = QApplication.focusWidget()
    if focus is None:
        return
    lent = focus.property(_LENT)
    if focus.accessibleDescription() and focus.accessibleDescription() != lent:
        return  # the control's own description: not ours to replace
    if focus.accessibleDescription() == text:  # the same message again: a change is needed to be heard
        focus.setAccessibleDescription("")
    focus.setProperty(_LENT, text)
    focus.setAccessibleDescription(text)
    # With the widget as context, the timer is dropped if the widget is deleted first.
    QTimer.singleShot(_RESTORE_MS, focus, lambda: _give_back(focus, text))


def _give_back(focus: QWidget, text: str) -> None:
    if focus.property(_LENT) != text:
        return  # lent again for a newer message
    focus.setProperty(_LENT, None)
    if focus.accessibleDescription() == text:
        focus.setAccessibleDescription("")


def say(message: QLabel, text: str, assertive: bool = False) -> None:
    """Set a status label's text (and accessible name) after an action, and announce it."""
    message.setText(text)
    message.setAccessibleName(text)
    announce(message, text, assertive)
