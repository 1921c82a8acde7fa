"""Self-assessment: pairing a module's 'after' confidence ratings with its 'before' ones, so a
learner (and, anonymised, the organisation) can see what changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.core.content.model import Module, SelfAssessmentStep

Pair = tuple[int | None, int | None]
"""(rating before, rating after) for one question; None where it was not answered."""


def before_step(module: Module, after: SelfAssessmentStep) -> SelfAssessmentStep | None:
    """The 'before' step an 'after' step compares with (the loader guarantees there is one)."""
    befores = [s for s in module.steps if isinstance(s, SelfAssessmentStep) and s.phase == "before"]
    if after.compare_with:
        return next((s for s in befores if s.id == after.compare_with), None)
    return befores[0] if len(befores) == 1 else None


def change(module: Module, after: SelfAssessmentStep,
           answers: Mapping[str, Any]) -> list[tuple[str, int | None, int | None]]:
    """(question text, rating before, rating after) for each question of ``after``."""
    before = before_step(module, after)
    then = _ratings(answers.get(before.id)) if before else {}
    now = _ratings(answers.get(after.id))
    return [(q.text, then.get(q.id), now.get(q.id)) for q in after.questions]


def module_pairs(module: Module, answers: Mapping[str, Any]) -> tuple[Pair, ...]:
    """Before/after pairs for the module's last 'after' step; empty if it has none."""
    after = next((s for s in reversed(module.steps)
                  if isinstance(s, SelfAssessmentStep) and s.phase == "after"), None)
    if after is None:
        return ()
    return tuple((then, now) for _, then, now in change(module, after, answers))


def _ratings(answer: Any) -> dict[str, int]:
    return dict(answer.get("ratings", {})) if isinstance(answer, dict) else {}
