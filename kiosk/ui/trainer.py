"""The shell's navigation for a signed-in trainer: trainer home, group sessions and site reports.

A part of the shell (it puts screens in the shell's stack and reacts to what they say happened),
kept in its own module so the learner's navigation in shell.py stays short.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk.core.accounts import Learner
from kiosk.core.errors import KioskError

if TYPE_CHECKING:
    from kiosk.core.reports import SiteReport
    from kiosk.ui.group.screen import GroupScreen
    from kiosk.ui.reports_screen import ReportsScreen
    from kiosk.ui.shell import Shell
    from kiosk.ui.trainer_home import TrainerHomeScreen

# The trainer's screens (charts, projector, reports) are imported when a trainer first needs them:
# most sign-ins are learners', and these imports cost start-up time (QtCharts above all).

log = logging.getLogger(__name__)


class TrainerScreens:
    def __init__(self, shell: "Shell"):
        self.shell = shell
        self.trainer: Learner | None = None
        self.home: TrainerHomeScreen | None = None
        self.group: GroupScreen | None = None
        self.reports: ReportsScreen | None = None

    @property
    def services(self):
        return self.shell.services

    def show_home(self, trainer: Learner | None = None) -> None:
        from kiosk.ui.trainer_home import TrainerHomeScreen

        if trainer is not None:
            self.trainer = trainer
        self._drop("group")
        self._drop("reports")
        if self.home is None:
            services = self.services
            self.home = TrainerHomeScreen(services.store, services.programme, self.trainer, services.sync_status)
            self.home.group_requested.connect(self.start_group)
            self.home.resume_requested.connect(self.resume_group)
            self.home.reports_requested.connect(self.show_reports)
            self.shell.stack.addWidget(self.home)
        else:
            self.home.refresh()
        self.shell.stack.setCurrentWidget(self.home)
        self.home.focus_first()

    def start_group(self, module_id: str) -> None:
        from kiosk.core.groups import GroupSession

        services = self.services
        self._open_group(lambda: GroupSession.start(services.store, services.accounts, services.programme,
                                                    self.trainer, module_id, services.records), True)

    def resume_group(self, session_id: str) -> None:
        from kiosk.core.groups import GroupSession

        services = self.services
        self._open_group(lambda: GroupSession.resume(services.store, services.accounts, services.programme,
                                                     self.trainer, session_id, services.records), False)

    def _open_group(self, make, start_with_attendance: bool) -> None:
        from kiosk.ui.group.screen import GroupScreen

        try:
            session = make()
        except KioskError as exc:
            log.error("Could not open a group session: %s", exc)
            if self.home is not None:
                self.home.say(str(exc))
            return
        log.info("Group session %s for module %s (%s)", session.id, session.module.id,
                 "started" if start_with_attendance else "resumed")
        self._drop("group")
        self.group = GroupScreen(session, self.services.programme.support, self.services.projector_screen,
                                 start_with_attendance)
        self.group.finished.connect(self.show_home)
        self.shell.stack.addWidget(self.group)
        self.shell.stack.setCurrentWidget(self.group)
        self.shell.idle.restart()  # a group session's screen has its own quiet time

    def show_reports(self) -> None:
        from kiosk.ui.reports_screen import ReportsScreen

        self._drop("reports")
        self.reports = ReportsScreen(self._report_builder(), self.services.report_exports)
        self.reports.closed.connect(self.show_home)
        self.shell.stack.addWidget(self.reports)
        self.shell.stack.setCurrentWidget(self.reports)

    def _report_builder(self):
        from kiosk.core.reports import build_report
        from kiosk.core.store import open_reader

        services = self.services
        path = services.store.database_path()
        programme, threshold = services.programme, services.reports_min_cell

        def build(month: str | None = None) -> "SiteReport":  # on the worker thread: its own connection
            store = open_reader(path)
            try:
                return build_report(store, programme, threshold, month=month)
            finally:
                store.close()

        return build

    def drop_all(self) -> None:
        for name in ("group", "reports", "home"):
            self._drop(name)
        self.trainer = None

    def _drop(self, name: str) -> None:
        widget: QWidget | None = getattr(self, name)
        if widget is None:
            return
        if name == "group":
            widget.close_projector()
        if name == "reports":
            widget.stop()
        stack = self.shell.stack
        stack.removeWidget(widget)
        widget.hide()
        widget.setParent(None)
        widget.deleteLater()
        setattr(self, name, None)
        if name == "group":
            self.shell.idle.restart()  # back to the learner's quiet time once the group is gone
