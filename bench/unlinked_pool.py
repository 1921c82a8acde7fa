"""The unlinked pool (kiosk/core/store/pool.py): what pooling costs a learner's save, and what a
release costs the sync run, for 10,000 statements from 2,000 learners in one day (a big site's
busiest day in anonymous mode), on a real SQLite file.

Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import machine, summary
from kiosk.core.store import OutboundRecord, open_store

STATEMENTS, LEARNERS, K, BATCH = 10_000, 2_000, 5, 100


def statement(i: int) -> dict:
    # About the size of a real 'responded' statement (~900 bytes of JSON).
    return {"id": f"{i:032x}", "timestamp": "2026-03-14T00:00:00Z", "actor": {"account": {"name": f"anon-{i:032x}"}},
            "object": {"id": "https://tip-kiosk.invalid/xapi/programmes/p/modules/m/steps/s/questions/q",
                       "definition": {"name": {"en-GB": "How useful was this module?" * 8}}},
            "result": {"response": str(1 + i % 5)}}


def main() -> None:
    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        store, _ = open_store(Path(folder))
        learners = [store.learners.add(f"hash-{i}", "pin") for i in range(LEARNERS)]
        per = STATEMENTS // LEARNERS
        saves = []
        for n, learner in enumerate(learners):  # one transaction per learner's survey, as a save is
            records = [OutboundRecord(f"{n:08x}-{j}", "responded", statement(n * per + j), linked=False)
                       for j in range(per)]
            started = time.perf_counter()
            store.outbox.enqueue(learner, records)
            saves.append((time.perf_counter() - started) * 1000)
        print(summary(f"pooling one learner's {per} statements (one transaction)", saves))
        linked = []
        for n, learner in enumerate(learners[:500]):  # the same, queued as linked (the outbox): baseline
            records = [OutboundRecord(f"L{n:08x}-{j}", "answered", statement(n * per + j)) for j in range(per)]
            started = time.perf_counter()
            store.outbox.enqueue(learner, records)
            linked.append((time.perf_counter() - started) * 1000)
        print(summary(f"baseline: the same {per} statements queued as linked", linked))
        store.outbox.mark_delivered([r[0] for r in store.conn.execute("SELECT id FROM outbox")])

        started = time.perf_counter()
        [release] = store.pool.release_due("2026-03-15", K, BATCH)
        released = time.perf_counter() - started
        print(f"release of {release.statements:,} statements from {release.learners:,} learners into "
              f"{release.requests} requests (k={K}, batch {BATCH}): {released * 1000:.0f} ms")

        fetches = []
        while True:
            started = time.perf_counter()
            group = store.outbox.pending_unlinked()
            fetches.append((time.perf_counter() - started) * 1000)
            if not group:
                break
            store.outbox.mark_delivered([r.id for r in group])
        print(summary("fetching one released request (and marking it delivered after)", fetches))
        store.close()


if __name__ == "__main__":
    main()
