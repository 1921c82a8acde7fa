"""What the room sees: the module's content in large text, on the projector or, with one display,
filling the trainer's window. It is given only course content and counts: never a name, a code,
a reflection, anyone's answer, the trainer's notes or the discussion timer."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QScreen, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QFrame, QScrollArea, QTextBrowser, QVBoxLayout, QWidget

from kiosk.core.content import (
    KnowledgeCheckStep,
    Module,
    PageStep,
    ReflectionStep,
    Step,
    SurveyStep,
    VideoStep,
)
from kiosk.core.content.model import SupportContact
from kiosk.ui.formats import fill
from kiosk.ui.group.room import LETTERS
from kiosk.ui.steps.video import format_length
from kiosk.ui.theme import CALM
from kiosk.ui.widgets import label, set_text


def choose_projector_screen(screens: Sequence[QScreen], primary: QScreen | None, name: str = "") -> QScreen | None:
    """The display to present on: the one named in the settings, else the first that is not the
    main display; None with a single display."""
    if name:
        named = next((s for s in screens if s.name() == name), None)
        if named is not None and named is not primary:
            return named
    return next((s for s in screens if s is not primary), None)


class ProjectorView(QWidget):
    """A slide: a small heading line, a large title and the body, sized to the view's height."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("projector")
        self.setAccessibleName(self.tr("What the room sees"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.heading = label("", "slideHeading")
        self.title = label("", "slideTitle")
        self.area = QScrollArea()
        self.area.setObjectName("slideArea")
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the trainer scrolls
        column = QVBoxLayout(self)
        self._margins = column
        column.addWidget(self.heading)
        column.addWidget(self.title)
        column.addWidget(self.area, 1)
        self._body_px = 0
        self._restyle()

    # -- slides -----------------------------------------------------------------------------
    def show_welcome(self, module: Module, registered: int) -> None:
        self._slide(module.title, self.tr("Welcome"), [
            (self.tr("Please register your attendance at the computer: type your learner code, and "
                     "your PIN if you already have an account on it."), "slideBody"),
            (self.tr("You can also register at the end. Your code is never shown here."), "slideMuted"),
            (fill(self.tr("Registered so far: %1"), registered), "slideBody"),
        ])

    def show_finished(self, module: Module, support: Sequence[SupportContact] = ()) -> None:
        lines = [(self.tr("Look after yourselves after today's session. If anything has stayed with "
                          "you, talk to your trainer or someone you trust."), "slideBody")]
        if support:
            lines.append((self.tr("Support is also here:"), "slideMuted"))
            lines += [(f"{contact.name}: {contact.detail}", "slideMuted") for contact in support]
        self._slide(module.title, self.tr("Thank you for taking part"), lines)

    def show_step(self, module: Module, index: int, step: Step, *, revealed: bool = False,
                  discussion: bool = False) -> None:
        heading = fill(self.tr("%1 · %2 of %3"), module.title, index + 1, len(module.steps))
        if discussion:
            self._slide(heading, self.tr("Time to talk"), [
                (step.title, "slideBody"),
                (self.tr("Share only what you are comfortable sharing. Listening is taking part too."),
                 "slideMuted")])
            return
        if isinstance(step, PageStep):
            self._page(heading, step.title, module.texts.get(step.file, ""), module)
        elif isinstance(step, KnowledgeCheckStep):
            self._check(heading, step, revealed)
        elif isinstance(step, ReflectionStep):
            self._slide(heading, step.title, [
                (step.prompt, "slideBody"),
                (self.tr("Take a few quiet minutes. What you think stays with you: nobody will ask you "
                         "to share it."), "slideMuted")])
        elif isinstance(step, SurveyStep):
            self._survey(heading, step)
        elif isinstance(step, VideoStep):
            self._page(heading, step.title, module.texts.get(step.transcript or "", ""), module,
                       intro=fill(self.tr("Video, %1 long"), format_length(step.duration_seconds)))
        else:  # a step type this screen does not know yet: its title is always safe to show
            self._slide(heading, step.title, [])

    def scroll_pages(self, pages: float) -> None:
        """Scroll the slide's body (the trainer's scroll buttons; the room cannot)."""
        target = self.area.widget()
        bar = (target.verticalScrollBar() if isinstance(target, QTextBrowser)
               else self.area.verticalScrollBar())
        bar.setValue(bar.value() + round(pages * bar.pageStep()))

    def text(self) -> str:
        """Everything the slide shows, as text (for tests and screen readers)."""
        parts = [self.heading.text(), self.title.text()]
        body = self.area.widget()
        if body is not None:
            parts += [w.text() for w in body.findChildren(type(self.title))]
            parts += [w.toPlainText() for w in body.findChildren(QTextBrowser)]
            if isinstance(body, QTextBrowser):
                parts.append(body.toPlainText())
        return "\n".join(parts)

    # -- building ---------------------------------------------------------------------------
    def _page(self, heading: str, title: str, markdown: str, module: Module, intro: str = "") -> None:
        browser = QTextBrowser()
        browser.setObjectName("slideText")
        browser.setOpenLinks(False)
        browser.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        browser.setFrameShape(QFrame.Shape.NoFrame)
        browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        browser.setSearchPaths([str(module.folder)])
        font = QFont(browser.font())
        font.setPixelSize(self._body_px)
        browser.document().setDefaultFont(font)
        browser.setMarkdown((f"*{intro}*\n\n" if intro else "") + markdown)
        _space_paragraphs(browser, self._body_px)
        browser.setAccessibleName(title)
        self._set(heading, title, browser)

    def _check(self, heading: str, step: KnowledgeCheckStep, revealed: bool) -> None:
        lines = [(step.question, "slideBody")]
        for index, option in enumerate(step.options):
            mark = "✓ " if revealed and option.correct else ""
            lines.append((f"{mark}{LETTERS[index]}. {option.text}",
                          "slideCorrect" if revealed and option.correct else "slideOption"))
        if revealed:
            for index, option in enumerate(step.options):
                if option.correct:
                    lines.append((f"{LETTERS[index]}: {option.feedback}", "slideMuted"))
        else:
            lines.append((self.tr("Talk it over. There is no need to say your own answer out loud."),
                          "slideMuted"))
        self._slide(heading, step.title, lines)

    def _survey(self, heading: str, step: SurveyStep) -> None:
        lines = [(step.intro, "slideMuted")] if step.intro else []
        for question in step.questions:
            lines.append((question.text, "slideBody"))
            lines.append(("   ".join(f"{i + 1} {text}" for i, text in enumerate(question.labels)),
                          "slideMuted"))
        lines.append((self.tr("Your trainer will ask for a show of hands. Joining in is up to you."),
                      "slideMuted"))
        self._slide(heading, step.title, lines)

    def _slide(self, heading: str, title: str, lines: list[tuple[str, str]]) -> None:
        body = QWidget()
        body.setObjectName("slideBodyArea")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(max(8, self._body_px // 2))
        for text, name in lines:
            column.addWidget(label(text, name))
        column.addStretch(1)
        self._set(heading, title, body)

    def _set(self, heading: str, title: str, body: QWidget) -> None:
        set_text(self.heading, heading)
        set_text(self.title, title)
        old = self.area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.area.setWidget(body)

    # -- size -------------------------------------------------------------------------------
    @property
    def body_px(self) -> int:
        """The body text's size in pixels (it follows the view's height)."""
        return self._body_px

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._restyle()

    def _restyle(self) -> None:
        # Text sized to the display: about 30 lines of body text fill the height, so the back row
        # can read it on a projector, and the same slide still fits a small window.
        body = max(16, self.height() // 30)
        if body == self._body_px:
            return
        self._body_px = body
        margin = body * 2
        self._margins.setContentsMargins(margin, body, margin, body)
        p = CALM
        self.setStyleSheet(f"""
            QWidget#projector, QWidget#slideBodyArea, QScrollArea#slideArea {{ background: {p.surface}; }}
            QLabel {{ color: {p.text}; font-size: {body}px; }}
            QLabel#slideHeading {{ color: {p.muted}; font-size: {round(body * 0.7)}px; }}
            QLabel#slideTitle {{ font-size: {round(body * 1.7)}px; font-weight: 600; }}
            QLabel#slideBody {{ font-size: {round(body * 1.2)}px; }}
            QLabel#slideOption {{ font-size: {round(body * 1.1)}px; padding: {body // 4}px; }}
            QLabel#slideCorrect {{ font-size: {round(body * 1.1)}px; padding: {body // 4}px; font-weight: 600;
                                   color: {p.good}; border: 3px solid {p.good}; border-radius: 8px; }}
            QLabel#slideMuted {{ color: {p.muted}; font-size: {body}px; }}
            QTextBrowser#slideText {{ background: {p.surface}; color: {p.text}; border: none;
                                      font-size: {round(body * 1.1)}px; }}
        """)
        browser = self.area.widget()
        if isinstance(browser, QTextBrowser):
            font = QFont(browser.document().defaultFont())
            font.setPixelSize(round(body * 1.1))
            browser.document().setDefaultFont(font)


def _space_paragraphs(browser: QTextBrowser, body_px: int) -> None:
    """Air between paragraphs and list items, so a projected page reads at a distance."""
    cursor = QTextCursor(browser.document())
    block = browser.document().begin()
    while block.isValid():
        cursor.setPosition(block.position())
        fmt = block.blockFormat()
        fmt.setBottomMargin(body_px * (0.3 if block.textList() else 0.7))
        fmt.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.setBlockFormat(fmt)
        block = block.next()


class ProjectorWindow(QWidget):
    """The projector's own full-screen window. It never takes keyboard focus from the trainer."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint |
                         Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setWindowTitle(self.tr("TIP Kiosk: projector"))
        self.view = ProjectorView()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.view)

    def present_on(self, screen: QScreen) -> None:
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.setWindowState(Qt.WindowState.WindowFullScreen)
        self.show()  # not showFullScreen(): that also asks for focus, which stays with the trainer

    @staticmethod
    def screens() -> tuple[list[QScreen], QScreen | None]:
        return QGuiApplication.screens(), QGuiApplication.primaryScreen()
