"""The files a module's steps name (pages, media, captions, transcripts, pictures, packages):
found in the module folder or the programme's media folder, checked, and read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.content.languages import translated_name
from kiosk.core.content.model import (
    ContentProblem,
    KnowledgeCheckStep,
    PackageStep,
    PageStep,
    ScenarioStep,
    VideoStep,
)
from kiosk.core.content.safety import escapes, first_file, link_message
from kiosk.core.content.yamlread import problem_at

MAX_TEXT_BYTES = 1024 * 1024
"""A Markdown file may be at most 1 MB: larger is almost certainly a mistake, and slow to show."""
IMAGE_TYPES = (".png", ".jpg", ".jpeg")
MAX_IMAGE_BYTES = 5 * 1024 * 1024


@dataclass
class StepFiles:
    """The files a module's steps name, read or found as each step is checked."""

    folder: Path
    search: tuple[Path, ...]
    path: Path
    data: Any
    translation: str | None
    problems: list[ContentProblem]
    """Problems that make the module unavailable."""
    usable: list[ContentProblem] = field(default_factory=list)
    """Problems a step explains itself (a video's missing files): the module still opens."""
    texts: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    packages: dict[str, Any] = field(default_factory=dict)

    def step(self, step: object, here: tuple[Any, ...]) -> None:
        if isinstance(step, PageStep):
            _read_text(self.folder, step.file, self.texts, self.problems, self.path, self.data, (*here, "file"),
                       translation=self.translation)
        elif isinstance(step, KnowledgeCheckStep) and not step.correct:
            self.problems.append(problem_at(self.path, self.data, "needs at least one option with 'correct: true'",
                                            (*here, "options")))
        elif isinstance(step, VideoStep):
            # A video's files going missing must not take the rest of the module with it: the
            # step explains itself and offers the transcript, so these problems are not fatal.
            _video_files(step, self.search, self.files, self.texts, self.usable, self.path, self.data, here,
                         self.folder, self.translation)
        elif isinstance(step, ScenarioStep):
            for n, node in enumerate(step.nodes):
                where = (*here, "nodes", n)
                if node.image:
                    _check_image(self.media(node, "image", where), node.image, self.problems, self.path,
                                 self.data, where)
                if node.video:
                    self.video(node.video, (*where, "video"))
        elif isinstance(step, PackageStep):
            _read_package(self.folder, step, self.packages, self.problems, self.path, self.data, here)

    def media(self, owner: Any, key: str, loc: tuple[Any, ...]) -> Path | None:
        name = getattr(owner, key)
        found, outside = first_file((d / name for d in self.search), self.search)
        if outside and found is not None:
            self.problems.append(ContentProblem(found, link_message(outside)))
            return None
        if found is None:
            self.problems.append(problem_at(self.path, self.data, f"the file '{name}' was not found in the "
                                                                  "module folder or the programme's media folder",
                                            (*loc, key)))
        else:
            self.files[name] = found
        return found

    def video(self, owner: Any, loc: tuple[Any, ...]) -> None:
        self.media(owner, "media", loc)
        self.media(owner, "captions", loc)
        if owner.transcript:
            _read_text(self.folder, owner.transcript, self.texts, self.problems, self.path, self.data,
                       (*loc, "transcript"), self.search, self.translation)


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
        problems.append(problem_at(path, data, f"the folder '{step.folder}' was not found in the module folder "
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
            problems.append(problem_at(path, data, f"the file '{name}' was not found in the module "
                                                   "folder or the programme's media folder", (*here, key)))
        else:
            files[name] = found
    if step.captions in files:
        from kiosk.core.captions import read_captions  # captions uses this package's model

        problems.extend(read_captions(files[step.captions]).problems)
    if step.transcript:
        _read_text(folder, step.transcript, texts, problems, path, data, (*here, "transcript"), search,
                   translation)


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
        problems.append(problem_at(path, data, f"the file '{name}' was not found in {where}", loc))
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
        problems.append(problem_at(path, data, "should be a PNG or JPEG picture (.png, .jpg or .jpeg)",
                                   (*loc, "image")))
    elif file is not None and file.stat().st_size > MAX_IMAGE_BYTES:
        problems.append(ContentProblem(file, f"is {file.stat().st_size / 1e6:.1f} MB; a picture may be at "
                                             f"most {MAX_IMAGE_BYTES // 1024 // 1024} MB"))
