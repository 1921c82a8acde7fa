"""xAPI 1.0.3 statement validation (Data section 2 and 4), agent keys and the ``format`` views.

``validate_statement`` raises ``XapiInvalidError`` with a reason naming the property, which the LRS
returns in its 400 answer and logs. It checks the shape only; the rules that need stored data
(voiding targets, conflicts, cmi5 order) live with the LRS and ``rules``."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any, NoReturn

VOIDED = "http://adlnet.gov/expapi/verbs/voided"

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$")
_IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$")
_MAILTO_RE = re.compile(r"^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$")
_SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")
_LANG_RE = re.compile(r"^(?:[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*|[xX](?:-[A-Za-z0-9]{1,8})+)$")
_TIMESTAMP_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$")
_DURATION_RE = re.compile(
    r"^(?:P\d+(?:\.\d+)?W|P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?)$")
_INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
                      "likert", "numeric", "other"}
_COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


class XapiInvalidError(ValueError):
    """A statement (or query parameter) breaks xAPI 1.0.3; the text says which property."""


def _fail(where: str, why: str) -> NoReturn:
    raise XapiInvalidError(f"{where}: {why}")


def _obj(value: Any, where: str, allowed: set[str], required: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(value, dict):
        _fail(where, "must be a JSON object")
    extra = set(value) - allowed
    if extra:
        _fail(where, f"unknown propert{'ies' if len(extra) > 1 else 'y'} {', '.join(sorted(extra))}")
    for key in required:
        if key not in value:
            _fail(where, f"'{key}' is required")
    for key, item in value.items():
        if item is None:
            _fail(f"{where}.{key}", "must not be null")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        _fail(where, "must be a string")
    return value


def iri(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _IRI_RE.match(value):
        _fail(where, "must be an absolute IRI")
    return value


def uuid(value: Any, where: str) -> str:
    if not isinstance(value, str) or not UUID_RE.match(value):
        _fail(where, "must be a UUID")
    return value


def _bool(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        _fail(where, "must be true or false")


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(where, "must be a number")
    return float(value)


def _langmap(value: Any, where: str) -> None:
    if not isinstance(value, dict):
        _fail(where, "must be a language map")
    for tag, text in value.items():
        if not _LANG_RE.match(tag):
            _fail(where, f"'{tag}' is not a language tag")
        _string(text, f"{where}.{tag}")


def _extensions(value: Any, where: str) -> None:
    if not isinstance(value, dict):
        _fail(where, "must be a JSON object")
    for key in value:
        iri(key, f"{where} key '{key}'")


def timestamp(value: Any, where: str) -> datetime:
    """Parse an ISO 8601 timestamp the way xAPI allows (not the '-00:00' offset)."""
    if not isinstance(value, str) or not _TIMESTAMP_RE.match(value) or value.endswith("-00:00") \
            or value.endswith("-0000") or value.endswith("-00"):
        _fail(where, "must be an ISO 8601 timestamp")
    text = value.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    elif re.search(r"[+-]\d{2}$", text):
        text += ":00"
    head, _, frac = text.partition(".")
    if frac:  # Python 3.11 takes up to 6 fractional digits
        leading = re.match(r"\d+", frac)
        assert leading is not None  # _TIMESTAMP_RE has digits after the point
        digits = leading.group(0)
        text = f"{head}.{digits[:6].ljust(6, '0')}{frac[len(digits):]}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        _fail(where, "must be an ISO 8601 timestamp")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def agent(value: Any, where: str, group_ok: bool = True) -> dict[str, Any]:
    """Check an Agent or Group (Data 2.4.2) and return it."""
    if not isinstance(value, dict):
        _fail(where, "must be a JSON object")
    kind = value.get("objectType", "Agent")
    if kind == "Group" and group_ok:
        _obj(value, where, {"objectType", "name", "member", *_IFIS})
        ifis = [k for k in _IFIS if k in value]
        if len(ifis) > 1:
            _fail(where, "a Group has at most one identifier")
        if not ifis and "member" not in value:
            _fail(where, "an anonymous Group must list its members")
        if "member" in value:
            if not isinstance(value["member"], list):
                _fail(f"{where}.member", "must be an array")
            for i, member in enumerate(value["member"]):
                if isinstance(member, dict) and member.get("objectType") == "Group":
                    _fail(f"{where}.member[{i}]", "a Group's members are Agents")
                agent(member, f"{where}.member[{i}]", group_ok=False)
    elif kind == "Agent":
        _obj(value, where, {"objectType", "name", *_IFIS})
        ifis = [k for k in _IFIS if k in value]
        if len(ifis) != 1:
            _fail(where, "an Agent has exactly one identifier (mbox, mbox_sha1sum, openid or account)")
    else:
        _fail(f"{where}.objectType", f"'{kind}' is not Agent{' or Group' if group_ok else ''}")
    if "name" in value:
        _string(value["name"], f"{where}.name")
    if "mbox" in value and (not isinstance(value["mbox"], str) or not _MAILTO_RE.match(value["mbox"])):
        _fail(f"{where}.mbox", "must be a mailto: address")
    if "mbox_sha1sum" in value and (not isinstance(value["mbox_sha1sum"], str)
                                    or not _SHA1_RE.match(value["mbox_sha1sum"])):
        _fail(f"{where}.mbox_sha1sum", "must be a SHA-1 hex digest")
    if "openid" in value:
        iri(value["openid"], f"{where}.openid")
    if "account" in value:
        account = _obj(value["account"], f"{where}.account", {"homePage", "name"}, ("homePage", "name"))
        iri(account["homePage"], f"{where}.account.homePage")
        _string(account["name"], f"{where}.account.name")
    return value


def _activity(value: dict[str, Any], where: str) -> None:
    _obj(value, where, {"objectType", "id", "definition"}, ("id",))
    iri(value["id"], f"{where}.id")
    if "definition" not in value:
        return
    d = _obj(value["definition"], f"{where}.definition",
             {"name", "description", "type", "moreInfo", "extensions", "interactionType",
              "correctResponsesPattern", *_COMPONENT_LISTS})
    for key in ("name", "description"):
        if key in d:
            _langmap(d[key], f"{where}.definition.{key}")
    for key in ("type", "moreInfo"):
        if key in d:
            iri(d[key], f"{where}.definition.{key}")
    if "extensions" in d:
        _extensions(d["extensions"], f"{where}.definition.extensions")
    if "interactionType" in d and (not isinstance(d["interactionType"], str)
                                   or d["interactionType"] not in _INTERACTION_TYPES):
        _fail(f"{where}.definition.interactionType", "is not an xAPI interaction type")
    if "correctResponsesPattern" in d:
        if "interactionType" not in d:
            _fail(f"{where}.definition.correctResponsesPattern", "needs an interactionType")
        if not isinstance(d["correctResponsesPattern"], list) or \
                not all(isinstance(x, str) for x in d["correctResponsesPattern"]):
            _fail(f"{where}.definition.correctResponsesPattern", "must be an array of strings")
    for key in _COMPONENT_LISTS:
        if key in d:
            if "interactionType" not in d:
                _fail(f"{where}.definition.{key}", "needs an interactionType")
            if not isinstance(d[key], list):
                _fail(f"{where}.definition.{key}", "must be an array")
            seen = set()
            for i, comp in enumerate(d[key]):
                comp = _obj(comp, f"{where}.definition.{key}[{i}]", {"id", "description"}, ("id",))
                _string(comp["id"], f"{where}.definition.{key}[{i}].id")
                if comp["id"] in seen:
                    _fail(f"{where}.definition.{key}", f"the id '{comp['id']}' appears twice")
                seen.add(comp["id"])
                if "description" in comp:
                    _langmap(comp["description"], f"{where}.definition.{key}[{i}].description")


def _object(value: Any, where: str, sub_ok: bool) -> None:
    if not isinstance(value, dict):
        _fail(where, "must be a JSON object")
    kind = value.get("objectType", "Activity")
    if kind == "Activity":
        _activity(value, where)
    elif kind in ("Agent", "Group"):
        agent(value, where)
    elif kind == "StatementRef":
        _obj(value, where, {"objectType", "id"}, ("id",))
        uuid(value["id"], f"{where}.id")
    elif kind == "SubStatement" and sub_ok:
        _obj(value, where, {"objectType", "actor", "verb", "object", "result", "context", "timestamp",
                            "attachments"}, ("actor", "verb", "object"))
        _body(value, where, sub=True)
    else:
        _fail(f"{where}.objectType", f"'{kind}' is not allowed here")


def _result(value: Any, where: str) -> None:
    r = _obj(value, where, {"score", "success", "completion", "response", "duration", "extensions"})
    if "score" in r:
        s = _obj(r["score"], f"{where}.score", {"scaled", "raw", "min", "max"})
        nums = {k: _number(v, f"{where}.score.{k}") for k, v in s.items()}
        if "scaled" in nums and not -1 <= nums["scaled"] <= 1:
            _fail(f"{where}.score.scaled", "must be between -1 and 1")
        if "min" in nums and "max" in nums and nums["min"] >= nums["max"]:
            _fail(f"{where}.score", "min must be below max")
        low, high = nums.get("min", float("-inf")), nums.get("max", float("inf"))
        if "raw" in nums and not low <= nums["raw"] <= high:
            _fail(f"{where}.score.raw", "must be between min and max")
    for key in ("success", "completion"):
        if key in r:
            _bool(r[key], f"{where}.{key}")
    if "response" in r:
        _string(r["response"], f"{where}.response")
    if "duration" in r and (not isinstance(r["duration"], str) or not _DURATION_RE.match(r["duration"])):
        _fail(f"{where}.duration", "must be an ISO 8601 duration")
    if "extensions" in r:
        _extensions(r["extensions"], f"{where}.extensions")


def _context(value: Any, where: str, object_is_activity: bool) -> None:
    c = _obj(value, where, {"registration", "instructor", "team", "contextActivities", "revision", "platform",
                            "language", "statement", "extensions"})
    if "registration" in c:
        uuid(c["registration"], f"{where}.registration")
    if "instructor" in c:
        agent(c["instructor"], f"{where}.instructor")
    if "team" in c:
        if not isinstance(c["team"], dict) or c["team"].get("objectType") != "Group":
            _fail(f"{where}.team", "must be a Group")
        agent(c["team"], f"{where}.team")
    if "contextActivities" in c:
        ca = _obj(c["contextActivities"], f"{where}.contextActivities", {"parent", "grouping", "category", "other"})
        for key, acts in ca.items():
            for i, act in enumerate(acts if isinstance(acts, list) else [acts]):
                if not isinstance(act, dict) or act.get("objectType", "Activity") != "Activity":
                    _fail(f"{where}.contextActivities.{key}", "must hold Activities")
                _activity(act, f"{where}.contextActivities.{key}[{i}]")
    for key in ("revision", "platform"):
        if key in c:
            _string(c[key], f"{where}.{key}")
            if not object_is_activity:
                _fail(f"{where}.{key}", "is only allowed when the object is an Activity")
    if "language" in c and (not isinstance(c["language"], str) or not _LANG_RE.match(c["language"])):
        _fail(f"{where}.language", "must be a language tag")
    if "statement" in c:
        ref = _obj(c["statement"], f"{where}.statement", {"objectType", "id"}, ("objectType", "id"))
        if ref["objectType"] != "StatementRef":
            _fail(f"{where}.statement", "must be a StatementRef")
        uuid(ref["id"], f"{where}.statement.id")
    if "extensions" in c:
        _extensions(c["extensions"], f"{where}.extensions")


def _attachments(value: Any, where: str) -> None:
    if not isinstance(value, list):
        _fail(where, "must be an array")
    for i, att in enumerate(value):
        a = _obj(att, f"{where}[{i}]", {"usageType", "display", "description", "contentType", "length", "sha2",
                                        "fileUrl"}, ("usageType", "display", "contentType", "length", "sha2"))
        iri(a["usageType"], f"{where}[{i}].usageType")
        _langmap(a["display"], f"{where}[{i}].display")
        if "description" in a:
            _langmap(a["description"], f"{where}[{i}].description")
        _string(a["contentType"], f"{where}[{i}].contentType")
        if isinstance(a["length"], bool) or not isinstance(a["length"], int):
            _fail(f"{where}[{i}].length", "must be an integer")
        _string(a["sha2"], f"{where}[{i}].sha2")
        if "fileUrl" in a:
            iri(a["fileUrl"], f"{where}[{i}].fileUrl")


def _body(st: dict[str, Any], where: str, sub: bool) -> None:
    agent(st["actor"], f"{where}.actor")
    verb = _obj(st["verb"], f"{where}.verb", {"id", "display"}, ("id",))
    iri(verb["id"], f"{where}.verb.id")
    if "display" in verb:
        _langmap(verb["display"], f"{where}.verb.display")
    _object(st["object"], f"{where}.object", sub_ok=not sub)
    if "result" in st:
        _result(st["result"], f"{where}.result")
    if "context" in st:
        _context(st["context"], f"{where}.context", st["object"].get("objectType", "Activity") == "Activity")
    if "timestamp" in st:
        timestamp(st["timestamp"], f"{where}.timestamp")
    if "attachments" in st:
        _attachments(st["attachments"], f"{where}.attachments")


def validate_statement(value: Any) -> dict[str, Any]:
    """Check one statement against xAPI 1.0.3 and return it (unchanged)."""
    st = _obj(value, "statement", {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
                                "authority", "version", "attachments"}, ("actor", "verb", "object"))
    if "id" in st:
        uuid(st["id"], "statement.id")
    _body(st, "statement", sub=False)
    if st["verb"]["id"] == VOIDED and st["object"].get("objectType") != "StatementRef":
        _fail("statement.object", "a voiding statement's object must be a StatementRef")
    if "stored" in st:
        timestamp(st["stored"], "statement.stored")
    if "authority" in st:
        authority = agent(st["authority"], "statement.authority")
        if authority.get("objectType") == "Group" and (len(authority.get("member", [])) != 2 or agent_key(authority)):
            _fail("statement.authority", "a Group authority is an anonymous Group of two members (OAuth)")
    if "version" in st and (not isinstance(st["version"], str) or not re.match(r"^1\.0(\.\d+)?$", st["version"])):
        _fail("statement.version", "must be 1.0.x")
    return st


def normalise(st: dict[str, Any]) -> dict[str, Any]:
    """What the LRS stores: every contextActivities value as an array (xAPI Data 2.4.6.2)."""
    for node in (st, st.get("object") if st.get("object", {}).get("objectType") == "SubStatement" else None):
        if node and isinstance(node.get("context", {}).get("contextActivities"), dict):
            ca = node["context"]["contextActivities"]
            for key, value in ca.items():
                if isinstance(value, dict):
                    ca[key] = [value]
    return st


def agent_key(value: dict[str, Any]) -> str:
    """The identity of an Agent or identified Group: its objectType and IFI, canonical JSON."""
    kind = value.get("objectType", "Agent")
    for ifi in _IFIS:
        if ifi in value:
            ident = value[ifi]
            if ifi == "account":
                ident = {"homePage": ident.get("homePage"), "name": ident.get("name")}
            return json.dumps([kind, ifi, ident], sort_keys=True, separators=(",", ":"))
    return ""


def agent_param(text: str, where: str = "agent") -> dict[str, Any]:
    """Parse the ``agent`` query parameter (an Agent, or an identified Group) as JSON."""
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        raise XapiInvalidError(f"{where}: is not JSON") from None
    value = agent(parsed, where)
    if not agent_key(value):
        _fail(where, "must have an identifier")
    return value


def ids_view(st: dict[str, Any]) -> dict[str, Any]:
    """The ``format=ids`` view: agents, activities and verbs reduced to their identity."""
    def slim(node: Any, key: str = "") -> Any:
        if isinstance(node, list):
            return [slim(x, key) for x in node]
        if not isinstance(node, dict) or key in ("extensions", "result", "score"):
            return node
        kind = node.get("objectType")
        if key in ("actor", "instructor", "authority", "member", "team") or kind in ("Agent", "Group"):
            out = {k: v for k, v in node.items() if k in (*_IFIS, "objectType")}
            if "member" in node and not agent_key(node):
                out["member"] = [slim(m, "member") for m in node["member"]]
            return out
        if key == "verb":
            return {"id": node["id"]}
        if key in ("object", "parent", "grouping", "category", "other") and kind in (None, "Activity"):
            return {"id": node["id"]} if "id" in node else node
        return {k: slim(v, k) for k, v in node.items()}
    view: dict[str, Any] = slim(st)
    return view


def canonical_view(st: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    """The ``format=canonical`` view: each language map reduced to the best language."""
    def pick(langmap: dict[str, Any]) -> dict[str, Any]:
        for lang in languages:
            for tag in langmap:
                if tag.lower() == lang.lower() or tag.lower().split("-")[0] == lang.lower():
                    return {tag: langmap[tag]}
        first = next(iter(langmap), None)
        return {first: langmap[first]} if first is not None else {}

    def walk(node: Any, key: str = "") -> Any:
        if isinstance(node, list):
            return [walk(x) for x in node]
        if not isinstance(node, dict):
            return node
        if key in ("display", "name", "description") and all(isinstance(v, str) for v in node.values()):
            return pick(node)
        if key == "extensions":
            return node
        return {k: walk(v, k) for k, v in node.items()}
    view: dict[str, Any] = walk(st)
    return view
