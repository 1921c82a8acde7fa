"""Sync benchmark: 10,000 queued statements delivered to a local Ralph LRS (time, RSS), and the
time to build and enqueue one statement (p50/p95/p99). Prints figures; asserts nothing.

Run: .venv/bin/python bench/sync.py  (or `make bench`). Ralph runs from .venv-ralph, made if missing.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import KnowledgeCheckStep, load_programme
from kiosk.core.learning import Event
from kiosk.core.privacy import pseudonymiser
from kiosk.core.records import RecordPolicy, StatementMaker
from kiosk.core.store import open_store
from kiosk.core.sync import SyncConfig, SyncEngine
from tests.helpers import write_programme
from tests.lrs.ralph_server import Ralph, ensure_venv

STATEMENTS = 10_000
SAMPLES = 2_000
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE / 1e6


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    programme = load_programme(write_programme(work / "content"))
    module = programme.available[0]
    check = next(s for s in module.steps if isinstance(s, KnowledgeCheckStep))
    store, _ = open_store(work / "data")
    accounts = Accounts(store, installation_secret(work / "data"), pseudonymise=pseudonymiser(b"b" * 32))
    learner = accounts.register("1234567", "629174")
    maker = StatementMaker(RecordPolicy(programme.id), store.progress.module_progress)
    event = Event("check_answered", learner, module, check, {"selected": [0], "correct": True})

    build, in_transaction, own_commit = [], [], []
    for _ in range(SAMPLES):
        # As in the learner's path: the statement is built and inserted inside the transaction
        # that saves the progress (whose commit, and fsync, the learner's action pays anyway).
        start = time.perf_counter()
        records = maker(event)
        built = time.perf_counter()
        store.conn.execute("BEGIN IMMEDIATE")
        store._enqueue(store.conn, learner.id, records, "2026-01-01T00:00:00.000+00:00")
        inserted = time.perf_counter()
        store.conn.execute("COMMIT")
        build.append((built - start) * 1000)
        in_transaction.append((inserted - start) * 1000)
        # And on its own, paying a whole fsynced commit (synchronous=FULL) for one statement.
        start = time.perf_counter()
        store.outbox.enqueue(learner.id, maker(event))
        own_commit.append((time.perf_counter() - start) * 1000)
    for what, values in (("build one statement (schema-checked)", build),
                         ("build + enqueue inside the progress transaction", in_transaction),
                         ("build + enqueue in its own fsynced commit", own_commit)):
        print(f"{what}: p50 {percentile(values, 50):.2f} ms, p95 {percentile(values, 95):.2f} ms, "
              f"p99 {percentile(values, 99):.2f} ms  ({SAMPLES} samples)")

    python = ensure_venv()
    video = next(s for s in module.steps if s.type == "video")
    survey = next(s for s in module.steps if s.type == "survey")
    # What one learner finishing one module produces (the sample's proportions), and the worst
    # case: knowledge-check statements only, the largest kind.
    mix = [Event("module_started", learner, module), event,
           Event("check_answered", learner, module, check, {"selected": [1], "correct": False}), event,
           Event("step_done", learner, module, video),
           Event("step_done", learner, module, survey, {"ratings": {"engaging": 4, "applicable": 5}}),
           Event("module_completed", learner, module)]
    for name, events in (("a realistic mix", mix), ("knowledge checks only", [event])):
        deliver(work / name.replace(" ", "-"), python, store, maker, learner, events, name)
    store.close()


def deliver(folder: Path, python: Path, store, maker, learner, events, name: str) -> None:
    store.conn.execute("DELETE FROM outbox")
    queued, turn = 0, 0
    while queued < STATEMENTS:
        chunk = []
        while len(chunk) < min(500, STATEMENTS - queued):
            chunk += maker(events[turn % len(events)])
            turn += 1
        chunk = chunk[:STATEMENTS - queued]
        store.outbox.enqueue(learner.id, chunk)
        queued += len(chunk)
    assert store.outbox.counts().pending == STATEMENTS
    gc.collect()
    size = store.conn.execute("SELECT avg(length(payload)) FROM outbox").fetchone()[0]

    ralph = Ralph(folder, python).start()
    try:
        samples: list[float] = []
        config = SyncConfig(ralph.endpoint, Ralph.key, Ralph.secret, read_timeout=60)
        engine = SyncEngine(store, config, progress=lambda delivered, pending: samples.append(rss_mb()))
        before = rss_mb()
        start = time.perf_counter()
        report = engine.run_once()
        elapsed = time.perf_counter() - start
        load = os.getloadavg()[0]
        held = len(ralph.statements())
    finally:
        ralph.stop()
    tenth = max(1, len(samples) // 10)
    print(f"deliver {STATEMENTS} queued statements, {name} (avg {size:.0f} bytes), to Ralph in batches of "
          f"{config.batch_size}: {elapsed:.1f} s, {report.delivered} delivered, {report.requests} requests, "
          f"LRS holds {held}; outcome {report.outcome}")
    print(f"  of which waiting for the LRS {report.lrs_seconds:.1f} s; the kiosk's own work "
          f"{elapsed - report.lrs_seconds:.1f} s; load average {load:.1f} (2 cores)")
    print(f"  RSS: {before:.0f} MB before, first tenth of batches avg {statistics.mean(samples[:tenth]):.0f} MB, "
          f"last tenth avg {statistics.mean(samples[-tenth:]):.0f} MB, max {max(samples):.0f} MB")


if __name__ == "__main__":
    main()
