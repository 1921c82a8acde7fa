"""Wiring: the one place that builds the services and hands each screen what it uses."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk import __version__
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.config import Settings
from kiosk.core.content import load_programme
from kiosk.core.errors import KioskError
from kiosk.core.logsetup import setup_logging
from kiosk.core.store import backup, open_store
from kiosk.core.store.db import newest_backup_age
from kiosk.ui.errors import install_excepthook
from kiosk.ui.shell import Services, Shell
from kiosk.ui.theme import stylesheet

log = logging.getLogger(__name__)


def build_services(settings: Settings) -> Services:
    """Open the store and load the content; raises KioskError if the store cannot be opened."""
    store, recovery = open_store(settings.data_dir)
    if recovery is not None:
        log.error("Learner database was damaged; kept at %s; restored from %s",
                  recovery.damaged_copy, recovery.restored_from or "nothing (started empty)")
    programme = load_programme(settings.content_dir)
    for problem in programme.problems:
        log.error("Content: %s", problem)
    for module in programme.modules:
        for problem in getattr(module, "problems", ()):
            log.error("Content: %s", problem)
    accounts = Accounts(store, installation_secret(settings.data_dir),
                        lockout_after=settings.lockout_after, lockout_seconds=settings.lockout_seconds)
    return Services(store=store, accounts=accounts, programme=programme,
                    reports_min_cell=settings.reports_min_cell, projector_screen=settings.group_projector_screen)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("TIP Kiosk")
    app.setApplicationVersion(__version__)
    app.setStyleSheet(stylesheet())
    return app


def run_app(settings: Settings) -> int:
    """Start the kiosk and run until it is closed."""
    setup_logging(settings.data_dir, settings.log_level)
    log.info("TIP Kiosk %s starting; content %s", __version__, settings.content_dir)
    app = make_application()
    try:
        services = build_services(settings)
    except KioskError as exc:
        log.error("Cannot start: %s", exc)
        QMessageBox.critical(None, app.tr("TIP Kiosk cannot start"),
                             app.tr("TIP Kiosk cannot start on this computer.") + "\n\n" + str(exc)
                             + "\n\n" + app.tr("Please tell IT. No learner's progress has been lost."))
        return 1
    shell = Shell(services)
    install_excepthook(shell.show_error)
    shell.resize(1280, 800)
    shell.show()
    if settings.backup_hours:
        QTimer.singleShot(2000, lambda: _backup_if_due(services, settings))
    code = app.exec()
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
