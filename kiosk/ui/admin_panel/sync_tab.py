"""The admin panel's Sync tab: how sending records is going, and "send now"."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk.core.errors import KioskError
from kiosk.ui.admin_panel.parts import AdminTab, column, row
from kiosk.ui.announce import say
from kiosk.ui.formats import describe_sync
from kiosk.ui.language import error_text
from kiosk.ui.widgets import button, label, set_text

if TYPE_CHECKING:  # kiosk.core.sync brings the HTTP client; the panel only reads its dataclass
    from kiosk.core.sync import SyncStatus


class SyncTab(AdminTab):
    """``sync_now`` starts sending (None: sending is not set up on this kiosk); ``sync_status``
    reads the record queue's state (None: there is no queue to show)."""

    def __init__(self, sync_now: Callable[[], None] | None, sync_status: Callable[[], SyncStatus] | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.sync_now = sync_now
        self.sync_status = sync_status
        self.queue = label("", "")
        self.queue.setAccessibleName(self.tr("Records waiting to be sent"))
        self.sync_button = button(self.tr("&Send now (retry the queue)"), primary=True)
        self.refresh_button = button(self.tr("&Refresh"))
        self.sync_message = label("", "message")
        self.sync_button.clicked.connect(self._sync_now)
        self.refresh_button.clicked.connect(self.refresh_queue)
        if sync_now is None:
            self.sync_button.setEnabled(False)
            set_text(self.sync_message, self.tr("Sending records is not set up on this kiosk."))
        column(self, self.queue, self.sync_message, row(self.sync_button, self.refresh_button))

    def title(self) -> str:
        return self.tr("Sync")

    def refresh_queue(self) -> None:
        if self.sync_status is None:
            set_text(self.queue, self.tr("The record queue is not set up on this kiosk."))
            return
        try:
            status = self.sync_status()
        except KioskError as exc:
            set_text(self.queue, error_text(exc))
            return
        set_text(self.queue, "\n".join(describe_sync(status)))

    def _sync_now(self) -> None:
        if self.sync_now is None:
            return
        try:
            self.sync_now()
        except KioskError as exc:
            say(self.sync_message, error_text(exc), assertive=True)
            return
        say(self.sync_message, self.tr("Sending has started. Press Refresh to see the queue."))
        self.refresh_queue()
