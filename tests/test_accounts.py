"""Accounts on a shared PC: the learner code is never stored, PINs are slow-hashed and hard to
guess, every failed sign-in looks the same, and wrong tries spend a budget per code and per kiosk
that survives a restart and a real sign-in."""

import pytest

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.claims import ChoosePin
from kiosk.core.errors import LockedOutError, SignInError
from kiosk.core.store import DB_NAME, open_store
from kiosk.core.throttle import Budget


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


def test_register_then_sign_in_with_any_spacing_or_case(accounts):
    made = accounts.register("ab 1234567", "629174", "Sam")
    signed = accounts.sign_in("AB1234567 ", "629174")
    assert signed.id == made.id and signed.first_name == "Sam"


def test_raw_code_pin_and_name_are_not_in_the_database_file(accounts, data_dir, store):
    accounts.register("7654321", "591372", "Priya")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in data_dir.glob(DB_NAME + "*"))
    assert b"7654321" not in raw and b"591372" not in raw
    assert b"Priya" not in raw  # the optional first name is sealed (kiosk.core.vault.NameSeal)
    assert store.learners.get(1).first_name == "Priya"  # and opens for greeting


def test_the_code_hash_is_keyed_per_installation(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    hashes = []
    for folder in (first, second):
        store, _ = open_store(folder)
        Accounts(store, installation_secret(folder)).register("1234567", "482915")
        hashes.append(store.learners.get(1).code_hash)
    assert hashes[0] != hashes[1]
    assert installation_secret(first) == installation_secret(first)  # stable once made


def test_unknown_code_wrong_pin_and_pinless_account_fail_in_the_same_words(accounts):
    """Sign-in must not tell a guesser which codes exist or which accounts have a PIN."""
    accounts.register("1234567", "482915")
    pinless, _ = accounts.identify_attendee("NEW-001", vouched=True)
    messages = set()
    for code, pin in (("7777777", "482915"), ("1234567", "735061"), ("NEW-001", "735061"),
                      ("NEW-001", "")):
        with pytest.raises(SignInError) as failed:
            accounts.sign_in(code, pin)
        assert type(failed.value) is SignInError
        messages.add((failed.value.template, tuple(failed.value.params.items())))
    assert len(messages) == 1
    assert "don't match" in next(iter(messages))[0]


@pytest.mark.parametrize("code, pin, message", [
    ("ab", "482915", "3 to 32 letters"),
    ("1234567", "12", "6 to 8 digits"),
    ("1234567", "2580", "6 to 8 digits"),
    ("1234567", "12ab56", "6 to 8 digits"),
    ("1234567", "123456789", "6 to 8 digits"),
])
def test_registration_rules(accounts, code, pin, message):
    with pytest.raises(SignInError, match=message):
        accounts.register(code, pin)


@pytest.mark.parametrize("pin", ["111111", "123456", "654321", "890123", "135791", "121212", "123123",
                                 "123321", "147258", "199004", "042019", "202407", "11112222", "112211", "345678"])
def test_common_pins_are_refused_in_plain_words(accounts, pin):
    with pytest.raises(SignInError, match="easy for someone else to guess"):
        accounts.register("AB7654321", pin)


def test_a_pin_taken_from_the_learner_code_is_refused(accounts):
    with pytest.raises(SignInError, match="easy for someone else to guess"):
        accounts.register("AB4729183", "472918")


def test_four_digit_pins_only_by_setting_and_old_ones_still_sign_in(store, data_dir):
    secret = installation_secret(data_dir)
    lenient = Accounts(store, secret, pin_min_digits=4)
    lenient.register("1234567", "5827")
    with pytest.raises(SignInError, match="easy for someone else to guess"):
        lenient.register("7654321", "1990")
    strict = Accounts(store, secret)
    with pytest.raises(SignInError, match="6 to 8 digits"):
        strict.register("7654321", "5827")
    assert strict.sign_in("1234567", "5827").id == 1  # chosen before the rule: still works


def test_a_code_can_only_be_registered_once(accounts):
    accounts.register("1234567", "482915")
    with pytest.raises(SignInError, match="already has an account"):
        accounts.register(" 1234567", "735061")


def test_short_waits_grow_and_survive_a_restart(store, data_dir):
    clock = Clock()
    accounts = Accounts(store, installation_secret(data_dir), lockout_after=3, lockout_seconds=30, clock=clock)
    accounts.register("1234567", "482915")
    for _ in range(2):
        with pytest.raises(SignInError):
            accounts.sign_in("1234567", "000000")
    with pytest.raises(LockedOutError) as first:
        accounts.sign_in("1234567", "000000")
    assert first.value.seconds == 30 and "try again in 30 seconds" in str(first.value)
    with pytest.raises(LockedOutError):  # even the right PIN waits
        accounts.sign_in("1234567", "482915")

    restarted = Accounts(store, installation_secret(data_dir), lockout_after=3, lockout_seconds=30,
                         clock=clock)
    with pytest.raises(LockedOutError):
        restarted.sign_in("1234567", "482915")
    clock.now += 31
    with pytest.raises(LockedOutError) as second:
        restarted.sign_in("1234567", "000000")
    assert second.value.seconds == 60
    clock.now += 61
    assert restarted.sign_in("1234567", "482915").id == 1


def test_an_unknown_code_rests_exactly_like_a_real_one(store, data_dir):
    """The wait says nothing about whether an account has the code."""
    clock = Clock()
    accounts = Accounts(store, installation_secret(data_dir), lockout_after=3, clock=clock)
    accounts.register("1234567", "482915")
    waits = []
    for code in ("1234567", "7777777"):
        for _ in range(3):
            with pytest.raises(SignInError) as failed:
                accounts.sign_in(code, "000000")
        waits.append((type(failed.value), failed.value.template, failed.value.params))
    assert waits[0] == waits[1] and waits[0][0] is LockedOutError


def test_the_daily_budget_is_not_refilled_by_signing_in(store, data_dir):
    """An attacker who knows one real PIN cannot reset the count by signing in between guesses."""
    clock = Clock()
    accounts = Accounts(store, installation_secret(data_dir), budget=Budget(after=3, first_wait=30, per_day=10),
                        clock=clock)
    accounts.register("1234567", "482915")
    while True:
        try:
            accounts.sign_in("1234567", "000000")
        except LockedOutError as resting:
            assert "this learner code" in str(resting) and "ask a trainer" in str(resting)
            if resting.seconds > 3600:
                long_wait = resting
                break
            clock.now += resting.seconds + 1
            accounts.sign_in("1234567", "482915")  # a real sign-in between guesses
        except SignInError:
            pass
    guesses = store.conn.execute("SELECT count(*) FROM signin_failures WHERE scope LIKE 'code:%'").fetchone()[0]
    assert guesses == 10
    assert 23 * 3600 < long_wait.seconds <= 24 * 3600 and "hours" in str(long_wait)
    with pytest.raises(LockedOutError):
        accounts.sign_in("1234567", "482915")
    clock.now += long_wait.seconds + 1
    assert accounts.sign_in("1234567", "482915").id == 1


def test_the_kiosk_budget_stops_one_guess_each_against_many_codes(store, data_dir, caplog):
    clock = Clock()
    accounts = Accounts(store, installation_secret(data_dir),
                        budget=Budget(per_day=10, kiosk_per_hour=20, kiosk_per_day=50), clock=clock)
    accounts.register("1234567", "482915")
    for n in range(20):
        with pytest.raises(SignInError) as failed:
            accounts.sign_in(f"STAFF{n:04d}", "000000")
    assert isinstance(failed.value, LockedOutError) and "on this computer" in str(failed.value)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "trainer unlock --kiosk" in warnings[0]  # IT sees why, once
    assert "STAFF" not in caplog.text  # and never a code
    with pytest.raises(LockedOutError, match="on this computer"):  # a real learner waits too...
        accounts.sign_in("1234567", "482915")
    with pytest.raises(LockedOutError, match="on this computer"):  # ... and cannot test codes by registering
        accounts.register("NEWCOMER", "582917")
    clock.now += 3601
    assert accounts.sign_in("1234567", "482915").id == 1
    accounts.unlock(kiosk=True)  # a trainer's unlock (tip-kiosk trainer unlock --kiosk) wipes the counts
    assert store.conn.execute("SELECT count(*) FROM signin_failures WHERE scope LIKE 'kiosk:%'").fetchone()[0] == 0


def test_registering_a_taken_code_spends_the_kiosk_budget(store, data_dir):
    accounts = Accounts(store, installation_secret(data_dir), budget=Budget(kiosk_per_hour=3))
    accounts.register("1234567", "482915")
    for _ in range(3):
        with pytest.raises(SignInError, match="already has an account"):
            accounts.register("1234567", "582917")
    with pytest.raises(LockedOutError, match="on this computer"):
        accounts.register("7654321", "582917")


def test_a_forgotten_pin_is_reset_to_a_one_time_code_and_a_new_pin(accounts):
    accounts.register("1234567", "482915")
    code = accounts.reset_pin("1234567")
    with pytest.raises(SignInError):
        accounts.sign_in("1234567", "482915")
    with pytest.raises(ChoosePin) as proved:
        accounts.sign_in("1234567", code.replace(" ", ""))  # typed with or without the space
    assert accounts.claim(proved.value.claim, "735061").id == 1
    assert accounts.sign_in("1234567", "735061").id == 1
    accounts.create_trainer("T-100", "calm river 42")
    with pytest.raises(SignInError, match="No learner account"):
        accounts.reset_pin("T-100")


def test_wrong_tries_are_forgotten_after_a_quiet_day(store, data_dir):
    """Neither the count nor the keyed hashes of codes typed outlive the budget that needs them."""
    clock = Clock()
    accounts = Accounts(store, installation_secret(data_dir), lockout_after=5, clock=clock)
    for _ in range(4):
        with pytest.raises(SignInError):
            accounts.sign_in("7777777", "000000")
    clock.now += 86_401
    with pytest.raises(SignInError) as fresh:  # a new run of wrong tries: no wait yet
        accounts.sign_in("8888888", "000000")
    assert not isinstance(fresh.value, LockedOutError)
    scopes = {s for (s,) in store.conn.execute("SELECT scope FROM signin_failures UNION "
                                               "SELECT scope FROM signin_waits")}
    assert len([s for s in scopes if s.startswith("code:")]) == 1  # only the code typed today


def test_a_trainer_unlock_lets_a_resting_code_sign_in_at_once(store, data_dir):
    accounts = Accounts(store, installation_secret(data_dir), lockout_after=1)
    accounts.register("1234567", "482915")
    with pytest.raises(LockedOutError):
        accounts.sign_in("1234567", "000000")
    assert accounts.unlock("1234567") == 1
    assert accounts.sign_in("1234567", "482915").id == 1


def test_pseudonym_is_made_from_the_code_at_sign_in(store, data_dir):
    seen = []
    accounts = Accounts(store, installation_secret(data_dir),
                        pseudonymise=lambda code: seen.append(code) or f"p-{len(code)}")
    accounts.register("ab 12345", "482915")
    assert store.learners.get(1).pseudonym == "p-7" and seen == ["AB12345"]
