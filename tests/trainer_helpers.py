"""Helpers for the trainer tests: content with trainer notes, a shell, and keyboard sign-in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.core.content import load_programme
from tests.helpers import write_programme

NOTES = {"welcome": "Agree ground rules: anyone may step out. TRAINER-NOTE-WELCOME",
         "check-one": "Let pairs talk first. TRAINER-NOTE-CHECK"}


def write_programme_with_notes(folder: Path) -> Path:
    """The test programme, with trainer notes on two steps of each module."""
    write_programme(folder)
    for module_yaml in folder.glob("*/module.yaml"):
        text = module_yaml.read_text(encoding="utf-8")
        for step_id, note in NOTES.items():
            text = text.replace(f"  - id: {step_id}\n", f"  - id: {step_id}\n    trainer_notes: '{note}'\n")
        module_yaml.write_text(text, encoding="utf-8")
    programme = load_programme(folder)
    assert programme.available and all(not getattr(m, "problems", ()) for m in programme.modules)
    return folder


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def sign_in(qtbot, shell, code: str, pin: str) -> None:
    type_into(qtbot, shell.signin.code, code)
    qtbot.keyClick(shell.signin.code, Qt.Key.Key_Return)
    qtbot.keyClicks(shell.signin.pin, pin)
    qtbot.keyClick(shell.signin.pin, Qt.Key.Key_Return)


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable, visible controls without an accessible name (as tests/test_ui_flow.py checks)."""
    missing = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root) or isinstance(widget, QLabel):
            continue
        kind = widget.metaObject().className()
        if kind in ("QScrollBar", "QWidget", "QFrame", "QStackedWidget", "QHeaderView", "QTableCornerButton",
                    "QAbstractButton"):
            continue
        if widget.parent() is not None and widget.parent().metaObject().className() in ("QScrollArea",
                                                                                       "QAbstractSpinBox",
                                                                                       "QSpinBox", "QComboBox"):
            continue
        if not widget.accessibleName():
            missing.append(f"{kind} {widget.objectName()!r}")
    return missing


def visible_button(root: QWidget, name: str) -> QAbstractButton:
    return next(b for b in root.findChildren(QAbstractButton) if b.accessibleName() == name and b.isVisibleTo(root))
