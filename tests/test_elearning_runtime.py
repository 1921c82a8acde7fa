"""A learner's work inside a package step: SCORM commits kept for resume, results credited once,
limits refused without losing anything, rollup across SCOs, H5P statements, and records that carry
nothing the package wrote. Real SQLite files throughout."""

from __future__ import annotations

import copy
import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from types import MappingProxyType

import pytest

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import PackageStep, Programme
from kiosk.core.elearning import Package, PackageResult, Sco
from kiosk.core.elearning.runtime import MAX_SUSPEND, parse_body, parse_duration
from kiosk.core.elearning.sequencing import tree_from_manifest
from kiosk.core.errors import PackageDataError
from kiosk.core.learning import Learning
from kiosk.core.privacy import pseudonymiser
from kiosk.core.records import RecordPolicy, StatementMaker
from kiosk.core.store import open_store
from tests.elearning_fixtures import scorm2004_two_sco_package

CANARY = "Zebedee-Canary-7781"


def package_programme(programme: Programme, standard: str, package: Package) -> Programme:
    """The test programme's first module, cut to its welcome page and one package step."""
    module = programme.available[0]
    step = PackageStep(id="course", title="The course", standard=standard)
    module = dataclasses.replace(module, steps=(module.steps[0], step),
                                 packages=MappingProxyType({"course": package}))
    return dataclasses.replace(programme, modules=(module,))


def open_run(store, programme, learner, records=None):
    learning = Learning(store, programme, learner, **({"records": records} if records else {}))
    run = learning.open(programme.modules[0].id)
    run.next()
    return run


def scorm12(root: Path, *scos: Sco) -> Package:
    return Package("scorm_1.2", root, "A 1.2 course",
                   scos or (Sco("sco-1", "Part 1", "index.html", mastery_score=0.8),))


def commit12(status="incomplete", raw=None, location="", suspend="", **core):
    body = {"cmi": {"core": {"lesson_status": status, "lesson_location": location, "student_id": "x",
                             "student_name": "Someone", "session_time": "0000:01:30.00",
                             "score": {"raw": "" if raw is None else str(raw), "min": "", "max": ""}, **core},
                    "suspend_data": suspend, "comments": "", "interactions": {}, "objectives": {}}}
    return body


def commit2004(completion="incomplete", success="unknown", scaled=None, location="", suspend="", nav=None, **cmi):
    body = {"cmi": {"completion_status": completion, "success_status": success, "location": location,
                    "suspend_data": suspend, "learner_id": "x", "learner_name": "Someone",
                    "session_time": "PT2M", "score": {"scaled": "" if scaled is None else str(scaled)},
                    "interactions": {}, "objectives": {}, **cmi}}
    if nav:
        body["adl"] = {"nav": {"request": nav}}
    return body


@pytest.fixture
def learner(accounts):
    return accounts.register("1234567", "482915", first_name="Amira")


def test_scorm12_commit_is_stored_and_given_back_for_resume(store, data_dir, programme, learner, tmp_path):
    programme = package_programme(programme, "scorm_1.2", scorm12(tmp_path))
    run = open_run(store, programme, learner)
    step = run.step
    assert run.package_launch(step) == "sco-1"
    outcome = run.commit_package(step, "sco-1", commit12(location="page-3", suspend="s=1;q=2", exit="suspend"))
    assert not outcome.step_done and not outcome.newly_done and not outcome.result.completed
    store.close()

    reopened, _ = open_store(data_dir)  # as after a restart
    learner = Accounts(reopened, installation_secret(data_dir)).sign_in("1234567", "482915")
    run = open_run(reopened, programme, learner)
    state = run.package_state(run.step)["sco-1"]["cmi"]
    assert state["core"]["lesson_location"] == "page-3" and state["suspend_data"] == "s=1;q=2"
    assert state["core"]["entry"] == "resume" and state["core"]["total_time"] == "0000:01:30.00"
    assert "student_name" not in state["core"] and "student_id" not in state["core"]
    # A second session adds its own time to the total.
    assert run.package_launch(run.step) == "sco-1"
    run.commit_package(run.step, "sco-1", commit12(session_time="0000:00:30.00"))
    assert run.package_state(run.step)["sco-1"]["cmi"]["core"]["total_time"] == "0000:02:00.00"
    reopened.close()


def test_scorm12_final_commit_completes_the_step_once(store, programme, learner, tmp_path):
    programme = package_programme(programme, "scorm_1.2", scorm12(tmp_path))
    run = open_run(store, programme, learner)
    step = run.step
    run.package_launch(step)
    first = run.commit_package(step, "sco-1", commit12("completed", raw=85), final=True)
    assert first.newly_done and first.step_done
    assert first.result == PackageResult(completed=True, success=True, score=0.85)
    assert run.is_done(step) and run.answer(step) == {"via": "package", "completed": True, "success": True,
                                                      "score": 0.85}
    run.package_launch(step)
    again = run.commit_package(step, "sco-1", commit12("completed", raw=90), final=True)
    assert again.step_done and not again.newly_done
    done_rows = store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    assert done_rows == 0  # no record maker here; see the records test for the statement itself
    assert run.completion.score == 85  # the package's score is the module's


def test_scorm12_below_mastery_fails_and_does_not_complete(store, programme, learner, tmp_path):
    programme = package_programme(programme, "scorm_1.2", scorm12(tmp_path))
    run = open_run(store, programme, learner)
    run.package_launch(run.step)
    outcome = run.commit_package(run.step, "sco-1", commit12("completed", raw=60), final=True)
    assert outcome.result == PackageResult(completed=True, success=False, score=0.6)
    assert not outcome.step_done and not run.is_done(run.step)
    assert not run.completed
    # leaving never finishes a package
    run.back()
    assert not run.is_done(run.module.steps[1])


def test_commit_after_final_and_over_the_limits_is_refused_and_nothing_is_lost(store, programme, learner, tmp_path):
    programme = package_programme(programme, "scorm_1.2", scorm12(tmp_path))
    run = open_run(store, programme, learner)
    step = run.step
    run.package_launch(step)
    run.commit_package(step, "sco-1", commit12(location="p2", suspend="keep me"))
    before = run.package_state(step)
    too_long = commit12(suspend="x" * (MAX_SUSPEND + 1))
    many = commit12()
    many["cmi"]["interactions"] = {str(i): {"id": f"q{i}", "type": "choice"} for i in range(501)}
    for bad in (too_long, many, ["not", "a", "dict"], {"cmi": "text"}, {"no": "cmi"}):
        with pytest.raises(PackageDataError):
            run.commit_package(step, "sco-1", bad)
    with pytest.raises(PackageDataError, match="64001 characters in suspend_data; the limit is 64000"):
        run.commit_package(step, "sco-1", too_long)
    with pytest.raises(PackageDataError, match="501 interactions; the limit is 500"):
        run.commit_package(step, "sco-1", many)
    with pytest.raises(PackageDataError):
        run.commit_package(step, "no-such-sco", commit12())
    with pytest.raises(PackageDataError):
        parse_body(b"{" + b" " * 1_000_001 + b"}")
    assert run.package_state(step) == before
    run.commit_package(step, "sco-1", commit12(location="p3"), final=True)
    with pytest.raises(PackageDataError, match="already finished"):
        run.commit_package(step, "sco-1", commit12(location="p4"))
    assert run.package_state(step)["sco-1"]["cmi"]["core"]["lesson_location"] == "p3"


def test_scorm12_rollup_across_two_scos_and_launch_order(store, programme, learner, tmp_path):
    package = scorm12(tmp_path, Sco("a", "Part A", "a.html"), Sco("b", "Part B", "b.html"),
                      Sco("files", "Shared", "x.css", scorm_type="asset"))
    programme = package_programme(programme, "scorm_1.2", package)
    run = open_run(store, programme, learner)
    step = run.step
    assert run.package_launch(step) == "a"
    outcome = run.commit_package(step, "a", commit12("passed", raw=90), final=True)
    assert outcome.result == PackageResult(False, None, 0.9) and not outcome.step_done
    assert run.package_launch(step, "continue") == "b"
    assert run.package_launch(step, "start") == "b"  # resume where they were
    outcome = run.commit_package(step, "b", commit12("passed", raw=70), final=True)
    assert outcome.newly_done and outcome.result == PackageResult(True, True, 0.8)
    assert run.package_launch(step, "continue") is None
    assert [(n.id, n.status) for n in run.package_navigation(step)] == [("a", "passed"), ("b", "passed")]


def two_sco_2004(tmp_path: Path) -> Package:
    folder = scorm2004_two_sco_package(tmp_path / "two")
    root = ET.parse(folder / "imsmanifest.xml").getroot()
    organization = next(e for e in root.iter() if e.tag.endswith("}organization"))
    tree = tree_from_manifest(root, organization)
    return Package("scorm_2004", folder, "Two-part course",
                   (Sco("item-1", "Part 1", "sco1/index.html", mastery_score=0.8),
                    Sco("item-2", "Part 2", "sco2/index.html", mastery_score=0.8)), "3rd", sequencing=tree)


def test_scorm2004_sequencing_drives_the_package_and_its_rollup(store, data_dir, programme, learner, tmp_path):
    programme = package_programme(programme, "scorm_2004", two_sco_2004(tmp_path))
    run = open_run(store, programme, learner)
    step = run.step
    assert run.package_launch(step) == "item-1"
    nav = {n.id: n for n in run.package_navigation(step)}
    assert nav["item-1"].status == "incomplete" and nav["item-2"].status == "not_attempted"
    outcome = run.commit_package(step, "item-1", commit2004("completed", scaled=0.5, location="p9", nav="continue"),
                                 final=True)
    assert outcome.next_sco == "item-1"  # part two is disabled until part one is mastered
    store.close()

    reopened, _ = open_store(data_dir)
    learner = Accounts(reopened, installation_secret(data_dir)).sign_in("1234567", "482915")
    run = open_run(reopened, programme, learner)
    assert run.package_state(step)["item-1"]["cmi"]["location"] == "p9"
    assert run.package_launch(step) == "item-1"
    outcome = run.commit_package(step, "item-1", commit2004("completed", scaled=0.9, nav="continue"), final=True)
    assert outcome.next_sco == "item-2" and not outcome.step_done
    assert run.package_state(step)["item-2"]["cmi"]["entry"] == "ab-initio"
    outcome = run.commit_package(step, "item-2", commit2004("completed", "passed", scaled=0.85, nav="exitAll"),
                                 final=True)
    assert outcome.newly_done and outcome.next_sco is None
    assert outcome.result == PackageResult(True, True, 0.875)
    assert run.completion.score == 88
    reopened.close()


def test_h5p_answered_with_a_score_completes_and_sub_content_is_ignored(store, programme, learner, tmp_path):
    package = Package("h5p", tmp_path, "Quiz", (Sco("content", "Quiz", ""),))
    programme = package_programme(programme, "h5p", package)
    run = open_run(store, programme, learner)
    step = run.step
    assert run.package_launch(step) == "content"
    sub = h5p_statement("answered", 1, 1, True, sub_content=True)
    assert not run.h5p_event(step, sub).step_done
    assert not run.h5p_event(step, h5p_statement("interacted", 1, 1, True)).step_done
    wrong = run.h5p_event(step, h5p_statement("answered", 0, 2, False))
    assert wrong.result == PackageResult(True, False, 0.0) and not wrong.step_done
    right = run.h5p_event(step, h5p_statement("answered", 2, 2, True))
    assert right.newly_done and right.result == PackageResult(True, True, 1.0)
    run.save_h5p_state(step, json.dumps({"answers": [1], "note": "x"}))
    assert json.loads(run.h5p_state(step)) == {"answers": [1], "note": "x"}
    with pytest.raises(PackageDataError):
        run.save_h5p_state(step, "{not json")
    with pytest.raises(PackageDataError):
        run.h5p_event(step, "not a statement")
    stored = store.conn.execute("SELECT data FROM package_state").fetchall()
    assert not any("response" in row[0] for row in stored)


def h5p_statement(verb, raw, maximum, success, sub_content=False, response=""):
    statement = {
        "actor": {"name": "Learner", "mbox": "mailto:learner@example.invalid"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {"id": "http://localhost/h5p?contentId=1" + ("&subContentId=abc" if sub_content else ""),
                   "objectType": "Activity"},
        "result": {"score": {"min": 0, "max": maximum, "raw": raw, "scaled": raw / maximum},
                   "completion": True, "success": success, "duration": "PT3S", "response": response},
    }
    if sub_content:
        statement["context"] = {"contextActivities": {"parent": [{"id": "http://localhost/h5p?contentId=1"}]}}
    return statement


def test_nothing_the_package_writes_reaches_a_record(store, data_dir, programme, tmp_path):
    accounts = Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(b"o" * 32))
    learner = accounts.register("CANARY-1234", "482915", first_name=CANARY)
    maker = StatementMaker(RecordPolicy(programme.id), store.progress.module_progress)
    scorm_programme = package_programme(programme, "scorm_1.2", scorm12(tmp_path))
    run = open_run(store, scorm_programme, learner, maker)
    body = commit12("passed", raw=95, suspend=f"name={CANARY};code=CANARY-1234", location=CANARY)
    body["cmi"]["comments"] = f"I am {CANARY}"
    body["cmi"]["interactions"] = {"0": {"id": "q1", "type": "fill-in", "student_response": CANARY,
                                         "result": "correct"}}
    run.package_launch(run.step)
    assert run.commit_package(run.step, "sco-1", body, final=True).newly_done

    h5p_programme = package_programme(programme, "h5p", Package("h5p", tmp_path, "Quiz", (Sco("content", "Q", ""),)))
    other = accounts.register("CANARY-5678", "482915", first_name=CANARY)
    run = open_run(store, h5p_programme, other, maker)
    assert run.h5p_event(run.step, h5p_statement("answered", 1, 1, True, response=CANARY)).newly_done
    run.save_h5p_state(run.step, json.dumps({"typed": CANARY}))

    payloads = [p for (p,) in store.conn.execute("SELECT payload FROM outbox")]
    done = [json.loads(p) for p in payloads if '"completed"' in p and "/steps/course" in p]
    assert len(done) == 2
    assert done[0]["result"] == {"completion": True, "success": True, "score": {"scaled": 0.95}}
    assert done[0]["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/lesson"
    for payload in payloads:
        assert CANARY.lower() not in payload.lower()
        assert "suspend" not in payload and "interaction" not in payload and "response" not in payload


def test_the_package_is_told_an_opaque_id_and_a_neutral_name(store, programme, learner, tmp_path):
    programme = package_programme(programme, "scorm_1.2", scorm12(tmp_path))
    run = open_run(store, programme, learner)
    ident, name = run.package_learner()
    assert name == "Learner" and ident.startswith("learner-") and "1234567" not in ident
    assert run.package_learner() == (ident, name)
    accounts = Accounts(store, installation_secret(store_dir(store)))
    other = open_run(store, programme, accounts.register("7654321", "735061"))
    assert other.package_learner()[0] != ident


def store_dir(store) -> Path:
    return Path(store.conn.execute("PRAGMA database_list").fetchone()[2]).parent


def test_durations():
    assert parse_duration("0001:02:03.50") == 3723.5
    assert parse_duration("PT1H2M3.5S") == 3723.5
    assert parse_duration("P1DT1S") == 86401
    assert parse_duration("junk") == 0.0


def test_a_saved_answer_is_not_changed_by_the_caller(store, programme, learner, tmp_path):
    programme = package_programme(programme, "scorm_1.2", scorm12(tmp_path))
    run = open_run(store, programme, learner)
    run.package_launch(run.step)
    body = commit12(location="a")
    kept = copy.deepcopy(body)
    run.commit_package(run.step, "sco-1", body)
    assert body == kept


GOLF = Path("/work/shared/corpus/standard-content/scorm2004-3rd-sequencing-simple-remediation.zip")


@pytest.mark.skipif(not GOLF.exists(), reason=f"{GOLF} is not on this machine")
def test_golf_remediation_through_the_learner_path(store, data_dir, programme, tmp_path):
    """The real package read by the importer's manifest reader, walked through ModuleRun as the
    web view drives it: the step is done only when remediation has mastered every objective."""
    import zipfile

    from kiosk.core.elearning.manifest import read_package

    with zipfile.ZipFile(GOLF) as archive:
        archive.extractall(tmp_path / "golf")
    accounts = Accounts(store, installation_secret(data_dir), pseudonymise=pseudonymiser(b"o" * 32))
    learner = accounts.register("1234567", "482915")
    maker = StatementMaker(RecordPolicy(programme.id), store.progress.module_progress)
    programme = package_programme(programme, "scorm_2004", read_package(tmp_path / "golf"))
    run = open_run(store, programme, learner, maker)
    step = run.step
    failing = {"test_2"}
    delivered = [run.package_launch(step)]
    while delivered[-1] is not None and len(delivered) < 30:
        sco = delivered[-1]
        if sco.startswith("test"):
            score = 40 if sco in failing else 90
            body = commit2004("completed", "passed" if score >= 70 else "failed", scaled=score / 100)
        else:
            body = commit2004("completed", "passed")
        outcome = run.commit_package(step, sco, body, final=True)
        assert outcome.step_done == (len(delivered) >= 10)  # from the passed retake of test_2
        if sco == "test_4":
            failing = set()
        delivered.append(run.package_launch(step, "continue"))
    assert delivered == ["playing_item", "etuqiette_item", "handicapping_item", "havingfun_item",
                         "test_1", "test_2", "test_3", "test_4", "etuqiette_item", "test_2", "test_4", None]
    assert run.is_done(step) and run.answer(step)["success"] is True
    done = [p for (p,) in store.conn.execute("SELECT payload FROM outbox") if "/steps/course" in p]
    assert len(done) == 1


def test_sigkill_while_a_package_commits_loses_nothing_committed(tmp_path):
    """Kill -9 a process committing SCORM data (and finishing the package part-way): every commit
    that returned is on disk, and the step, its answer and its one record are all there or none."""
    import random
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from tests.helpers import write_programme

    data_dir, content = tmp_path / "data", write_programme(tmp_path / "content", modules=1)
    data_dir.mkdir()
    rng = random.Random(20261202)
    last = 0
    for _ in range(6):
        child = subprocess.Popen([sys.executable, "-m", "tests.package_crash_child", str(data_dir), str(content),
                                  str(tmp_path)], cwd=Path(__file__).resolve().parent.parent,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "READY", child.stderr.read()
        time.sleep(rng.uniform(0.05, 0.5))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        for line in out.splitlines(keepends=True):
            if line.startswith("SAVED ") and line.endswith("\n"):
                last = max(last, int(line.split()[1]))
    assert last > 40, "the child should get past finishing the package"

    conn = sqlite3.connect(data_dir / "learners.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    (data,) = conn.execute("SELECT data FROM package_state WHERE sco_id = 'sco-1'").fetchone()
    from kiosk.core import vault
    from kiosk.core.store.packages import PackageRow

    key = vault.session_key(installation_secret(data_dir), 1, "482915")  # sealed at rest (kiosk.core.vault)
    assert "suspend_data" not in data
    data = vault.open_package_rows(key, "module-1", "course", {"sco-1": PackageRow(json.loads(data))})["sco-1"].data
    assert int(data["cmi"]["suspend_data"].split("=")[1]) >= last
    status, answer = conn.execute("SELECT status, answer FROM progress WHERE step_id = 'course'").fetchone()
    assert status == "done" and json.loads(answer)["via"] == "package"
    records = [json.loads(p) for (p,) in conn.execute("SELECT payload FROM outbox WHERE kind = 'step_done'")]
    assert [r["step"] for r in records].count("course") == 1


def test_scorm2004_time_out_exit_ends_the_package(store, programme, learner, tmp_path):
    programme = package_programme(programme, "scorm_2004", two_sco_2004(tmp_path))
    run = open_run(store, programme, learner)
    assert run.package_launch(run.step) == "item-1"
    outcome = run.commit_package(run.step, "item-1", commit2004("incomplete", exit="time-out"), final=True)
    assert outcome.next_sco is None
    assert run.package_launch(run.step) == "item-1"  # a new attempt on the package
    assert run.package_state(run.step)["item-1"]["cmi"]["entry"] == "ab-initio"


def test_scorm2004_statuses_the_lms_evaluates():
    from kiosk.core.elearning.runtime import statuses_2004

    # a completion threshold and a progress measure decide completion, whatever the SCO said
    assert statuses_2004({"completion_status": "completed", "progress_measure": "0.5"}, None, 0.8)[0] == "incomplete"
    assert statuses_2004({"completion_status": "unknown", "progress_measure": "0.9"}, None, 0.8)[0] == "completed"
    # without a progress measure the SCO's own status stands; unknown stays unknown
    assert statuses_2004({"completion_status": "unknown"}, None, 0.8)[0] == "unknown"
    # a scaled passing score and score.scaled decide success
    assert statuses_2004({"success_status": "passed", "score": {"scaled": "0.5"}}, 0.8, None)[1] == "failed"
    assert statuses_2004({"success_status": "unknown", "score": {"scaled": "0.8"}}, 0.8, None)[1:] == ("passed", 0.8)
    assert statuses_2004({"success_status": "unknown"}, 0.8, None)[1] == "unknown"
    assert statuses_2004({"completion_status": "not attempted", "success_status": "junk"}, None, None)[:2] == (
        "incomplete", "unknown")


def test_scorm12_statuses():
    from kiosk.core.elearning.runtime import statuses_12

    sco = Sco("s", "S", "i.html", mastery_score=0.7)
    assert statuses_12({"core": {"lesson_status": "completed", "score": {"raw": "65"}}}, sco) == (
        "completed", "failed", 0.65)
    assert statuses_12({"core": {"lesson_status": "incomplete", "score": {"raw": "7", "max": "10"}}}, sco) == (
        "completed", "passed", 0.7)
    # the SCO's own passed/failed stands
    assert statuses_12({"core": {"lesson_status": "failed", "score": {"raw": "90"}}}, sco)[1] == "failed"
    assert statuses_12({"core": {"lesson_status": "browsed"}}, None) == ("incomplete", "unknown", None)
    assert statuses_12({"core": {"lesson_status": "not attempted"}}, None)[0] == "unknown"


def test_h5p_statements_that_say_nothing_about_the_whole_content():
    from kiosk.core.elearning.runtime import h5p_result

    by_extension = h5p_statement("answered", 1, 1, True)
    by_extension["object"]["definition"] = {"extensions": {"http://h5p.org/x-api/h5p-subContentId": "abc"}}
    assert h5p_result(by_extension) is None
    without_result = h5p_statement("completed", 1, 1, True)
    del without_result["result"]
    assert h5p_result(without_result) is None
    raw_only = h5p_statement("completed", 3, 4, None)
    del raw_only["result"]["score"]["scaled"]
    raw_only["result"].pop("completion")
    assert h5p_result(raw_only) == PackageResult(True, None, 0.75)


def test_removing_a_learners_package_data(store, programme, learner, tmp_path):
    programme = package_programme(programme, "scorm_1.2", scorm12(tmp_path))
    run = open_run(store, programme, learner)
    run.package_launch(run.step)
    run.commit_package(run.step, "sco-1", commit12(suspend="mine"))
    with store.transaction() as conn:
        store.packages.delete_learner(learner.id, conn=conn)
    assert run.package_state(run.step) == {}
