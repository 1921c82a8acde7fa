"""The shell window: owns the screens and decides what comes next. Screens only say what
happened (signed in, module chosen, closed); the shell navigates."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QVBoxLayout, QWidget, QFrame

from kiosk.core.accounts import Accounts, Learner
from kiosk.core.content import Programme
from kiosk.core.errors import KioskError
from kiosk.core.learning import Learning, RecordMaker, no_records
from kiosk.core.store import Store
from kiosk.ui.errors import CalmErrorScreen
from kiosk.ui.home import HomeScreen
from kiosk.ui.player import PlayerScreen
from kiosk.ui.signin import SignInScreen
from kiosk.ui.trainer import TrainerScreens
from kiosk.ui.widgets import button, label, set_text

log = logging.getLogger(__name__)


@dataclass
class Services:
    """What the screens need, built once in ``app.py``."""

    store: Store
    accounts: Accounts
    programme: Programme
    records: RecordMaker = no_records
    # -- site trainers (kiosk/ui/trainer.py): sync status area, report suppression, projector --
    sync_status: Callable[[], object] | None = None
    """The sync engine's status for the trainer home (see kiosk/ui/trainer_home.py); None: no sync."""
    reports_min_cell: int = 10
    projector_screen: str = ""


class Shell(QMainWindow):
    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.learning: Learning | None = None
        self.session_id: int | None = None
        self.home: HomeScreen | None = None
        self.player: PlayerScreen | None = None
        self.trainer = TrainerScreens(self)
        self.setWindowTitle(self.tr("TIP Kiosk"))

        self.banner_title = label(services.programme.title or self.tr("TIP Kiosk"), "subtitle")
        self.who = label("", "muted")
        self.sign_out_button = button(self.tr("Sign &out"))
        self.sign_out_button.setToolTip(self.tr("Save your progress and sign out"))
        self.sign_out_button.clicked.connect(lambda: self.sign_out("signed_out"))
        banner = QFrame()
        banner.setObjectName("banner")
        row = QHBoxLayout(banner)
        row.setContentsMargins(24, 8, 24, 8)
        row.addWidget(self.banner_title, 1)
        row.addWidget(self.who)
        row.addWidget(self.sign_out_button)

        self.stack = QStackedWidget()
        self.signin = SignInScreen(services.accounts, services.programme.title)
        self.signin.signed_in.connect(self.start_session)
        self.error_screen = CalmErrorScreen()
        self.error_screen.restart.connect(lambda: self.sign_out("error"))
        self.stack.addWidget(self.signin)
        self.stack.addWidget(self.error_screen)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._show_signed_out()

    # -- session ----------------------------------------------------------------------------
    def start_session(self, learner: Learner) -> None:
        services = self.services
        self.learning = Learning(services.store, services.programme, learner, services.records)
        try:
            self.session_id = services.store.start_session(learner.id)
        except KioskError:
            log.exception("Could not record the start of a session")
        log.info("Learner %s signed in", learner.id)
        set_text(self.who, learner.first_name or "")
        self.sign_out_button.show()
        if learner.role == "trainer":
            self.trainer.show_home(learner)
        else:
            self.show_home()

    def sign_out(self, reason: str = "signed_out") -> None:
        """Save what is on screen, end the session, and leave nothing of the learner behind."""
        if self.player is not None:
            self.player.flush()
        if self.session_id is not None:
            try:
                self.services.store.end_session(self.session_id, reason)
            except KioskError:
                log.exception("Could not record the end of a session")
        if self.learning is not None:
            log.info("Learner %s signed out (%s)", self.learning.learner.id, reason)
        self.learning = None
        self.session_id = None
        self._drop("player")
        self._drop("home")
        self.trainer.drop_all()  # a group session left running is offered for resuming next time
        self._show_signed_out()

    def _show_signed_out(self) -> None:
        set_text(self.who, "")
        self.sign_out_button.hide()
        self.signin.reset()
        self.stack.setCurrentWidget(self.signin)
        self.signin.code.setFocus()

    def _drop(self, name: str) -> None:
        widget = getattr(self, name)
        if widget is not None:
            # Out of the window at once, destroyed when control returns to the event loop
            # (it may be inside one of its own signals now).
            self.stack.removeWidget(widget)
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
            setattr(self, name, None)

    # -- screens ----------------------------------------------------------------------------
    def show_home(self) -> None:
        self._drop("player")
        if self.home is None:
            self.home = HomeScreen(self.learning)
            self.home.module_chosen.connect(self.open_module)
            self.stack.addWidget(self.home)
        else:
            self.home.refresh()
        self.stack.setCurrentWidget(self.home)
        self.home.focus_first()

    def open_module(self, module_id: str) -> None:
        try:
            run = self.learning.open(module_id)
        except KioskError as exc:
            log.error("Could not open module %s: %s", module_id, exc)
            return
        self._drop("player")
        self.player = PlayerScreen(run)
        self.player.closed.connect(self.show_home)
        self.stack.addWidget(self.player)
        self.stack.setCurrentWidget(self.player)

    def media_playing(self) -> bool:
        """True while a video is playing, or a group session is being presented (a room is
        watching, and the trainer may not touch the keyboard for a while): the idle sign-out must
        not interrupt either."""
        return (self.player is not None and self.player.media_playing()) or self.trainer.group is not None

    def show_error(self) -> None:
        """The calm screen after an unexpected error (the learner's progress is already saved)."""
        self.stack.setCurrentWidget(self.error_screen)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.learning is not None:
            self.sign_out("app_closed")
        super().closeEvent(event)
