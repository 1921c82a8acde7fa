"""xAPI records name the learner's pathway as a context activity: allow-listed, on linked
statements only, and nothing personal."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from kiosk.core import pathways
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.learning import Event, Learning
from kiosk.core.privacy import pseudonymiser
from kiosk.core.records import RecordPolicy, StatementMaker
from tests.pathway_helpers import write_pathway_programme

ORG_SECRET = b"organisation-secret-for-tests-0123456789"
FIXED = datetime(2026, 3, 14, 15, 9, 26, 535000, tzinfo=UTC)
BASE = "https://tip-kiosk.invalid/xapi/programmes/test-programme"


@pytest.fixture
def routed(tmp_path):
    return load_programme(write_pathway_programme(tmp_path / "content"))


@pytest.fixture
def maker(store, routed):
    return StatementMaker(RecordPolicy(routed.id), store.progress.module_progress, clock=lambda: FIXED,
                          pathway=pathways.pathway_reader(store, routed))


@pytest.fixture
def learner(store, data_dir):
    accounts = Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(ORG_SECRET))
    return accounts.register("ab 1234567", "482915", first_name="Amira")


def queued(store):
    return [json.loads(p) for (p,) in store.conn.execute("SELECT payload FROM outbox ORDER BY rowid")]


def test_statements_carry_the_learners_pathway_as_a_context_activity(store, routed, maker, learner):
    store.pathways.set_learner_pathway(learner.id, "interviewer", "learner")
    run = Learning(store, routed, learner, maker).open("module-1")
    run.next()
    run.submit_check({0})
    statements = queued(store)
    assert [s["verb"]["display"]["en-GB"] for s in statements] == ["attempted", "answered"]
    for statement in statements:
        assert statement["context"]["contextActivities"]["other"] == [
            {"objectType": "Activity", "id": f"{BASE}/pathways/interviewer"}]
        assert maker.validator.is_valid(statement)
    text = json.dumps(statements)
    for private in ("Amira", "1234567", "482915"):
        assert private not in text


def test_unlinked_survey_answers_do_not_carry_the_pathway(store, routed, maker, learner):
    store.pathways.set_learner_pathway(learner.id, "leaders", "trainer")
    module = routed.module("module-1")
    survey = next(s for s in module.steps if s.type == "survey")
    records = maker(Event("step_done", learner, module, survey, {"ratings": {"engaging": 5}}))
    assert records and all("other" not in r.payload["context"]["contextActivities"] for r in records)
    assert records[0].payload["actor"]["account"]["name"].startswith("anon-")


def test_without_a_pathway_statements_are_as_before(store, routed, maker, learner, programme):
    [record] = maker(Event("module_started", learner, routed.module("module-1")))
    assert set(record.payload["context"]["contextActivities"]) == {"grouping"}
    plain = StatementMaker(RecordPolicy(programme.id), store.progress.module_progress, clock=lambda: FIXED)
    [record] = plain(Event("module_started", learner, programme.available[0]))
    assert set(record.payload["context"]["contextActivities"]) == {"grouping"}


@pytest.mark.parametrize("other", [
    [{"objectType": "Activity", "id": f"{BASE}/pathways/Amira Khan"}],
    [{"objectType": "Activity", "id": f"{BASE}/modules/module-1"}],
    [{"objectType": "Activity", "id": "https://elsewhere.example/pathways/interviewer"}],
    [{"objectType": "Activity", "id": f"{BASE}/pathways/interviewer", "definition": {"name": {"en": "x"}}}],
    [{"objectType": "Activity", "id": f"{BASE}/pathways/a1"}, {"objectType": "Activity", "id": f"{BASE}/pathways/b2"}],
])
def test_the_pathway_context_is_allow_listed(store, routed, maker, learner, other):
    store.pathways.set_learner_pathway(learner.id, "core", "learner")
    [record] = maker(Event("module_started", learner, routed.module("module-1")))
    statement = json.loads(json.dumps(record.payload))
    assert maker.validator.is_valid(statement)
    statement["context"]["contextActivities"]["other"] = other
    assert not maker.validator.is_valid(statement)
