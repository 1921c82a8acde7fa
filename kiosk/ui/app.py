"""Wiring: the one place that builds the services and hands each screen what it uses.

Start-up is arranged so the sign-in screen paints as soon as it can (docs/performance.md): before
it, only the settings, the database, the accounts and the sign-in screen's own widgets are made;
the content is read and checked after the first paint (kiosk/core/content/deferred.py), and
everything else (screens, the learning model, sync, reports, web engine) is imported when first
used. tests/test_startup.py checks that a start imports none of the heavy modules.
"""

from __future__ import annotations

import logging
import shlex
import sys
from functools import partial
from typing import TYPE_CHECKING

# The kiosk's core modules before PySide6: once imported, PySide6 reads the source of every module
# imported after it (shibokensupport's feature check), ~15 ms for these in a source tree.
from kiosk import __version__
from kiosk.core.bundle import self_command
from kiosk.core.config import Settings
from kiosk.core.content.deferred import DeferredProgramme
from kiosk.core.errors import QT_TRANSLATE_NOOP, KioskError
from kiosk.core.factory import make_accounts, make_admin_gate, make_records
from kiosk.core.logsetup import LOG_DIR, LOG_NAME, setup_logging, start_rotating
from kiosk.core.report_files import ExportPlaces
from kiosk.core.store import Store, backup, open_store
from kiosk.core.store.db import newest_backup_age

# isort: split
from PySide6.QtCore import QCoreApplication, Qt, QTimer  # noqa: E402 (after the core, see above)
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.ui import appfilters
from kiosk.ui.admin_panel import AdminTools
from kiosk.ui.content_wait import after_first_paint
from kiosk.ui.error_screen import install_excepthook
from kiosk.ui.language import Translations, error_text
from kiosk.ui.lockdown import apply_window_mode
from kiosk.ui.media.vlc_backend import VlcBackend
from kiosk.ui.services import LoadedProgramme, Services
from kiosk.ui.shell import Shell
from kiosk.ui.theme import stylesheet

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from kiosk.core.content import Programme
    from kiosk.core.events import RecordMaker
    from kiosk.core.sync import SyncStatus
    from kiosk.ui.pack_worker import PackImportWorker
    from kiosk.ui.sync_worker import SyncService

log = logging.getLogger(__name__)


def build_services(settings: Settings, content_later: bool = False, sync: BackgroundSync | None = None) -> Services:
    """Open the store and load the content; raises KioskError if the store cannot be opened.

    ``sync`` is where the sync started after the first paint will be (``start_sync``); the admin
    panel's "Send now" reaches it there. Without it (or without a sync endpoint) sending is not set
    up on this kiosk.

    With ``content_later`` the content is not loaded here: ``Services.programme`` is None until the
    shell has painted the sign-in screen and ``Services.course`` has loaded it (see
    kiosk/ui/content_wait.py)."""
    store, recovery = open_store(settings.data_dir)
    if recovery is not None:
        log.error("Learner database was damaged; kept at %s; restored from %s",
                  recovery.damaged_copy, recovery.restored_from or "nothing (started empty)")
    try:  # a power cut in the middle of a content pack's swap leaves the old content aside
        from kiosk.core.content.swap import recover_interrupted

        recover_interrupted(settings.content_dir)
    except (OSError, KioskError) as exc:
        log.error("Could not undo an interrupted content update: %s", exc)
    accounts = make_accounts(settings, store)
    gate = make_admin_gate(settings, store)
    media = VlcBackend(configured=shlex.split(settings.video_vlc_options))  # libVLC starts on first use
    status = partial(_sync_status, store)
    sync_on = bool(settings.sync_endpoint)
    admin = AdminTools(gate, accounts, log_path=settings.data_dir / LOG_DIR / LOG_NAME,
                       doctor_command=[*self_command(), "--content", str(settings.content_dir),
                                       "--data-dir", str(settings.data_dir)],
                       sync_now=sync.send_now if sync is not None and sync_on else None, sync_status=status,
                       start_import=lambda path: _start_import(path, settings))
    course = LoadedProgramme(DeferredProgramme(settings.content_dir), partial(_prepare, settings, store))
    services = Services(store=store, accounts=accounts, admin=admin, media=media, course=course,
                        sync_status=status if sync_on else None, reports_min_cell=settings.reports_min_cell,
                        report_exports=ExportPlaces(settings.reports_folder, settings.data_dir),
                        projector_screen=settings.group_projector_screen)
    if not content_later:
        course.wait()
    return services


def _prepare(settings: Settings, store: Store, programme: Programme) -> tuple[RecordMaker, Callable[[str], Programme]]:
    """What is made from the loaded programme (main thread): its record maker and its other languages."""
    for problem in programme.problems:
        log.error("Content: %s", problem)
    for module in programme.modules:
        for problem in getattr(module, "problems", ()):
            log.error("Content: %s", problem)
    return make_records(settings, store, programme), _content_in(settings, programme)


def _sync_status(store: Store) -> SyncStatus:
    """How sending records is going (kiosk.core.sync brings the HTTP client: imported when first asked)."""
    from kiosk.core.sync import sync_status

    return sync_status(store)


class BackgroundSync:
    """The background sync once it has started, after the first paint (``start_sync``): the admin
    panel's "Send now" is wired to it before it exists."""

    def __init__(self) -> None:
        self.service: SyncService | None = None

    def start(self, settings: Settings, shell: Shell) -> None:
        self.service = start_sync(settings, shell)

    def send_now(self) -> None:
        if self.service is None:  # the sync settings have a problem (logged at start) or it is starting
            raise KioskError(QT_TRANSLATE_NOOP("errors", "Sending records has not started: please look in the log."))
        self.service.sync_now()

    def stop(self) -> None:
        if self.service is not None:
            self.service.stop()


def _content_in(settings: Settings, programme: Programme) -> Callable[[str], Programme]:
    """Load the content in another language when a learner first asks for it (60-130 ms), then keep it."""
    loaded = {"en": programme}

    def content_in(language: str):
        from kiosk.core.content import load_programme

        if language not in loaded:
            loaded[language] = load_programme(settings.content_dir, language=language)
        return loaded[language]
    return content_in


def _start_import(path: Path, settings: Settings) -> PackImportWorker:
    """A content pack import on its own thread, for the admin panel's progress bar. The new
    content is used from the next start of the kiosk."""
    from kiosk.core.packs import Limits
    from kiosk.ui.pack_worker import PackImportWorker

    worker = PackImportWorker(path, settings.content_dir, settings.packs_trusted_keys,
                              Limits.from_settings(settings))
    worker.start()
    return worker


def start_sync(settings: Settings, shell: Shell) -> SyncService | None:
    """Start background sync and its status line, if an LRS is configured. Returns the service
    (stop it before closing the store) or None."""
    from kiosk.core.sync import SyncConfig
    from kiosk.ui.sync_status import SyncStatusPanel
    from kiosk.ui.sync_worker import SyncService

    try:
        config = SyncConfig.from_settings(settings)
    except KioskError as exc:
        log.error("Sync is off: %s", exc)  # learning goes on; IT sees this in the log
        return None
    if config is None:
        return None
    service = SyncService(settings.data_dir, config, settings.sync_interval_minutes * 60_000, parent=shell)
    panel = SyncStatusPanel()
    service.status.connect(panel.show_status)
    panel.send_requested.connect(service.sync_now)
    shell.statusBar().addPermanentWidget(panel, 1)
    # For trainers and IT at the sign-in screen; out of the way while a learner works.
    shell.stack.currentChanged.connect(
        lambda _index: shell.statusBar().setVisible(shell.stack.currentWidget() is shell.signin))
    service.start()
    return service


def make_application(argv: list[str] | None = None, web_engine: bool = True) -> QApplication:
    if web_engine:  # package steps' tip-pkg:// scheme: Chromium must know it before the app exists
        from kiosk.ui.web.scheme import register_schemes

        register_schemes()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("TIP Kiosk")
    app.setApplicationVersion(__version__)
    app.setStyleSheet(stylesheet())
    return app


def open_window(settings: Settings, sync: BackgroundSync | None = None) -> tuple[QApplication, Shell, Services]:
    """Everything up to the sign-in screen, ready to show (the benchmark times this very path).
    Raises KioskError if the database cannot be opened. ``sync``: see ``build_services``."""
    from kiosk.ui.web.scheme import content_uses_packages, register_schemes

    web_engine = content_uses_packages(settings.content_dir)
    if web_engine:
        # QtWebEngine needs this before the QApplication exists. Importing QtWebEngine and
        # registering tip-pkg (40 ms and 30 MB) only has to come before the first web view, so it
        # waits for the first paint (tests/test_startup.py loads a package after a late one).
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = make_application(web_engine=False)
    translations = Translations(default=settings.language)
    translations.reset()
    services = build_services(settings, content_later=True, sync=sync)
    appfilters.hold()  # the application-wide filters (idle, kiosk lock) come after the first paint
    shell = Shell(services, idle_timeout_s=settings.idle_timeout_minutes * 60,
                  group_idle_timeout_s=settings.group_idle_timeout_minutes * 60, translations=translations)
    install_excepthook(shell.show_error)
    shell.resize(1280, 800)
    after_first_paint(shell.signin, appfilters.release)
    if web_engine:
        after_first_paint(shell.signin, register_schemes)
    return app, shell, services


def run_app(settings: Settings) -> int:
    """Start the kiosk and run until it is closed."""
    setup_logging(settings.data_dir, settings.log_level, rotate_later=True)  # rotation after the paint
    sync = BackgroundSync()
    log.info("TIP Kiosk %s starting; content %s", __version__, settings.content_dir)
    try:
        app, shell, services = open_window(settings, sync)
    except KioskError as exc:
        from PySide6.QtWidgets import QMessageBox  # only here: its Python class costs ~3 ms

        log.error("Cannot start: %s", exc)
        translate = QCoreApplication.translate
        QMessageBox.critical(None, translate("app", "TIP Kiosk cannot start"),
                             translate("app", "TIP Kiosk cannot start on this computer.") + "\n\n"
                             + error_text(exc) + "\n\n"
                             + translate("app", "Please tell IT. No learner's progress has been lost."))
        return 1
    after_first_paint(shell.signin, start_rotating)
    # Sync starts after the first paint: it imports the HTTP client and its TLS set-up.
    after_first_paint(shell.signin, lambda: sync.start(settings, shell))
    apply_window_mode(shell, settings.kiosk_mode)
    if settings.backup_hours:
        QTimer.singleShot(2000, lambda: _backup_if_due(services, settings))
    code = app.exec()
    sync.stop()
    services.media.release()  # every player was closed as the window closed
    services.store.close()
    return code


def _backup_if_due(services: Services, settings: Settings) -> None:
    age = newest_backup_age(settings.data_dir)
    if age is None or age > settings.backup_hours * 3600:
        try:
            path = backup(services.store.conn, settings.data_dir)
            log.info("Backed up the learner database to %s", path)
        except Exception:
            log.exception("Backup failed")
