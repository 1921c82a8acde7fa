"""Every file a loaded programme refers to, and which of them are missing or unreadable.

The installers copy content folders, and a copy can leave files behind (the bundle once lost every
video transcript because its collector skipped ``.md``). A missing transcript or caption file does
not stop the loader: the step explains itself instead. So ``--self-test``, ``doctor`` and the
build's tests ask here whether everything the content names is really there and can be read.

Files are looked for exactly where the loader looks: pages in the module folder; media, captions,
transcripts and pictures in the module folder, then the programme's media folder. A page's or
transcript's translation (``welcome.cy.md``) is optional, so only those present are checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk.core.content.languages import LANGUAGE_NAMES, LANGUAGE_TAG
from kiosk.core.content.model import (
    Module,
    PackageStep,
    PageStep,
    Programme,
    ScenarioStep,
    UnavailableModule,
    VideoStep,
)

TEXT_LIMIT = 1024 * 1024 + 1
"""Markdown is read whole to check it is UTF-8 (the loader refuses larger files anyway)."""

KINDS = {
    "page": "page", "media": "video", "captions": "captions", "transcript": "transcript",
    "picture": "picture", "package": "package", "launch": "package file",
}


@dataclass(frozen=True)
class ContentFile:
    """One file the content names: what it is for, and where it was found (None: nowhere)."""

    kind: str
    """page, media, captions, transcript, picture, package (a package's folder) or launch (a
    file a package starts)."""
    name: str
    """As the content writes it (relative to the module folder or the media folder)."""
    module: str
    """The module folder's name."""
    step: str
    path: Path | None
    looked_in: tuple[Path, ...]
    language: str = ""
    """For a translation: its language code."""

    def describe(self) -> str:
        what = KINDS.get(self.kind, self.kind)
        if self.language:
            what = f"{LANGUAGE_NAMES.get(self.language, self.language)} translation of the {what}"
        return f"the {what} '{self.name}' (module {self.module}, step '{self.step}')"


def referenced_files(programme: Programme) -> list[ContentFile]:
    """Every file the programme's modules refer to, translations present included, once each.
    A module that could not be loaded counts when its module.yaml was valid (a file it names may
    be what is missing); one whose module.yaml is broken names no files."""
    found: dict[tuple[Any, ...], ContentFile] = {}
    look = _Finder()
    for module in programme.modules:
        for item in _module_files(module, programme.media_dir, look):
            found.setdefault((item.path or item.name, item.module, item.kind, item.language), item)
    return list(found.values())


def file_problems(files: list[ContentFile]) -> list[str]:
    """Plain-words lines, one per referenced file that is missing, empty or cannot be read."""
    problems = []
    for item in files:
        if item.path is None:
            places = " or ".join(str(folder) for folder in item.looked_in)
            problems.append(f"{item.describe()} is missing: it is not in {places}")
            continue
        wrong = _unreadable(item.path, item.kind)
        if wrong:
            problems.append(f"{item.describe()} {wrong}: {item.path}")
    return problems


def counted(files: list[ContentFile]) -> str:
    """How many of each kind, in words: "52 pages, 3 videos, 1 picture, ..."."""
    names = {"page": "page", "media": "video", "captions": "caption file", "transcript": "transcript",
             "picture": "picture", "package": "package", "launch": "package launch file"}
    counts = [(sum(1 for f in files if f.kind == kind and not f.language), name)
              for kind, name in names.items()]
    counts.append((sum(1 for f in files if f.language), "translation"))
    return ", ".join(f"{n} {name}{'' if n == 1 else 's'}" for n, name in counts if n) or "no files"


def _module_files(module: Module | UnavailableModule, media_dir: Path | None,
                  look: _Finder) -> Iterator[ContentFile]:
    own = (module.folder,)
    search = (module.folder, media_dir) if media_dir else own
    for step in module.steps:
        named: list[tuple[str, str, tuple[Path, ...]]] = []
        if isinstance(step, PageStep):
            named.append(("page", step.file, own))
        elif isinstance(step, VideoStep):
            named.extend(_video(step, search))
        elif isinstance(step, ScenarioStep):
            for node in step.nodes:
                if node.image:
                    named.append(("picture", node.image, search))
                if node.video:
                    named.extend(_video(node.video, search))
        elif isinstance(step, PackageStep):
            yield from _package(module, step)
        for kind, name, where in named:
            yield ContentFile(kind, name, module.folder.name, step.id, look.first(name, where), where)
            for code, path in look.translations(name, where):
                yield ContentFile(kind, str(PurePosixPath(name).with_name(path.name)), module.folder.name,
                                  step.id, path, where, code)


def _video(video: Any, search: tuple[Path, ...]) -> list[tuple[str, str, tuple[Path, ...]]]:
    """A video step's or scenario clip's files."""
    named = [("media", video.media, search), ("captions", video.captions, search)]
    if video.transcript:
        named.append(("transcript", video.transcript, search))
    return named


def _package(module: Module | UnavailableModule, step: PackageStep) -> Iterator[ContentFile]:
    """The package's folder and each file it launches (its manifest's own checks cover the rest
    when the module loads)."""
    from kiosk.core.elearning.references import Resolver

    root = module.folder / step.folder
    yield ContentFile("package", step.folder, module.folder.name, step.id,
                      root if root.is_dir() else None, (module.folder,))
    package = getattr(module, "packages", {}).get(step.id)
    if package is None or not root.is_dir():
        return
    resolver = Resolver(root)
    for sco in package.scos:
        path, _ = resolver.resolve(sco.href)
        name = sco.href.split("?", 1)[0].split("#", 1)[0]
        yield ContentFile("launch", name, module.folder.name, step.id, path, (root,))


class _Finder:
    """Looks files up as the loader does, listing each folder once (a media folder may hold
    hundreds of files, each named by several steps)."""

    def __init__(self) -> None:
        self._names: dict[Path, tuple[str, ...]] = {}

    def first(self, name: str, where: tuple[Path, ...]) -> Path | None:
        return next((folder / name for folder in where if (folder / name).is_file()), None)

    def translations(self, name: str, where: tuple[Path, ...]) -> Iterator[tuple[str, Path]]:
        """(language, file) for each translation of a Markdown file present where the loader
        looks, the first found for each language."""
        path = PurePosixPath(name)
        if path.suffix.lower() != ".md":
            return
        seen = set()
        for folder in where:
            parent = folder / path.parent
            for entry in self._listing(parent):
                if not (entry.startswith(path.stem + ".") and entry.endswith(path.suffix)):
                    continue
                code = entry[len(path.stem) + 1:-len(path.suffix)]
                if LANGUAGE_TAG.match(code) and code not in seen and (parent / entry).is_file():
                    seen.add(code)
                    yield code, parent / entry

    def _listing(self, folder: Path) -> tuple[str, ...]:
        if folder not in self._names:
            try:
                self._names[folder] = tuple(sorted(entry.name for entry in folder.iterdir()))
            except OSError:
                self._names[folder] = ()
        return self._names[folder]


def _unreadable(path: Path, kind: str) -> str | None:
    """Why a found file cannot serve (None when it can): folders must be folders, files readable
    and not empty, Markdown UTF-8."""
    if kind == "package":
        return None if path.is_dir() else "is not a folder"
    try:
        with open(path, "rb") as handle:
            head = handle.read(TEXT_LIMIT if path.suffix.lower() == ".md" else 4096)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not head:
        return "is empty"
    if path.suffix.lower() == ".md" and len(head) < TEXT_LIMIT:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return "is not UTF-8 text"
    return None
