"""Helpers for tests that drive the real shell: build it, register and sign in by keyboard, read
what is on screen, compile translation catalogues from the committed .ts files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from kiosk.ui.app import make_application
from kiosk.ui.language import CATALOGUE, I18N_DIR, Translations
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from kiosk.ui.steps.base import StepView

LRELEASE = Path(sys.executable).with_name("pyside6-lrelease")
WELSH_TS = I18N_DIR / f"{CATALOGUE}_cy.ts"


def make_shell(qtbot, services: Services, **options) -> Shell:
    make_application()
    options.setdefault("translations", Translations(folder=I18N_DIR.parent / "no-catalogues-here"))
    window = Shell(services, **options)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitActive(window):  # keyboard focus needs the active window
        window.show()
        window.activateWindow()
    return window


def type_into(qtbot, widget: QLineEdit, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def register(qtbot, shell: Shell, code: str = "1234567", pin: str = "629174", name: str = "Amira") -> None:
    signin = shell.signin
    qtbot.keyClick(signin.register_link, Qt.Key.Key_Space)
    type_into(qtbot, signin.new_code, code)
    type_into(qtbot, signin.new_pin, pin)
    type_into(qtbot, signin.new_pin_again, pin)
    type_into(qtbot, signin.first_name, name)
    with qtbot.waitSignal(signin.signed_in):
        qtbot.keyClick(signin.first_name, Qt.Key.Key_Return)


def sign_in(qtbot, shell: Shell, code: str = "1234567", pin: str = "629174") -> None:
    type_into(qtbot, shell.signin.code, code)
    qtbot.keyClick(shell.signin.code, Qt.Key.Key_Return)
    qtbot.keyClicks(shell.signin.pin, pin)
    qtbot.keyClick(shell.signin.pin, Qt.Key.Key_Return)


def settle() -> None:
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def texts_of(widget: QWidget) -> list[str]:
    """Every string a widget shows or speaks (text, title, tooltip, accessible name ...)."""
    found = [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
    if widget.isWindow():
        found.append(widget.windowTitle())
    if isinstance(widget, (QLabel, QAbstractButton)):
        found.append(widget.text())
    elif isinstance(widget, QLineEdit):
        found += [widget.text(), widget.placeholderText()]
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        found += [widget.toPlainText(), widget.placeholderText()]
    elif isinstance(widget, QGroupBox):
        found.append(widget.title())
    return [text for text in found if text]


def visible_text(root: QWidget) -> str:
    return "\n".join(t for w in [root, *root.findChildren(QWidget)] if w.isVisibleTo(root) or w is root
                     for t in texts_of(w))


def all_widget_text() -> str:
    """What every widget in the application holds, shown or not."""
    return "\n".join(t for w in QApplication.allWidgets() for t in texts_of(w))


def compile_catalogue(ts: Path, out_dir: Path, code: str) -> Path:
    """Build ``tip_kiosk_<code>.qm`` from a .ts file into ``out_dir`` (as ``make`` does)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    qm = out_dir / f"{CATALOGUE}_{code}.qm"
    subprocess.run([str(LRELEASE), "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


def pseudo_ts(source_ts: Path, out: Path, wrap=lambda text: f"[!! {text} !!]") -> Path:
    """A pseudo-translation of every message in ``source_ts``: each wrapped in [!! ... !!]."""
    tree = ET.parse(source_ts)
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        translation.attrib.pop("type", None)
        translation.text = wrap(message.findtext("source"))
    tree.getroot().set("language", "xx")
    tree.write(out, encoding="utf-8", xml_declaration=True)
    return out


def copy_data_dir(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


@pytest.fixture(scope="session")
def catalogues(tmp_path_factory) -> Path:
    """A folder with the Welsh catalogue built from the committed .ts (tests do not depend on
    ``make`` having been run)."""
    folder = tmp_path_factory.mktemp("i18n")
    compile_catalogue(WELSH_TS, folder, "cy")
    return folder


class RecordingMediaView(StepView):
    """Stands in for a video step through the StepView media hooks (media_playing/pause_media),
    so the shell's handling of playing media is tested whatever the real player does. It
    'plays' by advancing a position when told to, and records every pause."""

    def __init__(self, run, step, parent: QWidget | None = None):
        super().__init__(run, step, parent)
        self.playing = False
        self.position_ms = 0
        self.pauses = 0

    def play(self) -> None:
        self.playing = True

    def advance(self, ms: int) -> None:
        if self.playing:
            self.position_ms += ms

    def media_playing(self) -> bool:
        return self.playing

    def pause_media(self) -> None:
        self.pauses += 1
        self.playing = False


SUPPORT_YAML = """
support:
  - name: Employee Assistance Programme
    detail: "Call 0800 000 0000, any time, day or night."
  - name: Wellbeing lead
    detail: Sam Jones, room 4, extension 2345.
"""


def add_support_contacts(content_dir: Path) -> Path:
    programme_file = content_dir / "programme.yaml"
    programme_file.write_text(programme_file.read_text(encoding="utf-8") + SUPPORT_YAML, encoding="utf-8")
    return content_dir


ADMIN_PASSPHRASE = "quiet harbour lantern"


def tour_services(store, accounts, programme) -> Services:
    """Services for walking every screen: an admin passphrase is set, so the staff area is on
    the walk too."""
    from kiosk.core.admin import AdminGate
    from kiosk.core.sync import sync_status
    from kiosk.ui.admin_panel import AdminTools

    gate = AdminGate(store)
    gate.set_passphrase(ADMIN_PASSPHRASE)
    return Services(store, accounts, programme,
                    admin=AdminTools(gate, accounts, sync_status=lambda: sync_status(store)))
