"""The document resources of the local LRS (xAPI 1.0.3 Communication 2.2-2.7): Activities State,
Agent Profile and Activity Profile, plus the Agents and Activities lookups. Bodies are kept as sent
(JSON or opaque bytes) with their content type and an ETag (SHA-1); POST merges JSON objects;
If-Match / If-None-Match are honoured, and a profile PUT without either over an existing
document is a conflict (409), as the spec requires for profiles."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from kiosk.core.clock import now_utc
from kiosk.core.cmi5 import xapi
from kiosk.core.cmi5.answers import LrsRefusedError, Response
from kiosk.core.cmi5.xapi import XapiInvalidError
from kiosk.core.store.lrs import DocKey, Document, LrsScope
from kiosk.core.store.store import Store

if TYPE_CHECKING:
    from kiosk.core.cmi5.requests import Request

STATE = "activities/state"
AGENT_PROFILE = "agents/profile"
ACTIVITY_PROFILE = "activities/profile"
AGENTS = "agents"
ACTIVITIES = "activities"
RESOURCES = (STATE, AGENT_PROFILE, ACTIVITY_PROFILE, AGENTS, ACTIVITIES)

_PARAMS = {
    STATE: ({"activityId", "agent", "registration", "stateId", "since"}, "stateId"),
    AGENT_PROFILE: ({"agent", "profileId", "since"}, "profileId"),
    ACTIVITY_PROFILE: ({"activityId", "profileId", "since"}, "profileId"),
}


def now() -> str:
    return now_utc().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def etag_of(body: bytes) -> str:
    return hashlib.sha1(body).hexdigest()


def handle(store: Store, scope: LrsScope, req: Request) -> Response:
    if req.resource == AGENTS:
        return _person(req)
    if req.resource == ACTIVITIES:
        return _activity(store, scope, req)
    allowed, id_name = _PARAMS[req.resource]
    q = req.query
    unknown = set(q) - allowed
    if unknown:
        raise LrsRefusedError(400, f"unknown parameter(s) {', '.join(sorted(unknown))}")
    key = _key(req.resource, q)
    doc_id = q.get(id_name)
    if req.method == "GET":
        if doc_id is None:
            since = None
            if "since" in q:
                since = xapi.timestamp(q["since"], "since").astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            ids = store.lrs.document_ids(scope, key, since)
            return Response(200, {"Content-Type": "application/json"}, json.dumps(ids).encode())
        if "since" in q:
            raise LrsRefusedError(400, "since is only for the list of ids")
        doc = store.lrs.get_document(scope, _with_id(key, doc_id))
        if doc is None:
            raise LrsRefusedError(404, f"no document {doc_id}")
        return Response(200, {"Content-Type": doc.content_type, "ETag": f'"{doc.etag}"',
                              "Last-Modified": _http_date(doc.updated_at)}, doc.body)
    if "since" in q:
        raise LrsRefusedError(400, "since is only for GET")
    if req.method in ("PUT", "POST"):
        if doc_id is None:
            raise LrsRefusedError(400, f"{req.method} needs {id_name}")
        key = _with_id(key, doc_id)
        existing = store.lrs.get_document(scope, key)
        _preconditions(req, existing, profile=req.resource != STATE and req.method == "PUT")
        ctype = req.headers.get("content-type", "application/octet-stream")
        body = req.body
        if req.method == "POST" and (existing is not None or _is_json(ctype)):
            body, ctype = _merged(existing, body, ctype)
        store.lrs.put_document(scope, key, ctype, body, etag_of(body), now())
        return Response(204)
    if req.method == "DELETE":
        if doc_id is None and req.resource != STATE:
            raise LrsRefusedError(400, f"DELETE needs {id_name}")
        if doc_id is not None:
            key = _with_id(key, doc_id)
            _preconditions(req, store.lrs.get_document(scope, key), profile=False)
        store.lrs.delete_documents(scope, key, one=doc_id is not None)
        return Response(204)
    raise LrsRefusedError(405, f"{req.method} is not allowed on {req.resource}")


def _key(resource: str, q: dict[str, str]) -> DocKey:
    activity = agent = registration = ""
    try:
        if resource in (STATE, ACTIVITY_PROFILE):
            if "activityId" not in q:
                raise LrsRefusedError(400, "activityId is required")
            activity = xapi.iri(q["activityId"], "activityId")
        if resource in (STATE, AGENT_PROFILE):
            if "agent" not in q:
                raise LrsRefusedError(400, "agent is required")
            agent = xapi.agent_key(xapi.agent_param(q["agent"]))
        if "registration" in q:
            registration = xapi.uuid(q["registration"], "registration").lower()
    except XapiInvalidError as exc:
        raise LrsRefusedError(400, str(exc)) from None
    kind = {STATE: "state", AGENT_PROFILE: "agent_profile", ACTIVITY_PROFILE: "activity_profile"}[resource]
    return DocKey(kind, activity, agent, registration)


def _with_id(key: DocKey, doc_id: str) -> DocKey:
    return DocKey(key.kind, key.activity_id, key.agent, key.registration, doc_id)


def _preconditions(req: Request, existing: Document | None, profile: bool) -> None:
    if_match = req.headers.get("if-match")
    if_none = req.headers.get("if-none-match")
    if if_match is not None:
        tags = {t.strip().strip('"') for t in if_match.split(",")}
        if existing is None or ("*" not in tags and existing.etag not in tags):
            raise LrsRefusedError(412, "If-Match does not match the stored document")
    if if_none is not None:
        tags = {t.strip().strip('"') for t in if_none.split(",")}
        if existing is not None and ("*" in tags or existing.etag in tags):
            raise LrsRefusedError(412, "If-None-Match: the document exists")
    if profile and if_match is None and if_none is None:
        if existing is not None:
            raise LrsRefusedError(409, "the document exists: send If-Match (or If-None-Match) to change it")
        raise LrsRefusedError(400, "a profile PUT needs If-Match or If-None-Match")


def _is_json(ctype: str) -> bool:
    return ctype.split(";")[0].strip().lower() == "application/json"


def _merged(existing: Document | None, body: bytes, ctype: str) -> tuple[bytes, str]:
    """POST: both documents JSON objects, merged at the top level (the new values win)."""
    try:
        new = json.loads(body)
    except (ValueError, RecursionError):
        new = None
    if not _is_json(ctype) or not isinstance(new, dict):
        raise LrsRefusedError(400, "POST merges JSON objects; this body is not one")
    if existing is None:
        return body, ctype
    try:
        old = json.loads(existing.body) if _is_json(existing.content_type) else None
    except ValueError:
        old = None
    if not isinstance(old, dict):
        raise LrsRefusedError(400, "the stored document is not a JSON object, so it cannot be merged")
    old.update(new)
    return json.dumps(old, separators=(",", ":"), ensure_ascii=False).encode(), "application/json"


def _person(req: Request) -> Response:
    """GET agents: the Person object for an agent (this LRS knows no more than what was asked)."""
    if req.method != "GET":
        raise LrsRefusedError(405, "agents only answers GET")
    if set(req.query) != {"agent"}:
        raise LrsRefusedError(400, "agents takes exactly the agent parameter")
    try:
        agent = xapi.agent_param(req.query["agent"])
    except XapiInvalidError as exc:
        raise LrsRefusedError(400, str(exc)) from None
    person: dict[str, Any] = {"objectType": "Person"}
    for key in ("name", "mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            person[key] = [agent[key]]
    return Response(200, {"Content-Type": "application/json"}, json.dumps(person).encode())


def _activity(store: Store, scope: LrsScope, req: Request) -> Response:
    """GET activities: the Activity with every definition the stored statements gave it merged
    (language maps joined, later values winning)."""
    if req.method != "GET":
        raise LrsRefusedError(405, "activities only answers GET")
    if set(req.query) != {"activityId"}:
        raise LrsRefusedError(400, "activities takes exactly the activityId parameter")
    try:
        activity_id = xapi.iri(req.query["activityId"], "activityId")
    except XapiInvalidError as exc:
        raise LrsRefusedError(400, str(exc)) from None
    activity: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
    definition: dict[str, Any] = {}
    for data in store.lrs.statements_about(scope, activity_id):
        for found in _activities_in(json.loads(data), activity_id):
            for key, value in found.get("definition", {}).items():
                if isinstance(value, dict) and key != "extensions":
                    definition.setdefault(key, {}).update(value)
                else:
                    definition[key] = value
    if definition:
        activity["definition"] = definition
    return Response(200, {"Content-Type": "application/json"}, json.dumps(activity).encode())


def _activities_in(node: Any, activity_id: str) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _activities_in(item, activity_id)
    elif isinstance(node, dict):
        if node.get("id") == activity_id and node.get("objectType", "Activity") == "Activity" and "definition" in node:
            yield node
        for key, value in node.items():
            if key not in ("definition", "actor", "verb", "authority"):
                yield from _activities_in(value, activity_id)


def _http_date(stamp: str) -> str:
    when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return time.strftime("%a, %d %b %Y %H:%M:%S GMT", when.timetuple())
