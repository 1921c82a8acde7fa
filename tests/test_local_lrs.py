"""The local LRS's xAPI behaviour through ``Lrs.handle`` on a real SQLite file, without a cmi5 session:
the parts of the conformance suite that matter most, checked on every run (the suite itself needs
node and the corpus, and takes minutes)."""

from __future__ import annotations

import json
import uuid

import pytest

from kiosk.core.cmi5.lrs import Lrs
from kiosk.core.store import open_store
from kiosk.core.store.lrs import LrsScope

V = {"X-Experience-API-Version": "1.0.3"}
JSON = {**V, "Content-Type": "application/json"}
ACTOR = {"objectType": "Agent", "mbox": "mailto:learner@example.org"}


@pytest.fixture
def lrs(tmp_path):
    store, _ = open_store(tmp_path)
    learner = store.learners.add("h", "p", None)
    yield Lrs(store, LrsScope(learner, "m"), base_path="/xapi")
    store.conn.close()


def statement(verb="http://example.org/verbs/did", activity="http://example.org/a/1", **extra):
    return {"actor": ACTOR, "verb": {"id": verb, "display": {"en-GB": "did", "cy": "gwnaeth"}},
            "object": {"id": activity}, **extra}


def post(lrs, *statements, headers=JSON):
    return lrs.handle("POST", "/xapi/statements", {}, headers, json.dumps(list(statements)).encode())


def get(lrs, **query):
    return lrs.handle("GET", "/xapi/statements", query, V, b"")


def test_every_request_needs_a_1_0_x_version_header_and_every_answer_carries_1_0_3(lrs):
    assert post(lrs, statement(), headers={"Content-Type": "application/json"}).status == 400
    refused = post(lrs, statement(), headers={**JSON, "X-Experience-API-Version": "2.0.0"})
    assert refused.status == 400 and refused.headers["X-Experience-API-Version"] == "1.0.3"
    about = lrs.handle("GET", "/xapi/about", {}, {}, b"")
    assert about.status == 200 and "1.0.3" in about.json()["version"]


@pytest.mark.parametrize("bad", [
    {"verb": {"id": "not an iri"}}, {"actor": {"mbox": "learner@example.org"}},
    {"actor": {"mbox": "mailto:a@b.org", "openid": "http://x.org/me"}},
    {"result": {"score": {"scaled": 1.5}}}, {"result": {"score": {"raw": 11, "min": 0, "max": 10}}},
    {"timestamp": "2026-12-02T10:00:00-00:00"}, {"id": "not-a-uuid"}, {"verb": {"id": "http://x.org/v"}, "extra": 1},
    {"object": {"objectType": "activity", "id": "http://x.org/a"}},
    {"context": {"platform": "kiosk"}, "object": {"objectType": "Agent", "mbox": "mailto:x@y.org"}},
])
def test_invalid_statements_are_refused_with_400_and_nothing_of_the_batch_is_stored(lrs, bad):
    good = statement()
    response = post(lrs, good, {**statement(), **bad})
    assert response.status == 400, response.body
    assert get(lrs).json()["statements"] == []


def test_ids_conflicts_and_replays(lrs):
    sid = str(uuid.uuid4())
    body = json.dumps(statement(id=sid)).encode()
    assert lrs.handle("PUT", "/xapi/statements", {"statementId": sid}, JSON, body).status == 204
    assert lrs.handle("PUT", "/xapi/statements", {"statementId": sid}, JSON, body).status == 204  # a replay
    different = json.dumps(statement(id=sid, activity="http://example.org/a/2")).encode()
    assert lrs.handle("PUT", "/xapi/statements", {"statementId": sid}, JSON, different).status == 409
    assert post(lrs, statement(id=sid), statement(id=sid)).status == 400  # twice in one batch
    stored = lrs.handle("GET", "/xapi/statements", {"statementId": sid}, V, b"")
    assert stored.json()["object"]["id"] == "http://example.org/a/1"
    assert stored.json()["authority"] and stored.json()["stored"]
    assert "X-Experience-API-Consistent-Through" in stored.headers


def test_voiding(lrs):
    target = post(lrs, statement()).json()[0]
    voiding = statement(verb="http://adlnet.gov/expapi/verbs/voided",
                        object={"objectType": "StatementRef", "id": target})
    voiding_id = post(lrs, voiding).json()[0]
    assert get(lrs, statementId=target).status == 404
    assert get(lrs, voidedStatementId=target).status == 200
    ids = [s["id"] for s in get(lrs).json()["statements"]]
    assert target not in ids and voiding_id in ids
    void_the_void = statement(verb="http://adlnet.gov/expapi/verbs/voided",
                              object={"objectType": "StatementRef", "id": voiding_id})
    assert post(lrs, void_the_void).status == 400


def test_queries_filter_page_and_follow_more(lrs):
    for i in range(7):
        post(lrs, statement(activity=f"http://example.org/a/{i % 2}"))
    first = get(lrs, activity="http://example.org/a/0", limit="3").json()
    assert len(first["statements"]) == 3 and first["more"].startswith("/xapi/statements?more=")
    token = first["more"].split("more=", 1)[1]
    rest = get(lrs, more=token).json()
    assert len(rest["statements"]) == 1 and rest["more"] == ""
    everything = first["statements"] + rest["statements"]
    assert {s["object"]["id"] for s in everything} == {"http://example.org/a/0"}
    stored = [s["stored"] for s in everything]
    assert stored == sorted(stored, reverse=True)
    ascending = get(lrs, ascending="true", since=stored[-1]).json()["statements"]
    assert [s["stored"] for s in ascending] == sorted(s["stored"] for s in get(lrs).json()["statements"]
                                                       if s["stored"] > stored[-1])
    agent = get(lrs, agent=json.dumps(ACTOR), verb="http://example.org/verbs/did").json()["statements"]
    assert len(agent) == 7
    ids_only = get(lrs, format="ids", limit="1").json()["statements"][0]
    assert ids_only["verb"] == {"id": "http://example.org/verbs/did"}
    assert get(lrs, nonsense="1").status == 400
    head = lrs.handle("HEAD", "/xapi/statements", {}, V, b"")
    assert head.status == 200 and head.body == b""


def test_documents_keep_bytes_merge_json_and_check_etags(lrs):
    state = {"activityId": "http://example.org/a/1", "agent": json.dumps(ACTOR), "stateId": "bookmark"}
    put = lrs.handle("PUT", "/xapi/activities/state", state, {**V, "Content-Type": "application/octet-stream"},
                     b"\x00\x01binary")
    assert put.status == 204
    got = lrs.handle("GET", "/xapi/activities/state", state, V, b"")
    assert got.body == b"\x00\x01binary" and got.headers["Content-Type"] == "application/octet-stream"
    assert lrs.handle("POST", "/xapi/activities/state", state, JSON, b'{"a":1}').status == 400  # not JSON stored

    profile = {"agent": json.dumps(ACTOR), "profileId": "prefs"}
    assert lrs.handle("PUT", "/xapi/agents/profile", profile, JSON, b'{"a":1}').status == 400  # no precondition
    assert lrs.handle("PUT", "/xapi/agents/profile", profile, {**JSON, "If-None-Match": "*"}, b'{"a":1}').status == 204
    etag = lrs.handle("GET", "/xapi/agents/profile", profile, V, b"").headers["ETag"]
    assert lrs.handle("PUT", "/xapi/agents/profile", profile, JSON, b'{"a":2}').status == 409
    assert lrs.handle("PUT", "/xapi/agents/profile", profile, {**JSON, "If-Match": '"stale"'}, b'{"a":2}').status == 412
    assert lrs.handle("PUT", "/xapi/agents/profile", profile, {**JSON, "If-Match": etag}, b'{"a":2}').status == 204
    assert lrs.handle("POST", "/xapi/agents/profile", profile, JSON, b'{"b":3}').status == 204
    assert lrs.handle("GET", "/xapi/agents/profile", profile, V, b"").json() == {"a": 2, "b": 3}
    ids = lrs.handle("GET", "/xapi/agents/profile", {"agent": json.dumps(ACTOR)}, V, b"").json()
    assert ids == ["prefs"]


def test_a_body_over_the_limit_is_refused_with_413(lrs, caplog):
    huge = statement(result={"response": "x" * 2_000_000})
    response = post(lrs, huge)
    assert response.status == 413
    assert "Local LRS refused POST /xapi/statements with 413" in caplog.text


def test_json_nested_thousands_deep_is_a_400_not_a_crash(lrs):
    body = b'{"actor":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert lrs.handle("POST", "/xapi/statements", {}, JSON, body).status == 400
    state = {"activityId": "http://example.org/a/1", "agent": json.dumps(ACTOR), "stateId": "s"}
    assert lrs.handle("POST", "/xapi/activities/state", state, JSON, b"[" * 100_000).status == 400
