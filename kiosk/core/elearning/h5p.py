"""Read an unpacked H5P package (``h5p.json``) into a ``Package``, checking that its content and
every library it needs, directly or through other libraries, are in the package.

Library folders are named ``Name-major.minor`` (as H5P exports them) or just ``Name`` (which
h5p-standalone, the player, also accepts).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.core.elearning import Package, PackageProblem, Sco
from kiosk.core.elearning.references import Resolver, http_warnings
from kiosk.core.errors import PackageError

H5P_JSON = "h5p.json"
CONTENT_JSON = "content/content.json"
MAX_JSON_BYTES = 16 * 1024 * 1024


def read_h5p(root: Path, scan: bool = True) -> Package:
    """Read ``root/h5p.json`` and check the content and libraries it needs; with ``scan``, list
    internet addresses in its text files as warnings.

    Raises:
        PackageError: every problem found, each naming the file inside the package.
    """
    root = Path(root)
    problems: list[PackageProblem] = []
    meta = _json(root, H5P_JSON, problems)
    if meta is None:
        raise PackageError(problems, "manifest")
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    main = meta.get("mainLibrary")
    if not isinstance(main, str) or not main:
        problems.append(PackageProblem(H5P_JSON, "has no 'mainLibrary' (the content type to show)"))
    _json(root, CONTENT_JSON, problems)
    dependencies = _dependencies(meta, H5P_JSON, problems)
    main_dep = next((d for d in dependencies if d[0] == main), None)
    if isinstance(main, str) and main and main_dep is None:
        problems.append(PackageProblem(H5P_JSON, f"its mainLibrary '{main}' is not among its "
                                                 "preloadedDependencies"))
    seen: set[tuple[str, str, str]] = set()
    for dependency in dependencies:
        _check_library(root, dependency, H5P_JSON, seen, problems)
    if problems:
        raise PackageError(problems, "library" if any("library" in p.message for p in problems) else "manifest")
    version = f"{main} {main_dep[1]}.{main_dep[2]}" if main_dep else str(main)
    return Package(standard="h5p", root=root, title=title.strip() or root.name,
                   scos=(Sco(id="content", title=title.strip() or str(main), href=H5P_JSON),),
                   version=version, h5p_main_library=str(main),
                   warnings=tuple(http_warnings(root)) if scan else ())


def library_folder(root: Path, name: str, major: str, minor: str) -> Path | None:
    """The folder holding a library, in either naming H5P players accept, or None."""
    for candidate in (f"{name}-{major}.{minor}", name):
        folder = root / candidate
        if (folder / "library.json").is_file():
            return folder
    return None


def _json(root: Path, name: str, problems: list[PackageProblem]) -> Any:
    path = root / name
    if not path.is_file():
        problems.append(PackageProblem(name, "is missing from the package"))
        return None
    if path.stat().st_size > MAX_JSON_BYTES:
        problems.append(PackageProblem(name, f"is larger than {MAX_JSON_BYTES // 10**6} MB"))
        return None
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        problems.append(PackageProblem(name, "is not UTF-8 text"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(PackageProblem(name, f"is not valid JSON ({exc.msg})", exc.lineno))
        return None
    if name != CONTENT_JSON and not isinstance(data, dict):
        problems.append(PackageProblem(name, "should be a JSON object ({...})"))
        return None
    return data


def _dependencies(data: dict[str, Any], where: str, problems: list[PackageProblem]) -> list[tuple[str, str, str]]:
    """(machineName, major, minor) of each preloaded dependency; versions as text, because
    h5p.json writes them as strings and library.json as numbers."""
    found = []
    listed = data.get("preloadedDependencies", [])
    if not isinstance(listed, list):
        problems.append(PackageProblem(where, "'preloadedDependencies' should be a list"))
        return []
    for entry in listed:
        name = entry.get("machineName") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name:
            problems.append(PackageProblem(where, f"has a preloaded dependency without a machineName: {entry!r}"))
            continue
        major, minor = entry.get("majorVersion"), entry.get("minorVersion")
        if not isinstance(major, (int, str)) or not isinstance(minor, (int, str)) or isinstance(major, bool):
            problems.append(PackageProblem(where, f"the dependency '{name}' has no major/minor version"))
            continue
        found.append((name, str(major), str(minor)))
    return found


def _check_library(root: Path, dependency: tuple[str, str, str], needed_by: str,
                   seen: set[tuple[str, str, str]], problems: list[PackageProblem]) -> None:
    if dependency in seen:
        return
    seen.add(dependency)
    name, major, minor = dependency
    folder = library_folder(root, name, major, minor)
    if folder is None:
        problems.append(PackageProblem(needed_by, f"needs the library {name} {major}.{minor}, but the package "
                                                  f"has no folder '{name}-{major}.{minor}' with a library.json "
                                                  "(export the .h5p again with its libraries included)"))
        return
    where = f"{folder.name}/library.json"
    data = _json(root, where, problems)
    if data is None:
        return
    resolver = Resolver(folder)
    for key in ("preloadedJs", "preloadedCss"):
        entries = data.get(key, [])
        for entry in entries if isinstance(entries, list) else []:
            path = entry.get("path") if isinstance(entry, dict) else None
            if not isinstance(path, str):
                problems.append(PackageProblem(where, f"has a {key} entry without a path"))
                continue
            _, why = resolver.resolve(path)
            if why:
                problems.append(PackageProblem(where, f"lists a file that cannot be used: {why}"))
    for inner in _dependencies(data, where, problems):
        _check_library(root, inner, where, seen, problems)
