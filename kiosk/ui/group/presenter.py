"""The trainer's presenter controls for a group session.

With a projector (a second display) this fills the trainer's screen: where they are and what comes
next, a preview of the slide the room sees, the trainer notes from the content, the room's
answers, a discussion timer and the "pause for discussion" switch. With one display, the slide
fills this window and the controls shrink to a bar that can be hidden (F9); the notes, the timer
and the room's answers open in a side panel only when the trainer asks for them.

Keys: Page Down / Alt+Right next, Page Up / Alt+Left back (presentation clickers send Page keys),
Ctrl+D pause for discussion, Ctrl+Down / Ctrl+Up scroll the slide, F9 hide or show the bar.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content import KnowledgeCheckStep
from kiosk.core.errors import KioskError
from kiosk.core.groups import GroupSession
from kiosk.ui.announce import say
from kiosk.ui.formats import fill
from kiosk.ui.group.projector import ProjectorView
from kiosk.ui.group.room import RoomAnswerPanel
from kiosk.ui.group.timer import DiscussionTimer
from kiosk.ui.theme import CALM
from kiosk.ui.widgets import button, label, set_text


class PresenterView(QWidget):
    """Emits ``attendance_requested`` and ``end_requested``; ``step_shown(step_id)`` after each move."""

    attendance_requested = Signal()
    end_requested = Signal()
    step_shown = Signal(str)

    def __init__(self, session: GroupSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.external: ProjectorView | None = None
        self.room: RoomAnswerPanel | None = None
        self.embedded = ProjectorView()
        self.timer = DiscussionTimer()
        self._build_labels()
        self._build_buttons()
        self._build_side()
        self._build_info()
        middle = self._build_middle()
        bottom = self._build_bar()
        self._style()
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 8)
        column.addWidget(self.info)
        column.addLayout(middle, 1)
        column.addLayout(bottom)
        self._connect()
        self.set_projector(None)

    def _build_labels(self) -> None:
        self.where = label("", "subtitle")
        self.coming = label("", "muted")
        self.jump = QComboBox()
        self.jump.setAccessibleName(self.tr("Go to step"))
        for index, step in enumerate(self.session.module.steps):
            self.jump.addItem(f"{index + 1}. {step.title}")
        self.jump.activated.connect(self.go_to)
        self.notes = QTextBrowser()
        self.notes.setOpenLinks(False)
        self.notes.setAccessibleName(self.tr("Trainer notes"))
        self.notes.setMinimumHeight(120)
        self.room_holder = QVBoxLayout()
        self.status = label("", "saved")
        self.status.setAccessibleName(self.tr("Save status"))

    def _build_buttons(self) -> None:
        self.back_button = button(self.tr("← &Back"), accessible=self.tr("Back"))
        self.next_button = button(self.tr("&Next →"), primary=True, accessible=self.tr("Next"))
        self.position = label("", "muted", wrap=False)
        self.discuss_button = button(self.tr("Di&scuss"), accessible=self.tr("Pause for discussion"))
        self.discuss_button.setCheckable(True)
        self.reveal_button = button(self.tr("&Answer"), accessible=self.tr("Show the answer on the slide"))
        self.reveal_button.setCheckable(True)
        self.scroll_up = button("▲", accessible=self.tr("Scroll the slide up"))
        self.scroll_down = button("▼", accessible=self.tr("Scroll the slide down"))
        self.panel_button = button(self.tr("No&tes"), accessible=self.tr("Notes, room answers and timer"))
        self.panel_button.setCheckable(True)
        self.attendance_button = button(self.tr("Attendan&ce"))
        self.end_button = button(self.tr("&End"), accessible=self.tr("End the session"))
        self.hide_button = button(self.tr("Hide"), accessible=self.tr("Hide the controls"))
        for widget, tip in ((self.back_button, self.tr("Back (Page Up)")),
                            (self.next_button, self.tr("Next (Page Down)")),
                            (self.discuss_button, self.tr("Pause for discussion (Ctrl+D)")),
                            (self.reveal_button, self.tr("Show the answer and its feedback on the slide")),
                            (self.scroll_up, self.tr("Scroll the slide up (Ctrl+Up)")),
                            (self.scroll_down, self.tr("Scroll the slide down (Ctrl+Down)")),
                            (self.panel_button, self.tr("Your notes, the room's answers and the timer")),
                            (self.end_button, self.tr("End the session and record attendance")),
                            (self.hide_button, self.tr("Hide the controls (F9 shows them again)"))):
            widget.setToolTip(tip)
        self.handle = button("⌃", accessible=self.tr("Show the controls"))
        self.handle.setToolTip(self.tr("Show the controls (F9)"))
        self.handle.setObjectName("handle")

    def _build_side(self) -> None:
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(self.timer)
        side_column.addWidget(label(self.tr("Trainer notes (only you can see them)"), "muted"))
        side_column.addWidget(self.notes, 1)
        side_column.addLayout(self.room_holder)
        self.side = QScrollArea()
        self.side.setWidgetResizable(True)
        self.side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side.setFrameShape(QFrame.Shape.NoFrame)
        self.side.setWidget(side)
        self.side.setAccessibleName(self.tr("Trainer notes, room answers and timer"))

    def _build_info(self) -> None:
        self.info = QWidget()
        info = QVBoxLayout(self.info)
        info.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.where, 1)
        top.addWidget(self.jump)
        info.addLayout(top)
        info.addWidget(self.coming)

    def _build_middle(self) -> QHBoxLayout:
        self.preview_caption = label("", "muted")
        slide = QVBoxLayout()
        slide.addWidget(self.preview_caption)
        slide.addWidget(self.embedded, 1)
        middle = QHBoxLayout()
        middle.addLayout(slide, 3)
        middle.addWidget(self.side, 2)
        return middle

    def _build_bar(self) -> QHBoxLayout:
        self.bar = QFrame()
        self.bar.setObjectName("presenterBar")
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(8, 6, 8, 6)
        for widget in (self.back_button, self.position, self.next_button, self.discuss_button,
                       self.reveal_button, self.scroll_up, self.scroll_down, self.panel_button):
            row.addWidget(widget)
        row.addWidget(self.status, 1)
        for widget in (self.attendance_button, self.end_button, self.hide_button):
            row.addWidget(widget)
        bottom = QHBoxLayout()
        bottom.addWidget(self.bar, 1)
        bottom.addWidget(self.handle, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        return bottom

    def _style(self) -> None:
        # The bar is on the projected screen when there is one display: small, quiet buttons.
        self.bar.setStyleSheet("QPushButton { padding: 4px 10px; min-height: 1.2em; }")
        self.setStyleSheet(f"""
            QLabel#timer, QLabel#timerOver {{ font-size: 24pt; font-weight: 600; }}
            QLabel#timerOver {{ color: {CALM.warn}; }}
            QPushButton:checked {{ background: {CALM.accent}; color: {CALM.accent_text}; }}
        """)

    def _connect(self) -> None:
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.discuss_button.clicked.connect(self.toggle_discussion)
        self.reveal_button.clicked.connect(self.toggle_reveal)
        self.scroll_up.clicked.connect(lambda: self.scroll_slide(-0.8))
        self.scroll_down.clicked.connect(lambda: self.scroll_slide(0.8))
        self.panel_button.toggled.connect(self.side.setVisible)
        self.attendance_button.clicked.connect(self.attendance_requested)
        self.end_button.clicked.connect(self.end_requested)
        self.hide_button.clicked.connect(lambda: self.show_controls(False))
        self.handle.clicked.connect(lambda: self.show_controls(True))
        for keys, slot in (("PgDown", self.next), ("Alt+Right", self.next), ("PgUp", self.back),
                           ("Alt+Left", self.back), ("Ctrl+D", self.toggle_discussion),
                           ("Ctrl+Down", lambda: self.scroll_slide(0.8)),
                           ("Ctrl+Up", lambda: self.scroll_slide(-0.8)),
                           ("F9", lambda: self.show_controls(not self.bar.isVisible()))):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- display mode -----------------------------------------------------------------------
    def set_projector(self, projector: ProjectorView | None) -> None:
        """Present on ``projector`` (a second display), or in this window when None."""
        self.external = projector
        single = projector is None
        # With a projector the slide here is a preview of it: the trainer sees what the room sees.
        self.preview_caption.setVisible(not single)
        if projector is not None:
            set_text(self.preview_caption, fill(self.tr("On the projector (%1):"),
                                                projector.window().screen().name() if projector.window() else ""))
        self.info.setVisible(not single)
        self.panel_button.setVisible(single)
        self.hide_button.setVisible(single)
        self.side.setVisible(not single or self.panel_button.isChecked())
        self.show_controls(True)
        self.refresh()

    @property
    def single_display(self) -> bool:
        return self.external is None

    def show_controls(self, shown: bool) -> None:
        """Hide the bar (one display only: the slide then fills the projected screen)."""
        shown = shown or not self.single_display
        self.bar.setVisible(shown)
        self.handle.setVisible(not shown)
        (self.next_button if shown else self.handle).setFocus()

    # -- moving -----------------------------------------------------------------------------
    def next(self) -> None:
        self._act(self.session.next)

    def back(self) -> None:
        self._act(self.session.back)

    def go_to(self, index: int) -> None:
        self._act(lambda: self.session.go_to(index))

    def toggle_discussion(self) -> None:
        paused = not self.session.discussion
        self._act(lambda: self.session.set_discussion(paused))
        if self.session.discussion:
            self.timer.start()

    def toggle_reveal(self) -> None:
        shown = not self.session.is_revealed
        self._act(lambda: self.session.set_revealed(shown))

    def scroll_slide(self, pages: float) -> None:
        for view in self.views():
            view.scroll_pages(pages)

    def views(self) -> list[ProjectorView]:
        return [self.embedded] + ([self.external] if self.external is not None else [])

    def _act(self, action) -> None:
        try:
            action()
        except KioskError as exc:
            say(self.status, str(exc), assertive=True)
            return
        say(self.status, self.tr("Saved"))
        self.refresh()

    # -- display ----------------------------------------------------------------------------
    def refresh(self) -> None:
        session, step = self.session, self.session.step
        total = len(session.module.steps)
        set_text(self.position, fill(self.tr("%1 of %2"), session.index + 1, total))
        set_text(self.where, fill(self.tr("Now: %1"), step.title))
        following = session.next_step
        set_text(self.coming, fill(self.tr("Next: %1"), following.title) if following
                 else self.tr("This is the last step. End the session when you are ready."))
        self.jump.setCurrentIndex(session.index)
        self.back_button.setEnabled(not session.is_first)
        self.next_button.setEnabled(not session.is_last)
        self.discuss_button.setChecked(session.discussion)
        self.discuss_button.setAccessibleName(self.tr("Back to the slide") if session.discussion
                                              else self.tr("Pause for discussion"))
        is_check = isinstance(step, KnowledgeCheckStep)
        self.reveal_button.setVisible(is_check)
        self.reveal_button.setChecked(is_check and session.is_revealed)
        self.notes.setMarkdown(step.trainer_notes or self.tr("*No trainer notes for this step.*"))
        self._room()
        for view in self.views():
            view.show_step(session.module, session.index, step, revealed=session.is_revealed,
                           discussion=session.discussion)
        self.step_shown.emit(step.id)

    def _room(self) -> None:
        if self.room is not None and self.room.step is self.session.step:
            return
        if self.room is not None:
            self.room_holder.removeWidget(self.room)
            self.room.deleteLater()
        self.room = RoomAnswerPanel(self.session)
        self.room.saved.connect(lambda: set_text(self.status, self.tr("Saved")))
        self.room.save_failed.connect(lambda message: say(self.status, message, assertive=True))
        self.room_holder.addWidget(self.room)
