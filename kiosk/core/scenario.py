"""A learner's way through a branching scenario: where they are, and the choices that took them
there. Pure functions over a small frozen state; ModuleRun saves the state as the step's answer.

Saved form (the step's answer)::

    {"at": "node-id", "path": [["node-id", choice_index], ...], "chosen": false}

``chosen`` is true while the consequence of the last choice is on screen and the learner has not
yet moved on, so a learner who signs out at that moment comes back to the same consequence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.core.content.model import ScenarioChoice, ScenarioNode, ScenarioStep


@dataclass(frozen=True)
class Decision:
    node: str
    choice: int


@dataclass(frozen=True)
class ScenarioState:
    at: str
    path: tuple[Decision, ...] = ()
    chosen: bool = False

    def to_answer(self) -> dict[str, Any]:
        return {"at": self.at, "path": [[d.node, d.choice] for d in self.path], "chosen": self.chosen}


def start(step: ScenarioStep) -> ScenarioState:
    return ScenarioState(step.start_id)


def restore(step: ScenarioStep, answer: Any) -> ScenarioState:
    """The saved state, checked against the scenario as it is now.

    A content update may remove or rewire nodes: the saved path is followed from the start for
    as long as it still fits, and the learner continues from there.
    """
    if not isinstance(answer, dict):
        return start(step)
    state = start(step)
    for entry in answer.get("path") or ():
        try:
            node_id, index = str(entry[0]), int(entry[1])
        except (TypeError, ValueError, IndexError):
            break
        node = step.node(state.at)
        if node is None or node_id != state.at or not 0 <= index < len(node.choices):
            break
        state = proceed(step, choose(step, state, index))
    else:
        # The whole path fits: put back "consequence showing" if that is where they were.
        if answer.get("chosen") and state.path and answer.get("at") == state.path[-1].node:
            state = ScenarioState(state.path[-1].node, state.path, chosen=True)
    return state


def choose(step: ScenarioStep, state: ScenarioState, index: int) -> ScenarioState:
    """Make a choice at the current node; its consequence shows until the learner moves on."""
    node = current(step, state)
    if state.chosen or node.end or not 0 <= index < len(node.choices):
        raise ValueError(f"no choice {index} to make at '{state.at}' now")
    return ScenarioState(state.at, (*state.path, Decision(state.at, index)), chosen=True)


def proceed(step: ScenarioStep, state: ScenarioState) -> ScenarioState:
    """Move on from a consequence to the node the choice leads to."""
    if not state.chosen:
        raise ValueError("no choice has been made at this node yet")
    return ScenarioState(last_choice(step, state).next, state.path, chosen=False)


def current(step: ScenarioStep, state: ScenarioState) -> ScenarioNode:
    return _node(step, state.at)


def _node(step: ScenarioStep, node_id: str) -> ScenarioNode:
    node = step.node(node_id)
    if node is None:  # restore() never leaves a state like this; a programming error if it happens
        raise ValueError(f"'{node_id}' is not a node of '{step.id}'")
    return node


def last_choice(step: ScenarioStep, state: ScenarioState) -> ScenarioChoice:
    decision = state.path[-1]
    return _node(step, decision.node).choices[decision.choice]


def finished(step: ScenarioStep, state: ScenarioState) -> bool:
    return current(step, state).end


def recap(step: ScenarioStep, state: ScenarioState) -> list[tuple[ScenarioNode, ScenarioChoice]]:
    """Each decision on the path taken: the node and the choice made there."""
    return [(node, node.choices[d.choice]) for d in state.path for node in [_node(step, d.node)]]
