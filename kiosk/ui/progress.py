"""My progress: each module's status and time spent, how confidence changed, and a certificate
(PDF) for each completed module. Reached from home; emits what happened, never navigates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import certificates, pathways
from kiosk.core.content import Module
from kiosk.core.errors import KioskError
from kiosk.core.learning import MAX_GAP_SECONDS, Learning, ModuleStatus
from kiosk.ui import pass_mark
from kiosk.ui.announce import say
from kiosk.ui.certificate import write_certificate
from kiosk.ui.formats import fill, long_date, time_spent
from kiosk.ui.levels import level_name
from kiosk.ui.pathway_cards import settled
from kiosk.ui.widgets import button, card, label, tab_stop_when_needed

PathChooser = Callable[[QWidget, Path], "Path | None"]


def ask_where_to_save(parent: QWidget, suggested: Path) -> Path | None:
    """Qt's own file dialog, read-only (no renaming or deleting files from it), keyboard-friendly."""
    options = QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.ReadOnly
    chosen, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("ProgressScreen", "Save your certificate"), str(suggested),
        QCoreApplication.translate("ProgressScreen", "PDF files (*.pdf)"), options=options)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def _safe_name(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in " -" else " " for ch in text).strip()[:80] or "module"


class ProgressScreen(QWidget):
    """Emits ``closed`` (back to the modules) and ``module_chosen(module_id)``."""

    closed = Signal()
    module_chosen = Signal(str)
    pathway_requested = Signal()
    retry_requested = Signal(str)
    """The learner chose "Try the questions again" for a module (its id)."""

    def __init__(self, learning: Learning, secret: bytes, choose_path: PathChooser = ask_where_to_save,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.learning = learning
        self.secret = secret
        self.choose_path = choose_path
        self.certificate_buttons: dict[str, QPushButton] = {}
        self.open_buttons: dict[str, QPushButton] = {}
        self.retry_buttons: dict[str, QPushButton] = {}
        overview = learning.overview()
        modules = [s for s in overview if isinstance(s.module, Module)]
        route = pathways.route(learning.store, learning.programme, learning.learner.id,
                               pathways.completed_at(overview))
        if route is not None:  # the pathway's modules, in its order, come first
            rank = {m: i for i, m in enumerate(route.modules)}
            modules.sort(key=lambda s: rank.get(_module_id(s) or "", len(rank)))
        done = sum(1 for s in modules if s.state == "completed")

        self.back_button = button(self.tr("← Back to &my modules"))
        self.back_button.clicked.connect(self.closed)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.closed.emit)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(16)
        top = QHBoxLayout()
        top.addWidget(label(self.tr("My progress"), "title"), 1)
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        summary = fill(self.tr("You have completed %1 of %2 modules."), done, len(modules))
        total = sum(s.seconds for s in modules)
        spent = time_spent(total).lower() if total > 0 else self.tr("none yet")
        self.summary = label(summary + " " + fill(self.tr("Time spent so far: %1."), spent), "subtitle")
        column.addWidget(self.summary)
        column.addWidget(label(fill(self.tr("Time is counted while you work in a module. If nothing happens for a "
                                            "long while, at most %1 minutes of it are counted."),
                                    MAX_GAP_SECONDS // 60), "muted"))
        self.name = QLineEdit()
        self.name.setMaxLength(80)
        self.name.setAccessibleName(self.tr("Name to print on a certificate (optional)"))
        self.name.setPlaceholderText(self.tr("Optional"))
        column.addWidget(card(label(self.tr("Certificates"), "subtitle"),
                              label(self.tr("If you would like your name on a certificate, type it here. It "
                                            "is printed on the certificate only and is not kept.")),
                              self.name))
        self.message = label("", "saved")
        self.message.hide()
        column.addWidget(self.message)
        self.pathway_button: QPushButton | None = None
        if route is not None:
            column.addWidget(self._pathway_card(route))
        for status in modules:
            column.addWidget(self._module_card(status))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setAccessibleName(self.tr("My progress"))
        tab_stop_when_needed(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def focus_first(self) -> None:
        first = next(iter(self.certificate_buttons.values()), None) or next(iter(self.open_buttons.values()), None)
        (first or self.back_button).setFocus()

    def _pathway_card(self, route: pathways.Route) -> QWidget:
        """The learner's pathway: how far along it, its programme certificates, a way to change it."""
        learning = self.learning
        completed = settled(learning.store, learning.programme, learning.learner.id,
                            pathways.completed_at(learning.overview()))
        pathway = route.pathway
        parts = [label(fill(self.tr("Your pathway: %1"), pathway.title), "subtitle"),
                 label(fill(self.tr("%1 level. %2 of %3 modules completed; they are listed below in the order "
                                    "to take them."),
                            level_name(pathway.level), route.done, len(route.modules)), "muted")]
        row = QHBoxLayout()
        row.addStretch(1)
        for each in [*pathways.required_pathways(learning.programme, pathway), pathway]:
            if each.id in completed:
                save = button(fill(self.tr("Save programme certificate: %1"), each.title),
                              accessible=fill(self.tr("Save programme certificate for the pathway %1 as PDF"),
                                              each.title), primary=True)
                save.clicked.connect(lambda _=False, p=each.id: self.save_pathway_certificate(p))
                self.certificate_buttons["pathway:" + each.id] = save
                row.addWidget(save)
        if not route.complete:
            parts.append(label(self.tr("Your programme certificate can be saved here when every module of "
                                       "the pathway is completed."), "muted"))
        self.pathway_button = change = button(self.tr("C&hange pathway"),
                                              accessible=fill(self.tr("Change pathway (now: %1)"), pathway.title))
        change.clicked.connect(self.pathway_requested)
        row.addWidget(change)
        footer = QWidget()
        footer.setLayout(row)
        return card(*parts, footer)

    def save_pathway_certificate(self, pathway_id: str) -> Path | None:
        """As ``save_certificate``, for a whole pathway at its level."""
        row = self.learning.store.pathways.completions(self.learning.learner.id).get(pathway_id)
        if row is None:
            return None
        return self._save(certificates.pathway_certificate(self.learning.programme, row, self.secret))

    # -- certificates -----------------------------------------------------------------------
    def save_certificate(self, module_id: str) -> Path | None:
        """Ask where, then write the certificate; says in plain words what happened."""
        status = next(s for s in self.learning.overview() if _module_id(s) == module_id)
        if status.completed is None:
            return None
        return self._save(certificates.certificate(self.learning.programme, status.completed, self.secret))

    def _save(self, cert: certificates.Certificate) -> Path | None:
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                      or Path.home())
        suggested = folder / fill(self.tr("TIP certificate - %1 - %2.pdf"),
                                  _safe_name(cert.module_title), cert.completed_on.isoformat())
        path = self.choose_path(self, suggested)
        if path is None:
            return None
        try:
            write_certificate(cert, path, self.name.text())
        except KioskError as exc:
            self._say(str(exc), "message")
            return None
        self._say(fill(self.tr("Your certificate for “%1” is saved as %2"), cert.module_title, path), "saved")
        return path

    def _say(self, text: str, style: str) -> None:
        say(self.message, text, assertive=style == "message")
        self.message.setObjectName(style)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    # -- display ----------------------------------------------------------------------------
    def _module_card(self, status: ModuleStatus) -> QWidget:
        module = status.module
        assert isinstance(module, Module)  # the page lists available modules only
        facts = [self._status_text(status), fill(self.tr("Time spent: %1"), time_spent(status.seconds))]
        verdict = status.completion
        if (verdict is not None and verdict.pass_mark and verdict.checks and status.state != "not_started"
                and not pass_mark.unmet(status)):  # an unmet pass mark is explained below instead
            facts.append(fill(self.tr("Questions answered correctly: %1 of %2"), verdict.checks_passed, verdict.checks))
        pairs = [(a, b) for a, b in status.confidence if a is not None and b is not None]
        if pairs:
            higher = sum(1 for a, b in pairs if b > a)
            facts.append(fill(self.tr("Confidence compared with the start: higher on %1 of %2 questions"),
                              higher, len(pairs)))
        verb = {"completed": self.tr("Review"), "in_progress": self.tr("Continue")}.get(
            status.state, self.tr("Start"))
        open_button = button(verb, accessible=f"{verb}: {module.title}")
        open_button.clicked.connect(lambda: self.module_chosen.emit(module.id))
        self.open_buttons[module.id] = open_button
        row = QHBoxLayout()
        row.addStretch(1)
        if pass_mark.unmet(status):
            facts.append(pass_mark.explanation(status))
            retry = button(self.tr("&Try the questions again"), primary=True,
                           accessible=fill(self.tr("Try the questions again: %1"), module.title))
            retry.clicked.connect(lambda: self.retry_requested.emit(module.id))
            self.retry_buttons[module.id] = retry
            row.addWidget(retry)
        if status.completed is not None:
            save = button(self.tr("Save certificate (PDF)"),
                          accessible=fill(self.tr("Save certificate for %1 as PDF"), module.title),
                          primary=True)
            save.clicked.connect(lambda: self.save_certificate(module.id))
            self.certificate_buttons[module.id] = save
            row.addWidget(save)
        row.addWidget(open_button)
        footer = QWidget()
        footer.setLayout(row)
        return card(label(module.title, "subtitle"), label("\n".join(facts), "muted"), footer)

    def _status_text(self, status: ModuleStatus) -> str:
        if status.state == "completed":
            if status.completed is not None:
                return fill(self.tr("Completed on %1"), long_date(status.completed.completed_at))
            return self.tr("Completed")
        if status.state == "in_progress":
            return fill(self.tr("In progress: %1 of %2 required steps done"), status.done, status.total)
        return self.tr("Not started yet")


def _module_id(status: ModuleStatus) -> str | None:
    """The module's id; None for a module that could not be loaded (it has none)."""
    return status.module.id if isinstance(status.module, Module) else None
