"""A group session from the trainer's side: attendance, presenting, and the summary at the end.

This screen also owns the projector window. It puts it on the second display when there is one,
and follows displays being plugged in or out mid-session (the slide moves back into this window
when the projector goes away, and out again when it returns).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.content.model import SupportContact
from kiosk.core.errors import KioskError
from kiosk.core.groups import FinishResult, GroupSession
from kiosk.ui.formats import fill
from kiosk.ui.group.attendance import AttendanceView
from kiosk.ui.group.presenter import PresenterView
from kiosk.ui.group.projector import ProjectorView, ProjectorWindow, choose_projector_screen
from kiosk.ui.widgets import button, card, label, set_text

log = logging.getLogger(__name__)


class GroupScreen(QWidget):
    """Emits ``finished`` when the trainer leaves the summary of a finished session."""

    finished = Signal()

    def __init__(self, session: GroupSession, support: Sequence[SupportContact] = (),
                 projector_screen: str = "", start_with_attendance: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.support = tuple(support)
        self.projector_screen = projector_screen
        self.projector_window: ProjectorWindow | None = None
        self.attendance: AttendanceView | None = None
        self.result: FinishResult | None = None
        self.presenter = PresenterView(session)
        self.presenter.attendance_requested.connect(lambda: self.show_attendance("during"))
        self.presenter.end_requested.connect(lambda: self.show_attendance("end"))
        self.summary_text = label("", "subtitle")
        self.home_button = button(self.tr("Back to &trainer home"), primary=True)
        self.home_button.clicked.connect(self._leave)
        # With one display the room sees this page: it thanks them, and the trainer's summary
        # sits small below the slide.
        self.summary_slide = ProjectorView()
        self.summary = QWidget()
        summary = QVBoxLayout(self.summary)
        summary.addWidget(self.summary_slide, 3)
        summary.addWidget(card(label(self.tr("Session finished"), "subtitle"), self.summary_text,
                               label(self.tr("The completions will be sent with the kiosk's other records "
                                             "when it next syncs."), "muted"), self.home_button))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.presenter)
        self.stack.addWidget(self.summary)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.stack)
        app = _gui_app()
        app.screenAdded.connect(self.place_projector)
        app.screenRemoved.connect(self.place_projector)
        self._watching_screens = True
        self.place_projector()
        if start_with_attendance:
            self.show_attendance("start")
        else:
            self.show_presenter()

    # -- the projector ----------------------------------------------------------------------
    def place_projector(self, *_: object) -> None:
        """Use a second display if there is one; otherwise present in this window."""
        own = self.screen() if self.isVisible() else QGuiApplication.primaryScreen()
        target = choose_projector_screen(QGuiApplication.screens(), own, self.projector_screen)
        self.summary_slide.setVisible(target is None)
        if target is None:
            if self.projector_window is not None:
                log.info("No second display: presenting in the trainer's window")
                self._close_window()
            self.presenter.set_projector(None)
        else:
            if self.projector_window is None:
                self.projector_window = ProjectorWindow()
            self.projector_window.present_on(target)
            log.info("Presenting on display %s", target.name())
            self.presenter.set_projector(self.projector_window.view)
        self._update_slide()

    def close_projector(self) -> None:
        """Close the projector window (the session ends, or the trainer signs out)."""
        if self._watching_screens:
            app = _gui_app()
            app.screenAdded.disconnect(self.place_projector)
            app.screenRemoved.disconnect(self.place_projector)
            self._watching_screens = False
        self._close_window()

    def _close_window(self) -> None:
        if self.projector_window is not None:
            self.projector_window.close()
            self.projector_window.deleteLater()
            self.projector_window = None

    def _update_slide(self) -> None:
        if self.projector_window is None:
            return
        view = self.projector_window.view
        current = self.stack.currentWidget()
        if current is self.summary:
            view.show_finished(self.session.module, self.support)
        elif current is self.attendance:
            view.show_welcome(self.session.module, len(self.session.attendees()))
        else:
            self.presenter.refresh()

    # -- phases -----------------------------------------------------------------------------
    def show_attendance(self, phase: str) -> None:
        self._drop_attendance(force=True)
        self.attendance = AttendanceView(self.session, phase, show_names=self.projector_window is not None)
        self.attendance.done.connect(self.show_presenter)
        self.attendance.finish_confirmed.connect(self.finish)
        self.attendance.changed.connect(lambda _: self._update_slide())
        self.stack.addWidget(self.attendance)
        self.stack.setCurrentWidget(self.attendance)
        self._update_slide()
        self.attendance.code.setFocus()

    def show_presenter(self) -> None:
        self.stack.setCurrentWidget(self.presenter)
        self._drop_attendance()
        self.presenter.refresh()
        self.presenter.show_controls(True)

    def finish(self) -> None:
        try:
            self.result = self.session.finish()
        except KioskError as exc:
            log.error("Could not finish the group session: %s", exc)
            if self.attendance is not None:
                set_text(self.attendance.message, str(exc))
            return
        facts = self.result.facts
        minutes = round(facts.duration_seconds / 60)
        length = (fill(self.tr("About %1 minutes."), minutes) if minutes > 1
                  else self.tr("About a minute.") if minutes == 1 else self.tr("Under a minute."))
        set_text(self.summary_text, fill(self.tr("%1 attendees, %2 with completion credit."),
                                         facts.size, facts.credited) + " " + length)
        self.summary_slide.show_finished(self.session.module, self.support)
        self.summary_slide.setVisible(self.projector_window is None)
        self.stack.setCurrentWidget(self.summary)
        self._drop_attendance()
        self._update_slide()
        self.home_button.setFocus()

    def _leave(self) -> None:
        self.close_projector()
        self.finished.emit()

    def _drop_attendance(self, force: bool = False) -> None:
        if self.attendance is not None and (force or self.stack.currentWidget() is not self.attendance):
            self.stack.removeWidget(self.attendance)
            self.attendance.deleteLater()
            self.attendance = None


def _gui_app() -> QGuiApplication:
    """The running application (a group screen is only made inside one)."""
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    return app
