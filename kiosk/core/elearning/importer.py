"""``tip-kiosk content add``: turn a SCORM, H5P or cmi5 package into a module of the programme.

The package is unpacked into a hidden staging folder beside its destination, read and checked,
its video converted when the web engine cannot play it, and given a ``module.yaml`` with one
``package`` step; the module is loaded like any other as a last check, everything is fsynced, and
only then is the folder renamed into place and added to ``programme.yaml`` (whose text is edited,
not rewritten, so the author's comments survive). A failure at any point leaves the programme as
it was.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kiosk.core import durable
from kiosk.core.content.deferred import PROGRAMME_FILE
from kiosk.core.content.loader import MODULE_FILE, load_module
from kiosk.core.content.model import ContentProblem, UnavailableModule
from kiosk.core.content.yamlread import read_yaml
from kiosk.core.elearning import ImportReport, Package, PackageProblem
from kiosk.core.elearning.archive import Limits, Progress, unpack
from kiosk.core.elearning.manifest import MANIFEST, read_package
from kiosk.core.elearning.media import convert_all, describe, find_unplayable
from kiosk.core.errors import ContentError, PackageError
from kiosk.core.packs.zipcheck import fsync_tree

DEFAULT_DURATION_MINUTES = 20
"""What ``duration_minutes`` says until the author writes the real figure: packages do not state
how long they take, and 20 minutes is a typical e-learning unit."""
PACKAGE_FOLDER = "package"
STAGING_PREFIX = ".adding-"
MODULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
LABELS = {"scorm_1.2": "a SCORM 1.2", "scorm_2004": "a SCORM 2004", "h5p": "an H5P", "cmi5": "a cmi5"}
TOP_FILES = (MANIFEST, "h5p.json", "cmi5.xml")
"""What marks the top of a package (SCORM, H5P, cmi5)."""


def add_package(source: Path, programme_folder: Path, module_id: str | None = None, title: str | None = None,
                limits: Limits = Limits(), transcode: bool = True,
                progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Add the package file ``source`` (.zip or .h5p) as a new module of the programme.

    Args:
        module_id: the new module's id (default: made from the package's title or file name).
        title: the module's title (default: the package's own).
        transcode: convert video the web engine cannot play (False: keep it, with a warning).
        progress: called with (bytes unpacked, total) while unpacking.

    Raises:
        PackageError: the package was refused (problems name the file inside it), or the id or
            folder is taken. ContentError: the programme folder has no programme.yaml.
    """
    source, programme_folder = Path(source), Path(programme_folder)
    programme_file = programme_folder / PROGRAMME_FILE
    if not programme_file.is_file():
        raise ContentError([ContentProblem(programme_file, "is missing; give the folder that holds the "
                                                           "programme (--content DIR)")])
    if not source.is_file():
        raise PackageError([PackageProblem("", f"{source} is not a file; give the package's .zip or .h5p file")],
                           "missing")
    if module_id is not None and not MODULE_ID.match(module_id):
        raise PackageError([PackageProblem("", f"'{module_id}' cannot be a module id: use 2 to 64 lower-case "
                                               "letters, digits and '-', starting with a letter or digit")],
                           "module")
    staging = programme_folder / f"{STAGING_PREFIX}{secrets.token_hex(4)}"
    try:
        staging.mkdir()
        try:
            report, folder_name = _prepare(source, staging, programme_folder, module_id, title, limits,
                                           transcode, progress)
            target = programme_folder / folder_name
            fsync_tree({p for p in staging.rglob("*") if p.is_dir()} | {staging})
            if os.path.lexists(target):  # another import took the name meanwhile
                raise _taken(f"the folder '{folder_name}' already exists in {programme_folder}")
            durable.rename(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        try:
            append_module(programme_file, folder_name)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
    except OSError as exc:  # a full disk, a read-only folder: say so plainly
        raise PackageError([PackageProblem("", f"could not be added to {programme_folder}: "
                                               f"{exc.strerror or exc}")], "disk") from None
    report.module_folder = target
    return report


def _prepare(source: Path, staging: Path, programme_folder: Path, module_id: str | None, title: str | None,
             limits: Limits, transcode: bool, progress: Progress | None) -> tuple[ImportReport, str]:
    unpacked = unpack(source, staging / PACKAGE_FOLDER, limits, progress)
    root = unpacked.root
    warnings = []
    if unpacked.left_out:
        warnings.append(f"Left out {len(unpacked.left_out)} hidden or system file(s) that are not part of the "
                        f"course (e.g. {unpacked.left_out[0]}).")
    if _unwrap(root):
        warnings.append("The package's files were inside one folder in the zip; they were moved up a level.")
    package = read_package(root)
    converted = []
    unplayable = find_unplayable(root)
    if unplayable and transcode:
        converted = convert_all(root, unplayable)
        # Read again: the manifest's <file> entries now name the new files (the scan's warnings
        # do not change with a file name).
        package = replace(read_package(root, scan=False), warnings=package.warnings)
    elif unplayable:
        warnings += [f"{item.path}: {describe(item)}; it will not play in the kiosk (added without "
                     "converting, as asked)" for item in unplayable]
    named = package.title if package.title != root.name else ""  # the reader's last resort is the folder
    module_id = module_id or slug(title or named or source.stem)
    module_title = (title or named or source.stem).strip()[:200]
    folder_name = _free_folder(programme_folder, module_id)
    _write_module(staging, module_id, module_title, package, source.name)
    module = load_module(staging)
    if isinstance(module, UnavailableModule):  # a last check that the kiosk will list it
        raise PackageError([PackageProblem(MODULE_FILE, str(p)) for p in module.problems], "module")
    return ImportReport(module_folder=staging, module_id=module_id, standard=package.standard,
                        warnings=warnings + list(package.warnings),
                        transcoded=[str(c) for c in converted]), folder_name


def check_package_file(path: Path, limits: Limits = Limits()) -> tuple[list[ContentProblem], list[str]]:
    """Check a package file as ``add_package`` would, without adding it (``content validate``).

    Returns:
        (problems, each naming ``<file>/<path inside>``; warnings). Nothing is left on disk.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="tip-kiosk-check-") as tmp:
        try:
            root = unpack(path, Path(tmp) / PACKAGE_FOLDER, limits).root
            _unwrap(root)
            package = read_package(root)
            unplayable = find_unplayable(root)
        except PackageError as exc:
            return [ContentProblem(path / p.file if p.file else path, p.message, line=p.line)
                    for p in exc.problems], []
    if unplayable and shutil.which("ffmpeg") is None:
        return [ContentProblem(path / item.path, f"{describe(item)}, and ffmpeg is not installed to convert it; "
                                                 "install ffmpeg before adding the package")
                for item in unplayable], list(package.warnings)
    return [], [*package.warnings, *(f"{item.path}: {describe(item)}; 'tip-kiosk content add' converts it to "
                                     "WebM" for item in unplayable)]


def _unwrap(root: Path) -> bool:
    """A zip holding one folder that holds the package (a common way to zip it by hand): move the
    package up to ``root``. True when it did."""
    if any((root / name).exists() for name in TOP_FILES):
        return False
    entries = list(root.iterdir())
    if len(entries) != 1 or not entries[0].is_dir():
        return False
    inner = entries[0]
    if not any((inner / name).is_file() for name in TOP_FILES):
        return False
    moved = root.with_name(root.name + "-unwrapping")
    inner.rename(moved)
    root.rmdir()
    moved.rename(root)
    return True


def slug(text: str) -> str:
    """A module id made from a title: 'Safety & Trust (v2)' -> 'safety-trust-v2'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:64].rstrip("-")
    return made if len(made) >= 2 else f"package-{made or 'module'}"


def _free_folder(programme_folder: Path, module_id: str) -> str:
    """The new module's folder name ('07-<id>', numbered after the programme's modules), refusing
    an id or folder already in use."""
    data, problems = read_yaml(programme_folder / PROGRAMME_FILE)
    listed = [m for m in (data.get("modules") or []) if isinstance(m, str)] if isinstance(data, dict) else []
    for name in listed:
        module_file = programme_folder / name / MODULE_FILE
        existing, _ = read_yaml(module_file) if module_file.is_file() else (None, [])
        if isinstance(existing, dict) and existing.get("id") == module_id:
            raise _taken(f"the module '{name}' already has the id '{module_id}'")
    numbers = [int(m.group(1)) for m in (re.match(r"^(\d+)-", n) for n in listed) if m]
    name = f"{max(numbers) + 1:02d}-{module_id}" if numbers else module_id
    if (programme_folder / name).exists() or (programme_folder / module_id).exists():
        raise _taken(f"the folder '{name if (programme_folder / name).exists() else module_id}' already exists "
                     f"in {programme_folder}")
    return name


def _taken(why: str) -> PackageError:
    return PackageError([PackageProblem("", f"{why}. Give another id with --module-id, or, to replace that "
                                            "module, remove its folder and its line in programme.yaml first")],
                        "exists")


def _write_module(folder: Path, module_id: str, title: str, package: Package, source_name: str) -> None:
    kind = LABELS[package.standard]
    text = (f"# Written by 'tip-kiosk content add' from {source_name}. Edit the title, summary and\n"
            "# duration freely; keep the id once learners have started it (their progress refers to it).\n"
            "schema_version: 3\n"
            f"id: {module_id}\n"
            'version: "1"\n'
            f"title: {json.dumps(title, ensure_ascii=False)}\n"
            f"summary: {json.dumps(f'{title}: {kind} course, played inside the kiosk.', ensure_ascii=False)}\n"
            f"duration_minutes: {DEFAULT_DURATION_MINUTES}\n"
            "steps:\n"
            f"  - id: package\n"
            f"    type: package\n"
            f"    title: {json.dumps(title, ensure_ascii=False)}\n"
            f"    standard: {package.standard}\n"
            f"    folder: {PACKAGE_FOLDER}\n")
    durable.write_file(folder / MODULE_FILE, text, mode=0o644)


def append_module(programme_file: Path, folder_name: str) -> None:
    """Add ``folder_name`` to the end of programme.yaml's ``modules:`` list, editing the text so
    comments and layout survive, and replace the file atomically."""
    text = programme_file.read_bytes().decode("utf-8")  # bytes: keep the file's own line endings
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^modules\s*:", line)), None)
    if start is None:
        raise ContentError([ContentProblem(programme_file, "has no 'modules:' list to add the module to")])
    flow = re.match(r"^(modules\s*:\s*\[)(.*)\]\s*(#.*)?$", lines[start].rstrip("\r\n"))
    if flow:
        items = flow.group(2).strip()
        ending = lines[start][len(lines[start].rstrip("\r\n")):] or "\n"
        lines[start] = f"{flow.group(1)}{items + ', ' if items else ''}{folder_name}]" + \
                       (f" {flow.group(3)}" if flow.group(3) else "") + ending
    else:
        last, indent = start, "  "
        for i in range(start + 1, len(lines)):
            item = re.match(r"^(\s*)-\s", lines[i])
            if item:
                last, indent = i, item.group(1)
            elif lines[i].strip() and not lines[i].lstrip().startswith("#") and not lines[i].startswith((" ", "\t")):
                break  # the next top-level key
        newline = "\r\n" if lines[last].endswith("\r\n") else "\n"
        if not lines[last].endswith("\n"):
            lines[last] += newline
        lines.insert(last + 1, f"{indent}- {folder_name}{newline}")
    durable.write_file(programme_file, "".join(lines), mode=stat.S_IMODE(programme_file.stat().st_mode))
