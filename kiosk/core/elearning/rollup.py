"""Tracking and rollup for SCORM 2004 sequencing: a learner's state in each activity (attempts,
progress, objectives, global objectives), the rule conditions read from it, and rollup up the
tree. ``sequencing.Sequencer`` adds navigation on top; see its module for the supported subset.
"""

from __future__ import annotations

from typing import Any

from kiosk.core.elearning.seqtree import Activity, ActivityTree, Condition, Objective, RollupRule

STATE_VERSION = 1
Tri = bool | None
_DEFAULT_ROLLUP = {
    # IMS SS 4.6.x: the rules an activity gets for an action it has no rule for.
    "satisfied": RollupRule("satisfied", (Condition("satisfied"),), child_set="all"),
    "notSatisfied": RollupRule("notSatisfied", (Condition("objectiveStatusKnown"),), child_set="all"),
    "completed": RollupRule("completed", (Condition("completed"),), child_set="all"),
    "incomplete": RollupRule("incomplete", (Condition("activityProgressKnown"),), child_set="all"),
}


class Tracking:
    """One learner's tracking state over an activity tree (a plain JSON-able dict in ``state``).

    Args:
        tree: the package's activity tree.
        state: what ``state`` held last time, or None for a learner who never started.
    """

    def __init__(self, tree: ActivityTree, state: dict[str, Any] | None = None):
        self.tree = tree
        if not isinstance(state, dict) or state.get("v") != STATE_VERSION:
            state = {"v": STATE_VERSION, "current": None, "suspended": None, "ended": False,
                     "acts": {}, "globals": {}}
        self.state = state

    def report(self, activity_id: str, completion: str, success: str, measure: float | None,
               objectives: dict[str, tuple[str, float | None]] | None = None) -> None:
        """Tracking data from a SCO's commit (``completion``: completed|incomplete|unknown,
        ``success``: passed|failed|unknown, ``measure``: score.scaled) for the activity it is,
        then rollup. ``objectives``: cmi.objectives by id -> (success, scaled score)."""
        if activity_id not in self.tree.activities:
            return
        activity, st = self.tree[activity_id], self._act(activity_id)
        if not activity.tracked:
            return
        if completion in ("completed", "incomplete"):
            st["pk"], st["c"] = True, completion == "completed"
        reports = {activity.primary.id: (success, measure)}
        for objective_id, value in (objectives or {}).items():
            reports.setdefault(objective_id, value)
        for objective in activity.objectives:
            if objective.id in reports:
                self._set_objective(activity, objective, *reports[objective.id])
        self._rollup_from(activity_id)

    def result(self) -> tuple[bool, bool | None, float | None]:
        """(completed, satisfied or None if unknown, measure or None) of the root activity."""
        root = self.tree[self.tree.root]
        st = self._act(root.id)
        known, satisfied, measure = self.status(root)
        return bool(st["pk"] and st["c"]), (satisfied if known else None), measure

    def status(self, activity: Activity, objective_id: str | None = None) -> tuple[bool, bool, float | None]:
        """(status known, satisfied, measure) of an objective, read through its global maps."""
        objective = activity.objective(objective_id)
        if objective is None:
            return False, False, None
        local = self._objective(activity.id, objective.id)
        known, satisfied, measure = local["k"], local["s"], local["m"]
        for target in objective.maps:
            shared = self.state["globals"].get(target.target)
            if shared is None:
                continue
            if target.read_satisfied and shared["k"]:
                known, satisfied = True, shared["s"]
            if target.read_measure and shared["m"] is not None:
                measure = shared["m"]
        return known, satisfied, measure

    def progress(self, activity_id: str) -> tuple[bool, bool, int]:
        """(progress known, completed, attempts) of an activity."""
        st = self._act(activity_id)
        return st["pk"], st["c"], st["n"]

    # -- rules -------------------------------------------------------------------------------
    def _fires(self, activity: Activity, kind: str, actions: set[str]) -> bool:
        rules = {"pre": activity.pre_rules, "exit": activity.exit_rules, "post": activity.post_rules}[kind]
        for rule in rules:
            if rule.action in actions and _combine(
                    [self._condition(activity, c) for c in rule.conditions], rule.combination) is True:
                return True
        return False

    def _condition(self, activity: Activity, condition: Condition) -> Tri:
        value = self._evaluate(activity, condition)
        return (None if value is None else not value) if condition.negate else value

    def _evaluate(self, activity: Activity, condition: Condition) -> Tri:
        name = condition.condition
        known, satisfied, measure = self.status(activity, condition.objective)
        pk, completed, attempts = self.progress(activity.id)
        if name == "always":
            return True
        if name == "satisfied":
            return satisfied if known else None
        if name == "objectiveStatusKnown":
            return known
        if name == "objectiveMeasureKnown":
            return measure is not None
        if name == "objectiveMeasureGreaterThan":
            return None if measure is None else measure > condition.threshold
        if name == "objectiveMeasureLessThan":
            return None if measure is None else measure < condition.threshold
        if name == "completed":
            return completed if pk else None
        if name == "activityProgressKnown":
            return pk
        if name == "attempted":
            return attempts > 0
        if name == "attemptLimitExceeded":
            return bool(activity.attempt_limit and attempts >= activity.attempt_limit)
        return False  # timeLimitExceeded, outsideAvailableTimeRange: no time limits here

    # -- rollup ------------------------------------------------------------------------------
    def _rollup_from(self, activity_id: str) -> None:
        parent = self.tree[activity_id].parent
        while parent is not None:
            self._rollup(self.tree[parent])
            parent = self.tree[parent].parent

    def _rollup(self, activity: Activity) -> None:
        children = [self.tree[c] for c in activity.children]
        primary = activity.primary
        local = self._objective(activity.id, primary.id)
        total = counted = 0.0
        valid = False
        for child in children:
            if child.tracked:
                counted += child.measure_weight
                measure = self.status(child)[2]
                if measure is not None:
                    valid, total = True, total + measure * child.measure_weight
        local["m"] = round(total / counted, 6) if valid and counted > 0 else None
        if primary.satisfied_by_measure:
            local["k"] = local["m"] is not None
            local["s"] = local["k"] and local["m"] >= primary.min_measure
        else:
            if self._rollup_check(activity, "notSatisfied"):
                local["k"], local["s"] = True, False
            if self._rollup_check(activity, "satisfied"):
                local["k"], local["s"] = True, True
        st = self._act(activity.id)
        if self._rollup_check(activity, "incomplete"):
            st["pk"], st["c"] = True, False
        if self._rollup_check(activity, "completed"):
            st["pk"], st["c"] = True, True
        self._write_globals(activity, primary)

    def _rollup_check(self, activity: Activity, action: str) -> bool:
        rules = [r for r in activity.rollup_rules if r.action == action] or [_DEFAULT_ROLLUP[action]]
        children = [self.tree[c] for c in activity.children if self._contributes(self.tree[c], action)]
        if not children:
            return False
        for rule in rules:
            values = [_combine([self._condition(child, c) for c in rule.conditions], rule.combination)
                      for child in children]
            hits = sum(1 for v in values if v is True)
            if rule.child_set == "all":
                fired = hits == len(values)
            elif rule.child_set == "any":
                fired = hits > 0
            elif rule.child_set == "none":
                fired = all(v is False for v in values)
            elif rule.child_set == "atLeastCount":
                fired = hits >= rule.min_count
            elif rule.child_set == "atLeastPercent":
                fired = hits * 100 >= rule.min_percent * 100 * len(values)
            else:
                fired = False
            if fired:
                return True
        return False

    def _contributes(self, child: Activity, action: str) -> bool:
        if not child.tracked:
            return False
        if action in ("satisfied", "notSatisfied") and not child.rollup_satisfied:
            return False
        if action in ("completed", "incomplete") and not child.rollup_completion:
            return False
        when = child.required(action)
        st = self._act(child.id)
        if when == "ifAttempted":
            return bool(st["n"] > 0)
        if when == "ifNotSkipped":
            return not self._fires(child, "pre", {"skip"})
        if when == "ifNotSuspended":
            return st["n"] > 0 and not st["susp"]
        return True

    # -- state -------------------------------------------------------------------------------
    def _set_objective(self, activity: Activity, objective: Objective, success: str,
                       measure: float | None) -> None:
        local = self._objective(activity.id, objective.id)
        if measure is not None:
            local["m"] = max(-1.0, min(1.0, float(measure)))
        if objective.satisfied_by_measure and local["m"] is not None:
            local["k"], local["s"] = True, local["m"] >= objective.min_measure
        elif success in ("passed", "failed"):
            local["k"], local["s"] = True, success == "passed"
        self._write_globals(activity, objective)

    def _write_globals(self, activity: Activity, objective: Objective) -> None:
        local = self._objective(activity.id, objective.id)
        for target in objective.maps:
            shared = self.state["globals"].setdefault(target.target, {"k": False, "s": False, "m": None})
            if target.write_satisfied and local["k"]:
                shared["k"], shared["s"] = True, local["s"]
            if target.write_measure and local["m"] is not None:
                shared["m"] = local["m"]

    def _act(self, activity_id: str) -> dict[str, Any]:
        act: dict[str, Any] = self.state["acts"].setdefault(
            activity_id, {"n": 0, "active": False, "susp": False, "pk": False, "c": False, "obj": {}})
        return act

    def _objective(self, activity_id: str, objective_id: str) -> dict[str, Any]:
        objective: dict[str, Any] = self._act(activity_id)["obj"].setdefault(
            objective_id, {"k": False, "s": False, "m": None})
        return objective

    def path(self, activity_id: str) -> list[str]:
        """Root first, ``activity_id`` last."""
        path = [activity_id]
        while (parent := self.tree[path[-1]].parent) is not None:
            path.append(parent)
        return path[::-1]


def _combine(values: list[Tri], combination: str) -> Tri:
    if not values:
        return True
    if combination == "any":
        return True if any(v is True for v in values) else (None if None in values else False)
    return False if any(v is False for v in values) else (None if None in values else True)
