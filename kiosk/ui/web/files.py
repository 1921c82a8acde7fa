"""Which file a ``tip-pkg`` path means, and the headers every reply carries. No Qt here.

A package is untrusted: a path is decoded once, cleaned, and must resolve (symlinks followed)
inside the package root, or inside the kiosk's own player and vendor folders for ``/__player/``
and ``/__vendor/``. Dotfiles are never served.
"""

from __future__ import annotations

import mimetypes
import os
import sys
from pathlib import Path
from urllib.parse import unquote

PLAYER_DIR = Path(__file__).resolve().parent / "player"

CSP = ("default-src 'self' tip-pkg: data: blob: 'unsafe-inline' 'unsafe-eval'; "
       "connect-src 'self' data: blob:; frame-src 'self' data: blob:; img-src 'self' data: blob:; "
       "media-src 'self' data: blob:; object-src 'none'; base-uri 'self'; form-action 'self'")
"""Vendor content needs inline script and eval (Storyline, Captivate, H5P); everything else stays
on the package's own origin. The request interceptor blocks the rest anyway: this is the second
wall."""

_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".js": "text/javascript", ".mjs": "text/javascript",
    ".css": "text/css", ".json": "application/json", ".xml": "application/xml", ".xsd": "application/xml",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon", ".woff": "font/woff",
    ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf", ".eot": "application/vnd.ms-fontobject",
    ".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".ogg": "audio/ogg",
    ".oga": "audio/ogg", ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".wav": "audio/wav", ".vtt": "text/vtt",
    ".txt": "text/plain", ".pdf": "application/pdf", ".swf": "application/x-shockwave-flash",
    ".wasm": "application/wasm", ".map": "application/json",
}
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def mime_type(path: Path) -> str:
    """The MIME type for a file, with a charset for text (SCOs rarely declare one)."""
    kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith(TEXT_TYPES):
        kind += ";charset=utf-8"
    return kind


def vendor_dirs() -> dict[str, Path]:
    """Where the npm players live: ``web/node_modules`` in a checkout (``make web``), or
    ``web-vendor/`` beside the bundle's executable. (No ``TIP_KIOSK_*`` override: the settings
    loader refuses environment variables that are not settings.)"""
    candidates = [Path(__file__).resolve().parents[3] / "web" / "node_modules",
                   Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "web-vendor"]
    for base in candidates:
        if (base / "scorm-again").is_dir():
            return {"scorm-again": base / "scorm-again" / "dist", "h5p": base / "h5p-standalone" / "dist"}
    return {}


def clean_parts(url_path: str) -> list[str] | None:
    """The path's segments, decoded once; None if any is empty-dot, ``..``, hidden, or holds a
    separator or NUL after decoding (``%2e%2e``, ``%2f``, ``\\``)."""
    parts = []
    for raw in url_path.split("/"):
        if raw == "":
            continue
        part = unquote(raw)
        if part in (".", "..") or part.startswith(".") or "/" in part or "\\" in part or "\0" in part:
            return None
        parts.append(part)
    return parts


def resolve(root: Path, parts: list[str]) -> Path | None:
    """The file ``parts`` names under ``root``, or None if it is missing, not a file, or resolves
    (through a symlink or otherwise) outside ``root``."""
    if not parts:
        return None
    base = Path(os.path.realpath(root))
    target = Path(os.path.realpath(base.joinpath(*parts)))
    if target != base and base not in target.parents:
        return None
    return target if target.is_file() else None


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """``bytes=a-b`` / ``bytes=a-`` / ``bytes=-n`` as an inclusive (start, end) inside ``size``;
    None for no header, several ranges or nonsense (then the whole file is sent)."""
    if not header.startswith("bytes=") or "," in header:
        return None
    start_s, _, end_s = header[6:].strip().partition("-")
    try:
        if start_s == "":
            count = int(end_s)
            start, end = max(size - count, 0), size - 1
        else:
            start = int(start_s)
            end = int(end_s) if end_s else size - 1
    except ValueError:
        return None
    end = min(end, size - 1)
    if start < 0 or start > end:
        return None
    return start, end
