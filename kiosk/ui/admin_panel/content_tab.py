"""The admin panel's Content tab: import a signed content pack or an eLearning package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QProgressBar, QWidget

from kiosk.ui.admin_panel.parts import AdminTab, column
from kiosk.ui.announce import say
from kiosk.ui.formats import fill
from kiosk.ui.widgets import button, label, set_text

if TYPE_CHECKING:
    from kiosk.ui.jobs import Job


class ContentTab(AdminTab):
    """``start_import(path)`` starts importing and returns the job doing it (see AdminTools); None:
    importing content is not set up on this kiosk."""

    def __init__(self, start_import: Callable[[Path], Job] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self._start_import = start_import
        self._worker: Job | None = None
        self.import_button = button(self.tr("&Import a content pack…"), primary=True)
        self.import_progress = QProgressBar()
        self.import_progress.setAccessibleName(self.tr("Import progress"))
        self.import_progress.hide()
        self.import_message = label("", "message")
        self.import_button.clicked.connect(self._choose_pack)
        if start_import is None:
            self.import_button.setEnabled(False)
            set_text(self.import_message, self.tr("Importing content is not set up on this kiosk."))
        column(self, label(self.tr("Choose a signed content pack from a USB stick or a network "
                                   "share. Learners' progress is kept."), "muted"),
               label(self.tr("A SCORM, H5P or cmi5 package (.zip or .h5p) is added as a new "
                             "module of the installed programme."), "muted"),
               self.import_button, self.import_progress, self.import_message)

    def title(self) -> str:
        return self.tr("Content")

    def _choose_pack(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a content pack or an eLearning package"),
                                              "", self.tr("Packs and packages (*.zip *.h5p);;All files (*)"),
                                              options=QFileDialog.Option.DontUseNativeDialog)
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> None:
        if self._start_import is None:
            return
        self.import_button.setEnabled(False)
        self.import_progress.setRange(0, 0)
        self.import_progress.show()
        say(self.import_message, fill(self.tr("Importing %1…"), path.name))
        worker = self._start_import(path)
        self._worker = worker
        worker.progress.connect(self._import_progress)
        worker.finished.connect(lambda summary: self._import_done(str(summary or ""), ok=True))
        worker.failed.connect(lambda reason: self._import_done(str(reason), ok=False))

    def _import_progress(self, done: int, total: int) -> None:
        if total > 0:
            scale = max(1, total // 1_000_000)  # QProgressBar holds an int: keep large sizes in range
            self.import_progress.setRange(0, total // scale)
            self.import_progress.setValue(done // scale)

    def _import_done(self, message: str, ok: bool) -> None:
        self._worker = None
        self.import_progress.hide()
        self.import_button.setEnabled(True)
        prefix = self.tr("Imported.") if ok else self.tr("Not imported:")
        say(self.import_message, f"{prefix} {message}".strip(), assertive=not ok)
