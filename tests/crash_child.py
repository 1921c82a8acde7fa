"""A learner working as fast as the code allows, for the crash test (tests/test_crash.py).

Usage: python -m tests.crash_child DATA_DIR CONTENT_DIR LEARNER_CODE SEED

Runs the real core code path the screens use. After each action returns (so after COMMIT) it
prints one line: ``ANS <module> <step> <counter>`` for a saved answer. The parent SIGKILLs it.
"""

from __future__ import annotations

import random
import sys
import uuid
from pathlib import Path

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import KnowledgeCheckStep, ReflectionStep, SurveyStep, load_programme
from kiosk.core.errors import SignInError
from kiosk.core.learning import Event, Learning
from kiosk.core.store import OutboundRecord, open_store

PIN = "482915"
"""Every learner's PIN (the test opens their sealed answers with it)."""


def records(event: Event) -> list[OutboundRecord]:
    if event.kind != "check_answered":
        return []
    return [OutboundRecord(str(uuid.uuid4()), event.kind, {"step": event.step.id})]


def main() -> None:
    data_dir, content_dir, code, seed = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    rng = random.Random(seed)
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    try:
        learner = accounts.sign_in(code, PIN)
    except SignInError:
        learner = accounts.register(code, PIN)
    learning = Learning(store, load_programme(content_dir), learner, records)
    print("READY", flush=True)
    counter = seed * 1_000_000
    while True:
        module = rng.choice(learning.programme.available)
        run = learning.open(module.id)
        for _ in range(20):
            counter += 1
            run.go_to(rng.randrange(len(module.steps)))
            step = run.step
            if isinstance(step, ReflectionStep):
                run.save_reflection(f"entry {counter}")
            elif isinstance(step, SurveyStep):
                run.save_survey({step.questions[0].id: rng.randint(1, 5)}, f"entry {counter}")
            elif isinstance(step, KnowledgeCheckStep):
                run.submit_check({rng.randrange(len(step.options))})
            else:
                run.next()
                continue
            print(f"ANS {module.id} {step.id} {counter}", flush=True)


if __name__ == "__main__":
    main()
