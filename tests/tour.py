"""A walk through every screen of the kiosk, the way a learner would get there.

Tests that must hold on *every* screen (accessible names, keyboard focus, translation) and
``tools/screenshots.py`` all use this one walk, so a new screen is covered everywhere by adding it
here once.

To add a screen: write a generator function that takes the ``Tour``, drives ``tour.shell`` there
through its public parts (clicking buttons, as a learner would), and yields a short name each time
a screen worth checking is showing; decorate it with ``@stop``. Stops run in the order they are
defined; each starts where the one before left the shell (the learner is signed in from
``home`` until ``error_screen`` signs them out). If a stop needs content the programme lacks, it
simply yields nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QEventLoop
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.core.content import KnowledgeCheckStep, Module
from kiosk.core.display import DisplaySettings
from kiosk.ui.shell import Shell
from kiosk.ui.steps.check import CheckView

StopFunction = Callable[["Tour"], Iterator[str]]
STOPS: list[StopFunction] = []


def stop(function: StopFunction) -> StopFunction:
    STOPS.append(function)
    return function


@dataclass
class Tour:
    shell: Shell
    code: str = "TOUR-0001"
    pin: str = "629174"
    first_name: str = "Amira"
    display: DisplaySettings | None = None
    """Applied as soon as the learner is signed in (as if they had chosen it), for screenshots."""
    module_id: str | None = None
    """The module to walk through (default: the first one that is available)."""
    admin_passphrase: str | None = None
    """When the kiosk has an admin gate set up with this passphrase, the walk visits the panel."""
    pathway_id: str | None = None
    """The pathway to choose when the programme has pathways (default: the first one)."""
    seen: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[str]:
        """Go through every stop, yielding each screen's name while it is showing."""
        for function in STOPS:
            for name in function(self):
                settle()
                self.seen.append(name)
                yield name

    def click(self, text: str, root: QWidget | None = None) -> None:
        """Press the visible button whose text (without '&') is ``text``."""
        root = root or self.shell
        for candidate in root.findChildren(QAbstractButton):
            if candidate.text().replace("&", "") == text and candidate.isVisible() and candidate.isEnabled():
                candidate.click()
                settle()
                return
        raise LookupError(f"no visible button {text!r}")

    def screen(self) -> QWidget:
        return self.shell.stack.currentWidget()


def settle() -> None:
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_for_package(view: QWidget | None, seconds: float = 10.0) -> None:
    """A package step draws once its page has loaded in the web engine: wait for that (bounded),
    then a little longer for the SCO's own script to draw."""
    if getattr(view, "web_view", None) is None:
        return
    deadline = time.monotonic() + seconds
    while getattr(view, "loaded_at", None) is None and time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    settled = time.monotonic() + 0.8
    while time.monotonic() < settled:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def press(button: QAbstractButton) -> None:
    button.click()
    settle()


@stop
def sign_in(tour: Tour) -> Iterator[str]:
    shell = tour.shell
    yield "sign-in"
    press(shell.signin.sign_in_button)  # nothing typed: a gentle prompt
    yield "sign-in-prompt"
    shell.signin.code.setText("NOBODY-42")
    shell.signin.pin.setText("571846")
    press(shell.signin.sign_in_button)  # a message from the core, in the interface language
    yield "sign-in-refused"
    shell.signin.reset()


@stop
def choose_pin(tour: Tour) -> Iterator[str]:
    """An account a trainer made at a group session, claimed with its one-time code."""
    accounts = tour.shell.services.accounts
    made, _ = accounts.identify_attendee("TOUR-CLAIM", vouched=True)
    shell = tour.shell
    shell.signin.code.setText("TOUR-CLAIM")
    shell.signin.pin.setText(accounts.issue_claim_code(made.id))
    press(shell.signin.sign_in_button)
    yield "choose-pin"
    shell.signin.reset()


@stop
def break_before_signing_in(tour: Tour) -> Iterator[str]:
    tour.shell.take_a_break()
    yield "take-a-break-signed-out"
    press(tour.screen().back_button)


@stop
def register(tour: Tour) -> Iterator[str]:
    signin = tour.shell.signin
    press(signin.register_link)
    yield "register"
    signin.new_code.setText(tour.code)
    signin.new_pin.setText(tour.pin)
    signin.new_pin_again.setText(tour.pin)
    signin.first_name.setText(tour.first_name)
    press(signin.register_button)
    if tour.display is not None:
        tour.shell.apply_display(tour.display)
    chooser = tour.shell.chooser
    if chooser is not None and tour.screen() is chooser:  # a programme with pathways asks first
        yield "pathway-chooser"
        buttons = chooser.choose_buttons
        press(buttons.get(tour.pathway_id) or next(iter(buttons.values())))
    yield "home"


@stop
def display_settings(tour: Tour) -> Iterator[str]:
    tour.shell.show_settings()
    yield "display-settings"
    press(tour.screen().done_button)


@stop
def take_a_break(tour: Tour) -> Iterator[str]:
    press(tour.shell.banner.break_button)
    yield "take-a-break"
    press(tour.screen().back_button)


@stop
def shuffled_check(tour: Tour) -> Iterator[str]:
    """A knowledge check as one learner sees it: options in that learner's own order (stable
    for them, different for others), before and after answering."""
    shell = tour.shell
    module, index = next(((m, i) for m in shell.services.programme.available
                          for i, s in enumerate(m.steps) if isinstance(s, KnowledgeCheckStep)), (None, None))
    if module is None:
        return
    shell.open_module(module.id)
    settle()
    shell.player.go_to(index)
    settle()
    if shell.player.view is None:  # a content note first: continue to the step
        press(shell.player.note_buttons[0])
    yield "shuffled-check"
    check = shell.player.view
    if isinstance(check, CheckView):
        check.options[next(iter(check.step.correct))].click()  # by identity, wherever it is shown
        press(check.check_button)
        yield "shuffled-check-answered"
    shell.player.go_to(0)  # so the walk through the module starts at its beginning
    shell.player.close_module()
    settle()


@stop
def module_steps(tour: Tour) -> Iterator[str]:
    """Every step of every module (or of ``tour.module_id``), with content notes and support,
    answered as it goes."""
    programme = tour.shell.services.programme
    modules = [programme.module(tour.module_id)] if tour.module_id else list(programme.available)
    noted = False
    for module in modules:
        if not isinstance(module, Module):
            continue
        for name in _one_module(tour, module, show_support=not noted):
            noted = noted or name == "support"
            yield name


def _one_module(tour: Tour, module: Module, show_support: bool) -> Iterator[str]:
    shell = tour.shell
    shell.open_module(module.id)
    settle()
    player = shell.player
    for _ in range(len(module.steps)):
        step = player.run.step
        if player.view is None:  # a content note comes first
            yield "content-note" if show_support else f"content-note-{step.id}"
            if show_support:
                press(player.note_buttons[2])  # go to support
                yield "support"
                press(tour.screen().back_button)
                show_support = False
            press(player.note_buttons[0])  # continue to this step
        wait_for_package(player.view)
        yield f"step-{step.type}-{step.id}"
        if isinstance(player.view, CheckView):
            check = player.view
            wrong = next((i for i in range(len(step.options)) if i not in step.correct), 0)
            check.options[wrong].click()
            press(check.check_button)
            yield f"step-{step.type}-{step.id}-answered"
        if player.run.is_last:
            break
        player.next()
        settle()
    player.next()  # "Finish" on the last step
    yield "module-finished"
    shell.show_home()
    settle()


@stop
def my_progress(tour: Tour) -> Iterator[str]:
    tour.shell.show_progress()
    yield "my-progress"
    press(tour.screen().back_button)


@stop
def idle_countdown(tour: Tour) -> Iterator[str]:
    tour.shell.idle.idle.emit()  # as if nobody had touched the kiosk for the idle time
    yield "idle-countdown"
    press(tour.shell.countdown.still_here_button)


@stop
def error_screen(tour: Tour) -> Iterator[str]:
    tour.shell.show_error()
    yield "error"
    press(tour.shell.error_screen.back)
    yield "signed-out"


@stop
def admin_panel(tour: Tour) -> Iterator[str]:
    """The staff area, from the sign-in screen: only when the kiosk has an admin passphrase."""
    shell = tour.shell
    tools = shell.services.admin
    if tools is None or not tools.gate.is_set_up() or tour.admin_passphrase is None:
        return
    shell.show_admin()
    yield "admin-locked"
    panel = shell.admin
    panel.passphrase.setText(tour.admin_passphrase)
    press(panel.unlock_button)
    for index in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(index)
        panel.tabs.tabBar().setFocus()  # as a keyboard user moving along the tabs
        yield f"admin-{index}"
    panel.tabs.setCurrentIndex(0)
    press(panel.kiosk_tab.leave_button)
