"""What a copied data folder costs an attacker, and what sealing costs the kiosk.

Attacker, one core: one PIN guess against the PIN hash or a learner's vault (one scrypt each, the
same cost), so 10^6 guesses for a 6-digit PIN and 10^4 for a 4-digit one; one learner-code guess
against the keyed code hash when the installation key is known (HMAC-SHA256), so a 1,000,000-code
staff-number space. Without the installation key neither attack can start (a 256-bit key).

Kiosk: the vault key made at sign-in; sealing and opening a 2,000-character reflection; sealing
500 older plain-text answers at a learner's first sign-in after the upgrade; sealing 1,000 first
names at start. Prints figures; asserts nothing.

Run: .venv/bin/python bench/vault.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import machine
from kiosk.core import vault
from kiosk.core.accounts import check_pin, code_hash, hash_pin
from kiosk.core.store import open_store


def timed(function, repeat: int) -> float:
    """Median seconds of one call."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def human(seconds: float) -> str:
    for unit, size in (("days", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.1f} s"


def attacker() -> None:
    secret = os.urandom(32)
    stored = hash_pin("482913")
    pin_guess = timed(lambda: check_pin("000000", stored), 20)
    vault_guess = timed(lambda: vault.session_key(secret, 1, "000000"), 20)
    code_guess = timed(lambda: [code_hash(secret, f"{n:07d}") for n in range(10_000)], 5) / 10_000
    print(f"One PIN guess against the PIN hash (scrypt n=2^14): {pin_guess * 1000:.1f} ms")
    print(f"One PIN guess against a vault key (scrypt n=2^14 + HKDF): {vault_guess * 1000:.1f} ms")
    for digits in (4, 6):
        print(f"  all {10 ** digits:,} {digits}-digit PINs of one learner, one core: "
              f"{human(10 ** digits * max(pin_guess, vault_guess))} (half that on average)")
    print(f"One learner-code guess with the installation key (HMAC-SHA256): {code_guess * 1e6:.2f} us; "
          f"1,000,000 staff numbers: {human(code_guess * 1e6)}")


def kiosk() -> None:
    secret = os.urandom(32)
    key = vault.session_key(secret, 1, "482913")
    text = "word " * 400
    print(f"Vault key at sign-in: {timed(lambda: vault.session_key(secret, 1, '482913'), 20) * 1000:.1f} ms")
    sealed = vault.seal_text(key, text, "m|s|text")
    seal = timed(lambda: vault.seal_text(key, text, 'm|s|text'), 200)
    print(f"Seal a 2,000-character reflection: {seal * 1e6:.0f} us; "
          f"open: {timed(lambda: vault.open_text(key, sealed, 'm|s|text'), 200) * 1e6:.0f} us "
          f"({len(sealed)} characters stored)")
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = open_store(Path(tmp))
        learner = store.learners.add("h", "!", None)
        with store.transaction() as c:
            c.executemany("INSERT INTO progress(learner_id, module_id, step_id, status, answer, attempts, "
                          "updated_at) VALUES (?, ?, ?, 'done', ?, 0, '2026-01-01')",
                          [(learner, f"m{i // 50}", f"s{i}", json.dumps({"text": text})) for i in range(500)])
        start = time.perf_counter()
        with store.transaction() as c:
            count = vault.seal_plain_rows(c, vault.VaultKey(learner, key.key))
        vault.forget_old_pages(store.conn)
        print(f"Seal {count} older plain-text answers at sign-in (with WAL truncate): "
              f"{(time.perf_counter() - start) * 1000:.0f} ms")
        with store.transaction() as c:
            c.executemany("INSERT INTO learners(code_hash, pin_hash, first_name, role, created_at) "
                          "VALUES (?, '!', ?, 'learner', '2026-01-01')",
                          [(f"c{i}", f"Name{i}") for i in range(1000)])
        store.names = vault.NameSeal(secret)
        start = time.perf_counter()
        count = store.learners.seal_plain_names()
        print(f"Seal {count} older first names at start: {(time.perf_counter() - start) * 1000:.0f} ms")
        store.close()


if __name__ == "__main__":
    print(machine())
    attacker()
    kiosk()
