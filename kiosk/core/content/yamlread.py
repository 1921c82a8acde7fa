"""Read YAML remembering where each key and item stood, and explain validation errors in plain words."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from kiosk.core.content.model import STEP_TYPES, ContentProblem
from kiosk.core.content.yamlshape import shape_problem

if TYPE_CHECKING:  # the C loader's stubs have another base; its interface is the pure-Python one's
    _Base = yaml.SafeLoader
else:
    try:  # libyaml is much faster; the pure-Python loader gives the same marks.
        _Base = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        _Base = yaml.SafeLoader

MAX_METADATA_BYTES = 512 * 1024


class LocatedDict(dict[Any, Any]):
    """A mapping that knows the line of each of its keys."""

    lines: dict[Any, int]


class LocatedList(list[Any]):
    """A sequence that knows the line of each of its items."""

    lines: list[int]


class _Loader(_Base):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    result = LocatedDict()
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.MarkedYAMLError(
                problem=f"the key '{key}' appears twice", problem_mark=key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def read_yaml(path: Path) -> tuple[Any, list[ContentProblem]]:
    """Parse a metadata file. Returns (data, problems); data is None when it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [ContentProblem(path, "file is missing")]
    except OSError as exc:
        return None, [ContentProblem(path, f"cannot be read ({exc.strerror})")]
    if len(raw) > MAX_METADATA_BYTES:
        return None, [ContentProblem(path, f"is {len(raw) // 1024} KB; a metadata file may be at most "
                                           f"{MAX_METADATA_BYTES // 1024} KB")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [ContentProblem(path, "is not UTF-8 text (save it as UTF-8)", line=line)]
    shape = shape_problem(text, path, _Base)  # before anything is built: see yamlshape
    if shape:
        return None, [shape]
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "is not valid YAML"
        return None, [ContentProblem(path, f"YAML syntax error: {what}", line=mark.line + 1 if mark else None)]
    except yaml.YAMLError as exc:
        return None, [ContentProblem(path, f"YAML syntax error: {exc}")]


def validate(adapter: TypeAdapter[Any], data: Any, path: Path) -> tuple[Any, list[ContentProblem]]:
    """Validate parsed YAML; every error becomes a ContentProblem with field and line."""
    try:
        return adapter.validate_python(data), []
    except ValidationError as exc:
        return None, [_problem(err, data, path) for err in exc.errors()]


def problem_at(path: Path, data: Any, message: str, loc: tuple[Any, ...]) -> ContentProblem:
    """A problem with the value at ``loc`` in the YAML read from ``path``, named as an author sees it."""
    field, line = locate(data, loc)
    return ContentProblem(path, message, field, line)


def locate(data: Any, loc: tuple[Any, ...]) -> tuple[str, int | None]:
    """Turn a pydantic error location into ('steps[3].options[0].text', line)."""
    parts: list[str] = []
    line = None
    node = data
    for key in loc:
        if isinstance(node, LocatedDict) and key in node:
            line = node.lines.get(key, line)
            parts.append(f".{key}" if parts else str(key))
            node = node[key]
        elif isinstance(node, LocatedList) and isinstance(key, int) and 0 <= key < len(node):
            line = node.lines[key]
            parts.append(f"[{key}]")
            node = node[key]
        elif isinstance(node, dict) and isinstance(key, str) and key not in node and key in STEP_TYPES:
            continue  # the union's tag, not a real field
        else:
            parts.append(f".{key}" if parts else str(key))
    return "".join(parts), line


_PLAIN = {
    "missing": "is required but missing",
    "extra_forbidden": "is not a known field (check the spelling)",
    "unexpected_keyword_argument": "is not a known field (check the spelling)",
    "missing_keyword_argument": "is required but missing",
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "tuple_type": "should be a list",
    "date_type": "should be a date written as YYYY-MM-DD (for example 2027-03-31)",
    "date_parsing": "should be a date written as YYYY-MM-DD (for example 2027-03-31)",
    "date_from_datetime_parsing": "should be a date written as YYYY-MM-DD (for example 2027-03-31)",
    "dataclass_type": "should be a set of fields (key: value lines)",
    "dataclass_args_type": "should be a set of fields (key: value lines)",
    "union_tag_not_found": "needs a 'type' (one of: " + ", ".join(STEP_TYPES) + ")",
}


def _problem(err: ErrorDetails, data: Any, path: Path) -> ContentProblem:
    field, line = locate(data, tuple(err["loc"]))
    kind = err["type"]
    if kind == "union_tag_invalid":
        tag = (err.get("ctx") or {}).get("tag")
        message = f"'{tag}' is not a step type; use one of: {', '.join(STEP_TYPES)}"
    elif kind == "string_pattern_mismatch" and (field.endswith("id") or field == "id"):
        message = "should use only lowercase letters, digits and hyphens (2 to 64 characters)"
    elif kind in ("too_short", "too_long"):
        message = err["msg"].replace("Tuple", "list").replace("String", "text").lower()
    else:
        message = _PLAIN.get(kind) or err["msg"].removeprefix("Value error, ")
    return ContentProblem(path, message, field=field, line=line)
