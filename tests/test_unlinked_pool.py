"""The pool of unlinked statements (kiosk/core/store/pool.py): they wait apart from linked ones,
keep no learner on disk, leave only after their day has ended, in shuffled requests that each mix
k learners (or one statement per request), and a release loses and doubles nothing."""

import hashlib
import hmac
import json
import random
import sqlite3
from datetime import UTC, datetime

import pytest
import sqlite_utils

from kiosk.core.accounts import Learner
from kiosk.core.content import SurveyStep
from kiosk.core.learning import Event
from kiosk.core.records import RecordPolicy, StatementMaker
from kiosk.core.store import OutboundRecord, open_store, pool
from kiosk.core.store.migrations import SCHEMA_VERSION, migrate
from kiosk.core.store.outbox import OutboxCounts
from kiosk.core.sync import sync_status

DAY = datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC)


def people(store, count):
    return [Learner(store.learners.add(f"hash-{i}", "pin"), None, "learner", f"{i:064x}") for i in range(count)]


def survey_answers(store, programme, learners, clock=lambda: DAY, **policy):
    """Each learner answers the survey of module-1 through the real record maker; returns
    {statement id: learner id} (what only this test knows)."""
    maker = StatementMaker(RecordPolicy(programme.id, **policy), store.progress.module_progress, clock=clock)
    module = programme.module("module-1")
    survey = next(s for s in module.steps if isinstance(s, SurveyStep))
    owner = {}
    for learner in learners:
        ratings = {q.id: 1 + learner.id % 5 for q in survey.questions}
        records = maker(Event("step_done", learner, module, survey, {"ratings": ratings}))
        store.progress.save_step(learner.id, module.id, survey.id, status="done", answer={"ratings": ratings},
                                 records=records)
        owner.update({r.id: learner.id for r in records})
    return owner


def released(store):
    """{request (batch): [statement ids]} of what the pool put in the outbox."""
    groups = {}
    for record_id, batch in store.conn.execute("SELECT id, batch FROM outbox WHERE batch IS NOT NULL"):
        groups.setdefault(batch, []).append(record_id)
    return groups


def test_survey_answers_wait_in_the_pool_not_beside_the_learners_linked_records(store, programme):
    learners = people(store, 3)
    owner = survey_answers(store, programme, learners)
    assert len(owner) == 6  # two rated questions each
    assert store.outbox.pending_batch(100) == [] and store.outbox.pending_unlinked() == []
    assert store.outbox.counts() == OutboxCounts(pending=0, delivered=0, quarantined=0, pooled=6)
    status = sync_status(store)
    assert status.pooled == 6 and status.pending == 0 and status.quarantined == 0


def test_the_pool_keeps_no_learner_id_and_no_time_finer_than_the_day(store, programme):
    learners = people(store, 2)
    survey_answers(store, programme, learners)
    columns = [c[1] for c in store.conn.execute("PRAGMA table_info(unlinked_pool)")]
    assert columns == ["day", "id", "kind", "payload", "tag"]
    rows = store.conn.execute("SELECT day, payload, tag FROM unlinked_pool").fetchall()
    assert {day for day, _, _ in rows} == {"2026-03-14"}
    assert all(json.loads(p)["timestamp"] == "2026-03-14T00:00:00Z" for _, p, _ in rows)
    tags = {tag for _, _, tag in rows}
    assert len(tags) == 2  # one per learner, to count them ...
    for learner in learners:  # ... but not the id, nor an unkeyed hash of it
        plain = str(learner.id).encode()
        assert not tags & {str(learner.id), hashlib.sha256(plain).hexdigest()[:16],
                           hashlib.md5(plain).hexdigest()[:16], learner.pseudonym[:16]}
    # The key that makes the tags lives only until the day is released.
    assert store.get_meta("pool.key.2026-03-14") is not None


def test_nothing_leaves_the_pool_on_its_own_day(store, programme):
    survey_answers(store, programme, people(store, 8))
    assert store.pool.release_due("2026-03-14", k=5, batch_size=100) == []
    assert store.outbox.counts().pending == 0 and store.pool.count() == 16


def test_after_the_day_a_pool_of_k_learners_leaves_mixed_and_forgets_its_key(store, programme):
    owner = survey_answers(store, programme, people(store, 12))
    [release] = store.pool.release_due("2026-03-15", k=5, batch_size=4, rng=random.Random(1))
    assert (release.day, release.statements, release.learners, release.mixed) == ("2026-03-14", 24, 12, True)
    groups = released(store)
    assert len(groups) == release.requests > 1
    for ids in groups.values():
        assert len({owner[i] for i in ids}) >= 5  # every request mixes at least k learners
    assert sorted(i for ids in groups.values() for i in ids) == sorted(owner)  # each once
    assert store.pool.count() == 0 and store.get_meta("pool.key.2026-03-14") is None
    rows = store.conn.execute("SELECT learner_id, created_at FROM outbox").fetchall()
    assert rows and all(r == (None, "2026-03-14T00:00:00.000+00:00") for r in rows)


def test_a_day_with_fewer_than_k_learners_leaves_at_the_day_boundary_one_statement_per_request(store, programme):
    owner = survey_answers(store, programme, people(store, 3))
    [release] = store.pool.release_due("2026-03-16", k=5, batch_size=100)
    assert not release.mixed and release.requests == release.statements == 6
    assert all(len(ids) == 1 for ids in released(store).values())
    assert sorted(i for [i] in released(store).values()) == sorted(owner)


def test_a_statement_pooled_after_its_day_was_released_leaves_on_its_own_next_time(store, programme):
    learners = people(store, 6)
    survey_answers(store, programme, learners[:5])
    store.pool.release_due("2026-03-15", k=5, batch_size=100)
    late = survey_answers(store, programme, learners[5:])  # made at 23:59:59.9, committed after midnight
    [release] = store.pool.release_due("2026-03-15", k=5, batch_size=100)
    assert release.statements == 2 and not release.mixed
    assert set(late) <= {i for (i,) in store.conn.execute("SELECT id FROM outbox")}
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 12


@pytest.mark.parametrize("seed", range(40))
def test_composed_requests_mix_k_learners_whatever_the_day_looks_like(seed):
    rng = random.Random(seed)
    k, batch = rng.randint(2, 8), rng.randint(1, 30)
    weights = [rng.random() ** 3 for _ in range(rng.randint(1, 25))]  # some learners do far more
    rows = [pool.Pooled(f"s{i}", "responded", "{}", f"t{rng.choices(range(len(weights)), weights)[0]}")
            for i in range(rng.randint(1, 300))]
    groups = pool.compose(rows, k, batch, random.Random(seed))
    assert sorted(r.id for g in groups for r in g) == sorted(r.id for r in rows)
    if len({r.tag for r in rows}) < k:
        assert all(len(g) == 1 for g in groups)
    else:
        assert all(len({r.tag for r in g}) >= k for g in groups)
        assert all(len(g) >= min(batch, len(rows)) for g in groups[:-1])


def test_the_release_order_is_shuffled_not_the_order_learners_acted_in(store, programme):
    owner = survey_answers(store, programme, people(store, 30))
    rows = [pool.Pooled(i, "responded", "{}", str(owner[i])) for i in owner]
    rows.sort(key=lambda r: int(r.tag))  # as queued: each learner's answers together
    orders = [[r.id for g in pool.compose(rows, 5, 1000) for r in g] for _ in range(2)]
    assert orders[0] != orders[1]  # the system's random source, not a fixed order
    neighbours = sum(owner[a] == owner[b] for a, b in zip(orders[0], orders[0][1:], strict=False))
    assert neighbours < 10  # 30 learners' pairs kept together would give 30


def test_records_queued_without_a_learner_count_as_one_learner_never_as_several(store):
    records = [OutboundRecord(f"r{i}", "responded", {"timestamp": "2026-03-14T00:00:00Z"}, linked=False)
               for i in range(10)]
    store.outbox.enqueue(None, records)
    [release] = store.pool.release_due("2026-03-15", k=2, batch_size=100)
    assert release.learners == 1 and not release.mixed


def test_upgrading_moves_waiting_unlinked_records_to_the_pool_and_scrubs_the_rest(data_dir):
    conn = sqlite3.connect(data_dir / "old.db")
    db = sqlite_utils.Database(conn)
    migrate(db, target=SCHEMA_VERSION - 1)
    conn.execute("INSERT INTO learners(id, code_hash, pin_hash, created_at) VALUES (7, 'h', 'p', 'now')")
    anon = {"actor": {"account": {"name": "anon-" + "a" * 32}}, "timestamp": "2026-03-14T00:00:00Z"}
    linked = {"actor": {"account": {"name": "b" * 64}}, "timestamp": "2026-03-14T15:09:26.535Z"}
    for record_id, payload, state in (("u-wait", anon, "pending"), ("u-sent", anon, "delivered"),
                                      ("u-refused", anon, "quarantined"), ("l-wait", linked, "pending")):
        conn.execute("INSERT INTO outbox(id, learner_id, kind, payload, created_at, state) VALUES "
                     "(?, 7, 'x', ?, '2026-03-14T15:09:26.535+00:00', ?)", (record_id, json.dumps(payload), state))
    conn.commit()
    migrate(db)
    assert [r[0] for r in conn.execute("SELECT id FROM unlinked_pool")] == ["u-wait"]
    rows = {r[0]: r[1:] for r in conn.execute("SELECT id, learner_id, created_at, batch FROM outbox")}
    assert rows["l-wait"] == (7, "2026-03-14T15:09:26.535+00:00", None)  # linked records unchanged
    assert rows["u-sent"] == (None, "2026-03-14T00:00:00.000+00:00", None)
    assert rows["u-refused"] == (None, "2026-03-14T00:00:00.000+00:00", "u-refused")  # would leave alone
    assert "u-wait" not in rows
    key = bytes.fromhex(conn.execute("SELECT value FROM meta WHERE key = 'pool.key.2026-03-14'").fetchone()[0])
    [tag] = [r[0] for r in conn.execute("SELECT tag FROM unlinked_pool")]
    assert tag == hmac.new(key, b"7", hashlib.sha256).hexdigest()[:16]  # the same tag new rows get
    conn.close()


def test_the_status_line_says_records_wait_to_be_mixed_not_that_they_failed(qtbot):
    from kiosk.core.sync import SyncStatus
    from kiosk.ui.sync_status import SyncStatusPanel

    panel = SyncStatusPanel()
    qtbot.addWidget(panel)
    panel.show_status(SyncStatus(None, None, None, pending=0, quarantined=0, delivered=3, pooled=12))
    text = panel.summary.text()
    assert "waiting to be mixed (sent after the day ends): 12" in text and "set aside (not accepted): 0" in text
    assert panel.problem.isHidden()


def test_a_database_reopened_keeps_the_pool(data_dir, programme):
    store, _ = open_store(data_dir)
    survey_answers(store, programme, people(store, 2))
    store.close()
    store, _ = open_store(data_dir)
    try:
        assert store.pool.count() == 4 and [d.learners for d in store.pool.days()] == [2]
    finally:
        store.close()


def test_after_release_no_tag_or_day_key_is_left_in_the_database_file(data_dir, programme):
    """Deleted rows usually linger in SQLite's pages; the release overwrites them."""
    store, _ = open_store(data_dir)
    try:
        survey_answers(store, programme, people(store, 40))
        secrets = {t for (t,) in store.conn.execute("SELECT tag FROM unlinked_pool")}
        secrets.add(store.get_meta("pool.key.2026-03-14"))
        assert len(secrets) == 41
        store.pool.release_due("2026-03-15", k=5, batch_size=100)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    raw = b"".join(p.read_bytes() for p in data_dir.glob("learners.db*"))
    assert [s for s in secrets if s.encode() in raw] == []
