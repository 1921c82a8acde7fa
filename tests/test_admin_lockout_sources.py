"""Wrong admin passphrases are counted per source: a learner at the kiosk's screen can lock the
on-screen panel, but not IT at the console, who can end the screen's wait."""

import subprocess
import sys

import pytest

import kiosk.core.admin
from kiosk.core.admin import AdminGate
from kiosk.core.errors import LockedOutError, SignInError
from kiosk.core.store import open_store

GOOD = "correct horse battery staple"


@pytest.fixture
def cheap_hashes(monkeypatch):
    monkeypatch.setattr(kiosk.core.admin, "_SCRYPT", {"n": 2**10, "r": 8, "p": 1})


def _lock_the_screen(store, clock=lambda: 1_800_000_000.0):
    screen = AdminGate(store, lockout_after=3, lockout_seconds=60, clock=clock)
    for _ in range(3):
        with pytest.raises(SignInError):
            screen.check("a learner guessing")
    for _ in range(6):  # keeps trying through the waits: up to the hour
        with pytest.raises(LockedOutError):
            screen.check(GOOD)
    return screen


def test_a_locked_screen_does_not_lock_the_console(store, cheap_hashes):
    """Issue 12: one global count let any learner keep IT out for an hour."""
    AdminGate(store).set_passphrase(GOOD)
    screen = _lock_the_screen(store)
    assert screen.seconds_locked() > 0
    console = AdminGate(store, source="cli", clock=lambda: 1_800_000_000.0)
    assert console.seconds_locked() == 0
    console.check(GOOD)  # IT gets in
    console.end_wait("screen")
    screen.check(GOOD)  # and so does the panel on the screen again


def test_wrong_tries_at_the_console_are_counted_apart(store, cheap_hashes):
    AdminGate(store).set_passphrase(GOOD)
    console = AdminGate(store, source="cli", lockout_after=1)
    with pytest.raises(SignInError):
        console.check("wrong passphrase")
    with pytest.raises(LockedOutError):
        console.check("wrong again here")
    assert store.admin_lockout.get("screen") == (0, 0.0)
    AdminGate(store).check(GOOD)


def test_a_new_passphrase_clears_every_source(store, cheap_hashes):
    AdminGate(store).set_passphrase(GOOD)
    _lock_the_screen(store)
    AdminGate(store).set_passphrase(GOOD + " two")
    assert store.admin_lockout.get("screen") == (0, 0.0) and store.admin_lockout.get("cli") == (0, 0.0)


def test_the_screen_message_tells_it_how_to_end_the_wait(store, cheap_hashes):
    AdminGate(store).set_passphrase(GOOD)
    with pytest.raises(LockedOutError, match="tip-kiosk admin unlock"):
        _lock_the_screen(store).check(GOOD)


def test_an_unknown_source_is_a_programming_error(store):
    with pytest.raises(ValueError):
        AdminGate(store, source="usb")


def _unlock(data_dir, tmp_path, typed):
    return subprocess.run([sys.executable, "-m", "kiosk", "admin", "unlock", "--data-dir", str(data_dir),
                           "--content", str(tmp_path)], input=typed + "\n", capture_output=True,
                          text=True, timeout=60)


def test_admin_unlock_at_the_console_ends_the_screens_wait(data_dir, tmp_path):
    store, _ = open_store(data_dir)
    try:
        AdminGate(store).set_passphrase(GOOD)
        _lock_the_screen(store, clock=lambda: 4_000_000_000.0)  # locked well into the future
    finally:
        store.close()
    wrong = _unlock(data_dir, tmp_path, "not the passphrase")
    assert wrong.returncode == 1 and "not right" in wrong.stderr
    done = _unlock(data_dir, tmp_path, GOOD)
    assert done.returncode == 0, done.stderr
    assert "can be opened again" in done.stdout
    store, _ = open_store(data_dir)
    try:
        assert store.admin_lockout.get("screen") == (0, 0.0)
        assert store.admin_lockout.get("cli") == (0, 0.0)  # the right passphrase cleared its own count too
    finally:
        store.close()
