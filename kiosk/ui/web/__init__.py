"""The sandboxed web view that plays standard eLearning packages (SCORM 1.2 / 2004, H5P).

QtWebEngine is optional (a lean kiosk may not ship it) and heavy to import, so nothing here is
imported at kiosk start: ``scheme.register_schemes`` is a no-op without it, and the package step
imports ``sandbox`` only when a package step is shown.

- ``scheme``: the ``tip-pkg`` URL scheme, registered before the QApplication exists.
- ``files``: which file a ``tip-pkg`` path means (never outside the package), MIME types, CSP.
- ``body``: read a POST body from a request job (works around a PySide6 crash).
- ``bridge``: the ``/__kiosk/`` endpoints: validate what the page sends, call the learner path.
- ``sandbox``: profile, request interceptor, scheme handler and page for one launch.
- ``player/``: scorm.html and h5p.html, served at ``/__player/``.
"""

from __future__ import annotations

import importlib
import os


def sandbox_refused() -> bool:
    """True when Chromium would refuse to start and take the whole kiosk down with it: running
    as root with the engine's sandbox on ("Running as root without --no-sandbox is not
    supported" ends the process). The package step then says so instead of starting the engine;
    ``doctor`` tells IT to run the kiosk as an ordinary account."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    return not os.environ.get("QTWEBENGINE_DISABLE_SANDBOX") and "--no-sandbox" not in flags.split()


def webengine_available() -> bool:
    """True if QtWebEngine can be imported on this kiosk (the lean build leaves it out)."""
    try:
        importlib.import_module("PySide6.QtWebEngineCore")
        importlib.import_module("PySide6.QtWebEngineWidgets")
    except ImportError:
        return False
    return True
