"""Course content as frozen dataclasses (format v1, see docs/content-format.md): a module and a
programme as written (``ModuleSpec``, ``ProgrammeSpec``, validated by pydantic like the steps) and
as the kiosk uses them (``Module``, ``Programme``).

The steps are in kiosk.core.content.step_models and the kinds of value a field may hold in
kiosk.core.content.fields; their names are importable from here too, as they always were.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints
from pydantic.dataclasses import dataclass as schema

from kiosk.core.content.fields import STRICT, Id, Label, RelFile, Text, Url
from kiosk.core.content.step_models import (
    CONFIDENCE_LABELS,
    DEFAULT_LIKERT,
    NEW_IN_V2,
    NEW_IN_V3,
    NEW_IN_V4,
    STEP_TYPES,
    ConfidenceQuestion,
    KnowledgeCheckStep,
    KnowledgeTestStep,
    LikertQuestion,
    Option,
    PackageStandard,
    PackageStep,
    PageStep,
    ReflectionStep,
    ScenarioChoice,
    ScenarioNode,
    ScenarioStep,
    ScenarioVideo,
    SelfAssessmentStep,
    Step,
    SurveyStep,
    TestItem,
    VideoStep,
)

if TYPE_CHECKING:
    from kiosk.core.elearning import Package

__all__ = [
    # kinds of value (kiosk.core.content.fields)
    "STRICT", "Id", "Label", "RelFile", "Text", "Url",
    # steps (kiosk.core.content.step_models)
    "CONFIDENCE_LABELS", "DEFAULT_LIKERT", "NEW_IN_V2", "NEW_IN_V3", "NEW_IN_V4", "STEP_TYPES",
    "ConfidenceQuestion", "KnowledgeCheckStep", "KnowledgeTestStep", "LikertQuestion", "Option",
    "PackageStandard", "PackageStep", "PageStep", "ReflectionStep", "ScenarioChoice", "ScenarioNode",
    "ScenarioStep", "ScenarioVideo", "SelfAssessmentStep", "Step", "SurveyStep", "TestItem", "VideoStep",
    # modules and the programme (here)
    "LEVELS", "PATHWAYS_FROM", "SCHEMA_VERSIONS", "CompletionRules", "ContentProblem", "Level", "Module",
    "ModuleSpec", "Pathway", "Programme", "ProgrammeSpec", "Reference", "SupportContact",
    "UnavailableModule",
]

SCHEMA_VERSIONS = (1, 2, 3, 4)
"""Content schema versions this kiosk reads. Version 2 adds scenarios, self-assessments and
completion rules, version 3 standard eLearning packages (SCORM, H5P), version 4 knowledge
tests and ``optional: true`` on a step, and pathways in programme.yaml; content that uses them
declares its version so an older kiosk says "install a newer kiosk" instead of "unknown step type"."""
PATHWAYS_FROM = 4
"""The programme ``schema_version`` that may carry ``pathways``."""


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

    def required_ids(self, steps: tuple[Step, ...]) -> frozenset[str]:
        """The steps a learner must finish to complete the module.

        By default every step except reflections (writing is always the learner's choice) and
        steps the author marked ``optional``. A content note never changes this: a core check
        that carries a note still counts (docs/learner-care.md says how skipping stays safe).
        """
        if self.required is not None:
            return frozenset(self.required)
        default = {s.id for s in steps if s.type != "reflection" and not s.optional}
        return frozenset(default - set(self.optional or ()))


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
    problems: tuple[ContentProblem, ...] = ()
    """Problems that leave the module usable (a missing video or caption file, an unreadable
    caption cue): the step explains itself and offers the transcript; validation reports them."""
    packages: Mapping[str, Package] = field(default_factory=lambda: MappingProxyType({}))
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
    problems: tuple[ContentProblem, ...]
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
