"""Crash durability, SQLite's own way scaled down: a child process does real learner work and
reports each commit; we SIGKILL it at random moments and check that nothing it reported was
lost, that records and progress stayed together, and that the database is intact."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest

from kiosk.core import vault
from kiosk.core.accounts import installation_secret
from tests.conftest import REPO
from tests.crash_child import PIN
from tests.helpers import write_programme

KILLS = 50


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_at_random_moments_loses_nothing_committed(tmp_path):
    data_dir, content = tmp_path / "data", write_programme(tmp_path / "content", modules=2)
    rng = random.Random(20261126)
    reported: dict[tuple[str, str, str], int] = {}
    total = 0
    for round_ in range(KILLS):
        code = f"LEARNER{round_ % 3}"
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.crash_child", str(data_dir), str(content), code, str(round_ + 1)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "READY", child.stderr.read()
        time.sleep(rng.uniform(0.05, 0.4))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        for line in out.splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # cut off by the kill: its commit may or may not have happened
            _, module, step, counter = line.split()
            reported[(code, module, step)] = int(counter)
            total += 1
    assert total > KILLS * 5, "the child should commit many times before each kill"

    conn = sqlite3.connect(data_dir / "learners.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    learner_ids = {f"LEARNER{i}": i + 1 for i in range(3)}  # registered in round order
    secret = installation_secret(data_dir)
    for (code, module, step), counter in reported.items():
        row = conn.execute("SELECT answer, attempts FROM progress WHERE learner_id = ? AND module_id = ? "
                           "AND step_id = ?", (learner_ids[code], module, step)).fetchone()
        assert row is not None, (code, module, step)
        key = vault.session_key(secret, learner_ids[code], PIN)
        answer = vault.open_answer(key, json.loads(row[0]), vault.where(module, step))  # sealed at rest
        assert not answer.get(vault.UNREADABLE), (code, module, step)
        if "text" in answer or "comment" in answer:
            saved = int((answer.get("text") or answer.get("comment")).split()[1])
            # The last reported value, or one committed after it in the instant before the kill.
            assert saved >= counter, (code, module, step, saved, counter)
    # Every check attempt in progress has exactly its one outbound record, and no record is orphaned.
    attempts = Counter()
    for learner_id, step, n in conn.execute(
            "SELECT learner_id, step_id, attempts FROM progress WHERE step_id LIKE 'check-%'"):
        attempts[(learner_id, step)] += n
    queued = Counter((lid, json.loads(p)["step"]) for lid, p in conn.execute(
        "SELECT learner_id, payload FROM outbox WHERE kind = 'check_answered'"))
    assert queued == attempts
