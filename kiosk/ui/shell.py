"""The shell window: owns the screens and decides what comes next. Screens only say what
happened (signed in, module chosen, closed); the shell navigates.

What the sign-in screen needs is imported here; every other screen (home, player, progress,
pathways, trainer, break, support, settings) and the learning model are imported where the shell
first opens them, so the sign-in screen paints sooner (tests/test_startup.py checks which modules a
start imports). The content itself may arrive after the sign-in screen is up (``Services.content``).

Some screens *cover* the one the learner is on (take a break, support, display settings, the
idle countdown): the covered screen is left exactly as it was, typed text and all, and the
learner goes back to it, with the keyboard focus where it was, when the cover is done.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from kiosk.core.accounts import Accounts, Learner
from kiosk.core.display import DisplaySettings, load_display, save_display
from kiosk.core.errors import KioskError
from kiosk.core.events import RecordMaker, no_records
from kiosk.core.store import Store

if TYPE_CHECKING:
    from kiosk.core.admin import AdminGate
    from kiosk.core.content import Programme
    from kiosk.core.content.deferred import DeferredProgramme
    from kiosk.core.learning import Learning
    from kiosk.core.report_files import ExportPlaces
    from kiosk.ui.home import HomeScreen
    from kiosk.ui.module_screen import PlayerScreen
    from kiosk.ui.progress import ProgressScreen
from kiosk.ui.banner import BREAK_SHORTCUT, Banner
from kiosk.ui.error_screen import CalmErrorScreen
from kiosk.ui.idle import COUNTDOWN_SECONDS, CountdownScreen, IdleWatcher
from kiosk.ui.language import Translations
from kiosk.ui.media.vlc_backend import VlcBackend
from kiosk.ui.signin import SignInScreen
from kiosk.ui.theme import stylesheet
from kiosk.ui.trainer import TrainerScreens

log = logging.getLogger(__name__)


@dataclass
class Services:
    """What the screens need, built once in ``app.py``."""

    store: Store
    accounts: Accounts
    programme: Programme | None
    """None until ``content`` has loaded it (the sign-in screen shows meanwhile)."""
    records: RecordMaker = no_records
    content_in: Callable[[str], Programme] | None = None
    """The programme with its text in a language (where the content offers it); None: always
    ``programme``. A learner's course text follows the interface language they chose."""
    media: VlcBackend = field(default_factory=VlcBackend)
    """The app's one libVLC instance (made on first use, so a kiosk without libVLC starts)."""

    # -- IT: the admin panel and its optional actions (None: "not set up on this kiosk") -----
    admin_gate: AdminGate | None = None
    """Without one there is no way into the admin panel (the Staff button is hidden)."""
    sync_now: Callable[[], Any] | None = None
    outbox_summary: Callable[[], Mapping[str, Any]] | None = None
    start_import: Callable[[Path], QObject] | None = None
    """See kiosk.ui.admin.AdminTools for the worker's signals."""
    log_path: Path | None = None
    doctor_command: Sequence[str] = ()

    # -- site trainers (kiosk/ui/trainer.py): sync status area, report suppression, projector --
    sync_status: Callable[[], object] | None = None
    """The sync engine's status for the trainer home (see kiosk/ui/trainer_home.py); None: no sync."""
    reports_min_cell: int = 10
    report_exports: ExportPlaces | None = None
    """The folders site reports may be saved in; None: nowhere."""
    projector_screen: str = ""

    # -- content loaded after the sign-in screen is up (kiosk/core/content/deferred.py) -----
    content: DeferredProgramme | None = None
    content_loaded: Callable[[Programme], None] | None = None
    """Called on the main thread with the loaded programme, before any screen uses it: it sets
    ``programme`` and what depends on it (records, content_in)."""


@dataclass
class _Cover:
    screen: QWidget
    under: QWidget
    focus: QWidget | None


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
        self.home: HomeScreen | None = None
        self.player: PlayerScreen | None = None
        self.countdown: CountdownScreen | None = None
        self.display = DisplaySettings()
        self._covers: list[_Cover] = []
        self.progress: ProgressScreen | None = None
        self.chooser: QWidget | None = None
        """The pathway chooser (kiosk/ui/pathway_chooser.py), while it is showing."""
        self.trainer = TrainerScreens(self)

        title = services.programme.title if services.programme is not None else services.content.title
        self._waiting: tuple[Learner, QWidget] | None = None
        """A learner signed in before the content was ready, and the screen they wait on."""
        # The window's frame first, then each part into its place: with the application's style
        # sheet, a built widget that changes parent is re-styled with all it holds.
        central = QWidget()
        self.setCentralWidget(central)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = Banner(title, central)
        column.addWidget(self.banner)
        self.banner.break_requested.connect(self.take_a_break)
        self.banner.settings_requested.connect(self.show_settings)
        self.banner.sign_out_requested.connect(lambda: self.sign_out("signed_out"))
        self.who = self.banner.who
        self.sign_out_button = self.banner.sign_out_button
        self.admin = None
        # Discreet but reachable by keyboard (Tab, or Ctrl+Alt+A) from the sign-in screen only.
        self.banner.staff_requested.connect(self.show_admin)
        self.banner.set_staff_available(services.admin_gate is not None)
        self.staff_button = self.banner.staff_button
        QShortcut(QKeySequence("Ctrl+Alt+A"), self, self.show_admin)

        self.stack = QStackedWidget(central)
        column.addWidget(self.stack, 1)
        self.signin = SignInScreen(services.accounts, title, self.stack,
                                   languages=self.translations.languages(), language=self.translations.current)
        self.signin.signed_in.connect(self.start_session)
        self.signin.language_chosen.connect(self.choose_language)
        self.stack.addWidget(self.signin)
        self.error_screen: CalmErrorScreen | None = None
        """Made when an error is shown (afresh each time, in the language then in use)."""
        QShortcut(QKeySequence(BREAK_SHORTCUT), self, self.take_a_break)

        self.idle = IdleWatcher(idle_timeout_s, busy=self.media_playing, parent=self,
                                timeout_now=self._quiet_time)
        self.idle.idle.connect(self._idle)
        self._retranslate()
        self._show_signed_out()
        if services.programme is None:
            from kiosk.ui.content_wait import ContentArrival

            self._arrival = ContentArrival(services.content, self.signin, self._content_arrived)

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
            self.session_id = services.store.start_session(learner.id)
        except KioskError:
            log.exception("Could not record the start of a session")
        log.info("Learner %s signed in", learner.id)
        self._drop_covers()
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
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        screen.line.setFocus()
        self._waiting = (learner, screen)
        self.services.content.start()  # the first paint normally started it already

    def _content_arrived(self, programme: Programme | None) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            _discard(self.stack, waiting[1])
        if programme is None:  # a bug in loading (logged): the calm error screen, not a hang
            self.show_error()
            return
        self.services.content_loaded(programme)
        for screen in (self.banner, self.signin):
            screen.programme_title = programme.title
        self._retranslate()
        if waiting is not None:
            self.start_session(waiting[0])

    def sign_out(self, reason: str = "signed_out") -> None:
        """Save what is on screen, end the session, and leave nothing of the learner behind."""
        if self.player is not None:
            self.player.pause_media()
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
        self._drop_covers()
        self._drop("player")
        self._drop("progress")
        self._drop("chooser")
        self._drop("home")
        self.trainer.drop_all()  # a group session left running is offered for resuming next time
        # Anything the learner copied (a reflection, say) must not be there to paste for the next.
        QGuiApplication.clipboard().clear()
        self.apply_display(DisplaySettings())
        self.translations.reset()
        self._retranslate()
        self._show_signed_out()
        self.idle.restart()

    def _show_signed_out(self) -> None:
        self._drop("admin")
        self.banner.set_learner(False)
        self.signin.reset()
        self.stack.setCurrentWidget(self.signin)
        self.signin.code.setFocus()

    def _drop(self, name: str) -> None:
        widget = getattr(self, name)
        if widget is not None:
            _discard(self.stack, widget)
            setattr(self, name, None)

    # -- language and display ---------------------------------------------------------------
    def choose_language(self, code: str) -> None:
        """The interface language for this session (back to the machine's at sign-out)."""
        self.translations.use(code)
        self._retranslate()

    def _retranslate(self) -> None:
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

    def _display_changed(self, display: DisplaySettings) -> None:
        self.apply_display(display)
        if self.learning is not None:
            try:
                save_display(self.services.store, self.learning.learner.id, display)
            except KioskError:
                log.exception("Could not save display settings; they apply for this session")

    # -- screens ----------------------------------------------------------------------------
    def show_home(self) -> None:
        from kiosk.ui.home import HomeScreen

        self._drop("player")
        self._drop("chooser")
        self._drop("progress")
        if self.home is None:
            self.home = HomeScreen(self.learning)
            self.home.module_chosen.connect(self.open_module)
            self.home.progress_requested.connect(self.show_progress)
            self.home.pathway_requested.connect(self.show_pathways)
            self.stack.addWidget(self.home)
        else:
            self.home.refresh()
        self.stack.setCurrentWidget(self.home)
        self.home.focus_first()

    def open_module(self, module_id: str) -> None:
        # The player (and libVLC's Qt side) is imported when the first module opens, not at start-up.
        from kiosk.ui.module_screen import PlayerScreen

        # The open module saves what is on screen first, or a reflection typed just before the
        # same module is opened again would be read back empty by the new run.
        if self.player is not None:
            self.player.flush()
        try:
            run = self.learning.open(module_id)
        except KioskError as exc:
            log.error("Could not open module %s: %s", module_id, exc)
            return
        self._drop("player")
        self._drop("progress")
        self.player = PlayerScreen(run, self.services.media)
        self.player.closed.connect(self.show_home)
        self.player.support_requested.connect(self.show_support)
        self.stack.addWidget(self.player)
        self.stack.setCurrentWidget(self.player)

    def show_progress(self) -> None:
        from kiosk.ui.progress import ProgressScreen

        self._drop("progress")
        self.progress = ProgressScreen(self.learning, self.services.accounts.secret)
        self.progress.closed.connect(self.show_home)
        self.progress.module_chosen.connect(self.open_module)
        self.progress.pathway_requested.connect(self.show_pathways)
        self.progress.retry_requested.connect(self.retry_questions)
        self.stack.addWidget(self.progress)
        self.stack.setCurrentWidget(self.progress)
        self.progress.focus_first()

    def retry_questions(self, module_id: str) -> None:
        """A new round of a module's questions not yet passed, opened at the first of them."""
        try:
            run = self.learning.open(module_id)
            first = run.retry_questions()
            if first is not None:
                run.go_to(first)  # saved as where the learner is, so the module opens there
        except KioskError as exc:
            log.error("Could not start the questions again in %s: %s", module_id, exc)
            return
        self.open_module(module_id)

    def show_pathways(self) -> None:
        """The pathway chooser: a learner's first sign-in, or changing their route later."""
        from kiosk.core import pathways
        from kiosk.ui.pathway_chooser import PathwayChooser

        learning = self.learning
        current = pathways.chosen(learning.store, learning.programme, learning.learner.id)
        self._drop("chooser")
        self.chooser = PathwayChooser(learning.programme, current.id if current else None)
        self.chooser.chosen.connect(self._pathway_chosen)
        self.chooser.closed.connect(self.show_home)
        self.stack.addWidget(self.chooser)
        self.stack.setCurrentWidget(self.chooser)
        self.chooser.focus_first()

    def _pathway_chosen(self, pathway_id: str) -> None:
        try:
            self.services.store.pathways.set_learner_pathway(self.learning.learner.id, pathway_id, "learner")
        except KioskError as exc:
            log.error("Could not save a pathway choice: %s", exc)
            self.chooser.show_problem()  # the chooser stays, so they can try again
            return
        self._drop("chooser")
        self._drop("home")  # made afresh, in the new route's order
        self.show_home()

    def show_admin(self) -> None:
        """The admin panel, only from the sign-in screen (never over a learner's session)."""
        from kiosk.ui.admin import AdminScreen, AdminTools

        services = self.services
        if services.admin_gate is None or self.learning is not None or self.admin is not None:
            return
        self.admin = AdminScreen(AdminTools(
            services.admin_gate, services.accounts, services.log_path, services.doctor_command,
            services.sync_now, services.outbox_summary, services.start_import))
        self.admin.closed.connect(self._leave_admin)
        self.admin.exit_requested.connect(self.exit_requested)
        self.staff_button.hide()
        self.stack.addWidget(self.admin)
        self.stack.setCurrentWidget(self.admin)
        self.admin.passphrase.setFocus()

    def _leave_admin(self) -> None:
        self._show_signed_out()

    def media_playing(self) -> bool:
        """True while a video is playing: the idle sign-out must not interrupt it."""
        return self.player is not None and self.player.media_playing()

    def _quiet_time(self) -> float:
        """A group session's screen waits longer (the trainer may talk a long while without a
        key press) but not for ever: left open, it would keep trainer powers on screen."""
        return self.group_idle_timeout_s if self.trainer.group is not None else self.idle_timeout_s

    def show_error(self) -> None:
        """The calm screen after an unexpected error (the learner's progress is already saved)."""
        self._drop_covers()
        # Made afresh, so it speaks the language in use now.
        old, self.error_screen = self.error_screen, self._new_error_screen()
        self.stack.setCurrentWidget(self.error_screen)
        if old is not None:
            _discard(self.stack, old)

    def _new_error_screen(self) -> CalmErrorScreen:
        screen = CalmErrorScreen()
        screen.restart.connect(lambda: self.sign_out("error"))
        self.stack.addWidget(screen)
        return screen

    # -- screens that cover the learner's place ---------------------------------------------
    def take_a_break(self) -> None:
        """Pause any media and show the calm break screen; the learner's place is kept."""
        from kiosk.ui.take_a_break import BreakScreen

        self._dismiss_countdown()  # pressing anything means they are here
        if self.cover_showing(BreakScreen):
            return
        if self.player is not None:
            self.player.pause_media()
        screen = BreakScreen(self._programme().support, self.display.reduced_motion)
        screen.finished.connect(lambda: self._uncover(screen))
        self._cover(screen)

    def show_support(self) -> None:
        from kiosk.ui.support import SupportScreen

        self._dismiss_countdown()
        screen = SupportScreen(self._programme().support)
        screen.finished.connect(lambda: self._uncover(screen))
        self._cover(screen)

    def _programme(self) -> Programme:
        """The content in the signed-in learner's language (support contacts may be translated)."""
        if self.learning is not None:
            return self.learning.programme
        if self.services.programme is None:  # a break asked for in the first second: wait for it
            self.services.content_loaded(self.services.content.get())
        return self.services.programme

    def show_settings(self) -> None:
        from kiosk.ui.settings_panel import SettingsPanel

        self._dismiss_countdown()
        if self.learning is None or self.cover_showing(SettingsPanel):
            return
        screen = SettingsPanel(self.display)
        screen.changed.connect(self._display_changed)
        screen.finished.connect(lambda: self._uncover(screen))
        self._cover(screen)

    def cover_showing(self, kind: type) -> bool:
        """True if the screen on top is a cover of this kind."""
        return bool(self._covers) and isinstance(self._covers[-1].screen, kind)

    def _cover(self, screen: QWidget) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and not self.isAncestorOf(focus):
            focus = None
        self._covers.append(_Cover(screen, self.stack.currentWidget(), focus))
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)

    def _uncover(self, screen: QWidget) -> None:
        index = next((i for i, c in enumerate(self._covers) if c.screen is screen), None)
        if index is None:
            return
        cover = self._covers.pop(index)
        if index < len(self._covers):
            self._covers[index].under = cover.under  # the one above now covers what this did
        else:
            self.stack.setCurrentWidget(cover.under)
            if cover.focus is not None and isValid(cover.focus) and cover.focus.isVisible():
                cover.focus.setFocus()
        _discard(self.stack, screen)

    def _drop_covers(self) -> None:
        self.countdown = None
        while self._covers:
            _discard(self.stack, self._covers.pop().screen)

    # -- shared PC: nobody at the keyboard ---------------------------------------------------
    def _idle(self) -> None:
        if self.learning is None:
            # Nobody signed in: just make sure a half-typed code or a language choice is not
            # left for the next person.
            if self.signin.has_typed_text() or self.translations.current != self.translations.default:
                self.translations.reset()
                self._retranslate()
                self.signin.reset()
            self.idle.restart()
            return
        if self.countdown is not None:
            return
        from kiosk.ui.group.idle import GroupCountdownScreen

        kind = GroupCountdownScreen if self.trainer.group is not None else CountdownScreen
        countdown = kind(self.countdown_s)
        countdown.still_here.connect(self._dismiss_countdown)
        countdown.expired.connect(lambda: self.sign_out("idle"))
        self.countdown = countdown
        self._cover(countdown)

    def _dismiss_countdown(self) -> None:
        if self.countdown is not None:
            countdown, self.countdown = self.countdown, None
            self._uncover(countdown)
            self.idle.restart()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.learning is not None:
            self.sign_out("app_closed")
        self.idle.uninstall()
        self.translations.release()
        super().closeEvent(event)


def _discard(stack: QStackedWidget, widget: QWidget) -> None:
    # Out of the window at once, destroyed when control returns to the event loop (it may be
    # inside one of its own signals now).
    stack.removeWidget(widget)
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()
