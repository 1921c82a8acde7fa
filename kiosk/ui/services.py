"""What the screens need (``Services``), built once in ``app.py`` and complete before the shell is
built; and the programme, which may arrive after the sign-in screen is up (``LoadedProgramme``).

Nothing here changes after the shell is built, apart from the one object made to: the
``LoadedProgramme`` is in the services from the start, and is filled when the content has loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from typing import TYPE_CHECKING

from kiosk.core.accounts import Accounts
from kiosk.core.events import RecordMaker, no_records
from kiosk.core.store import Store
from kiosk.ui.media.vlc_backend import VlcBackend

if TYPE_CHECKING:
    from kiosk.core.content import Programme
    from kiosk.core.content.deferred import DeferredProgramme
    from kiosk.core.report_files import ExportPlaces
    from kiosk.core.sync import SyncStatus
    from kiosk.ui.admin_panel import AdminTools

Prepare = Callable[["Programme"], tuple[RecordMaker, Callable[[str], "Programme"]]]
"""From the loaded programme, what is made from it: its record maker, and the programme with its
text in another language (kiosk/ui/app.py)."""


class LoadedProgramme:
    """The programme and what is made from it, once loaded.

    The kiosk makes one with the content's ``DeferredProgramme`` and ``prepare`` (app.py): until the
    content has loaded ``programme`` is None and the sign-in screen shows ``title``; ``arrived`` is
    called once, on the main thread, with the loaded programme, before any screen uses it.
    ``LoadedProgramme.ready(programme)`` is one loaded already (tests, tools).
    """

    def __init__(self, deferred: DeferredProgramme | None = None, prepare: Prepare | None = None):
        self.deferred = deferred
        self._prepare = prepare
        self.programme: Programme | None = None
        self.records: RecordMaker = no_records
        self.content_in: Callable[[str], Programme] | None = None
        """The programme with its text in a language (where the content offers it); None: always
        ``programme``. A learner's course text follows the interface language they chose."""

    @classmethod
    def ready(cls, programme: Programme, records: RecordMaker = no_records,
              content_in: Callable[[str], Programme] | None = None) -> LoadedProgramme:
        loaded = cls()
        loaded.programme, loaded.records, loaded.content_in = programme, records, content_in
        return loaded

    @property
    def title(self) -> str:
        """The programme's title: peeked from its file until it has loaded ("" if it cannot be)."""
        if self.programme is not None:
            return self.programme.title
        return self.deferred.title if self.deferred is not None else ""

    def arrived(self, programme: Programme) -> None:
        """Take the loaded programme, and make what depends on it (once; later calls do nothing)."""
        if self.programme is not None:
            return
        if self._prepare is not None:
            self.records, self.content_in = self._prepare(programme)
        self.programme = programme

    def wait(self) -> Programme:
        """The programme, waiting for the load if it has not arrived yet (main thread)."""
        programme = self.programme
        if programme is None:
            if self.deferred is None:
                raise RuntimeError("No programme and nothing loading one")
            programme = self.deferred.get()
            self.arrived(programme)
        return programme


@dataclass(frozen=True)
class Services:
    """What the screens need, built once in ``app.py``."""

    store: Store
    accounts: Accounts
    loaded: InitVar[Programme | None] = None
    """A programme loaded already (tests, tools): ``course`` is made ready with it."""
    media: VlcBackend = field(default_factory=VlcBackend)
    """The app's one libVLC instance (made on first use, so a kiosk without libVLC starts)."""

    admin: AdminTools | None = None
    """What the admin panel can do (kiosk/ui/admin_panel); None: there is no way into it (the Staff
    button is hidden)."""

    # -- site trainers (kiosk/ui/trainer.py): sync status area, report suppression, projector --
    sync_status: Callable[[], SyncStatus] | None = None
    """How sending records is going, for the trainer home (kiosk.core.sync.sync_status); None: sync
    is not set up on this kiosk."""
    reports_min_cell: int = 10
    report_exports: ExportPlaces | None = None
    """The folders site reports may be saved in; None: nowhere."""
    projector_screen: str = ""

    # -- the content, which may load after the sign-in screen is up (kiosk/core/content/deferred.py)
    course: LoadedProgramme = field(default_factory=LoadedProgramme)

    def __post_init__(self, loaded: Programme | None) -> None:
        if loaded is not None:
            self.course.arrived(loaded)

    @property
    def programme(self) -> Programme | None:
        """None until the content has loaded (the sign-in screen shows meanwhile)."""
        return self.course.programme

    @property
    def records(self) -> RecordMaker:
        return self.course.records

    @property
    def content_in(self) -> Callable[[str], Programme] | None:
        return self.course.content_in
