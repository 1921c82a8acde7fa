"""The module player: one step at a time, Back and Next, saved at every step.

A step with a content note first shows the note and lets the learner choose: continue, skip it
for now (skipping never counts against them), or go to support (and come back to the note).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.learning import ModuleRun
from kiosk.ui.announce import announce
from kiosk.ui.finish import FinishPanel
from kiosk.ui.formats import fill
from kiosk.ui.language import error_text
from kiosk.ui.media.vlc_backend import VlcBackend
from kiosk.ui.steps import StepView, view_class, view_for
from kiosk.ui.widgets import button, card, label, set_text, tab_stop_when_needed


class PlayerScreen(QWidget):
    """Emits ``closed`` when the learner goes back to their modules, ``support_requested`` when
    they ask for support from a content note."""

    closed = Signal()
    step_shown = Signal(str)
    support_requested = Signal()

    def __init__(self, run: ModuleRun, media: VlcBackend | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.run = run
        self.media = media if media is not None else VlcBackend()
        self.view: StepView | None = None
        self.finish_panel: FinishPanel | None = None
        self._noted: set[str] = set()
        self.note_buttons: tuple[QPushButton, QPushButton, QPushButton] | None = None
        """Continue, skip for now, go to support: while a content note is showing."""
        self._note_text = ""
        self.heading = label(run.module.title, "subtitle")
        self.position = label("", "muted")
        self.bar = QProgressBar()
        self.bar.setRange(0, len(run.module.steps))
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(self.tr("Position in this module"))
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        tab_stop_when_needed(self.area)  # focusable to scroll a page of text, not around a check
        self.status = label("", "saved")
        self.status.setAccessibleName(self.tr("Save status"))
        self.back_button = button(self.tr("← &Back"))
        self.next_button = button(self.tr("&Next →"), primary=True)
        self.modules_button = button(self.tr("&My modules"))
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.status, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.modules_button)
        nav.addWidget(self.next_button)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.position)
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 16, 32, 16)
        column.addLayout(top)
        column.addWidget(self.bar)
        column.addWidget(self.area, 1)
        column.addLayout(nav)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.modules_button.clicked.connect(self.close_module)
        QShortcut(QKeySequence("Alt+Right"), self, self.next)
        QShortcut(QKeySequence("Alt+Left"), self, self.back)
        if run.resumed_from_removed_step:
            set_text(self.status, self.tr("This module was updated; you're at the first step you haven't finished."))
        self._show()

    # -- navigation -------------------------------------------------------------------------
    def next(self) -> None:
        if self.finish_panel is not None:
            return
        if self.note_buttons is not None:
            # Past a content note without opening the step: that is "skip for now", never a
            # finished step the learner has not seen.
            self.note_buttons[1].click()
            return
        if not self._flush():
            return
        if self.run.is_last:
            if self._move(self.run.finish):
                self._show_finish()
            return
        self._move(self.run.next)

    def back(self) -> None:
        if self.finish_panel is not None:  # from the summary, back to the last step
            self._show()
            return
        if self._flush():
            self._move(self.run.back)

    def go_to(self, index: int) -> None:
        """Open any step of the module (a learner may revisit anything)."""
        if self._flush():
            self._move(lambda: self.run.go_to(index))

    def retry_questions(self) -> None:
        """A new round of the module's questions not yet right, from the first of them."""
        first: list[int | None] = []
        if self._flush() and self._move(lambda: first.append(self.run.retry_questions())) and first[0] is not None:
            self.go_to(first[0])

    def close_module(self) -> None:
        self.flush()
        self.closed.emit()

    def media_playing(self) -> bool:
        return self.view is not None and self.view.media_playing()

    def pause_media(self) -> None:
        if self.view is not None:
            self.view.pause_media()

    def flush(self) -> bool:
        """Save what is on screen and the time spent (called when leaving the module and on
        sign-out). False if it could not be saved."""
        saved = self._flush()
        try:
            self.run.record_time()
        except KioskError as exc:
            self._failed(str(exc))
            return False
        return saved

    def _flush(self) -> bool:
        if self.view is None:
            return True
        failures: list[str] = []
        self.view.save_failed.connect(failures.append)
        self.view.flush()
        self.view.save_failed.disconnect(failures.append)
        return not failures

    def _move(self, action) -> bool:
        try:
            action()
        except KioskError as exc:
            self._failed(error_text(exc))
            return False
        self._show()
        self._saved()
        return True

    # -- display ----------------------------------------------------------------------------
    def _show(self) -> None:
        run, step = self.run, self.run.step
        self.note_buttons = None
        number, total = run.index + 1, len(run.module.steps)
        set_text(self.position, fill(self.tr("Step %1 of %2"), number, total))
        self.bar.setValue(number)
        self.area.setAccessibleName(step.title)
        self.back_button.setEnabled(not run.is_first)
        self.next_button.setText(self.tr("&Finish") if run.is_last else self.tr("&Next →"))
        self.next_button.setAccessibleName(self.tr("Finish") if run.is_last else self.tr("Next"))
        if step.content_note and step.id not in self._noted and not run.is_done(step):
            self._set_content(self._content_note(step))
            assert self.note_buttons is not None  # _content_note made them
            self.note_buttons[0].setFocus()  # only once it is in the window
            # Focus is on "Continue": without this a screen reader would never read the note itself.
            announce(self.area, self._note_text)
            return
        self.view = view_for(run, step, self.media)
        self.view.saved.connect(self._saved)
        self.view.save_failed.connect(self._failed)
        self._set_content(_readable(self.view), keep_view=True)
        (self.view.first_focus() or self.next_button).setFocus()
        self.step_shown.emit(step.id)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # A module opening builds its first step while the player is hidden, when nothing can
        # take focus: give it to the step's first control once the player is on screen.
        QTimer.singleShot(0, self, self._focus_step)

    def _focus_step(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None and self.area.isAncestorOf(focused):
            # Already in the step (the area itself is no Tab stop around controls, so Qt's
            # default focus on showing lands on the Back button, not somewhere the step put it).
            return
        if self.note_buttons:
            self.note_buttons[0].setFocus()
        elif self.finish_panel is not None:
            self.finish_panel.first_focus().setFocus()
        elif self.view is not None:
            (self.view.first_focus() or self.next_button).setFocus()

    def _set_content(self, widget: QWidget, keep_view: bool = False) -> None:
        old = self.area.takeWidget()
        if old is not None:
            old.deleteLater()
        if not keep_view:
            self.view = None
        if widget is not self.finish_panel:
            self.finish_panel = None
        self.next_button.setVisible(self.finish_panel is None)
        self.area.setWidget(widget)

    def _show_finish(self) -> None:
        run = self.run
        self.finish_panel = FinishPanel(run.module, run.completion, run.completed)
        self.finish_panel.step_requested.connect(self.go_to)
        self.finish_panel.retry_requested.connect(self.retry_questions)
        self.finish_panel.close_requested.connect(self.close_module)
        self.area.setAccessibleName(self.tr("End of module"))
        self._set_content(self.finish_panel)
        self.back_button.setEnabled(True)
        self.finish_panel.first_focus().setFocus()

    def _content_note(self, step) -> QWidget:
        go = button(self.tr("&Continue to this step"), primary=True)
        skip = button(self.tr("&Skip for now"))
        support = button(self.tr("Go to su&pport"))
        self.note_buttons = (go, skip, support)
        texts = (self.tr("Before you continue"), fill(self.tr("Content note: %1"), step.content_note),
                 self._skip_text(step))
        self._note_text = " ".join(texts)

        def accept() -> None:
            self._noted.add(step.id)
            self._show()

        go.clicked.connect(accept)
        choices = [go]
        other = view_class(step).alternative(step)
        if other:  # e.g. a video's "read the transcript instead"
            instead = button(other)
            choices.append(instead)

            def take_other() -> None:
                accept()
                if self.view is not None:
                    self.view.take_alternative()
                    (self.view.first_focus() or self.next_button).setFocus()

            instead.clicked.connect(take_other)
        note = card(label(texts[0], "title"), label(texts[1]), label(texts[2], "muted"), *choices, skip, support)
        skip.clicked.connect(self.close_module if self.run.is_last else lambda: self._move(self.run.skip))
        support.clicked.connect(self.support_requested)
        holder = QWidget()  # the note keeps its natural height; the space goes below it
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(note)
        column.addStretch(1)
        return holder

    def _skip_text(self, step) -> str:
        # Honest about what skipping means: a note never makes a step optional, so a required
        # step stays open (never a penalty, nothing lost) and the learner knows they can return.
        if step.id in self.run.completion.required:
            first = self.tr("You can skip this step for now and come back to it whenever you are ready. "
                            "It stays open, and it is needed to complete the module; skipping never "
                            "counts against you and nothing is lost.")
        else:
            first = self.tr("You can skip this step: it is not needed to complete the module, and you can "
                            "come back to it at any time.")
        return first + " " + self.tr("You can take a break at any time, or see who you can talk to.")

    def _saved(self) -> None:
        # Said once, not at every later save while the status already reads "Saved" (a reflection
        # saves as the learner writes: a screen reader repeating it would drown their typing).
        if self.status.text() != self.tr("Saved"):
            announce(self.status, self.tr("Saved"))
        set_text(self.status, self.tr("Saved"))
        self._restyle("saved")

    def _failed(self, message: str) -> None:
        set_text(self.status, message)
        self._restyle("message")
        announce(self.status, message, assertive=True)

    def _restyle(self, name: str) -> None:
        if self.status.objectName() != name:
            self.status.setObjectName(name)
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)


READING_WIDTH = 960
"""Lines much longer than ~90 characters are hard to read; wide screens get margins instead."""


def _readable(view: QWidget) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 8, 0, 8)
    row.addStretch(1)
    # Text reads best in a column; a video with its transcript may use the whole width.
    view.setMaximumWidth(getattr(view, "max_width", READING_WIDTH))
    row.addWidget(view, 100)
    row.addStretch(1)
    return holder
