"""`tip-kiosk --web-probe`: can this kiosk play SCORM/H5P package modules?

Says whether QtWebEngine and its helper process are here, whether the npm players and the
kiosk's player pages are here, and then starts the engine headless and loads a page from the
``tip-pkg`` scheme that runs the players' scripts (about half a second warm), the same scheme
the kiosk serves packages through (``kiosk.ui.web.sandbox``).

Run by the doctor and the self-test in a child process: the engine is heavy, a broken one can
take its process down, and Chromium learns URL schemes only before the first QApplication.
Prints ``key: value`` lines (read by ``kiosk.core.doctor.webengine``) and exits 0 whatever it
found: the caller judges.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

PLAYER_SCRIPTS = {
    "scorm-again": ("scorm12.min.js", "scorm2004.min.js"),
    "h5p": ("main.bundle.js", "frame.bundle.js", "styles/h5p.css"),
}
"""The vendor files the players load, by vendor_dirs() key (relative to that folder)."""
PAGE_SCRIPTS = ("scorm-again/scorm12.min.js", "scorm-again/scorm2004.min.js", "h5p/main.bundle.js")
"""Loaded by the probe's page (frame.bundle.js belongs inside H5P's own iframe, so not here)."""
GLOBALS = ("Scorm12API", "Scorm2004API", "H5PStandalone")
"""What those scripts define on the page when they really ran."""
HOST = "doctor-probe"
TIMEOUT_MS = 30_000


def probe() -> int:
    _say("uid", os.geteuid() if hasattr(os, "geteuid") else "n/a")
    _say("sandbox", "off" if os.environ.get("QTWEBENGINE_DISABLE_SANDBOX") else "on")
    scripts, missing = web_files()
    _say("missing", ", ".join(missing))
    try:
        from PySide6 import QtWebEngineCore

        importlib.import_module("PySide6.QtWebEngineWidgets")  # the widgets library must load too
    except ImportError as exc:
        _say("engine", f"missing ({exc})")
        return 0
    from PySide6.QtCore import QLibraryInfo

    version = getattr(QtWebEngineCore, "qWebEngineVersion", lambda: "?")()
    chromium = getattr(QtWebEngineCore, "qWebEngineChromiumVersion", lambda: "?")()
    _say("engine", f"Qt WebEngine {version} (Chromium {chromium})")
    helper = Path(os.environ.get("QTWEBENGINEPROCESS_PATH") or Path(
        QLibraryInfo.path(QLibraryInfo.LibraryPath.LibraryExecutablesPath))
        / ("QtWebEngineProcess.exe" if sys.platform == "win32" else "QtWebEngineProcess"))
    _say("process", str(helper) if helper.is_file() else f"missing {helper}")
    if not helper.is_file():
        return 0
    if _say_if_root_with_sandbox():
        return 0
    if missing:
        _say("page", "skipped (the players are missing)")
        return 0
    _say("page", load_page(scripts))
    return 0


def web_files() -> tuple[dict[str, Path], list[str]]:
    """The player scripts found (by name) and what is missing, as the web view looks them up."""
    from kiosk.ui.web import files

    found: dict[str, Path] = {}
    missing: list[str] = []
    folders = files.vendor_dirs()
    if not folders:
        missing.append("the web players folder (web-vendor, or web/node_modules from source)")
    for vendor, names in PLAYER_SCRIPTS.items() if folders else ():
        for name in names:
            path = folders.get(vendor, Path("<not found>")) / name
            if path.is_file():
                found[f"{vendor}/{name}"] = path
            else:
                missing.append(f"{vendor}/{name}")
    player = Path(files.PLAYER_DIR)
    if not (player.is_dir() and any(player.glob("*.html"))):
        missing.append(f"the player pages (no .html in {player})")
    return found, missing


def _say_if_root_with_sandbox() -> bool:
    """As root Chromium refuses to start with its sandbox on; don't try (say so instead)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not os.environ.get("QTWEBENGINE_DISABLE_SANDBOX"):
        _say("page", "skipped (running as root with the sandbox on: Chromium refuses to start)")
        return True
    return False


def load_page(scripts: dict[str, Path]) -> str:
    """Start the engine offscreen and load a tip-pkg:// page running the player scripts; returns
    ``ok <ms> ms`` or ``failed (<why>)``."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a child with no window to show, on any desktop
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    import shiboken6
    from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, Qt, QTimer
    from PySide6.QtWebEngineCore import (
        QWebEnginePage,
        QWebEngineProfile,
        QWebEngineUrlRequestJob,
        QWebEngineUrlSchemeHandler,
    )
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.web.scheme import SCHEME, register_schemes

    if not register_schemes():
        return "failed (the tip-pkg scheme could not be registered)"
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    started = time.monotonic()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    tags = "".join(f'<script src="/{name}"></script>' for name in PAGE_SCRIPTS)
    page_html = f'<!doctype html><meta charset="utf-8"><title>probe</title>{tags}'
    expression = "[" + ", ".join(f"typeof {name}" for name in GLOBALS) + "].join(' ')"

    class Handler(QWebEngineUrlSchemeHandler):
        def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
            path = job.requestUrl().path().lstrip("/")
            if path == "index.html":
                data, mime = page_html.encode(), b"text/html;charset=utf-8"
            elif path in scripts:
                data, mime = scripts[path].read_bytes(), b"text/javascript;charset=utf-8"
            else:
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                return
            buffer = QBuffer(job)
            buffer.setData(QByteArray(data))
            job.reply(mime, buffer)

    profile = QWebEngineProfile()  # off the record: the probe leaves nothing on disk
    handler = Handler(profile)
    profile.installUrlSchemeHandler(SCHEME.encode(), handler)
    page = QWebEnginePage(profile)
    outcome: list[str] = []

    def finished(ok: bool) -> None:
        if not ok:
            done("failed (the page did not load)")
            return
        page.runJavaScript(expression, 0, ran)

    def ran(result: object) -> None:
        kinds = str(result).split()
        if len(kinds) != len(GLOBALS) or "undefined" in kinds:
            done(f"failed (the player scripts did not run: {result})")
        else:
            done(f"ok {(time.monotonic() - started) * 1000:.0f} ms")

    def done(text: str) -> None:
        if not outcome:
            outcome.append(text)
        app.quit()

    def timed_out() -> None:
        done(f"failed (no page within {TIMEOUT_MS // 1000} s)")

    page.loadFinished.connect(finished)
    QTimer.singleShot(TIMEOUT_MS, timed_out)
    page.load(f"{SCHEME}://{HOST}/index.html")
    app.exec()
    # The page must go before its profile (Qt warns, and may crash, the other way round).
    shiboken6.delete(page)
    app.processEvents()
    return outcome[0] if outcome else "failed (the engine stopped without an answer)"


def _say(key: str, value: object) -> None:
    print(f"{key}: {value}", flush=True)
