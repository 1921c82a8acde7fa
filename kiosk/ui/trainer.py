"""The shell's navigation for a signed-in trainer: trainer home, group sessions and site reports.

A part of the shell (it puts screens in the shell's stack and reacts to what they say happened),
kept in its own module so the learner's navigation in shell.py stays short.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.core.accounts import Learner
from kiosk.core.errors import KioskError

if TYPE_CHECKING:
    from kiosk.core.content import Programme
    from kiosk.core.groups import GroupSession
    from kiosk.core.reports import SiteReport
    from kiosk.ui.group.screen import GroupScreen
    from kiosk.ui.reports_screen import ReportsScreen
    from kiosk.ui.services import Services
    from kiosk.ui.shell import Shell
    from kiosk.ui.trainer_home import TrainerHomeScreen

# The trainer's screens (charts, projector, reports) are imported when a trainer first needs them:
# most sign-ins are learners', and these imports cost start-up time (QtCharts above all).

log = logging.getLogger(__name__)


class TrainerScreens:
    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.trainer: Learner | None = None
        self.home: TrainerHomeScreen | None = None
        self.group: GroupScreen | None = None
        self.reports: ReportsScreen | None = None

    @property
    def services(self) -> Services:
        return self.shell.services

    @property
    def programme(self) -> Programme:
        """The programme: loaded before a trainer's screens open (signing in waits for it)."""
        return self.services.course.wait()

    @property
    def signed_in(self) -> Learner:
        """The trainer these screens are for."""
        assert self.trainer is not None, "the trainer's screens open only once a trainer has signed in"
        return self.trainer

    def show_home(self, trainer: Learner | None = None) -> None:
        from kiosk.ui.trainer_home import TrainerHomeScreen

        if trainer is not None:
            self.trainer = trainer
        self._drop_group()
        self._drop_reports()
        if self.home is None:
            services = self.services
            self.home = TrainerHomeScreen(services.store, self.programme, self.signed_in, services.sync_status)
            self.home.group_requested.connect(self.start_group)
            self.home.resume_requested.connect(self.resume_group)
            self.home.reports_requested.connect(self.show_reports)
        else:
            self.home.refresh()
        self.shell.screens.show(self.home)
        self.home.focus_first()

    def start_group(self, module_id: str) -> None:
        from kiosk.core.groups import GroupSession

        services = self.services
        self._open_group(lambda: GroupSession.start(services.store, services.accounts, self.programme,
                                                    self.signed_in, module_id, services.records), True)

    def resume_group(self, session_id: str) -> None:
        from kiosk.core.groups import GroupSession

        services = self.services
        self._open_group(lambda: GroupSession.resume(services.store, services.accounts, self.programme,
                                                     self.signed_in, session_id, services.records), False)

    def _open_group(self, make: Callable[[], GroupSession], start_with_attendance: bool) -> None:
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
        self._drop_group()
        self.group = GroupScreen(session, self.programme.support, self.services.projector_screen,
                                 start_with_attendance)
        self.group.finished.connect(self.show_home)
        self.shell.screens.show(self.group, on_close=self.group.close_projector)
        self.shell.idle.restart()  # a group session's screen has its own quiet time

    def show_reports(self) -> None:
        from kiosk.ui.reports_screen import ReportsScreen

        self._drop_reports()
        self.reports = ReportsScreen(self._report_builder(), self.services.report_exports)
        self.reports.closed.connect(self.show_home)
        self.shell.screens.show(self.reports, on_close=self.reports.stop)  # its worker may be running

    def _report_builder(self) -> Callable[..., SiteReport]:
        from kiosk.core.reports import build_report
        from kiosk.core.store import open_reader

        services = self.services
        path = services.store.database_path()
        programme, threshold = self.programme, services.reports_min_cell

        def build(month: str | None = None) -> SiteReport:  # on the worker thread: its own connection
            store = open_reader(path)
            try:
                return build_report(store, programme, threshold, month=month)
            finally:
                store.close()

        return build

    def drop_all(self) -> None:
        self._drop_group()
        self._drop_reports()
        self.shell.screens.drop(self.home)
        self.home = None
        self.trainer = None

    def _drop_group(self) -> None:
        if self.group is not None:
            self.shell.screens.drop(self.group)  # its close hook closes the projector's window
            self.group = None
            self.shell.idle.restart()  # back to the learner's quiet time once the group is gone

    def _drop_reports(self) -> None:
        self.shell.screens.drop(self.reports)
        self.reports = None
