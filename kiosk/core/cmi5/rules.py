"""cmi5 statement rules (cmi5 spec section 9) and moveOn / satisfaction (section 10).

``Records`` is what a registration's stored statements mean (built from the store, updated as
statements are accepted); ``check_au_statement`` decides whether one statement from an AU may be
stored, raising ``LrsRefusedError`` (400 for a statement that does not carry what cmi5 requires, 403
for one the rules forbid); ``satisfied_now`` says which AU, blocks and course have newly met their
moveOn so the LMS writes ``satisfied`` for them; ``au_result`` / ``course_result`` give the
kiosk its ``PackageResult``.

Only "cmi5 defined" statements (cmi5 category, a cmi5 verb, the AU's own activity) count for
records; "cmi5 allowed" statements are stored and otherwise ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kiosk.core.cmi5.answers import LrsRefusedError
from kiosk.core.cmi5.course import Cmi5Au, Cmi5Block, Cmi5Course
from kiosk.core.cmi5.xapi import agent_key
from kiosk.core.elearning import PackageResult

Cmi5Result = PackageResult
"""The kiosk's view of a cmi5 AU or course: completed (satisfied), success, scaled score."""

ADL = "http://adlnet.gov/expapi/verbs/"
LAUNCHED = ADL + "launched"
INITIALIZED = ADL + "initialized"
COMPLETED = ADL + "completed"
PASSED = ADL + "passed"
FAILED = ADL + "failed"
TERMINATED = ADL + "terminated"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
WAIVED = "https://w3id.org/xapi/adl/verbs/waived"
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
LMS_ONLY = {LAUNCHED: "launched", ABANDONED: "abandoned", WAIVED: "waived", SATISFIED: "satisfied"}
AU_DEFINED = {INITIALIZED, COMPLETED, PASSED, FAILED, TERMINATED}
CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_EXT = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY_EXT = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
RECORD_VERBS = (INITIALIZED, COMPLETED, PASSED, FAILED, TERMINATED, SATISFIED)
"""The verbs ``Records`` reads (the rest of a registration's statements need not be loaded)."""
VERB_NAMES = {INITIALIZED: "initialized", COMPLETED: "completed", PASSED: "passed", FAILED: "failed",
              TERMINATED: "terminated", **LMS_ONLY}


def is_defined(statement: dict[str, Any]) -> bool:
    """A "cmi5 defined" statement: a cmi5 verb with the cmi5 category."""
    cats = statement.get("context", {}).get("contextActivities", {}).get("category", [])
    cats = cats if isinstance(cats, list) else [cats]
    return statement["verb"]["id"] in VERB_NAMES and any(c.get("id") == CATEGORY_CMI5 for c in cats)


def session_of(statement: dict[str, Any]) -> str | None:
    session: str | None = statement.get("context", {}).get("extensions", {}).get(SESSION_EXT)
    return session


@dataclass
class Records:
    """What one registration's defined statements say, per AU activity id."""

    completed: set[str] = field(default_factory=set)
    passed: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    scores: dict[str, float] = field(default_factory=dict)
    satisfied: set[str] = field(default_factory=set)
    """AU, block and course ids the LMS has written ``satisfied`` for."""
    initialized: set[str] = field(default_factory=set)
    terminated: set[str] = field(default_factory=set)
    """Session ids."""

    @classmethod
    def from_json(cls, rows: Iterable[str]) -> Records:
        records = cls()
        for data in rows:
            records.add(json.loads(data))
        return records

    def add(self, statement: dict[str, Any]) -> None:
        if not is_defined(statement):
            return
        verb = statement["verb"]["id"]
        target = statement["object"].get("id", "")
        session = session_of(statement)
        if verb == INITIALIZED and session:
            self.initialized.add(session)
        elif verb == TERMINATED and session:
            self.terminated.add(session)
        elif verb == COMPLETED:
            self.completed.add(target)
        elif verb in (PASSED, FAILED):
            (self.passed if verb == PASSED else self.failed).add(target)
            scaled = statement.get("result", {}).get("score", {}).get("scaled")
            if isinstance(scaled, (int, float)) and not isinstance(scaled, bool):
                self.scores[target] = float(scaled)
        elif verb == SATISFIED:
            self.satisfied.add(target)


@dataclass(frozen=True)
class SessionFacts:
    """What the rules need to know about the AU session a statement comes from."""

    session_id: str
    registration: str
    actor_key: str
    activity_id: str
    au: Cmi5Au
    launch_mode: str


def check_au_statement(statement: dict[str, Any], facts: SessionFacts, records: Records) -> None:
    """Refuse (``LrsRefusedError``) a statement an AU may not send in this session; else return.

    The caller applies accepted statements to ``records`` one by one, so a batch is checked in order.
    """
    verb = statement["verb"]["id"]
    name = VERB_NAMES.get(verb, verb)
    if agent_key(statement["actor"]) != facts.actor_key:
        raise LrsRefusedError(403, "the statement is for another actor than the one this AU was launched for")
    registration = statement.get("context", {}).get("registration", "").lower()
    if registration != facts.registration:
        raise LrsRefusedError(403, "the statement's registration is not this launch's registration")
    if verb in LMS_ONLY:
        raise LrsRefusedError(403, f"'{name}' statements are written by the LMS, never by an AU")
    if facts.session_id in records.terminated:
        raise LrsRefusedError(403, "the AU session has ended (terminated); nothing more is accepted for it")
    session = session_of(statement)
    if session is None:
        raise LrsRefusedError(400, "the statement lacks the context template's sessionid extension")
    if session != facts.session_id:
        raise LrsRefusedError(403, "the statement's sessionid is not this launch's session")
    defined = is_defined(statement)
    if facts.session_id not in records.initialized and not (defined and verb == INITIALIZED):
        raise LrsRefusedError(403, "the first statement of an AU session must be 'initialized'")
    if not defined:
        return  # cmi5 allowed: stored, not counted
    if statement["object"].get("id") != facts.activity_id:
        raise LrsRefusedError(403, f"a cmi5 '{name}' statement must be about the launched AU ({facts.activity_id})")
    if verb == INITIALIZED and facts.session_id in records.initialized:
        raise LrsRefusedError(403, "the session is already initialized")
    if verb in (COMPLETED, PASSED, FAILED):
        _check_outcome(statement, verb, name, facts, records)


def _check_outcome(statement: dict[str, Any], verb: str, name: str, facts: SessionFacts, records: Records) -> None:
    if facts.launch_mode != "Normal":
        raise LrsRefusedError(403, f"'{name}' is not allowed in {facts.launch_mode} mode")
    already = {COMPLETED: records.completed, PASSED: records.passed, FAILED: records.failed}[verb]
    if facts.activity_id in already:
        raise LrsRefusedError(403, f"'{name}' was already recorded for this registration")
    result = statement.get("result", {})
    if verb == COMPLETED:
        if result.get("completion") is not True:
            raise LrsRefusedError(400, "a 'completed' statement needs result.completion true")
        return
    if verb == FAILED and facts.activity_id in records.passed:
        raise LrsRefusedError(403, "'failed' after 'passed' in the same registration")
    if result.get("success") is not (verb == PASSED):
        raise LrsRefusedError(400, f"a '{name}' statement needs result.success {str(verb == PASSED).lower()}")
    mastery = facts.au.mastery_score
    if mastery is None:
        return
    scaled = result.get("score", {}).get("scaled")
    if not isinstance(scaled, (int, float)) or isinstance(scaled, bool):
        raise LrsRefusedError(403, f"the AU has a masteryScore ({mastery}), so '{name}' needs result.score.scaled")
    if verb == PASSED and scaled < mastery:
        raise LrsRefusedError(403, f"'passed' with score {scaled} is below the masteryScore {mastery}")
    if verb == FAILED and scaled >= mastery:
        raise LrsRefusedError(403, f"'failed' with score {scaled} is at or above the masteryScore {mastery}")


def move_on_met(au: Cmi5Au, activity_id: str, records: Records) -> bool:
    done, passed = activity_id in records.completed, activity_id in records.passed
    return {"Passed": passed, "Completed": done, "CompletedAndPassed": done and passed,
            "CompletedOrPassed": done or passed, "NotApplicable": True}[au.move_on]


def satisfied_now(course: Cmi5Course, activity_ids: dict[str, str], records: Records) -> list[tuple[str, str]]:
    """(kind, id) of what has met its moveOn but has no ``satisfied`` yet, innermost first: kind is
    'au' (id = the AU's launch activity id), 'block' or 'course' (their ids from cmi5.xml)."""
    met: dict[str, bool] = {}
    out: list[tuple[str, str]] = []

    def walk(node: Cmi5Au | Cmi5Block | Cmi5Course) -> bool:
        if isinstance(node, Cmi5Au):
            aid = activity_ids[node.id]
            ok = aid in records.satisfied or move_on_met(node, aid, records)
            if ok and aid not in records.satisfied:
                out.append(("au", aid))
            return ok
        results = [walk(child) for child in node.children]
        ok = all(results)
        if ok and isinstance(node, Cmi5Block) and node.id not in records.satisfied:
            out.append(("block", node.id))
        met[node.id] = ok
        return ok

    if walk(course) and course.id not in records.satisfied:
        out.append(("course", course.id))
    return out


def au_result(au: Cmi5Au, activity_id: str, records: Records) -> Cmi5Result:
    """The kiosk's record for one AU: completed when satisfied (its moveOn met).

    The kiosk's ``finished`` (completed and not failed) must follow satisfaction, so an AU
    satisfied although it reported ``failed`` (moveOn Completed, say) has success None, not False."""
    success = True if activity_id in records.passed else (False if activity_id in records.failed else None)
    done = activity_id in records.satisfied or move_on_met(au, activity_id, records)
    if done and success is False:
        success = None
    return Cmi5Result(completed=done, success=success, score=records.scores.get(activity_id))


def course_result(course: Cmi5Course, activity_ids: dict[str, str], records: Records) -> Cmi5Result:
    """The kiosk's record for the course: completed when it is satisfied; success True when an AU
    passed and none is left failed, False when an AU failed and the course is not satisfied, else
    None (``finished`` follows satisfaction); score the mean of the AUs' scaled scores."""
    results = [au_result(au, activity_ids[au.id], records) for au in course.aus]
    scores = [r.score for r in results if r.score is not None]
    done = course.id in records.satisfied or not satisfied_pending(course, activity_ids, records)
    failed = any(a in records.failed and a not in records.passed for a in activity_ids.values())
    passed = any(a in records.passed for a in activity_ids.values())
    success = (None if done else False) if failed else (True if passed else None)
    return Cmi5Result(completed=done, success=success, score=sum(scores) / len(scores) if scores else None)


def satisfied_pending(course: Cmi5Course, activity_ids: dict[str, str], records: Records) -> bool:
    """True while the course has not met its moveOn."""
    def walk(node: Cmi5Au | Cmi5Block | Cmi5Course) -> bool:
        if isinstance(node, Cmi5Au):
            aid = activity_ids[node.id]
            return aid in records.satisfied or move_on_met(node, aid, records)
        return all(walk(child) for child in node.children)
    return not walk(course)
