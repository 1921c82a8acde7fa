"""A learner's place in each video is kept per learner and restored; a video is marked done
through the same save path as every step, with its record queued in the same transaction."""


import sqlite_utils

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.learning import Learning
from kiosk.core.store import SCHEMA_VERSION, open_store
from kiosk.core.store.db import connect
from kiosk.core.store.migrations import MIGRATIONS, _media_positions, migrate
from kiosk.core.store.store import OutboundRecord


def video_run(store, programme, learner, records=None):
    learning = Learning(store, programme, learner, **({"records": records} if records else {}))
    run = learning.open("module-1")
    run.go_to(5)
    assert run.step.id == "clip"
    return learning, run


def test_positions_are_per_learner_and_survive_a_restart(store, accounts, programme, data_dir):
    amira, ben = accounts.register("AMIRA1", "482915"), accounts.register("BEN22", "735061")
    _, run_a = video_run(store, programme, amira)
    _, run_b = video_run(store, programme, ben)
    clip = run_a.step
    assert run_a.media_state(clip).position == 0.0  # never played
    run_a.save_media_state(clip, 123.4, ((0.0, 60.0), (100.0, 123.4)), length=780.0)
    run_b.save_media_state(clip, 7.5, ((0.0, 7.5),))
    store.close()

    reopened, _ = open_store(data_dir)
    accounts = Accounts(reopened, installation_secret(data_dir))
    _, again = video_run(reopened, programme, accounts.sign_in("AMIRA1", "482915"))
    state = again.media_state(clip)
    assert (state.position, state.watched, state.length) == (123.4, ((0.0, 60.0), (100.0, 123.4)), 780.0)
    _, other = video_run(reopened, programme, accounts.sign_in("BEN22", "735061"))
    assert other.media_state(clip).position == 7.5
    reopened.close()


def test_watched_enough_marks_the_step_done_with_its_record(store, accounts, programme):
    events = []

    def records(event):
        events.append(event.kind)
        return [OutboundRecord(f"r{len(events)}", event.kind, {"step": getattr(event.step, "id", None)})]

    _, run = video_run(store, programme, accounts.register("AMIRA1", "482915"), records)
    clip = run.step
    assert not run.record_watched(clip, ((0.0, 17.9),), 20.0)  # 89.5%
    assert not run.is_done(clip)
    assert run.record_watched(clip, ((0.0, 18.0),), 20.0)
    assert run.is_done(clip) and run.answer(clip) == {"via": "video", "watched": 0.9}
    assert "step_done" in events
    outbox = store.conn.execute("SELECT kind FROM outbox").fetchall()
    assert ("step_done",) in outbox
    count = len(outbox)
    assert run.record_watched(clip, ((0.0, 20.0),), 20.0)  # already done: nothing new
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == count


def test_transcript_counts_only_when_the_author_allows_or_the_video_cannot_play(store, accounts, programme):
    _, run = video_run(store, programme, accounts.register("AMIRA1", "482915"))
    clip = run.step
    assert not clip.transcript_counts
    assert not run.record_transcript_read(clip)
    assert not run.is_done(clip)
    assert run.record_transcript_read(clip, video_unavailable=True)
    assert run.answer(clip) == {"via": "transcript"} and run.is_done(clip)


def test_leaving_a_video_does_not_finish_it(store, accounts, programme):
    _, run = video_run(store, programme, accounts.register("AMIRA1", "482915"))
    run.next()
    assert not run.is_done(programme.available[0].steps[5])


def test_media_preferences_are_kept_beside_other_settings(store, accounts, programme):
    learner = accounts.register("AMIRA1", "482915")
    store.learners.update(learner.id, settings={"text_size": 150})
    learning = Learning(store, programme, learner)
    assert learning.media_preferences() == {}
    learning.save_media_preferences({"captions": False, "caption_size": "large"})
    assert Learning(store, programme, learner).media_preferences() == {"captions": False, "caption_size": "large"}
    assert store.learners.get(learner.id).settings["text_size"] == 150


def test_a_database_from_before_video_resume_is_upgraded(tmp_path):
    path = tmp_path / "learners.db"
    db = sqlite_utils.Database(connect(path))
    before = MIGRATIONS.index(_media_positions)
    migrate(db, target=before)
    assert "media_positions" not in db.table_names()
    db.conn.close()
    store, _ = open_store(tmp_path)
    assert "media_positions" in store.db.table_names()
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_an_unreadable_saved_row_starts_counting_afresh(store, accounts, programme):
    _, run = video_run(store, programme, accounts.register("AMIRA1", "482915"))
    run.save_media_state(run.step, 5.0, ((0.0, 5.0),))
    store.conn.execute("UPDATE media_positions SET watched = 'not json'")
    state = run.media_state(run.step)
    assert state.position == 5.0 and state.watched == ()
