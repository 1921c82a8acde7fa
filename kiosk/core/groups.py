"""A trainer leading a group through one module on a projector: the one code path behind the
presenter screens and the crash test.

Everything is committed as it happens (where the presenter is, what the room answered, who
attended), so after a crash or power cut the trainer resumes where they were. What the room
answers is the room's, never a person's: a group session keeps no individual answers or scores.
Attendees get completion credit through the normal record path when the session finishes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.core import completed_modules
from kiosk.core.accounts import Accounts, Learner
from kiosk.core.clock import now_utc, utcnow
from kiosk.core.content import KnowledgeCheckStep, Module, Programme, Step, SurveyStep
from kiosk.core.errors import KioskError
from kiosk.core.events import Event, GroupFacts, RecordMaker, no_records
from kiosk.core.step_cursor import StepCursor
from kiosk.core.store import Store
from kiosk.core.store.completion_records import CompletionRow
from kiosk.core.store.groups import AttendeeRow, GroupSessionRow

MAX_HANDS = 999


class GroupSessionError(KioskError):
    """A group session cannot do what was asked; the message says why."""


@dataclass(frozen=True)
class Registration:
    """The outcome of registering one attendee (no code is kept or shown)."""

    learner_id: int
    created: bool
    """Their account was made just now."""
    already: bool
    """They had registered for this session before."""


@dataclass(frozen=True)
class FinishResult:
    facts: GroupFacts
    credited: int
    """Attendees credited by this call (not counting those credited before an interruption)."""


class GroupSession:
    """One group session. Make it with ``start`` or ``resume``; use it from one thread."""

    def __init__(self, store: Store, accounts: Accounts, module: Module, trainer: Learner,
                 row: GroupSessionRow, records: RecordMaker = no_records):
        self.store = store
        self.groups = store.groups
        self.accounts = accounts
        self.module = module
        self.trainer = trainer
        self.records = records
        self.id = row.id
        self.started_at = row.started_at
        index = module.step_index(row.step_id)
        # A content update may have removed the step: start again from the first.
        self.cursor = StepCursor(module.steps, index if index is not None else 0)
        self.discussion = bool(row.presenter.get("discussion", False))
        self.revealed: set[str] = set(row.presenter.get("revealed", ()))
        self._closing: dict[str, Any] | None = row.presenter.get("closing")
        self._answers = self.groups.answers(row.id)

    # -- starting and resuming --------------------------------------------------------------
    @classmethod
    def start(cls, store: Store, accounts: Accounts, programme: Programme, trainer: Learner,
              module_id: str, records: RecordMaker = no_records) -> GroupSession:
        module = _module(programme, module_id)
        session_id = str(uuid.uuid4())
        store.groups.create(session_id, trainer.id, module.id, module.version, module.steps[0].id)
        return cls(store, accounts, module, trainer, _session(store, session_id), records)

    @classmethod
    def resume(cls, store: Store, accounts: Accounts, programme: Programme, trainer: Learner,
               session_id: str, records: RecordMaker = no_records) -> GroupSession:
        groups = store.groups
        row = groups.session(session_id)
        if row is None or row.state != "running":
            raise GroupSessionError("That group session has already ended.")
        module = _module(programme, row.module_id)
        groups.resumed(session_id)
        return cls(store, accounts, module, trainer, _session(store, session_id), records)

    @staticmethod
    def interrupted(store: Store, trainer: Learner) -> list[GroupSessionRow]:
        """This trainer's sessions that never finished (a crash, a power cut, or signing out)."""
        return store.groups.running(trainer.id)

    @staticmethod
    def discard_interrupted(store: Store, session_id: str) -> None:
        """End an interrupted session without credit or records (the trainer chose not to resume)."""
        groups = store.groups
        if any(a.credited_at for a in groups.attendees(session_id)):
            raise GroupSessionError("Some attendees already have their credit: resume the session and "
                                    "finish it instead.")
        groups.discard(session_id)

    # -- presenting -------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self.cursor.index

    @property
    def step(self) -> Step:
        return self.cursor.current

    @property
    def next_step(self) -> Step | None:
        return self.cursor.following

    @property
    def is_first(self) -> bool:
        return self.cursor.is_first

    @property
    def is_last(self) -> bool:
        return self.cursor.is_last

    def next(self) -> Step:
        return self.cursor.next(self._show)

    def back(self) -> Step:
        return self.cursor.back(self._show)

    def go_to(self, index: int) -> Step:
        """Show another step; leaving a step ends any discussion pause."""
        return self.cursor.go_to(index, self._show)

    def _show(self, index: int) -> None:
        self._commit(index, discussion=False)

    def set_discussion(self, paused: bool) -> None:
        """Pause for discussion (the projector shows a calm discussion slide) or carry on."""
        if paused != self.discussion:
            self._commit(self.index, discussion=paused)

    def set_revealed(self, shown: bool) -> None:
        """Show (or hide again) a knowledge check's answer and feedback on the projector."""
        revealed = set(self.revealed)
        (revealed.add if shown else revealed.discard)(self.step.id)
        if revealed != self.revealed:
            self._commit(self.index, revealed=revealed)

    @property
    def is_revealed(self) -> bool:
        return self.step.id in self.revealed

    # -- what the room answered -------------------------------------------------------------
    def room_answer(self, step: Step | None = None) -> dict[str, Any]:
        return dict(self._answers.get((step or self.step).id, {}))

    def record_check(self, room: set[int] | None = None, hands: Sequence[int] | None = None) -> None:
        """The room's answer to the current knowledge check: the options the room settled on,
        and/or a show-of-hands count per option. No one's own answer is recorded."""
        step = self.step
        if not isinstance(step, KnowledgeCheckStep):
            raise TypeError("the current step is not a knowledge check")
        answer = self.room_answer()
        if room is not None:
            answer["room"] = sorted(i for i in room if 0 <= i < len(step.options))
        if hands is not None:
            answer["hands"] = _counts(hands, len(step.options))
        self._save_answer(step, answer)

    def record_survey(self, question_id: str, hands: Sequence[int]) -> None:
        """A show-of-hands count for each point (1 to 5) of one survey question."""
        step = self.step
        if not isinstance(step, SurveyStep):
            raise TypeError("the current step is not a survey")
        if question_id not in {q.id for q in step.questions}:
            raise KeyError(question_id)
        answer = self.room_answer()
        answer.setdefault("hands", {})[question_id] = _counts(hands, 5)
        self._save_answer(step, answer)

    # -- attendance -------------------------------------------------------------------------
    def register(self, code: str, pin: str = "", *, joined_late: bool = False) -> Registration:
        """An attendee types their own code (and PIN if they have an account here)."""
        return self._register(code, pin, False, joined_late)

    def register_for(self, code: str, *, joined_late: bool = False) -> Registration:
        """The trainer types an attendee's code for them."""
        return self._register(code, "", True, joined_late)

    def attendees(self) -> list[AttendeeRow]:
        return self.groups.attendees(self.id)

    def mark(self, learner_id: int, *, joined_late: bool | None = None, left_early: bool | None = None,
             credit: bool | None = None) -> None:
        """Mark a late joiner or early leaver, or give or withhold their completion credit.
        Marking someone late or early withholds credit unless the trainer gives it back."""
        marks = {k: v for k, v in (("joined_late", joined_late), ("left_early", left_early),
                                   ("credit", credit)) if v is not None}
        if credit is None and (joined_late or left_early):
            marks["credit"] = False
        self.groups.mark_attendee(self.id, learner_id, **marks)
        self._touch()

    def remove(self, learner_id: int) -> None:
        self.groups.remove_attendee(self.id, learner_id)

    def needs_claim(self, learner_id: int) -> bool:
        """The attendee's account has no PIN yet (made here, or at an earlier session)."""
        return self.accounts.needs_claim(learner_id)

    def claim_code(self, learner_id: int) -> str:
        """A one-time code for an attendee of this session whose account has no PIN yet; the
        trainer gives it to them in person (see kiosk.core.claims). Any earlier code stops working.

        Raises:
            GroupSessionError: they are not an attendee of this session.
            SignInError: their account has a PIN already.
        """
        if learner_id not in {a.learner_id for a in self.attendees()}:
            raise GroupSessionError("That person is not on this session's attendance list.")
        return self.accounts.issue_claim_code(learner_id, issued_by=self.trainer.id)

    # -- ending -----------------------------------------------------------------------------
    def finish(self) -> FinishResult:
        """Give completion credit to every attendee marked for it and close the session.

        Each attendee's credit commits on its own with its records, then the session closes with
        the record that describes it. Calling this again after a crash part-way through finishes
        the job without crediting anyone twice.
        """
        attendees = self.attendees()
        if self._closing is None:
            self._closing = {"size": len(attendees), "duration_seconds": self._duration()}
            self._commit(self.index, closing=self._closing)
        facts = GroupFacts(self.id, self._closing["size"], self._closing["duration_seconds"],
                           sum(1 for a in attendees if a.credit), self.started_at[:10])
        step_ids = [s.id for s in self.module.steps]
        credited = 0
        for attendee in attendees:
            if not attendee.credit or attendee.credited_at:
                continue
            learner = self._learner(attendee.learner_id)
            completion = self._completes(attendee.learner_id, step_ids)
            shared = {"completion_id": completion.id, "score": completion.score} if completion else None
            records = self.records(Event("group_completed", learner, self.module, answer=shared, group=facts))
            credited += self.groups.credit(self.id, attendee.learner_id, self.module.id, step_ids, records,
                                           completion=completion)
        records = self.records(Event("group_session", self.trainer, self.module, group=facts))
        self.groups.end(self.id, facts.size, facts.duration_seconds, records)
        return FinishResult(facts, credited)

    def _completes(self, learner_id: int, step_ids: list[str]) -> CompletionRow | None:
        """The completion record the credit makes, if marking the steps done meets the module's
        rules (kiosk.core.completed_modules: a pass mark still needs the learner's own answers) and they
        have none yet."""
        if self.store.completion_records.of_learner(learner_id).get(self.module.id) is not None:
            return None
        progress = self.store.progress.module_progress(learner_id, self.module.id)
        verdict = completed_modules.verdict(self.module, set(step_ids), {s: p.answer for s, p in progress.items()})
        if not verdict.complete:
            return None
        return CompletionRow(str(uuid.uuid4()), learner_id, self.module.id, self.module.version,
                             utcnow(), verdict.score)

    def discard(self) -> None:
        """End a session started by mistake: nobody is credited and no record is made."""
        self.discard_interrupted(self.store, self.id)

    # -- internals --------------------------------------------------------------------------
    def _register(self, code: str, pin: str, vouched: bool, joined_late: bool) -> Registration:
        learner, created = self.accounts.identify_attendee(code, pin, vouched=vouched)
        added = self.groups.add_attendee(self.id, learner.id, "trainer" if vouched else "self", joined_late)
        self._touch()
        return Registration(learner.id, created, not added)

    def _learner(self, learner_id: int) -> Learner:
        row = self.store.learners.get(learner_id)
        if row is None:  # erased while the session ran
            raise GroupSessionError("An attendee's account is no longer on this computer.")
        return Learner(row.id, row.first_name, row.role, row.pseudonym)

    def _save_answer(self, step: Step, answer: dict[str, Any]) -> None:
        self.groups.save_answer(self.id, step.id, answer)
        self._answers[step.id] = answer

    def _commit(self, index: int, *, discussion: bool | None = None, revealed: set[str] | None = None,
                closing: dict[str, Any] | None = None) -> None:
        discussion = self.discussion if discussion is None else discussion
        revealed = self.revealed if revealed is None else revealed
        presenter: dict[str, Any] = {"discussion": discussion, "revealed": sorted(revealed)}
        if closing or self._closing:
            presenter["closing"] = closing or self._closing
        self.groups.move(self.id, self.module.steps[index].id, presenter)
        self.cursor.index, self.discussion, self.revealed = index, discussion, set(revealed)

    def _touch(self) -> None:
        self._commit(self.index)

    def _duration(self) -> int:
        row = _session(self.store, self.id)
        started = datetime.fromisoformat(row.started_at)
        elapsed = (now_utc() - started).total_seconds() - row.interrupted_seconds
        return max(0, round(elapsed))


def _session(store: Store, session_id: str) -> GroupSessionRow:
    """The session's row (gone only if the session was discarded meanwhile)."""
    row = store.groups.session(session_id)
    if row is None:
        raise GroupSessionError("That group session has already ended.")
    return row


def _module(programme: Programme, module_id: str) -> Module:
    module = programme.module(module_id)
    if module is None:
        raise GroupSessionError("That module is not available on this computer now.")
    return module


def _counts(values: Sequence[int], length: int) -> list[int]:
    counts = [max(0, min(MAX_HANDS, int(v))) for v in list(values)[:length]]
    return counts + [0] * (length - len(counts))
