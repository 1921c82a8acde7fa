"""Realistic learner activity for demonstrations and load tests (``tip-kiosk simulate``): learners
register, sign in on one to three visits and work through their suggested module, answering,
reflecting, rating and watching through the same core code as the screens, with the accounts and
record maker of kiosk/core/factory.py, so what it queues is what the kiosk would queue."""

from __future__ import annotations

import random
from collections import Counter
from typing import TYPE_CHECKING

from kiosk.core.content.model import KnowledgeCheckStep, Module, ReflectionStep, SurveyStep, VideoStep
from kiosk.core.factory import make_accounts, make_records
from kiosk.core.learning import Learning, ModuleRun

if TYPE_CHECKING:
    from kiosk.core.accounts import Accounts
    from kiosk.core.config import Settings
    from kiosk.core.content.model import Programme
    from kiosk.core.events import RecordMaker
    from kiosk.core.store import Store

SIMULATED_PIN = "583920"
"""Every simulated learner's PIN (one the PIN rules accept)."""


def simulate(settings: Settings, store: Store, programme: Programme, learners: int, seed: int) -> Counter[str]:
    """Simulate ``learners`` learners; the same seed gives the same activity. Returns what they did
    (registrations, sign-ins, steps, checks, reflections, surveys, completions) and, under
    ``"records queued"``, the records now waiting to leave that were not before."""
    rng = random.Random(seed)
    tally: Counter[str] = Counter()
    before = queued(store)
    accounts = make_accounts(settings, store)
    records = make_records(settings, store, programme)
    codes: set[str] = set()
    for _ in range(learners):
        code = _staff_number(rng, codes)
        # Asked first, not tried: registering a code that has an account spends the kiosk's
        # guessing budget. Registered by an earlier run with the same seed: they come back.
        if not accounts.has_account(code):
            accounts.register(code, SIMULATED_PIN)
            tally["registrations"] += 1
        for _visit in range(rng.randint(1, 3)):  # sign-ins: people come back another day
            if not _visit_once(store, programme, accounts, records, code, rng, tally):
                break
    tally["records queued"] = queued(store) - before
    return tally


def _visit_once(store: Store, programme: Programme, accounts: Accounts, records: RecordMaker, code: str,
                rng: random.Random, tally: Counter[str]) -> bool:
    """One sign-in and a stretch of the suggested module; False when nothing is left to do."""
    learner = accounts.sign_in(code, SIMULATED_PIN)
    tally["sign-ins"] += 1
    learning = Learning(store, programme, learner, records)
    chosen = learning.suggested()
    # Nothing left to do (suggested() never offers a module that failed to load).
    if chosen is None or not isinstance(chosen.module, Module):
        return False
    run = learning.open(chosen.module.id)
    for _step in range(len(run.module.steps) * 2):
        _act(run, rng, tally)
        tally["steps"] += 1
        if run.is_last:
            if run.finish():
                tally["completions"] += 1
            break
        if rng.random() < 0.1:  # stopped part-way; the next visit resumes here
            break
        run.next()
    return True


def _act(run: ModuleRun, rng: random.Random, tally: Counter[str]) -> None:
    """Do what the current step asks, as a learner would."""
    step = run.step
    if isinstance(step, KnowledgeCheckStep):
        if rng.random() < 0.3:  # a first answer that is not quite right
            run.submit_check({rng.randrange(len(step.options))})
        run.submit_check(set(step.correct))
        tally["checks"] += 1
    elif isinstance(step, ReflectionStep) and rng.random() < 0.6:
        run.save_reflection("A simulated reflection that stays on this PC.")
        tally["reflections"] += 1
    elif isinstance(step, SurveyStep):
        run.save_survey({q.id: rng.randint(2, 5) for q in step.questions}, "")
        tally["surveys"] += 1
    elif isinstance(step, VideoStep):  # watched from start to end, as the player reports a full play
        run.record_watched(step, ((0.0, float(step.duration_seconds)),), float(step.duration_seconds))


def queued(store: Store) -> int:
    """Records waiting to leave: in the outbox, or in the pool of unlinked ones."""
    counts = store.outbox.counts()
    return counts.pending + counts.pooled


def _staff_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = f"{rng.randrange(1_000_000, 10_000_000)}"
        if code not in taken:
            taken.add(code)
            return code
