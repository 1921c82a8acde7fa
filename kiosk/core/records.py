"""The record maker: learner events in, anonymised xAPI 1.0.3 statements out.

Statements are built from an allow-list (the builders below write every field by hand; nothing
is copied from an answer wholesale) and each one must pass ``statement_schema`` before it may
enter the outbox. ``docs/privacy.md`` lists, field by field, what a statement carries.

The learning code path calls the maker inside ``ModuleRun._save``, and the store writes what it
returns in the same transaction as the progress, so a statement's ``id`` is made exactly once,
when the event is committed, and is sent unchanged on every retry.

To report a new step type, add a builder to ``STEP_DONE`` (``self_assessment`` already uses the
survey's, since both answer Likert questions).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from kiosk.core import completion_rules
from kiosk.core.clock import now_utc
from kiosk.core.content import KnowledgeCheckStep, Module, Step
from kiosk.core.learning import Event, RecordMaker
from kiosk.core.statement_schema import (
    ACTIVITY_TYPES,
    PLATFORM,
    VERBS,
    module_version_extension,
    statement_schema,
)
from kiosk.core.store import OutboundRecord, StepProgress

if TYPE_CHECKING:
    from kiosk.core.config import Settings

log = logging.getLogger(__name__)

PrivacyMode = Literal["pseudonymous", "anonymous"]
TimePrecision = Literal["day", "hour", "none"]
UNLINKED_PREFIX = "anon-"
"""How an unlinked statement's actor name starts (the rest is random, fresh per statement)."""
ProgressReader = Callable[[int, str], Mapping[str, StepProgress]]
"""``(learner id, module id) -> saved progress``: ``Store.progress.module_progress``."""
PathwayReader = Callable[[int], "str | None"]
"""``learner id -> the id of the pathway they follow``: ``kiosk.core.pathways.pathway_reader``."""


@dataclass(frozen=True)
class RecordPolicy:
    """What the organisation chose about its records (from the sync_* settings)."""

    programme_id: str
    privacy_mode: PrivacyMode = "pseudonymous"
    home_page: str = "https://tip-kiosk.invalid/learners"
    activity_base: str = "https://tip-kiosk.invalid/xapi"
    time_precision: TimePrecision = "day"

    @classmethod
    def from_settings(cls, settings: Settings, programme_id: str) -> RecordPolicy:
        return cls(programme_id, settings.sync_privacy_mode, settings.sync_account_home_page,
                   settings.sync_activity_base.rstrip("/"), settings.sync_time_precision)


class StatementMaker:
    """A ``RecordMaker`` for xAPI statements.

    Args:
        policy: privacy mode, IRIs and time precision.
        progress: reads a learner's saved progress in a module, to score a completed module.
        clock: the current time (UTC), for tests.
        pathway: reads the pathway a learner follows, named as a context activity.
    """

    def __init__(self, policy: RecordPolicy, progress: ProgressReader | None = None,
                 clock: Callable[[], datetime] = now_utc,
                 pathway: PathwayReader | None = None):
        self.policy = policy
        self.progress = progress
        self.pathway = pathway
        self.clock = clock
        self._validator = None
        self._module_version = module_version_extension(policy.activity_base)

    @property
    def validator(self) -> Any:  # a jsonschema Draft202012Validator (jsonschema ships no types)
        """The closed JSON Schema every statement must pass; made on first use (jsonschema's
        import is slow, and start-up makes no records)."""
        if self._validator is None:
            from jsonschema import Draft202012Validator

            self._validator = Draft202012Validator(statement_schema(self.policy.activity_base,
                                                                    self.policy.home_page))
        return self._validator

    def __call__(self, event: Event) -> list[OutboundRecord]:
        builder = EVENTS.get(event.kind)
        statements = builder(self, event) if builder else []
        records = []
        for statement in statements:
            errors = sorted(self.validator.iter_errors(statement), key=lambda e: list(e.path))
            if errors:
                # A bug, not the learner's doing: their progress must still be saved, so the
                # statement is dropped and the log says where (paths and rules only, no values).
                log.error("Dropped a '%s' statement that failed the outbound schema: %s", event.kind,
                          "; ".join(f"{e.json_path} ({e.validator})" for e in errors[:5]))
                continue
            # A statement under a fresh random name is unlinked: it waits in the pool and never
            # travels with linked ones (docs/privacy.md, "Unlinkable records on the wire").
            linked = not statement["actor"]["account"]["name"].startswith(UNLINKED_PREFIX)
            records.append(OutboundRecord(statement["id"], statement["verb"]["display"]["en-GB"], statement,
                                          linked=linked))
        return records

    # -- parts of a statement ------------------------------------------------------------------
    def statement(self, event: Event, verb: str, obj: dict[str, Any], *, linked: bool = True,
                  result: dict[str, Any] | None = None, in_module: bool = True) -> dict[str, Any]:
        module = event.module
        context_activities: dict[str, Any] = {"grouping": [self._ref(self._programme_iri())]}
        if in_module:
            context_activities["parent"] = [self._ref(self._module_iri(module))]
        pathway = self.pathway(event.learner.id) if self.pathway is not None and linked else None
        if pathway:
            # The route (a role and level), never who: and only on linked statements, since on an
            # unlinked survey answer it would narrow down who could have given it.
            context_activities["other"] = [self._ref(f"{self._programme_iri()}/pathways/{pathway}")]
        actor = self._actor(event, linked)
        # Whatever made it unlinked (a survey answer, anonymous mode, no pseudonym), an unlinked
        # statement is dated to the day: a finer time would tie it to the learner's other ones.
        unlinked = actor["account"]["name"].startswith(UNLINKED_PREFIX)
        statement = {
            "id": str(uuid.uuid4()),
            "actor": actor,
            "verb": {"id": VERBS[verb], "display": {"en-GB": verb}},
            "object": obj,
            "timestamp": self._timestamp(not unlinked),
            "context": {
                "platform": PLATFORM,
                "language": module.language,
                "contextActivities": context_activities,
                "extensions": {self._module_version: _safe_version(module.version)},
            },
        }
        if result is not None:
            statement["result"] = result
        return statement

    def _actor(self, event: Event, linked: bool) -> dict[str, Any]:
        pseudonym = event.learner.pseudonym
        if linked and self.policy.privacy_mode == "pseudonymous" and pseudonym:
            name = pseudonym
        else:
            # A fresh random name per statement: nothing links it to the learner or to the
            # learner's other statements.
            name = UNLINKED_PREFIX + uuid.uuid4().hex
        return {"objectType": "Agent", "account": {"homePage": self.policy.home_page, "name": name}}

    def _timestamp(self, linked: bool) -> str:
        now = self.clock().astimezone(UTC)
        # Unlinked statements are always coarsened to the day: a precise time could tie a
        # survey answer back to the learner's own (linked) statements of the same moment.
        precision = self.policy.time_precision if linked else "day"
        if precision == "none":
            return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
        if precision == "hour":
            return now.strftime("%Y-%m-%dT%H:00:00Z")
        return now.strftime("%Y-%m-%dT00:00:00Z")

    def _programme_iri(self) -> str:
        return f"{self.policy.activity_base}/programmes/{self.policy.programme_id}"

    def _module_iri(self, module: Module) -> str:
        return f"{self._programme_iri()}/modules/{module.id}"

    def _step_iri(self, module: Module, step: Step) -> str:
        return f"{self._module_iri(module)}/steps/{step.id}"

    @staticmethod
    def _ref(iri: str) -> dict[str, str]:
        return {"objectType": "Activity", "id": iri}

    def activity(self, iri: str, kind: str, name: str, language: str, **definition: Any) -> dict[str, Any]:
        return {"objectType": "Activity", "id": iri,
                "definition": {"type": ACTIVITY_TYPES[kind], "name": {language: name}, **definition}}

    def module_activity(self, module: Module) -> dict[str, Any]:
        return self.activity(self._module_iri(module), "module", module.title, module.language)


# -- builders: one per event kind, and one per step type for "step done" -------------------------
def _module_started(maker: StatementMaker, event: Event) -> list[dict[str, Any]]:
    return [maker.statement(event, "attempted", maker.module_activity(event.module), in_module=False)]


def _module_completed(maker: StatementMaker, event: Event) -> list[dict[str, Any]]:
    module = event.module
    result: dict[str, Any] = {"completion": True}
    checks = [s for s in module.steps if isinstance(s, KnowledgeCheckStep)]
    passed = False
    if checks and maker.progress is not None:
        saved = maker.progress(event.learner.id, module.id)
        correct = 0
        for step in checks:
            progress = saved.get(step.id)
            answer = progress.answer if progress and progress.status == "done" else None
            if answer is None and _is_check_answer(event.answer):
                # The step whose completion completes the module is the one not yet saved as
                # done; the event carries its answer.
                answer = event.answer
            correct += bool(isinstance(answer, dict) and answer.get("correct") is True)
        result["score"] = {"scaled": round(correct / len(checks), 4), "raw": correct, "min": 0, "max": len(checks)}
        if module.completion.pass_mark:
            # 'passed' means the module's pass mark was met, as the kiosk's completion rules
            # judge it (kiosk.core.completion_rules): the same verdict My progress and certificates
            # give, not "every check right". With no pass mark there is nothing to pass.
            answers = {step_id: p.answer for step_id, p in saved.items()}
            if event.step is not None and _is_check_answer(event.answer):
                answers[event.step.id] = event.answer
            done = {step_id for step_id, p in saved.items() if p.status == "done"}
            passed = completion_rules.evaluate(module, done, answers).passed
            result["success"] = passed
    activity = maker.module_activity(module)
    statements = [maker.statement(event, "completed", activity, result=result, in_module=False)]
    if passed:
        statements.append(maker.statement(event, "passed", activity, result=dict(result), in_module=False))
    return statements


def _group_completed(maker: StatementMaker, event: Event) -> list[dict[str, Any]]:
    # A group session's credit completes a module only when the module's rules are then met
    # (kiosk.core.completed_modules); the event then carries the completion, and reads as any completion.
    shared = event.answer
    return _module_completed(maker, event) if isinstance(shared, dict) and shared.get("completion_id") else []


def _check_answered(maker: StatementMaker, event: Event) -> list[dict[str, Any]]:
    step, module = event.step, event.module
    if not isinstance(step, KnowledgeCheckStep) or not _is_check_answer(event.answer):
        return []
    count = len(step.options)
    selected = sorted({i for i in event.answer["selected"] if isinstance(i, int) and 0 <= i < count})
    lang = module.language
    question = maker.activity(
        maker._step_iri(module, step), "question", step.title, lang,
        description={lang: step.question}, interactionType="choice",
        choices=[{"id": f"option-{i}", "description": {lang: option.text}}
                 for i, option in enumerate(step.options)],
        correctResponsesPattern=["[,]".join(f"option-{i}" for i in sorted(step.correct))])
    result = {"success": bool(event.answer["correct"]),
              "response": "[,]".join(f"option-{i}" for i in selected)}
    return [maker.statement(event, "answered", question, result=result)]


def _step_done(maker: StatementMaker, event: Event) -> list[dict[str, Any]]:
    builder = STEP_DONE.get(getattr(event.step, "type", ""))
    return builder(maker, event) if builder else []


def _watched(maker: StatementMaker, event: Event) -> list[dict[str, Any]]:
    step, module = event.step, event.module
    assert step is not None  # a step event
    video = maker.activity(maker._step_iri(module, step), "video", step.title, module.language)
    return [maker.statement(event, "watched", video, result={"completion": True})]


def _package_done(maker: StatementMaker, event: Event) -> list[dict[str, Any]]:
    """A package step finished: only what the kiosk worked out (completion, success, a scaled
    score), never anything the package itself wrote (responses, suspend data, interactions, its
    own statements)."""
    step, module, answer = event.step, event.module, event.answer
    assert step is not None  # a step event
    if not isinstance(answer, dict) or answer.get("via") != "package":
        return []
    result: dict[str, Any] = {"completion": answer.get("completed") is True}
    if isinstance(answer.get("success"), bool):
        result["success"] = answer["success"]
    score = answer.get("score")
    if isinstance(score, (int, float)) and not isinstance(score, bool) and 0 <= score <= 1:
        result["score"] = {"scaled": round(float(score), 4)}
    lesson = maker.activity(maker._step_iri(module, step), "package", step.title, module.language)
    return [maker.statement(event, "completed", lesson, result=result)]


def _likert_responses(maker: StatementMaker, event: Event) -> list[dict[str, Any]]:
    """One unlinked statement per rated question; the comment (free text) is never sent."""
    step, module = event.step, event.module
    assert step is not None  # a step event
    ratings = event.answer.get("ratings") if isinstance(event.answer, dict) else None
    if not isinstance(ratings, dict):
        return []
    lang = module.language
    statements = []
    for question in getattr(step, "questions", ()):
        rating = ratings.get(question.id)
        if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
            continue
        activity = maker.activity(
            f"{maker._step_iri(module, step)}/questions/{question.id}", "question", question.text, lang,
            interactionType="likert",
            scale=[{"id": str(i + 1), "description": {lang: label}} for i, label in enumerate(question.labels)])
        statements.append(maker.statement(event, "responded", activity, linked=False,
                                          result={"response": str(rating)}))
    return statements


# A video reports through "step_done" with its VideoStep (as every finished step does); a separate
# "video_watched" kind, if one is ever added, must not be mapped too, or a video would count twice.
EVENTS: dict[str, Callable[[StatementMaker, Event], list[dict[str, Any]]]] = {
    "module_started": _module_started,
    "module_completed": _module_completed,
    "group_completed": _group_completed,
    "check_answered": _check_answered,
    "step_done": _step_done,
}
STEP_DONE: dict[str, Callable[[StatementMaker, Event], list[dict[str, Any]]]] = {
    # Pages and reflections report nothing: that someone read or reflected tells the
    # organisation little, and a reflection's words never leave the PC.
    "video": _watched,
    "survey": _likert_responses,
    "self_assessment": _likert_responses,
    "package": _package_done,
}


def make_record_maker(settings: Settings, programme_id: str, progress: ProgressReader | None,
                      pathway: PathwayReader | None = None) -> RecordMaker:
    """The record maker the app, the CLI and the simulator use, from the sync_* settings."""
    return StatementMaker(RecordPolicy.from_settings(settings, programme_id), progress, pathway=pathway)


def _is_check_answer(answer: Any) -> bool:
    return isinstance(answer, dict) and isinstance(answer.get("selected"), list) and "correct" in answer


def _safe_version(version: str) -> str:
    return re.sub(r"[^A-Za-z0-9.+-]", "-", version)[:32] or "0"
