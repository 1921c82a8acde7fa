"""Helpers for the sync tests: statements made by the real record maker, and what the LRS holds."""

from __future__ import annotations

import uuid
from collections import Counter
from itertools import cycle

from kiosk.core.accounts import Learner
from kiosk.core.content import KnowledgeCheckStep
from kiosk.core.learning import Event
from kiosk.core.records import RecordPolicy, StatementMaker
from kiosk.core.store import Store
from kiosk.core.sync import SyncConfig
from tests.lrs.ralph_server import Ralph

FAST = {"connect_timeout": 2.0, "read_timeout": 10.0, "backoff_base": 0.01, "backoff_cap": 0.05,
        "max_failures": 8}
"""Timeouts and backoff shrunk so a hostile network costs seconds, not minutes."""


def config(endpoint: str, key: str = Ralph.key, secret: str = Ralph.secret, **options) -> SyncConfig:
    return SyncConfig(endpoint, key, secret, **{**FAST, **options})


def queue_statements(store: Store, programme, count: int, activity_base: str, learners: int = 5) -> list[str]:
    """Queue ``count`` statements made by the real record maker from learner events."""
    maker = StatementMaker(RecordPolicy(programme.id, activity_base=activity_base), store.progress.module_progress)
    people = [Learner(store.learners.add(f"hash-{uuid.uuid4()}", "pin"), None, "learner", f"{i:064x}")
              for i in range(learners)]
    module = programme.available[0]
    check = next(s for s in module.steps if isinstance(s, KnowledgeCheckStep))
    kinds = cycle([("module_started", None, None), ("check_answered", check, {"selected": [0], "correct": True}),
                   ("check_answered", check, {"selected": [1], "correct": False})])
    ids: list[str] = []
    person = cycle(people)
    while len(ids) < count:
        chunk = []
        for _ in range(min(500, count - len(ids))):
            kind, step, answer = next(kinds)
            learner = next(person)
            [record] = maker(Event(kind, learner, module, step, answer))
            chunk.append(record)
            ids.append(record.id)
        store.outbox.enqueue(None, chunk)
    return ids


def held_by_lrs(ralph: Ralph, activity_base: str) -> Counter[str]:
    """How many times the LRS holds each statement id about activities under ``activity_base``."""
    return Counter(s["id"] for s in ralph.statements() if s["object"]["id"].startswith(activity_base + "/"))
