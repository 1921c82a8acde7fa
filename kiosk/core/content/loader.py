"""Load a programme and its modules from disk, checking everything an author can get wrong.

A broken module never stops the others: it becomes an UnavailableModule carrying its problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import TypeAdapter

from kiosk.core.content.checks import answer_pattern_warnings, module_problems
from kiosk.core.content.deferred import PROGRAMME_FILE
from kiosk.core.content.languages import languages_in, missing_base, resolve, translated_name, with_default_labels
from kiosk.core.content.model import (
    SCHEMA_VERSIONS,
    CompletionRules,
    ContentProblem,
    KnowledgeCheckStep,
    Module,
    ModuleSpec,
    PackageStep,
    PageStep,
    Programme,
    ProgrammeSpec,
    ScenarioStep,
    SurveyStep,
    UnavailableModule,
    VideoStep,
)
from kiosk.core.content.pathway_checks import pathway_problems
from kiosk.core.content.safety import escapes, first_file, link_message, media_folder_problem, name_problem
from kiosk.core.content.yamlread import LocatedDict, locate, read_yaml, validate

MODULE_FILE = "module.yaml"
MAX_TEXT_BYTES = 1024 * 1024
"""A Markdown file may be at most 1 MB: larger is almost certainly a mistake, and slow to show."""
IMAGE_TYPES = (".png", ".jpg", ".jpeg")
MAX_IMAGE_BYTES = 5 * 1024 * 1024
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
        problems = [_at(path, raw, message, loc) for loc, message in missing_base(raw, base)]
    # Shown, and said in records, to be in the learner's language only if the module offers it.
    offered = bool(language and language != base and language in languages_in(raw, folder, base))
    if not problems:
        data = resolve(data, language or base, base)
        if offered and language:
            data = with_default_labels(data, language)
        title = _guess_title(data, folder)
        spec, problems = validate(_MODULE, data, path)
    if spec is None:
        return UnavailableModule(folder, title, tuple(problems))
    # A page's translation, if there is one, is read under the page's own name.
    translation = language if language and language != base else None

    problems = _duplicate_ids(spec, data, path) + module_problems(spec, data, path)
    usable: list[ContentProblem] = []
    texts: dict[str, str] = {}
    files: dict[str, Path] = {}
    packages: dict[str, Any] = {}
    search = (folder, *media_dirs)

    def media(owner: Any, key: str, loc: tuple[Any, ...]) -> Path | None:
        name = getattr(owner, key)
        found, outside = first_file((d / name for d in search), search)
        if outside and found is not None:
            problems.append(ContentProblem(found, link_message(outside)))
            return None
        if found is None:
            problems.append(_at(path, data, f"the file '{name}' was not found in the module "
                                            "folder or the programme's media folder", (*loc, key)))
        else:
            files[name] = found
        return found

    def video(owner: Any, loc: tuple[Any, ...]) -> None:
        media(owner, "media", loc)
        media(owner, "captions", loc)
        if owner.transcript:
            _read_text(folder, owner.transcript, texts, problems, path, data, (*loc, "transcript"), search,
                       translation)

    for index, step in enumerate(spec.steps):
        here = ("steps", index)
        if isinstance(step, PageStep):
            _read_text(folder, step.file, texts, problems, path, data, (*here, "file"), translation=translation)
        elif isinstance(step, KnowledgeCheckStep) and not step.correct:
            problems.append(_at(path, data, "needs at least one option with 'correct: true'",
                                (*here, "options")))
        elif isinstance(step, VideoStep):
            # A video's files going missing must not take the rest of the module with it: the
            # step explains itself and offers the transcript, so these problems are not fatal.
            _video_files(step, search, files, texts, usable, path, data, here, folder, translation)
        elif isinstance(step, ScenarioStep):
            for n, node in enumerate(step.nodes):
                where = (*here, "nodes", n)
                if node.image:
                    _check_image(media(node, "image", where), node.image, problems, path, data, where)
                if node.video:
                    video(node.video, (*where, "video"))
        elif isinstance(step, PackageStep):
            _read_package(folder, step, packages, problems, path, data, here)
    if problems:
        return UnavailableModule(folder, spec.title, tuple(problems), spec.steps)
    return Module(
        id=spec.id, version=spec.version, title=spec.title, summary=spec.summary,
        duration_minutes=spec.duration_minutes, language=language if offered and language else spec.language,
        steps=spec.steps,
        folder=folder, texts=MappingProxyType(texts), files=MappingProxyType(files),
        completion=spec.completion or CompletionRules(),
        problems=tuple(usable), packages=MappingProxyType(packages),
        reviewed_by=spec.reviewed_by, review_due=spec.review_due, references=spec.references,
    )


def _read_package(folder: Path, step: PackageStep, packages: dict[str, Any], problems: list[ContentProblem],
                  path: Path, data: Any, here: tuple[Any, ...]) -> None:
    """Read the step's package from its own manifest; its problems name the file inside it."""
    # Imported here: only programmes with packages pay for the XML and package code at start-up.
    from kiosk.core.elearning.manifest import read_package
    from kiosk.core.errors import PackageError

    root = folder / step.folder
    outside = escapes(root, (folder,))
    if outside:
        problems.append(ContentProblem(root, link_message(outside)))
        return
    if not root.is_dir():
        problems.append(_at(path, data, f"the folder '{step.folder}' was not found in the module folder "
                                        "(add packages with 'tip-kiosk content add')", (*here, "folder")))
        return
    try:
        packages[step.id] = read_package(root, step.standard, scan=False)
    except PackageError as exc:
        problems.extend(ContentProblem(root / p.file if p.file else root, p.message, line=p.line)
                        for p in exc.problems)


def _video_files(step: VideoStep, search: tuple[Path, ...], files: dict[str, Path], texts: dict[str, str],
                 problems: list[ContentProblem], path: Path, data: Any, here: tuple[Any, ...], folder: Path,
                 translation: str | None = None) -> None:
    for key in ("media", "captions"):
        name = getattr(step, key)
        found, outside = first_file((d / name for d in search), search)
        if outside and found is not None:  # never opened: the step explains itself as for a missing file
            problems.append(ContentProblem(found, link_message(outside)))
            continue
        if found is None:
            problems.append(_at(path, data, f"the file '{name}' was not found in the module "
                                            "folder or the programme's media folder", (*here, key)))
        else:
            files[name] = found
    if step.captions in files:
        from kiosk.core.captions import read_captions  # captions uses this package's model

        problems.extend(read_captions(files[step.captions]).problems)
    if step.transcript:
        _read_text(folder, step.transcript, texts, problems, path, data, (*here, "transcript"), search,
                   translation)


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
            problems.append(_at(path, data, f"the step id '{step.id}' is used twice in this module",
                                ("steps", index, "id")))
        seen.add(step.id)
        if isinstance(step, SurveyStep):
            asked: set[str] = set()
            for q, question in enumerate(step.questions):
                if question.id in asked:
                    problems.append(_at(path, data, f"the question id '{question.id}' is used twice",
                                        ("steps", index, "questions", q, "id")))
                asked.add(question.id)
    return problems


def _read_text(folder: Path, name: str, texts: dict[str, str], problems: list[ContentProblem],
               path: Path, data: Any, loc: tuple[Any, ...], search: Iterable[Path] = (),
               translation: str | None = None) -> None:
    if name in texts:
        return
    candidates = [folder / name, *(d / name for d in search)]
    if translation:
        local = translated_name(name, translation)
        candidates = [folder / local, *(d / local for d in search), *candidates]
    file, outside = first_file(candidates, (folder, *search))
    if outside and file is not None:
        problems.append(ContentProblem(file, link_message(outside)))
        return
    if file is None:
        where = "the module folder or the programme's media folder" if search else "the module folder"
        problems.append(_at(path, data, f"the file '{name}' was not found in {where}", loc))
        return
    size = file.stat().st_size
    if size > MAX_TEXT_BYTES:
        problems.append(ContentProblem(file, f"is {size / 1e6:.1f} MB; a Markdown file may be at most "
                                             f"{MAX_TEXT_BYTES // 1024 // 1024} MB (split it into pages)"))
        return
    raw = file.read_bytes()
    try:
        texts[name] = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(ContentProblem(file, "is not UTF-8 text (save it as UTF-8)", line=line))


def _check_image(file: Path | None, name: str, problems: list[ContentProblem], path: Path, data: Any,
                 loc: tuple[Any, ...]) -> None:
    if not name.lower().endswith(IMAGE_TYPES):
        problems.append(_at(path, data, "should be a PNG or JPEG picture (.png, .jpg or .jpeg)",
                            (*loc, "image")))
    elif file is not None and file.stat().st_size > MAX_IMAGE_BYTES:
        problems.append(ContentProblem(file, f"is {file.stat().st_size / 1e6:.1f} MB; a picture may be at "
                                             f"most {MAX_IMAGE_BYTES // 1024 // 1024} MB"))


def _at(path: Path, data: Any, message: str, loc: tuple[Any, ...]) -> ContentProblem:
    field, line = locate(data, loc)
    return ContentProblem(path, message, field, line)


def _guess_title(data: Any, folder: Path) -> str:
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else folder.name
