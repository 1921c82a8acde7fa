"""The pool's commit points under SIGKILL: a child makes statements (linked and pooled) and syncs
to the real LRS on a driven clock, releasing finished days; it is killed at random moments,
between or inside a release and a delivery. In the end the LRS holds every statement the child
reported, exactly once, and nothing is left in the pool or the outbox."""

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest

from kiosk.core.store import open_store
from kiosk.core.sync import SyncEngine
from tests.conftest import REPO
from tests.sync.support import config, held_by_lrs

KILLS = 15


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_around_release_and_delivery_loses_and_doubles_nothing(ralph, data_dir, content_dir,
                                                                       activity_base):
    rng = random.Random(20261202)
    made: set[str] = set()
    for round_ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.pool_crash_child", str(data_dir), str(content_dir), ralph.endpoint,
             activity_base, str(round_ + 1)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "READY", child.stderr.read()
        time.sleep(rng.uniform(0.5, 2.0))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        made |= {line.split()[1] for line in out.splitlines(keepends=True)
                 if line.endswith("\n") and line.startswith("MADE ")}
    store, _ = open_store(data_dir)
    try:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        later = datetime(2027, 1, 1, tzinfo=UTC)
        report = SyncEngine(store, config(ralph.endpoint), clock=lambda: later).run_once()
        assert report.everything_delivered, report.message
        assert store.pool.count() == 0 and store.outbox.counts().pending == 0
        sent = {i for (i,) in store.conn.execute("SELECT id FROM outbox WHERE state = 'delivered'")}
    finally:
        store.close()
    held = held_by_lrs(ralph, activity_base)
    assert len(made) > KILLS * 3, "the child should commit many times before each kill"
    assert made <= set(held) and set(held) == sent  # nothing lost (some made just before a kill)
    assert set(held.values()) == {1}  # nothing doubled
