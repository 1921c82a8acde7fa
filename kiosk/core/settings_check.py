"""Checking the machine settings (kiosk/core/config.py) against their declared types.

The settings are a frozen dataclass whose fields say their type in plain Python (``int``, ``bool``,
``Path | None``, ``Literal[...]``, ``tuple[str, ...]``) with ``Annotated`` markers for the few rules
a type cannot say: ``Range``, ``MaxItems``, ``Prepare`` (runs before the type check) and ``Check``
(runs after it). This small checker replaces pydantic for the settings because the settings are
read before the sign-in screen can appear: importing pydantic and building its validator cost
250-400 ms of a start-up whose whole budget is about 450 ms on the 2-core test PC. Conversions
follow pydantic's lax mode where the kiosk relies on them: environment variables are text, so
"15" is a whole number and "yes"/"off" a yes/no.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


@dataclass(frozen=True)
class Range:
    """Bounds for a number: ``ge``/``le`` inclusive, ``gt`` exclusive."""

    ge: float | None = None
    le: float | None = None
    gt: float | None = None


@dataclass(frozen=True)
class MaxItems:
    count: int


@dataclass(frozen=True)
class Prepare:
    """Reshape the raw value before its type is checked (say, split one string into a list)."""

    func: Callable[[Any], Any]


@dataclass(frozen=True)
class Check:
    """Check (and return) the value after its type is checked; raises ValueError with the reason."""

    func: Callable[[Any], Any]


class InvalidSettingsError(ValueError):
    """One setting (or more) is wrong: ``problems`` is [(setting name, kind, message, value)]; kind is
    "unknown" for a name that is not a setting, else "value"."""

    def __init__(self, problems: list[tuple[str, str, str, Any]]):
        super().__init__("; ".join(f"{name}: {message}" for name, _, message, _ in problems))
        self.problems = problems


_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off"}


def build(cls: type[T], values: Mapping[str, Any]) -> T:
    """An instance of the dataclass ``cls`` from ``values`` (checked and converted); fields not
    given keep their defaults. Raises InvalidSettingsError listing every wrong or unknown name."""
    hints = typing.get_type_hints(cls, include_extras=True)
    names = {f.name for f in dataclasses.fields(cls)}
    problems: list[tuple[str, str, str, Any]] = []
    checked: dict[str, Any] = {}
    for name, value in values.items():
        if name not in names:
            problems.append((name, "unknown", "not a setting", value))
            continue
        try:
            checked[name] = convert(hints[name], value)
        except ValueError as exc:
            problems.append((name, "value", str(exc), value))
    if problems:
        raise InvalidSettingsError(problems)
    return cls(**checked)


def convert(kind: Any, value: Any) -> Any:
    """``value`` as ``kind``, or ValueError saying what was expected in plain words."""
    if typing.get_origin(kind) is typing.Annotated:
        base, *rules = typing.get_args(kind)
        for rule in rules:
            if isinstance(rule, Prepare):
                value = rule.func(value)
        value = convert(base, value)
        for rule in rules:
            _apply(rule, value)
            if isinstance(rule, Check):
                value = rule.func(value)
        return value
    origin = typing.get_origin(kind)
    if origin is Literal:
        choices = typing.get_args(kind)
        if value in choices:
            return value
        raise ValueError("should be " + _either(choices))
    if origin in (typing.Union, UnionType):
        options = typing.get_args(kind)
        if value is None and NoneType in options:
            return None
        (other,) = [option for option in options if option is not NoneType]
        return convert(other, value)
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise ValueError("should be a list")
        item = typing.get_args(kind)[0]
        return tuple(convert(item, v) for v in value)
    return _SCALARS[kind](value)


def _apply(rule: Any, value: Any) -> None:
    if isinstance(rule, Range):
        if rule.ge is not None and value < rule.ge:
            raise ValueError(f"should be at least {_number(rule.ge)}")
        if rule.le is not None and value > rule.le:
            raise ValueError(f"should be at most {_number(rule.le)}")
        if rule.gt is not None and value <= rule.gt:
            raise ValueError(f"should be more than {_number(rule.gt)}")
    elif isinstance(rule, MaxItems) and len(value) > rule.count:
        raise ValueError(f"should have at most {rule.count} items, not {len(value)}")


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("should be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise ValueError("should be a whole number (an integer)")


def _float(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise ValueError("should be a number")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError("should be true or false")


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError("should be text (in quotes in the file)")


def _path(value: Any) -> Path:
    if isinstance(value, (str, Path)):
        return Path(value)
    raise ValueError("should be a folder or file path")


_SCALARS: dict[Any, Callable[[Any], Any]] = {
    int: _integer, float: _float, bool: _boolean, str: _text, Path: _path,
}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _either(choices: tuple[Any, ...]) -> str:
    spelled = [repr(c) for c in choices]
    return spelled[0] if len(spelled) == 1 else ", ".join(spelled[:-1]) + " or " + spelled[-1]
