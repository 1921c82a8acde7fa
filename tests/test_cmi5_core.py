"""cmi5 without Qt: reading cmi5.xml, the launch (fetch once, LMS.LaunchData, preferences), the
local LRS under a launch session's rules (order, masteryScore, moveOn and satisfied, abandoned),
a hostile AU at the handler level, and nothing acknowledged lost when the process is killed.

The AU here is played by the test through ``Cmi5Session.handle``, exactly the calls the web view
forwards from the page; real SQLite files throughout."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from kiosk.core.cmi5 import rules
from kiosk.core.cmi5.course import read_cmi5
from kiosk.core.cmi5.launch import abandon_open_sessions, actor_for, launch_au, recorded_result
from kiosk.core.errors import PackageError
from kiosk.core.store import open_store
from kiosk.core.store.lrs import LrsScope
from tests.conftest import REPO

CORPUS = REPO.parent / "shared" / "corpus" / "standard-content"
SECRET = b"installation-secret-for-tests-32b"
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"


def write_course(root: Path, aus: str, blocks: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cmi5.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">\n'
        '  <course id="https://example.org/course">\n'
        '    <title><langstring lang="en-GB">Safe handover</langstring><langstring lang="cy">Trosglwyddo'
        '</langstring></title>\n'
        '    <description><langstring lang="en-GB">About handovers</langstring></description>\n'
        f'  </course>\n{aus}{blocks}\n</courseStructure>\n')
    for name in ("index.html", "quiz.html", "b.html"):
        (root / name).write_text("<!doctype html><title>AU</title>")
    return root


def au_xml(au_id: str, move_on: str = "CompletedOrPassed", mastery: str | None = None, url: str = "index.html",
           extra: str = "") -> str:
    score = f' masteryScore="{mastery}"' if mastery is not None else ""
    return (f'<au id="{au_id}" moveOn="{move_on}"{score}><title><langstring lang="en-GB">AU</langstring></title>'
            f'<description><langstring lang="en-GB">d</langstring></description><url>{url}</url>{extra}</au>\n')


@pytest.fixture
def store(tmp_path):
    store, _ = open_store(tmp_path / "data")
    yield store
    store.conn.close()


@pytest.fixture
def learner(store):
    return store.learners.add("code-hash", "pin-hash", "Alex")


class Au:
    """Plays an AU the way a page would: the launch URL's parameters, fetch, then the LRS."""

    def __init__(self, session):
        self.session = session
        query = dict(parse_qsl(urlsplit(session.launch_url).query))
        self.query = query
        self.actor = json.loads(query["actor"])
        fetch = urlsplit(query["fetch"])
        answer = session.handle("POST", fetch.path, dict(parse_qsl(fetch.query)), {}, b"")
        self.token = answer.json()["auth-token"]
        self.headers = {"Authorization": f"Basic {self.token}", "X-Experience-API-Version": "1.0.3",
                        "Content-Type": "application/json"}
        self.launch_data = self.get_state("LMS.LaunchData").json()

    def request(self, method, resource, query=None, body=b"", headers=None):
        return self.session.handle(method, f"/__lrs/{resource}", query or {}, {**self.headers, **(headers or {})},
                                   body if isinstance(body, bytes) else json.dumps(body).encode())

    def state_query(self, state_id):
        return {"stateId": state_id, "activityId": self.query["activityId"], "agent": self.query["actor"],
                "registration": self.query["registration"]}

    def get_state(self, state_id):
        return self.request("GET", "activities/state", self.state_query(state_id))

    def statement(self, verb, defined=True, **extra):
        template = self.launch_data["contextTemplate"]
        context = {"registration": self.query["registration"], "extensions": dict(template["extensions"]),
                   "contextActivities": {"grouping": template["contextActivities"]["grouping"]}}
        if defined:
            context["contextActivities"]["category"] = [{"id": CMI5}]
        verb_id = verb if ":" in verb else f"http://adlnet.gov/expapi/verbs/{verb}"
        return {"actor": self.actor, "verb": {"id": verb_id}, "object": {"id": self.query["activityId"]},
                "context": context, **extra}

    def send(self, *statements):
        return self.request("POST", "statements", body=list(statements))


def launch(store, learner, course, au_index=0, **kw):
    return launch_au(store, LrsScope(learner, "course-module"), course, course.aus[au_index].id, secret=SECRET,
                     origin="tip-pkg://course-module", **kw)


def verbs(store, learner, registration):
    return [(v.rsplit("/", 1)[-1], json.loads(d)["object"]["id"])
            for v, d in store.lrs.registration_verbs(LrsScope(learner, "course-module"), registration)]


PASSED_OK = {"result": {"success": True, "score": {"scaled": 0.8}}}
COMPLETED_OK = {"result": {"completion": True}}


# --- course structure ------------------------------------------------------------------------------

@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the real-package corpus is not here ({CORPUS})")
@pytest.mark.parametrize("name, mastery", [("cmi5-single-au-basic-responsive.zip", None),
                                           ("cmi5-masteryscore-responsive.zip", 0.3)])
def test_the_catapult_courses_are_read(tmp_path, name, mastery):
    with zipfile.ZipFile(CORPUS / name) as zf:
        zf.extractall(tmp_path)
    course = read_cmi5(tmp_path)
    assert course.title.get("en").startswith("Introduction to Geology")
    assert len(course.aus) == 1
    au = course.aus[0]
    assert au.url == "index.html" and au.move_on == "CompletedOrPassed" and au.mastery_score == mastery
    assert au.id.startswith(course.id)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the real-package corpus is not here ({CORPUS})")
@pytest.mark.parametrize("name", ["cmi5-single-au-basic-responsive.zip", "cmi5-masteryscore-responsive.zip"])
def test_the_catapult_statement_pattern_reaches_satisfied(tmp_path, store, learner, name):
    """What CATAPULT's cmi5.js sends for a learner who reads the slides and passes the test
    (the page itself is played in the web view's tests)."""
    with zipfile.ZipFile(CORPUS / name) as zf:
        zf.extractall(tmp_path / "course")
    course = read_cmi5(tmp_path / "course")
    au = Au(launch(store, learner, course))
    assert au.request("GET", "agents/profile", {"agent": au.query["actor"],
                                                "profileId": "cmi5LearnerPreferences"}).status == 200
    moveon = {"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}
    passed = au.statement("passed", result={"success": True, "duration": "PT3M2S", "score": {"scaled": 0.8}})
    passed["context"]["contextActivities"]["category"].append(moveon)
    passed["context"]["extensions"][rules.MASTERY_EXT] = 0.3
    completed = au.statement("completed", result={"completion": True, "duration": "PT3M2S"})
    completed["context"]["contextActivities"]["category"].append(moveon)
    slide = au.statement("http://adlnet.gov/expapi/verbs/experienced", defined=False)
    slide["object"] = {"id": au.query["activityId"] + "/slide/1", "definition": {"name": {"en-US": "Slide 1"}}}
    assert au.send(au.statement("initialized")).status == 200
    assert au.send(slide).status == 200
    assert au.send(passed).status == 200
    assert au.send(completed).status == 200
    assert au.send(au.statement("terminated", result={"duration": "PT3M5S"})).status == 200
    satisfied = [t for v, t in verbs(store, learner, au.session.registration) if v == "satisfied"]
    assert satisfied == [course.aus[0].id, course.id]
    assert au.session.course_result() == rules.Cmi5Result(completed=True, success=True, score=0.8)


def test_blocks_nest_and_every_au_attribute_is_read(tmp_path):
    root = write_course(tmp_path, au_xml("https://example.org/au/1", "Completed"), (
        '<block id="https://example.org/block/1"><title><langstring lang="en">Part 1</langstring></title>'
        + au_xml("https://example.org/au/2", "Passed", "0.75", "quiz.html?lang=en",
                 "<launchParameters>{\"level\":2}</launchParameters><entitlementKey>KEY-1</entitlementKey>")
        .replace('<au ', '<au launchMethod="OwnWindow" activityType="https://example.org/type/quiz" ')
        + au_xml("https://example.org/au/3", "NotApplicable", url="b.html") + "</block>"))
    course = read_cmi5(root)
    assert course.title.get("cy") == "Trosglwyddo" and course.title.get("en-US") == "Safe handover"
    assert [a.id.rsplit("/", 1)[-1] for a in course.aus] == ["1", "2", "3"]
    quiz = course.au("https://example.org/au/2")
    assert (quiz.move_on, quiz.mastery_score, quiz.launch_method) == ("Passed", 0.75, "OwnWindow")
    assert quiz.url == "quiz.html?lang=en" and quiz.launch_parameters == '{"level":2}'
    assert quiz.entitlement_key == "KEY-1" and quiz.activity_type == "https://example.org/type/quiz"
    assert quiz.parents == ("https://example.org/block/1",)
    assert [b.id for b in course.blocks] == ["https://example.org/block/1"]
    assert len(course.blocks[0].children) == 2


@pytest.mark.parametrize("aus, words", [
    (au_xml("https://example.org/au/1", url="https://vendor.example.com/au/index.html"),
     "on the internet: the kiosk cannot play it offline"),
    (au_xml("https://example.org/au/1", url="missing.html"), "'missing.html' is not in the package"),
    (au_xml("https://example.org/au/1", url="../../etc/passwd"), "outside the package"),
    (au_xml("https://example.org/au/1", move_on="Whenever"), "moveOn 'Whenever'"),
    (au_xml("https://example.org/au/1", mastery="1.5"), "masteryScore '1.5'"),
    (au_xml("https://example.org/au/1") + au_xml("https://example.org/au/1"), "used twice"),
    ("", "names no AU"),
])
def test_bad_course_structures_are_refused_naming_cmi5_xml(tmp_path, aus, words):
    with pytest.raises(PackageError) as err:
        read_cmi5(write_course(tmp_path, aus))
    assert str(err.value).startswith("cmi5.xml")
    assert words in str(err.value)


def test_malformed_xml_names_the_file_and_line(tmp_path):
    tmp_path.joinpath("cmi5.xml").write_text('<?xml version="1.0"?>\n<courseStructure>\n  <course id="x">\n'
                                             '</courseStructure>\n')
    with pytest.raises(PackageError) as err:
        read_cmi5(tmp_path)
    problem = err.value.problems[0]
    assert (problem.file, problem.line) == ("cmi5.xml", 4)
    assert "not well-formed XML" in str(err.value)


# --- launch ------------------------------------------------------------------------------------------

def test_the_launch_url_carries_an_opaque_actor_and_the_fetch_url_answers_once(store, learner, tmp_path):
    course = read_cmi5(write_course(tmp_path / "c", au_xml("https://example.org/au/1", mastery="0.6")))
    session = launch(store, learner, course, return_url="tip-pkg://course-module/__kiosk/return")
    query = dict(parse_qsl(urlsplit(session.launch_url).query))
    assert session.launch_url.startswith("tip-pkg://course-module/index.html?")
    assert query["endpoint"] == "tip-pkg://course-module/__lrs"
    assert query["activityId"] == "https://example.org/au/1"
    actor = json.loads(query["actor"])
    assert actor == actor_for(SECRET, learner) and set(actor) == {"objectType", "account"}
    assert "Alex" not in session.launch_url and "code-hash" not in session.launch_url
    assert actor_for(b"another installation's secret", learner) != actor

    before = session.handle("GET", "/__lrs/statements", {}, {"X-Experience-API-Version": "1.0.3"}, b"")
    assert before.status == 401
    au = Au(session)
    again = session.handle("POST", "/__cmi5/fetch", dict(parse_qsl(urlsplit(query["fetch"]).query)), {}, b"")
    assert again.status == 200 and again.json()["error-code"] == "1"
    wrong = dict(au.headers, Authorization="Basic bm9wZTpub3Bl")
    assert session.handle("GET", "/__lrs/statements", {}, wrong, b"").status == 401

    assert au.launch_data["launchMode"] == "Normal" and au.launch_data["moveOn"] == "CompletedOrPassed"
    assert au.launch_data["masteryScore"] == 0.6
    assert au.launch_data["returnURL"] == "tip-pkg://course-module/__kiosk/return"
    assert au.launch_data["contextTemplate"]["extensions"][rules.SESSION_EXT] == session.session_id
    prefs = au.request("GET", "agents/profile", {"agent": query["actor"], "profileId": "cmi5LearnerPreferences"})
    assert prefs.json() == {"languagePreference": "en-GB", "audioPreference": "on"}
    assert verbs(store, learner, session.registration) == [("launched", "https://example.org/au/1")]


def test_launch_data_and_preferences_are_read_only_but_the_au_keeps_its_own_state(store, learner, tmp_path, caplog):
    course = read_cmi5(write_course(tmp_path / "c", au_xml("https://example.org/au/1")))
    au = Au(launch(store, learner, course, language="cy-GB"))
    review = {"launchMode": "Review"}
    assert au.request("PUT", "activities/state", au.state_query("LMS.LaunchData"), review).status == 403
    prefs = {"agent": au.query["actor"], "profileId": "cmi5LearnerPreferences"}
    assert au.request("PUT", "agents/profile", prefs, {"languagePreference": "fr"},
                      {"If-None-Match": "*"}).status == 403
    assert au.request("GET", "agents/profile", prefs).json()["languagePreference"] == "cy-GB"
    assert au.get_state("LMS.LaunchData").json()["launchMode"] == "Normal"
    other = json.dumps({"objectType": "Agent", "account": {"homePage": "https://x.org", "name": "other"}})
    assert au.request("GET", "activities/state", dict(au.state_query("bookmark"), agent=other)).status == 403
    assert "403" in caplog.text

    assert au.request("PUT", "activities/state", au.state_query("bookmark"), b"page=7",
                      {"Content-Type": "text/plain"}).status == 204
    assert au.request("POST", "activities/state", au.state_query("progress"), {"a": 1}).status == 204
    assert au.request("POST", "activities/state", au.state_query("progress"), {"b": 2}).status == 204
    assert au.get_state("bookmark").body == b"page=7"
    assert au.get_state("progress").json() == {"a": 1, "b": 2}
    listed = au.request("GET", "activities/state", {k: v for k, v in au.state_query("x").items() if k != "stateId"})
    assert set(listed.json()) == {"LMS.LaunchData", "bookmark", "progress"}


def test_a_relaunch_resumes_the_registration_and_abandons_the_unfinished_session(store, learner, tmp_path, caplog):
    course = read_cmi5(write_course(tmp_path / "c", au_xml("https://example.org/au/1")))
    first = Au(launch(store, learner, course))
    assert first.send(first.statement("initialized")).status == 200
    first.request("PUT", "activities/state", first.state_query("bookmark"), {"page": 3})

    second_session = launch(store, learner, course)  # the first was closed without 'terminated'
    second = Au(second_session)
    assert second.query["registration"] == first.query["registration"]
    assert second.get_state("bookmark").json() == {"page": 3}
    assert "wrote 'abandoned'" in caplog.text
    assert [v for v, _ in verbs(store, learner, second_session.registration)] == [
        "launched", "initialized", "abandoned", "launched"]
    # The first session's page can no longer write: it was abandoned, and its token belongs to it.
    assert first.send(first.statement("completed", **COMPLETED_OK)).status == 403


def test_sign_out_abandons_open_sessions_of_every_course(store, learner, tmp_path):
    course = read_cmi5(write_course(tmp_path / "c", au_xml("https://example.org/au/1")))
    au = Au(launch(store, learner, course))
    au.send(au.statement("initialized"))
    assert abandon_open_sessions(store, learner, SECRET) == 1
    assert abandon_open_sessions(store, learner, SECRET) == 0
    assert [v for v, _ in verbs(store, learner, au.session.registration)][-1] == "abandoned"
    finished = Au(launch(store, learner, course))
    finished.send(finished.statement("initialized"), finished.statement("terminated"))
    assert abandon_open_sessions(store, learner, SECRET) == 0


# --- statement rules -----------------------------------------------------------------------------------

@pytest.fixture
def au(store, learner, tmp_path):
    course = read_cmi5(write_course(tmp_path / "c", au_xml("https://example.org/au/1", "CompletedAndPassed", "0.5")))
    return Au(launch(store, learner, course))


def test_initialized_comes_first_and_only_once(au):
    assert au.send(au.statement("experienced", defined=False)).status == 403
    assert au.send(au.statement("completed", **COMPLETED_OK)).status == 403
    assert au.send(au.statement("initialized")).status == 200
    assert au.send(au.statement("initialized")).status == 403


def test_completed_passed_and_failed_at_most_once_and_nothing_after_terminated(au, caplog):
    assert au.send(au.statement("initialized"), au.statement("completed", **COMPLETED_OK)).status == 200
    refused = au.send(au.statement("completed", **COMPLETED_OK))
    assert refused.status == 403 and "already recorded" in refused.json()["error"]
    assert au.send(au.statement("passed", **PASSED_OK)).status == 200
    assert au.send(au.statement("passed", **PASSED_OK)).status == 403
    assert au.send(au.statement("failed", result={"success": False, "score": {"scaled": 0.1}})).status == 403
    assert au.send(au.statement("terminated")).status == 200
    after = au.send(au.statement("experienced", defined=False))
    assert after.status == 403 and "terminated" in after.json()["error"]
    assert "Local LRS refused POST /__lrs/statements with 403: the AU session has ended" in caplog.text


def test_passed_and_failed_follow_the_mastery_score(au):
    au.send(au.statement("initialized"))
    below = au.send(au.statement("passed", result={"success": True, "score": {"scaled": 0.49}}))
    assert below.status == 403 and "masteryScore 0.5" in below.json()["error"]
    assert au.send(au.statement("passed", result={"success": True})).status == 403
    assert au.send(au.statement("failed", result={"success": False, "score": {"scaled": 0.5}})).status == 403
    assert au.send(au.statement("failed", result={"success": False, "score": {"scaled": 0.2}})).status == 200
    assert au.send(au.statement("passed", result={"success": True, "score": {"scaled": 0.5}})).status == 200
    assert au.session.result().success is True and au.session.result().score == 0.5


def test_lms_verbs_missing_template_and_browse_mode_are_refused(au, store, learner, tmp_path):
    au.send(au.statement("initialized"))
    for verb in (rules.ABANDONED, rules.WAIVED, rules.SATISFIED, rules.LAUNCHED):
        response = au.send(au.statement(verb))
        assert response.status == 403 and "written by the LMS" in response.json()["error"]
    bare = au.statement("experienced", defined=False)
    del bare["context"]["extensions"]
    assert au.send(bare).status == 400
    course = read_cmi5(write_course(tmp_path / "b", au_xml("https://example.org/au/1")))
    browse = Au(launch(store, learner, course, launch_mode="Browse"))
    browse.send(browse.statement("initialized"))
    assert browse.send(browse.statement("completed", **COMPLETED_OK)).status == 403


def test_allowed_statements_are_stored_but_ignored_for_records(au):
    au.send(au.statement("initialized"))
    chatter = au.statement("http://adlnet.gov/expapi/verbs/passed", defined=False, result={"success": True})
    chatter["object"] = {"id": au.query["activityId"] + "/slide/2"}
    assert au.send(chatter).status == 200
    assert au.session.result() == rules.Cmi5Result(completed=False, success=None, score=None)


@pytest.mark.parametrize("move_on, sent, satisfied", [
    ("Passed", ["passed"], True), ("Passed", ["completed"], False),
    ("Completed", ["completed"], True), ("Completed", ["passed"], False),
    ("CompletedAndPassed", ["completed"], False), ("CompletedAndPassed", ["completed", "passed"], True),
    ("CompletedOrPassed", ["passed"], True), ("CompletedOrPassed", ["completed"], True),
    ("CompletedOrPassed", [], False), ("NotApplicable", [], True),
])
def test_move_on_decides_when_the_au_block_and_course_are_satisfied(store, learner, tmp_path, move_on, sent,
                                                                     satisfied):
    blocks = ('<block id="https://example.org/block/1"><title><langstring lang="en">B</langstring></title>'
              + au_xml("https://example.org/au/1", move_on) + "</block>")
    course = read_cmi5(write_course(tmp_path / "c", "", blocks))
    au = Au(launch(store, learner, course))
    au.send(au.statement("initialized"))
    for verb in sent:
        assert au.send(au.statement(verb, **(PASSED_OK if verb == "passed" else COMPLETED_OK))).status == 200
    written = [target for verb, target in verbs(store, learner, au.session.registration) if verb == "satisfied"]
    expected = ["https://example.org/au/1", "https://example.org/block/1", "https://example.org/course"]
    assert written == (expected if satisfied else [])
    assert au.session.course_result().completed is satisfied
    au.send(au.statement("terminated"))  # nothing is satisfied twice
    assert [t for v, t in verbs(store, learner, au.session.registration) if v == "satisfied"] == written


def test_a_failed_au_whose_move_on_is_completed_still_finishes_the_course(store, learner, tmp_path):
    """The kiosk's step completion follows cmi5 satisfaction, also when an AU reported failed."""
    course = read_cmi5(write_course(tmp_path / "c", au_xml("https://example.org/au/1", "Completed", "0.5")))
    au = Au(launch(store, learner, course))
    au.send(au.statement("initialized"), au.statement("failed", result={"success": False, "score": {"scaled": 0.2}}))
    assert au.session.course_result() == rules.Cmi5Result(completed=False, success=False, score=0.2)
    assert not au.session.course_result().finished
    au.send(au.statement("completed", **COMPLETED_OK))
    assert au.session.course_result().finished and au.session.result().finished


def test_the_course_waits_for_every_au(store, learner, tmp_path):
    course = read_cmi5(write_course(tmp_path / "c", au_xml("https://example.org/au/1", "Completed")
                                    + au_xml("https://example.org/au/2", "Completed", url="b.html")))
    first = Au(launch(store, learner, course, 0))
    first.send(first.statement("initialized"), first.statement("completed", **COMPLETED_OK),
               first.statement("terminated"))
    assert first.session.course_result().completed is False
    second = Au(launch(store, learner, course, 1))
    assert second.query["registration"] == first.query["registration"]
    second.send(second.statement("initialized"), second.statement("completed", **COMPLETED_OK))
    satisfied = [t for v, t in verbs(store, learner, second.session.registration) if v == "satisfied"]
    assert satisfied == ["https://example.org/au/1", "https://example.org/au/2", "https://example.org/course"]
    assert second.session.course_result().completed is True
    scope = LrsScope(learner, "course-module")
    assert recorded_result(store, scope, course).completed is True  # as My progress would read it
    assert recorded_result(store, scope, course, "https://example.org/au/2") == rules.Cmi5Result(completed=True)
    assert recorded_result(store, LrsScope(learner, "never-launched"), course) == rules.Cmi5Result()


# --- a hostile AU ---------------------------------------------------------------------------------------

def test_a_hostile_au_is_contained_and_nothing_it_was_told_is_lost(au, store, learner, caplog):
    caplog.set_level(logging.INFO)
    assert au.send(au.statement("initialized"), au.statement("passed", **PASSED_OK)).status == 200
    stranger = au.statement("experienced", defined=False)
    stranger["actor"] = {"mbox": "mailto:someone@example.org"}
    assert au.send(stranger).status == 403
    other_reg = au.statement("experienced", defined=False)
    other_reg["context"]["registration"] = "6e5f9c1a-0b7e-4a36-9d53-2f0e4d6c1b11"
    assert au.send(other_reg).status == 403
    assert "for another actor" in caplog.text and "registration" in caplog.text

    passed_id = json.loads(au.request("GET", "statements", {"verb": rules.PASSED}).body)["statements"][0]["id"]
    void = au.statement("http://adlnet.gov/expapi/verbs/voided", defined=False,
                        object={"objectType": "StatementRef", "id": passed_id})
    assert au.send(void).status == 403
    assert au.request("GET", "statements", {"statementId": passed_id}).status == 200

    huge = au.statement("experienced", defined=False, result={"response": "x" * 10_000_000})
    too_big = au.send(huge)
    assert too_big.status == 413
    assert "with 413: the request body is 10000" in caplog.text

    sent = []
    for _ in range(0, 10_000, 250):
        batch = [au.statement("experienced", defined=False) for _ in range(250)]
        response = au.send(*batch)
        assert response.status == 200
        sent.extend(response.json())
    assert "has sent 1002 statements in session" in caplog.text  # a runaway AU is visible to IT
    scope = LrsScope(learner, "course-module")
    stored = {row[0] for row in store.conn.execute(
        "SELECT statement_id FROM lrs_statements WHERE learner_id = ? AND module_id = ?", (scope.learner_id,
                                                                                           scope.module_id))}
    assert set(sent) <= stored and len(sent) == 10_000
    assert au.session.result().success is True  # the kiosk's record stood through all of it
    page = au.request("GET", "statements", {"limit": "500"}).json()
    assert len(page["statements"]) == 500 and page["more"].startswith("/__lrs/statements?more=")
    more = urlsplit(page["more"])
    assert au.session.handle("GET", more.path, dict(parse_qsl(more.query)), au.headers, b"").status == 200


CHILD = """
import json, sys
from pathlib import Path
from kiosk.core.cmi5.course import read_cmi5
from kiosk.core.cmi5.launch import launch_au
from kiosk.core.store import open_store
from kiosk.core.store.lrs import LrsScope
from urllib.parse import parse_qsl, urlsplit
store, _ = open_store(Path(sys.argv[1]))
learner = store.learners.add("child", "pin", None)
course = read_cmi5(Path(sys.argv[2]))
session = launch_au(store, LrsScope(learner, "m"), course, course.aus[0].id, secret=b"s" * 32, origin="tip-pkg://m")
q = dict(parse_qsl(urlsplit(session.launch_url).query))
fetch = urlsplit(q["fetch"])
token = session.handle("POST", fetch.path, dict(parse_qsl(fetch.query)), {}, b"").json()["auth-token"]
headers = {"Authorization": "Basic " + token, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
context = {"registration": q["registration"], "extensions": {SESSION: session.session_id},
           "contextActivities": {"category": [{"id": CMI5}]}}
def post(verb, defined=True):
    ctx = json.loads(json.dumps(context))
    if not defined:
        del ctx["contextActivities"]
    body = {"actor": json.loads(q["actor"]), "verb": {"id": "http://adlnet.gov/expapi/verbs/" + verb},
            "object": {"id": q["activityId"]}, "context": ctx}
    r = session.handle("POST", "/__lrs/statements", {}, headers, json.dumps(body).encode())
    assert r.status == 200, r.body
    print(r.json()[0], flush=True)
post("initialized")
while True:
    post("experienced", defined=False)
"""


def test_statements_acknowledged_before_a_sigkill_are_all_stored(tmp_path):
    course_dir = write_course(tmp_path / "c", au_xml("https://example.org/au/1"))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / "data"), str(course_dir)], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    acknowledged = []
    try:
        while len(acknowledged) < 150:
            line = child.stdout.readline()
            assert line, child.stderr.read()
            acknowledged.append(line.strip())
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    store, _ = open_store(tmp_path / "data")
    stored = {row[0] for row in store.conn.execute("SELECT statement_id FROM lrs_statements")}
    assert set(acknowledged) <= stored
    open_session = store.conn.execute("SELECT state FROM cmi5_sessions").fetchone()[0]
    assert open_session == "open"  # the next launch (or sign-out) writes 'abandoned'
    learner = store.conn.execute("SELECT id FROM learners").fetchone()[0]
    assert abandon_open_sessions(store, learner, b"s" * 32) == 1
    store.conn.close()
