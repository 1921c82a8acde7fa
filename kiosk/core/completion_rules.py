"""When a module counts as completed, from its completion rules and a learner's progress.

The rules are the author's (``completion:`` in module.yaml, see docs/content-format.md); this
module only applies them. It is pure: progress in, verdict out, nothing saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.core.content.model import CompletionRules, KnowledgeCheckStep, Module, PackageStep, Step


@dataclass(frozen=True)
class CheckOutcome:
    """A knowledge check as the pass mark sees it."""

    answered: bool
    passed: bool
    """Answered correctly within the attempts the module allows (in the current round)."""
    tries: int
    """Tries in the current round (a learner may start a question afresh at any time)."""
    out_of_tries: bool
    """The round's tries are used up without the right answer: the answer is shown."""
    answer_shown: bool = False
    """The answer has been shown since the question round began: further tries are practice and
    no longer count towards the pass mark."""


@dataclass(frozen=True)
class Completion:
    """How far a learner is from completing a module, and what is still open."""

    required: tuple[str, ...]
    """Ids of the required steps, in module order."""
    missing: tuple[str, ...]
    """Required steps not yet finished, in module order."""
    checks: int
    """Required knowledge checks (the pass mark is a share of these)."""
    checks_passed: int
    pass_mark: int
    package_scores: tuple[float, ...] = ()
    """Scaled scores (0..1) of the required package steps that are done and reported one."""

    @property
    def done(self) -> int:
        return len(self.required) - len(self.missing)

    @property
    def score(self) -> int | None:
        """Percentage of required checks passed, each scored package counting as one more item
        worth its scaled score; None when there is nothing scored."""
        items = self.checks + len(self.package_scores)
        return round(100 * (self.checks_passed + sum(self.package_scores)) / items) if items else None

    @property
    def passed(self) -> bool:
        return self.checks_passed * 100 >= self.pass_mark * self.checks  # exact: no rounding

    @property
    def checks_needed(self) -> int:
        """How many required checks must be passed to reach the pass mark."""
        return -(-self.pass_mark * self.checks // 100)

    @property
    def complete(self) -> bool:
        return not self.missing and self.passed


def check_outcome(step: KnowledgeCheckStep, answer: Any, rules: CompletionRules) -> CheckOutcome:
    """Read a saved knowledge-check answer under the module's rules.

    Answers saved before rounds existed have no ``tries``: they count as one try. Answers saved
    before ``shown`` existed carry their ``passed`` as it was earned.
    """
    if not isinstance(answer, Mapping) or not answer.get("selected"):
        return CheckOutcome(answered=False, passed=bool(isinstance(answer, Mapping) and answer.get("passed")),
                            tries=0, out_of_tries=False)
    correct = bool(answer.get("correct"))
    tries = int(answer.get("tries", 1))
    within = rules.attempts is None or tries <= rules.attempts
    out = not correct and rules.attempts is not None and tries >= rules.attempts
    shown = bool(answer.get("shown")) or out
    # Once earned, a pass stays: revisiting a question never takes it away. A right answer after
    # the answer was shown is practice, not a pass.
    passed = bool(answer.get("passed")) or (correct and within and not answer.get("shown"))
    return CheckOutcome(answered=True, passed=passed, tries=tries, out_of_tries=out, answer_shown=shown)


def question_round(answer: Any) -> int:
    """Which round of a module's questions a saved check answer belongs to (0: the first)."""
    value = answer.get("round", 0) if isinstance(answer, Mapping) else 0
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def fresh_round(module: Module, answers: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The answers that start a new round of a module's questions (the learner asked to try them
    again): each required check not yet passed is cleared, its answer no longer shown, and its
    options are shown in a new order (the round is part of the order's key). Passes stay."""
    rules = module.completion
    wanted = rules.required_ids(module.steps)
    return {s.id: {"round": question_round(answers.get(s.id)) + 1, "passed": False}
            for s in module.steps if isinstance(s, KnowledgeCheckStep) and s.id in wanted
            and not check_outcome(s, answers.get(s.id), rules).passed}


def evaluate(module: Module, done: set[str] | frozenset[str], answers: Mapping[str, Any]) -> Completion:
    """The completion verdict for a learner who has finished ``done`` and saved ``answers``
    (step id -> saved answer)."""
    rules = module.completion
    wanted = rules.required_ids(module.steps)
    required = tuple(s.id for s in module.steps if s.id in wanted)
    missing = tuple(step_id for step_id in required if step_id not in done)
    checks = [s for s in module.steps if isinstance(s, KnowledgeCheckStep) and s.id in wanted]
    passed = sum(1 for s in checks if check_outcome(s, answers.get(s.id), rules).passed)
    # A package step is done only when its own result is finished (kiosk.core.package_steps);
    # the score it reported then counts towards the module's.
    scores = tuple(_package_score(answers.get(s.id)) for s in module.steps
                   if isinstance(s, PackageStep) and s.id in wanted and s.id in done)
    return Completion(required, missing, len(checks), passed, rules.pass_mark,
                      tuple(x for x in scores if x is not None))


def _package_score(answer: Any) -> float | None:
    score = answer.get("score") if isinstance(answer, Mapping) and answer.get("via") == "package" else None
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        return None
    return min(max(float(score), 0.0), 1.0)


def titles(module: Module, step_ids: tuple[str, ...]) -> list[str]:
    """Step titles for ids, for telling a learner what is still open."""
    by_id: dict[str, Step] = {s.id: s for s in module.steps}
    return [by_id[i].title for i in step_ids if i in by_id]
