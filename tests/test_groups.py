"""Group sessions in core: committed as they go, attendance that makes accounts, completion
credit through the normal record path, and one record that describes the session."""

import json
import uuid

import pytest

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.claims import CLAIM_DAYS, ChoosePin
from kiosk.core.errors import SignInError
from kiosk.core.groups import GroupSession, GroupSessionError
from kiosk.core.learning import Learning
from kiosk.core.store import OutboundRecord, open_store


class Recorder:
    """A record maker as the sync engine's will be: it is handed each Event and returns records."""

    def __init__(self):
        self.events = []

    def __call__(self, event):
        self.events.append(event)
        facts = event.group
        payload = {"kind": event.kind, "module": event.module.id}
        if facts is not None:
            payload.update(session=facts.session_id, size=facts.size, seconds=facts.duration_seconds)
        return [OutboundRecord(str(uuid.uuid4()), event.kind, payload)]


@pytest.fixture
def trainer(accounts):
    return accounts.create_trainer("TRAINER1", "calm river 42", "Sam")


@pytest.fixture
def recorder():
    return Recorder()


def start(store, accounts, programme, trainer, recorder, module="module-1"):
    return GroupSession.start(store, accounts, programme, trainer, module, recorder)


def test_everything_the_presenter_does_is_there_after_a_restart(store, accounts, programme, trainer,
                                                                recorder, data_dir):
    session = start(store, accounts, programme, trainer, recorder)
    session.next()
    session.record_check(room={0}, hands=[7, 3])
    session.set_revealed(True)
    session.next()
    session.set_discussion(True)
    session.register_for("AB1234")
    store.close()

    reopened, _ = open_store(data_dir)  # as after a power cut
    [row] = GroupSession.interrupted(reopened, trainer)
    again = GroupSession.resume(reopened, accounts.__class__(reopened, accounts.secret), programme, trainer,
                                row.id, recorder)
    assert again.step.id == "check-many" and again.discussion
    assert again.room_answer(again.module.steps[1]) == {"room": [0], "hands": [7, 3]}
    assert "check-one" in again.revealed
    assert len(again.attendees()) == 1
    reopened.close()


def test_only_the_trainer_who_led_a_session_is_offered_to_resume_it(store, accounts, programme, trainer,
                                                                    recorder):
    start(store, accounts, programme, trainer, recorder)
    other = accounts.create_trainer("TRAINER2", "calm river 42")
    assert len(GroupSession.interrupted(store, trainer)) == 1
    assert GroupSession.interrupted(store, other) == []


def test_attendees_with_accounts_give_their_pin_and_newcomers_get_one(store, accounts, programme, trainer,
                                                                      recorder):
    amira = accounts.register("1234567", "629174", "Amira")
    session = start(store, accounts, programme, trainer, recorder)
    with pytest.raises(SignInError, match="type your PIN"):
        session.register("1234567")
    with pytest.raises(SignInError, match="code and PIN don't match"):
        session.register("1234567", "482915")
    assert session.register("1234567", "629174").learner_id == amira.id

    newcomer = session.register("7654321", "571846")
    assert newcomer.created and accounts.sign_in("7654321", "571846").id == newcomer.learner_id
    no_pin = session.register("5555555")
    assert no_pin.created
    assert session.register(" 555 5555 ").already  # the same code, typed differently
    assert len(session.attendees()) == 3


def test_the_trainer_can_type_codes_without_pins(store, accounts, programme, trainer, recorder):
    amira = accounts.register("1234567", "629174")
    session = start(store, accounts, programme, trainer, recorder)
    assert session.register_for("1234567").learner_id == amira.id
    made = session.register_for("NEW-001")
    assert made.created
    assert [a.how for a in session.attendees()] == ["trainer", "trainer"]


def test_an_account_made_at_a_session_is_claimed_only_with_the_trainers_one_time_code(
        store, accounts, programme, trainer, recorder):
    """Knowing someone's learner code is not enough to take the account made for them."""
    session = start(store, accounts, programme, trainer, recorder)
    made = session.register_for("NEW-001")
    assert session.needs_claim(made.learner_id)
    with pytest.raises(SignInError, match="don't match"):
        accounts.sign_in("NEW-001", "904716")
    with pytest.raises(SignInError, match="already has an account"):  # registering cannot claim it
        accounts.register("new-001", "904716", "Jo")
    with pytest.raises(SignInError, match="don't match"):  # nor typing a PIN at the attendance screen
        session.register("NEW-001", "904716")

    first = session.claim_code(made.learner_id)
    code = session.claim_code(made.learner_id)  # a new code replaces the last
    assert code != first and len(code.replace(" ", "")) == 8
    assert store.conn.execute("SELECT count(*) FROM claim_codes WHERE code_hash LIKE 'scrypt$%'").fetchone()[0] == 1
    with pytest.raises(SignInError, match="don't match"):
        accounts.sign_in("NEW-001", first)
    with pytest.raises(ChoosePin) as proved:
        accounts.sign_in("new-001", code)
    with pytest.raises(SignInError, match="easy for someone else to guess"):
        accounts.claim(proved.value.claim, "123456")  # the rules apply, and the code stays usable
    claimed = accounts.claim(proved.value.claim, "904716")
    assert claimed.id == made.learner_id and not session.needs_claim(made.learner_id)
    assert accounts.sign_in("NEW-001", "904716").id == made.learner_id
    with pytest.raises(SignInError, match="don't match"):  # single use
        accounts.sign_in("NEW-001", code)
    with pytest.raises(SignInError, match="has a PIN"):
        session.claim_code(made.learner_id)


def test_a_one_time_code_expires(store, data_dir, programme, recorder):
    clock = [1_000_000.0]
    accounts = Accounts(store, installation_secret(data_dir), clock=lambda: clock[0])
    trainer = accounts.create_trainer("TRAINER1", "calm river 42")
    session = start(store, accounts, programme, trainer, recorder)
    made = session.register_for("NEW-002")
    code = session.claim_code(made.learner_id)
    clock[0] += CLAIM_DAYS * 86_400 + 1
    with pytest.raises(SignInError, match="don't match"):
        accounts.sign_in("NEW-002", code)


def test_only_an_attendee_of_this_session_gets_a_one_time_code(store, accounts, programme, trainer, recorder):
    other = accounts.identify_attendee("ELSEWHERE", vouched=True)[0]
    session = start(store, accounts, programme, trainer, recorder)
    with pytest.raises(GroupSessionError, match="not on this session's attendance list"):
        session.claim_code(other.id)


def test_late_joiners_and_early_leavers_get_credit_only_if_the_trainer_gives_it(store, accounts, programme,
                                                                                trainer, recorder):
    session = start(store, accounts, programme, trainer, recorder)
    on_time = session.register_for("AAA111").learner_id
    late = session.register_for("BBB222", joined_late=True).learner_id
    leaver = session.register_for("CCC333").learner_id
    session.mark(leaver, left_early=True)
    credit = {a.learner_id: (a.joined_late, a.left_early, a.credit) for a in session.attendees()}
    assert credit == {on_time: (False, False, True), late: (True, False, False), leaver: (False, True, False)}
    session.mark(late, credit=True)
    assert next(a for a in session.attendees() if a.learner_id == late).credit


def test_finishing_credits_attendees_through_the_record_path(store, accounts, programme, trainer, recorder):
    amira = accounts.register("1234567", "629174")
    own = Learning(store, programme, amira, recorder).open("module-1")
    own.next()
    own.submit_check({1})  # her own answer, before the session: it must survive the credit
    session = start(store, accounts, programme, trainer, recorder)
    session.register("1234567", "629174")
    session.register_for("BBB222")
    leaver = session.register_for("CCC333").learner_id
    session.mark(leaver, left_early=True)
    recorder.events.clear()

    result = session.finish()

    assert result.credited == 2 and result.facts.size == 3 and result.facts.credited == 2
    completed = Learning(store, programme, amira).overview()[0]
    assert completed.state == "completed"
    own_answer = Learning(store, programme, amira).open("module-1").answer(programme.available[0].steps[1])
    assert {k: own_answer[k] for k in ("selected", "correct")} == {"selected": [1], "correct": False}
    leaver_row = store.learners.get(leaver)
    assert Learning(store, programme, accounts_learner(leaver_row)).overview()[0].state == "not_started"
    kinds = [(e.kind, e.learner.id) for e in recorder.events]
    assert sorted(kinds) == sorted([("group_completed", amira.id),
                                    ("group_completed", session.attendees()[1].learner_id),
                                    ("group_session", trainer.id)])
    rows = store.conn.execute("SELECT learner_id, kind, payload FROM outbox WHERE kind LIKE 'group%'").fetchall()
    assert sorted((r[0], r[1]) for r in rows if r[1] == "group_completed") == sorted(
        (a.learner_id, "group_completed") for a in session.attendees() if a.credit)
    [(learner_id, _, payload)] = [r for r in rows if r[1] == "group_session"]
    assert learner_id is None  # the session's record belongs to no learner
    assert json.loads(payload) == {"kind": "group_session", "module": "module-1", "session": session.id,
                                   "size": 3, "seconds": result.facts.duration_seconds}
    assert not GroupSession.interrupted(store, trainer)


def accounts_learner(row):
    from kiosk.core.accounts import Learner

    return Learner(row.id, row.first_name, row.role, row.pseudonym)


def test_finishing_again_after_a_crash_part_way_credits_nobody_twice(store, accounts, programme, trainer,
                                                                     recorder, data_dir):
    session = start(store, accounts, programme, trainer, recorder)
    for code in ("AAA111", "BBB222", "CCC333"):
        session.register_for(code)
    first = session.attendees()[0]
    # A crash after the first attendee's credit committed: do that part by hand.

    store.groups.credit(session.id, first.learner_id, "module-1", ["welcome"], [])
    again = GroupSession.resume(store, accounts, programme, trainer, session.id, recorder)
    result = again.finish()
    assert result.credited == 2
    assert again.finish().credited == 0  # and once more: nothing happens
    outbox = store.conn.execute("SELECT kind, count(*) FROM outbox GROUP BY kind").fetchall()
    assert dict(outbox) == {"group_completed": 2, "group_session": 1}


def test_time_lost_to_a_crash_is_not_counted_as_session_time(store, accounts, programme, trainer, recorder):
    session = start(store, accounts, programme, trainer, recorder)
    # The PC was off for an hour: the last thing committed was an hour and a bit after the start.
    store.conn.execute("UPDATE group_sessions SET started_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', "
                       "'-2 hours'), last_activity_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hours')")
    resumed = GroupSession.resume(store, accounts, programme, trainer, session.id, recorder)
    assert abs(resumed.finish().facts.duration_seconds - 3600) < 60


def test_a_session_started_by_mistake_can_be_dropped_before_anyone_is_credited(store, accounts, programme,
                                                                               trainer, recorder):
    session = start(store, accounts, programme, trainer, recorder)
    session.register_for("AAA111")
    session.discard()
    assert GroupSession.interrupted(store, trainer) == []
    assert store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    with pytest.raises(GroupSessionError):
        GroupSession.resume(store, accounts, programme, trainer, session.id, recorder)


def test_the_room_answers_but_no_individual_answer_or_score_is_kept(store, accounts, programme, trainer,
                                                                    recorder):
    session = start(store, accounts, programme, trainer, recorder)
    session.register_for("AAA111")
    session.next()
    session.record_check(hands=[5, 1000])
    assert session.room_answer() == {"hands": [5, 999]}  # capped, never negative
    session.go_to(len(session.module.steps) - 1)
    session.record_survey("engaging", [0, 1, 2, 8, 4])
    with pytest.raises(KeyError):
        session.record_survey("not-a-question", [1])
    session.finish()
    answers = store.conn.execute("SELECT answer FROM progress WHERE answer IS NOT NULL").fetchall()
    assert answers == []  # credit marks steps done; it invents no one's answers
    assert store.conn.execute("SELECT count(*) FROM group_answers").fetchone()[0] == 2


def test_progress_records_when_each_step_was_first_done(store, accounts, programme):
    learner = accounts.register("1234567", "629174")
    run = Learning(store, programme, learner).open("module-1")
    run.next()
    done_at, updated_at = store.conn.execute(
        "SELECT done_at, updated_at FROM progress WHERE step_id = 'welcome'").fetchone()
    assert done_at == updated_at
    # As if that was yesterday; then a later visit moves updated_at, never done_at.
    store.conn.execute("UPDATE progress SET done_at = '2026-01-01T00:00:00.000+00:00', "
                       "updated_at = '2026-01-01T00:00:00.000+00:00' WHERE step_id = 'welcome'")
    run.back()
    run.next()
    row = store.conn.execute("SELECT done_at, updated_at FROM progress WHERE step_id = 'welcome'").fetchone()
    assert row[0] == "2026-01-01T00:00:00.000+00:00" and row[1] > row[0]


def test_an_older_database_keeps_the_completion_dates_it_already_has(tmp_path):
    import sqlite_utils

    from kiosk.core.store import connect, migrations

    mine = migrations.MIGRATIONS.index(migrations._group_sessions_and_reports) + 1
    db = sqlite_utils.Database(connect(tmp_path / "old.db"))
    migrations.migrate(db, target=mine - 1)
    db.execute("INSERT INTO learners(code_hash, pin_hash, created_at) VALUES ('h', 'p', 'then')")
    db.execute("INSERT INTO progress VALUES (1, 'm', 's', 'done', NULL, 0, '2025-01-02T03:04:05.000+00:00')")
    db.execute("INSERT INTO progress VALUES (1, 'm', 't', 'seen', NULL, 0, '2025-01-03T03:04:05.000+00:00')")
    migrations.migrate(db)
    rows = db.execute("SELECT step_id, done_at FROM progress ORDER BY step_id").fetchall()
    assert rows == [("s", "2025-01-02T03:04:05.000+00:00"), ("t", None)]


def test_attendees_carry_the_organisation_pseudonym_into_their_records(store, data_dir, programme, recorder):
    from kiosk.core.accounts import Accounts, installation_secret

    accounts = Accounts(store, installation_secret(data_dir), pseudonymise=lambda code: f"P-{code[::-1]}")
    trainer = accounts.create_trainer("TRAINER1", "calm river 42")
    session = GroupSession.start(store, accounts, programme, trainer, "module-1", recorder)
    session.register_for("NEW-001")
    session.finish()
    [completed] = [e for e in recorder.events if e.kind == "group_completed"]
    assert completed.learner.pseudonym == "P-100-WEN"  # computed while the code was typed; not kept


def test_an_attendee_may_register_with_their_one_time_code_and_still_chooses_a_pin_at_sign_in(
        store, accounts, programme, trainer, recorder):
    session = start(store, accounts, programme, trainer, recorder)
    made = session.register_for("NEW-003")
    code = session.claim_code(made.learner_id)
    later = start(store, accounts, programme, trainer, recorder, module="module-2")
    assert later.register("NEW-003", code).learner_id == made.learner_id  # proof enough for attendance
    assert later.needs_claim(made.learner_id)  # ... but no PIN was set there
    with pytest.raises(ChoosePin):  # and the code still works once, at sign-in
        accounts.sign_in("NEW-003", code)
