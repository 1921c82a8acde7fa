"""Runs a content import (kiosk.core.content_import: a signed pack, or a SCORM/H5P/cmi5 package
added as a module) on its own thread.

Thin on purpose: the work and every check are in core, and running it off the GUI thread is
kiosk/ui/jobs.py's. It never touches a widget, so the admin panel decides how progress and
outcomes are shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject

from kiosk.core.content_import import import_content
from kiosk.core.packs import Limits
from kiosk.ui.jobs import Job, Report


class PackImportWorker(Job):
    """Import one pack in the background: connect to the signals, call ``start()``, keep a reference
    until ``finished`` or ``failed``.

    Signals (from ``Job``, delivered in the GUI thread):
        progress(done, total): bytes, as 64-bit numbers (packs can exceed 2 GB), at most once per 0.5%.
        finished(str): the pack is installed or the package added, said in plain words.
        failed(str): the pack was refused or could not be installed; the message says why in plain
            words, and the installed content is unchanged.
    """

    def __init__(self, source: Path, content_dir: Path, trusted_keys: Iterable[str],
                 limits: Limits | None = None, parent: QObject | None = None) -> None:
        source, content_dir, keys = Path(source), Path(content_dir), tuple(trusted_keys)
        limits = limits or Limits()

        def work(report: Report) -> str:
            return import_content(source, content_dir, keys, limits, progress=report)

        super().__init__(work, name="pack-import", parent=parent)
