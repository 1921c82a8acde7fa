"""Course content as frozen dataclasses (format v1, see docs/content-format.md).

The step classes double as the validation schema: pydantic checks the YAML against them, so a field
declared here is a field an author may write, and nothing else is accepted.

Every step may carry ``trainer_notes`` (Markdown): shown only on a trainer's presenter screen during
a group session, never to a learner working alone and never on the projector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Literal, Mapping, Union

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints
from pydantic.dataclasses import dataclass as schema

from kiosk.core.content.safety import name_problem

if TYPE_CHECKING:
    from kiosk.core.elearning import Package

SCHEMA_VERSIONS = (1, 2, 3, 4)
"""Content schema versions this kiosk reads. Version 2 adds scenarios, self-assessments and
completion rules, version 3 standard eLearning packages (SCORM, H5P), version 4 knowledge
tests and ``optional: true`` on a step, and pathways in programme.yaml; content that uses them
declares its version so an older kiosk says "install a newer kiosk" instead of "unknown step type"."""
PATHWAYS_FROM = 4
"""The programme ``schema_version`` that may carry ``pathways``."""

STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200)]

DEFAULT_LIKERT = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)


def _relative_file(value: str) -> str:
    """A file named in content must stay inside the content, by POSIX and Windows rules alike."""
    problem = name_problem(value)
    if problem:
        raise ValueError(problem)
    return value


RelFile = Annotated[str, StringConstraints(min_length=1, max_length=255), AfterValidator(_relative_file)]


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
    Union[PageStep, KnowledgeCheckStep, ReflectionStep, SurveyStep, VideoStep, ScenarioStep,
          SelfAssessmentStep, PackageStep, KnowledgeTestStep],
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


@schema(frozen=True, config=STRICT)
class CompletionRules:
    """When a module counts as completed (see docs/content-format.md, "Completion")."""

    required: tuple[Id, ...] | None = None
    """Exactly these steps are required; default: every step except reflections and steps
    marked ``optional: true``."""
    optional: tuple[Id, ...] | None = None
    """The default set, minus these steps (use this or ``required``, not both)."""
    pass_mark: Annotated[int, Field(ge=0, le=100)] = 0
    """Percentage of the required knowledge checks to answer correctly; 0 means answering is
    enough."""
    attempts: Annotated[int, Field(ge=1, le=20)] | None = None
    """Tries at a knowledge check before its answer is shown; default: as many as they like."""

    def required_ids(self, steps: "tuple[Step, ...]") -> frozenset[str]:
        """The steps a learner must finish to complete the module.

        By default every step except reflections (writing is always the learner's choice) and
        steps the author marked ``optional``. A content note never changes this: a core check
        that carries a note still counts (docs/learner-care.md says how skipping stays safe).
        """
        if self.required is not None:
            return frozenset(self.required)
        default = {s.id for s in steps if s.type != "reflection" and not s.optional}
        return frozenset(default - set(self.optional or ()))


Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]


@schema(frozen=True, config=STRICT)
class Reference:
    """A source the module's facts rest on, listed for reviewers and in ``tip-kiosk content review``."""

    title: Text
    url: Url | None = None
    note: Text | None = None


@schema(frozen=True, config=STRICT)
class ModuleSpec:
    """module.yaml as written by the author."""

    schema_version: int
    id: Id
    version: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    title: Label
    summary: Text
    duration_minutes: Annotated[int, Field(ge=1, le=600)]
    steps: Annotated[tuple[Step, ...], Field(min_length=1, max_length=200)]
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")] = "en"
    completion: CompletionRules | None = None
    reviewed_by: Label | None = None
    """Who last checked the module's facts (a name or role); a release needs one."""
    review_due: date | None = None
    """When the facts should next be checked (YYYY-MM-DD); a release refuses a date passed."""
    references: Annotated[tuple[Reference, ...], Field(max_length=50)] = ()


@schema(frozen=True, config=STRICT)
class SupportContact:
    name: Label
    detail: Text


Level = Literal["trauma_informed", "trauma_skilled", "enhanced"]
"""NES Scotland's levels: Trauma Informed (everyone), Trauma Skilled (roles in direct contact
with people affected by trauma), Enhanced (leaders and specialists)."""
LEVELS: tuple[Level, ...] = ("trauma_informed", "trauma_skilled", "enhanced")


@schema(frozen=True, config=STRICT)
class Pathway:
    """A named route through the programme for some roles, at one level (format v4)."""

    id: Id
    title: Label
    level: Level
    summary: Text
    """One line: what the route is for, shown on the chooser."""
    modules: Annotated[tuple[Id, ...], Field(min_length=1, max_length=100)]
    """Module ids (the ``id`` in each module.yaml), in the order to take them."""
    roles: tuple[Label, ...] = ()
    """Who the route is for, in the learner's words ("Asylum interviewers")."""
    requires: tuple[Id, ...] = ()
    """Pathways to complete first (e.g. a Trauma Skilled route requires the Trauma Informed core);
    their modules come first in this pathway's order."""


@schema(frozen=True, config=STRICT)
class ProgrammeSpec:
    """programme.yaml as written by the author."""

    schema_version: int
    id: Id
    title: Label
    modules: Annotated[tuple[Annotated[str, StringConstraints(min_length=1, max_length=255)], ...],
                       Field(min_length=1, max_length=100)]
    media_folder: str = "media"
    support: tuple[SupportContact, ...] = ()
    pathways: Annotated[tuple[Pathway, ...], Field(max_length=40)] = ()
    """Empty: one flat path through every module, as before format v4."""


@dataclass(frozen=True)
class Module:
    """A validated module, with its Markdown texts read and its media files located."""

    id: str
    version: str
    title: str
    summary: str
    duration_minutes: int
    language: str
    steps: tuple[Step, ...]
    folder: Path
    texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Markdown file name -> its text (pages and transcripts)."""
    files: Mapping[str, Path] = field(default_factory=lambda: MappingProxyType({}))
    """Media and caption file name -> where it was found."""
    completion: CompletionRules = field(default_factory=CompletionRules)
    problems: tuple["ContentProblem", ...] = ()
    """Problems that leave the module usable (a missing video or caption file, an unreadable
    caption cue): the step explains itself and offers the transcript; validation reports them."""
    packages: Mapping[str, "Package"] = field(default_factory=lambda: MappingProxyType({}))
    """Package step id -> the package read from its manifest (kiosk.core.elearning.Package)."""
    reviewed_by: str | None = None
    review_due: date | None = None
    references: tuple[Reference, ...] = ()

    def step_index(self, step_id: str) -> int | None:
        """Position of a step by its stable id, or None if this version has no such step."""
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        return None


@dataclass(frozen=True)
class UnavailableModule:
    """A module that could not be loaded; the rest of the programme still works."""

    folder: Path
    title: str
    problems: tuple["ContentProblem", ...]
    steps: tuple[Step, ...] = ()
    """Its steps when module.yaml itself was valid (a file it names or a check failed), so the
    files it refers to can still be listed (kiosk.core.content.completeness)."""


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong with content, located as precisely as the parser allows."""

    file: Path
    message: str
    field: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Programme:
    id: str
    title: str
    folder: Path
    modules: tuple[Module | UnavailableModule, ...]
    support: tuple[SupportContact, ...] = ()
    problems: tuple[ContentProblem, ...] = ()
    """Problems with programme.yaml itself (the modules carry their own)."""
    pathways: tuple[Pathway, ...] = ()
    """Named routes (format v4); empty means one flat path (kiosk.core.pathways)."""
    media_dir: Path | None = None
    """The programme's media folder, where modules' media, captions and transcripts are also
    looked for (None when programme.yaml could not be read)."""

    @property
    def available(self) -> tuple[Module, ...]:
        return tuple(m for m in self.modules if isinstance(m, Module))

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.available if m.id == module_id), None)

    def pathway(self, pathway_id: str | None) -> Pathway | None:
        return next((p for p in self.pathways if p.id == pathway_id), None)
