"""The admin panel's screen: the passphrase gate, then the tabs (one module each, as Picard declares
its option pages). It emits ``exit_requested`` and ``closed``; the shell decides what they mean.
After a few idle minutes it locks itself.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QStackedLayout, QTabWidget, QWidget

from kiosk.core.errors import KioskError
from kiosk.ui import appfilters
from kiosk.ui.admin_panel import AdminTools
from kiosk.ui.admin_panel.checks_tab import ChecksTab
from kiosk.ui.admin_panel.content_tab import ContentTab
from kiosk.ui.admin_panel.kiosk_tab import KioskTab
from kiosk.ui.admin_panel.log_tab import LogTab
from kiosk.ui.admin_panel.parts import AdminTab, centred
from kiosk.ui.admin_panel.sync_tab import SyncTab
from kiosk.ui.admin_panel.trainers_tab import TrainersTab
from kiosk.ui.announce import say
from kiosk.ui.language import error_text
from kiosk.ui.widgets import button, card, label, secret_field, set_text

log = logging.getLogger(__name__)

IDLE_LOCK_MS = 5 * 60 * 1000
"""An unlocked panel left alone this long locks itself: an admin may walk away from a shared PC."""


class AdminScreen(QWidget):
    exit_requested = Signal()
    closed = Signal()

    def __init__(self, tools: AdminTools, parent: QWidget | None = None):
        super().__init__(parent)
        self.tools = tools
        self._pages = QStackedLayout(self)
        self._pages.addWidget(self._gate_page())
        self.kiosk_tab = KioskTab()
        self.sync_tab = SyncTab(tools.sync_now, tools.sync_status)
        self.content_tab = ContentTab(tools.start_import)
        self.checks_tab = ChecksTab(tools.doctor_command)
        self.log_tab = LogTab(tools.log_path)
        self.trainers_tab = TrainersTab(tools.accounts)
        self.kiosk_tab.exit_requested.connect(self._exit)
        self.kiosk_tab.leave_requested.connect(self._close)
        self.tabs = self._panel(self.kiosk_tab, self.sync_tab, self.content_tab, self.checks_tab, self.log_tab,
                                self.trainers_tab)
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
        form.addRow(self.tr("Admin &passphrase"), self.passphrase)  # the label is made its buddy
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
        return centred(card(label(self.tr("Staff and IT"), "title"),
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
        self.sync_tab.refresh_queue()
        self.kiosk_tab.exit_button.setFocus()

    def unlocked(self) -> bool:
        return self._pages.currentWidget() is self.tabs

    def lock(self) -> None:
        """Back to the passphrase page, forgetting anything typed in the panel."""
        self.idle.stop()
        appfilters.remove(self)
        self.trainers_tab.clear()
        self.passphrase.setText("")  # not clear(): that is an undoable edit
        self._pages.setCurrentIndex(0)
        self.passphrase.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.idle.start()  # any input restarts the idle countdown
        return False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.unlocked():
            self.passphrase.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        # Whatever takes the panel off the screen (an error screen, the shell) locks it.
        super().hideEvent(event)
        if self.unlocked():
            self.lock()

    def _close(self) -> None:
        self.lock()
        self.closed.emit()

    def _exit(self) -> None:
        log.info("Kiosk exit requested from the admin panel")
        self.lock()
        self.exit_requested.emit()

    # -- the panel --------------------------------------------------------------------------
    def _panel(self, *pages: AdminTab) -> QTabWidget:
        tabs = QTabWidget()
        # The tab bar takes the focus (arrow keys or Ctrl+Tab change section); the widget around
        # it is not a stop of its own.
        tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tabs.setAccessibleName(self.tr("Admin panel sections"))
        tabs.tabBar().setAccessibleName(self.tr("Admin panel sections"))
        for page in pages:
            title = page.title()
            page.setAccessibleName(title)
            tabs.addTab(page, title)
        return tabs
