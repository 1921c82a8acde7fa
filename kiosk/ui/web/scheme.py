"""The ``tip-pkg`` URL scheme every package is served on: ``tip-pkg://<host>/<path>``.

Chromium learns custom schemes only before the first QApplication exists, so the kiosk
(``kiosk.ui.app.make_application``) and the tests (``tests/conftest.py``) call
``register_schemes`` first. Secure and CORS-enabled: the SCO gets a secure context and may use
fetch/XHR on its own origin; the request interceptor keeps it on that origin.
"""

from __future__ import annotations

import logging

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
