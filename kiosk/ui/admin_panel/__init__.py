"""The admin panel, behind the admin passphrase: exit the kiosk, sync and the queue, import
content, run the doctor, read the log, create trainer accounts; one tab each, each in its own
module (as Picard declares its option pages), and the screen that holds them (screen.py).

What the panel can do comes in as one ``AdminTools``, built once in ``app.py`` (this module stays
light, so building it costs the start-up nothing; the screen is imported when first opened). When
an optional part (sync, content packs) is None its tab says it is not set up on this kiosk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from kiosk.core.accounts import Accounts
    from kiosk.core.admin import AdminGate
    from kiosk.core.sync import SyncStatus


@dataclass(frozen=True)
class AdminTools:
    """What the panel can do, built in ``app.py``. Every optional action may be None."""

    gate: AdminGate
    accounts: Accounts
    log_path: Path | None = None
    doctor_command: Sequence[str] = ()
    """The command line that starts `tip-kiosk` with this kiosk's settings (``doctor --json`` is added)."""
    sync_now: Callable[[], None] | None = None
    """Starts sending waiting records now; None: sending is not set up on this kiosk."""
    sync_status: Callable[[], SyncStatus] | None = None
    """The record queue's state (kiosk.core.sync.sync_status); None: no queue to show."""
    start_import: Callable[[Path], QObject] | None = None
    """Starts importing a content pack on a worker and returns the worker, whose signals are
    ``progress(done, total)`` (declare them ``"qint64"``: byte counts can pass 2**31),
    ``finished(str summary)`` and ``failed(str reason)``."""
