"""The Statement resource's queries: parameters (and ``more`` cursors) into a ``StatementQuery``,
and the keys a stored statement is found by (agents, activities, StatementRef targets)."""

from __future__ import annotations

import base64
import json
from datetime import UTC
from typing import Any

from kiosk.core.cmi5 import xapi
from kiosk.core.cmi5.answers import LrsRefusedError
from kiosk.core.cmi5.xapi import XapiInvalidError
from kiosk.core.store.lrs import StatementQuery

PAGE = 100
MAX_PAGE = 500


def parse_query(q: dict[str, str]) -> tuple[StatementQuery, int]:
    """The query parameters of a statements GET (or its ``more`` cursor) and the page size."""
    if "more" in q:
        return uncursor(q["more"])
    agent = None
    if "agent" in q:
        agent = xapi.agent_key(xapi.agent_param(q["agent"]))
    for name in ("verb", "activity"):
        if name in q:
            xapi.iri(q[name], name)
    if "registration" in q:
        xapi.uuid(q["registration"], "registration")
    since = instant(q["since"], "since") if "since" in q else None
    until = instant(q["until"], "until") if "until" in q else None
    try:
        limit = int(q.get("limit", "0"))
    except ValueError:
        raise LrsRefusedError(400, "limit must be a whole number") from None
    if limit < 0:
        raise LrsRefusedError(400, "limit must not be negative")
    limit = min(limit or PAGE, MAX_PAGE)
    return StatementQuery(agent=agent, related_agents=flag(q, "related_agents"), verb=q.get("verb"),
                          activity=q.get("activity"), related_activities=flag(q, "related_activities"),
                          registration=q["registration"].lower() if "registration" in q else None,
                          since=since, until=until, ascending=flag(q, "ascending")), limit


def comparable(statement: dict[str, Any], with_timestamp: bool = True) -> str:
    """A key under which two statements are the same if they differ only in what the LRS assigns
    (stored, authority, version) or in how the same instant is written (xAPI Data 2.3). The LRS
    fills in a missing timestamp, so a re-sent statement without one leaves it out."""
    kept = {k: v for k, v in statement.items() if k not in ("stored", "authority", "version", "timestamp")}
    if with_timestamp and "timestamp" in statement:
        try:
            kept["timestamp"] = xapi.timestamp(statement["timestamp"], "timestamp").astimezone(UTC).isoformat()
        except XapiInvalidError:
            kept["timestamp"] = statement["timestamp"]
    return json.dumps(kept, sort_keys=True)


def filter_keys(statement: dict[str, Any]) -> list[tuple[str, str]]:
    refs: list[tuple[str, str]] = []

    def agents(node: Any, kind: str) -> None:
        if isinstance(node, dict) and node.get("objectType", "Agent") in ("Agent", "Group"):
            key = xapi.agent_key(node)
            if key:
                refs.append((kind, key))
            for member in node.get("member", []) if node.get("objectType") == "Group" else []:
                agents(member, kind)

    def related(st: dict[str, Any], top: bool) -> None:
        obj = st["object"]
        kind = obj.get("objectType", "Activity")
        agents(st["actor"], "agent" if top else "related_agent")
        if kind in ("Agent", "Group"):
            agents(obj, "agent" if top else "related_agent")
        elif kind == "Activity":
            refs.append(("activity" if top else "related_activity", obj["id"]))
        elif kind == "StatementRef" and top:
            refs.append(("statement_ref", obj["id"].lower()))
        elif kind == "SubStatement":
            related(obj, False)
        ctx = st.get("context", {})
        for key in ("instructor", "team"):
            if key in ctx:
                agents(ctx[key], "related_agent")
        for acts in ctx.get("contextActivities", {}).values():
            for act in acts if isinstance(acts, list) else [acts]:
                refs.append(("related_activity", act["id"]))

    related(statement, True)
    if "authority" in statement:
        agents(statement["authority"], "related_agent")
    return refs


def flag(q: dict[str, str], name: str) -> bool:
    value = q.get(name, "false").lower()
    if value not in ("true", "false"):
        raise LrsRefusedError(400, f"{name} must be true or false")
    return value == "true"


def instant(value: str, name: str) -> str:
    try:
        when = xapi.timestamp(value, name)
    except XapiInvalidError as exc:
        raise LrsRefusedError(400, str(exc)) from None
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def cursor(query: StatementQuery, limit: int, last_seq: int) -> str:
    state = dict(query.__dict__, after_seq=last_seq, limit=limit)
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


def uncursor(token: str) -> tuple[StatementQuery, int]:
    try:
        state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        limit = int(state.pop("limit"))
        return StatementQuery(**state), limit
    except (ValueError, TypeError, KeyError):
        raise LrsRefusedError(400, "the more link is not one this LRS gave") from None


