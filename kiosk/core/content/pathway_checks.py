"""Check a programme's pathways against each other and against the modules that loaded.

Pathways are cross-references (module ids, other pathways), so they can only be checked once
the modules are read. A problem here keeps the modules usable: the programme falls back to one
flat path and the problem is reported to the author (``tip-kiosk content validate``) and on the
learner's home screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk.core.content.model import (
    PATHWAYS_FROM,
    ContentProblem,
    Module,
    ProgrammeSpec,
    UnavailableModule,
)
from kiosk.core.content.yamlread import locate, problem_at


def pathway_problems(spec: ProgrammeSpec, data: Any, path: Path,
                     modules: Sequence[Module | UnavailableModule]) -> list[ContentProblem]:
    """Everything wrong with ``spec.pathways`` (empty when there are none)."""
    if not spec.pathways:
        return []
    if spec.schema_version < PATHWAYS_FROM:
        field, line = locate(data, ("pathways",))
        return [ContentProblem(path, f"pathways need 'schema_version: {PATHWAYS_FROM}' at the top of "
                                     "programme.yaml", field, line)]
    problems: list[ContentProblem] = []
    known = {m.id for m in modules if isinstance(m, Module)}
    # A module that failed to load has no id we can trust: its own problem is reported, and a
    # pathway naming it is not blamed for that.
    some_unavailable = any(isinstance(m, UnavailableModule) for m in modules)
    ids = [p.id for p in spec.pathways]
    for index, pathway in enumerate(spec.pathways):
        here = ("pathways", index)
        if ids.index(pathway.id) != index:
            problems.append(problem_at(path, data, f"the pathway id '{pathway.id}' is used twice", (*here, "id")))
        if len(set(pathway.modules)) != len(pathway.modules):
            problems.append(problem_at(path, data, "lists a module twice", (*here, "modules")))
        for n, module_id in enumerate(pathway.modules):
            if module_id not in known and not some_unavailable:
                problems.append(problem_at(path, data, f"'{module_id}' is not the id of any module in this "
                                                       "programme (use the id from the module's module.yaml)",
                                           (*here, "modules", n)))
        for n, required in enumerate(pathway.requires):
            if required not in ids:
                problems.append(problem_at(path, data, f"'{required}' is not a pathway in this programme",
                                           (*here, "requires", n)))
            elif required == pathway.id:
                problems.append(problem_at(path, data, "a pathway cannot require itself", (*here, "requires", n)))
    if not problems:
        cycle = _cycle({p.id: p.requires for p in spec.pathways})
        if cycle:
            index = ids.index(cycle[0])
            problems.append(problem_at(path, data, "these pathways require each other in a circle: "
                                                   + " → ".join(cycle), ("pathways", index, "requires")))
    return problems


def _cycle(requires: dict[str, tuple[str, ...]]) -> list[str]:
    """A circle of requirements (as ids, first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(node: str, trail: list[str]) -> list[str]:
        state[node] = 1
        for nxt in requires.get(node, ()):
            if state.get(nxt) == 1:
                return trail[trail.index(nxt):] + [node, nxt] if nxt in trail else [node, nxt]
            if state.get(nxt) is None:
                found = visit(nxt, trail + [node])
                if found:
                    return found
        state[node] = 2
        return []

    for start in requires:
        if state.get(start) is None:
            found = visit(start, [])
            if found:
                return found
    return []


