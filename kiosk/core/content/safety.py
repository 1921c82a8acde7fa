"""Content folders are not trusted: names read as paths must stay inside the content on every
platform, and a file reached through a symbolic link must not lead outside the folders the
content may use (a page linked to /etc/passwd would otherwise be shown to learners)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath

WINDOWS_DEVICE_NAMES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")})
"""Names Windows opens as a device whatever folder or extension goes with them ("CON",
"aux.txt", "nul .md"): a page named so would read the console, not a file (superscript digits
count too)."""


def name_problem(value: str, allow_parent: bool = False) -> str | None:
    """Why ``value``, a name from content, could point outside the content; None when it cannot.

    Checked with both POSIX and Windows rules whatever this PC runs, so content validated on
    Linux is safe on Windows too: ``D:x`` (relative to drive D's current folder), ``C:\\x``,
    ``\\\\server\\share\\x`` and ``/Users/Public/x`` (the current drive's root) all leave it;
    ``CON`` or ``aux.txt`` open a device, and ``notes.`` or ``notes `` silently become ``notes``.
    ``allow_parent`` lets '..' through, for the programme's media folder beside the modules.
    """
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    if posix.is_absolute() or windows.drive or windows.root:
        return "must not be an absolute path, a drive or a network share"
    if ":" in value:  # on Windows 'name:stream' reads a hidden part of a file
        return "must not contain ':' (on Windows it names a drive or a hidden part of a file)"
    if not allow_parent and (".." in posix.parts or ".." in windows.parts):
        return "must not contain '..'"
    for part in re.split(r"[\\/]", value):
        if part in (".", ".."):
            continue
        if part.split(".")[0].rstrip(" ").upper() in WINDOWS_DEVICE_NAMES:
            return f"must not use '{part}': Windows reserves that name for a device"
        if part.endswith((".", " ")):
            return f"must not end '{part}' with a dot or space: Windows drops them, so it names another file"
    return None


@functools.lru_cache(maxsize=256)
def _real(folder: str) -> str:
    return os.path.realpath(folder)


def escapes(file: Path, roots: Iterable[Path]) -> str | None:
    """Where ``file`` really is when a link takes it outside every one of ``roots``; else None.

    Links that stay inside (a shared picture linked between modules) are fine.
    """
    real = os.path.realpath(file)
    for root in roots:
        base = _real(os.fspath(root))
        if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
            return None
    return real


def first_file(candidates: Iterable[Path], roots: Iterable[Path]) -> tuple[Path | None, str | None]:
    """The first candidate that is a file, and where it really is if a link takes it outside
    ``roots`` (then the file must be refused, naming it)."""
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        return None, None
    return found, escapes(found, tuple(roots))


def link_message(target: str) -> str:
    return (f"is a link to {target}, outside the module and media folders; put the file itself "
            "in the content instead of a link")


def media_folder_problem(programme_folder: Path, name: str) -> str | None:
    """Why the programme's ``media_folder`` could lead outside the content; None when it cannot.

    It may climb beside the programme (``../media``), but not further, and not through a link:
    a media folder linked to ``/`` would make every file on the PC reachable as content.
    """
    problem = name_problem(name, allow_parent=True)
    if problem:
        return problem
    beside = Path(os.path.realpath(programme_folder)).parent
    target = escapes(Path(programme_folder) / name, (beside,))
    if target:
        return (f"leads to {target}, outside the folder that holds the programme; keep the media "
                "folder in the programme folder or beside it, not behind a link")
    return None
