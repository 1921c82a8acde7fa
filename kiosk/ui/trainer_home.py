"""The trainer's home: resume an interrupted group session, start one, open the site reports, and
see whether the kiosk's records are getting through (sync status)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.core import sync
from kiosk.core.accounts import Learner
from kiosk.core.content import Module, Programme
from kiosk.core.errors import KioskError
from kiosk.core.groups import GroupSession
from kiosk.core.store import GroupSessionRow, Store
from kiosk.core.sync import SyncStatus
from kiosk.ui.announce import say
from kiosk.ui.formats import describe_sync, fill, local_time
from kiosk.ui.widgets import button, card, label, tab_stop_when_needed

log = logging.getLogger(__name__)

class TrainerHomeScreen(QWidget):
    """Emits ``group_requested(module_id)``, ``resume_requested(session_id)`` and ``reports_requested``."""

    group_requested = Signal(str)
    resume_requested = Signal(str)
    reports_requested = Signal()

    def __init__(self, store: Store, programme: Programme, trainer: Learner,
                 sync_status: Callable[[], SyncStatus] | None = None, parent: QWidget | None = None):
        """``sync_status`` reads how sending records is going (kiosk.core.sync.sync_status); None:
        sync is not set up on this kiosk."""
        super().__init__(parent)
        self.store = store
        self.programme = programme
        self.trainer = trainer
        self.sync_status = sync_status
        self.resume_buttons: dict[str, QWidget] = {}
        self.present_buttons: dict[str, QWidget] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._body: QWidget | None = None
        self.refresh()

    def refresh(self) -> None:
        if self._body is not None:
            self._layout.removeWidget(self._body)
            self._body.deleteLater()
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(16)
        name = self.trainer.first_name
        column.addWidget(label(fill(self.tr("Hello, %1."), name) if name else self.tr("Hello."), "title"))
        column.addWidget(label(fill(self.tr("Trainer home · %1"), self.programme.title), "subtitle"))
        self.message = label("", "message")
        self.message.hide()  # shown only when there is something to say
        column.addWidget(self.message)
        self.resume_buttons.clear()
        for interrupted in GroupSession.interrupted(self.store, self.trainer):
            column.addWidget(self._resume_card(interrupted))
        self.reports_button = button(self.tr("View site &reports"))
        self.reports_button.clicked.connect(self.reports_requested)
        self.sync_lines = label("\n".join(self._sync_lines()), "muted")
        self.sync_lines.setAccessibleName(fill(self.tr("Sync status: %1"), self.sync_lines.text()))
        row = QHBoxLayout()
        row.addWidget(card(label(self.tr("Site reports"), "subtitle"),
                           label(self.tr("Completions, feedback and confidence for this site, with charts. "
                                         "Small numbers are hidden."), "muted"), self.reports_button), 1)
        row.addWidget(card(label(self.tr("Sync status"), "subtitle"), self.sync_lines), 1)
        column.addLayout(row)
        column.addWidget(label(self.tr("Start a group session"), "subtitle"))
        column.addWidget(label(self.tr("Choose a module to present. If a second display (a projector) is "
                                       "connected, the module appears there and your controls stay here."),
                               "muted"))
        self.present_buttons.clear()
        for module in self.programme.available:
            column.addWidget(self._module_card(module))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setAccessibleName(self.tr("Trainer home"))
        tab_stop_when_needed(scroll)
        self._layout.addWidget(scroll)
        self._body = scroll
        self.focus_first()

    def say(self, text: str) -> None:
        """A message at the top of the home (e.g. why a session could not be opened)."""
        say(self.message, text)
        self.message.setVisible(bool(text))

    def focus_first(self) -> None:
        first = next(iter(self.resume_buttons.values()), None) or next(iter(self.present_buttons.values()), None)
        (first or self.reports_button).setFocus()

    # -- parts ------------------------------------------------------------------------------
    def _resume_card(self, row: GroupSessionRow) -> QWidget:
        module = self.programme.module(row.module_id)
        title = module.title if module else row.module_id
        index = module.step_index(row.step_id) if module else None
        step = (fill(self.tr("step %1 of %2"), index + 1, len(module.steps))
                if module is not None and index is not None else "")
        resume = button(self.tr("&Resume the session"), primary=True,
                        accessible=fill(self.tr("Resume the session: %1"), title))
        resume.clicked.connect(lambda: self.resume_requested.emit(row.id))
        resume.setEnabled(module is not None)
        drop = button(self.tr("End it without credit…"),
                      accessible=fill(self.tr("End the session without credit: %1"), title))
        drop.clicked.connect(lambda: self._discard(row.id, drop))
        self.resume_buttons[row.id] = resume
        buttons = QHBoxLayout()
        buttons.addWidget(resume)
        buttons.addStretch(1)
        buttons.addWidget(drop)
        holder = QWidget()
        holder.setLayout(buttons)
        return card(label(self.tr("A group session was interrupted"), "subtitle"),
                    label(fill(self.tr("“%1”, started %2, stopped at %3. Everything up to then is saved, "
                                       "including attendance."), title, local_time(row.started_at), step)), holder)

    def _discard(self, session_id: str, drop: QPushButton) -> None:
        if not drop.property("confirming"):
            drop.setProperty("confirming", True)
            drop.setText(self.tr("Yes, end it: nobody gets credit"))
            drop.setAccessibleName(drop.text())
            return
        try:
            GroupSession.discard_interrupted(self.store, session_id)
        except KioskError as exc:
            self.say(str(exc))
            return
        self.refresh()

    def _module_card(self, module: Module) -> QWidget:
        facts = fill(self.tr("About %1 minutes · %2 steps"), module.duration_minutes, len(module.steps))
        present = button(self.tr("Present to a group"),
                         accessible=fill(self.tr("Present to a group: %1"), module.title))
        present.clicked.connect(lambda: self.group_requested.emit(module.id))
        self.present_buttons[module.id] = present
        row = QHBoxLayout()
        row.addWidget(label(facts, "muted"), 1)
        row.addWidget(present, 0, Qt.AlignmentFlag.AlignRight)
        footer = QWidget()
        footer.setLayout(row)
        return card(label(module.title, "subtitle"), footer)

    def _sync_lines(self) -> list[str]:
        lines = [] if self.sync_status is not None else [self.tr("Sync is not set up on this kiosk.")]
        try:  # without sync, what waits is still worth knowing: it leaves once sync is set up
            status = self.sync_status() if self.sync_status is not None else sync.sync_status(self.store)
            return lines + describe_sync(status)
        except Exception:  # a damaged outbox must not stop the trainer's home
            log.exception("Sync status failed")
            return lines + [self.tr("The sync status cannot be read right now.")]
