"""Launching a cmi5 AU (cmi5 spec section 8) without Qt: the registration kept per learner and
course, the launch URL, the fetch URL that answers once with the auth token, the LMS.LaunchData
state document, the learner preferences agent profile, the ``launched`` statement, and the
session that guards the AU's requests (``Cmi5Session.handle``), writes ``satisfied`` as moveOn
is met and ``abandoned`` for a session that never terminated.

The AU's actor is an opaque account made from the installation secret and the learner's row id:
the same learner gets the same actor on this PC, and it says nothing about who they are.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid as uuidlib
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from kiosk.core.clock import now_utc
from kiosk.core.cmi5 import rules
from kiosk.core.cmi5.answers import LrsRefusedError, Response
from kiosk.core.cmi5.course import Cmi5Au, Cmi5Course
from kiosk.core.cmi5.documents import AGENT_PROFILE, STATE, etag_of, now
from kiosk.core.cmi5.lrs import Lrs
from kiosk.core.cmi5.rules import Records, SessionFacts
from kiosk.core.cmi5.xapi import VOIDED, agent_key
from kiosk.core.elearning import PackageResult
from kiosk.core.store.lrs import DocKey, LrsScope, SessionRow, StatementQuery
from kiosk.core.store.store import Store

log = logging.getLogger(__name__)

LRS_PATH = "/__lrs"
FETCH_PATH = "/__cmi5/fetch"
ACTOR_HOME = "https://tip-kiosk.invalid/learner"
LAUNCH_MODES = ("Normal", "Browse", "Review")
LAUNCH_DATA = "LMS.LaunchData"
PREFERENCES = "cmi5LearnerPreferences"
FLOOD_WARNING = 1_000


def actor_for(secret: bytes, learner_id: int) -> dict[str, Any]:
    """The learner's opaque cmi5 actor on this installation (never a name or learner code)."""
    name = hmac.new(secret, f"tip-kiosk cmi5 actor {learner_id}".encode(), hashlib.sha256).hexdigest()[:32]
    return {"objectType": "Agent", "account": {"homePage": ACTOR_HOME, "name": name}}


def registration_for(store: Store, scope: LrsScope) -> str:
    """The learner's registration for the course, made on first launch and kept for every relaunch."""
    return store.lrs.registration(scope) or store.lrs.save_registration(scope, str(uuidlib.uuid4()))


class Cmi5Session:
    """One launch of one AU, from ``launch_au`` until terminated or abandoned. Also the LRS's guard."""

    def __init__(self, store: Store, scope: LrsScope, course: Cmi5Course, au: Cmi5Au, *, actor: dict[str, Any],
                 registration: str, session_id: str, launch_mode: str, origin: str):
        self.store = store
        self.scope = scope
        self.course = course
        self.au = au
        self.actor = actor
        self.registration = registration
        self.session_id = session_id
        self.launch_mode = launch_mode
        self.origin = origin.rstrip("/")
        self.activity_ids = {a.id: a.id for a in course.aus}
        """The AU activity ids given to AUs: the publisher's ids (unique within one course module)."""
        self.activity_id = self.activity_ids[au.id]
        self.token = secrets.token_urlsafe(24)
        self.auth_token = base64.b64encode(f"au:{self.token}".encode()).decode()
        self.fetched = False
        self.launch_data_read = False
        """The AU has read LMS.LaunchData (for ``content try``)."""
        self.count = 0
        """Statements this session's AU has had stored."""
        self.started = time.monotonic()
        self.facts = SessionFacts(session_id, registration, agent_key(actor), self.activity_id, au, launch_mode)
        self.records = _records(store, scope, registration)
        self.lrs = Lrs(store, scope, base_path=LRS_PATH, guard=self)

    # --- what the web view uses --------------------------------------------------------------

    @property
    def launch_url(self) -> str:
        """The AU's URL on the package origin with the cmi5 launch parameters."""
        query = urlencode({"endpoint": self.origin + LRS_PATH, "fetch": self.fetch_url,
                           "actor": json.dumps(self.actor, separators=(",", ":")),
                           "registration": self.registration, "activityId": self.activity_id}, quote_via=quote)
        return f"{self.origin}/{self.au.url}{'&' if '?' in self.au.url else '?'}{query}"

    @property
    def fetch_url(self) -> str:
        return f"{self.origin}{FETCH_PATH}?session={self.session_id}"

    @property
    def terminated(self) -> bool:
        return self.session_id in self.records.terminated

    @property
    def initialized(self) -> bool:
        """The AU has sent ``initialized`` in this session (for ``content try``)."""
        return self.session_id in self.records.initialized

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               body: bytes) -> Response:
        """Answer a request of the AU: ``/__cmi5/fetch`` or anything under ``/__lrs``."""
        if path.rstrip("/") == FETCH_PATH:
            return self.fetch(method, query)
        if path == LRS_PATH or path.startswith(LRS_PATH + "/"):
            return self.lrs.handle(method, path, query, headers, body)
        return Response(404, {"Content-Type": "application/json"}, b'{"error":"not found"}')

    def fetch(self, method: str, query: dict[str, str]) -> Response:
        """The fetch URL: the auth token once (POST); afterwards the spec's error-code 1."""
        if method.upper() != "POST":
            return _json(405, {"error-code": "3", "error-text": "the fetch URL takes POST"})
        if query.get("session") != self.session_id:
            return _json(200, {"error-code": "2", "error-text": "General Security Error"})
        if self.fetched:
            log.warning("cmi5: the fetch URL of session %s was used a second time; refused", self.session_id)
            return _json(200, {"error-code": "1", "error-text": "Already in use"})
        self.fetched = True
        return _json(200, {"auth-token": self.auth_token})

    def result(self) -> PackageResult:
        """This AU's record for the kiosk (completed = satisfied)."""
        return rules.au_result(self.au, self.activity_id, self.records)

    def course_result(self) -> PackageResult:
        return rules.course_result(self.course, self.activity_ids, self.records)

    def abandon(self) -> bool:
        """Write ``abandoned`` if the AU never sent ``terminated`` (the view closed, the learner
        signed out). Returns True if it did."""
        if self.store.lrs.session_state(self.session_id) != "open":
            return False
        if self.terminated:
            self._end("terminated")
            return False
        _write_abandoned(self.store, self.scope, self.actor, SessionRow(
            self.session_id, self.scope.learner_id, self.scope.module_id, self.registration, self.au.id,
            self.launch_mode, "open", ""), time.monotonic() - self.started, self.lrs)
        return True

    # --- the guard (called by Lrs) -------------------------------------------------------------

    def authorize(self, headers: dict[str, str]) -> None:
        if not self.fetched or headers.get("authorization") != f"Basic {self.auth_token}":
            raise LrsRefusedError(401, "the request does not carry this launch's auth token")

    def check_statements(self, statements: list[dict[str, Any]]) -> None:
        if not self.terminated and self.store.lrs.session_state(self.session_id) != "open":
            raise LrsRefusedError(403, "this launch session was abandoned (the AU was launched again or the "
                                  "learner signed out); nothing more is accepted for it")
        for statement in statements:
            if statement["verb"]["id"] == VOIDED:
                target = self.store.lrs.statement_row(self.scope, statement["object"]["id"].lower())
                if target and rules.is_defined(json.loads(target[0])):
                    raise LrsRefusedError(403, "an AU may not void a cmi5 defined statement")
        trial = Records(set(self.records.completed), set(self.records.passed), set(self.records.failed),
                        dict(self.records.scores), set(self.records.satisfied), set(self.records.initialized),
                        set(self.records.terminated))
        for statement in statements:
            rules.check_au_statement(statement, self.facts, trial)
            trial.add(statement)

    def statements_stored(self, statements: list[dict[str, Any]]) -> None:
        before = self.count
        self.count += len(statements)
        crossed = before < FLOOD_WARNING <= self.count or before // 10_000 != self.count // 10_000
        if crossed and self.count >= FLOOD_WARNING:
            # Not refused (an AU may be chatty), but IT should be able to see a runaway AU.
            log.warning("cmi5: AU %s has sent %d statements in session %s", self.au.id, self.count, self.session_id)
        for statement in statements:
            self.records.add(statement)
        if self.terminated:
            self._end("terminated")
        self._satisfy()

    def check_document(self, method: str, resource: str, params: dict[str, str]) -> None:
        if resource in (STATE, AGENT_PROFILE) and "agent" in params:
            try:
                same = agent_key(json.loads(params["agent"])) == self.facts.actor_key
            except (ValueError, AttributeError, TypeError, RecursionError):
                same = True  # malformed: the document resource answers 400
            if not same:
                raise LrsRefusedError(403, "documents of another agent are not available to this AU")
        if "registration" in params and params["registration"].lower() != self.registration:
            raise LrsRefusedError(403, "documents of another registration are not available to this AU")
        if method == "GET":
            if resource == STATE and params.get("stateId") == LAUNCH_DATA:
                self.launch_data_read = True
            return
        if resource == STATE and params.get("stateId", LAUNCH_DATA) == LAUNCH_DATA:
            raise LrsRefusedError(403, "LMS.LaunchData is written by the LMS; an AU may only read it")
        if resource != STATE:
            raise LrsRefusedError(403, f"{resource} is read-only for an AU")

    def filter_query(self, query: StatementQuery) -> StatementQuery:
        if query.registration not in (None, self.registration):
            raise LrsRefusedError(403, "statements of another registration are not available to this AU")
        return StatementQuery(**dict(query.__dict__, registration=self.registration))

    # --- the LMS's own writes -----------------------------------------------------------------

    def _satisfy(self) -> None:
        for kind, target in rules.satisfied_now(self.course, self.activity_ids, self.records):
            statement = lms_statement(self.actor, rules.SATISFIED, "satisfied", target, self.registration,
                                      self.session_id if kind == "au" else None, self.au.id if kind == "au" else None,
                                      kind)
            self.lrs.store_statements([statement], trusted=True)
            self.records.add(statement)
            log.info("cmi5: %s %s satisfied (registration %s)", kind, target, self.registration)

    def _end(self, state: str) -> None:
        with self.store.transaction() as c:
            self.store.lrs.end_session(self.session_id, state, conn=c)


def launch_au(store: Store, scope: LrsScope, course: Cmi5Course, au_id: str, *, secret: bytes,
              origin: str, language: str = "en-GB", audio: str = "on", launch_mode: str = "Normal",
              return_url: str = "") -> Cmi5Session:
    """Prepare a launch of ``au_id``: abandon what an earlier launch left open, keep the
    registration, write LMS.LaunchData and the learner preferences, write ``launched``.

    Args:
        scope: the learner and the cmi5 course's module.
        secret: the installation secret (``kiosk.core.accounts.installation_secret``).
        origin: the package's origin, e.g. ``tip-pkg://<host>``.
        language: the kiosk's interface language as a tag (``en-GB``, ``cy-GB``).
    """
    if launch_mode not in LAUNCH_MODES:
        raise ValueError(f"launch mode {launch_mode}")
    au = course.au(au_id)
    actor = actor_for(secret, scope.learner_id)
    abandon_open_sessions(store, scope.learner_id, secret, module_id=scope.module_id)
    registration = registration_for(store, scope)
    session = Cmi5Session(store, scope, course, au, actor=actor, registration=registration,
                          session_id=str(uuidlib.uuid4()), launch_mode=launch_mode, origin=origin)
    key = agent_key(actor)
    template = {"contextActivities": {"grouping": [{"id": au.id}]},
                "extensions": {rules.SESSION_EXT: session.session_id}}
    launch_data: dict[str, Any] = {"contextTemplate": template, "launchMode": launch_mode,
                                   "launchMethod": au.launch_method, "moveOn": au.move_on}
    if au.launch_parameters:
        launch_data["launchParameters"] = au.launch_parameters
    if au.mastery_score is not None:
        launch_data["masteryScore"] = au.mastery_score
    if return_url:
        launch_data["returnURL"] = return_url
    if au.entitlement_key:
        launch_data["entitlementKey"] = {"courseStructure": au.entitlement_key}
    _put_json(store, scope, DocKey("state", session.activity_id, key, registration, LAUNCH_DATA), launch_data)
    _put_json(store, scope, DocKey("agent_profile", "", key, "", PREFERENCES),
              {"languagePreference": language, "audioPreference": audio})
    with store.transaction() as c:
        store.lrs.open_session(SessionRow(session.session_id, scope.learner_id, scope.module_id, registration,
                                          au.id, launch_mode, "open", now()), conn=c)
    extensions = {rules.SESSION_EXT: session.session_id,
                  "https://w3id.org/xapi/cmi5/context/extensions/launchmode": launch_mode,
                  "https://w3id.org/xapi/cmi5/context/extensions/launchurl": session.launch_url,
                  "https://w3id.org/xapi/cmi5/context/extensions/moveon": au.move_on}
    if au.launch_parameters:
        extensions["https://w3id.org/xapi/cmi5/context/extensions/launchparameters"] = au.launch_parameters
    launched = lms_statement(actor, rules.LAUNCHED, "launched", session.activity_id, registration,
                             session.session_id, au.id, "au")
    launched["context"]["extensions"] = extensions
    session.lrs.store_statements([launched], trusted=True)
    session.records.add(launched)
    session._satisfy()  # a NotApplicable AU is satisfied as soon as it is launched
    log.info("cmi5: launched AU %s (session %s, %s mode)", au.id, session.session_id, launch_mode)
    return session


def recorded_result(store: Store, scope: LrsScope, course: Cmi5Course, au_id: str | None = None) -> PackageResult:
    """What the learner's registration says so far, without a launch: the AU's result, or the
    course's when ``au_id`` is None (``PackageResult(completed=False)`` before the first launch)."""
    registration = store.lrs.registration(scope)
    if registration is None:
        return PackageResult()
    records = _records(store, scope, registration)
    ids = {au.id: au.id for au in course.aus}
    if au_id is None:
        return rules.course_result(course, ids, records)
    return rules.au_result(course.au(au_id), ids[au_id], records)


def abandon_open_sessions(store: Store, learner_id: int, secret: bytes, module_id: str | None = None) -> int:
    """Write ``abandoned`` for each of the learner's sessions that never terminated (on the next
    launch, or at sign-out). Returns how many."""
    count = 0
    actor = actor_for(secret, learner_id)
    for row in store.lrs.open_sessions(learner_id, module_id):
        scope = LrsScope(learner_id, row.module_id)
        records = _records(store, scope, row.registration)
        if row.session_id in records.terminated:
            with store.transaction() as c:
                store.lrs.end_session(row.session_id, "terminated", conn=c)
            continue
        started = datetime.fromisoformat(row.started_at.replace("Z", "+00:00"))
        elapsed = (now_utc() - started).total_seconds()
        _write_abandoned(store, scope, actor, row, elapsed, Lrs(store, scope, base_path=LRS_PATH))
        count += 1
    return count


def _write_abandoned(store: Store, scope: LrsScope, actor: dict[str, Any], row: SessionRow, seconds: float,
                     lrs: Lrs) -> None:
    statement = lms_statement(actor, rules.ABANDONED, "abandoned", row.au_id, row.registration, row.session_id,
                              row.au_id, "au")
    statement["result"] = {"duration": f"PT{max(seconds, 0):.2f}S"}
    lrs.store_statements([statement], trusted=True)
    with store.transaction() as c:
        store.lrs.end_session(row.session_id, "abandoned", conn=c)
    log.warning("cmi5: AU %s closed without 'terminated'; wrote 'abandoned' for session %s", row.au_id, row.session_id)


def lms_statement(actor: dict[str, Any], verb: str, display: str, activity_id: str, registration: str,
                  session_id: str | None, publisher_id: str | None, kind: str) -> dict[str, Any]:
    """A cmi5 defined statement written by the LMS."""
    types = {"block": "https://w3id.org/xapi/cmi5/activitytype/block",
             "course": "https://w3id.org/xapi/cmi5/activitytype/course"}
    obj: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
    if types.get(kind):
        obj["definition"] = {"type": types[kind]}
    context: dict[str, Any] = {"registration": registration,
                     "contextActivities": {"category": [{"id": rules.CATEGORY_CMI5}]}}
    if publisher_id:
        context["contextActivities"]["grouping"] = [{"id": publisher_id}]
    if session_id:
        context["extensions"] = {rules.SESSION_EXT: session_id}
    return {"id": str(uuidlib.uuid4()), "actor": actor, "verb": {"id": verb, "display": {"en-US": display}},
            "object": obj, "context": context,
            "timestamp": now_utc().strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"}


def _records(store: Store, scope: LrsScope, registration: str) -> Records:
    rows = store.lrs.registration_verbs(scope, registration, rules.RECORD_VERBS)
    return Records.from_json(data for _, data in rows)


def _put_json(store: Store, scope: LrsScope, key: DocKey, value: dict[str, Any]) -> None:
    body = json.dumps(value, separators=(",", ":")).encode()
    store.lrs.put_document(scope, key, "application/json", body, etag_of(body), now())


def _json(status: int, value: dict[str, Any]) -> Response:
    return Response(status, {"Content-Type": "application/json"}, json.dumps(value).encode())
