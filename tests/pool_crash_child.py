"""Learners and sync at once, as fast as the code allows, for the pool crash test
(tests/sync/test_pool_crash.py).

Usage: python -m tests.pool_crash_child DATA_DIR CONTENT_DIR ENDPOINT ACTIVITY_BASE SEED

Learners answer a survey (unlinked: pooled) and start a module (linked) on a driven clock that
moves an hour per learner; every few learners a sync run releases the finished days and sends.
After each commit of new statements it prints ``MADE <id>``. The parent SIGKILLs it.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.core.accounts import Learner
from kiosk.core.content import SurveyStep, load_programme
from kiosk.core.learning import Event
from kiosk.core.records import RecordPolicy, StatementMaker
from kiosk.core.store import open_store
from kiosk.core.sync import SyncConfig, SyncEngine
from tests.lrs.ralph_server import Ralph


def main() -> None:
    data_dir, content_dir, endpoint, activity_base, seed = sys.argv[1:6]
    rng = random.Random(int(seed))
    now = [datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=3 * int(seed))]
    store, _ = open_store(Path(data_dir))
    programme = load_programme(Path(content_dir))
    module = programme.module("module-1")
    survey = next(s for s in module.steps if isinstance(s, SurveyStep))
    maker = StatementMaker(RecordPolicy(programme.id, activity_base=activity_base), store.progress.module_progress,
                           clock=lambda: now[0])
    config = SyncConfig(endpoint, Ralph.key, Ralph.secret, mix_learners=2, batch_size=3, backoff_base=0.01,
                        backoff_cap=0.05)
    engine = SyncEngine(store, config, clock=lambda: now[0])
    print("READY", flush=True)
    while True:
        learner_id = store.learners.add(f"hash-{seed}-{rng.random()}", "pin")
        learner = Learner(learner_id, None, "learner", f"{learner_id:064x}")
        ratings = {q.id: rng.randint(1, 5) for q in survey.questions}
        records = maker(Event("module_started", learner, module)) + maker(
            Event("step_done", learner, module, survey, {"ratings": ratings}))
        store.progress.save_step(learner.id, module.id, survey.id, status="done", answer={"ratings": ratings},
                                 records=records)
        for record in records:
            print(f"MADE {record.id}", flush=True)
        now[0] += timedelta(hours=rng.choice((1, 3, 7)))
        if rng.random() < 0.5:
            engine.run_once()


if __name__ == "__main__":
    main()
