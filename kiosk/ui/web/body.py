"""Read the body of a POST that reached the ``tip-pkg`` scheme handler.

PySide6 6.11.3 crashes in ``QWebEngineUrlRequestJob.requestBody()`` (while wrapping the private
``ResourceRequestBody``), so the C++ method is called directly through ctypes and its
``QIODevice*`` wrapped by shiboken. The symbol is tried under the Itanium name (Linux, GCC/Clang)
and then the MSVC name (Windows). Re-test on every PySide6 upgrade: if
``job.requestBody()`` stops crashing, use it and delete this module
(``tests/test_web_sandbox.py`` sends UTF-8 bodies through it).
"""

from __future__ import annotations

import ctypes
import importlib
import logging
import sys
from pathlib import Path
from typing import cast

log = logging.getLogger(__name__)

SYMBOLS = (
    "_ZNK23QWebEngineUrlRequestJob11requestBodyEv",  # Linux: QIODevice* requestBody() const
    "?requestBody@QWebEngineUrlRequestJob@@QEBAPEAVQIODevice@@XZ",  # Windows x64 MSVC
)
_function = None


def _library_names() -> list[str]:
    from PySide6.QtCore import QLibraryInfo

    libs = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath))
    bins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.BinariesPath))
    if sys.platform == "win32":
        return [str(bins / "Qt6WebEngineCore.dll"), "Qt6WebEngineCore.dll"]
    if sys.platform == "darwin":
        return [str(libs / "QtWebEngineCore.framework" / "QtWebEngineCore")]
    return [str(libs / "libQt6WebEngineCore.so.6"), "libQt6WebEngineCore.so.6"]


def _request_body_function():
    global _function
    if _function is None:
        importlib.import_module("PySide6.QtWebEngineCore")  # loads the library, so ctypes finds it

        for name in _library_names():
            try:
                library = ctypes.CDLL(name)
            except OSError:
                continue
            for symbol in SYMBOLS:
                try:
                    function = getattr(library, symbol)
                except AttributeError:
                    continue
                function.restype = ctypes.c_void_p
                function.argtypes = [ctypes.c_void_p]
                _function = function
                return _function
        raise OSError("QWebEngineUrlRequestJob::requestBody not found in the QtWebEngine library")
    return _function


def request_body(job, limit: int) -> bytes | None:
    """Up to ``limit`` + 1 bytes of the job's body (so a caller can tell "too big"), b"" if there
    is none, or None if the body could not be read at all."""
    import shiboken6
    from PySide6.QtCore import QIODevice

    try:
        pointer = _request_body_function()(shiboken6.getCppPointer(job)[0])
    except OSError:
        log.exception("Cannot read request bodies on this platform")
        return None
    if not pointer:
        return b""
    device = cast(QIODevice, shiboken6.wrapInstance(pointer, QIODevice))
    if not device.isOpen():
        device.open(QIODevice.OpenModeFlag.ReadOnly)
    chunks, size = [], 0
    while size <= limit:  # the device may hand the body over in pieces
        chunk = bytes(device.read(limit + 1 - size).data())
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
