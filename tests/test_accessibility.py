"""Every screen (the walk in tests/tour.py) can be used by keyboard alone: each interactive
widget has an accessible name, Tab reaches it, its focus is visible, and no two buttons on a
screen share an Alt+letter shortcut."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QButtonGroup,
    QLabel,
    QRadioButton,
    QScrollBar,
    QWidget,
)

from kiosk.ui.language import Translations
from tests.tour import Tour
from tests.uihelpers import ADMIN_PASSPHRASE, make_shell, tour_services

CONTAINERS = ("QWidget", "QFrame", "QStackedWidget")


def interactive(shell) -> list[QWidget]:
    """Visible widgets a learner can reach and operate (not labels, scroll bars or containers)."""
    found = []
    for widget in shell.findChildren(QWidget):
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget, (QLabel, QScrollBar)) or widget.metaObject().className() in CONTAINERS:
            continue
        if isinstance(widget.parent(), QAbstractScrollArea) and widget is widget.parent().viewport():
            continue
        found.append(widget)
    return found


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{widget.metaObject().className()} {text!r}"


def tab_round(qtbot, shell, limit: int = 150) -> list[QWidget]:
    """Press Tab from the current focus until focus comes back round; the widgets visited."""
    visited: list[QWidget] = []
    for _ in range(limit):
        focus = QApplication.focusWidget()
        if focus is None or focus in visited:
            break
        visited.append(focus)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    return visited


def reached(widget: QWidget, visited: list[QWidget]) -> bool:
    if widget in visited:
        return True
    # Tab enters an exclusive radio group at one button; the arrow keys move within it.
    if isinstance(widget, QRadioButton) and widget.autoExclusive():
        group = widget.group()
        siblings = group.buttons() if isinstance(group, QButtonGroup) else [
            w for w in widget.parentWidget().findChildren(QRadioButton) if w.parentWidget() is widget.parentWidget()]
        return any(s in visited for s in siblings)
    return False


def focus_shows(qtbot, widget: QWidget) -> bool:
    """The widget looks different with keyboard focus than without it."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=1000)
    focused = widget.grab().toImage()
    widget.clearFocus()
    plain = widget.grab().toImage()
    return focused != plain


def mnemonics(shell) -> list[tuple[str, str]]:
    keys = []
    for button in shell.findChildren(QAbstractButton):
        if button.isVisible():
            match = re.search(r"&([^&])", button.text().replace("&&", ""))
            if match:
                keys.append((match.group(1).lower(), button.text()))
    return keys


def walk_and_check(qtbot, shell) -> list[str]:
    problems: list[str] = []
    focus_checked: set[str] = set()
    for stop in Tour(shell, admin_passphrase=ADMIN_PASSPHRASE).walk():
        widgets = interactive(shell)
        for widget in widgets:
            if not widget.accessibleName().strip():
                problems.append(f"{stop}: {describe(widget)} has no accessible name")
        if QApplication.focusWidget() is None:
            problems.append(f"{stop}: nothing has keyboard focus when the screen appears")
            shell.focusNextChild()
        visited = tab_round(qtbot, shell)
        for widget in widgets:
            if widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not reached(widget, visited):
                problems.append(f"{stop}: Tab never reaches {describe(widget)}")
        for widget in widgets:
            kind = widget.metaObject().className() + (widget.objectName() or "")
            if kind not in focus_checked and widget.isEnabled():
                focus_checked.add(kind)
                if not focus_shows(qtbot, widget):
                    problems.append(f"{stop}: keyboard focus is invisible on {describe(widget)}")
        keys = mnemonics(shell)
        for key in {k for k, _ in keys if [k2 for k2, _ in keys].count(k) > 1}:
            problems.append(f"{stop}: Alt+{key.upper()} is on more than one button: "
                            f"{[text for k, text in keys if k == key]}")
    return problems


def test_every_screen_is_named_reachable_by_tab_and_shows_focus(qtbot, store, accounts, rich_programme, catalogues):
    shell = make_shell(qtbot, tour_services(store, accounts, rich_programme), translations=Translations(catalogues))
    problems = walk_and_check(qtbot, shell)
    assert problems == [], "\n".join(problems)


def test_the_walk_covers_every_kind_of_screen(qtbot, store, accounts, rich_programme):
    shell = make_shell(qtbot, tour_services(store, accounts, rich_programme))
    tour = Tour(shell, admin_passphrase=ADMIN_PASSPHRASE)
    list(tour.walk())
    kinds = {"sign-in", "register", "home", "display-settings", "take-a-break", "content-note", "support",
             "idle-countdown", "error", "module-finished"}
    assert kinds <= set(tour.seen)
    step_types = {step.type for module in rich_programme.available for step in module.steps}
    assert step_types <= {name.split("-")[1] for name in tour.seen if name.startswith("step-")}


@pytest.mark.parametrize("language", ["cy"])
def test_every_screen_in_welsh_has_distinct_shortcuts_and_names(qtbot, store, accounts, rich_programme, catalogues,
                                                               language):
    translations = Translations(catalogues, default=language)
    shell = make_shell(qtbot, tour_services(store, accounts, rich_programme), translations=translations)
    assert shell.signin.sign_in_button.text() == "&Mewngofnodi"
    problems = []
    for stop in Tour(shell, admin_passphrase=ADMIN_PASSPHRASE).walk():
        for widget in interactive(shell):
            if not widget.accessibleName().strip():
                problems.append(f"{stop}: {describe(widget)} has no accessible name")
        keys = mnemonics(shell)
        for key in {k for k, _ in keys if [k2 for k2, _ in keys].count(k) > 1}:
            problems.append(f"{stop}: Alt+{key.upper()} twice: {[t for k, t in keys if k == key]}")
    assert problems == []
