"""``tip-kiosk preview``: an author sees a module in the kiosk's own step screens while writing it.

No account and no learner database: answers go to a throwaway store in a temporary folder,
deleted when the window closes. A QFileSystemWatcher on the module folder reloads the module
whenever a file in it is saved, keeping the step on screen; content with errors is explained in
the window (the same plain messages as ``content validate``) until it is fixed.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.accounts import Learner
from kiosk.core.content import Module, load_module
from kiosk.core.content.deferred import PROGRAMME_FILE
from kiosk.core.content.yamlread import read_yaml
from kiosk.core.learning import Learning
from kiosk.core.store import open_store
from kiosk.ui.formats import fill
from kiosk.ui.media.vlc_backend import VlcBackend
from kiosk.ui.module_screen import PlayerScreen
from kiosk.ui.widgets import label, set_text

log = logging.getLogger(__name__)

SETTLE_MS = 250
"""Editors save in bursts (write, rename, touch): reload once the folder has been quiet this long."""


def media_dirs_for(folder: Path) -> tuple[Path, ...]:
    """Where the module's media are found in the kiosk: its programme's media folder (from the
    programme.yaml beside it), else a ``media`` folder beside it."""
    programme = folder.parent / PROGRAMME_FILE
    data, problems = read_yaml(programme) if programme.is_file() else (None, [])
    media = data.get("media_folder") if isinstance(data, dict) and not problems else None
    return ((folder.parent / (media if isinstance(media, str) else "media")).resolve(),)


class PreviewWindow(QMainWindow):
    """One module, any step, reloaded on every save. Emits ``reloaded`` after each attempt."""

    reloaded = Signal()

    def __init__(self, folder: Path, step_id: str | None = None, language: str | None = None,
                 media: VlcBackend | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = Path(folder).resolve()
        self.language = language
        self.media = media if media is not None else VlcBackend()
        self.media_dirs = media_dirs_for(self.folder)
        self._scratch = tempfile.TemporaryDirectory(prefix="tip-kiosk-preview-")
        self.store, _ = open_store(Path(self._scratch.name))
        learner_id = self.store.learners.add("preview", "-", self.tr("Preview"))
        self.learning: Learning | None = None
        self._learner = Learner(learner_id, self.tr("Preview"), "learner")
        self.module: Module | None = None
        self.player: PlayerScreen | None = None
        self.wanted = step_id
        """The step to show: kept across reloads, and across a broken save, by its id."""

        # The player shows the module's title; this says what is being previewed, from where.
        self.heading = label(fill(self.tr("Preview of %1"), self.folder), "subtitle")
        self.note = label(self.tr("Preview: nothing is saved to learner records. Save a file in the module "
                                  "folder and this window updates."), "muted")
        self.status = label("", "muted")
        self.status.setAccessibleName(self.tr("Preview status"))
        self.review = label("", "muted")
        self.review.setAccessibleName(self.tr("Review of the facts"))
        self.steps = QComboBox()
        self.steps.setAccessibleName(self.tr("Go to step"))
        self.steps.activated.connect(self._jump)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problems in this module"))
        broken = QWidget()
        column = QVBoxLayout(broken)
        column.addWidget(label(self.tr("This module cannot be shown until these problems are fixed. Fix them "
                                       "and save: the step comes back by itself."), "title"))
        column.addWidget(self.problems, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(broken)
        self.broken_page = broken

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.steps)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addWidget(self.review)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._changed)
        self.watcher.fileChanged.connect(self._changed)
        self.settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self.settle.timeout.connect(self.reload)
        self.reload()

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Check the module again and show it at the same step (or its problems, in plain words)."""
        if self.player is not None:
            self.wanted = self.player.run.step.id
        self._watch()
        module = load_module(self.folder, media_dirs=self.media_dirs, language=self.language)
        when = QTime.currentTime().toString("HH:mm:ss")
        if not isinstance(module, Module):
            self._show_problems(module.title, [str(p) for p in module.problems], when)
        else:
            self._show_module(module, when)
        self.reloaded.emit()

    def _show_module(self, module: Module, when: str) -> None:
        self.module = module
        self.learning = Learning(self.store, _single(module), self._learner)
        run = self.learning.open(module.id)
        asked = self.wanted
        found = module.step_index(asked) if asked is not None else None
        missing = asked is not None and found is None
        index = found if asked and found is not None else 0
        if index != run.index:
            run.go_to(index)
        self._drop_player()
        self.player = PlayerScreen(run, self.media)
        self.player.modules_button.hide()  # there is no list of modules to go back to here
        self.player.closed.connect(lambda: self.show_step(run.module.steps[0].id))
        self.player.step_shown.connect(self._step_shown)
        self.player.support_requested.connect(lambda: set_text(
            self.status, self.tr("In the kiosk, this opens the support contacts from programme.yaml.")))
        self.pages.addWidget(self.player)
        self.pages.setCurrentWidget(self.player)
        self.setWindowTitle(fill(self.tr("Preview: %1"), module.title))
        self.steps.clear()
        for step in module.steps:
            self.steps.addItem(f"{step.title} ({step.id})", step.id)
        self._step_shown(run.step.id)
        if missing:
            set_text(self.status, fill(self.tr("There is no step '%1' in this module; showing the first step."), asked))
        else:
            set_text(self.status, fill(self.tr("Checked and shown at %1."), when))
        self.wanted = run.step.id
        set_text(self.review, self._review_text(module))

    def _review_text(self, module: Module) -> str:
        """Who checked the facts and when they are due again: authors see it while they write."""
        if not module.reviewed_by or module.review_due is None:
            return self.tr("The facts in this module have not been reviewed yet: add reviewed_by and review_due "
                           "to module.yaml.")
        due = module.review_due.isoformat()
        if module.review_due < date.today():
            return fill(self.tr("Facts reviewed by %1; the next review was due on %2 (overdue)."),
                        module.reviewed_by, due)
        return fill(self.tr("Facts reviewed by %1; next review due %2."), module.reviewed_by, due)

    def _show_problems(self, title: str, problems: list[str], when: str) -> None:
        self._drop_player()
        self.module = None
        self.setWindowTitle(fill(self.tr("Preview: %1"), title))
        self.problems.setPlainText("\n\n".join(problems))
        set_text(self.status, fill(self.tr("1 problem found at %1."), when) if len(problems) == 1
                 else fill(self.tr("%1 problems found at %2."), len(problems), when))
        self.pages.setCurrentWidget(self.broken_page)

    def show_step(self, step_id: str) -> None:
        """Open a step by its id (the step list, and ``--step``)."""
        if self.player is None or self.module is None:
            self.wanted = step_id
            return
        index = self.module.step_index(step_id)
        if index is not None:
            self.player.go_to(index)

    # -- watching -----------------------------------------------------------------------------
    def _watch(self) -> None:
        # Saving by writing a new file and renaming it over the old one (as most editors do)
        # drops the old file from the watch: watch everything afresh at every reload.
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        # The folder above too: a module folder renamed away (or back) is only seen from there.
        paths = [str(self.folder.parent)] if self.folder.parent.is_dir() else []
        if self.folder.is_dir():
            paths += [str(self.folder)] + [str(p) for p in sorted(self.folder.iterdir()) if p.is_file()]
        if paths:
            self.watcher.addPaths(paths)

    def _changed(self, _path: str) -> None:
        self.settle.start()

    # -- the rest -----------------------------------------------------------------------------
    def _jump(self, row: int) -> None:
        step_id = self.steps.itemData(row)
        if step_id:
            self.show_step(step_id)

    def _step_shown(self, step_id: str) -> None:
        self.wanted = step_id
        row = self.steps.findData(step_id)
        if row >= 0:
            self.steps.setCurrentIndex(row)

    def _drop_player(self) -> None:
        if self.player is not None:
            # Out of the window now, destroyed when control returns to the event loop (a reload
            # may come from inside one of its own signals).
            player, self.player = self.player, None
            player.pause_media()
            self.pages.removeWidget(player)
            player.hide()
            player.setParent(None)
            player.deleteLater()

    def closeEvent(self, event) -> None:
        self.settle.stop()
        self._drop_player()
        self.store.close()
        self._scratch.cleanup()
        super().closeEvent(event)


def _single(module: Module):
    from kiosk.core.content import Programme

    return Programme(id="preview", title=module.title, folder=module.folder.parent, modules=(module,))


def run_preview(path: Path, step_id: str | None = None, language: str | None = None) -> int:
    """The window, until it is closed. Exit 2 if ``path`` is not a module folder."""
    import sys

    from kiosk.core.content.loader import MODULE_FILE
    from kiosk.ui.app import make_application
    from kiosk.ui.language import Translations

    folder = Path(path)
    folder = folder.parent if folder.is_file() else folder
    if not (folder / MODULE_FILE).is_file():
        print(f"tip-kiosk preview: {folder} has no {MODULE_FILE}; give a module folder, for example "
              "modules/01-understanding-trauma", file=sys.stderr)
        return 2
    app = make_application()
    translations = Translations()
    if language:
        translations.use(language)
    window = PreviewWindow(folder, step_id, language)
    window.resize(1280, 800)
    window.show()
    try:
        return app.exec()
    finally:
        translations.release()
