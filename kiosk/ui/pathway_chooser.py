"""Choosing a pathway: at a learner's first sign-in (when the programme has pathways), and again
whenever they like from home or My progress. Calm and plain: what each route is for, who it is
for, what the levels mean, and that the choice can be changed. Emits what happened."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.core import pathways
from kiosk.core.content import Module, Programme
from kiosk.core.content.model import LEVELS, Pathway
from kiosk.ui.formats import fill
from kiosk.ui.levels import level_explained, level_name
from kiosk.ui.widgets import button, card, label, tab_stop_when_needed


class PathwayChooser(QWidget):
    """Emits ``chosen(pathway_id)``, or ``closed`` when a learner who already has a pathway
    keeps it (a first-time learner must choose: the modules follow the choice)."""

    chosen = Signal(str)
    closed = Signal()

    def __init__(self, programme: Programme, current: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.programme = programme
        self.current = current
        self.choose_buttons: dict[str, QPushButton] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(16)
        self.keep_button: QPushButton | None = None
        top = QHBoxLayout()
        heading = self.tr("Choose your pathway") if current is None else self.tr("Change your pathway")
        top.addWidget(label(heading, "title"), 1)
        if current is not None:
            self.keep_button = button(self.tr("← &Keep my current pathway"))
            self.keep_button.clicked.connect(self.closed)
            QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.closed.emit)
            top.addWidget(self.keep_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        column.addWidget(label(self.tr(
            "A pathway is the set of modules for your kind of work, in a sensible order. Choose the one "
            "that fits your role best. You can change it later from your home screen or My progress, and "
            "nothing you have done is lost.")))
        self.problem = label(self.tr("Your choice could not be saved just now. Please try again, or ask a "
                                     "trainer. Nothing you have done is lost."), "message")
        self.problem.hide()
        column.addWidget(self.problem)
        column.addWidget(self._levels_card())
        for pathway in programme.pathways:
            column.addWidget(self._pathway_card(pathway))
        column.addWidget(label(self.tr("Not sure which fits your role? Your trainer can help you choose."), "muted"))
        column.addStretch(1)
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setAccessibleName(heading)
        tab_stop_when_needed(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        order = [w for w in (self.keep_button, *self.choose_buttons.values()) if w is not None]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def focus_first(self) -> None:
        """Changing: 'Keep my current pathway' (at the top, so Enter changes nothing). Choosing for
        the first time: the page itself, read from the top; Tab then reaches each 'Choose' button
        and scrolls it into view (focusing a button below the fold at large text would let Space
        choose a route the learner has not seen)."""
        (self.keep_button or self.scroll_area).setFocus()

    def show_problem(self) -> None:
        """The choice was not saved (the shell logs why); the learner can try again."""
        self.problem.show()
        self.scroll_area.ensureWidgetVisible(self.problem)

    def _levels_card(self) -> QWidget:
        used = [level for level in LEVELS if any(p.level == level for p in self.programme.pathways)]
        lines = [label(self.tr("The levels"), "subtitle")]
        for level in used:
            lines.append(label(level_name(level), "strong"))
            lines.append(label(level_explained(level), "muted"))
        return card(*lines)

    def _pathway_card(self, pathway: Pathway) -> QWidget:
        modules = [self.programme.module(m) for m in pathways.pathway_modules(self.programme, pathway)]
        minutes = sum(m.duration_minutes for m in modules if isinstance(m, Module))
        facts = [fill(self.tr("Level: %1"), level_name(pathway.level))]
        if pathway.roles:
            facts.append(fill(self.tr("For: %1"), ", ".join(pathway.roles)))
        required = pathways.required_pathways(self.programme, pathway)
        if required:
            facts.append(fill(self.tr("Starts with: %1"), ", ".join(p.title for p in required)))
        facts.append(fill(self.tr("%1 modules, about %2 hours"), len(modules), _hours(minutes)))
        title = pathway.title
        if pathway.id == self.current:
            title = fill(self.tr("%1 (your pathway now)"), pathway.title)
        choose = button(self.tr("Choose this pathway"),
                        accessible=fill(self.tr("Choose the pathway: %1"), pathway.title),
                        primary=pathway.id != self.current)
        choose.clicked.connect(lambda: self.chosen.emit(pathway.id))
        self.choose_buttons[pathway.id] = choose
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label(" · ".join(facts), "muted"), 1)
        row.addWidget(choose, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        footer = QWidget()
        footer.setLayout(row)
        return card(label(title, "subtitle"), label(pathway.summary), footer)


def _hours(minutes: int) -> str:
    """Rounded to the half hour: an estimate, not a promise."""
    halves = max(1, round(minutes / 30))
    return f"{halves // 2}½" if halves % 2 and halves > 1 else ("½" if halves == 1 else str(halves // 2))
