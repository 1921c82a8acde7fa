"""The local xAPI LRS for cmi5 (issue 11): what an AU's statement POST costs, and a flood.

1. One statement per POST through ``Cmi5Session.handle`` (token check, xAPI validation, the cmi5
   rules, one durable transaction on a real SQLite file with WAL and synchronous=FULL), as the web
   view forwards them from the page.
2. 10,000 statements from one AU, sent one per POST and in batches of 100: wall time and the
   process's RSS before and after (the LRS keeps nothing per statement in memory).
3. A statement query (``GET statements?limit=100``) once the 10,000 are stored.

    .venv/bin/python bench/cmi5_lrs.py [--n 500] [--flood 10000]

Prints figures; asserts nothing about time. Targets: POST p95 <= 15 ms; 10,000 statements stored
in <= 10 s with RSS flat.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import machine, rss_mb, summary
from kiosk.core.cmi5.course import read_cmi5
from kiosk.core.store import open_store
from tests.test_cmi5_core import Au, au_xml, launch, write_course


def fresh_au(tmp: Path, name: str) -> Au:
    store, _ = open_store(tmp / name / "data")
    learner = store.learners.add(f"bench-{name}", "pin", None)
    course = read_cmi5(write_course(tmp / name / "course", au_xml("https://example.org/au/1")))
    au = Au(launch(store, learner, course))
    assert au.send(au.statement("initialized")).status == 200
    return au


def experienced(au: Au, i: int) -> dict:
    statement = au.statement("experienced", defined=False)
    statement["object"] = {"id": f"{au.query['activityId']}/slide/{i % 40}",
                           "definition": {"name": {"en-GB": f"Slide {i % 40}"}}}
    statement["result"] = {"duration": "PT4.2S"}
    return statement


def flood(au: Au, total: int, per_post: int) -> tuple[float, float, float]:
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    for start in range(0, total, per_post):
        batch = [experienced(au, i) for i in range(start, min(start + per_post, total))]
        response = au.send(*batch)
        assert response.status == 200, response.body
    elapsed = time.perf_counter() - started
    gc.collect()
    return elapsed, before, rss_mb()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--flood", type=int, default=10_000)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        au = fresh_au(tmp, "post")
        times = []
        for i in range(args.n):
            body = json.dumps([experienced(au, i)]).encode()
            started = time.perf_counter()
            response = au.session.handle("POST", "/__lrs/statements", {}, au.headers, body)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status == 200
        print(summary("statement POST (one per request, durable)", times, "p95 <= 15 ms"))

        for per_post in (1, 100):
            au = fresh_au(tmp, f"flood{per_post}")
            elapsed, before, after = flood(au, args.flood, per_post)
            stored = au.session.store.conn.execute("SELECT COUNT(*) FROM lrs_statements").fetchone()[0]
            print(f"{args.flood:,} statements, {per_post} per POST: {elapsed:.1f} s "
                  f"({args.flood / elapsed:,.0f}/s), {stored:,} rows stored; RSS {before:.0f} -> {after:.0f} MB  "
                  f"[target <= 10 s, RSS flat]")

        times = []
        for _ in range(50):
            started = time.perf_counter()
            response = au.request("GET", "statements", {"limit": "100"})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status == 200 and len(response.json()["statements"]) == 100
        print(summary(f"GET statements?limit=100 over {args.flood:,} stored", times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
