"""What a signed-in learner does: the one code path behind the screens, the CLI simulator and the
crash test. Every method that changes progress has committed it to disk when it returns.

Time on a module is counted while the learner works in it: the time between one thing they do
(open the module, move to a step, answer, choose, type) and the next, with any single gap
counted as at most ``MAX_GAP_SECONDS`` so a PC left signed in does not add hours. It is saved
with each step change, and when the learner leaves the module or signs out.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from kiosk.core import confidence, vault
from kiosk.core.accounts import Learner
from kiosk.core.assessment_steps import AssessmentSteps
from kiosk.core.clock import utcnow
from kiosk.core.cmi5_steps import Cmi5Steps
from kiosk.core.completed_modules import is_completed, record_late
from kiosk.core.completion_rules import Completion, evaluate
from kiosk.core.content import (
    KnowledgeCheckStep,
    Module,
    PackageStep,
    Programme,
    ReflectionStep,
    ScenarioStep,
    SelfAssessmentStep,
    Step,
    SurveyStep,
    UnavailableModule,
    VideoStep,
)
from kiosk.core.events import (
    Event as Event,  # re-exported: what a learner does, as record makers see it
    RecordMaker as RecordMaker,  # re-exported
    no_records,
)
from kiosk.core.package_steps import PackageSteps
from kiosk.core.run_part import RunEvent, StepStatus, StepT
from kiosk.core.scenario_steps import ScenarioSteps
from kiosk.core.step_cursor import StepCursor
from kiosk.core.store import OutboundRecord, StepProgress, Store
from kiosk.core.store.completion_records import CompletionRow
from kiosk.core.store.packages import PackageRow
from kiosk.core.video_steps import VideoSteps

ModuleState = Literal["not_started", "in_progress", "completed", "unavailable"]
MAX_GAP_SECONDS = 15 * 60
"""The most one gap between two actions adds to time spent (longer than the idle sign-out)."""


@dataclass(frozen=True)
class ModuleStatus:
    module: Module | UnavailableModule
    state: ModuleState
    done: int = 0
    """Required steps finished."""
    total: int = 0
    """Required steps."""
    resume_step: str | None = None
    last_activity: str | None = None
    completion: Completion | None = None
    completed: CompletionRow | None = None
    seconds: float = 0.0
    """Time spent on the module (see the module docstring)."""
    confidence: tuple[tuple[int | None, int | None], ...] = ()
    """(before, after) ratings per self-assessment question; empty if the module has none."""


class Learning:
    """A signed-in learner's work on one PC."""

    def __init__(self, store: Store, programme: Programme, learner: Learner,
                 records: RecordMaker = no_records, clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.programme = programme
        self.learner = learner
        self.records = records
        self.clock = clock
        if learner.vault is not None:
            self._seal_plain_text(learner.vault)

    def _seal_plain_text(self, key: vault.VaultKey) -> None:
        # What this learner wrote before their words were sealed (an older kiosk, or a session
        # without a key) is sealed now, the first moment their PIN is known again.
        with self.store.transaction() as conn:
            sealed = vault.seal_plain_rows(conn, key)
        if sealed:
            vault.forget_old_pages(self.store.conn)

    def overview(self) -> list[ModuleStatus]:
        """Every module in programme order with this learner's progress."""
        learner_id = self.learner.id
        summaries = self.store.progress.summaries(learner_id)
        progress = self.store.progress.all_progress(learner_id)
        completed = self.store.completion_records.of_learner(learner_id)
        times = self.store.progress.module_times(learner_id)
        result = []
        for module in self.programme.modules:
            if isinstance(module, UnavailableModule):
                result.append(ModuleStatus(module, "unavailable"))
                continue
            summary = summaries.get(module.id)
            steps = progress.get(module.id, {})
            answers = {s: p.answer for s, p in steps.items()}
            done = {s for s, p in steps.items() if p.status == "done"}
            verdict = evaluate(module, done, answers)
            row = completed.get(module.id)
            if row is None and summary and verdict.complete:
                row = record_late(self.store, self.learner, module, verdict, self.records)
            state: ModuleState = "not_started"
            # The one definition of completed, as certificates, site reports and records use it.
            if (row is not None or summary) and is_completed(module, done, answers, row):
                state = "completed"
            elif summary or steps:
                state = "in_progress"
            result.append(ModuleStatus(module, state, verdict.done, len(verdict.required),
                                       summary.position if summary else None,
                                       summary.updated_at if summary else None,
                                       verdict, row, times.get(module.id, 0.0),
                                       confidence.module_pairs(module, answers)))
        return result

    def suggested(self, overview: list[ModuleStatus] | None = None) -> ModuleStatus | None:
        """The module 'Continue' should open: the most recent one in progress, else the first
        not started."""
        overview = self.overview() if overview is None else overview
        started = [s for s in overview if s.state == "in_progress"]
        if started:
            return max(started, key=lambda s: s.last_activity or "")
        return next((s for s in overview if s.state == "not_started"), None)

    def media_preferences(self) -> dict[str, Any]:
        """The learner's video choices (captions on, caption size, speed, volume), kept with
        their other display settings so every video starts the way they like it."""
        row = self.store.learners.get(self.learner.id)
        prefs = (row.settings if row else {}).get("media", {})
        return dict(prefs) if isinstance(prefs, dict) else {}

    def save_media_preferences(self, prefs: dict[str, Any]) -> None:
        row = self.store.learners.get(self.learner.id)
        if row is None:
            return
        settings = dict(row.settings)
        if settings.get("media") != prefs:
            settings["media"] = dict(prefs)
            self.store.learners.update(self.learner.id, settings=settings)

    def open(self, module_id: str) -> ModuleRun:
        module = self.programme.module(module_id)
        if module is None:
            raise KeyError(module_id)
        return ModuleRun(self, module)


@dataclass
class ModuleRun(PackageSteps, Cmi5Steps, AssessmentSteps, ScenarioSteps, VideoSteps):
    """A learner's way through one module: where they are and what they answered. The methods
    for package steps (SCORM, H5P) are in ``kiosk.core.package_steps``, for cmi5 courses in
    ``kiosk.core.cmi5_steps``, for knowledge checks and tests in ``kiosk.core.assessment_steps``,
    for scenarios in ``kiosk.core.scenario_steps`` and for videos in ``kiosk.core.video_steps``."""

    learning: Learning
    module: Module
    progress: dict[str, StepProgress] = field(default_factory=dict)
    resumed_from_removed_step: bool = False
    completion_record: CompletionRow | None = None
    cursor: StepCursor = field(init=False, repr=False)

    def __post_init__(self) -> None:
        store, learner = self.learning.store, self.learning.learner
        self._mark = self.learning.clock()
        self.cursor = StepCursor(self.module.steps)
        self.progress = vault.open_progress(learner.vault, self.module.id,
                                            store.progress.module_progress(learner.id, self.module.id))
        self.completion_record = store.completion_records.of_learner(learner.id).get(self.module.id)
        position = store.progress.position(learner.id, self.module.id)
        if position is not None:
            index = self.module.step_index(position)
            # A content update may remove the step someone stopped at: go to the first step
            # they have not finished instead of failing.
            self.resumed_from_removed_step = index is None
            self.cursor.index = index if index is not None else self._first_unfinished()
        is_new = not self.progress and position is None
        self._save(self.step, "seen", events=["module_started"] if is_new else [])

    @property
    def index(self) -> int:
        return self.cursor.index

    @property
    def step(self) -> Step:
        return self.cursor.current

    @property
    def is_first(self) -> bool:
        return self.cursor.is_first

    @property
    def is_last(self) -> bool:
        return self.cursor.is_last

    def answer(self, step: Step | None = None) -> Any:
        saved = self.progress.get((step or self.step).id)
        return saved.answer if saved else None

    def is_done(self, step: Step | None = None) -> bool:
        saved = self.progress.get((step or self.step).id)
        return bool(saved and saved.status == "done")

    @property
    def completion(self) -> Completion:
        """Where the learner stands against the module's completion rules."""
        return _verdict(self.module, self.progress)

    @property
    def completed(self) -> bool:
        """Completed once, completed for good: a later content update or revisit never undoes it."""
        return is_completed(self.module, {s for s, p in self.progress.items() if p.status == "done"},
                            {s: p.answer for s, p in self.progress.items()}, self.completion_record)

    # -- moving -----------------------------------------------------------------------------
    def next(self) -> Step:
        """Leave the current step (finishing it where leaving is enough) and show the next."""
        return self.cursor.next(self._finish_and_leave)

    def skip(self) -> Step:
        """Move on without finishing this step (a content note's 'skip for now')."""
        return self.cursor.next(self._leave)

    def back(self) -> Step:
        return self.cursor.back(self._leave)

    def go_to(self, index: int) -> Step:
        return self.cursor.go_to(index, self._leave)

    def finish(self) -> bool:
        """Finish the last step (the learner chose 'Finish'); True if the module is complete."""
        if _finishes_on_leave(self.step) and not self.is_done():
            self._save(self.step, "done", answer=self.answer(), events=["step_done"])
        return self.completed

    def record_time(self) -> None:
        """Save the time since the last action (the learner is leaving the module)."""
        seconds = self._elapsed()
        if seconds >= 1:
            self.learning.store.progress.add_time(self.learning.learner.id, self.module.id, seconds)

    # -- answering --------------------------------------------------------------------------
    def save_reflection(self, text: str) -> None:
        """Keep a private reflection (it never leaves this PC)."""
        self._expect(ReflectionStep)
        if text != (self.answer() or {}).get("text", ""):
            self._save(self.step, self._status(), answer={"text": text})

    def save_survey(self, ratings: dict[str, int], comment: str = "") -> None:
        step = self._expect(SurveyStep)
        self._save(step, self._status(), answer={"ratings": _ratings(step, ratings), "comment": comment})

    def save_self_assessment(self, ratings: dict[str, int]) -> None:
        step = self._expect(SelfAssessmentStep)
        self._save(step, self._status(), answer={"ratings": _ratings(step, ratings)})

    def confidence_change(self, step: SelfAssessmentStep | None = None
                          ) -> list[tuple[str, int | None, int | None]]:
        """For an 'after' self-assessment: (question text, rating before, rating now) per question."""
        step = step or self._expect(SelfAssessmentStep)
        return confidence.change(self.module, step, {s: p.answer for s, p in self.progress.items()})

    # -- internals --------------------------------------------------------------------------
    def _expect(self, kind: type[StepT]) -> StepT:
        step = self.step
        if not isinstance(step, kind):
            raise TypeError(f"the current step is not a {kind.__name__}")
        return step

    def _status(self) -> StepStatus:
        return "done" if self.is_done() else "seen"

    def _finish_and_leave(self, target: int) -> None:
        step = self.step
        if _finishes_on_leave(step) and not self.is_done(step):
            self._save(step, "done", answer=self.answer(step), events=["step_done"])
        self._leave(target)

    def _leave(self, target: int) -> None:
        self.cursor.index = target
        self._save(self.step, self._status(), answer=None)

    def _elapsed(self) -> float:
        now = self.learning.clock()
        seconds, self._mark = min(max(now - self._mark, 0.0), MAX_GAP_SECONDS), now
        return seconds

    def _save(self, step: Step, status: StepStatus, answer: Any = None, attempts: int = 0,
              events: Sequence[RunEvent] = (), package_rows: dict[str, PackageRow] | None = None) -> None:
        learning = self.learning
        learner, module = learning.learner, self.module
        old = self.progress.get(step.id)
        new = StepProgress(
            step.id,
            "done" if (old and old.status == "done") or status == "done" else "seen",
            answer if answer is not None else (old.answer if old else None),
            max(attempts, old.attempts if old else 0),
            "",
        )
        completion: CompletionRow | None = None
        if self.completion_record is None:
            verdict = _verdict(module, {**self.progress, step.id: new})
            if verdict.complete:
                completion = CompletionRow(str(uuid.uuid4()), learner.id, module.id,
                                           module.version, utcnow(), verdict.score)
        records: list[OutboundRecord] = []
        for kind in events:
            records += learning.records(Event(kind, learner, module, None if kind == "module_started" else step,
                                              _shareable(step, new.answer)))
        if completion is not None:
            shared = {"completion_id": completion.id, "score": completion.score}
            records += learning.records(Event("module_completed", learner, module, None, shared))
        seconds = self._elapsed()

        def also(conn: sqlite3.Connection) -> None:
            if seconds >= 0.5:
                learning.store.progress.add_time(learner.id, module.id, seconds, conn=conn)
            if completion is not None:
                learning.store.completion_records.record(completion, conn=conn)
            if package_rows:
                learning.store.packages.save(learner.id, module.id, step.id,
                                             vault.seal_package_rows(learner.vault, module.id, step.id, package_rows),
                                             conn=conn)

        sealed = vault.seal_answer(learner.vault, answer, vault.where(module.id, step.id))
        learning.store.progress.save_step(learner.id, module.id, step.id, status=status, answer=sealed,
                                          attempts=attempts, position=self.step.id, records=records, also=also)
        self.progress[step.id] = new
        if completion is not None:
            self.completion_record = completion

    def _first_unfinished(self) -> int:
        return next((i for i, s in enumerate(self.module.steps) if not self.is_done(s)), 0)


def _finishes_on_leave(step: Step) -> bool:
    # A check is finished by answering it, a video by watching it (or its transcript) and a
    # scenario by reaching one of its ends, a package by its own result (leaving never finishes
    # it); anything else by moving on from it.
    return not isinstance(step, (KnowledgeCheckStep, VideoStep, ScenarioStep, PackageStep))


def _verdict(module: Module, progress: dict[str, StepProgress]) -> Completion:
    return evaluate(module, {s for s, p in progress.items() if p.status == "done"},
                    {s: p.answer for s, p in progress.items()})


def _ratings(step: SurveyStep | SelfAssessmentStep, ratings: dict[str, int]) -> dict[str, int]:
    known = {q.id for q in step.questions}
    return {k: int(v) for k, v in ratings.items() if k in known and 1 <= int(v) <= 5}


def _shareable(step: Step, answer: Any) -> Any:
    """What of an answer a record maker may see: never a learner's own words."""
    if isinstance(step, ReflectionStep) or not isinstance(answer, dict):
        return None
    if isinstance(step, (SurveyStep, SelfAssessmentStep)):
        return {"ratings": dict(answer.get("ratings", {}))}
    return answer
