"""Trainer accounts: made by IT with `tip-kiosk trainer add` (the admin panel calls the same core
function), signed in with code and a passphrase longer than any PIN, with their own guessing count,
and never printing a learner code."""

import re
import subprocess
import sys

import pytest

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.claims import ChoosePin
from kiosk.core.errors import LockedOutError, SignInError
from kiosk.core.store import open_store
from kiosk.core.throttle import Budget
from tests.conftest import REPO


def tip_kiosk(data_dir, *args, stdin=""):
    return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), *args], input=stdin,
                          cwd=REPO, capture_output=True, text=True, timeout=60)


def test_a_trainer_account_signs_in_as_a_trainer(accounts):
    made = accounts.create_trainer("T-100", "calm river 42", "Sam")
    assert made.role == "trainer"
    assert accounts.sign_in("t-100", "calm river 42").role == "trainer"
    with pytest.raises(SignInError, match="already has an account"):
        accounts.create_trainer("T-100", "another long one")
    for short in ("12", "482915", "87654321", "abcdefghi"):
        with pytest.raises(SignInError, match="10 to 128 characters"):
            accounts.create_trainer("T-200", short)
    for obvious in ("aaaaaaaaaaaa", "1234567890", "my code T-200"):
        with pytest.raises(SignInError, match="easy for someone else to guess"):
            accounts.create_trainer("T-200", obvious)
    assert accounts.create_trainer("T-300", "4829 1573 06").role == "trainer"  # a long number will do


def test_an_existing_account_becomes_a_trainers_only_with_a_passphrase(accounts):
    learner = accounts.register("1234567", "629174")
    with pytest.raises(SignInError, match="10 to 128 characters"):
        accounts.set_role("1234567", "trainer")  # a learner's PIN is too short for trainer powers
    assert accounts.set_role("1234567", "trainer", "quiet harbour lamp").id == learner.id
    assert accounts.sign_in("1234567", "quiet harbour lamp").role == "trainer"
    with pytest.raises(SignInError):
        accounts.sign_in("1234567", "629174")
    accounts.set_role("1234567", "learner")
    assert accounts.sign_in("1234567", "quiet harbour lamp").role == "learner"
    accounts.set_role("1234567", "trainer", "4829 1573 06")  # a long number, read out in groups
    assert accounts.sign_in("1234567", "4829157306").role == "trainer"
    with pytest.raises(SignInError):
        accounts.set_role("UNKNOWN", "trainer", "quiet harbour lamp")


def test_learners_spending_the_kiosk_pin_budget_do_not_keep_trainers_out(store, data_dir):
    accounts = Accounts(store, installation_secret(data_dir), budget=Budget(kiosk_per_hour=5, kiosk_per_day=5))
    accounts.create_trainer("T-100", "calm river 42")
    for n in range(5):
        with pytest.raises(SignInError):
            accounts.sign_in(f"STAFF{n}", "000000")
    with pytest.raises(LockedOutError, match="on this computer"):
        accounts.sign_in("T-100", "482915")
    assert accounts.sign_in("T-100", "calm river 42").role == "trainer"
    for n in range(5):  # and passphrase guesses have a count of their own
        with pytest.raises(SignInError):
            accounts.sign_in(f"STAFF{n}", "wrong passphrase")
    with pytest.raises(LockedOutError, match="on this computer"):
        accounts.sign_in("T-100", "calm river 42")


def test_it_adds_lists_and_removes_trainers_from_the_command_line(data_dir):
    added = tip_kiosk(data_dir, "trainer", "add", "--stdin", "--first-name", "Sam", stdin="T-100\ncalm river 42\n")
    assert added.returncode == 0, added.stderr
    assert "Trainer account created" in added.stdout and "T-100" not in added.stdout + added.stderr
    listed = tip_kiosk(data_dir, "trainer", "list")
    assert "Sam" in listed.stdout and "1 trainer account." in listed.stdout

    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    assert accounts.sign_in("T-100", "calm river 42").role == "trainer"
    accounts.register("1234567", "629174")
    store.close()

    promoted = tip_kiosk(data_dir, "trainer", "add", "--stdin", stdin="1234567\nquiet harbour lamp\n")
    assert promoted.returncode == 0 and "signs in with the new passphrase" in promoted.stdout
    removed = tip_kiosk(data_dir, "trainer", "remove", "--stdin", stdin="T-100\n")
    assert removed.returncode == 0, removed.stderr
    store, _ = open_store(data_dir)
    assert [t.id for t in store.groups.trainers()] == [2]
    store.close()


def test_the_command_line_explains_a_bad_pin_or_missing_input(data_dir):
    bad = tip_kiosk(data_dir, "trainer", "add", "--stdin", stdin="T-100\n482915\n")
    assert bad.returncode == 2 and "passphrase is 10 to 128 characters" in bad.stderr
    short = tip_kiosk(data_dir, "trainer", "add", "--stdin", stdin="T-100\n")
    assert short.returncode == 2 and "Standard input ended" in short.stderr


def test_the_command_line_gives_one_time_codes_and_unlocks(data_dir):
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir), lockout_after=1)
    accounts.identify_attendee("NEW-001", vouched=True)
    accounts.register("1234567", "629174")
    with pytest.raises(LockedOutError):
        accounts.sign_in("1234567", "000000")
    store.close()

    issued = tip_kiosk(data_dir, "trainer", "claim-code", "--stdin", stdin="new-001\n")
    assert issued.returncode == 0, issued.stderr
    code = re.search(r"One-time code: (\d{4} \d{4})", issued.stdout).group(1)
    refused = tip_kiosk(data_dir, "trainer", "claim-code", "--stdin", stdin="1234567\n")
    assert refused.returncode == 2 and "has a PIN" in refused.stderr
    unlocked = tip_kiosk(data_dir, "trainer", "unlock", "--stdin", stdin="1234567\n")
    assert unlocked.returncode == 0 and "Forgot 1 wrong sign-in try" in unlocked.stdout
    kiosk = tip_kiosk(data_dir, "trainer", "unlock", "--kiosk")
    assert kiosk.returncode == 0 and "on this kiosk" in kiosk.stdout

    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    assert accounts.sign_in("1234567", "629174").id == 2
    with pytest.raises(ChoosePin):
        accounts.sign_in("NEW-001", code)
    store.close()

    reset = tip_kiosk(data_dir, "trainer", "reset-pin", "--stdin", stdin="1234567\n")
    assert reset.returncode == 0, reset.stderr
    fresh = re.search(r"One-time code: (\d{4} \d{4})", reset.stdout).group(1)
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    with pytest.raises(SignInError) as old_pin:
        accounts.sign_in("1234567", "629174")
    assert not isinstance(old_pin.value, ChoosePin)
    with pytest.raises(ChoosePin) as proved:
        accounts.sign_in("1234567", fresh)
    assert accounts.claim(proved.value.claim, "735061").id == 2
    store.close()
