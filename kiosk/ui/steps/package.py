"""The package step: a SCORM 1.2 / 2004, H5P package or cmi5 course (``cmi5_au``) played in the kiosk's
sandboxed web view (``kiosk.ui.web``), saved at every commit the package makes, resumed where the learner left.

QtWebEngine is imported here only when a package step is shown (start-up time), and may be
missing altogether on a lean kiosk: then the step says calmly that this kiosk cannot play it,
and the rest of the module still works.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QMenu, QSizePolicy, QStackedWidget, QWidget

from kiosk.core.content import PackageStep
from kiosk.core.errors import KioskError
from kiosk.core.learning import ModuleRun
from kiosk.ui import appfilters, web
from kiosk.ui.formats import fill
from kiosk.ui.language import error_text
from kiosk.ui.steps.base import StepView
from kiosk.ui.theme import BASE_POINT_SIZE
from kiosk.ui.web import files, scheme
from kiosk.ui.widgets import button, card, label, set_text

if TYPE_CHECKING:
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from kiosk.core.elearning import Package
    from kiosk.ui.steps.cmi5_au import Cmi5Player
    from kiosk.ui.web.bridge import Bridge
    from kiosk.ui.web.sandbox import PackagePage, Sandbox

log = logging.getLogger(__name__)

RUNTIME = ("package_state", "commit_package", "package_launch", "package_navigation", "package_moves",
           "h5p_event", "h5p_state", "save_h5p_state", "package_learner")
"""The learner path's package methods this view needs."""
FINISH_WAIT_MS = 3000
"""Longest wait for a package's final commit when the learner leaves (it usually takes ~20 ms)."""
MEDIA_POLL_MS = 1500
"""How often the page is asked whether media plays and whether the learner touched it."""


class PackageView(StepView):
    """Hosts the package in a web view; ``web_view`` is None when it cannot play here."""

    max_width = 1600
    launched = Signal(str)
    """A SCO (or the H5P content) was loaded: its id."""
    ended = Signal()
    """The package has nothing more to launch: the 'finished this part' card shows."""
    committed = Signal(str, bool)
    """The kiosk stored a commit: (SCO id, final)."""

    step: PackageStep  # the kind of step this view shows

    def __init__(self, run: ModuleRun, step: PackageStep, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        self.sandbox: Sandbox | None = None
        self.web_view: QWebEngineView | None = None
        self.bridge: Bridge | None = None
        self.cmi5: Cmi5Player | None = None
        self.problem: str | None = None
        self._playing = False
        self._finished_page = False
        packages = getattr(run.module, "packages", None) or {}
        self.package: Package | None = packages.get(step.id)
        if not web.webengine_available():
            self.problem = "QtWebEngine is not installed on this kiosk"
        elif web.sandbox_refused():
            self.problem = ("the kiosk is running as root, where the web engine will not start; run it "
                            "as an ordinary account")
        elif not scheme.registered():  # the content had no package steps when the kiosk started
            self.problem = "packages were added after the kiosk started; restart the kiosk"
        elif not files.vendor_dirs() and step.standard != "cmi5":  # an AU brings its own
            self.problem = "the SCORM and H5P players (web-vendor) are missing from this installation"
        elif self.package is None:
            self.problem = f"the package in {step.folder} could not be read (see the content check)"
        elif not all(hasattr(run, name) for name in RUNTIME):
            self.problem = "this kiosk's version cannot run packages"
        if self.problem is not None:
            log.warning("Package step %s cannot play: %s", step.id, self.problem)
            self.column.addWidget(self._unavailable_card())
            self.column.addStretch(1)
            return
        self._build()

    # -- StepView hooks ----------------------------------------------------------------------
    def flush(self) -> None:
        """Finish the SCO in the page (LMSFinish / Terminate) and wait, briefly, for its final
        commit, so nothing the learner did is lost when they leave."""
        if self.cmi5 is not None:
            self.cmi5.close()  # abandoned unless the AU terminated
            return
        if self.sandbox is None or self.sandbox.page is None or self.bridge is None or self._finished_page:
            return
        self.bridge.leaving = True
        loop = QEventLoop()
        result: list[object] = []

        def done(value) -> None:
            result.append(value)
            loop.quit()

        self.sandbox.page.runJavaScript("window.kioskFinish ? String(window.kioskFinish()) : 'none'", 0, done)
        QTimer.singleShot(FINISH_WAIT_MS, loop.quit)
        if not result:
            loop.exec()
        if not result:
            log.warning("Package %s did not finish within %d ms", self.step.id, FINISH_WAIT_MS)
        self._finished_page = True

    def media_playing(self) -> bool:
        return self._playing

    def pause_media(self) -> None:
        if self.sandbox is not None and self.sandbox.page is not None:
            self.sandbox.page.runJavaScript("window.kioskMedia && kioskMedia(true)", 0, lambda _r: None)
        self._playing = False

    def first_focus(self) -> QWidget | None:
        return self.web_view

    # -- building ----------------------------------------------------------------------------
    def _unavailable_card(self) -> QWidget:
        return card(label(self.tr("This kiosk can't play this kind of module"), "title"),
                    label(self.tr("This step is an interactive package. You can carry on with the rest "
                                  "of the module; this step will be here when it can be played.")),
                    label(fill(self.tr("Please tell IT: %1."), self.problem or ""), "muted"))

    def _build(self) -> None:
        package = self.package
        assert package is not None  # _build runs only when the package was read
        host, web_view = self._build_sandbox(package)
        self._build_bar(package)
        self._build_pages(web_view)
        self._start(package, host)

    def _build_sandbox(self, package: Package) -> tuple[str, QWebEngineView]:
        """The package's own origin, its bridge to the learner's run, and the view showing it."""
        from PySide6.QtWebEngineWidgets import QWebEngineView

        from kiosk.ui.web.bridge import Bridge, BridgeEvents
        from kiosk.ui.web.sandbox import Sandbox, host_for

        # PySide crashes if a Python filter on the application sees the web engine's private
        # objects: the kiosk's filters come off before the engine starts (see appfilters).
        appfilters.web_view_opened()
        self.bridge = bridge = Bridge(self.run, self.step, package, BridgeEvents(
            committed=self._committed, launch=self._launch_later, problem=self._problem))
        host = host_for(self.run.module.id, self.step.id)
        # Not a child of this view: the page must go before its profile (see Sandbox.close).
        self.sandbox = sandbox = Sandbox(host, package.root, bridge)
        self.destroyed.connect(lambda *_: sandbox.close())
        self.web_view = web_view = QWebEngineView()
        page = sandbox.page
        assert page is not None  # a new sandbox's page
        web_view.setPage(page)
        page.popup.connect(self._show_popup)
        web_view.setAccessibleName(fill(self.tr("Package content: %1"), package.title))
        web_view.setMinimumHeight(240)  # fits at 200% text; the page scrolls inside
        return host, web_view

    def _build_bar(self, package: Package) -> None:
        """The package's title, save status and its parts' controls, above the content."""
        self.status = label("", "muted")
        self.status.setAccessibleName(self.tr("Package save status"))
        self.contents_button = button(self.tr("Con&tents"), self.tr("Contents of this package"))
        self.contents_menu = QMenu(self.contents_button)
        self.contents_menu.aboutToShow.connect(self._fill_contents)
        self.contents_button.setMenu(self.contents_menu)
        self.contents_button.setVisible(len(package.scos) > 1)
        # A flow-only course offers nothing to choose in Contents: these move through it, as
        # its sequencing rules allow (package_moves). Shown for packages of more than one part.
        self.previous_part = button(self.tr("Pre&vious part"), self.tr("Previous part of this package"))
        self.next_part = button(self.tr("Ne&xt part"), self.tr("Next part of this package"))
        self.previous_part.clicked.connect(lambda: self.move_part("previous"))
        self.next_part.clicked.connect(lambda: self.move_part("continue"))
        # cmi5: no flow between AUs to step through; Contents offers each AU.
        self._parts = package.standard not in ("h5p", "cmi5") and len(package.scos) > 1
        for part in (self.previous_part, self.next_part):
            part.setVisible(self._parts)
        bar = QHBoxLayout()
        # The package's own title only where it says more than the step's (usually the same).
        own_title = label(package.title, "subtitle")
        own_title.setVisible(package.title != self.step.title)
        bar.addWidget(own_title, 1)
        # The player's own status line says "Saved" too: this one shows only beside the part
        # controls, so a one-part package gives all its height to the content.
        self.status.setVisible(self._parts)
        bar.addWidget(self.status)
        bar.addWidget(self.previous_part)
        bar.addWidget(self.contents_button)
        bar.addWidget(self.next_part)
        self.column.addLayout(bar)

    def _build_pages(self, web_view: QWebEngineView) -> None:
        self.end_card = card(label(self.tr("You've finished this part"), "title"),
                             label(self.tr("Your work in this package is saved. Use Next to carry on.")))
        self.pages = QStackedWidget()
        # The content takes whatever height the player has (it scrolls inside itself), so the
        # player's own scroll area never has to scroll the page around, whatever the text size.
        self.pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.pages.addWidget(web_view)
        self.pages.addWidget(self.end_card)
        self.column.addWidget(self.pages, 1)
        QShortcut(QKeySequence("F6"), self, self._toggle_focus)
        self._media_timer = QTimer(self)
        self._media_timer.setInterval(MEDIA_POLL_MS)
        self._media_timer.timeout.connect(self._poll_media)
        self._media_timer.start()
        self.loaded_at: float | None = None
        web_view.loadFinished.connect(self._loaded)

    def _start(self, package: Package, host: str) -> None:
        if package.standard == "h5p":
            self._show("content")
        elif package.standard == "cmi5":
            from kiosk.ui.steps.cmi5_au import Cmi5Player

            self.cmi5 = cmi5 = Cmi5Player(self, f"{scheme.SCHEME}://{host}")
            cmi5.launch(None)
        else:
            self._launch("start", None)

    # -- launching ---------------------------------------------------------------------------
    def _launch(self, request: str, target: str | None) -> None:
        if self.cmi5 is not None:
            self.cmi5.launch(target)
            return
        try:
            sco = self.run.package_launch(self.step, request, target)
        except KioskError as exc:  # bad data in the package or its saved state
            self._problem(str(exc), exc)
            sco = None
        self._show(sco)

    def show_sco(self, sco: str) -> None:
        """Load one SCO directly, outside sequencing (``tip-kiosk content try`` looks at each
        in turn); call ``flush`` first so the SCO on screen finishes."""
        if self.cmi5 is not None:
            self.cmi5.launch(sco)
            return
        self._show(sco)

    def _launch_later(self, sco: str | None, request: str) -> None:
        # Called inside the page's final commit: load the next page once that request is done.
        QTimer.singleShot(0, lambda: self._show(sco))

    def _show(self, sco: str | None) -> None:
        if self.sandbox is None or self.sandbox.page is None:
            return
        if sco is None:
            self.pages.setCurrentWidget(self.end_card)
            self.sandbox.page.setUrl(self.sandbox.url("__player/blank.html"))
            self._finished_page = True
            self._update_moves(ended=True)
            self.ended.emit()
            return
        # A sandbox is made with its bridge and web view, for a package that was read (_build).
        assert self.bridge is not None and self.web_view is not None and self.package is not None
        self.bridge.start(sco)
        self._finished_page = False
        self.pages.setCurrentWidget(self.web_view)
        player = "__player/h5p.html" if self.package.standard == "h5p" else "__player/scorm.html"
        self.started_at = time.perf_counter()
        self.web_view.setZoomFactor(self._zoom())
        self.sandbox.page.setUrl(self.sandbox.url(f"{player}?sco={sco}"))
        self._update_moves()
        self.launched.emit(sco)

    def _show_popup(self, page: PackagePage) -> None:
        """A package's window.open shows in this view; closing it comes back to the opener."""
        assert self.web_view is not None  # the sandbox's page asks, and comes with the view
        self.web_view.setPage(page)

        def back() -> None:
            if self.web_view is not None and self.web_view.page() is page and page.opener is not None:
                self.web_view.setPage(page.opener)
            page.deleteLater()

        page.windowCloseRequested.connect(back)

    def _loaded(self, ok: bool) -> None:
        self.loaded_at = time.perf_counter()

    def _fill_contents(self) -> None:
        self.contents_menu.clear()
        try:
            items = self.cmi5.navigation() if self.cmi5 is not None else self.run.package_navigation(self.step)
        except KioskError as exc:
            self._problem(str(exc), exc)
            return
        for item in items:
            if item.hidden:
                continue
            action = self.contents_menu.addAction(item.title)
            action.setEnabled(bool(item.enabled))
            action.triggered.connect(lambda _checked=False, target=item.id: self.choose(target))

    def choose(self, sco_id: str) -> None:
        """Go to a SCO from Contents: finish the one on screen first (its data is committed)."""
        self.flush()
        self._launch("choice", sco_id)

    def move_part(self, request: str) -> None:
        """Previous part / Next part: finish the SCO on screen (its data is committed), then ask
        the sequencing for the one before or after it."""
        if not self._can_move(request):
            return
        self.flush()
        self._launch(request, None)

    def _can_move(self, request: str) -> bool:
        try:
            previous, following = self.run.package_moves(self.step)
        except KioskError as exc:
            self._problem(str(exc), exc)
            return False
        return previous if request == "previous" else following

    def _update_moves(self, ended: bool = False) -> None:
        if self._parts:  # at the end card neither moves: Contents still offers what may be chosen
            self.previous_part.setEnabled(not ended and self._can_move("previous"))
            self.next_part.setEnabled(not ended and self._can_move("continue"))

    # -- what the page told us ---------------------------------------------------------------
    def _committed(self, sco: str, final: bool, outcome) -> None:
        set_text(self.status, self.tr("Saved"))
        if not final:  # a final commit is followed by a launch, which updates them
            self._update_moves()
        self.committed.emit(sco, final)
        self.saved.emit()

    def _problem(self, text: str, error=None) -> None:
        log.warning("Package %s: %s", self.step.id, text)
        message = error_text(error) if isinstance(error, KioskError) else \
            self.tr("Not saved: the package sent something the kiosk could not keep")
        set_text(self.status, message)
        if self.bridge is not None and not self.bridge.leaving:
            # Not while leaving: a package's bad last save must never keep the learner in it.
            self.save_failed.emit(message)

    def _poll_media(self) -> None:
        if self.sandbox is None or self.sandbox.page is None or not self.isVisible():
            return
        # A string: PySide hands a JavaScript array back as ''.
        self.sandbox.page.runJavaScript("window.kioskPoll ? JSON.stringify(kioskPoll()) : ''", 0, self._polled)

    def _polled(self, answer) -> None:
        playing = touched = False
        if isinstance(answer, str) and answer.startswith("["):
            playing, touched = (value is True for value in json.loads(answer)[:2])
        self._playing = playing
        if touched:  # the learner used the package since the last look: they are here
            appfilters.note_input()

    def _toggle_focus(self) -> None:
        """F6 moves between the package and the kiosk's own controls."""
        view = self.web_view
        if view is None:
            return
        focus = QApplication.focusWidget()
        inside = focus is not None and (focus is view or view.isAncestorOf(focus))
        if not inside:
            view.setFocus()
            return
        widget = view.nextInFocusChain()
        while widget is not None and widget is not view:  # the first kiosk control after the content
            if not view.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() \
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

    def changeEvent(self, event) -> None:
        # The learner changed their text size: the content follows (the chrome already has).
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self.web_view is not None:
            QTimer.singleShot(0, self, self._apply_zoom)  # with self as context: dropped if it goes
        super().changeEvent(event)

    def _apply_zoom(self) -> None:
        if self.web_view is not None:
            self.web_view.setZoomFactor(self._zoom())

    def _zoom(self) -> float:
        """The learner's text size as a zoom factor for the content (the kiosk's own style sheet
        sizes text from BASE_POINT_SIZE)."""
        self.status.ensurePolished()  # hidden for one-part packages, yet styled like the rest
        size = self.status.fontInfo().pointSizeF() or BASE_POINT_SIZE
        return max(1.0, min(3.0, size / BASE_POINT_SIZE))  # text sizes run from 100% up
