"""Outbound records: built from an allow-list, checked against a closed schema, keyed pseudonyms,
nothing personal, written with the progress they describe."""

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from jsonschema import Draft202012Validator

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.content.model import LikertQuestion
from kiosk.core.errors import ConfigError, StoreError
from kiosk.core.learning import Event, Learning
from kiosk.core.privacy import organisation_secret, pseudonymiser
from kiosk.core.records import STEP_DONE, RecordPolicy, StatementMaker
from kiosk.core.statement_schema import statement_schema
from kiosk.core.store import OutboundRecord, open_store
from tests.helpers import write_programme

ORG_SECRET = b"organisation-secret-for-tests-0123456789"
FIXED = datetime(2026, 3, 14, 15, 9, 26, 535000, tzinfo=UTC)


def maker_for(store, programme, **policy):
    return StatementMaker(RecordPolicy(programme.id, **policy), store.progress.module_progress, clock=lambda: FIXED)


def queued(store):
    """Linked statements, in the order they were queued (the outbox)."""
    return [json.loads(p) for (p,) in store.conn.execute("SELECT payload FROM outbox ORDER BY rowid")]


def pooled(store):
    """Unlinked statements, waiting in the pool for their day to end."""
    return [json.loads(p) for (p,) in store.conn.execute("SELECT payload FROM unlinked_pool")]


def complete_module(run, store, learner, reflection="", comment=""):
    """Walk module-1 of the test programme to the end: the first check right at the second try,
    the second one left only half right."""
    run.next()
    run.submit_check({1})
    run.submit_check({0})
    run.next()
    run.submit_check({0})
    run.next()
    run.save_reflection(reflection)
    run.next()
    run.next()
    # The video is finished by its player (another part of the app); as the player does.
    store.progress.save_step(learner.id, run.module.id, "clip", status="done")
    run.progress = store.progress.module_progress(learner.id, run.module.id)
    run.next()
    run.save_survey({"engaging": 4, "applicable": 2}, comment)
    assert run.finish()


def test_a_completed_module_is_reported_in_valid_statements(store, data_dir, programme):
    accounts = Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(ORG_SECRET))
    learner = accounts.register("ab 1234567", "482915", first_name="Amira")
    run = Learning(store, programme, learner, maker_for(store, programme)).open("module-1")
    complete_module(run, store, learner, reflection="my private words", comment="a private comment")

    statements, survey = queued(store), pooled(store)
    verbs = [s["verb"]["display"]["en-GB"] for s in statements]
    # This module has no pass mark (answering is enough), so there is nothing to pass: no
    # 'passed' and no success, whatever the answers.
    assert verbs == ["attempted", "answered", "answered", "answered", "completed"]
    assert [s["verb"]["display"]["en-GB"] for s in survey] == ["responded", "responded"]  # in the pool
    schema = Draft202012Validator(statement_schema(RecordPolicy("x").activity_base, RecordPolicy("x").home_page))
    assert all(schema.is_valid(s) for s in statements + survey)
    assert len({s["id"] for s in statements + survey}) == len(statements + survey)
    # The actor is HMAC-SHA256(organisation secret, normalised code), never the code.
    expected = hmac.new(ORG_SECRET, b"AB1234567", hashlib.sha256).hexdigest()
    assert {s["actor"]["account"]["name"] for s in statements} == {expected}
    first, second = statements[1]["result"], statements[2]["result"]
    assert first == {"success": False, "response": "option-1"}
    assert second == {"success": True, "response": "option-0"}
    completed = statements[-1]["result"]
    assert completed == {"completion": True, "score": {"scaled": 0.5, "raw": 1, "min": 0, "max": 2}}
    statements += survey
    text = json.dumps(statements)
    for private in ("my private words", "a private comment", "Amira", "1234567", "482915"):
        assert private not in text
    assert all(s["timestamp"] == "2026-03-14T00:00:00Z" for s in statements)


def test_passed_means_the_modules_pass_mark_was_met_as_progress_and_certificates_judge_it(store, data_dir,
                                                                                          tmp_path):
    """'passed' follows the module's completion rules (kiosk.core.completion_rules), not "every check
    right": one check right and one wrong is 50%, which meets a pass mark of 50."""
    folder = write_programme(tmp_path / "marked", modules=1)
    module_file = folder / "01-module" / "module.yaml"
    text = module_file.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 2", 1)
    module_file.write_text(text.replace("steps:", "completion:\n  pass_mark: 50\nsteps:", 1), encoding="utf-8")
    programme = load_programme(folder)
    assert not programme.problems and not programme.modules[0].problems
    accounts = Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(ORG_SECRET))
    learner = accounts.register("1234567", "482915")
    run = Learning(store, programme, learner, maker_for(store, programme)).open("module-1")
    complete_module(run, store, learner)
    statements = queued(store)
    assert [s["verb"]["display"]["en-GB"] for s in statements][-2:] == ["completed", "passed"]
    assert statements[-1]["result"]["success"] is True
    assert statements[-1]["result"]["score"] == {"scaled": 0.5, "raw": 1, "min": 0, "max": 2}


def test_records_commit_with_the_progress_or_not_at_all(store, accounts, programme):
    learner = accounts.register("1234567", "482915")
    clash = "3f8e1c1a-0000-4000-8000-000000000001"
    store.outbox.enqueue(learner.id, [OutboundRecord(clash, "x", {})])

    def maker(event):
        return [OutboundRecord(clash, "y", {})] if event.kind == "check_answered" else []

    run = Learning(store, programme, learner, maker).open("module-1")
    run.next()
    with pytest.raises(StoreError):
        run.submit_check({0})
    saved = store.progress.module_progress(learner.id, "module-1")["check-one"]
    assert saved.status == "seen" and saved.answer is None and saved.attempts == 0


def test_one_person_links_up_across_kiosks_of_one_organisation_only(tmp_path, programme):
    names = {}
    for kiosk, secret in (("kiosk-a", ORG_SECRET), ("kiosk-b", ORG_SECRET), ("other-org", b"x" * 32)):
        store, _ = open_store(tmp_path / kiosk)
        accounts = Accounts(store, installation_secret(tmp_path / kiosk), pseudonymise=pseudonymiser(secret))
        learner = accounts.register("7654321", "482915")
        Learning(store, programme, learner, maker_for(store, programme)).open("module-1")
        names[kiosk] = queued(store)[0]["actor"]["account"]["name"]
        assert "7654321" not in json.dumps(store.conn.execute("SELECT * FROM learners").fetchall())
        store.close()
    assert names["kiosk-a"] == names["kiosk-b"] != names["other-org"]


def test_a_new_organisation_secret_takes_effect_at_the_next_sign_in(store, data_dir, programme):
    Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(ORG_SECRET)).register("1234567", "482915")
    rotated = Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(b"n" * 32))
    learner = rotated.sign_in("1234567", "482915")
    assert learner.pseudonym == pseudonymiser(b"n" * 32)("1234567")
    assert store.learners.get(learner.id).pseudonym == learner.pseudonym


def test_anonymous_mode_links_no_two_statements(store, data_dir, programme):
    accounts = Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(ORG_SECRET))
    learner = accounts.register("1234567", "482915")
    run = Learning(store, programme, learner, maker_for(store, programme, privacy_mode="anonymous")).open("module-1")
    complete_module(run, store, learner)
    assert queued(store) == []  # nothing waits beside linked records: all of it is in the pool
    names = [s["actor"]["account"]["name"] for s in pooled(store)]
    assert len(names) == 7 and len(set(names)) == len(names) and learner.pseudonym not in names
    assert all(n.startswith("anon-") for n in names)


def test_without_a_pseudonym_a_statement_goes_unlinked(store, accounts, programme):
    learner = accounts.register("1234567", "482915")  # no organisation secret configured
    Learning(store, programme, learner, maker_for(store, programme)).open("module-1")
    assert queued(store) == [] and pooled(store)[0]["actor"]["account"]["name"].startswith("anon-")


def test_survey_answers_are_unlinked_day_dated_and_never_carry_the_comment(store, data_dir, programme):
    accounts = Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(ORG_SECRET))
    learner = accounts.register("1234567", "482915")
    run = Learning(store, programme, learner, maker_for(store, programme, time_precision="none")).open("module-1")
    complete_module(run, store, learner, comment="CANARY-comment")
    statements, survey = queued(store), pooled(store)
    assert {s["verb"]["display"]["en-GB"] for s in survey} == {"responded"}
    assert {s["result"]["response"] for s in survey} == {"4", "2"}
    assert all(s["actor"]["account"]["name"].startswith("anon-") for s in survey)
    assert all(s["timestamp"] == "2026-03-14T00:00:00Z" for s in survey)
    assert statements[0]["timestamp"] == "2026-03-14T15:09:26.535Z"  # linked ones as configured
    assert "CANARY" not in json.dumps(statements + survey)


@pytest.mark.parametrize("precision, stamp", [("day", "2026-03-14T00:00:00Z"), ("hour", "2026-03-14T15:00:00Z"),
                                              ("none", "2026-03-14T15:09:26.535Z")])
def test_time_is_coarsened_as_configured(store, data_dir, programme, precision, stamp):
    accounts = Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(ORG_SECRET))
    learner = accounts.register("1234567", "482915")
    Learning(store, programme, learner, maker_for(store, programme, time_precision=precision)).open("module-1")
    assert queued(store)[0]["timestamp"] == stamp


@pytest.mark.parametrize("mode", ["anonymous", "pseudonymous"])  # pseudonymous, but no pseudonym known
def test_every_unlinked_statement_is_dated_to_the_day_whatever_the_precision(store, accounts, programme, mode):
    learner = accounts.register("1234567", "482915")
    Learning(store, programme, learner, maker_for(store, programme, time_precision="none",
                                                  privacy_mode=mode)).open("module-1")
    assert [s["timestamp"] for s in pooled(store)] == ["2026-03-14T00:00:00Z"]


def test_a_finished_video_is_reported_as_watched(store, accounts, programme):
    learner = accounts.register("1234567", "482915")
    module = programme.available[0]
    video = next(s for s in module.steps if s.type == "video")
    [record] = maker_for(store, programme)(Event("step_done", learner, module, video))
    assert record.kind == "watched"
    assert record.payload["object"]["definition"]["type"] == "https://w3id.org/xapi/video/activity-type/video"
    assert record.payload["result"] == {"completion": True}
    page = module.steps[0]
    assert maker_for(store, programme)(Event("step_done", learner, module, page)) == []


def test_a_self_assessment_step_reports_like_a_survey(store, accounts, programme):
    """The self-assessment step type is another part's work; its Likert answers are ready."""
    learner = accounts.register("1234567", "482915")
    module = programme.available[0]
    step = SimpleNamespace(id="confidence", type="self_assessment", title="How confident do you feel?",
                           questions=(LikertQuestion(id="listening", text="I can listen without judging"),))
    assert STEP_DONE["self_assessment"] is STEP_DONE["survey"]
    [record] = maker_for(store, programme)(Event("step_done", learner, module, step,
                                                 {"ratings": {"listening": 3}, "comment": "private"}))
    assert record.payload["result"] == {"response": "3"}
    assert record.payload["actor"]["account"]["name"].startswith("anon-")


def test_a_statement_that_breaks_the_schema_is_dropped_but_progress_is_kept(store, accounts, programme,
                                                                            monkeypatch, caplog):
    learner = accounts.register("1234567", "482915")
    maker = maker_for(store, programme)
    original = maker.statement

    def leaky(*args, **kwargs):
        statement = original(*args, **kwargs)
        statement["context"]["extensions"]["https://example.org/learner-code"] = "1234567"
        return statement

    monkeypatch.setattr(maker, "statement", leaky)
    with caplog.at_level(logging.ERROR):
        run = Learning(store, programme, learner, maker).open("module-1")
    assert queued(store) == []
    assert run.step.id == "welcome" and store.progress.position(learner.id, "module-1") == "welcome"
    assert "failed the outbound schema" in caplog.text and "1234567" not in caplog.text


@pytest.mark.parametrize("tamper", [
    lambda s: s.update(extra="field"),
    lambda s: s["actor"].update(mbox="mailto:amira@example.org"),
    lambda s: s["actor"]["account"].update(name="amira@example.org"),
    lambda s: s["actor"]["account"].update(name="1234567"),
    lambda s: s.update(result={"response": "I felt unsafe when..."}),
    lambda s: s["context"].update(registration="0f1d5f0a-0000-4000-8000-000000000000"),
    lambda s: s["context"].update(platform="kiosk-PC-17"),
    lambda s: s.update(timestamp="2026-03-14T15:09:26+01:00"),
    lambda s: s["object"].update(id="https://elsewhere.example/x"),
])
def test_the_schema_is_closed(store, accounts, programme, tamper):
    learner = accounts.register("1234567", "482915")
    maker = maker_for(store, programme)
    [record] = maker(Event("module_started", learner, programme.available[0]))
    statement = json.loads(json.dumps(record.payload))
    assert maker.validator.is_valid(statement)
    tamper(statement)
    assert not maker.validator.is_valid(statement)


def test_the_organisation_secret_must_be_long_and_may_live_in_a_file(tmp_path):
    assert organisation_secret("", None) is None
    with pytest.raises(ConfigError, match="at least 16"):
        organisation_secret("short", None)
    path = tmp_path / "org.key"
    path.write_text("a-long-enough-organisation-key\n")
    assert organisation_secret("", path) == b"a-long-enough-organisation-key"
    with pytest.raises(ConfigError, match="cannot be read"):
        organisation_secret("", tmp_path / "missing.key")
