"""The ``tip-pkg`` URL scheme every package is served on: ``tip-pkg://<host>/<path>``.

Chromium learns custom schemes only before the first QApplication exists, so the kiosk
(``kiosk.ui.app.make_application``) and the tests (``tests/conftest.py``) call
``register_schemes`` first. Secure and CORS-enabled: the SCO gets a secure context and may use
fetch/XHR on its own origin; the request interceptor keeps it on that origin.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

log = logging.getLogger(__name__)

SCHEME = "tip-pkg"
_registered = False


def register_schemes() -> bool:
    """Register ``tip-pkg`` with QtWebEngine. A no-op (False) when QtWebEngine is not installed;
    safe to call more than once."""
    global _registered
    if _registered:
        return True
    try:
        from PySide6.QtWebEngineCore import QWebEngineUrlScheme
    except ImportError:
        return False
    from PySide6.QtCore import QCoreApplication, Qt

    # QtWebEngine shares OpenGL contexts with the widgets; this must be set before the
    # QApplication exists too (otherwise Qt warns and the view may draw nothing).
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    scheme = QWebEngineUrlScheme(SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.CorsEnabled
                    | QWebEngineUrlScheme.Flag.FetchApiAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True
    return True


def registered() -> bool:
    """True once ``register_schemes`` has run in this process."""
    return _registered


_PACKAGE_STEP = re.compile(r"^[\s-]*type:\s*[\"']?package\b", re.MULTILINE)


def content_uses_packages(content_dir: Path) -> bool:
    """True if any module of the programme has a package step: a quick look at the module files'
    text, before the content is loaded, so a kiosk without packages never loads QtWebEngine
    (importing it costs 40-130 ms at start-up on the 2-core test PC). True when unsure."""
    try:
        for module_file in Path(content_dir).glob("*/module.yaml"):
            if _PACKAGE_STEP.search(module_file.read_text(encoding="utf-8", errors="replace")):
                return True
    except OSError:
        return True
    return False
