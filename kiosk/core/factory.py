"""The one place that builds what depends on this PC's settings and secrets: the learner accounts
(with the sign-in budget of the ``lockout_*`` and ``signin_*`` settings, and the organisation's
pseudonymiser), the record maker, and the gate to the admin panel and IT's commands.

The app (kiosk/ui/app.py), every command that opens accounts or makes records (kiosk/cli/) and the
simulator (kiosk/core/simulator.py) build them here, so a command cannot differ from the kiosk:
the organisation secret is read only in pseudonymous mode, and the sign-in budget is the
configured one everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.core.accounts import Accounts
from kiosk.core.admin import AdminGate
from kiosk.core.keystore import installation_key, learner_pseudonymiser

if TYPE_CHECKING:
    from kiosk.core.config import Settings
    from kiosk.core.content.model import Programme
    from kiosk.core.events import RecordMaker
    from kiosk.core.store import Store


def make_accounts(settings: Settings, store: Store) -> Accounts:
    """The learner accounts on ``store``: this PC's installation key, the configured sign-in
    budget and PIN rule, and learner pseudonyms under the organisation secret in pseudonymous
    mode (``keystore.learner_pseudonymiser``: none, and no secret read, in anonymous mode).

    Raises:
        InstallationKeyError: the installation key is missing or not the one the accounts were
            made with.
    """
    return Accounts(store, installation_key(settings), settings=settings,
                    pseudonymise=learner_pseudonymiser(settings, store))


def make_records(settings: Settings, store: Store, programme: Programme) -> RecordMaker:
    """The record maker for ``programme``: the sync_* settings' privacy mode, IRIs and time
    precision, scoring from the learner's saved progress, and the pathway they follow."""
    # Imported here: the records and pathways modules are not needed before the sign-in screen
    # has painted (tests/test_startup.py).
    from kiosk.core.pathways import pathway_reader
    from kiosk.core.records import make_record_maker

    return make_record_maker(settings, programme.id, store.progress.module_progress, pathway_reader(store, programme))


def make_admin_gate(settings: Settings, store: Store, source: str = "screen") -> AdminGate:
    """The gate to the admin panel (``source`` "screen") or IT's commands ("cli"): the configured
    passphrase and lockout, each source with its own count of failures."""
    return AdminGate(store, settings.admin_passphrase_hash, lockout_after=settings.admin_lockout_after,
                     lockout_seconds=settings.admin_lockout_seconds, source=source)
