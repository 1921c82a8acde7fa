"""A trainer running a group session as fast as the code allows, for the crash tests
(tests/test_group_crash.py, tests/test_group_ui.py). The parent SIGKILLs it.

Usage: python -m tests.group_child DATA_DIR CONTENT_DIR SEED present|finish

Runs the real core code path the presenter screens use. It resumes the trainer's interrupted
session if there is one (as the trainer would after a restart), else starts one. Around each
action it prints ``DO <what> <value>`` before and ``OK <what> <value>`` after it returns (so
after COMMIT): the parent knows what was surely saved and what may have been.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from pathlib import Path

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import KnowledgeCheckStep, SurveyStep, load_programme
from kiosk.core.errors import SignInError
from kiosk.core.groups import GroupSession
from kiosk.core.store import OutboundRecord, open_store

TRAINER, PIN = "TRAINER1", "calm river 42"
ATTENDEES = 60


def records(event) -> list[OutboundRecord]:
    return [OutboundRecord(str(uuid.uuid4()), event.kind, {"module": event.module.id})]


def say(*words: object) -> None:
    print(*words, flush=True)


def main() -> None:
    data_dir, content_dir, seed, mode = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    try:
        trainer = accounts.sign_in(TRAINER, PIN)
    except SignInError:
        trainer = accounts.create_trainer(TRAINER, PIN, "Sam")
    programme = load_programme(content_dir)
    interrupted = GroupSession.interrupted(store, trainer)
    if interrupted:
        session = GroupSession.resume(store, accounts, programme, trainer, interrupted[0].id, records)
    else:
        session = GroupSession.start(store, accounts, programme, trainer, "module-1", records)
    say("SESSION", session.id)
    if mode == "finish":
        for n in range(ATTENDEES):
            session.register_for(f"ATT{n:03d}")
        say("FINISHING")
        session.finish()
        say("DONE")
        return
    while True:
        action = rng.random()
        if action < 0.35:
            index = rng.randrange(len(session.module.steps))
            step_id = session.module.steps[index].id
            say("DO STEP", step_id)
            session.go_to(index)
            say("OK STEP", step_id)
        elif action < 0.55:
            code = f"ATT{rng.randrange(1000):03d}"
            say("DO ATT", code)
            session.register_for(code)
            say("OK ATT", code)
        elif action < 0.7:
            paused = not session.discussion
            say("DO DISC", int(paused))
            session.set_discussion(paused)
            say("OK DISC", int(paused))
        elif isinstance(session.step, KnowledgeCheckStep):
            hands = [rng.randrange(20) for _ in session.step.options]
            say("DO ANS", session.step.id, json.dumps(hands, separators=(",", ":")))
            session.record_check(hands=hands)
            say("OK ANS", session.step.id, json.dumps(hands, separators=(",", ":")))
        elif isinstance(session.step, SurveyStep):
            question = session.step.questions[0].id
            hands = [rng.randrange(20) for _ in range(5)]
            say("DO ANS", session.step.id, json.dumps(hands, separators=(",", ":")))
            session.record_survey(question, hands)
            say("OK ANS", session.step.id, json.dumps(hands, separators=(",", ":")))


if __name__ == "__main__":
    main()
