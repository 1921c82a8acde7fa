"""Home: the programme's modules with this learner's progress, and an obvious way to continue."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import pathways
from kiosk.core.content import Module, Programme
from kiosk.core.learning import Learning, ModuleStatus
from kiosk.ui.formats import fill, long_date
from kiosk.ui.pathway_cards import RatingCard, RouteCard, rating_due, settled
from kiosk.ui.widgets import button, card, label, tab_stop_when_needed


class HomeScreen(QWidget):
    """Emits ``module_chosen(module_id)`` and ``progress_requested``. Made afresh for each
    signed-in learner."""

    module_chosen = Signal(str)
    progress_requested = Signal()
    pathway_requested = Signal()
    """The learner wants to change their pathway."""

    def __init__(self, learning: Learning, parent: QWidget | None = None):
        super().__init__(parent)
        self.learning = learning
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._body: QWidget | None = None
        self.continue_button: QPushButton | None = None
        self._thanks = False
        self.refresh()

    def refresh(self) -> None:
        """Rebuild from the store (after a module is closed)."""
        if self._body is not None:
            self._body.hide()  # out of the focus chain now; deleted when control returns
            self._body.deleteLater()
        overview = self.learning.overview()
        programme = self.learning.programme
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(16)
        name = self.learning.learner.first_name
        greeting = fill(self.tr("Hello, %1."), name) if name else self.tr("Hello.")
        self.progress_button = button(self.tr("My &progress"),
                                      accessible=self.tr("My progress and certificates"))
        self.progress_button.setToolTip(self.tr("What you have completed, time spent, and certificates"))
        self.progress_button.clicked.connect(self.progress_requested)
        top = QHBoxLayout()
        top.addWidget(label(greeting, "title"), 1)
        top.addWidget(self.progress_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        column.addWidget(label(programme.title, "subtitle"))
        if programme.problems:
            column.addWidget(self._content_problem(programme))
        route = self._route(column, overview)
        suggested = pathways.suggest(route, overview) if route else self.learning.suggested(overview)
        self.continue_button = None
        if suggested is not None:
            column.addWidget(self._continue_card(suggested, overview, route is not None))
        self.module_buttons: dict[str, QPushButton] = {}
        # A module that failed to load has no id, so it cannot take its place on the route: it is
        # listed with the other modules, saying it cannot be opened.
        on_route = ([s for m in route.modules for s in overview if getattr(s.module, "id", None) == m]
                    if route else overview)
        for status in on_route:
            column.addWidget(self._module_card(status))
        others = [s for s in overview if s not in on_route]
        if others:  # nothing is hidden: modules outside the route stay open to anyone curious
            column.addWidget(label(self.tr("Other modules (not part of your pathway)"), "subtitle"))
            for status in others:
                column.addWidget(self._module_card(status))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setAccessibleName(self.tr("Your modules"))
        tab_stop_when_needed(scroll)
        self._layout.addWidget(scroll)
        scroll.show()  # at once, not when the layout gets round to it, so focus can land on it
        self._body = scroll
        # Reading order: My progress (top right), the pathway, then Continue, then each module.
        listed: list[QWidget | None] = [self.progress_button, *self._pathway_controls, self.continue_button,
                                         *self.module_buttons.values()]
        order = [w for w in listed if w is not None]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.focus_first()

    def focus_first(self) -> None:
        """Focus 'Continue' (or the first module), so Enter is all a returning learner needs."""
        focus: QWidget | None = self.continue_button or next(iter(self.module_buttons.values()), None)
        if focus is not None:
            focus.setFocus()

    def _route(self, column: QVBoxLayout, overview: list[ModuleStatus]) -> pathways.Route | None:
        """The learner's pathway card (and, at its end, the programme rating); None without one."""
        learning = self.learning
        store, programme, learner_id = learning.store, learning.programme, learning.learner.id
        self._pathway_controls: list[QWidget] = []
        self.route_card = self.rating_card = None
        done = pathways.completed_at(overview)
        route = pathways.route(store, programme, learner_id, done)
        if route is None:
            return None
        completed = settled(store, programme, learner_id, done)
        if rating_due(store, programme, route, completed):
            self.rating_card = RatingCard(store, programme, learner_id, route.pathway.id)
            self.rating_card.finished.connect(self._rated)
            column.addWidget(self.rating_card)
            self._pathway_controls += [*(g.buttons()[0] for g in self.rating_card.groups.values()),
                                       self.rating_card.decline_button, self.rating_card.save_button]
        elif self._thanks:
            column.addWidget(label(self.tr("Thank you. Your answers are saved, privately."), "saved"))
        self.route_card = RouteCard(route, programme)
        self.route_card.change_requested.connect(self.pathway_requested)
        self._pathway_controls.append(self.route_card.change_button)
        column.addWidget(self.route_card)
        return route

    def _rated(self) -> None:
        self._thanks = True
        self.refresh()

    def _content_problem(self, programme: Programme) -> QWidget:
        return card(label(self.tr("The course content on this computer can't be opened."), "subtitle"),
                    label(self.tr("Please let a trainer or IT know. Your saved progress is safe."), "muted"),
                    label("\n".join(str(p) for p in programme.problems[:5]), "muted"))

    def _continue_card(self, status: ModuleStatus, overview: list[ModuleStatus], on_route: bool = False) -> QWidget:
        module = status.module
        assert isinstance(module, Module)  # only an available module is offered to continue
        verb = self.tr("Continue") if status.state == "in_progress" else self.tr("Start")
        self.continue_button = go = button(f"{verb}: {module.title}", primary=True)
        go.clicked.connect(lambda: self.module_chosen.emit(module.id))
        if status.state == "in_progress":
            hint = self.tr("You'll pick up exactly where you left off.")
        elif any(s.state not in ("not_started", "unavailable") for s in overview):
            hint = (self.tr("The next module on your pathway.") if on_route
                    else self.tr("The next module in the programme."))
        else:
            hint = self.tr("A good place to begin.")
        return card(go, label(hint, "muted"))

    def _module_card(self, status: ModuleStatus) -> QWidget:
        module = status.module
        if not isinstance(module, Module):
            reason = str(module.problems[0].message) if module.problems else ""
            return card(label(module.title, "subtitle"),
                        label(self.tr("This module can't be opened right now. Please let a trainer "
                                      "know. The other modules work as usual."), "muted"),
                        label(reason, "muted"))
        title = label(module.title, "subtitle")
        summary = label(module.summary)
        facts = fill(self.tr("About %1 minutes"), module.duration_minutes)
        if status.state == "completed":
            facts += " · " + self.tr("Completed")
            if status.completed is not None:
                facts += " " + fill(self.tr("on %1"), long_date(status.completed.completed_at))
        elif status.state == "in_progress":
            facts += " · " + fill(self.tr("%1 of %2 steps done"), status.done, status.total)
        bar = QProgressBar()
        bar.setRange(0, max(status.total, 1))
        bar.setValue(status.total if status.state == "completed" else status.done)
        bar.setTextVisible(False)
        bar.setAccessibleName(fill(self.tr("Progress in %1"), module.title))
        verb = {"completed": self.tr("Review"), "in_progress": self.tr("Continue")}.get(
            status.state, self.tr("Start"))
        action = button(verb, accessible=f"{verb}: {module.title}")
        action.clicked.connect(lambda: self.module_chosen.emit(module.id))
        self.module_buttons[module.id] = action
        row = QHBoxLayout()
        row.addWidget(label(facts, "muted"), 1)
        row.addWidget(action, 0, Qt.AlignmentFlag.AlignRight)
        footer = QWidget()
        footer.setLayout(row)
        return card(title, summary, bar, footer)
