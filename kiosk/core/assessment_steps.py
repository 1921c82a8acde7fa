"""A learner's answers to knowledge checks and knowledge tests: the part of ``ModuleRun`` that
judges and keeps them. Every method that saves goes through ``ModuleRun._save``, so an answer,
the step's progress, time spent, a completion and its records commit in one transaction.

Options are always saved by their place in module.yaml (their identity), never by where this
learner saw them (kiosk.core.shuffle), so saved answers, records and reports are the same
whatever the order on screen, and answers saved before shuffling existed read as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.core import knowledge_test, shuffle
from kiosk.core.completion_rules import check_outcome, fresh_round, question_round
from kiosk.core.content import KnowledgeCheckStep, KnowledgeTestStep
from kiosk.core.run_part import RunEvent, RunPart


@dataclass(frozen=True)
class CheckResult:
    correct: bool
    selected: tuple[int, ...]
    attempts: int
    """All tries ever, for the record."""
    tries: int = 1
    """Tries in this round."""
    out_of_tries: bool = False
    """The module's tries are used up without the right answer: show the answer."""


class AssessmentSteps(RunPart):
    """Mixed into ``ModuleRun``."""

    def shown_order(self, count: int, *where: str) -> tuple[int, ...]:
        """Original option indexes in the order this learner sees them at ``where`` (a step id,
        then a node or item id); stable for the learner (kiosk.core.shuffle)."""
        return shuffle.order(self.learning.learner.id, "/".join((self.module.id, *where)), count)

    def submit_check(self, selected: set[int]) -> CheckResult:
        step = self._expect(KnowledgeCheckStep)
        rules = self.module.completion
        before = check_outcome(step, self.answer(step), rules)
        # A round ends with the right answer or when its tries run out; answering again after
        # that starts a fresh round (a learner may always come back to a question).
        fresh = before.answered and (bool(self.answer(step).get("correct")) or before.out_of_tries)
        tries = 1 if fresh or not before.answered else before.tries + 1
        attempts = (self.progress[step.id].attempts if step.id in self.progress else 0) + 1
        picked = tuple(sorted(selected))
        correct = set(picked) == step.correct
        # Once the answer has been shown, trying again is practice: it no longer counts, until
        # the learner starts a new round of the module's questions (fresh_round).
        shown = before.answer_shown
        passed = before.passed or (correct and not shown and (rules.attempts is None or tries <= rules.attempts))
        answer = {"selected": list(picked), "correct": correct, "tries": tries, "passed": passed,
                  "shown": shown, "round": question_round(self.answer(step))}
        answer["shown"] = check_outcome(step, answer, rules).answer_shown
        events: list[RunEvent] = ["check_answered"] if self.is_done(step) else ["check_answered", "step_done"]
        self._save(step, "done", answer=answer, attempts=attempts, events=events)
        out = check_outcome(step, answer, rules).out_of_tries
        return CheckResult(correct, picked, attempts, tries, out)

    def retry_questions(self) -> int | None:
        """Start a new round of the module's required questions not yet passed (My progress'
        "Try the questions again"). Returns the index of the first of them, or None."""
        fresh = fresh_round(self.module, {s: p.answer for s, p in self.progress.items()})
        again = [(index, step) for index, step in enumerate(self.module.steps) if step.id in fresh]
        for _, step in again:
            self._save(step, "seen", answer=fresh[step.id])
        return again[0][0] if again else None

    def save_knowledge_test(self, selected: dict[str, list[int]], submit: bool = False) -> dict[str, Any]:
        """Keep a knowledge test's choices (item id -> original option indexes), scored.

        ``submit`` finishes the step; so does moving on. A finished test is locked: its answer
        is returned unchanged, so a 'before' score cannot be improved after reading the module.
        """
        step = self._expect(KnowledgeTestStep)
        if self.is_done(step):
            return self.answer(step) or knowledge_test.scored(knowledge_test.items(self.module, step), {})
        answer = knowledge_test.scored(knowledge_test.items(self.module, step), selected)
        self._save(step, "done" if submit else "seen", answer=answer,
                   events=["step_done"] if submit else [])
        return answer

