"""Sign-in failure timing: does a failed sign-in take the same time whatever was wrong?

Three kinds of failure, 200 tries each, interleaved so drift in the machine's load falls on all
three alike: an unknown learner code, a wrong PIN for a real account, and an account made
without a PIN at a group session (with a live one-time code, so its check is a real one). Each
try is the whole core path (`Accounts.sign_in`: code hash, lookup, one scrypt, the wrong try
written to the database). The guessing budget is set out of reach here, so every try reaches the
check; with the real budget most of a guesser's tries would be refused before it, just as fast
for every kind. Target: the three medians within 5 ms of each other.

    .venv/bin/python bench/signin_timing.py [--tries N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._common import machine, percentile, summary
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.errors import SignInError
from kiosk.core.store import open_store
from kiosk.core.throttle import Budget

UNLIMITED = Budget(after=10**9, per_day=10**9, kiosk_per_hour=10**9, kiosk_per_day=10**9)


def measure(tries: int) -> dict[str, list[float]]:
    work = Path(tempfile.mkdtemp(prefix="bench-signin-"))
    try:
        store, _ = open_store(work / "data")
        accounts = Accounts(store, installation_secret(work / "data"), budget=UNLIMITED)
        accounts.register("1234567", "629174")
        pinless, _ = accounts.identify_attendee("NEW-001", vouched=True)
        accounts.issue_claim_code(pinless.id)
        kinds = {"unknown code": ("7777777", "629174"), "wrong PIN": ("1234567", "735061"),
                 "no PIN yet": ("NEW-001", "735061")}
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for code, pin in kinds.values():  # warm up: first scrypt, caches, the dummy hash
            _fail(accounts, code, pin)
        for _ in range(tries):
            for kind, (code, pin) in kinds.items():
                start = time.perf_counter()
                message = _fail(accounts, code, pin)
                times[kind].append((time.perf_counter() - start) * 1000)
                assert "don't match" in message, message
        store.close()
        return times
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fail(accounts: Accounts, code: str, pin: str) -> str:
    try:
        accounts.sign_in(code, pin)
    except SignInError as exc:
        return str(exc)
    raise AssertionError("the sign-in should have failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=200)
    args = parser.parse_args()
    print(f"Sign-in failure timing on {machine()}")
    times = measure(args.tries)
    for kind, values in times.items():
        print("  " + summary(f"{kind:<13}", values))
    medians = [percentile(v, 50) for v in times.values()]
    print(f"  spread of the medians: {max(medians) - min(medians):.2f} ms  [target <= 5 ms]")


if __name__ == "__main__":
    main()
