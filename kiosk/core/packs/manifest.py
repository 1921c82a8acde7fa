"""A pack's manifest, and the rules every file name in a pack must follow.

A pack is a zip holding ``manifest.json`` and the content under ``content/``. The manifest lists
every content file with its size and SHA-256; anything in the zip that it does not list, or that it
lists and the zip lacks, makes the pack invalid. Names are checked against what would be unsafe or
ambiguous on *any* kiosk, Windows included, so a pack that installs on Linux installs everywhere.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kiosk.core.content.safety import WINDOWS_DEVICE_NAMES
from kiosk.core.errors import PackError
from kiosk.core.packs.zipcheck import Refuse

FORMAT = "tip-kiosk-pack/1"
MANIFEST_NAME = "manifest.json"
CONTENT_PREFIX = "content/"

PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
APP_VERSION = re.compile(r"^\d{1,6}(\.\d{1,6}){0,3}$")
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
MAX_VERSION = 2**63 - 1
MAX_PATH_CHARS = 240
"""Leaves room under Windows' 260-character path limit for a short content folder path."""

_RESERVED = WINDOWS_DEVICE_NAMES  # "CON.txt", "nul.mp4": one list for content and packs
_WINDOWS_FORBIDDEN = set('<>:"|?*')


def unsafe_name_reason(name: str) -> str | None:
    """Why ``name`` (a '/'-separated path inside the content) may not be installed, or None."""
    if not name:
        return "has an empty name"
    if re.match(r"^[A-Za-z]:", name):
        return "starts with a drive letter; pack paths must be relative"
    if "\\" in name:
        return "uses a backslash; pack paths use '/' only (a backslash can climb folders on Windows)"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "has control characters in its name"
    if name.startswith("/"):
        return "is an absolute path; pack paths must be relative"
    if len(name) > MAX_PATH_CHARS:
        return f"has a path longer than {MAX_PATH_CHARS} characters"
    for part in name.split("/"):
        if part in ("", "."):
            return "has an empty or '.' folder in its path"
        if part == "..":
            return "climbs out of its folder with '..'"
        if part.startswith("."):
            return "is a hidden file or folder (its name starts with '.')"
        if part[-1] in ". ":
            return "has a name ending in a dot or space, which Windows silently drops"
        if _WINDOWS_FORBIDDEN & set(part):
            return "has a character Windows does not allow in file names (< > : \" | ? *)"
        if part.split(".")[0].rstrip(" ").upper() in _RESERVED:
            return f"uses '{part}', a name reserved by Windows for a device"
        if len(part.encode("utf-8")) > 255:
            return "has a file or folder name longer than 255 bytes"
    return None


def collision_key(name: str) -> str:
    """Two names with the same key would be the same file on Windows or macOS."""
    return unicodedata.normalize("NFC", name).casefold()


def check_names(names: Iterable[str], where: str, refuse: Refuse | None = None) -> None:
    """Refuse unsafe, duplicate and colliding names (including a file that is also a folder).

    Args:
        refuse: builds the error (see kiosk/core/packs/zipcheck.py); default: a PackError naming
            the path and ``where`` it was found.

    Raises:
        PackError: (or what ``refuse`` builds) naming the first offending path.
    """
    refuse = refuse or _refused_in(where)
    files: dict[str, str] = {}
    folders: dict[str, str] = {}
    for name in names:
        reason = unsafe_name_reason(name)
        if reason:
            raise refuse(printable_name(name), reason, "unsafe-name")
        key = collision_key(name)
        if key in files:
            same = files[key] == name
            raise refuse(printable_name(name), "appears twice" if same else
                         f"has the same name as '{printable_name(files[key])}' apart from upper/lower case, so they "
                         "would be the same file on Windows", "duplicate-name")
        files[key] = name
        parts = key.split("/")
        for depth in range(1, len(parts)):
            folders.setdefault("/".join(parts[:depth]), "/".join(name.split("/")[:depth]))
    for key, folder in folders.items():
        if key in files:
            raise refuse(printable_name(folder), "is both a file and a folder", "duplicate-name")


def _refused_in(where: str) -> Refuse:
    def refuse(name: str | None, what: str, reason: str) -> PackError:
        return PackError(f"The pack was refused: '{name}' in {where} {what}.", reason)

    return refuse


def printable_name(name: str) -> str:
    """A name made safe to print: control characters shown as escapes, very long names cut."""
    shown = name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name
    return shown if len(shown) <= 120 else shown[:117] + "..."


def parse_app_version(text: str) -> tuple[int, ...]:
    """'0.1.0' -> (0, 1, 0, 0): comparable, with missing parts as zero."""
    if not isinstance(text, str) or not APP_VERSION.match(text):
        raise PackError(f"'{text}' is not an app version like 1.2.0.", "manifest")
    parts = tuple(int(p) for p in text.split("."))
    return parts + (0,) * (4 - len(parts))


@dataclass(frozen=True)
class PackFile:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What a pack says it holds. ``version`` is an integer that only ever goes up."""

    pack_id: str
    version: int
    min_app_version: str
    files: tuple[PackFile, ...]

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def to_json(self) -> bytes:
        data = {"format": FORMAT, "pack_id": self.pack_id, "version": self.version,
                "min_app_version": self.min_app_version,
                "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files]}
        return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Parse and check a manifest strictly: unknown, missing or repeated keys are refused.

        Raises:
            PackError: with reason ``manifest``.
        """
        try:
            data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_repeated_keys)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise _bad(f"it is not valid JSON ({exc})") from None
        _keys(data, {"format", "pack_id", "version", "min_app_version", "files"}, "the manifest")
        if data["format"] != FORMAT:
            raise _bad(f"its format is {data['format']!r}; this kiosk reads {FORMAT!r}")
        pack_id, version, min_app = data["pack_id"], data["version"], data["min_app_version"]
        check_identity(pack_id, version, min_app, "manifest")
        if not isinstance(data["files"], list) or not data["files"]:
            raise _bad("'files' must be a non-empty list")
        files = []
        for index, entry in enumerate(data["files"]):
            _keys(entry, {"path", "size", "sha256"}, f"files[{index}]")
            path, size, digest = entry["path"], entry["size"], entry["sha256"]
            if not isinstance(path, str):
                raise _bad(f"files[{index}].path must be text")
            if not _is_int(size) or size < 0:
                raise _bad(f"files[{index}].size must be a whole number of bytes")
            if not isinstance(digest, str) or not SHA256_HEX.match(digest):
                raise _bad(f"files[{index}].sha256 must be 64 lower-case hex digits")
            files.append(PackFile(path, size, digest))
        check_names((f.path for f in files), "the manifest")
        return cls(pack_id, version, min_app, tuple(files))


def check_identity(pack_id: Any, version: Any, min_app_version: Any, where: str) -> None:
    """Pack id, version and minimum app version as both the manifest and the signature carry them."""
    if not isinstance(pack_id, str) or not PACK_ID.match(pack_id):
        raise PackError(f"The pack was refused: the {where}'s pack id {pack_id!r} is not valid "
                        "(lower-case letters, digits and '-', 2 to 64 characters).", "manifest")
    if not _is_int(version) or not 1 <= version <= MAX_VERSION:
        raise PackError(f"The pack was refused: the {where}'s version {version!r} is not a whole "
                        "number of at least 1.", "manifest")
    parse_app_version(min_app_version)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice")
        result[key] = value
    return result


def _keys(data: Any, expected: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise _bad(f"{where} must be a JSON object")
    if set(data) != expected:
        extra, missing = sorted(set(data) - expected), sorted(expected - set(data))
        raise _bad(f"{where} has " + "; ".join(
            ([f"unknown keys {extra}"] if extra else []) + ([f"missing keys {missing}"] if missing else [])))


def _bad(why: str) -> PackError:
    return PackError(f"The pack was refused: its manifest is not valid: {why}.", "manifest")
