"""Site report for a large site: 5,000 learners and 200,000 progress rows (target: <= 1 s), and
for a small site, where most counts are under the threshold and suppression does the most work.

The database is made with the kiosk's own migrations, then filled with plain SQL inserts for speed:
registering 5,000 learners through Accounts would spend ~15 minutes in scrypt, and the report
reads only the tables, not how the rows got there. The programme is six synthetic modules of 14
steps (pages, checks, a reflection and the 'feedback' survey). Prints figures; asserts nothing.

Run: .venv/bin/python bench/reports.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from kiosk.core.content import load_programme
from kiosk.core.reports import build_report, report_csv
from kiosk.core.store import open_reader, open_store

LEARNERS, PROGRESS_ROWS, MODULES, STEPS, SESSIONS, GROUP_SIZE = 5_000, 200_000, 6, 14, 100, 15


def write_programme(folder: Path) -> None:
    folder.mkdir(parents=True)
    names = [f"m{i}" for i in range(MODULES)]
    (folder / "programme.yaml").write_text("schema_version: 1\nid: bench\ntitle: Bench programme\nmodules:\n"
                                           + "".join(f"  - {n}\n" for n in names), encoding="utf-8")
    for n in names:
        (folder / n).mkdir()
        (folder / n / "page.md").write_text("# A page\n\nText.\n", encoding="utf-8")
        steps = []
        for s in range(STEPS - 1):
            if s % 4 == 1:
                steps.append(f"  - id: s{s:02d}\n    type: knowledge_check\n    title: Check\n    question: Q?\n"
                             "    options:\n      - text: A\n        correct: true\n        feedback: Yes.\n"
                             "      - text: B\n        feedback: No.\n")
            elif s == STEPS - 2:
                steps.append(f"  - id: s{s:02d}\n    type: reflection\n    title: Reflect\n    prompt: Think.\n")
            else:
                steps.append(f"  - id: s{s:02d}\n    type: page\n    title: Page {s}\n    file: page.md\n")
        steps.append("  - id: feedback\n    type: survey\n    title: Feedback\n    questions:\n"
                     "      - id: engaging\n        text: How engaging?\n"
                     "      - id: applicable\n        text: How applicable?\n")
        (folder / n / "module.yaml").write_text(
            f"schema_version: 1\nid: {n}\nversion: '1'\ntitle: Module {n}\nsummary: S.\nduration_minutes: 30\n"
            "steps:\n" + "".join(steps), encoding="utf-8")


def fill(store, programme, rng: random.Random, learners: int = LEARNERS, rows_wanted: int = PROGRESS_ROWS,
         sessions: int = SESSIONS) -> int:
    """Learners, progress, finished group sessions; returns the number of progress rows."""
    conn = store.conn
    start = datetime(2025, 1, 1, tzinfo=UTC)
    modules = programme.available
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO learners(id, code_hash, pin_hash, role, created_at) VALUES (?, ?, ?, ?, ?)",
                     [(i, uuid.uuid4().hex, "!", "learner", start.isoformat()) for i in range(1, learners + 1)])
    conn.execute("INSERT INTO learners(id, code_hash, pin_hash, role, created_at) VALUES (?, ?, '!', "
                 "'trainer', ?)", (learners + 1, uuid.uuid4().hex, start.isoformat()))
    rows, done = [], []
    for learner in range(1, learners + 1):
        for module in rng.sample(modules, 3):
            reached = STEPS if rng.random() < 0.95 else rng.randrange(1, STEPS)
            when = start + timedelta(days=rng.randrange(700), minutes=rng.randrange(1440))
            for step in module.steps[:reached]:
                when += timedelta(minutes=2)
                stamp = when.isoformat(timespec="milliseconds")
                answer = None
                if step.id == "feedback":
                    answer = json.dumps({"ratings": {"engaging": rng.choice([2, 3, 4, 4, 5, 5]),
                                                     "applicable": rng.choice([1, 3, 4, 4, 5])}, "comment": ""})
                rows.append((learner, module.id, step.id, "done", answer, stamp, stamp))
            # The app records a completion when the rules are met; one in ten is left without a
            # record, as group credits made before credits wrote records.
            if reached == STEPS and len(rows) <= rows_wanted and rng.random() < 0.9:
                done.append((str(uuid.uuid4()), learner, module.id, "1", stamp, None))
    rows = rows[:rows_wanted]
    conn.executemany("INSERT INTO completions(id, learner_id, module_id, module_version, completed_at, score) "
                     "VALUES (?, ?, ?, ?, ?, ?)", done)
    conn.executemany("INSERT INTO progress(learner_id, module_id, step_id, status, answer, updated_at, done_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    for _ in range(sessions):
        session = str(uuid.uuid4())
        module = rng.choice(modules)
        when = (start + timedelta(days=rng.randrange(700))).isoformat(timespec="milliseconds")
        conn.execute("INSERT INTO group_sessions(id, trainer_id, module_id, module_version, state, step_id, "
                     "started_at, last_activity_at, ended_at, size, duration_seconds) VALUES "
                     "(?, ?, ?, '1', 'ended', 'feedback', ?, ?, ?, ?, 5400)",
                     (session, learners + 1, module.id, when, when, when, GROUP_SIZE))
        for learner in rng.sample(range(1, learners + 1), GROUP_SIZE):
            conn.execute("INSERT INTO group_attendance(session_id, learner_id, registered_at, how, credited_at) "
                         "VALUES (?, ?, ?, 'trainer', ?)", (session, learner, when, when))
        hands = {"engaging": [0, 1, 2, 6, 6], "applicable": [1, 1, 3, 5, 5]}
        conn.execute("INSERT INTO group_answers VALUES (?, 'feedback', ?, ?)",
                     (session, json.dumps({"hands": hands}), when))
    conn.execute("COMMIT")
    return len(rows)


def measure(label: str, learners: int, rows: int, sessions: int, rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        write_programme(content)
        programme = load_programme(content)
        assert len(programme.available) == MODULES, programme.modules
        store, _ = open_store(Path(tmp) / "data")
        began = time.perf_counter()
        count = fill(store, programme, rng, learners, rows, sessions)
        print(f"{label}: {learners} learners, {count} progress rows, {sessions} group sessions "
              f"(filled by SQL in {time.perf_counter() - began:.1f} s)")
        path = store.database_path()
        store.close()
        fresh = open_reader(path)
        began = time.perf_counter()
        report = build_report(fresh, programme, 10)
        backlog = time.perf_counter() - began
        months = len(report.months)
        fresh.conn.execute("DELETE FROM report_months WHERE month = ?", (report.months[-1],))
        began = time.perf_counter()
        build_report(fresh, programme, 10)
        one_month = time.perf_counter() - began
        fresh.close()
        print(f"  first report, publishing {months} ended months at once: {backlog:.1f} s; "
              f"a report when one more month has ended: {one_month * 1000:.0f} ms")
        timings = []
        for _ in range(5):
            fresh = open_reader(path)  # a new connection each time, as the report screen's worker opens
            began = time.perf_counter()
            report = build_report(fresh, programme, 10)
            timings.append(time.perf_counter() - began)
            fresh.close()
        began = time.perf_counter()
        report_csv(report)
        csv_ms = (time.perf_counter() - began) * 1000
        hidden = sum(1 for t in report.tables for r in t.rows for c in r.cells if c.hidden)
        print(f"  build_report with every month kept: first {timings[0] * 1000:.0f} ms, median of 5 "
              f"{statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms (target <= 1000 ms)")
        print(f"  report as CSV: {csv_ms:.1f} ms; {len(report.tables)} sections, {hidden} figures hidden")


def main() -> None:
    rng = random.Random(6)
    measure("large site", LEARNERS, PROGRESS_ROWS, SESSIONS, rng)
    # Few people spread over two years: most counts are small, so suppression has the most to do.
    measure("small site", 60, 2_400, 3, rng)


if __name__ == "__main__":
    main()
