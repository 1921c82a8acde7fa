"""What a SCORM commit or an H5P xAPI statement means, with limits: pure functions, no store.

A SCO's commit (the JSON body scorm-again 3.4.3 posts with ``dataCommitFormat: 'json'``,
``{"cmi": {...}}``) is read through an allow-list: what resume needs (location, suspend data,
exit, statuses, score, total time, interactions, objectives, preferences) and nothing else. The
learner name and id the SCO was given, comments and launch data are never kept. Limits: a body of
at most ``MAX_BODY`` bytes, ``MAX_SUSPEND`` characters of suspend data (SCORM 2004's 64000, also
accepted from SCORM 1.2 SCOs since vendors exceed 1.2's 4096), ``MAX_INTERACTIONS`` interactions;
other strings are cut to ``MAX_TEXT``.

scorm-again does not put ``adl.nav.request`` in the commit body (it sends ``adl`` only for
``adl.data``); the web view adds ``{"adl": {"nav": {"request": ...}}}`` to the body it passes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.core.elearning import PackageResult, Sco
from kiosk.core.errors import PackageDataError

MAX_BODY = 1_000_000
MAX_SUSPEND = 64_000
MAX_LOCATION = 4_000
MAX_INTERACTIONS = 500
MAX_OBJECTIVES = 100
MAX_TEXT = 4_000
MAX_H5P_STATE = 1_000_000


@dataclass(frozen=True)
class PackageOutcome:
    """What a commit or statement did to the package step."""

    result: PackageResult
    step_done: bool
    """The step is done (now or before)."""
    newly_done: bool
    next_sco: str | None = None
    """SCORM 2004: the SCO sequencing delivers after a final commit with a navigation request."""


@dataclass(frozen=True)
class NavItem:
    """One entry of a package's table of contents."""

    id: str
    title: str
    enabled: bool
    hidden: bool
    status: str
    """not_attempted, incomplete, completed, passed or failed."""
    depth: int = 0
    leaf: bool = True


# -- reading commits ---------------------------------------------------------------------------------
def parse_body(raw: bytes | str) -> dict[str, Any]:
    """The JSON body of a commit, refusing one over ``MAX_BODY`` before parsing it."""
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > MAX_BODY:
        raise PackageDataError(f"The package tried to save {size // 1000} KB at once; the limit is "
                               f"{MAX_BODY // 1000} KB. What it saved before is kept.")
    try:
        body = json.loads(raw)
    except ValueError as exc:  # JSONDecodeError, or UnicodeDecodeError for bytes in no UTF encoding
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise PackageDataError(f"The package sent data that is not JSON ({reason}).") from exc
    return _expect_body(body)


def _expect_body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or not isinstance(body.get("cmi"), dict):
        raise PackageDataError("The package sent data in a shape the kiosk does not know "
                               "(expected an object with a 'cmi' object).")
    if len(json.dumps(body, separators=(",", ":"))) > MAX_BODY:
        raise PackageDataError(f"The package tried to save more than {MAX_BODY // 1000} KB at once. "
                               "What it saved before is kept.")
    return body


def clean_commit(body: Any, standard: str) -> dict[str, Any]:
    """The allow-listed cmi data of a commit (the inner ``cmi`` object, without session_time)."""
    cmi = _expect_body(body)["cmi"]
    return clean_12(cmi) if standard == "scorm_1.2" else clean_2004(cmi)


def nav_request(body: Mapping[str, Any]) -> str:
    adl = body.get("adl")
    nav = adl.get("nav") if isinstance(adl, dict) else None
    request = nav.get("request") if isinstance(nav, dict) else None
    return request if isinstance(request, str) and len(request) <= MAX_TEXT else "_none_"


def session_seconds(body: Mapping[str, Any], standard: str) -> float:
    cmi = body.get("cmi", {})
    raw = (cmi.get("core") or {}).get("session_time") if standard == "scorm_1.2" else cmi.get("session_time")
    return parse_duration(raw) if isinstance(raw, str) else 0.0


def clean_12(cmi: Mapping[str, Any]) -> dict[str, Any]:
    core = _dict(cmi.get("core"))
    out_core = _pick(core, ("lesson_location", "lesson_status", "exit"))
    _limit(out_core.get("lesson_location", ""), MAX_LOCATION, "lesson_location")
    out_core["score"] = _pick(_dict(core.get("score")), ("raw", "min", "max"))
    out = {"core": out_core, "suspend_data": _suspend(cmi.get("suspend_data"))}
    out["student_preference"] = _pick(_dict(cmi.get("student_preference")), ("audio", "language", "speed", "text"))
    # 1.2 interactions are write-only for the SCO: keep what they were, never what was typed.
    out["interactions"] = _items(cmi.get("interactions"), MAX_INTERACTIONS, "interactions",
                                 lambda i: _pick(i, ("id", "type", "result", "weighting", "latency", "time")))
    out["objectives"] = _items(cmi.get("objectives"), MAX_OBJECTIVES, "objectives",
                               lambda o: {**_pick(o, ("id", "status")),
                                          "score": _pick(_dict(o.get("score")), ("raw", "min", "max"))})
    return out


def clean_2004(cmi: Mapping[str, Any]) -> dict[str, Any]:
    out = _pick(cmi, ("location", "completion_status", "success_status", "exit", "progress_measure"))
    _limit(out.get("location", ""), MAX_LOCATION, "location")
    out["suspend_data"] = _suspend(cmi.get("suspend_data"))
    out["score"] = _pick(_dict(cmi.get("score")), ("scaled", "raw", "min", "max"))
    out["learner_preference"] = _pick(_dict(cmi.get("learner_preference")),
                                      ("audio_level", "language", "delivery_speed", "audio_captioning"))
    # 2004 SCOs may read interactions back, learner_response included: kept on this PC only.
    out["interactions"] = _items(cmi.get("interactions"), MAX_INTERACTIONS, "interactions", lambda i: {
        **_pick(i, ("id", "type", "timestamp", "weighting", "learner_response", "result", "latency",
                    "description")),
        "objectives": _items(i.get("objectives"), MAX_OBJECTIVES, "objectives", lambda o: _pick(o, ("id",))),
        "correct_responses": _items(i.get("correct_responses"), MAX_OBJECTIVES, "correct_responses",
                                    lambda o: _pick(o, ("pattern",)))})
    out["objectives"] = _items(cmi.get("objectives"), MAX_OBJECTIVES, "objectives", lambda o: {
        **_pick(o, ("id", "success_status", "completion_status", "progress_measure", "description")),
        "score": _pick(_dict(o.get("score")), ("scaled", "raw", "min", "max"))})
    return out


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _pick(source: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        value = source.get(name)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)):
            out[name] = value
        elif isinstance(value, str) and value != "":
            out[name] = value[:MAX_TEXT]
    return out


def _limit(value: str, limit: int, name: str) -> None:
    if len(value) > limit:
        raise PackageDataError(f"The package tried to save {len(value)} characters in {name}; the limit is "
                               f"{limit}. What it saved before is kept.")


def _suspend(value: Any) -> str:
    text = value if isinstance(value, str) else ""
    _limit(text, MAX_SUSPEND, "suspend_data")
    return text


def _items(value: Any, limit: int, name: str, clean: Callable[[Any], Any]) -> dict[str, Any]:
    """scorm-again's arrays: ``{"0": {...}, "1": {...}}`` (a list is accepted too)."""
    if isinstance(value, list):
        value = {str(i): v for i, v in enumerate(value)}
    items = {k: v for k, v in _dict(value).items() if k.isdigit() and isinstance(v, dict)}
    if len(items) > limit:
        raise PackageDataError(f"The package tried to save {len(items)} {name}; the limit is {limit}. "
                               "What it saved before is kept.")
    return {k: clean(v) for k, v in sorted(items.items(), key=lambda kv: int(kv[0]))}


# -- time ----------------------------------------------------------------------------------------------
_ISO = re.compile(r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
                  r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
_CMI12 = re.compile(r"^(\d{2,4}):(\d{2}):(\d{2}(?:\.\d{1,2})?)$")


def parse_duration(text: str) -> float:
    """Seconds in a SCORM 1.2 ``HHHH:MM:SS.SS`` or ISO 8601 (2004) duration; 0 if unreadable."""
    match = _CMI12.match(text.strip())
    if match:
        return int(match[1]) * 3600 + int(match[2]) * 60 + float(match[3])
    match = _ISO.match(text.strip())
    if not match or text.strip() in ("P", "PT"):
        return 0.0
    y, mo, d, h, mi, s = (float(g) if g else 0.0 for g in match.groups())
    return ((y * 365 + mo * 30 + d) * 24 + h) * 3600 + mi * 60 + s


def format_duration(seconds: float, standard: str) -> str:
    seconds = max(0.0, seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if standard == "scorm_1.2":
        return f"{min(int(h), 9999):04d}:{int(m):02d}:{s:05.2f}"
    return f"PT{int(h)}H{int(m)}M{round(s, 2):g}S"


# -- meaning -------------------------------------------------------------------------------------------
def number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def scaled_12(score: Mapping[str, Any]) -> float | None:
    raw, low, high = (number(score.get(k)) for k in ("raw", "min", "max"))
    if raw is None:
        return None
    low = 0.0 if low is None else low
    high = 100.0 if high is None else high
    if high <= low:
        return None
    return max(0.0, min(1.0, (raw - low) / (high - low)))


def statuses_12(cmi: Mapping[str, Any], sco: Sco | None) -> tuple[str, str, float | None]:
    """(completion, success, scaled score) of a SCORM 1.2 SCO's data."""
    core = _dict(cmi.get("core"))
    status = core.get("lesson_status", "not attempted")
    score = scaled_12(_dict(core.get("score")))
    mastery = sco.mastery_score if sco else None
    if status not in ("passed", "failed") and score is not None and mastery is not None:
        status = "passed" if score >= mastery else "failed"
    completion = "completed" if status in ("completed", "passed", "failed") else (
        "incomplete" if status in ("incomplete", "browsed") else "unknown")
    success = status if status in ("passed", "failed") else "unknown"
    return completion, success, score


def statuses_2004(cmi: Mapping[str, Any], passing: float | None,
                  threshold: float | None) -> tuple[str, str, float | None]:
    """(completion, success, scaled score) of a SCORM 2004 SCO's data, the LMS evaluating the
    statuses where the standard says it must (RTE 4.2.4.1, 4.2.22.1): from progress_measure when a
    completion threshold is defined, from score.scaled when a scaled passing score is."""
    completion = cmi.get("completion_status", "unknown")
    success = cmi.get("success_status", "unknown")
    measure = number(cmi.get("progress_measure"))
    scaled = number(_dict(cmi.get("score")).get("scaled"))
    if scaled is not None:
        scaled = max(-1.0, min(1.0, scaled))
    if threshold is not None and measure is not None:
        completion = "completed" if measure >= threshold else "incomplete"
    if passing is not None and scaled is not None:
        success = "passed" if scaled >= passing else "failed"
    if completion not in ("completed", "incomplete"):
        completion = "incomplete" if completion == "not attempted" else "unknown"
    if success not in ("passed", "failed"):
        success = "unknown"
    return completion, success, scaled


def to_result(completion: str, success: str, score: float | None) -> PackageResult:
    return PackageResult(completion == "completed", {"passed": True, "failed": False}.get(success),
                         None if score is None else round(max(0.0, min(1.0, score)), 4))


def combine(results: list[PackageResult]) -> PackageResult:
    """Several SCOs without sequencing (SCORM 1.2): completed when all are; passed when all
    passed, failed when any failed; the mean of the scores reported."""
    if not results:
        return PackageResult()
    successes = [r.success for r in results]
    success = False if False in successes else (True if all(s is True for s in successes) else None)
    scores = [r.score for r in results if r.score is not None]
    return PackageResult(all(r.completed for r in results), success,
                         round(sum(scores) / len(scores), 4) if scores else None)


def status_word(completion: str, success: str, attempted: bool) -> str:
    if success in ("passed", "failed"):
        return success
    if completion == "completed":
        return "completed"
    return "incomplete" if attempted else "not_attempted"


# -- H5P -------------------------------------------------------------------------------------------------
def h5p_result(statement: Any) -> PackageResult | None:
    """The result an H5P xAPI statement reports for the content as a whole, or None when the
    statement says nothing about it (another verb, or a sub-content's statement). Only
    completion, success and the score are read: never the response or any other text."""
    if not isinstance(statement, dict):
        raise PackageDataError("H5P sent a statement that is not a JSON object.")
    if len(json.dumps(statement, separators=(",", ":"))) > MAX_BODY:
        raise PackageDataError("H5P sent a statement larger than the kiosk accepts.")
    verb = _dict(statement.get("verb")).get("id", "")
    if not isinstance(verb, str) or verb.rsplit("/", 1)[-1] not in ("completed", "answered"):
        return None
    obj = _dict(statement.get("object"))
    object_id = obj.get("id", "")
    extensions = _dict(_dict(obj.get("definition")).get("extensions"))
    if "subContentId=" in str(object_id) or any(k.endswith("/h5p-subContentId") for k in extensions):
        return None
    parents = _dict(_dict(statement.get("context")).get("contextActivities")).get("parent")
    if parents:
        return None  # sub-content reports with its parent content as context
    result = _dict(statement.get("result"))
    if not result:
        return None
    score = _dict(result.get("score"))
    scaled = number(score.get("scaled"))
    if scaled is None:
        raw, high = number(score.get("raw")), number(score.get("max"))
        low = number(score.get("min")) or 0.0
        scaled = (raw - low) / (high - low) if raw is not None and high is not None and high > low else None
    completed = result.get("completion") is True or verb.endswith("/completed")
    success = result.get("success") if isinstance(result.get("success"), bool) else None
    return PackageResult(completed, success, None if scaled is None else round(max(0.0, min(1.0, scaled)), 4))
