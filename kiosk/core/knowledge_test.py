"""A knowledge test: the same questions before and after a module, scored, so a site can see how
much was learned (a measure of the programme, never a pass mark for the learner).

Saved form (the step's answer in ``progress.answer``, one row per learner and test step)::

    {"selected": {"item-id": [2, 0], ...},   # original option indexes (never shown positions)
     "score": 3,                              # items answered exactly right
     "answered": 4,                           # items with any option chosen
     "items": 5}                              # items asked

A test is final once its step is ``done`` (the learner submitted it or moved on): the answers
are then locked, so a "before" score cannot be improved after reading the module. A site-level
gain pairs, per learner, a done "after" step with the done "before" step it names
(:func:`before_step`), both with ``answered >= 1``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.core.content.model import KnowledgeTestStep, Module, TestItem


def before_step(module: Module, after: KnowledgeTestStep) -> KnowledgeTestStep | None:
    """The 'before' test an 'after' test asks again (the validator guarantees there is one)."""
    befores = [s for s in module.steps if isinstance(s, KnowledgeTestStep) and s.phase == "before"]
    if after.compare_with:
        return next((s for s in befores if s.id == after.compare_with), None)
    return befores[0] if len(befores) == 1 else None


def items(module: Module, step: KnowledgeTestStep) -> tuple[TestItem, ...]:
    """The questions a test step asks: its own for 'before', its 'before' step's for 'after'."""
    if step.phase == "before":
        return step.items
    before = before_step(module, step)
    return before.items if before else ()


def selections(answer: Any) -> dict[str, list[int]]:
    """The saved choices, read defensively (anything malformed is left out)."""
    chosen = answer.get("selected") if isinstance(answer, Mapping) else None
    if not isinstance(chosen, Mapping):
        return {}
    return {str(k): [i for i in v if isinstance(i, int) and not isinstance(i, bool)]
            for k, v in chosen.items() if isinstance(v, list)}


def scored(asked: tuple[TestItem, ...], selected: Mapping[str, list[int]]) -> dict[str, Any]:
    """The answer to save for ``selected`` (item id -> original option indexes)."""
    known = {item.id: item for item in asked}
    clean = {}
    for item_id, picked in selected.items():
        item = known.get(item_id)
        if item is None:
            continue
        valid = sorted({i for i in picked if 0 <= i < len(item.options)})
        if valid:
            clean[item_id] = valid if item.is_multiple else valid[:1]
    score = sum(1 for item in asked if frozenset(clean.get(item.id, ())) == item.correct)
    return {"selected": clean, "score": score, "answered": len(clean), "items": len(asked)}


def result(answer: Any) -> tuple[int, int] | None:
    """(score, items) from a saved answer, or None when nothing was answered."""
    if not isinstance(answer, Mapping) or not answer.get("answered"):
        return None
    score, total = answer.get("score"), answer.get("items")
    if not isinstance(score, int) or not isinstance(total, int) or total <= 0:
        return None
    return score, total


def gain(before: Any, after: Any) -> float | None:
    """One learner's change in share answered right (after minus before, -1..1), or None unless
    both tests were answered; the site report averages these (with small groups suppressed)."""
    then, now = result(before), result(after)
    if then is None or now is None:
        return None
    return now[0] / now[1] - then[0] / then[1]
