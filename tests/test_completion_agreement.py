"""One definition of "completed a module" (kiosk.core.completed_modules): on a seeded site, My progress,
certificate eligibility, the site report's counts and the completed xAPI records all agree, for
learners who completed alone, through a group session, or not at all although every step is done.

(The report used to count a module completed when every step was done, ignoring the module's
pass mark and its optional steps.)"""

import pytest

from kiosk.core import certificates
from kiosk.core.accounts import Learner, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.groups import GroupSession
from kiosk.core.learning import Learning
from kiosk.core.records import RecordPolicy, StatementMaker
from kiosk.core.report_month import month_completions
from tests.helpers import write_rich_programme
from tests.report_helpers import this_month

PIN = "572913"
RICH, PLAIN = "rich-module", "module-2"


def walk_to(run, step_id):
    while run.step.id != step_id:
        run.next()


def work_through(run, checks_right: bool):
    """Every step of the rich module; the two checks answered right, or wrong twice (out of tries)."""
    walk_to(run, "check-one")
    for step_id in ("check-one", "check-two"):
        walk_to(run, step_id)
        for _ in range(1 if checks_right else 2):
            run.submit_check({0} if checks_right else {1})
    walk_to(run, "interview")
    for choice in (0, 0):
        run.choose(choice)
        run.carry_on()
    walk_to(run, "feedback")
    run.finish()


def plain_without_optional_steps(run):
    """Module 2 under the default rules: its reflection is optional, so completing the module does
    not need it (the old report counted only 'every step done')."""
    for step in run.module.steps:
        walk_to(run, step.id)
        if step.type == "knowledge_check":
            run.submit_check({0})
        elif step.type == "video":
            run.record_watched(step, [(0.0, 30.0)], 30.0)
        if run.is_last:
            run.finish()
        elif step.type == "reflection":
            run.skip()
        else:
            run.next()
    assert not run.is_done(next(s for s in run.module.steps if s.type == "reflection"))


@pytest.fixture
def site(store, accounts, tmp_path):
    programme = load_programme(write_rich_programme(tmp_path / "content"))
    statements = StatementMaker(RecordPolicy(programme.id), store.progress.module_progress)
    made = []

    def maker(event):
        """The real record maker; what it makes is kept to look at (queued or pooled alike)."""
        records = statements(event)
        made.extend((event.learner.id, r.payload) for r in records)
        return records
    trainer = make_trainer(store, accounts)
    people = {name: accounts.register(name, PIN) for name in
              ("ALONE", "FAILED", "GROUPNOANSWERS", "GROUPPLAIN", "ANSWEREDTHENGROUP", "OPTIONALSKIPPED",
               "STARTED")}
    work_through(Learning(store, programme, people["ALONE"], maker).open(RICH), checks_right=True)
    work_through(Learning(store, programme, people["FAILED"], maker).open(RICH), checks_right=False)
    before = Learning(store, programme, people["ANSWEREDTHENGROUP"], maker).open(RICH)
    walk_to(before, "check-one")
    before.submit_check({0})
    before.next()
    before.submit_check({0})
    plain_without_optional_steps(Learning(store, programme, people["OPTIONALSKIPPED"], maker).open(PLAIN))
    Learning(store, programme, people["STARTED"], maker).open(RICH).next()
    for module_id, codes in ((RICH, ("GROUPNOANSWERS", "ANSWEREDTHENGROUP")), (PLAIN, ("GROUPPLAIN",))):
        session = GroupSession.start(store, accounts, programme, trainer, module_id, maker)
        for code in codes:
            session.register_for(code)
        session.finish()
    return programme, people, made


def make_trainer(store, accounts):
    """A trainer account (the role set directly: how trainers sign in is not this test's subject)."""
    learner = accounts.register("TRAINER1", PIN)
    store.learners.update(learner.id, role="trainer")
    return Learner(learner.id, learner.first_name, "trainer", learner.pseudonym)


def completed_statements(made) -> set[tuple[int, str]]:
    """(learner, module) for every 'completed' xAPI statement made to leave the PC."""
    found = set()
    for learner_id, statement in made:
        if statement.get("verb", {}).get("id", "").endswith("/completed"):
            found.add((learner_id, statement["object"]["id"].rstrip("/").rsplit("/", 1)[-1]))
    return found


def test_progress_certificates_report_and_records_agree_on_who_completed(store, data_dir, site):
    programme, people, made = site
    secret = installation_secret(data_dir)
    month = this_month()
    counted = {(d.learner_id, d.module_id) for d in month_completions(store, programme.available, month)}
    statements = completed_statements(made)
    expected = {("ALONE", RICH), ("GROUPPLAIN", PLAIN), ("ANSWEREDTHENGROUP", RICH), ("OPTIONALSKIPPED", PLAIN)}
    for name, learner in people.items():
        overview = {s.module.id: s for s in Learning(store, programme, learner).overview()}
        rows = store.completion_records.of_learner(learner.id)
        for module_id in (RICH, PLAIN):
            says = {
                "My progress": overview[module_id].state == "completed",
                "certificate": module_id in rows and certificates.certificate(programme, rows[module_id], secret)
                is not None and overview[module_id].completed is not None,
                "site report": (learner.id, module_id) in counted,
                "xAPI completed": (learner.id, module_id) in statements,
            }
            want = (name, module_id) in expected
            assert set(says.values()) == {want}, (name, module_id, says)


def test_every_step_done_was_the_wrong_definition(store, site):
    """What the old report counted (learners with every step done) against the rules."""
    programme, people, _ = site
    every_step = set()
    for module in programme.available:
        rows = store.conn.execute(
            "SELECT learner_id FROM progress WHERE module_id = ? AND status = 'done' GROUP BY learner_id "
            "HAVING count(*) = ?", (module.id, len(module.steps)))
        every_step |= {(learner_id, module.id) for (learner_id,) in rows}
    by_rules = {(d.learner_id, d.module_id) for d in month_completions(store, programme.available, this_month())}
    names = {learner.id: name for name, learner in people.items()}
    assert {(names[i], m) for i, m in every_step - by_rules} == {("FAILED", RICH), ("GROUPNOANSWERS", RICH)}
    assert {(names[i], m) for i, m in by_rules - every_step} == {("OPTIONALSKIPPED", PLAIN)}


def test_a_completion_met_without_its_record_is_recorded_once_when_the_learner_looks(store, data_dir, site):
    """A group credit given before credits wrote records: progress met the rules, no record, no
    certificate, no statement. The report counts it at its last step; My progress then records it,
    dated the same, with its statement, and the report still counts it once."""
    programme, people, made = site
    learner = people["GROUPPLAIN"]
    old = store.completion_records.of_learner(learner.id)[PLAIN]
    with store.transaction() as c:
        c.execute("DELETE FROM completions WHERE learner_id = ?", (learner.id,))
    made.clear()
    month = this_month()
    counted = [d for d in month_completions(store, programme.available, month) if d.learner_id == learner.id]
    assert [d.module_id for d in counted] == [PLAIN]

    [status] = [s for s in Learning(store, programme, learner, site_maker(made, store, programme)).overview()
                if s.module.id == PLAIN]
    assert status.state == "completed" and status.completed is not None
    assert status.completed.completed_at == counted[0].completed_at  # when its last step was done
    assert status.completed.completed_at <= old.completed_at
    assert completed_statements(made) == {(learner.id, PLAIN)}
    assert certificates.certificate(programme, status.completed, installation_secret(data_dir)).code
    again = [d for d in month_completions(store, programme.available, month) if d.learner_id == learner.id]
    assert len(again) == 1
    Learning(store, programme, learner, site_maker(made, store, programme)).overview()
    assert len(made) == 1  # recorded once


def site_maker(made, store, programme):
    statements = StatementMaker(RecordPolicy(programme.id), store.progress.module_progress)

    def maker(event):
        records = statements(event)
        made.extend((event.learner.id, r.payload) for r in records)
        return records
    return maker
