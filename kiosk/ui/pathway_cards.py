"""Home's pathway parts: where the learner is on their route, and the private programme rating
offered once at its end (two five-point items, both optional; kept with no link to the learner)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QGroupBox, QHBoxLayout, QRadioButton, QVBoxLayout, QWidget

from kiosk.core import pathways
from kiosk.core.content import Programme
from kiosk.core.errors import KioskError
from kiosk.core.store import Store
from kiosk.ui.formats import fill
from kiosk.ui.levels import level_name
from kiosk.ui.widgets import button, choice_row, label, set_text

log = logging.getLogger(__name__)


class RouteCard(QFrame):
    """'Your pathway' with progress along it and a way to change it (emits ``change_requested``)."""

    change_requested = Signal()

    def __init__(self, route: pathways.Route, programme: Programme, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        pathway = route.pathway
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        column = QVBoxLayout()
        column.setSpacing(8)
        outer.addLayout(column, 1)
        column.addWidget(label(fill(self.tr("Your pathway: %1"), pathway.title), "subtitle"))
        facts = [level_name(pathway.level),
                 fill(self.tr("%1 of %2 modules completed"), route.done, len(route.modules))]
        column.addWidget(label(" · ".join(facts), "muted"))
        waiting = pathways.unmet_prerequisites(programme, pathway, route.completed)
        if route.complete:
            column.addWidget(label(self.tr("You have completed this pathway. Your programme certificate is "
                                           "in My progress."), "saved"))
        elif waiting:
            column.addWidget(label(fill(self.tr("Start with %1: the modules of your role come after it."),
                                        ", ".join(p.title for p in waiting)), "muted"))
        self.change_button = button(self.tr("C&hange pathway"),
                                    accessible=fill(self.tr("Change pathway (now: %1)"), pathway.title))
        self.change_button.clicked.connect(self.change_requested)
        outer.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignTop)


class RatingCard(QFrame):
    """The programme rating at the end of a pathway. Emits ``finished`` once saved or declined."""

    finished = Signal()

    def __init__(self, store: Store, programme: Programme, learner_id: int, pathway_id: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.store, self.programme, self.learner_id = store, programme, learner_id
        self.pathway = programme.pathway(pathway_id)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(12)
        column.addWidget(label(self.tr("Two questions about the whole pathway"), "subtitle"))
        column.addWidget(label(self.tr(
            "Your answers are private: they are kept without your name or code, and only counts of "
            "everyone's answers are ever reported. Both questions are optional.")))
        questions = {
            "engaging": self.tr("The pathway as a whole was engaging."),
            "applicable": self.tr("What I learned applies to my role."),
        }
        scale = (self.tr("Strongly disagree"), self.tr("Disagree"), self.tr("Neither agree nor disagree"),
                 self.tr("Agree"), self.tr("Strongly agree"))
        self.groups: dict[str, QButtonGroup] = {}
        for key, text in questions.items():
            box = QGroupBox(text)
            box.setAccessibleName(text)
            inner = QVBoxLayout(box)
            group = QButtonGroup(box)
            for value, words in enumerate(scale, start=1):
                choice = QRadioButton()
                group.addButton(choice, value)
                inner.addWidget(choice_row(choice, words))
                choice.setAccessibleName(fill(self.tr("%1 (%2 of 5)"), words, value))
            self.groups[key] = group
            column.addWidget(box)
        self.message = label("", "message")
        self.message.hide()
        column.addWidget(self.message)
        self.save_button = button(self.tr("Save my answers"), primary=True)
        self.save_button.clicked.connect(self.save)
        self.decline_button = button(self.tr("No thanks"), accessible=self.tr("No thanks: do not rate the pathway"))
        self.decline_button.clicked.connect(self.decline)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.decline_button)
        row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addLayout(row)

    def save(self) -> None:
        values = {key: (group.checkedId() if group.checkedId() > 0 else None) for key, group in self.groups.items()}
        self._store(values["engaging"], values["applicable"])

    def decline(self) -> None:
        self._store(None, None)

    def _store(self, engaging: int | None, applicable: int | None) -> None:
        pathway = self.pathway
        assert pathway is not None  # the rating is offered only for a finished pathway
        try:
            self.store.pathways.save_programme_rating(self.learner_id, self.programme.id, pathway.id, pathway.level,
                                                      engaging, applicable)
        except KioskError as exc:
            set_text(self.message, str(exc))
            self.message.show()
            return
        self.finished.emit()


def settled(store: Store, programme: Programme, learner_id: int, done: dict) -> dict:
    """``pathways.settle``, but a completion that cannot be written just now (a full disk, say)
    leaves the screen working: it is recorded the next time home or My progress is built."""
    try:
        return pathways.settle(store, programme, learner_id, done)
    except KioskError as exc:
        log.error("Could not record a pathway completion: %s", exc)
        return store.pathways.completions(learner_id)


def rating_due(store: Store, programme: Programme, route: pathways.Route | None,
               completed: dict) -> bool:
    """True when the learner has completed their pathway and has not yet rated it (or said no)."""
    if route is None or not route.complete:
        return False
    row = completed.get(route.pathway.id)
    return row is not None and not row.rating_done
