"""Checks that span more than one field: the paths through a scenario, before/after
self-assessments that must ask the same questions, completion rules that name real steps, and
format-2 features used in a format-1 module. Each problem names file, field and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.core.content.model import (
    NEW_IN_V2,
    NEW_IN_V3,
    NEW_IN_V4,
    ContentProblem,
    KnowledgeCheckStep,
    KnowledgeTestStep,
    Module,
    ModuleSpec,
    ScenarioStep,
    SelfAssessmentStep,
)
from kiosk.core.content.yamlread import problem_at


def module_problems(spec: ModuleSpec, data: Any, path: Path) -> list[ContentProblem]:
    """Every cross-field problem in a validated module.yaml."""
    problems = _format_problems(spec, data, path)
    for index, step in enumerate(spec.steps):
        if isinstance(step, ScenarioStep):
            problems += scenario_problems(step, data, path, ("steps", index))
    problems += _self_assessment_problems(spec, data, path)
    problems += knowledge_test_problems(spec, data, path)
    problems += _completion_problems(spec, data, path)
    return problems


def scenario_problems(step: ScenarioStep, data: Any, path: Path, here: tuple[Any, ...]) -> list[ContentProblem]:
    """A scenario must be a map a learner can always finish: every choice leads to a node that
    exists, every node can be reached, and from every node some path leads to an end."""
    problems: list[ContentProblem] = []
    ids: dict[str, int] = {}
    for n, node in enumerate(step.nodes):
        where = (*here, "nodes", n)
        if node.id in ids:
            problems.append(problem_at(path, data, f"the node id '{node.id}' is used twice in this scenario",
                                       (*where, "id")))
        ids.setdefault(node.id, n)
        if node.end and node.choices:
            problems.append(problem_at(path, data, "an end node has no choices: remove 'choices' or "
                                                   "'end: true'", (*where, "choices")))
        if not node.end and not node.choices:
            problems.append(problem_at(path, data, "needs 'choices' (at least one), or 'end: true' if the "
                                                   "scenario finishes here", (*where, "id")))
        if node.image and not node.image_alt:
            problems.append(problem_at(path, data, "needs 'image_alt': a sentence describing the image for "
                                                   "people who cannot see it", (*where, "image")))
        if node.image_alt and not node.image:
            problems.append(problem_at(path, data, "describes an image, but the node has no 'image'",
                                       (*where, "image_alt")))
        for c, choice in enumerate(node.choices):
            if choice.next not in {other.id for other in step.nodes}:
                known = ", ".join(other.id for other in step.nodes)
                problems.append(problem_at(path, data, f"'{choice.next}' is not a node in this scenario "
                                                       f"(its nodes are: {known})",
                                           (*where, "choices", c, "next")))
    if step.start is not None and step.start not in ids:
        problems.append(problem_at(path, data, f"'{step.start}' is not a node in this scenario", (*here, "start")))
    if problems:
        return problems  # the map itself is broken; reachability would only repeat it

    edges = {node.id: [c.next for c in node.choices] for node in step.nodes}
    ends = {node.id for node in step.nodes if node.end}
    if not ends:
        return [problem_at(path, data, "needs at least one node with 'end: true'", (*here, "nodes"))]
    reachable = _closure({step.start_id}, edges)
    for node in step.nodes:
        if node.id not in reachable:
            problems.append(problem_at(path, data, f"the node '{node.id}' cannot be reached: no choice leads "
                                                   "to it", (*here, "nodes", ids[node.id], "id")))
    reversed_edges: dict[str, list[str]] = {}
    for source, targets in edges.items():
        for target in targets:
            reversed_edges.setdefault(target, []).append(source)
    can_finish = _closure(ends, reversed_edges)
    for node in step.nodes:
        if node.id in reachable and node.id not in can_finish:
            problems.append(problem_at(path, data, f"from the node '{node.id}' no path of choices reaches an "
                                                   "end node (the choices go round in a circle)",
                                       (*here, "nodes", ids[node.id], "choices")))
    return problems


def _closure(start: set[str], edges: dict[str, list[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _self_assessment_problems(spec: ModuleSpec, data: Any, path: Path) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    befores: dict[str, tuple[int, SelfAssessmentStep]] = {}
    for index, step in enumerate(spec.steps):
        if not isinstance(step, SelfAssessmentStep):
            continue
        asked: set[str] = set()
        for q, question in enumerate(step.questions):
            if question.id in asked:
                problems.append(problem_at(path, data, f"the question id '{question.id}' is used twice",
                                           ("steps", index, "questions", q, "id")))
            asked.add(question.id)
        if step.phase == "before":
            if step.compare_with:
                problems.append(problem_at(path, data, "only an 'after' self-assessment compares with another",
                                           ("steps", index, "compare_with")))
            befores[step.id] = (index, step)
            continue
        if step.compare_with:
            found = befores.get(step.compare_with)
            if found is None:
                problems.append(problem_at(path, data, f"'{step.compare_with}' is not a 'before' self-assessment "
                                                       "earlier in this module", ("steps", index, "compare_with")))
                continue
        elif len(befores) == 1:
            found = next(iter(befores.values()))
        else:
            why = ("there is no 'before' self-assessment earlier in this module" if not befores else
                   "there are several 'before' self-assessments; name one with 'compare_with'")
            problems.append(problem_at(path, data, why, ("steps", index, "phase")))
            continue
        before = found[1]
        wanted = [q.id for q in before.questions]
        have = [q.id for q in step.questions]
        missing = [q for q in wanted if q not in have]
        extra = [q for q in have if q not in wanted]
        if missing or extra:
            parts = []
            if missing:
                parts.append("lacks " + ", ".join(f"'{q}'" for q in missing))
            if extra:
                parts.append("adds " + ", ".join(f"'{q}'" for q in extra))
            problems.append(problem_at(path, data, f"must ask the same questions (same ids) as '{before.id}': "
                                                   f"it {' and '.join(parts)}", ("steps", index, "questions")))
    return problems


def knowledge_test_problems(spec: ModuleSpec, data: Any, path: Path) -> list[ContentProblem]:
    """A 'before' test lists its items (unique ids, the right answers marked); an 'after' test
    lists none and asks a 'before' test earlier in the module again."""
    problems: list[ContentProblem] = []
    befores: list[str] = []
    for index, step in enumerate(spec.steps):
        if not isinstance(step, KnowledgeTestStep):
            continue
        here = ("steps", index)
        if step.phase == "before":
            befores.append(step.id)
            if step.compare_with:
                problems.append(problem_at(path, data, "only an 'after' test asks another test's questions",
                                           (*here, "compare_with")))
            if not step.items:
                problems.append(problem_at(path, data, "a 'before' test needs 'items' (at least one question)",
                                           (*here, "phase")))
            seen: set[str] = set()
            for i, item in enumerate(step.items):
                if item.id in seen:
                    problems.append(problem_at(path, data, f"the item id '{item.id}' is used twice",
                                               (*here, "items", i, "id")))
                seen.add(item.id)
                if not item.correct:
                    problems.append(problem_at(path, data, "needs at least one option with 'correct: true'",
                                               (*here, "items", i, "options")))
                elif not item.is_multiple and len(item.correct) > 1:
                    problems.append(problem_at(path, data, "'multiple: false' allows one answer, but more than "
                                                           "one option is marked correct",
                                               (*here, "items", i, "multiple")))
            continue
        if step.items:
            problems.append(problem_at(path, data, "an 'after' test asks its 'before' test's items again: "
                                                   "remove 'items' here", (*here, "items")))
        if step.compare_with and step.compare_with not in befores:
            problems.append(problem_at(path, data, f"'{step.compare_with}' is not a 'before' test earlier in "
                                                   "this module", (*here, "compare_with")))
        elif not step.compare_with and len(befores) != 1:
            why = ("there is no 'before' test earlier in this module" if not befores else
                   "there are several 'before' tests; name one with 'compare_with'")
            problems.append(problem_at(path, data, why, (*here, "phase")))
    return problems


def _completion_problems(spec: ModuleSpec, data: Any, path: Path) -> list[ContentProblem]:
    rules = spec.completion
    if rules is None:
        return []
    problems: list[ContentProblem] = []
    ids = [s.id for s in spec.steps]
    if rules.required is not None and rules.optional is not None:
        problems.append(problem_at(path, data, "use 'required' or 'optional', not both",
                                   ("completion", "optional")))
    for key in ("required", "optional"):
        for i, step_id in enumerate(getattr(rules, key) or ()):
            if step_id not in ids:
                problems.append(problem_at(path, data, f"'{step_id}' is not a step in this module",
                                           ("completion", key, i)))
    if rules.pass_mark and not problems:
        required = rules.required_ids(spec.steps)
        if not any(isinstance(s, KnowledgeCheckStep) and s.id in required for s in spec.steps):
            problems.append(problem_at(path, data, "a pass mark needs at least one required knowledge check",
                                       ("completion", "pass_mark")))
    return problems


def _format_problems(spec: ModuleSpec, data: Any, path: Path) -> list[ContentProblem]:
    problems = []
    for index, step in enumerate(spec.steps):
        if spec.schema_version < 4 and step.type in NEW_IN_V4:
            problems.append(problem_at(path, data, f"the '{step.type}' step needs 'schema_version: 4' at the "
                                                   "top of the file", ("steps", index, "type")))
        elif spec.schema_version < 4 and step.optional:
            problems.append(problem_at(path, data, "'optional: true' on a step needs 'schema_version: 4' at the "
                                                   "top of the file", ("steps", index, "optional")))
        elif spec.schema_version < 4 and isinstance(step, ScenarioStep):
            for n, node in enumerate(step.nodes):
                for c, choice in enumerate(node.choices):
                    if choice.best:
                        problems.append(problem_at(path, data, "'best: true' on a choice needs 'schema_version: 4' "
                                                               "at the top of the file",
                                                   ("steps", index, "nodes", n, "choices", c, "best")))
        if step.type in NEW_IN_V3 and spec.schema_version < 3:
            problems.append(problem_at(path, data, f"the '{step.type}' step needs 'schema_version: 3' at the "
                                                   "top of the file", ("steps", index, "type")))
    if spec.schema_version >= 2:
        return problems
    for index, step in enumerate(spec.steps):
        if step.type in NEW_IN_V2:
            problems.append(problem_at(path, data, f"the '{step.type}' step needs 'schema_version: 2' at the "
                                                   "top of the file", ("steps", index, "type")))
    if spec.completion is not None:
        problems.append(problem_at(path, data, "completion rules need 'schema_version: 2' at the top of the file",
                                   ("completion",)))
    return problems




def answer_pattern_warnings(module: Module) -> list[str]:
    """Warnings (not errors) when the place or length of the right answers gives them away across
    a module: the correct option always the longest or always written first, a scenario's best
    choice always first. Learners see shuffled options, but wording patterns survive shuffling,
    and group sessions show the author's order."""
    where = f"{module.folder / 'module.yaml'}"
    warnings: list[str] = []
    singles = [s for s in module.steps if isinstance(s, KnowledgeCheckStep) and not s.is_multiple]
    checks = [s for s in module.steps if isinstance(s, KnowledgeCheckStep)]
    if len(singles) >= 2 and all(_longest(s) for s in singles):
        warnings.append(f"{where}: in every single-answer knowledge check ({len(singles)}) the correct option "
                        "is the longest; shorten some correct options or lengthen others, so length does not "
                        "give the answer away")
    if len(checks) >= 2 and all(0 in s.correct for s in checks):
        warnings.append(f"{where}: in every knowledge check ({len(checks)}) the first option is correct; "
                        "vary where the correct options are written")
    firsts = [node.choices[0].best for s in module.steps if isinstance(s, ScenarioStep)
              for node in s.nodes if len(node.choices) >= 2 and any(c.best for c in node.choices)]
    if len(firsts) >= 2 and all(firsts):
        warnings.append(f"{where}: at every scenario moment with a choice marked 'best: true' ({len(firsts)}), "
                        "the best choice is the first one; vary where it is written")
    return warnings


def _longest(step: KnowledgeCheckStep) -> bool:
    right = [len(step.options[i].text) for i in step.correct]
    others = [len(o.text) for i, o in enumerate(step.options) if i not in step.correct]
    return bool(right and others) and min(right) > max(others)
