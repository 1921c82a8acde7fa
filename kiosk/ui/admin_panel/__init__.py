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
    from kiosk.core.accounts import Accounts
    from kiosk.core.admin import AdminGate
    from kiosk.core.sync import SyncStatus
    from kiosk.ui.jobs import Job


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
    start_import: Callable[[Path], Job] | None = None
    """Starts importing a content pack and returns the job doing it (kiosk/ui/jobs.py), whose signals
    are ``progress(done, total)`` (``"qint64"``: byte counts can pass 2**31), ``finished(summary)``
    and ``failed(reason)``."""
