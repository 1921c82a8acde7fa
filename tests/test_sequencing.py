"""SCORM 2004 sequencing: the real golf "simple remediation" package walked from start to end,
packages built in code with rules, and state that survives a round trip through JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from kiosk.core.elearning.sequencing import Sequencer, parse_request, tree_from_manifest
from tests.elearning_fixtures import scorm2004_two_sco_package

CORPUS = Path("/work/shared/corpus/standard-content")
GOLF = CORPUS / "scorm2004-3rd-sequencing-simple-remediation.zip"
needs_golf = pytest.mark.skipif(not GOLF.exists(), reason=f"{GOLF} is not on this machine")
CONTENT = ["playing_item", "etuqiette_item", "handicapping_item", "havingfun_item"]
TESTS = ["test_1", "test_2", "test_3", "test_4"]


def tree_of(manifest: Path):
    root = ET.parse(manifest).getroot()
    organization = next(e for e in root.iter() if e.tag.endswith("}organization"))
    return tree_from_manifest(root, organization)


@pytest.fixture
def golf(tmp_path):
    with zipfile.ZipFile(GOLF) as archive:
        archive.extractall(tmp_path / "golf")
    return tree_of(tmp_path / "golf" / "imsmanifest.xml")


def work_through(seq: Sequencer, activity: str, failing: set[str]) -> None:
    """What the golf SCOs report: content sets completed + passed at its last page; a test sets
    completed, a score and passed (70 or more) or failed."""
    if activity.startswith("test"):
        passed = activity not in failing
        seq.report(activity, "completed", "passed" if passed else "failed", 0.9 if passed else 0.4)
    else:
        seq.report(activity, "completed", "passed", None)


def walk(seq: Sequencer, failing: set[str], stop_after: int = 30) -> list[str | None]:
    delivered = [seq.navigate("start")]
    while delivered[-1] is not None and len(delivered) < stop_after:
        work_through(seq, delivered[-1], failing)
        delivered.append(seq.navigate("continue"))
    return delivered


@needs_golf
def test_golf_tree_reads_the_collection_and_the_hidden_wrapper(golf):
    assert golf.order[1:] == ("content_wrapper", *CONTENT, *TESTS)
    wrapper, content, test = golf["content_wrapper"], golf["playing_item"], golf["test_4"]
    assert not wrapper.visible and not wrapper.choice and wrapper.flow
    assert [r.action for r in wrapper.post_rules] == ["retry", "exitAll"]
    # from the sequencingCollection entry the item refers to
    assert [r.action for r in content.pre_rules] == ["skip"]
    assert content.measure_weight == 0 and not content.rollup_satisfied and content.completion_set_by_content
    # the item's own sequencingRules replace the collection's (CAM: local elements override)
    assert [r.action for r in test.post_rules] == ["exitParent"] and test.pre_rules == ()
    assert test.required("completed") == "ifNotSkipped"
    assert test.primary.maps[0].write_satisfied and content.primary.maps[0].read_satisfied


@needs_golf
def test_golf_passing_every_test_ends_after_the_last_one(golf):
    seq = Sequencer(golf)
    assert walk(seq, failing=set()) == [*CONTENT, *TESTS, None]
    assert seq.result() == (True, True, 0.9)


@needs_golf
def test_golf_failed_tests_send_the_learner_through_what_they_have_not_mastered(golf):
    seq = Sequencer(golf)
    first = [seq.navigate("start")]
    while first[-1] != "test_4":
        work_through(seq, first[-1], {"test_2", "test_4"})
        first.append(seq.navigate("continue"))
    assert first == [*CONTENT, *TESTS]
    work_through(seq, "test_4", {"test_4"})
    assert seq.result() == (True, False, 0.65)  # all tests done, two failed: the mean of 0.9 and 0.4

    # Remediation: content and tests whose objective is satisfied are skipped.
    second = [seq.navigate("continue")]
    while second[-1] is not None:
        work_through(seq, second[-1], failing=set())
        second.append(seq.navigate("continue"))
    assert second == ["etuqiette_item", "havingfun_item", "test_2", "test_4", None]
    assert seq.result() == (True, True, 0.9)


@needs_golf
def test_golf_state_survives_json_at_every_step(golf):
    """Sign out and back in between any two SCOs: the same path."""
    seq = Sequencer(golf)
    path = [seq.navigate("start")]
    failing = {"test_3"}
    while path[-1] is not None and len(path) < 30:
        work_through(seq, path[-1], failing)
        seq = Sequencer(golf, json.loads(json.dumps(seq.state)))
        path.append(seq.navigate("continue"))
        failing = set() if len(path) > 8 else failing
    # test_4 is never skipped: its own sequencingRules replace the collection's (with the skip
    # rule), so every round ends there and its exitParent triggers the wrapper's retry check.
    assert path == [*CONTENT, *TESTS, "handicapping_item", "test_3", "test_4", None]


@needs_golf
def test_golf_suspend_all_resumes_the_same_attempt(golf):
    seq = Sequencer(golf)
    assert seq.navigate("start") == "playing_item"
    seq.report("playing_item", "incomplete", "unknown", None)
    assert seq.navigate("suspendAll") is None
    seq = Sequencer(golf, json.loads(json.dumps(seq.state)))
    assert seq.navigate("start") == "playing_item"
    assert not seq.new_attempt and seq.progress("playing_item") == (True, False, 1)


@needs_golf
def test_golf_flow_only_package_refuses_choice_and_keeps_the_learner_where_they_are(golf):
    seq = Sequencer(golf)
    seq.navigate("start")
    assert not seq.allowed("choice", "test_1")
    assert seq.navigate("choice", "test_1") == "playing_item"
    assert not seq.allowed("previous")  # nothing before the first activity


def test_two_sco_package_holds_back_part_two_until_part_one_is_mastered(tmp_path):
    tree = tree_of(scorm2004_two_sco_package(tmp_path / "two") / "imsmanifest.xml")
    seq = Sequencer(tree)
    assert seq.navigate("start") == "item-1"
    seq.report("item-1", "completed", "unknown", 0.5)  # below minNormalizedMeasure 0.8
    assert seq.navigate("continue") == "item-1"  # part two is disabled: nothing changes
    # Part two counts in the measure (weight 1, no measure yet) and its status is not known.
    assert seq.result() == (False, None, 0.25)
    seq.report("item-1", "completed", "unknown", 0.9)
    assert seq.navigate("continue") == "item-2"
    assert seq.result() == (False, None, 0.45)
    seq.report("item-2", "completed", "passed", 0.7)  # 0.7 < 0.8: the measure decides
    assert seq.result() == (True, False, 0.8)
    seq.report("item-2", "completed", "unknown", 0.8)
    assert seq.navigate("continue") is None
    assert seq.result() == (True, True, 0.85)


def _manifest(items: str, org: str = "") -> ET.Element:
    xml = f"""<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
        xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3">
      <organizations><organization identifier="org"><title>T</title>{items}{org}</organization></organizations>
    </manifest>"""
    root = ET.fromstring(xml)
    return root


def _tree(items: str, org: str = ""):
    root = _manifest(items, org)
    return tree_from_manifest(root, next(e for e in root.iter() if e.tag.endswith("}organization")))


def _item(ident: str, sequencing: str = "") -> str:
    return (f'<item identifier="{ident}" identifierref="r"><title>{ident}</title>'
            f'{f"<imsss:sequencing>{sequencing}</imsss:sequencing>" if sequencing else ""}</item>')


FLOW_CHOICE = '<imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>'


def test_attempt_limit_and_hidden_from_choice():
    limited = '<imsss:limitConditions attemptLimit="1"/>'
    hidden = ('<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions>'
              '<imsss:ruleCondition condition="always"/></imsss:ruleConditions>'
              '<imsss:ruleAction action="hiddenFromChoice"/></imsss:preConditionRule></imsss:sequencingRules>')
    tree = _tree(_item("a", limited) + _item("b") + _item("c", hidden), FLOW_CHOICE)
    seq = Sequencer(tree)
    assert seq.navigate("start") == "a"
    assert seq.navigate("continue") == "b"
    assert not seq.allowed("choice", "a")  # its one attempt is used
    assert not seq.allowed("choice", "c") and seq.hidden(tree["c"])
    assert seq.navigate("previous") == "b"  # flow back to 'a' is refused too
    assert seq.navigate("continue") == "c"


def test_exit_all_ends_and_start_begins_a_new_attempt_keeping_global_objectives():
    writes = ('<imsss:objectives><imsss:primaryObjective objectiveID="p">'
              '<imsss:mapInfo targetObjectiveID="g" writeSatisfiedStatus="true"/>'
              '</imsss:primaryObjective></imsss:objectives>')
    tree = _tree(_item("a", writes) + _item("b"), FLOW_CHOICE)
    seq = Sequencer(tree)
    seq.navigate("start")
    seq.report("a", "completed", "passed", None)
    assert seq.navigate("exitAll") is None and seq.state["ended"]
    assert seq.state["globals"]["g"]["s"] is True
    assert seq.navigate("start") == "a" and seq.new_attempt
    assert seq.progress("a") == (False, False, 1)  # a fresh attempt on the package
    assert seq.state["globals"]["g"] == {"k": True, "s": True, "m": None}


def test_lms_completes_and_satisfies_what_content_does_not_set():
    tree = _tree(_item("a") + _item("b"), FLOW_CHOICE)
    seq = Sequencer(tree)
    seq.navigate("start")
    assert seq.navigate("continue") == "b"  # 'a' reported nothing: completed and satisfied by the LMS
    assert seq.progress("a")[:2] == (True, True) and seq.status(tree["a"])[:2] == (True, True)


def test_rollup_rules_at_least_count():
    rollup = ('<imsss:sequencing><imsss:controlMode flow="true"/><imsss:rollupRules>'
              '<imsss:rollupRule childActivitySet="atLeastCount" minimumCount="2"><imsss:rollupConditions>'
              '<imsss:rollupCondition condition="satisfied"/></imsss:rollupConditions>'
              '<imsss:rollupAction action="satisfied"/></imsss:rollupRule></imsss:rollupRules></imsss:sequencing>')
    set_by_content = '<imsss:deliveryControls objectiveSetByContent="true" completionSetByContent="true"/>'
    tree = _tree(_item("a", set_by_content) + _item("b", set_by_content) + _item("c", set_by_content), rollup)
    seq = Sequencer(tree)
    seq.navigate("start")
    seq.report("a", "completed", "passed", None)
    assert seq.result()[1] is None
    seq.navigate("continue")
    seq.report("b", "completed", "passed", None)
    assert seq.result()[1] is True


def test_navigation_requests_from_the_sco():
    assert parse_request("{target=item-2}choice") == ("choice", "item-2")
    assert parse_request("continue") == ("continue", None)
    assert parse_request("_none_") == ("_none_", None)


def test_without_flow_continue_means_the_next_activity_a_choice_could_deliver():
    tree = _tree(_item("a") + _item("b") + _item("c"))  # no controlMode: flow is false
    assert not tree[tree.root].flow
    seq = Sequencer(tree)
    assert seq.navigate("start") == "a"
    assert seq.navigate("continue") == "b"
    assert seq.navigate("previous") == "a"
    assert seq.navigate("choice", "c") == "c"
    assert seq.navigate("continue") is None and seq.state["ended"]
    assert seq.result()[0] is True


def test_without_flow_or_choice_nothing_can_be_delivered():
    tree = _tree(_item("a"), '<imsss:sequencing><imsss:controlMode choice="false" flow="false"/></imsss:sequencing>')
    seq = Sequencer(tree)
    assert seq.navigate("start") is None
