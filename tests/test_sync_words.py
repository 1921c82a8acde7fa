"""How sending records is going, told the same way on every screen that tells it (the sign-in
screen's status line, the trainer home, the admin panel), with dates in the interface language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

import kiosk.core.admin
from kiosk.core.admin import AdminGate
from kiosk.core.sync import SyncStatus
from kiosk.ui.admin_panel import AdminTools
from kiosk.ui.admin_panel.screen import AdminScreen
from kiosk.ui.app import BackgroundSync, make_application
from kiosk.ui.formats import describe_sync, local_time
from kiosk.ui.language import Translations
from kiosk.ui.services import Services
from tests.trainer_helpers import sign_in
from tests.uihelpers import make_shell

PASSPHRASE = "staff only passphrase"
# Midday in mid-December: the same day on a kiosk's clock in any time zone.
STATUS = SyncStatus(last_success="2026-12-15T12:00:00+00:00", last_attempt="2026-12-15T12:00:00+00:00",
                    last_error=None, pending=4, quarantined=0, delivered=9)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    monkeypatch.setattr(kiosk.core.admin, "_SCRYPT", {"n": 2**10, "r": 8, "p": 1})


@pytest.mark.parametrize("language, month", [("en", "December"), ("cy", "Rhagfyr")])
def test_the_trainer_home_shows_the_last_sync_in_the_interface_language(qtbot, store, accounts, programme,
                                                                        catalogues, language, month):
    accounts.create_trainer("TRAINER1", "calm river 42", "Sam")
    shell = make_shell(qtbot, Services(store, accounts, programme, sync_status=lambda: STATUS),
                       translations=Translations(catalogues, language))
    sign_in(qtbot, shell, "TRAINER1", "calm river 42")
    text = shell.trainer.home.sync_lines.text()
    assert f"15 {month} 2026" in text
    assert (month == "December") == ("Last successful sync" in text)


@pytest.mark.parametrize("language, month", [("en", "December"), ("cy", "Rhagfyr")])
def test_the_admin_panel_shows_the_last_sync_in_the_interface_language(qtbot, store, accounts, catalogues,
                                                                       language, month):
    make_application()
    gate = AdminGate(store)
    gate.set_passphrase(PASSPHRASE)
    translations = Translations(catalogues)
    translations.use(language)
    try:
        panel = AdminScreen(AdminTools(gate, accounts, sync_status=lambda: STATUS))
        qtbot.addWidget(panel)
        panel.show()
        qtbot.keyClicks(panel.passphrase, PASSPHRASE)
        qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
        text = panel.sync_tab.queue.text()
        assert f"15 {month} 2026" in text
        assert (month == "December") == ("Last successful sync" in text)
    finally:
        translations.use("en")


def test_send_now_before_the_sync_has_started_says_so_in_the_interface_language(qtbot, store, accounts, catalogues):
    """The sync starts after the first paint (kiosk/ui/app.py), or not at all if its settings are
    wrong: "Send now" says so, in Welsh too, instead of claiming sending has started."""
    make_application()
    gate = AdminGate(store)
    gate.set_passphrase(PASSPHRASE)
    translations = Translations(catalogues)
    translations.use("cy")
    try:
        panel = AdminScreen(AdminTools(gate, accounts, sync_now=BackgroundSync().send_now))
        qtbot.addWidget(panel)
        panel.show()
        qtbot.keyClicks(panel.passphrase, PASSPHRASE)
        qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
        qtbot.keyClick(panel.sync_tab.sync_button, Qt.Key.Key_Space)
        assert panel.sync_tab.sync_message.text().startswith("Dydy anfon cofnodion ddim wedi dechrau")
    finally:
        translations.use("en")


def test_a_time_that_is_not_a_timestamp_is_shown_as_it_is(qtbot):
    assert local_time("yesterday") == "yesterday"


def test_the_status_says_why_records_wait_and_what_went_wrong_last(qtbot):
    pooled = SyncStatus(None, None, "The records server did not answer.", pending=2, quarantined=1, delivered=0,
                        pooled=5)
    assert describe_sync(pooled) == [
        "Last successful sync: never", "Records waiting to send: 2", "Records set aside (not accepted): 1",
        "Unlinked records waiting to be mixed (sent after the day ends): 5",
        "Last problem: The records server did not answer."]
