"""The admin passphrase: a slow salted hash, growing waits after wrong tries that survive a
restart, and the `tip-kiosk admin set-passphrase` command that sets it."""

import subprocess
import sys

import pytest

import kiosk.core.admin
from kiosk.core.admin import AdminGate, hash_passphrase, matches, valid_hash
from kiosk.core.errors import LockedOutError, SignInError
from kiosk.core.store import open_store

GOOD = "correct horse battery staple"


@pytest.fixture
def cheap_hashes(monkeypatch):
    """Tests that try many passphrases use a cheaper scrypt; the stored hash records its cost."""
    monkeypatch.setattr(kiosk.core.admin, "_SCRYPT", {"n": 2**10, "r": 8, "p": 1})


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_passphrase_is_kept_only_as_a_salted_scrypt_hash(store):
    AdminGate(store).set_passphrase(GOOD)
    stored = store.get_meta("admin_passphrase_hash")
    assert stored.startswith("scrypt$32768$8$1$") and GOOD not in stored and valid_hash(stored)
    assert hash_passphrase(GOOD) != hash_passphrase(GOOD)  # salted
    assert matches(GOOD, stored) and not matches(GOOD + "!", stored)


def test_a_short_passphrase_is_refused(store):
    with pytest.raises(SignInError, match="at least 10 characters"):
        AdminGate(store).set_passphrase("short")


def test_without_a_passphrase_nobody_gets_in(store):
    gate = AdminGate(store)
    assert not gate.is_set_up()
    with pytest.raises(SignInError, match="No admin passphrase has been set up"):
        gate.check("")


def test_right_passphrase_lets_in_and_wrong_one_does_not(store, cheap_hashes):
    gate = AdminGate(store)
    gate.set_passphrase(GOOD)
    gate.check(GOOD)
    with pytest.raises(SignInError, match="not right"):
        gate.check("wrong passphrase here")


def test_waits_grow_after_repeated_wrong_passphrases(store, cheap_hashes):
    clock = Clock()
    gate = AdminGate(store, lockout_after=3, lockout_seconds=60, clock=clock)
    gate.set_passphrase(GOOD)
    for _ in range(2):
        with pytest.raises(SignInError) as caught:
            gate.check("nope nope nope")
        assert not isinstance(caught.value, LockedOutError)
    waits = []
    for _ in range(4):
        with pytest.raises(LockedOutError) as caught:
            gate.check("nope nope nope")
        waits.append(caught.value.seconds)
        # While the wait runs, even the right passphrase is turned away.
        with pytest.raises(LockedOutError):
            gate.check(GOOD)
        clock.now += caught.value.seconds
    assert waits == [60, 120, 240, 480]
    gate.check(GOOD)  # after the wait, the right one works and clears the count
    with pytest.raises(SignInError) as caught:
        gate.check("nope nope nope")
    assert not isinstance(caught.value, LockedOutError)


def test_the_wait_survives_a_restart_of_the_kiosk(data_dir, cheap_hashes):
    clock = Clock()
    store, _ = open_store(data_dir)
    gate = AdminGate(store, lockout_after=1, lockout_seconds=300, clock=clock)
    gate.set_passphrase(GOOD)
    with pytest.raises(LockedOutError):
        gate.check("not it at all")
    store.close()

    store, _ = open_store(data_dir)  # the kiosk restarted
    try:
        gate = AdminGate(store, lockout_after=1, lockout_seconds=300, clock=clock)
        assert gate.seconds_locked() == pytest.approx(300)
        with pytest.raises(LockedOutError):
            gate.check(GOOD)
    finally:
        store.close()


def test_a_hash_in_the_configuration_wins_over_one_stored_on_the_pc(store, cheap_hashes):
    AdminGate(store).set_passphrase("the one stored on this PC")
    gate = AdminGate(store, configured_hash=hash_passphrase(GOOD))
    gate.check(GOOD)
    with pytest.raises(SignInError):
        gate.check("the one stored on this PC")


def test_set_passphrase_command_reads_stdin_and_stores_the_hash(data_dir, tmp_path):
    done = subprocess.run([sys.executable, "-m", "kiosk", "admin", "set-passphrase", "--data-dir",
                           str(data_dir), "--content", str(tmp_path)],
                          input=GOOD + "\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "is set" in done.stdout
    store, _ = open_store(data_dir)
    try:
        AdminGate(store).check(GOOD)
    finally:
        store.close()


def test_set_passphrase_print_gives_a_hash_for_the_configuration_file(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kiosk", "admin", "set-passphrase", "--print",
                           "--data-dir", str(tmp_path / "unused")],
                          input=GOOD + "\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    printed = done.stdout.strip()
    assert valid_hash(printed) and matches(GOOD, printed)
    assert not (tmp_path / "unused").exists()  # nothing stored on the PC
