"""Load a programme and its modules from disk, checking everything an author can get wrong.

A broken module never stops the others: it becomes an UnavailableModule carrying its problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import TypeAdapter

from kiosk.core.content.checks import answer_pattern_warnings, module_problems
from kiosk.core.content.deferred import PROGRAMME_FILE
from kiosk.core.content.languages import languages_in, missing_base, resolve, with_default_labels
from kiosk.core.content.model import (
    SCHEMA_VERSIONS,
    CompletionRules,
    ContentProblem,
    Module,
    ModuleSpec,
    Programme,
    ProgrammeSpec,
    SurveyStep,
    UnavailableModule,
)
from kiosk.core.content.pathway_checks import pathway_problems
from kiosk.core.content.safety import escapes, link_message, media_folder_problem, name_problem
from kiosk.core.content.step_files import StepFiles
from kiosk.core.content.yamlread import LocatedDict, problem_at, read_yaml, validate

MODULE_FILE = "module.yaml"
PACKAGE_FILES = (".zip", ".h5p")

_MODULE = TypeAdapter(ModuleSpec)
_PROGRAMME = TypeAdapter(ProgrammeSpec)


def load_programme(folder: Path, language: str | None = None) -> Programme:
    """Load ``folder/programme.yaml`` and every module it lists, with their text in ``language``
    where the content offers it (see kiosk.core.content.languages; default: the content's own).

    Never raises for bad content: problems with programme.yaml are in ``Programme.problems`` (and
    then no module is loaded); problems with a module make it an ``UnavailableModule``.
    """
    folder = Path(folder)
    path = folder / PROGRAMME_FILE
    data, problems = _read_own_yaml(path, folder)
    spec = None
    if not problems:
        problems = _schema_version_problems(data, path)
    if not problems:
        data = resolve(data, language or "en", "en")
        spec, problems = validate(_PROGRAMME, data, path)
    if spec is None:
        return Programme(id="", title="", folder=folder, modules=(), problems=tuple(problems))

    media_problem = media_folder_problem(folder, spec.media_folder)
    if media_problem:
        line = data.lines.get("media_folder") if isinstance(data, LocatedDict) else None
        return Programme(id="", title="", folder=folder, modules=(), problems=(ContentProblem(
            path, media_problem, "media_folder", line),))
    media_dir = (folder / spec.media_folder).resolve()
    modules: list[Module | UnavailableModule] = []
    seen: dict[str, Path] = {}
    for index, name in enumerate(spec.modules):
        module_folder = folder / name
        line = data["modules"].lines[index] if hasattr(data["modules"], "lines") else None
        wrong_name = name_problem(name)
        if wrong_name:
            modules.append(UnavailableModule(module_folder, name, (ContentProblem(
                path, f"must be a folder inside the programme folder (the name {wrong_name})",
                f"modules[{index}]", line),)))
            continue
        module = load_module(module_folder, media_dirs=(media_dir,), language=language)
        if isinstance(module, Module) and module.id in seen:
            module = UnavailableModule(module_folder, module.title, (ContentProblem(
                module_folder / MODULE_FILE,
                f"uses the id '{module.id}', already used by {seen[module.id]}", "id"),))
        if isinstance(module, Module):
            seen[module.id] = module_folder
        modules.append(module)
    # A mistake in the pathways keeps every module usable, as one flat path (format v1-3).
    wrong = pathway_problems(spec, data, path, modules)
    return Programme(spec.id, spec.title, folder, tuple(modules), spec.support, tuple(wrong),
                     () if wrong else spec.pathways, media_dir)


def load_module(folder: Path, media_dirs: Iterable[Path] = (),
                language: str | None = None) -> Module | UnavailableModule:
    """Load one module folder; media are looked up in the folder, then in ``media_dirs``. Text is
    in ``language`` where the module offers it, else in the module's own language."""
    folder = Path(folder)
    read = _read_spec(folder, language)
    spec, data = read.spec, read.data
    if spec is None:
        return UnavailableModule(folder, read.title, tuple(read.problems))
    # A page's translation, if there is one, is read under the page's own name.
    translation = language if language and language != read.base else None
    found = StepFiles(folder, (folder, *media_dirs), folder / MODULE_FILE, data, translation,
                       _duplicate_ids(spec, data, folder / MODULE_FILE)
                       + module_problems(spec, data, folder / MODULE_FILE))
    for index, step in enumerate(spec.steps):
        found.step(step, ("steps", index))
    if found.problems:
        return UnavailableModule(folder, spec.title, tuple(found.problems), spec.steps)
    return Module(
        id=spec.id, version=spec.version, title=spec.title, summary=spec.summary,
        duration_minutes=spec.duration_minutes, language=language if read.offered and language else spec.language,
        steps=spec.steps,
        folder=folder, texts=MappingProxyType(found.texts), files=MappingProxyType(found.files),
        completion=spec.completion or CompletionRules(),
        problems=tuple(found.usable), packages=MappingProxyType(found.packages),
        reviewed_by=spec.reviewed_by, review_due=spec.review_due, references=spec.references,
    )


@dataclass
class _Spec:
    """A module file read and validated in the learner's language (``spec`` None: unusable)."""

    spec: ModuleSpec | None
    data: Any
    title: str
    base: str
    offered: bool
    """Shown, and said in records, to be in the learner's language: the module offers it."""
    problems: list[ContentProblem]


def _read_spec(folder: Path, language: str | None) -> _Spec:
    path = folder / MODULE_FILE
    data, problems = _read_own_yaml(path, folder)
    title = _guess_title(data, folder)
    if not problems:
        problems = _schema_version_problems(data, path)
    spec = None
    base = data.get("language") if isinstance(data, dict) else None
    base = base if isinstance(base, str) else "en"
    raw = data
    if not problems:
        problems = [problem_at(path, raw, message, loc) for loc, message in missing_base(raw, base)]
    offered = bool(language and language != base and language in languages_in(raw, folder, base))
    if not problems:
        data = resolve(data, language or base, base)
        if offered and language:
            data = with_default_labels(data, language)
        title = _guess_title(data, folder)
        spec, problems = validate(_MODULE, data, path)
    return _Spec(spec, data, title, base, offered, problems)


def validate_paths(paths: Iterable[Path], warnings: list[str] | None = None) -> list[ContentProblem]:
    """Every problem in the given programme folders, module folders, module.yaml files, or
    package files (.zip/.h5p, checked as ``tip-kiosk content add`` would; their warnings, such as
    internet addresses, are added to ``warnings``)."""
    problems: list[ContentProblem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file() and path.suffix.lower() in PACKAGE_FILES:
            from kiosk.core.elearning.importer import check_package_file  # unpacks: only when asked

            found, notes = check_package_file(path)
            problems.extend(found)
            if warnings is not None:
                warnings.extend(notes)
            continue
        if path.is_file():
            path = path.parent
        if (path / PROGRAMME_FILE).exists():
            programme = load_programme(path)
            problems.extend(programme.problems)
            for module in programme.modules:
                problems.extend(module.problems)
                _pattern_warnings(module, warnings)
        elif (path / MODULE_FILE).exists():
            module = load_module(path, media_dirs=(path.parent / "media",))
            problems.extend(module.problems)
            _pattern_warnings(module, warnings)
        else:
            problems.append(ContentProblem(path, f"has neither {PROGRAMME_FILE} nor {MODULE_FILE}"))
    return problems


def _pattern_warnings(module: Module | UnavailableModule, warnings: list[str] | None) -> None:
    if warnings is not None and isinstance(module, Module):
        warnings.extend(answer_pattern_warnings(module))
        _codec_warnings(module, warnings)


def _codec_warnings(module: Module, warnings: list[str]) -> None:
    """Videos this kiosk build's libVLC has no plugin for (e.g. H.264 in the lean installer)."""
    from kiosk.core.media_codecs import module_warnings
    from kiosk.core.vlccheck import build_playable

    can = build_playable()
    if can is not None:
        warnings.extend(module_warnings(module, can))


def _read_own_yaml(path: Path, folder: Path) -> tuple[Any, list[ContentProblem]]:
    """read_yaml, refusing a metadata file that links outside its own folder."""
    outside = escapes(path, (folder,))
    if outside:
        return None, [ContentProblem(path, link_message(outside))]
    return read_yaml(path)


def _schema_version_problems(data: Any, path: Path) -> list[ContentProblem]:
    if not isinstance(data, dict):
        return [ContentProblem(path, "should be a set of fields (key: value lines), "
                                     f"not {type(data).__name__ if data is not None else 'empty'}")]
    version = data.get("schema_version")
    if version is None:
        return [ContentProblem(path, "is required but missing", "schema_version", 1)]
    if version not in SCHEMA_VERSIONS:
        line = data.lines.get("schema_version") if isinstance(data, LocatedDict) else None
        known = ", ".join(str(v) for v in SCHEMA_VERSIONS)
        return [ContentProblem(path, f"{version!r} is not a content schema this kiosk reads "
                                     f"(it reads {known}); install a newer kiosk or check the number",
                               "schema_version", line)]
    return []


def _duplicate_ids(spec: ModuleSpec, data: Any, path: Path) -> list[ContentProblem]:
    problems = []
    seen: set[str] = set()
    for index, step in enumerate(spec.steps):
        if step.id in seen:
            problems.append(problem_at(path, data, f"the step id '{step.id}' is used twice in this module",
                                       ("steps", index, "id")))
        seen.add(step.id)
        if isinstance(step, SurveyStep):
            asked: set[str] = set()
            for q, question in enumerate(step.questions):
                if question.id in asked:
                    problems.append(problem_at(path, data, f"the question id '{question.id}' is used twice",
                                               ("steps", index, "questions", q, "id")))
                asked.add(question.id)
    return problems


def _guess_title(data: Any, folder: Path) -> str:
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else folder.name
