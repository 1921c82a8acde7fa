"""Unlinkable records on the wire, against the real LRS (Ralph) through the recording proxy: 200
simulated learners over several days, the clock driven (never slept), sync runs every half hour.
Every request the kiosk sent is read back and must link no survey answer (and, in anonymous mode,
no statement) to anything else: no unlinked statement shares a request with a linked one, a
request of unlinked statements mixes at least k learners or holds one statement, none leaves on
the day it is dated, and the LRS ends up holding every statement exactly once."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.core.accounts import Learner
from kiosk.core.content import KnowledgeCheckStep, SurveyStep
from kiosk.core.learning import Event
from kiosk.core.records import UNLINKED_PREFIX, RecordPolicy, StatementMaker
from kiosk.core.sync import SyncEngine
from tests.sync.support import config, held_by_lrs

K = 5
START = datetime(2026, 3, 9, tzinfo=UTC)
LEARNERS_PER_DAY = (120, 60, 17, 3)  # 200 learners; the last day has fewer than k
RUN_EVERY = timedelta(minutes=30)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def simulate(store, programme, activity_base, mode, clock, rng):
    """Learners each work through module-1 at a random moment of their day. Returns
    {statement id: (learner id, linked, day)}: what only the test knows."""
    maker = StatementMaker(RecordPolicy(programme.id, privacy_mode=mode, activity_base=activity_base,
                                        time_precision="none"), store.progress.module_progress, clock=clock)
    module = programme.module("module-1")
    check = next(s for s in module.steps if isinstance(s, KnowledgeCheckStep))
    survey = next(s for s in module.steps if isinstance(s, SurveyStep))
    truth: dict[str, tuple[int, bool, str]] = {}
    plan = []
    for day, count in enumerate(LEARNERS_PER_DAY):
        for _ in range(count):
            learner_id = store.learners.add(f"hash-{len(plan)}-{rng.random()}", "pin")
            learner = Learner(learner_id, None, "learner", f"{learner_id:064x}")
            plan.append((START + timedelta(days=day, seconds=rng.randrange(86_400)), learner))
    plan.sort(key=lambda item: item[0])

    def act(learner: Learner) -> None:
        ratings = {q.id: rng.randint(1, 5) for q in survey.questions}
        for event in (Event("module_started", learner, module),
                      Event("check_answered", learner, module, check, {"selected": [0], "correct": True}),
                      Event("step_done", learner, module, survey, {"ratings": ratings}),
                      Event("module_completed", learner, module, answer={"score": None})):
            records = maker(event)
            store.outbox.enqueue(learner.id, records)
            for record in records:
                truth[record.id] = (learner.id, record.linked, clock.now.date().isoformat())
    return plan, act, truth


def drive(store, engine, clock, plan, act, proxy):
    """Advance the clock run by run; between runs, the learners whose moment has come act.
    Returns [(run time, first captured request index, end index)]."""
    runs = []
    end = START + timedelta(days=len(LEARNERS_PER_DAY) + 1, hours=1)
    pending = list(plan)
    while clock.now < end:
        next_run = clock.now + RUN_EVERY
        while pending and pending[0][0] < next_run:
            clock.now, learner = pending.pop(0)
            act(learner)
        clock.now = next_run
        before = len(proxy.captured)
        report = engine.run_once()
        assert report.outcome in ("delivered", "nothing_to_send"), report.message
        runs.append((clock.now, before, len(proxy.captured)))
    return runs


def posted(proxy, start, stop):
    for captured in proxy.captured[start:stop]:
        head, _, body = captured.raw.partition(b"\r\n\r\n")
        if head.startswith(b"POST /xAPI/statements"):
            yield json.loads(body)


@pytest.mark.parametrize("mode", ["pseudonymous", "anonymous"])
def test_no_request_links_an_unlinked_statement_to_anything_else(proxy_factory, ralph, store, programme,
                                                                 activity_base, mode):
    rng = random.Random(f"wire-{mode}")
    clock = Clock(START)
    # A hostile network too: refusals and cut connections make the kiosk retry, and a retried
    # request must be made up exactly as the first.
    proxy = proxy_factory(faults={"503": 0.05, "reset": 0.05}, seed=12)
    engine = SyncEngine(store, config(proxy.url(), mix_learners=K, batch_size=50), clock=clock)
    plan, act, truth = simulate(store, programme, activity_base, mode, clock, rng)
    runs = drive(store, engine, clock, plan, act, proxy)

    unlinked_requests = linked_requests = 0
    made_up: dict[frozenset[str], int] = {}
    for run_time, start, stop in runs:
        for statements in posted(proxy, start, stop):
            ids = [s["id"] for s in statements]
            kinds = {truth[i][1] for i in ids}
            assert len(kinds) == 1, "a request mixed linked and unlinked statements"
            if kinds == {True}:
                linked_requests += 1
                assert mode == "pseudonymous"
                continue
            unlinked_requests += 1
            owners = {truth[i][0] for i in ids}
            assert len(ids) == 1 or len(owners) >= K, f"a request of {len(ids)} mixes only {len(owners)} learners"
            days = {truth[i][2] for i in ids}
            assert len(days) == 1 and max(days) < run_time.date().isoformat(), "left on the day it is dated"
            # ... and left in the first run after midnight: when it left depends on the calendar,
            # not on when (or whether) anyone acted that day.
            [day] = days
            assert run_time == min(t for t, _, _ in runs if t.date().isoformat() > day)
            for statement in statements:
                assert statement["timestamp"].endswith("T00:00:00Z")
                assert statement["actor"]["account"]["name"].startswith(UNLINKED_PREFIX)
            made_up.setdefault(frozenset(ids), 0)
            made_up[frozenset(ids)] += 1
    # Not vacuous: both kinds went out (pseudonymous), mixed requests and single ones were seen.
    assert unlinked_requests and (linked_requests > 0) == (mode == "pseudonymous")
    sizes = [len(ids) for ids in made_up]
    assert max(sizes) > 1 and 1 in sizes  # days of k+ learners mixed; the day of 3 went one by one
    # A retried request carried exactly the statements of its first try, or a single one of them.
    groups = [ids for ids in made_up if len(ids) > 1]
    assert all(not (a & b) for i, a in enumerate(groups) for b in groups[i + 1:])

    names = [s["actor"]["account"]["name"] for st in posted(proxy, 0, len(proxy.captured)) for s in st
             if not truth[s["id"]][1]]
    assert len(set(names)) == len({s for s in truth if not truth[s][1]})  # no name used twice
    assert held_by_lrs(ralph, activity_base) == {i: 1 for i in truth}  # all of it, once
    assert store.outbox.counts().pending == 0 and store.pool.count() == 0
    assert store.conn.execute("SELECT count(*) FROM meta WHERE key LIKE 'pool.key.%'").fetchone()[0] == 0
    assert proxy.fates["503"] and proxy.fates["reset"]


def test_a_refused_mixed_request_is_retried_one_statement_each_never_in_halves(proxy_factory, ralph, store,
                                                                              programme, activity_base):
    """Halves of a mixed request might mix fewer than k learners; single statements link nothing."""
    clock = Clock(START)
    plan, act, truth = simulate(store, programme, activity_base, "anonymous", clock, random.Random(3))
    for moment, learner in plan[:12]:
        clock.now = moment
        act(learner)
    unlinked = {i for i, (_, linked, _) in truth.items() if not linked}
    with store.transaction() as c:  # one statement the LRS will refuse, among the others
        c.execute("UPDATE unlinked_pool SET payload = json_remove(payload, '$.actor') "
                  "WHERE id = (SELECT min(id) FROM unlinked_pool)")
    proxy = proxy_factory(script=["413"])  # the first request is "too large"
    clock.now = START + timedelta(days=1, hours=1)
    engine = SyncEngine(store, config(proxy.url(), mix_learners=K, batch_size=1000), clock=clock)
    report = engine.run_once()
    assert report.quarantined == 1 and report.delivered == len(truth) - 1
    sizes = [len(statements) for statements in posted(proxy, 0, len(proxy.captured))]
    assert sizes[0] == len(unlinked) == len(truth) and set(sizes[1:]) == {1}  # the mix, then one by one
    assert len(sizes) == 1 + len(unlinked)
