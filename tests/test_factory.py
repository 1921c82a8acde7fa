"""One factory (kiosk/core/factory.py) builds the accounts, the pseudonymiser and the record maker
for the kiosk, every command and the simulator, so a command cannot treat learners differently
from the kiosk: the organisation secret is never read in anonymous mode, the configured sign-in
budget applies everywhere, and an account made at the console gets the pseudonym the kiosk
would give it."""

from __future__ import annotations

import io
import sys

import pytest

from kiosk.cli import main
from kiosk.core import keystore
from kiosk.core.config import Settings
from kiosk.core.errors import SignInError
from kiosk.core.factory import make_accounts, make_records
from kiosk.core.privacy import pseudonymiser
from kiosk.core.store import open_store
from kiosk.core.throttle import Budget

SECRET = "an organisation secret long enough to be safe"


@pytest.fixture
def secret_never_read(monkeypatch):
    """A secret store that fails the test if anything reads it."""
    def read(settings):
        raise AssertionError("the organisation secret was read")

    monkeypatch.setattr(keystore, "organisation_key", read)


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "organisation.key"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def test_anonymous_accounts_never_read_the_organisation_secret(secret_never_read, store, data_dir, secret_file):
    settings = Settings(data_dir=data_dir, sync_privacy_mode="anonymous", sync_organisation_secret_file=secret_file)
    learner = make_accounts(settings, store).register("4821937", "583920")
    assert learner.pseudonym is None


def test_pseudonymous_accounts_carry_the_organisations_pseudonym(store, data_dir, secret_file):
    settings = Settings(data_dir=data_dir, sync_organisation_secret_file=secret_file)
    learner = make_accounts(settings, store).register("4821937", "583920")
    assert learner.pseudonym == pseudonymiser(SECRET.encode())("4821937")


def test_accounts_keep_the_configured_sign_in_budget_and_pin_rule(store, data_dir):
    settings = Settings(data_dir=data_dir, lockout_after=2, lockout_seconds=7, signin_guesses_per_day=4,
                        signin_kiosk_guesses_per_hour=9, signin_kiosk_guesses_per_day=11, pin_min_digits=8)
    accounts = make_accounts(settings, store)
    assert accounts.throttle.budget == Budget(after=2, first_wait=7, per_day=4, kiosk_per_hour=9, kiosk_per_day=11)
    assert accounts.pin_min_digits == 8


def test_the_record_maker_names_the_pathway_a_learner_follows(store, data_dir, programme):
    """As the kiosk's does; the simulator's had no pathway reader."""
    records = make_records(Settings(data_dir=data_dir), store, programme)
    assert records.pathway is not None and records.policy.programme_id == programme.id


def _trainer_add(data_dir, code: str, passphrase: str, monkeypatch) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{code}\n{passphrase}\n"))
    return main(["trainer", "add", "--stdin", "--data-dir", str(data_dir)])


def test_a_trainer_added_at_the_console_gets_the_pseudonym_the_kiosk_would_give(tmp_path, secret_file,
                                                                                monkeypatch, capsys):
    monkeypatch.setenv("TIP_KIOSK_SYNC_ORGANISATION_SECRET_FILE", str(secret_file))
    assert _trainer_add(tmp_path / "data", "T-100", "calm river 42", monkeypatch) == 0
    store, _ = open_store(tmp_path / "data")
    try:
        pseudonyms = [row[0] for row in store.conn.execute("SELECT pseudonym FROM learners")]
    finally:
        store.close()
    assert pseudonyms == [pseudonymiser(SECRET.encode())("T-100")]


def test_the_trainer_command_honours_the_configured_sign_in_budget(tmp_path, monkeypatch, capsys):
    """One wrong PIN on this kiosk spends a budget of one an hour; the default budget (30) would
    have let the trainer be added."""
    data_dir = tmp_path / "data"
    store, _ = open_store(data_dir)
    try:
        spent = make_accounts(Settings(data_dir=data_dir, signin_kiosk_guesses_per_hour=1), store)
        spent.register("4821937", "583920")
        with pytest.raises(SignInError):
            spent.sign_in("4821937", "000000")
    finally:
        store.close()
    monkeypatch.setenv("TIP_KIOSK_SIGNIN_KIOSK_GUESSES_PER_HOUR", "1")
    assert _trainer_add(data_dir, "T-100", "calm river 42", monkeypatch) == 2
    assert "tip-kiosk:" in capsys.readouterr().err
    monkeypatch.delenv("TIP_KIOSK_SIGNIN_KIOSK_GUESSES_PER_HOUR")
    assert _trainer_add(data_dir, "T-100", "calm river 42", monkeypatch) == 0
