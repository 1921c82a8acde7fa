"""The SCORM 2004 activity tree as the manifest defines it: items with their ``imsss:sequencing``
(after ``IDRef`` to the ``sequencingCollection``), read into frozen dataclasses. Nothing here
changes while a learner works; their state lives in ``sequencing.SequencingState``.

Defaults are the ones IMS Simple Sequencing gives each attribute when the manifest is silent.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import overload

PRIMARY = ""
"""Key of an activity's primary objective when the manifest gives it no ``objectiveID``."""


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@overload
def _attr(el: ET.Element, name: str) -> str | None: ...


@overload
def _attr(el: ET.Element, name: str, default: str) -> str: ...


def _attr(el: ET.Element, name: str, default: str | None = None) -> str | None:
    # Attributes come with or without a namespace (adlseq:, adlcp:) depending on the author.
    for key, value in el.attrib.items():
        if _local(key) == name:
            return value.strip()
    return default


def _flag(el: ET.Element | None, name: str, default: bool) -> bool:
    value = _attr(el, name) if el is not None else None
    return default if value is None else value.lower() in ("true", "1")


def _number(el: ET.Element | None, name: str, default: float) -> float:
    value = _attr(el, name) if el is not None else None
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _kids(el: ET.Element | None, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name] if el is not None else []


def _kid(el: ET.Element | None, name: str) -> ET.Element | None:
    found = _kids(el, name)
    return found[0] if found else None


@dataclass(frozen=True)
class Condition:
    condition: str
    negate: bool = False
    objective: str | None = None
    """``referencedObjective``; None means the primary objective."""
    threshold: float = 0.0


@dataclass(frozen=True)
class Rule:
    action: str
    conditions: tuple[Condition, ...]
    combination: str = "all"


@dataclass(frozen=True)
class RollupRule:
    action: str
    conditions: tuple[Condition, ...]
    combination: str = "any"
    child_set: str = "all"
    min_count: int = 0
    min_percent: float = 0.0


@dataclass(frozen=True)
class MapInfo:
    target: str
    read_satisfied: bool = True
    read_measure: bool = True
    write_satisfied: bool = False
    write_measure: bool = False


@dataclass(frozen=True)
class Objective:
    id: str
    primary: bool = False
    satisfied_by_measure: bool = False
    min_measure: float = 1.0
    maps: tuple[MapInfo, ...] = ()


@dataclass(frozen=True)
class Activity:
    id: str
    title: str
    parent: str | None
    children: tuple[str, ...] = ()
    visible: bool = True
    choice: bool = True
    choice_exit: bool = True
    flow: bool = False
    forward_only: bool = False
    pre_rules: tuple[Rule, ...] = ()
    exit_rules: tuple[Rule, ...] = ()
    post_rules: tuple[Rule, ...] = ()
    attempt_limit: int | None = None
    rollup_rules: tuple[RollupRule, ...] = ()
    rollup_satisfied: bool = True
    rollup_completion: bool = True
    measure_weight: float = 1.0
    objectives: tuple[Objective, ...] = (Objective(PRIMARY, primary=True),)
    tracked: bool = True
    completion_set_by_content: bool = False
    objective_set_by_content: bool = False
    required_for: tuple[tuple[str, str], ...] = ()
    """``adlseq:rollupConsiderations``: (satisfied|notSatisfied|completed|incomplete, when)."""
    completion_threshold: float | None = None
    """``adlcp:completionThreshold`` (3rd edition text, 4th edition ``minProgressMeasure``)."""

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def primary(self) -> Objective:
        return next(o for o in self.objectives if o.primary)

    def objective(self, objective_id: str | None) -> Objective | None:
        if objective_id is None:
            return self.primary
        return next((o for o in self.objectives if o.id == objective_id), None)

    def required(self, kind: str) -> str:
        return dict(self.required_for).get(kind, "always")


@dataclass(frozen=True)
class ActivityTree:
    """Every activity of one organisation, by id, in the manifest's order."""

    root: str
    activities: dict[str, Activity] = field(hash=False)
    order: tuple[str, ...] = ()
    """Activity ids in preorder (the flow order)."""
    objectives_global_to_system: bool = True

    def __getitem__(self, activity_id: str) -> Activity:
        return self.activities[activity_id]

    def leaves(self) -> list[str]:
        return [a for a in self.order if self.activities[a].is_leaf]


def tree_from_manifest(manifest_root: ET.Element, organization: ET.Element) -> ActivityTree:
    """Build the activity tree of ``organization`` (an ``<organization>`` element of
    ``manifest_root``). Unknown or malformed sequencing values fall back to the defaults."""
    collection: dict[str, ET.Element] = {}
    for coll in _kids(manifest_root, "sequencingCollection"):
        for seq in _kids(coll, "sequencing"):
            if seq_id := _attr(seq, "ID"):
                collection[seq_id] = seq
    activities: dict[str, Activity] = {}
    order: list[str] = []

    def build(el: ET.Element, parent: str | None) -> str:
        activity_id = _attr(el, "identifier") or f"activity-{len(order)}"
        order.append(activity_id)
        children = tuple(build(child, activity_id) for child in _kids(el, "item"))
        title_el = _kid(el, "title")
        title = (title_el.text or "").strip() if title_el is not None else activity_id
        seq = _merged(_kid(el, "sequencing"), collection)
        activities[activity_id] = _activity(activity_id, title, parent, children, el, seq)
        return activity_id

    root = build(organization, None)
    # preorder: build() appended parents before children already
    return ActivityTree(root, activities, tuple(order),
                        _flag(organization, "objectivesGlobalToSystem", True))


def _merged(seq: ET.Element | None, collection: dict[str, ET.Element]) -> dict[str, ET.Element]:
    """The item's sequencing elements by name, over those of the collection entry it refers to."""
    parts: dict[str, ET.Element] = {}
    if seq is None:
        return parts
    ref = _attr(seq, "IDRef")
    if ref and ref in collection:
        parts.update({_local(c.tag): c for c in collection[ref]})
    parts.update({_local(c.tag): c for c in seq})
    return parts


def _conditions(el: ET.Element | None) -> tuple[Condition, ...]:
    found: list[Condition] = []
    for c in _kids(el, "ruleCondition") + _kids(el, "rollupCondition"):
        found.append(Condition(_attr(c, "condition", "always"), _attr(c, "operator", "noOp") == "not",
                               _attr(c, "referencedObjective") or None, _number(c, "measureThreshold", 0.0)))
    return tuple(found)


def _rules(rules_el: ET.Element | None, name: str) -> tuple[Rule, ...]:
    rules = []
    for r in _kids(rules_el, name):
        conditions_el = _kid(r, "ruleConditions")
        action = _kid(r, "ruleAction")
        if action is None:
            continue
        rules.append(Rule(_attr(action, "action", ""), _conditions(conditions_el),
                          _attr(conditions_el, "conditionCombination", "all") if conditions_el is not None
                          else "all"))
    return tuple(rules)


def _objectives(el: ET.Element | None) -> tuple[Objective, ...]:
    found: list[Objective] = []
    for o in _kids(el, "primaryObjective") + _kids(el, "objective"):
        measure = _kid(o, "minNormalizedMeasure")
        try:
            minimum = float(measure.text) if measure is not None and measure.text else 1.0
        except ValueError:
            minimum = 1.0
        maps = tuple(MapInfo(_attr(m, "targetObjectiveID", ""), _flag(m, "readSatisfiedStatus", True),
                             _flag(m, "readNormalizedMeasure", True), _flag(m, "writeSatisfiedStatus", False),
                             _flag(m, "writeNormalizedMeasure", False))
                     for m in _kids(o, "mapInfo") if _attr(m, "targetObjectiveID"))
        primary = _local(o.tag) == "primaryObjective"
        found.append(Objective(_attr(o, "objectiveID") or (PRIMARY if primary else f"objective-{len(found)}"),
                               primary, _flag(o, "satisfiedByMeasure", False), minimum, maps))
    if not any(o.primary for o in found):
        found.insert(0, Objective(PRIMARY, primary=True))
    return tuple(found)


def _threshold(item: ET.Element) -> float | None:
    el = _kid(item, "completionThreshold")
    if el is None:
        return None
    try:
        if el.text and el.text.strip():
            return float(el.text)
        if _flag(el, "completedByMeasure", False):
            return _number(el, "minProgressMeasure", 1.0)
    except ValueError:
        pass
    return None


def _activity(activity_id: str, title: str, parent: str | None, children: tuple[str, ...],
              item: ET.Element, seq: dict[str, ET.Element]) -> Activity:
    control = seq.get("controlMode")
    rules = seq.get("sequencingRules")
    rollup = seq.get("rollupRules")
    delivery = seq.get("deliveryControls")
    considerations = seq.get("rollupConsiderations")
    limit = _attr(seq["limitConditions"], "attemptLimit") if "limitConditions" in seq else None
    rollup_rules = []
    for r in _kids(rollup, "rollupRule"):
        conditions_el = _kid(r, "rollupConditions")
        action = _kid(r, "rollupAction")
        if action is None:
            continue
        rollup_rules.append(RollupRule(
            _attr(action, "action", ""), _conditions(conditions_el),
            _attr(conditions_el, "conditionCombination", "any") if conditions_el is not None else "any",
            _attr(r, "childActivitySet", "all"), int(_number(r, "minimumCount", 0)),
            _number(r, "minimumPercent", 0.0)))
    required = tuple((kind, _attr(considerations, f"requiredFor{kind[0].upper()}{kind[1:]}", "always"))
                     for kind in ("satisfied", "notSatisfied", "completed", "incomplete")
                     if considerations is not None)
    return Activity(
        activity_id, title, parent, children,
        visible=_flag(item, "isvisible", True),
        choice=_flag(control, "choice", True), choice_exit=_flag(control, "choiceExit", True),
        flow=_flag(control, "flow", False), forward_only=_flag(control, "forwardOnly", False),
        pre_rules=_rules(rules, "preConditionRule"), exit_rules=_rules(rules, "exitConditionRule"),
        post_rules=_rules(rules, "postConditionRule"),
        attempt_limit=int(limit) if limit and limit.isdigit() and int(limit) > 0 else None,
        rollup_rules=tuple(rollup_rules),
        rollup_satisfied=_flag(rollup, "rollupObjectiveSatisfied", True),
        rollup_completion=_flag(rollup, "rollupProgressCompletion", True),
        measure_weight=_number(rollup, "objectiveMeasureWeight", 1.0),
        objectives=_objectives(seq.get("objectives")),
        tracked=_flag(delivery, "tracked", True),
        completion_set_by_content=_flag(delivery, "completionSetByContent", False),
        objective_set_by_content=_flag(delivery, "objectiveSetByContent", False),
        required_for=required, completion_threshold=_threshold(item))
