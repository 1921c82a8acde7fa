"""What a signed-in learner does: the one code path behind the screens, the CLI simulator and the
crash test. Every method that changes progress has committed it to disk when it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal

from kiosk.core.accounts import Learner
from kiosk.core.content import (
    KnowledgeCheckStep,
    Module,
    Programme,
    ReflectionStep,
    Step,
    SurveyStep,
    UnavailableModule,
    VideoStep,
)
from kiosk.core.store import OutboundRecord, StepProgress, Store

ModuleState = Literal["not_started", "in_progress", "completed", "unavailable"]


@dataclass(frozen=True)
class GroupFacts:
    """What may be said about a group session in a record: no names, no codes, no answers."""

    session_id: str
    """A UUID made for the session; the same in the session's record and its attendees' ones."""
    size: int
    """People who attended (registered), including those who joined late or left early."""
    duration_seconds: int
    """From start to end, without time lost to a crash or power cut."""
    credited: int = 0
    """Attendees given completion credit."""
    started_on: str = ""
    """The day the session started (YYYY-MM-DD, UTC)."""


@dataclass(frozen=True)
class Event:
    """Something a learner did that may be reported (anonymised) by a record maker.

    Kinds from group sessions (kiosk/core/groups.py):
      ``group_completed``: ``learner`` attended a group session of ``module`` and the trainer gave
        them completion credit; ``group`` describes the session. Map it like ``module_completed``
        (pseudonymous, as any completion), noting that it was delivered in a group.
      ``group_session``: one per session, describing it (``group``: size, duration, day);
        ``learner`` is the trainer who led it. The record must carry no attendee identity.
    """

    kind: Literal["step_done", "check_answered", "module_started", "module_completed",
                  "group_completed", "group_session"]
    learner: Learner
    module: Module
    step: Step | None = None
    answer: Any = None
    group: GroupFacts | None = None


RecordMaker = Callable[[Event], list[OutboundRecord]]
"""Turns an event into the records to queue with it; see kiosk.core.records."""


def no_records(event: Event) -> list[OutboundRecord]:
    return []


@dataclass(frozen=True)
class ModuleStatus:
    module: Module | UnavailableModule
    state: ModuleState
    done: int = 0
    total: int = 0
    resume_step: str | None = None
    last_activity: str | None = None


@dataclass(frozen=True)
class CheckResult:
    correct: bool
    selected: tuple[int, ...]
    attempts: int


class Learning:
    """A signed-in learner's work on one PC."""

    def __init__(self, store: Store, programme: Programme, learner: Learner,
                 records: RecordMaker = no_records):
        self.store = store
        self.programme = programme
        self.learner = learner
        self.records = records

    def overview(self) -> list[ModuleStatus]:
        """Every module in programme order with this learner's progress."""
        summaries = self.store.summaries(self.learner.id)
        result = []
        for module in self.programme.modules:
            if isinstance(module, UnavailableModule):
                result.append(ModuleStatus(module, "unavailable"))
                continue
            summary = summaries.get(module.id)
            ids = {s.id for s in module.steps}
            done = len(summary.done_steps & ids) if summary else 0
            state: ModuleState = ("completed" if done == len(ids) else "in_progress") if summary else "not_started"
            result.append(ModuleStatus(module, state, done, len(ids),
                                       summary.position if summary else None,
                                       summary.updated_at if summary else None))
        return result

    def suggested(self, overview: list[ModuleStatus] | None = None) -> ModuleStatus | None:
        """The module 'Continue' should open: the most recent one in progress, else the first
        not started."""
        overview = self.overview() if overview is None else overview
        started = [s for s in overview if s.state == "in_progress"]
        if started:
            return max(started, key=lambda s: s.last_activity or "")
        return next((s for s in overview if s.state == "not_started"), None)

    def open(self, module_id: str) -> "ModuleRun":
        module = self.programme.module(module_id)
        if module is None:
            raise KeyError(module_id)
        return ModuleRun(self, module)


@dataclass
class ModuleRun:
    """A learner's way through one module: where they are and what they answered."""

    learning: Learning
    module: Module
    index: int = 0
    progress: dict[str, StepProgress] = field(default_factory=dict)
    resumed_from_removed_step: bool = False

    def __post_init__(self) -> None:
        store, learner = self.learning.store, self.learning.learner
        self.progress = store.module_progress(learner.id, self.module.id)
        position = store.position(learner.id, self.module.id)
        if position is not None:
            index = self.module.step_index(position)
            # A content update may remove the step someone stopped at: go to the first step
            # they have not finished instead of failing.
            self.resumed_from_removed_step = index is None
            self.index = index if index is not None else self._first_unfinished()
        is_new = not self.progress and position is None
        self._save(self.step, "seen", events=["module_started"] if is_new else [])

    @property
    def step(self) -> Step:
        return self.module.steps[self.index]

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == len(self.module.steps) - 1

    def answer(self, step: Step | None = None) -> Any:
        saved = self.progress.get((step or self.step).id)
        return saved.answer if saved else None

    def is_done(self, step: Step | None = None) -> bool:
        saved = self.progress.get((step or self.step).id)
        return bool(saved and saved.status == "done")

    @property
    def completed(self) -> bool:
        return all(self.is_done(s) for s in self.module.steps)

    def next(self) -> Step:
        """Leave the current step (finishing it where leaving is enough) and show the next."""
        if not self.is_last:
            self._leave(self.index + 1)
        return self.step

    def skip(self) -> Step:
        """Move on without finishing this step (a content note's 'skip for now')."""
        if not self.is_last:
            self._leave(self.index + 1, finish=False)
        return self.step

    def back(self) -> Step:
        if not self.is_first:
            self._leave(self.index - 1, finish=False)
        return self.step

    def go_to(self, index: int) -> Step:
        if 0 <= index < len(self.module.steps) and index != self.index:
            self._leave(index, finish=False)
        return self.step

    def finish(self) -> bool:
        """Finish the last step (the learner chose 'Finish'); True if the module is complete."""
        if self._finishes_on_leave(self.step) and not self.is_done():
            self._save(self.step, "done", answer=self.answer(), events=self._done_events(self.step))
        return self.completed

    def submit_check(self, selected: set[int]) -> CheckResult:
        step = self.step
        if not isinstance(step, KnowledgeCheckStep):
            raise TypeError("the current step is not a knowledge check")
        attempts = (self.progress[step.id].attempts if step.id in self.progress else 0) + 1
        picked = tuple(sorted(selected))
        correct = set(picked) == step.correct
        answer = {"selected": list(picked), "correct": correct}
        events = ["check_answered", *self._done_events(step, skip_done=True)]
        self._save(step, "done", answer=answer, attempts=attempts, events=events)
        return CheckResult(correct, picked, attempts)

    def save_reflection(self, text: str) -> None:
        """Keep a private reflection (it never leaves this PC)."""
        if not isinstance(self.step, ReflectionStep):
            raise TypeError("the current step is not a reflection")
        if text != (self.answer() or {}).get("text", ""):
            self._save(self.step, self._status(), answer={"text": text})

    def save_survey(self, ratings: dict[str, int], comment: str = "") -> None:
        step = self.step
        if not isinstance(step, SurveyStep):
            raise TypeError("the current step is not a survey")
        known = {q.id for q in step.questions}
        clean = {k: int(v) for k, v in ratings.items() if k in known and 1 <= int(v) <= 5}
        self._save(step, self._status(), answer={"ratings": clean, "comment": comment})

    # -- internals --------------------------------------------------------------------------
    def _status(self) -> str:
        return "done" if self.is_done() else "seen"

    @staticmethod
    def _finishes_on_leave(step: Step) -> bool:
        # A check is finished by answering it and a video by watching it (or its transcript).
        return not isinstance(step, (KnowledgeCheckStep, VideoStep))

    def _leave(self, target: int, finish: bool = True) -> None:
        step = self.step
        if finish and self._finishes_on_leave(step) and not self.is_done(step):
            self._save(step, "done", answer=self.answer(step), events=self._done_events(step))
        self.index = target
        self._save(self.step, self._status(), answer=None)

    def _done_events(self, step: Step, skip_done: bool = False) -> list[str]:
        if skip_done and self.is_done(step):
            return []
        others_done = all(self.is_done(s) for s in self.module.steps if s.id != step.id)
        return ["step_done", *(["module_completed"] if others_done and not self.completed else [])]

    def _save(self, step: Step, status: str, answer: Any = None, attempts: int = 0,
              events: list[str] = ()) -> None:
        learning = self.learning
        records: list[OutboundRecord] = []
        for kind in events:
            records += learning.records(Event(kind, learning.learner, self.module,
                                              None if kind.startswith("module") else step, answer))
        learning.store.save_step(learning.learner.id, self.module.id, step.id, status=status,
                                 answer=answer, attempts=attempts, position=self.step.id,
                                 records=records)
        old = self.progress.get(step.id)
        self.progress[step.id] = StepProgress(
            step.id,
            "done" if (old and old.status == "done") or status == "done" else "seen",
            answer if answer is not None else (old.answer if old else None),
            max(attempts, old.attempts if old else 0),
            "",
        )

    def _first_unfinished(self) -> int:
        return next((i for i, s in enumerate(self.module.steps) if not self.is_done(s)), 0)
