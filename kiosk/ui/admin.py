"""The admin panel, behind the admin passphrase: exit the kiosk, sync and the queue, import
content, run the doctor, read the log, create trainer accounts.

Optional parts of the kiosk (sync, content packs) come in as callables through Services; when
one is None the panel says it is not set up on this kiosk. The screen emits ``exit_requested``
and ``closed``; the shell decides what they mean. After a few idle minutes it locks itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, QProcess, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QStackedLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.accounts import Accounts
from kiosk.core.admin import AdminGate, read_log_tail
from kiosk.core.doctor import from_json, report
from kiosk.core.errors import KioskError
from kiosk.ui import appfilters
from kiosk.ui.announce import say
from kiosk.ui.formats import fill
from kiosk.ui.language import error_text
from kiosk.ui.widgets import button, card, code_field, label, secret_field, set_text

log = logging.getLogger(__name__)

IDLE_LOCK_MS = 5 * 60 * 1000
"""An unlocked panel left alone this long locks itself: an admin may walk away from a shared PC."""


@dataclass
class AdminTools:
    """What the panel can do, built in ``app.py``. Every optional action may be None."""

    gate: AdminGate
    accounts: Accounts
    log_path: Path | None = None
    doctor_command: Sequence[str] = ()
    """The command line that starts `tip-kiosk` with this kiosk's settings (``doctor --json`` is added)."""
    sync_now: Callable[[], Any] | None = None
    outbox_summary: Callable[[], Mapping[str, Any]] | None = None
    start_import: Callable[[Path], QObject] | None = None
    """Starts importing a content pack on a worker and returns the worker, whose signals are
    ``progress(done, total)`` (declare them ``"qint64"``: byte counts can pass 2**31),
    ``finished(str summary)`` and ``failed(str reason)``."""


class AdminScreen(QWidget):
    exit_requested = Signal()
    closed = Signal()

    def __init__(self, tools: AdminTools, parent: QWidget | None = None):
        super().__init__(parent)
        self.tools = tools
        self._process: QProcess | None = None
        self._worker: QObject | None = None
        self._pages = QStackedLayout(self)
        self._pages.addWidget(self._gate_page())
        self.tabs = self._panel()
        self._pages.addWidget(self.tabs)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(IDLE_LOCK_MS)
        self.idle.timeout.connect(self.lock)

    # -- the gate ---------------------------------------------------------------------------
    def _gate_page(self) -> QWidget:
        self.passphrase = secret_field(self.tr("Admin passphrase"))
        self.unlock_button = button(self.tr("&Unlock"), primary=True)
        self.back_button = button(self.tr("&Back to sign-in"))
        self.gate_message = label("", "message")
        self.gate_message.setAccessibleName(self.tr("Admin message"))
        form = QFormLayout()
        form.addRow(self.tr("Admin &passphrase"), self.passphrase)
        form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.passphrase)
        fields = QWidget()
        fields.setLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        row.addWidget(self.back_button)
        actions = QWidget()
        actions.setLayout(row)
        self.unlock_button.clicked.connect(self._unlock)
        self.passphrase.returnPressed.connect(self._unlock)
        self.back_button.clicked.connect(self._close)
        return _centred(card(label(self.tr("Staff and IT"), "title"),
                             label(self.tr("This area is for IT and site staff. Learners: please "
                                           "go back to sign in."), "muted"),
                             fields, self.gate_message, actions))

    def _unlock(self) -> None:
        text = self.passphrase.text()
        self.passphrase.setText("")
        try:
            self.tools.gate.check(text)
        except KioskError as exc:
            self.passphrase.setAccessibleDescription(error_text(exc))  # heard again on returning to it
            say(self.gate_message, error_text(exc), assertive=True)
            self.passphrase.setFocus()
            return
        set_text(self.gate_message, "")
        self.passphrase.setAccessibleDescription("")
        self._pages.setCurrentWidget(self.tabs)
        appfilters.install(self)  # off while a package's web view is open (see appfilters)
        self.idle.start()
        self.refresh_queue()
        self.exit_button.setFocus()

    def unlocked(self) -> bool:
        return self._pages.currentWidget() is self.tabs

    def lock(self) -> None:
        """Back to the passphrase page, forgetting anything typed in the panel."""
        self.idle.stop()
        appfilters.remove(self)
        for field_ in (self.trainer_code, self.trainer_pin, self.trainer_pin_again, self.passphrase):
            field_.setText("")  # not clear(): that is an undoable edit
        self._pages.setCurrentIndex(0)
        self.passphrase.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.idle.start()  # any input restarts the idle countdown
        return False

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.unlocked():
            self.passphrase.setFocus()

    def hideEvent(self, event) -> None:  # noqa: N802
        # Whatever takes the panel off the screen (an error screen, the shell) locks it.
        super().hideEvent(event)
        if self.unlocked():
            self.lock()

    def _close(self) -> None:
        self.lock()
        self.closed.emit()

    # -- the panel --------------------------------------------------------------------------
    def _panel(self) -> QTabWidget:
        tabs = QTabWidget()
        # The tab bar takes the focus (arrow keys or Ctrl+Tab change section); the widget around
        # it is not a stop of its own.
        tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tabs.setAccessibleName(self.tr("Admin panel sections"))
        tabs.tabBar().setAccessibleName(self.tr("Admin panel sections"))
        for page, title in ((self._kiosk_tab(), self.tr("Kiosk")), (self._sync_tab(), self.tr("Sync")),
                            (self._content_tab(), self.tr("Content")),
                            (self._checks_tab(), self.tr("Checks")), (self._log_tab(), self.tr("Log")),
                            (self._trainers_tab(), self.tr("Trainers"))):
            page.setAccessibleName(title)
            tabs.addTab(page, title)
        return tabs

    def _kiosk_tab(self) -> QWidget:
        self.exit_button = button(self.tr("E&xit the kiosk"), primary=True)
        self.leave_button = button(self.tr("&Lock and go back to sign-in"))
        self.exit_button.clicked.connect(self._exit)
        self.leave_button.clicked.connect(self._close)
        return _column(label(self.tr("Exiting closes TIP Kiosk on this PC until it is started "
                                     "again. Learners' progress is saved."), "muted"),
                       self.exit_button, self.leave_button)

    def _exit(self) -> None:
        log.info("Kiosk exit requested from the admin panel")
        self.lock()
        self.exit_requested.emit()

    def _sync_tab(self) -> QWidget:
        self.queue = label("", "")
        self.queue.setAccessibleName(self.tr("Records waiting to be sent"))
        self.sync_button = button(self.tr("&Send now (retry the queue)"), primary=True)
        self.refresh_button = button(self.tr("&Refresh"))
        self.sync_message = label("", "message")
        self.sync_button.clicked.connect(self._sync_now)
        self.refresh_button.clicked.connect(self.refresh_queue)
        if self.tools.sync_now is None:
            self.sync_button.setEnabled(False)
            set_text(self.sync_message, self.tr("Sending records is not set up on this kiosk."))
        return _column(self.queue, self.sync_message, _row(self.sync_button, self.refresh_button))

    def refresh_queue(self) -> None:
        if self.tools.outbox_summary is None:
            set_text(self.queue, self.tr("The record queue is not set up on this kiosk."))
            return
        try:
            summary = self.tools.outbox_summary()
        except KioskError as exc:
            set_text(self.queue, str(exc))
            return
        set_text(self.queue, self._describe(summary))

    def _describe(self, summary: Mapping[str, Any]) -> str:
        names = {"pending": self.tr("Waiting to be sent"), "delivered": self.tr("Sent"),
                 "quarantined": self.tr("Set aside (refused by the server)"),
                 "last_success": self.tr("Last successful sync"), "last_error": self.tr("Last problem")}
        lines = [f"{names.get(key, key.replace('_', ' ').capitalize())}: {value}"
                 for key, value in summary.items() if value not in (None, "")]
        return "\n".join(lines) or self.tr("Nothing recorded yet.")

    def _sync_now(self) -> None:
        try:
            self.tools.sync_now()
        except KioskError as exc:
            say(self.sync_message, str(exc), assertive=True)
            return
        say(self.sync_message, self.tr("Sending has started. Press Refresh to see the queue."))
        self.refresh_queue()

    def _content_tab(self) -> QWidget:
        self.import_button = button(self.tr("&Import a content pack…"), primary=True)
        self.import_progress = QProgressBar()
        self.import_progress.setAccessibleName(self.tr("Import progress"))
        self.import_progress.hide()
        self.import_message = label("", "message")
        self.import_button.clicked.connect(self._choose_pack)
        if self.tools.start_import is None:
            self.import_button.setEnabled(False)
            set_text(self.import_message, self.tr("Importing content is not set up on this kiosk."))
        return _column(label(self.tr("Choose a signed content pack from a USB stick or a network "
                                     "share. Learners' progress is kept."), "muted"),
                       label(self.tr("A SCORM, H5P or cmi5 package (.zip or .h5p) is added as a new "
                                     "module of the installed programme."), "muted"),
                       self.import_button, self.import_progress, self.import_message)

    def _choose_pack(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a content pack or an eLearning package"),
                                              "", self.tr("Packs and packages (*.zip *.h5p);;All files (*)"),
                                              options=QFileDialog.Option.DontUseNativeDialog)
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> None:
        self.import_button.setEnabled(False)
        self.import_progress.setRange(0, 0)
        self.import_progress.show()
        say(self.import_message, fill(self.tr("Importing %1…"), path.name))
        worker = self.tools.start_import(path)
        self._worker = worker
        worker.progress.connect(self._import_progress)
        worker.finished.connect(lambda summary: self._import_done(str(summary or ""), ok=True))
        worker.failed.connect(lambda reason: self._import_done(str(reason), ok=False))

    def _import_progress(self, done: int, total: int) -> None:
        if total > 0:
            scale = max(1, total // 1_000_000)  # QProgressBar holds an int: keep large sizes in range
            self.import_progress.setRange(0, total // scale)
            self.import_progress.setValue(done // scale)

    def _import_done(self, message: str, ok: bool) -> None:
        self._worker = None
        self.import_progress.hide()
        self.import_button.setEnabled(True)
        prefix = self.tr("Imported.") if ok else self.tr("Not imported:")
        say(self.import_message, f"{prefix} {message}".strip(), assertive=not ok)

    def _checks_tab(self) -> QWidget:
        self.doctor_button = button(self.tr("Run the &checks"), primary=True)
        self.doctor_output = _read_only(self.tr("Results of the checks"))
        self.doctor_button.clicked.connect(self.run_doctor)
        if not self.tools.doctor_command:
            self.doctor_button.setEnabled(False)
            self.doctor_output.setPlainText(self.tr("The checks are not set up on this kiosk."))
        return _column(self.doctor_button, self.doctor_output)

    def run_doctor(self) -> None:
        """Run `tip-kiosk doctor --json` as a child process (it starts libVLC and Qt on its own,
        which must not happen inside the running kiosk); the result appears when it ends."""
        self.doctor_button.setEnabled(False)
        self.doctor_output.setPlainText(self.tr("Checking this computer… (this takes a few seconds)"))
        process = QProcess(self)
        self._process = process
        command = [*self.tools.doctor_command, "doctor", "--json"]
        process.finished.connect(lambda *_: self._doctor_done(process))
        process.errorOccurred.connect(lambda *_: self._doctor_done(process))
        process.start(command[0], command[1:])

    def _doctor_done(self, process: QProcess) -> None:
        if self._process is not process:
            return  # errorOccurred and finished can both arrive
        self._process = None
        self.doctor_button.setEnabled(True)
        output = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        try:
            text = report(from_json(output))
        except (ValueError, TypeError, KeyError):
            errors = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
            text = self.tr("The checks could not run.") + "\n" + (errors or process.errorString())
        self.doctor_output.setPlainText(text)
        process.deleteLater()

    def _log_tab(self) -> QWidget:
        self.log_view = _read_only(self.tr("Kiosk log"))
        self.log_refresh = button(self.tr("&Show the latest"))
        self.log_refresh.clicked.connect(self.show_log)
        return _column(label(self.tr("The newest entries are at the end. The log holds no learner "
                                     "codes, names or answers."), "muted"),
                       self.log_view, self.log_refresh)

    def show_log(self) -> None:
        text = read_log_tail(self.tools.log_path) if self.tools.log_path else ""
        self.log_view.setPlainText(text or self.tr("The log is empty."))
        self.log_view.moveCursor(self.log_view.textCursor().MoveOperation.End)

    def _trainers_tab(self) -> QWidget:
        self.trainer_code = code_field(self.tr("Trainer's learner code"))
        self.trainer_pin = secret_field(self.tr("Trainer's passphrase"))
        self.trainer_pin_again = secret_field(self.tr("Trainer's passphrase again"))
        self.trainer_button = button(self.tr("Create &trainer account"), primary=True)
        self.trainer_message = label("", "message")
        self.trainer_message.setAccessibleName(self.tr("Trainer account message"))
        form = QFormLayout()
        form.addRow(self.tr("Learner &code"), self.trainer_code)
        form.addRow(self.tr("&Passphrase (10 or more characters)"), self.trainer_pin)
        form.addRow(self.tr("Passphrase &again"), self.trainer_pin_again)
        for row, widget in enumerate((self.trainer_code, self.trainer_pin, self.trainer_pin_again)):
            form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().setBuddy(widget)
        fields = QWidget()
        fields.setLayout(form)
        self.trainer_button.clicked.connect(self._create_trainer)
        self.trainer_pin_again.returnPressed.connect(self._create_trainer)
        return _column(label(self.tr("A trainer signs in like a learner, with this code and a passphrase "
                                     "(a few words or a long number, typed where learners type their "
                                     "PIN), and can lead group sessions and see site reports."), "muted"),
                       fields, self.trainer_message, self.trainer_button)

    def _create_trainer(self) -> None:
        pin, again = self.trainer_pin.text(), self.trainer_pin_again.text()
        self.trainer_pin.clear()
        self.trainer_pin_again.clear()
        if pin != again:
            say(self.trainer_message, self.tr("The two passphrases are different. Please type them again."),
                assertive=True)
            self.trainer_pin.setFocus()
            return
        try:
            self.tools.accounts.register(self.trainer_code.text(), pin, role="trainer")
        except KioskError as exc:
            say(self.trainer_message, str(exc), assertive=True)
            return
        self.trainer_code.clear()
        log.info("A trainer account was created from the admin panel")
        say(self.trainer_message, self.tr("The trainer account was created."))


def _read_only(accessible: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                 | Qt.TextInteractionFlag.TextSelectableByMouse)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    view.setTabChangesFocus(True)  # Tab moves on, so the keyboard never gets stuck in it
    view.setAccessibleName(accessible)
    return view


def _column(*children: QWidget) -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    for child in children:
        column.addWidget(child, 1 if isinstance(child, QPlainTextEdit) else 0)
    if not any(isinstance(c, QPlainTextEdit) for c in children):
        column.addStretch(1)
    return page


def _row(*children: QWidget) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for child in children:
        row.addWidget(child)
    row.addStretch(1)
    return holder


def _centred(inner: QWidget) -> QWidget:
    page = QWidget()
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    inner.setMaximumWidth(720)
    row.addWidget(inner, 4)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return page
