"""The JSON Schema every outbound xAPI statement must pass before it is queued.

Every object is closed (``additionalProperties: false``) and every string the kiosk writes is
pinned to a pattern or a list, so a new field or a stray value cannot slip out unnoticed. The only
free-form strings allowed are language maps (titles, questions, option texts, scale labels): those
come from the course content, never from a learner.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

PLATFORM = "TIP Kiosk"
VERBS = {
    # word (display, en-GB) -> IRI; ADL's vocabulary, and Activity Streams for "watched"
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "watched": "http://activitystrea.ms/schema/1.0/watch",
    "responded": "http://adlnet.gov/expapi/verbs/responded",
}
ACTIVITY_TYPES = {
    "programme": "http://adlnet.gov/expapi/activities/course",
    "module": "http://adlnet.gov/expapi/activities/module",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "video": "https://w3id.org/xapi/video/activity-type/video",
    "package": "http://adlnet.gov/expapi/activities/lesson",
}


def module_version_extension(activity_base: str) -> str:
    """The context extension that carries the module's content version."""
    return activity_base.rstrip("/") + "/extensions/module-version"

UUID4 = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
TIMESTAMP = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})?Z$"
LANGUAGE = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
ACCOUNT_NAME = r"^([0-9a-f]{64}|anon-[0-9a-f]{32})$"
RESPONSE = r"^((option-[0-9]{1,2}(\[,\]option-[0-9]{1,2})*)|[1-5])?$"
ID_PART = r"[a-z0-9][a-z0-9-]{1,63}"


def statement_schema(activity_base: str, home_page: str) -> dict[str, Any]:
    """The schema for statements about activities under ``activity_base``, naming learners in
    accounts of ``home_page``."""
    base = re.escape(activity_base.rstrip("/"))
    activity_id = {"type": "string", "maxLength": 2048,
                   "pattern": rf"^{base}/programmes/{ID_PART}(/modules/{ID_PART}"
                              rf"(/steps/{ID_PART}(/questions/{ID_PART})?)?)?$"}
    closed = _closed
    module_version = module_version_extension(activity_base)
    lang_map = {"type": "object", "minProperties": 1, "maxProperties": 1,
                "propertyNames": {"pattern": LANGUAGE},
                "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 20_000}}
    component = closed({"id": {"type": "string", "pattern": r"^(option-[0-9]{1,2}|[1-5])$"},
                        "description": lang_map}, required=["id", "description"])
    definition = closed({
        "type": {"enum": sorted(ACTIVITY_TYPES.values())},
        "name": lang_map,
        "description": lang_map,
        "interactionType": {"enum": ["choice", "likert"]},
        "choices": {"type": "array", "minItems": 2, "maxItems": 8, "items": component},
        "scale": {"type": "array", "minItems": 5, "maxItems": 5, "items": component},
        "correctResponsesPattern": {"type": "array", "minItems": 1, "maxItems": 1,
                                    "items": {"type": "string", "pattern": RESPONSE}},
    }, required=["type", "name"])
    activity_ref = closed({"objectType": {"const": "Activity"}, "id": activity_id},
                          required=["objectType", "id"])
    pathway_ref = closed({"objectType": {"const": "Activity"},
                          "id": {"type": "string", "maxLength": 2048,
                                 "pattern": rf"^{base}/programmes/{ID_PART}/pathways/{ID_PART}$"}},
                         required=["objectType", "id"])
    activity = closed({"objectType": {"const": "Activity"}, "id": activity_id, "definition": definition},
                      required=["objectType", "id", "definition"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "TIP Kiosk outbound xAPI 1.0.3 statement",
        **closed({
            "id": {"type": "string", "pattern": UUID4},
            "actor": closed({
                "objectType": {"const": "Agent"},
                "account": closed({"homePage": {"const": home_page},
                                   "name": {"type": "string", "pattern": ACCOUNT_NAME}},
                                  required=["homePage", "name"]),
            }, required=["objectType", "account"]),
            # The whole verb object from a closed list (one deep comparison, no branches to try).
            "verb": {"enum": [{"id": iri, "display": {"en-GB": word}} for word, iri in VERBS.items()]},
            "object": activity,
            "result": closed({
                "success": {"type": "boolean"},
                "completion": {"type": "boolean"},
                "response": {"type": "string", "pattern": RESPONSE},
                "score": {"oneOf": [
                    closed({"scaled": {"type": "number", "minimum": 0, "maximum": 1},
                            "raw": {"type": "integer", "minimum": 0, "maximum": 200},
                            "min": {"const": 0},
                            "max": {"type": "integer", "minimum": 1, "maximum": 200}},
                           required=["scaled", "raw", "min", "max"]),
                    # a package step: the scaled score the kiosk worked out, nothing the package wrote
                    closed({"scaled": {"type": "number", "minimum": 0, "maximum": 1}}, required=["scaled"]),
                ]},
            }, min_properties=1),
            "context": closed({
                "platform": {"const": PLATFORM},
                "language": {"type": "string", "pattern": LANGUAGE},
                "contextActivities": closed({
                    "parent": {"type": "array", "minItems": 1, "maxItems": 1, "items": activity_ref},
                    "grouping": {"type": "array", "minItems": 1, "maxItems": 1, "items": activity_ref},
                    "other": {"type": "array", "minItems": 1, "maxItems": 1, "items": pathway_ref},
                }, required=["grouping"]),
                "extensions": closed({
                    module_version: {"type": "string", "pattern": r"^[A-Za-z0-9.+-]{1,32}$"},
                }, required=[module_version]),
            }, required=["platform", "language", "contextActivities", "extensions"]),
            "timestamp": {"type": "string", "pattern": TIMESTAMP},
        }, required=["id", "actor", "verb", "object", "timestamp", "context"]),
    }


def _closed(properties: dict[str, Any], required: Sequence[str] = (), min_properties: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        schema["required"] = list(required)
    if min_properties:
        schema["minProperties"] = min_properties
    return schema
