"""A branching scenario: a situation, choices, the consequence of the choice made, and on to
the next moment until an end, where the learner sees the path they took and may try another."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import scenario
from kiosk.core.content import Module, ScenarioNode, ScenarioStep
from kiosk.core.content.model import ScenarioVideo
from kiosk.core.learning import ModuleRun
from kiosk.core.scenario import ScenarioState
from kiosk.ui.formats import fill
from kiosk.ui.steps.base import StepView
from kiosk.ui.widgets import button, card, label

IMAGE_MAX_WIDTH = 560
IMAGE_MAX_HEIGHT = 300


class ChoiceButton(QPushButton):
    """A push button whose text wraps, so a choice of a sentence or two reads as one."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(text)
        self.setAutoDefault(True)
        self.setObjectName("choice")
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.text_label.setAccessibleName(text)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 10, 18, 10)
        row.addWidget(self.text_label)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:  # what tests and screen readers see
        return self.text_label.text()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        assert layout is not None  # made in __init__
        margins = layout.contentsMargins()
        inner = self.text_label.heightForWidth(width - margins.left() - margins.right())
        return max(inner, self.text_label.fontMetrics().height()) + margins.top() + margins.bottom() + 8

    def sizeHint(self) -> QSize:
        hint = self.text_label.sizeHint()
        width = min(hint.width() + 44, 760)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.heightForWidth(200))


def node_video(module: Module, video: ScenarioVideo, parent: QWidget) -> QWidget:
    """A node's clip, shown as its length and transcript.

    The one place a scenario shows a video: when the kiosk's video player is merged in, this
    returns the player for ``module.files[video.media]`` instead.
    """
    minutes, seconds = divmod(video.duration_seconds, 60)
    length = fill(QCoreApplication.translate("ScenarioView", "Short video, %1 long"), f"{minutes}:{seconds:02d}")
    parts: list[QWidget] = [label(length, "subtitle")]
    text = module.texts.get(video.transcript or "", "")
    if text:
        transcript = QTextBrowser()
        transcript.setOpenLinks(False)
        transcript.setMarkdown(text)
        transcript.setAccessibleName(QCoreApplication.translate("ScenarioView", "Transcript of the video"))
        transcript.setMinimumHeight(160)
        parts.append(transcript)
    return card(*parts)


class ScenarioView(StepView):
    """Each change (a choice, moving on, starting again) is saved before it is shown."""

    step: ScenarioStep  # the kind of step this view shows

    def __init__(self, run: ModuleRun, step: ScenarioStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        self.choices: list[ChoiceButton] = []
        self.shown: list[ChoiceButton] = []
        """The choice buttons in the order they are on screen."""
        self.continue_button: QPushButton | None = None
        self.restart_button: QPushButton | None = None
        self.recap: QLabel | None = None
        self._focus: QWidget | None = None
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.setSpacing(14)
        self.column.addWidget(self.body)
        self.column.addStretch(1)
        self.state = run.scenario_state
        self._render()

    def first_focus(self) -> QWidget | None:
        return self._focus

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._reveal_focus)

    def _reveal_focus(self) -> None:
        """Scroll so the control with focus can be seen: Space must never choose something the
        learner cannot see. Runs after layout, when positions are known."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None and self._focus is not None and self._focus.isVisible():
            area.ensureWidgetVisible(self._focus, 0, 24)

    # -- actions ----------------------------------------------------------------------------
    def choose(self, index: int) -> None:
        self._act(lambda: self.run.choose(index))

    def carry_on(self) -> None:
        self._act(self.run.carry_on)

    def restart(self) -> None:
        self._act(self.run.restart_scenario)

    def _act(self, action: Callable[[], ScenarioState]) -> None:
        result: dict[str, ScenarioState] = {}
        if self._save(lambda: result.setdefault("state", action())):
            self.state = result["state"]
            self._render()
            if self._focus is not None:
                self._focus.setFocus()
                QTimer.singleShot(0, self._reveal_focus)

    # -- display ----------------------------------------------------------------------------
    def _render(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.hide()
                old.deleteLater()
        self.choices, self.continue_button, self.restart_button = [], None, None
        self.shown = []
        step, state = self.step, self.state
        node = scenario.current(step, state)
        self._situation(node)
        if node.end:
            self._ending(state)
        elif state.chosen:
            self._consequence(state)
        else:
            self._choices(node)
        if self.isVisible():
            # Shown now, not when the layout gets round to it, so focus can move to them at once.
            for index in range(self.body_layout.count()):
                item = self.body_layout.itemAt(index)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.show()

    def _situation(self, node: ScenarioNode) -> None:
        text = QLabel()
        text.setWordWrap(True)
        # Markdown only where the author used it: rich text costs far more to lay out.
        markdown = any(mark in node.text for mark in ("*", "_", "`", "[", "#"))
        text.setTextFormat(Qt.TextFormat.MarkdownText if markdown else Qt.TextFormat.PlainText)
        text.setText(node.text)
        text.setAccessibleName(node.text)
        text.setObjectName("situation")
        self.situation = text
        parts: list[QWidget] = []
        if node.end:
            parts.append(label(self.tr("How it turned out"), "subtitle"))
        parts.append(text)
        if node.image:
            parts.append(self._picture(node))
        self.body_layout.addWidget(card(*parts))
        if node.video:
            self.body_layout.addWidget(node_video(self.run.module, node.video, self))

    def _picture(self, node: ScenarioNode) -> QLabel:
        picture = QLabel()
        path = self.run.module.files.get(node.image) if node.image else None
        pixmap = QPixmap(str(path)) if path else QPixmap()
        if pixmap.isNull():
            picture.setText(node.image_alt or "")  # an unreadable file: say what it would show
            picture.setWordWrap(True)
        else:
            if pixmap.width() > IMAGE_MAX_WIDTH or pixmap.height() > IMAGE_MAX_HEIGHT:  # never enlarged
                pixmap = pixmap.scaled(IMAGE_MAX_WIDTH, IMAGE_MAX_HEIGHT, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
            picture.setPixmap(pixmap)
        picture.setAccessibleName(node.image_alt or "")
        picture.setToolTip(node.image_alt or "")
        return picture

    def _choices(self, node: ScenarioNode) -> None:
        self.body_layout.addWidget(label(node.prompt or self.tr("What would you do?"), "subtitle"))
        self.body_layout.addWidget(label(self.tr("Choose one. Every choice is explained, and you can "
                                                 "start again at the end to try another way."), "muted"))
        # This learner's own order (kiosk.core.shuffle); ``choices`` is indexed by the choice's
        # place in module.yaml, which is what the saved path records.
        made: dict[int, ChoiceButton] = {}
        for index in self.run.shown_order(len(node.choices), self.step.id, node.id):
            made[index] = ChoiceButton(node.choices[index].text)
            made[index].clicked.connect(lambda _=False, i=index: self.choose(i))
            self.shown.append(made[index])
            self.body_layout.addWidget(made[index])
        self.choices = [made[i] for i in range(len(node.choices))]
        self._focus = self.shown[0]

    def _consequence(self, state: scenario.ScenarioState) -> None:
        choice = scenario.last_choice(self.step, state)
        self.continue_button = button(self.tr("&Continue the scenario"), primary=True)
        self.continue_button.clicked.connect(self.carry_on)
        self.body_layout.addWidget(card(label(fill(self.tr("You chose: %1"), choice.text), "muted"),
                                        label(self.tr("What happens"), "subtitle"),
                                        label(choice.consequence)))
        self.body_layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._focus = self.continue_button

    def _ending(self, state: scenario.ScenarioState) -> None:
        recap = scenario.recap(self.step, state)
        if recap:
            # One plain-text label, not two per decision or rich text: a long path stays quick to
            # lay out (rich text is re-laid out for every width Qt tries).
            path = label("\n\n".join(
                fill(self.tr("%1. You chose: %2"), number, choice.text)
                + "\n" + fill(self.tr("What happened: %1"), choice.consequence)
                for number, (_, choice) in enumerate(recap, start=1)))
            self.recap = path
            self.body_layout.addWidget(card(label(self.tr("The path you took"), "subtitle"), path))
        self.body_layout.addWidget(label(self.tr("This is the end of the scenario. You can start again "
                                                 "to see where other choices lead, or move on with Next."),
                                         "muted"))
        self.restart_button = button(self.tr("&Start the scenario again"))
        self.restart_button.clicked.connect(self.restart)
        self.body_layout.addWidget(self.restart_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._focus = self.restart_button
