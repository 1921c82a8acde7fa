"""A learner committing to a SCORM 1.2 package as fast as the code allows, for the SIGKILL test in
tests/test_elearning_runtime.py.

Usage: python -m tests.package_crash_child DATA_DIR CONTENT_DIR PACKAGE_ROOT

After each commit returns (so after COMMIT) it prints ``SAVED <n>``; it finishes the package at
n = 40 and prints ``DONE`` then, and carries on committing. The parent SIGKILLs it.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.errors import SignInError
from kiosk.core.learning import Event, Learning
from kiosk.core.store import OutboundRecord, open_store
from tests.test_elearning_runtime import commit12, package_programme, scorm12


def records(event: Event) -> list[OutboundRecord]:
    return [OutboundRecord(str(uuid.uuid4()), event.kind, {"step": event.step.id if event.step else None})]


def main() -> None:
    data_dir, content_dir, package_root = (Path(a) for a in sys.argv[1:4])
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    try:
        learner = accounts.sign_in("1234567", "482915")
    except SignInError:
        learner = accounts.register("1234567", "482915")
    programme = package_programme(load_programme(content_dir), "scorm_1.2", scorm12(package_root))
    run = Learning(store, programme, learner, records).open(programme.modules[0].id)
    run.go_to(1)
    step = run.step
    saved = run.package_state(step).get("sco-1", {}).get("cmi", {}).get("suspend_data", "n=0")
    n = int(saved.split("=")[1])
    print("READY", flush=True)
    while True:
        n += 1
        run.package_launch(step)
        final = n == 40
        run.commit_package(step, "sco-1", commit12("passed" if final else "incomplete", suspend=f"n={n}"),
                           final=final)
        print(f"SAVED {n}", flush=True)
        if final:
            print("DONE", flush=True)


if __name__ == "__main__":
    main()
