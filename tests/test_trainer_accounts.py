"""Trainer accounts: made by IT with `tip-kiosk trainer add` (the admin panel will call the same
core function), signed in with code and PIN like anyone, and never printing a learner code."""

import subprocess
import sys

import pytest

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.errors import SignInError
from kiosk.core.store import GroupStore, open_store
from tests.conftest import REPO


def tip_kiosk(data_dir, *args, stdin=""):
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), *args], input=stdin,
                          cwd=REPO, capture_output=True, text=True, timeout=60)


def test_a_trainer_account_signs_in_as_a_trainer(accounts):
    made = accounts.create_trainer("T-100", "9876", "Sam")
    assert made.role == "trainer"
    assert accounts.sign_in("t-100", "9876").role == "trainer"
    with pytest.raises(SignInError, match="already has an account"):
        accounts.create_trainer("T-100", "1111")
    with pytest.raises(SignInError, match="4 to 8 digits"):
        accounts.create_trainer("T-200", "12")


def test_an_existing_account_can_be_made_a_trainers_and_back(accounts):
    learner = accounts.register("1234567", "2468")
    assert accounts.set_role("1234567", "trainer").id == learner.id
    assert accounts.sign_in("1234567", "2468").role == "trainer"
    accounts.set_role("1234567", "learner")
    assert accounts.sign_in("1234567", "2468").role == "learner"
    with pytest.raises(SignInError):
        accounts.set_role("UNKNOWN", "trainer")


def test_it_adds_lists_and_removes_trainers_from_the_command_line(data_dir):
    added = tip_kiosk(data_dir, "trainer", "add", "--stdin", "--first-name", "Sam", stdin="T-100\n9876\n")
    assert added.returncode == 0, added.stderr
    assert "Trainer account created" in added.stdout and "T-100" not in added.stdout + added.stderr
    listed = tip_kiosk(data_dir, "trainer", "list")
    assert "Sam" in listed.stdout and "1 trainer account." in listed.stdout

    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    assert accounts.sign_in("T-100", "9876").role == "trainer"
    accounts.register("1234567", "2468")
    store.close()

    promoted = tip_kiosk(data_dir, "trainer", "add", "--stdin", stdin="1234567\n")
    assert promoted.returncode == 0 and "now a trainer's; its PIN is unchanged" in promoted.stdout
    removed = tip_kiosk(data_dir, "trainer", "remove", "--stdin", stdin="T-100\n")
    assert removed.returncode == 0, removed.stderr
    store, _ = open_store(data_dir)
    assert [t.id for t in GroupStore(store).trainers()] == [2]
    store.close()


def test_the_command_line_explains_a_bad_pin_or_missing_input(data_dir):
    bad = tip_kiosk(data_dir, "trainer", "add", "--stdin", stdin="T-100\n12\n")
    assert bad.returncode == 2 and "PIN is 4 to 8 digits" in bad.stderr
    short = tip_kiosk(data_dir, "trainer", "add", "--stdin", stdin="T-100\n")
    assert short.returncode == 2 and "Standard input ended" in short.stderr
