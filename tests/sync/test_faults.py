"""Store-and-forward through a hostile network and a killed sync process: the LRS ends up holding
every statement exactly once and the outbox ends up empty."""

import contextlib
import os
import random
import signal
import subprocess
import sys
from collections import Counter

import pytest

from kiosk.core.store import open_store
from kiosk.core.store.outbox import OutboxCounts
from kiosk.core.sync import SyncEngine
from tests.conftest import REPO
from tests.lrs.ralph_server import Ralph
from tests.sync.support import config, held_by_lrs, queue_statements

READ_TIMEOUT = 2.0
FAULTS = {"drop": 0.08, "delay": 0.05, "500": 0.08, "503": 0.08, "truncate": 0.08, "reset": 0.08}


@pytest.mark.slow
def test_2000_statements_through_a_hostile_network_arrive_exactly_once(proxy_factory, ralph, store, programme,
                                                                      activity_base):
    """About 45% of all requests fail in one of six ways; runs repeat as the worker would."""
    ids = queue_statements(store, programme, 2000, activity_base)
    proxy = proxy_factory(faults=FAULTS, seed=2001, delay_seconds=READ_TIMEOUT + 0.5)
    engine = SyncEngine(store, config(proxy.url(), batch_size=50, read_timeout=READ_TIMEOUT),
                        rng=random.Random(1))
    reports = []
    for _ in range(30):  # bounded: each run gives up after 8 failures in a row
        reports.append(engine.run_once())
        if reports[-1].pending == 0:
            break
    assert reports[-1].pending == 0 and reports[-1].quarantined_total == 0
    assert sum(r.delivered for r in reports) == 2000
    assert store.outbox.counts().delivered == 2000
    assert held_by_lrs(ralph, activity_base) == Counter({i: 1 for i in ids})
    # Every kind of fault really happened (seed 2001 draws all six within the first 25 requests).
    assert set(FAULTS) <= set(proxy.fates), proxy.fates


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_sync_process_killed_mid_batch_and_restarted_still_delivers_exactly_once(
        proxy_factory, ralph, tmp_path, programme, activity_base):
    data_dir = tmp_path / "kiosk-data"
    store, _ = open_store(data_dir)
    ids = queue_statements(store, programme, 600, activity_base)
    store.close()
    proxy = proxy_factory(hold_seconds=60, latency=0.1)
    toml = tmp_path / "kiosk.toml"
    toml.write_text(f'[sync]\nendpoint = "{proxy.url()}"\nkey = "{Ralph.key}"\nsecret = "{Ralph.secret}"\n'
                    'batch_size = 50\nread_timeout = 10.0\n')
    command = [sys.executable, "-m", "kiosk", "sync", "--once", "--config", str(toml), "--data-dir", str(data_dir)]
    rng = random.Random(5)
    committed_not_marked = 0
    # Three kills at the nastiest moment (the LRS has committed the batch, the answer has not
    # arrived), then three at any moment at all.
    for round_ in range(6):
        proxy.committed.clear()
        proxy.script = ["pass"] * rng.randrange(3) + ["hold"] if round_ < 3 else []
        child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if round_ < 3:
            assert proxy.committed.wait(60), child.communicate(timeout=5)
        else:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(rng.uniform(0.3, 1.5))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        store, _ = open_store(data_dir)
        delivered = {r[0] for r in store.conn.execute("SELECT id FROM outbox WHERE state = 'delivered'")}
        store.close()
        committed_not_marked += len(set(held_by_lrs(ralph, activity_base)) - delivered)
    assert committed_not_marked > 0, "some kill should land between the LRS's commit and the mark"

    proxy.script = []
    final = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stdout + final.stderr
    assert "Waiting: 0" in final.stdout
    store, _ = open_store(data_dir)
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.outbox.counts() == OutboxCounts(pending=0, delivered=600, quarantined=0)
    store.close()
    assert held_by_lrs(ralph, activity_base) == Counter({i: 1 for i in ids})
