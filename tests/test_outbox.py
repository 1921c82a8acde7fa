"""The outbox's own rules: what is sent next, and that only an acknowledgement or a refusal of
that one record moves it out of the queue; delivered records are purged after the retention."""

from datetime import datetime, timedelta, timezone

from kiosk.core.store import OutboundRecord, outbox


def queue(store, ids, created_at=None):
    store.enqueue(None, [OutboundRecord(i, "answered", {"id": i}) for i in ids])
    if created_at:
        marks = ",".join("?" * len(ids))
        store.conn.execute(f"UPDATE outbox SET created_at = ? WHERE id IN ({marks})", (created_at, *ids))


def test_oldest_day_first_and_random_ids_mix_learners_within_a_day(store):
    queue(store, ["c-today", "a-today"])
    queue(store, ["z-old", "b-old"], created_at="2026-01-02T10:00:00.000+00:00")
    batch = outbox.pending_batch(store, 3)
    assert [r.id for r in batch] == ["b-old", "z-old", "a-today"]
    assert batch[0].payload == '{"id":"b-old"}'  # the stored text, sent byte for byte


def test_only_pending_records_are_marked_delivered(store):
    queue(store, ["a", "b", "c"])
    outbox.quarantine(store, "c", "refused")
    assert outbox.mark_delivered(store, ["a", "b", "c", "unknown"]) == 2
    assert outbox.counts(store) == outbox.OutboxCounts(pending=0, delivered=2, quarantined=1)
    assert outbox.mark_delivered(store, ["a"]) == 0  # a replayed acknowledgement changes nothing


def test_a_failed_try_is_counted_and_explained_but_the_record_stays(store):
    queue(store, ["a"])
    outbox.note_failure(store, ["a"], "the LRS did not answer in time")
    [row] = outbox.listing(store, "pending")
    assert row.attempts == 1 and row.last_error == "the LRS did not answer in time"


def test_quarantined_records_are_kept_with_their_reason_and_can_be_requeued(store):
    queue(store, ["a", "b"])
    outbox.quarantine(store, "a", "The LRS refused this record (409: different statement).")
    [row] = outbox.listing(store, "quarantined")
    assert row.id == "a" and "409" in row.last_error
    assert [r.id for r in outbox.pending_batch(store, 10)] == ["b"]
    assert outbox.requeue_quarantined(store) == 1
    assert outbox.counts(store).pending == 2


def test_delivered_records_are_purged_after_the_retention_period_only(store):
    queue(store, ["old", "recent", "waiting", "refused"])
    now = datetime(2026, 6, 30, 12, tzinfo=timezone.utc)
    outbox.mark_delivered(store, ["old"], now=(now - timedelta(days=31)).isoformat(timespec="milliseconds"))
    outbox.mark_delivered(store, ["recent"], now=(now - timedelta(days=29)).isoformat(timespec="milliseconds"))
    outbox.quarantine(store, "refused", "x")
    assert outbox.purge_delivered(store, 30, now=now) == 1
    left = {r[0] for r in store.conn.execute("SELECT id FROM outbox")}
    assert left == {"recent", "waiting", "refused"}


def test_sync_notes_merge(store):
    outbox.write_sync_status(store, last_attempt="t1", last_error="offline")
    outbox.write_sync_status(store, last_error=None, last_success="t2")
    assert outbox.read_sync_status(store) == {"last_attempt": "t1", "last_error": None, "last_success": "t2"}
