"""The steps of a module (format v1 and later, see docs/content-format.md), one model per step
type. They double as the validation schema: pydantic checks module.yaml against them, so a field
declared here is a field an author may write, and nothing else is accepted.

Every step may carry ``trainer_notes`` (Markdown): shown only on a trainer's presenter screen during
a group session, never to a learner working alone and never on the projector.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field
from pydantic.dataclasses import dataclass as schema

from kiosk.core.content.fields import STRICT, Id, Label, RelFile, Text

DEFAULT_LIKERT = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)


@schema(frozen=True, config=STRICT)
class Option:
    text: Text
    feedback: Text
    correct: bool = False


@schema(frozen=True, config=STRICT)
class LikertQuestion:
    id: Id
    text: Text
    labels: Annotated[tuple[Label, ...], Field(min_length=5, max_length=5)] = DEFAULT_LIKERT


@schema(frozen=True, config=STRICT)
class PageStep:
    id: Id
    title: Label
    file: RelFile
    type: Literal["page"] = "page"
    content_note: Text | None = None
    trainer_notes: Text | None = None
    optional: bool = False


@schema(frozen=True, config=STRICT)
class KnowledgeCheckStep:
    id: Id
    title: Label
    question: Text
    options: Annotated[tuple[Option, ...], Field(min_length=2, max_length=8)]
    type: Literal["knowledge_check"] = "knowledge_check"
    multiple: bool | None = None
    content_note: Text | None = None
    trainer_notes: Text | None = None
    optional: bool = False

    @property
    def correct(self) -> frozenset[int]:
        """Indexes of the correct options."""
        return frozenset(i for i, option in enumerate(self.options) if option.correct)

    @property
    def is_multiple(self) -> bool:
        """True when the learner may choose more than one option."""
        return self.multiple if self.multiple is not None else len(self.correct) > 1


@schema(frozen=True, config=STRICT)
class ReflectionStep:
    id: Id
    title: Label
    prompt: Text
    type: Literal["reflection"] = "reflection"
    content_note: Text | None = None
    trainer_notes: Text | None = None
    optional: bool = False


@schema(frozen=True, config=STRICT)
class SurveyStep:
    id: Id
    title: Label
    questions: Annotated[tuple[LikertQuestion, ...], Field(min_length=1, max_length=20)]
    type: Literal["survey"] = "survey"
    intro: Text | None = None
    comment: Text | None = None
    content_note: Text | None = None
    trainer_notes: Text | None = None
    optional: bool = False


@schema(frozen=True, config=STRICT)
class VideoStep:
    id: Id
    title: Label
    media: RelFile
    captions: RelFile
    duration_seconds: Annotated[int, Field(ge=1, le=6 * 3600)]
    type: Literal["video"] = "video"
    transcript: RelFile | None = None
    transcript_counts: bool = False
    """True: reading the transcript completes the step just as watching does."""
    content_note: Text | None = None
    trainer_notes: Text | None = None
    optional: bool = False


@schema(frozen=True, config=STRICT)
class ScenarioChoice:
    text: Text
    consequence: Text
    """What happens after this choice, and why: the teaching is here."""
    next: Id
    """The node this choice leads to."""
    best: bool = False
    """The choice that fits best at its moment (format 4): for the author warning about where
    best choices sit, and for reports; learners never see it."""


@schema(frozen=True, config=STRICT)
class ScenarioVideo:
    """A short clip shown with a scenario node (its captions and transcript go with it)."""

    media: RelFile
    captions: RelFile
    duration_seconds: Annotated[int, Field(ge=1, le=15 * 60)]
    transcript: RelFile | None = None


@schema(frozen=True, config=STRICT)
class ScenarioNode:
    """One moment of a scenario: what is happening, and either choices or the end."""

    id: Id
    text: Text
    """Markdown."""
    choices: Annotated[tuple[ScenarioChoice, ...], Field(max_length=6)] = ()
    end: bool = False
    prompt: Label | None = None
    """The question above the choices; the kiosk asks "What would you do?" by default."""
    image: RelFile | None = None
    image_alt: Text | None = None
    video: ScenarioVideo | None = None


@schema(frozen=True, config=STRICT)
class ScenarioStep:
    """A branching scenario: nodes joined by choices, from ``start`` to an end node."""

    id: Id
    title: Label
    nodes: Annotated[tuple[ScenarioNode, ...], Field(min_length=2, max_length=60)]
    type: Literal["scenario"] = "scenario"
    start: Id | None = None
    """The first node; default: the first one listed."""
    content_note: Text | None = None
    trainer_notes: Text | None = None
    optional: bool = False

    @property
    def start_id(self) -> str:
        return self.start or self.nodes[0].id

    def node(self, node_id: str) -> ScenarioNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)


CONFIDENCE_LABELS = (
    "Not at all confident",
    "Slightly confident",
    "Fairly confident",
    "Very confident",
    "Completely confident",
)


@schema(frozen=True, config=STRICT)
class ConfidenceQuestion:
    id: Id
    text: Text


@schema(frozen=True, config=STRICT)
class SelfAssessmentStep:
    """The same confidence questions before and after a module, so change can be seen."""

    id: Id
    title: Label
    phase: Literal["before", "after"]
    questions: Annotated[tuple[ConfidenceQuestion, ...], Field(min_length=1, max_length=12)]
    type: Literal["self_assessment"] = "self_assessment"
    intro: Text | None = None
    labels: Annotated[tuple[Label, ...], Field(min_length=5, max_length=5)] = CONFIDENCE_LABELS
    compare_with: Id | None = None
    """For ``after``: the ``before`` step to compare with (default: the module's only one)."""
    content_note: Text | None = None
    trainer_notes: Text | None = None
    optional: bool = False


@schema(frozen=True, config=STRICT)
class TestItem:
    """One question of a knowledge test (options as in a knowledge check)."""

    id: Id
    question: Text
    options: Annotated[tuple[Option, ...], Field(min_length=2, max_length=8)]
    multiple: bool | None = None

    @property
    def correct(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)

    @property
    def is_multiple(self) -> bool:
        return self.multiple if self.multiple is not None else len(self.correct) > 1


@schema(frozen=True, config=STRICT)
class KnowledgeTestStep:
    """The same questions asked before and after a module, scored, so a site can see what was
    learned (kiosk.core.knowledge_test). The ``after`` step lists no items: it asks its
    ``before`` step's, so the two can never drift apart. Never part of a pass mark."""

    id: Id
    title: Label
    phase: Literal["before", "after"]
    items: Annotated[tuple[TestItem, ...], Field(max_length=20)] = ()
    type: Literal["knowledge_test"] = "knowledge_test"
    intro: Text | None = None
    compare_with: Id | None = None
    """For ``after``: the ``before`` test to ask again (default: the module's only one)."""
    content_note: Text | None = None
    trainer_notes: Text | None = None
    optional: bool = False


PackageStandard = Literal["scorm_1.2", "scorm_2004", "h5p", "cmi5"]


@schema(frozen=True, config=STRICT)
class PackageStep:
    """A standard eLearning package (SCORM 1.2, SCORM 2004, H5P or a cmi5 course) unpacked into ``folder`` and
    played in the kiosk's sandboxed web view. ``tip-kiosk content add`` writes this step; its
    launch files, SCOs and sequencing are read from the package's own manifest when the module
    loads (see kiosk/core/elearning)."""

    id: Id
    title: Label
    standard: PackageStandard
    folder: RelFile = "package"
    """The unpacked package, relative to the module folder."""
    type: Literal["package"] = "package"
    content_note: Text | None = None
    trainer_notes: Text | None = None
    optional: bool = False


Step = Annotated[
    PageStep | KnowledgeCheckStep | ReflectionStep | SurveyStep | VideoStep | ScenarioStep | SelfAssessmentStep
    | PackageStep | KnowledgeTestStep,
    Field(discriminator="type"),
]
STEP_TYPES = ("page", "knowledge_check", "reflection", "survey", "video", "scenario", "self_assessment",
              "package", "knowledge_test")
NEW_IN_V2 = ("scenario", "self_assessment")
"""Step types a module may use only with ``schema_version: 2`` or later."""
NEW_IN_V3 = ("package",)
"""Step types a module may use only with ``schema_version: 3``."""
NEW_IN_V4 = ("knowledge_test",)
"""Step types a module may use only with ``schema_version: 4`` (which also brings ``optional``)."""
