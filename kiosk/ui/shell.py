"""The shell window: owns the screens and decides what comes next. Screens only say what
happened (signed in, module chosen, closed); the shell navigates.

What the sign-in screen needs is imported here; every other screen (home, player, progress,
pathways, trainer, break, support, settings) and the learning model are imported where the shell
first opens them, so the sign-in screen paints sooner (tests/test_startup.py checks which modules a
start imports). The content itself may arrive after the sign-in screen is up (``Services.course``).

The stack of screens is kiosk/ui/screens.py (a screen's close hook runs before it goes). Parts of
the shell have their own modules: a learner's screens (kiosk/ui/learner_screens.py), a trainer's
(kiosk/ui/trainer.py), and the screens that cover the learner's place: take a break, support,
display settings, the idle countdown (kiosk/ui/covers.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.accounts import Learner
from kiosk.core.display import DisplaySettings, load_display, save_display
from kiosk.core.errors import KioskError

if TYPE_CHECKING:
    from kiosk.core.content import Programme
    from kiosk.core.content.deferred import DeferredProgramme
    from kiosk.core.learning import Learning
    from kiosk.ui.admin_panel.screen import AdminScreen
    from kiosk.ui.home import HomeScreen
    from kiosk.ui.module_screen import PlayerScreen
    from kiosk.ui.pathway_chooser import PathwayChooser
    from kiosk.ui.progress import ProgressScreen
from kiosk.ui.banner import BREAK_SHORTCUT, Banner
from kiosk.ui.covers import Covers
from kiosk.ui.error_screen import CalmErrorScreen
from kiosk.ui.idle import COUNTDOWN_SECONDS, CountdownScreen, IdleWatcher
from kiosk.ui.language import Translations
from kiosk.ui.learner_screens import LearnerScreens
from kiosk.ui.screens import ScreenStack
from kiosk.ui.services import Services
from kiosk.ui.signin import SignInScreen
from kiosk.ui.theme import stylesheet
from kiosk.ui.trainer import TrainerScreens

log = logging.getLogger(__name__)


class Shell(QMainWindow):
    """The kiosk's window.

    Args:
        services: what the screens need.
        idle_timeout_s: quiet seconds before "Are you still there?" (0 turns it off).
        countdown_s: how long that question waits before signing the learner out.
        group_idle_timeout_s: quiet seconds on a group session's screen before "Still presenting?"
            (0: never; longer than a learner's, since a trainer may talk a long while).
        translations: the interface languages (default: the compiled catalogues, English first).
    """

    exit_requested = Signal()
    """The admin panel asked to close the kiosk (the passphrase was given)."""

    def __init__(self, services: Services, parent: QWidget | None = None, *,
                 idle_timeout_s: float = 600.0, countdown_s: int = COUNTDOWN_SECONDS,
                 group_idle_timeout_s: float = 1800.0, translations: Translations | None = None):
        super().__init__(parent)
        self.idle_timeout_s = idle_timeout_s
        self.group_idle_timeout_s = group_idle_timeout_s
        self.services = services
        self.translations = translations or Translations()
        self.translations.reset()
        self.countdown_s = countdown_s
        self.learning: Learning | None = None
        self.session_id: int | None = None
        self.display = DisplaySettings()
        self.admin: AdminScreen | None = None
        self.error_screen: CalmErrorScreen | None = None
        """Made when an error is shown (afresh each time, in the language then in use)."""
        self._waiting: tuple[Learner, QWidget] | None = None
        """A learner signed in before the content was ready, and the screen they wait on."""
        self.learner_screens = LearnerScreens(self)
        self.trainer = TrainerScreens(self)
        self.covers = Covers(self)

        title = services.course.title
        # The window's frame first, then each part into its place: with the application's style
        # sheet, a built widget that changes parent is re-styled with all it holds.
        central = QWidget()
        self.setCentralWidget(central)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self._build_banner(title, central)
        column.addWidget(self.banner)
        self.stack = QStackedWidget(central)
        column.addWidget(self.stack, 1)
        self.screens = ScreenStack(self.stack)
        self.signin = SignInScreen(services.accounts, title, self.stack,
                                   languages=self.translations.languages(), language=self.translations.current)
        self.signin.signed_in.connect(self.start_session)
        self.signin.language_chosen.connect(self.choose_language)
        self.screens.add(self.signin)
        QShortcut(QKeySequence(BREAK_SHORTCUT), self, self.take_a_break)

        self.idle = IdleWatcher(idle_timeout_s, busy=self.media_playing, parent=self,
                                timeout_now=self._quiet_time)
        self.idle.idle.connect(self._idle)
        self.retranslate()
        self._show_signed_out()
        if services.programme is None:
            from kiosk.ui.content_wait import ContentArrival

            self._arrival = ContentArrival(self._loading(), self.signin, self._content_arrived)

    def _build_banner(self, title: str, central: QWidget) -> None:
        self.banner = Banner(title, central)
        self.banner.break_requested.connect(self.take_a_break)
        self.banner.settings_requested.connect(self.show_settings)
        self.banner.sign_out_requested.connect(lambda: self.sign_out("signed_out"))
        self.who = self.banner.who
        self.sign_out_button = self.banner.sign_out_button
        # Discreet but reachable by keyboard (Tab, or Ctrl+Alt+A) from the sign-in screen only.
        self.banner.staff_requested.connect(self.show_admin)
        self.banner.set_staff_available(self.services.admin is not None)
        self.staff_button = self.banner.staff_button
        QShortcut(QKeySequence("Ctrl+Alt+A"), self, self.show_admin)

    # -- session ----------------------------------------------------------------------------
    def start_session(self, learner: Learner) -> None:
        from kiosk.core import pathways
        from kiosk.core.learning import Learning

        services = self.services
        if services.programme is None:
            self._wait_for_content(learner)
            return
        programme = services.content_in(self.translations.current) if services.content_in else services.programme
        self.learning = Learning(services.store, programme, learner, services.records)
        try:
            self.session_id = services.store.learners.start_session(learner.id)
        except KioskError:
            log.exception("Could not record the start of a session")
        log.info("Learner %s signed in", learner.id)
        self.covers.drop_all()
        self.apply_display(load_display(services.store, learner.id))
        self.banner.set_learner(True, learner.first_name)
        self.idle.restart()
        if learner.role == "trainer":
            self.trainer.show_home(learner)
        elif pathways.needs_choice(services.store, self.learning.programme, learner.id):
            self.show_pathways()  # first sign-in: the modules follow the route they choose
        else:
            self.show_home()

    def _wait_for_content(self, learner: Learner) -> None:
        from kiosk.ui.content_wait import ContentWaitScreen

        screen = ContentWaitScreen()
        self.screens.show(screen)
        screen.line.setFocus()
        self._waiting = (learner, screen)
        self._loading().start()  # the first paint normally started it already

    def _loading(self) -> DeferredProgramme:
        """What is loading the programme (there is one whenever the programme has not arrived)."""
        deferred = self.services.course.deferred
        assert deferred is not None, "no programme and nothing loading one"
        return deferred

    def _content_arrived(self, programme: Programme | None) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.screens.drop(waiting[1])
        if programme is None:  # a bug in loading (logged): the calm error screen, not a hang
            self.show_error()
            return
        self.services.course.arrived(programme)
        for screen in (self.banner, self.signin):
            screen.programme_title = programme.title
        self.retranslate()
        if waiting is not None:
            self.start_session(waiting[0])

    def sign_out(self, reason: str = "signed_out") -> None:
        """Save what is on screen, end the session, and leave nothing of the learner behind."""
        if self.player is not None:
            self.player.pause_media()
        self.learner_screens.drop_all()  # the module screen saves what is on it as it goes
        if self.session_id is not None:
            try:
                self.services.store.learners.end_session(self.session_id, reason)
            except KioskError:
                log.exception("Could not record the end of a session")
        if self.learning is not None:
            log.info("Learner %s signed out (%s)", self.learning.learner.id, reason)
        self.learning = None
        self.session_id = None
        self.covers.drop_all()
        self.trainer.drop_all()  # a group session left running is offered for resuming next time
        # Anything the learner copied (a reflection, say) must not be there to paste for the next.
        QGuiApplication.clipboard().clear()
        self.apply_display(DisplaySettings())
        self.translations.reset()
        self.retranslate()
        self._show_signed_out()
        self.idle.restart()

    def _show_signed_out(self) -> None:
        self.screens.drop(self.admin)
        self.admin = None
        self.banner.set_learner(False)
        self.signin.reset()
        self.screens.show(self.signin)
        self.signin.code.setFocus()

    # -- language and display ---------------------------------------------------------------
    def choose_language(self, code: str) -> None:
        """The interface language for this session (back to the machine's at sign-out)."""
        self.translations.use(code)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("TIP Kiosk"))
        self.banner.retranslate()
        self.signin.retranslate()
        self.signin.select_language(self.translations.current)

    def apply_display(self, display: DisplaySettings) -> None:
        """Text size and contrast for every screen at once."""
        self.display = display
        # The application's style sheet already has the defaults; a learner's own settings
        # override it on the window (a widget's sheet wins over the application's).
        sheet = "" if display == DisplaySettings() else stylesheet(display.scale, display.high_contrast)
        if sheet != self.styleSheet():  # re-styling every widget is not free
            self.setStyleSheet(sheet)

    def keep_display(self, display: DisplaySettings) -> None:
        """The learner changed their display settings: applied now and saved for next time."""
        self.apply_display(display)
        if self.learning is not None:
            try:
                save_display(self.services.store, self.learning.learner.id, display)
            except KioskError:
                log.exception("Could not save display settings; they apply for this session")

    # -- a learner's screens (kiosk/ui/learner_screens.py) -----------------------------------
    def show_home(self) -> None:
        self.learner_screens.show_home()

    def open_module(self, module_id: str) -> None:
        self.learner_screens.open_module(module_id)

    def show_progress(self) -> None:
        self.learner_screens.show_progress()

    def show_pathways(self) -> None:
        self.learner_screens.show_pathways()

    @property
    def home(self) -> HomeScreen | None:
        return self.learner_screens.home

    @property
    def player(self) -> PlayerScreen | None:
        """The module screen, while a module is open."""
        return self.learner_screens.player

    @property
    def progress(self) -> ProgressScreen | None:
        return self.learner_screens.progress

    @property
    def chooser(self) -> PathwayChooser | None:
        """The pathway chooser, while it is showing."""
        return self.learner_screens.chooser

    # -- the admin panel and the calm error screen ---------------------------------------------
    def show_admin(self) -> None:
        """The admin panel, only from the sign-in screen (never over a learner's session)."""
        from kiosk.ui.admin_panel.screen import AdminScreen

        services = self.services
        if services.admin is None or self.learning is not None or self.admin is not None:
            return
        self.admin = AdminScreen(services.admin)
        self.admin.closed.connect(self._show_signed_out)
        self.admin.exit_requested.connect(self.exit_requested)
        self.staff_button.hide()
        self.screens.show(self.admin)
        self.admin.passphrase.setFocus()

    def show_error(self) -> None:
        """The calm screen after an unexpected error (the learner's progress is already saved)."""
        self.covers.drop_all()
        # Made afresh, so it speaks the language in use now.
        old, self.error_screen = self.error_screen, CalmErrorScreen()
        self.error_screen.restart.connect(lambda: self.sign_out("error"))
        self.screens.show(self.error_screen)
        self.screens.drop(old)

    # -- screens that cover the learner's place (kiosk/ui/covers.py) ---------------------------
    def take_a_break(self) -> None:
        self.covers.take_a_break()

    def show_support(self) -> None:
        self.covers.show_support()

    def show_settings(self) -> None:
        self.covers.show_settings()

    def cover_showing(self, kind: type) -> bool:
        """True if the screen on top is a cover of this kind."""
        return self.covers.on_top(kind)

    @property
    def countdown(self) -> CountdownScreen | None:
        """"Are you still there?", while it is showing."""
        return self.covers.countdown

    # -- shared PC: nobody at the keyboard ---------------------------------------------------
    def media_playing(self) -> bool:
        """True while a video is playing: the idle sign-out must not interrupt it."""
        return self.player is not None and self.player.media_playing()

    def _quiet_time(self) -> float:
        """A group session's screen waits longer (the trainer may talk a long while without a
        key press) but not for ever: left open, it would keep trainer powers on screen."""
        return self.group_idle_timeout_s if self.trainer.group is not None else self.idle_timeout_s

    def _idle(self) -> None:
        if self.learning is not None:
            self.covers.ask_still_there()
            return
        # Nobody signed in: just make sure a half-typed code or a language choice is not left
        # for the next person.
        if self.signin.has_typed_text() or self.translations.current != self.translations.default:
            self.translations.reset()
            self.retranslate()
            self.signin.reset()
        self.idle.restart()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.learning is not None:
            self.sign_out("app_closed")
        self.idle.uninstall()
        self.translations.release()
        super().closeEvent(event)
