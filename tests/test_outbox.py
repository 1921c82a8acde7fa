"""The outbox's own rules: what is sent next, and that only an acknowledgement or a refusal of
that one record moves it out of the queue; delivered records are purged after the retention."""

from datetime import UTC, datetime, timedelta

from kiosk.core.store import OutboundRecord
from kiosk.core.store.outbox import OutboxCounts


def queue(store, ids, created_at=None):
    store.outbox.enqueue(None, [OutboundRecord(i, "answered", {"id": i}) for i in ids])
    if created_at:
        marks = ",".join("?" * len(ids))
        store.conn.execute(f"UPDATE outbox SET created_at = ? WHERE id IN ({marks})", (created_at, *ids))


def test_oldest_day_first_and_random_ids_mix_learners_within_a_day(store):
    queue(store, ["c-today", "a-today"])
    queue(store, ["z-old", "b-old"], created_at="2026-01-02T10:00:00.000+00:00")
    batch = store.outbox.pending_batch(3)
    assert [r.id for r in batch] == ["b-old", "z-old", "a-today"]
    assert batch[0].payload == '{"id":"b-old"}'  # the stored text, sent byte for byte


def test_only_pending_records_are_marked_delivered(store):
    queue(store, ["a", "b", "c"])
    store.outbox.quarantine("c", "refused")
    assert store.outbox.mark_delivered(["a", "b", "c", "unknown"]) == 2
    assert store.outbox.counts() == OutboxCounts(pending=0, delivered=2, quarantined=1)
    assert store.outbox.mark_delivered(["a"]) == 0  # a replayed acknowledgement changes nothing


def test_a_failed_try_is_counted_and_explained_but_the_record_stays(store):
    queue(store, ["a"])
    store.outbox.note_failure(["a"], "the LRS did not answer in time")
    [row] = store.outbox.listing("pending")
    assert row.attempts == 1 and row.last_error == "the LRS did not answer in time"


def test_quarantined_records_are_kept_with_their_reason_and_can_be_requeued(store):
    queue(store, ["a", "b"])
    store.outbox.quarantine("a", "The LRS refused this record (409: different statement).")
    [row] = store.outbox.listing("quarantined")
    assert row.id == "a" and "409" in row.last_error
    assert [r.id for r in store.outbox.pending_batch(10)] == ["b"]
    assert store.outbox.requeue_quarantined() == 1
    assert store.outbox.counts().pending == 2


def test_delivered_records_are_purged_after_the_retention_period_only(store):
    queue(store, ["old", "recent", "waiting", "refused"])
    now = datetime(2026, 6, 30, 12, tzinfo=UTC)
    store.outbox.mark_delivered(["old"], now=(now - timedelta(days=31)).isoformat(timespec="milliseconds"))
    store.outbox.mark_delivered(["recent"], now=(now - timedelta(days=29)).isoformat(timespec="milliseconds"))
    store.outbox.quarantine("refused", "x")
    assert store.outbox.purge_delivered(30, now=now) == 1
    left = {r[0] for r in store.conn.execute("SELECT id FROM outbox")}
    assert left == {"recent", "waiting", "refused"}


def test_sync_notes_merge(store):
    store.outbox.write_sync_status(last_attempt="t1", last_error="offline")
    store.outbox.write_sync_status(last_error=None, last_success="t2")
    assert store.outbox.read_sync_status() == {"last_attempt": "t1", "last_error": None, "last_success": "t2"}
