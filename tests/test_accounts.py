"""Accounts on a shared PC: the learner code is never stored, PINs are slow-hashed, and wrong
PINs lead to growing waits that survive a restart."""

import pytest

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.errors import LockedOut, SignInError
from kiosk.core.store import DB_NAME, open_store


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


def test_register_then_sign_in_with_any_spacing_or_case(accounts):
    made = accounts.register("ab 1234567", "2468", "Sam")
    signed = accounts.sign_in("AB1234567 ", "2468")
    assert signed.id == made.id and signed.first_name == "Sam"


def test_raw_code_pin_and_name_are_not_in_the_database_file(accounts, data_dir, store):
    accounts.register("7654321", "13579", "Priya")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in data_dir.glob(DB_NAME + "*"))
    assert b"7654321" not in raw and b"13579" not in raw
    assert b"Priya" not in raw  # the optional first name is sealed (kiosk.core.vault.NameSeal)
    assert store.learner(1).first_name == "Priya"  # and opens for greeting


def test_the_code_hash_is_keyed_per_installation(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    hashes = []
    for folder in (first, second):
        store, _ = open_store(folder)
        Accounts(store, installation_secret(folder)).register("1234567", "1111")
        hashes.append(store.learner(1).code_hash)
    assert hashes[0] != hashes[1]
    assert installation_secret(first) == installation_secret(first)  # stable once made


def test_wrong_pin_and_unknown_code_are_explained(accounts):
    accounts.register("1234567", "1111")
    with pytest.raises(SignInError, match="That PIN doesn't match"):
        accounts.sign_in("1234567", "2222")
    with pytest.raises(SignInError, match="register if this is your first time"):
        accounts.sign_in("7777777", "1111")


@pytest.mark.parametrize("code, pin, message", [
    ("ab", "1111", "3 to 32 letters"),
    ("1234567", "12", "4 to 8 digits"),
    ("1234567", "12ab", "4 to 8 digits"),
])
def test_registration_rules(accounts, code, pin, message):
    with pytest.raises(SignInError, match=message):
        accounts.register(code, pin)


def test_a_code_can_only_be_registered_once(accounts):
    accounts.register("1234567", "1111")
    with pytest.raises(SignInError, match="already has an account"):
        accounts.register(" 1234567", "2222")


def test_lockout_waits_grow_and_survive_a_restart(store, data_dir):
    clock = Clock()
    accounts = Accounts(store, installation_secret(data_dir), lockout_after=3, lockout_seconds=30, clock=clock)
    accounts.register("1234567", "1111")
    for _ in range(2):
        with pytest.raises(SignInError):
            accounts.sign_in("1234567", "0000")
    with pytest.raises(LockedOut) as first:
        accounts.sign_in("1234567", "0000")
    assert first.value.seconds == 30
    with pytest.raises(LockedOut):  # even the right PIN waits
        accounts.sign_in("1234567", "1111")

    restarted = Accounts(store, installation_secret(data_dir), lockout_after=3, lockout_seconds=30,
                         clock=clock)
    with pytest.raises(LockedOut):
        restarted.sign_in("1234567", "1111")
    clock.now += 31
    with pytest.raises(LockedOut) as second:
        restarted.sign_in("1234567", "0000")
    assert second.value.seconds == 60
    clock.now += 61
    assert restarted.sign_in("1234567", "1111").id == 1
    assert store.learner(1).failed_pins == 0


def test_pseudonym_is_made_from_the_code_at_sign_in(store, data_dir):
    seen = []
    accounts = Accounts(store, installation_secret(data_dir),
                        pseudonymise=lambda code: seen.append(code) or f"p-{len(code)}")
    accounts.register("ab 12345", "1111")
    assert store.learner(1).pseudonym == "p-7" and seen == ["AB12345"]
