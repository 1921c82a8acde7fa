"""Files a package refers to: resolving a manifest's reference safely inside the package, and
finding absolute internet addresses in its text files (which an offline kiosk cannot reach)."""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

TEXT_SUFFIXES = (".html", ".htm", ".xhtml", ".js", ".mjs", ".css", ".json", ".xml")
MAX_SCANNED_BYTES = 4 * 1024 * 1024
"""Text files larger than this are not scanned for addresses (minified bundles; the time is better
spent elsewhere)."""
MAX_HTTP_WARNINGS = 20
METADATA_FILES = ("library.json", "semantics.json", "h5p.json")
"""H5P metadata: author and licence links there are credits, not something the content loads."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URL = re.compile(rb"""https?://[^\s"'<>()\\`]+""", re.IGNORECASE)
# Comments are not references; neither are the identifiers XML namespaces and schemas use, nor
# DOCTYPE identifiers: nothing fetches them.
_HTML_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_BLOCK_COMMENT = re.compile(rb"/\*.*?\*/", re.DOTALL)
_IDENTIFIER_HOSTS = ("www.w3.org", "w3.org", "www.imsglobal.org", "www.imsproject.org", "www.adlnet.org",
                     "adlnet.org", "ltsc.ieee.org", "purl.org", "schemas.xmlsoap.org", "h5p.org/xapi",
                     "adlnet.gov", "www.adlnet.gov", "xmlns.com", "ns.adobe.com", "schema.org")


class Resolver:
    """Resolves a package's references, remembering each folder's real path: a manifest can list
    thousands of files, and resolving each one from the root would cost a system call per path
    component per file."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.real_root = os.path.realpath(root)
        self._real: dict[str, str | None] = {"": self.real_root}

    def resolve(self, reference: str) -> tuple[Path | None, str]:
        """Where ``reference`` (a manifest href, relative to the root) points, or why it may not
        be used.

        Returns:
            (the file, "") when it is a file inside the root, else (None, a reason in plain words).
        """
        if _SCHEME.match(reference):
            return None, f"points to '{reference}', outside the package (the kiosk plays packages offline)"
        path = unquote(reference.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
        if not path:
            return None, "is empty"
        if path.startswith("/"):
            return None, f"'{reference}' is an absolute path; files must be named relative to the package"
        normal = posixpath.normpath(path)
        if normal == ".." or normal.startswith("../"):
            return None, f"'{reference}' points outside the package"
        folder, _, name = normal.rpartition("/")
        real_folder = self._folder(folder)
        if real_folder is not None and not self._inside(real_folder):
            return None, f"'{reference}' leads outside the package (through a symbolic link)"
        info = None
        if real_folder is not None:
            full = os.path.join(real_folder, name)
            try:
                info = os.lstat(full)
            except OSError:
                info = None
            if info is not None and stat.S_ISLNK(info.st_mode):
                if not self._inside(os.path.realpath(full)):
                    return None, f"'{reference}' leads outside the package (through a symbolic link)"
                try:
                    info = os.stat(full)
                except OSError:
                    info = None
        if info is None or not stat.S_ISREG(info.st_mode):
            return None, f"'{reference}' is not in the package{_case_hint(Path(self.root, *normal.split('/')))}"
        return self.root / normal, ""

    def _folder(self, folder: str) -> str | None:
        """The real path of a folder of the package (None if it does not exist)."""
        if folder not in self._real:
            parent, _, name = folder.rpartition("/")
            real_parent = self._folder(parent)
            if real_parent is None:
                self._real[folder] = None
            else:
                joined = os.path.join(real_parent, name)
                self._real[folder] = os.path.realpath(joined) if os.path.isdir(joined) else None
        return self._real[folder]

    def _inside(self, real: str) -> bool:
        return real == self.real_root or real.startswith(self.real_root.rstrip(os.sep) + os.sep)


def _case_hint(target: Path) -> str:
    try:
        near = [p.name for p in target.parent.iterdir() if p.name.casefold() == target.name.casefold()]
    except OSError:
        return ""
    if near:
        return f" (there is '{near[0]}', which differs in upper/lower case; the names must match exactly)"
    return ""


def text_files(root: Path) -> Iterator[Path]:
    """The package's text files (HTML, JS, CSS, JSON, XML), in a stable order."""
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if name.lower().endswith(TEXT_SUFFIXES):
                yield Path(folder, name)


def http_warnings(root: Path, cap: int = MAX_HTTP_WARNINGS) -> list[str]:
    """Absolute http(s) addresses in the package's text files, one warning per file and address,
    at most ``cap`` (then a count of the rest)."""
    warnings: list[str] = []
    more = 0
    for file in text_files(root):
        if file.stat().st_size > MAX_SCANNED_BYTES or file.name.lower() in METADATA_FILES:
            continue
        data = _BLOCK_COMMENT.sub(b"", _HTML_COMMENT.sub(b"", file.read_bytes()))
        seen: set[bytes] = set()
        for match in _URL.finditer(data):
            url = match.group(0).rstrip(b".,;:")
            host = url.split(b"//", 1)[1].decode("ascii", "replace").lower()
            if url in seen or host.startswith(_IDENTIFIER_HOSTS):
                continue
            seen.add(url)
            if len(warnings) < cap:
                name = file.relative_to(root).as_posix()
                warnings.append(f"{name}: refers to {url.decode('utf-8', 'replace')}, which the kiosk will "
                                "not fetch (packages play offline); check the course works without it")
            else:
                more += 1
    if more:
        warnings.append(f"... and {more} more internet address{'es' if more != 1 else ''} in the package")
    return warnings
