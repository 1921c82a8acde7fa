"""The one definition of "completed a module", for My progress, certificates, site reports and
records alike.

A learner has completed a module when the module's completion rules (kiosk.core.completion_rules:
its required steps done and its pass mark reached) were met at some moment; from then on it stays
completed, whatever later content updates or revisits change. The moment they are first met, a
completion record is written (the ``completions`` table) in the same transaction as the step that
met them, with the ``module_completed`` xAPI record: that record is what a certificate is made
from and what a site report counts. A group session's credit marks the module's steps done; it
completes the module only if the rules are then met (a pass mark needs the learner's own answers),
and then writes the same record. A completion met without its record (a group credit given before
credits wrote records) is recorded when the learner next looks at their progress
(:func:`record_late`), dated when its last required step was done.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.core.clock import utcnow
from kiosk.core.completion_rules import Completion, evaluate
from kiosk.core.content.model import Module
from kiosk.core.events import Event
from kiosk.core.store import Store
from kiosk.core.store.completion_records import CompletionRow


def is_completed(module: Module, done: set[str] | frozenset[str], answers: Mapping[str, Any],
                 record: object | None) -> bool:
    """True if the learner has completed ``module``.

    Args:
        module: the module, with its completion rules.
        done: ids of the learner's done steps in it.
        answers: step id -> saved answer.
        record: the learner's completion record for the module, or None.
    """
    return record is not None or verdict(module, done, answers).complete


def verdict(module: Module, done: set[str] | frozenset[str], answers: Mapping[str, Any]) -> Completion:
    """Where the learner stands against the rules (what is missing, the pass mark)."""
    return evaluate(module, done, answers)


def required_steps(module: Module) -> tuple[str, ...]:
    """The steps the rules require, in module order (all done is necessary, not sufficient: the
    pass mark must be reached too)."""
    wanted = module.completion.required_ids(module.steps)
    return tuple(s.id for s in module.steps if s.id in wanted)


def record_late(store: Store, learner: Any, module: Module, verdict: Completion,
                records: Callable[[Event], list[Any]]) -> CompletionRow | None:
    """Record a completion whose rules were met without a record being written: the record and
    its ``module_completed`` records, in one transaction, dated when the last required step was
    done (so a site report that counted it then counts it once). Returns the learner's record."""
    when = store.progress.last_done_at(learner.id, module.id, required_steps(module)) or utcnow()
    row = CompletionRow(str(uuid.uuid4()), learner.id, module.id, module.version, when, verdict.score)
    made = records(Event("module_completed", learner, module, None, {"completion_id": row.id, "score": row.score}))
    with store.transaction() as c:
        store.completion_records.record(row, conn=c)
        store.outbox.enqueue(learner.id, made, conn=c)
    return store.completion_records.of_learner(learner.id).get(module.id)
