"""My progress, for a module whose questions are answered but whose pass mark is not reached:
what happened and what to do, in plain words (never a score to feel judged by)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.core.content import KnowledgeCheckStep, Module
from kiosk.core.learning import ModuleStatus
from kiosk.ui.formats import fill


def unmet(status: ModuleStatus) -> bool:
    """True when every required question has an answer but too few are right: the learner can
    only complete the module by trying the questions again."""
    verdict, module = status.completion, status.module
    if verdict is None or not isinstance(module, Module) or status.state != "in_progress":
        return False
    if not verdict.pass_mark or not verdict.checks or verdict.passed:
        return False
    checks = {s.id for s in module.steps if isinstance(s, KnowledgeCheckStep)}
    return not any(step_id in checks for step_id in verdict.missing)


def explanation(status: ModuleStatus) -> str:
    """"You answered 3 of 5 questions correctly; this module asks for 4. ...\""""
    verdict = status.completion
    assert verdict is not None  # only asked of a module whose completion was worked out
    text = QCoreApplication.translate(
        "ProgressScreen", "You answered %1 of %2 questions correctly; this module asks for %3. You can try "
                          "the questions again: each one you have not got right yet is asked afresh, and "
                          "the ones you got right stay counted.")
    return fill(text, verdict.checks_passed, verdict.checks, verdict.checks_needed)
