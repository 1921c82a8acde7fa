"""Course content as frozen dataclasses (format v1, see docs/content-format.md).

The step classes double as the validation schema: pydantic checks the YAML against them, so a field
declared here is a field an author may write, and nothing else is accepted.

Every step may carry ``trainer_notes`` (Markdown): shown only on a trainer's presenter screen during
a group session, never to a learner working alone and never on the projector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Annotated, Literal, Mapping, Union

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints
from pydantic.dataclasses import dataclass as schema

SCHEMA_VERSIONS = (1,)
"""Content schema versions this kiosk reads."""

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
    """A file named in content must stay inside the content: no absolute paths, no '..'."""
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    if posix.is_absolute() or windows.is_absolute() or windows.drive:
        raise ValueError("must be a file name relative to the module folder, not an absolute path")
    if ".." in posix.parts or ".." in windows.parts:
        raise ValueError("must not contain '..'")
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


@schema(frozen=True, config=STRICT)
class VideoStep:
    id: Id
    title: Label
    media: RelFile
    captions: RelFile
    duration_seconds: Annotated[int, Field(ge=1, le=6 * 3600)]
    type: Literal["video"] = "video"
    transcript: RelFile | None = None
    content_note: Text | None = None
    trainer_notes: Text | None = None


Step = Annotated[
    Union[PageStep, KnowledgeCheckStep, ReflectionStep, SurveyStep, VideoStep],
    Field(discriminator="type"),
]
STEP_TYPES = ("page", "knowledge_check", "reflection", "survey", "video")


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


@schema(frozen=True, config=STRICT)
class SupportContact:
    name: Label
    detail: Text


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

    @property
    def available(self) -> tuple[Module, ...]:
        return tuple(m for m in self.modules if isinstance(m, Module))

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.available if m.id == module_id), None)
