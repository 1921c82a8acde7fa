"""With a pseudo-translation of every catalogue entry ("[!! ... !!]"), walking every screen shows
no interface text that escaped translation. Course content is excluded: it is translated inside
the content, not in the catalogue."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextBrowser, QWidget

from kiosk.core.captions import read_captions
from kiosk.core.content import Programme
from kiosk.ui.language import LANGUAGE_NAMES, Translations
from tests.tour import Tour
from tests.uihelpers import (
    ADMIN_PASSPHRASE,
    WELSH_TS,
    compile_catalogue,
    make_shell,
    pseudo_ts,
    texts_of,
    tour_services,
)

PSEUDO = re.compile(r"\[!! .*? !!\]", re.DOTALL)


def content_strings(programme: Programme) -> set[str]:
    """Every piece of text the content itself provides (titles, questions, options, notes ...)."""
    found: set[str] = {programme.title}

    def collect(value) -> None:
        if isinstance(value, str):
            found.add(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                if f.name not in ("folder", "files"):
                    collect(getattr(value, f.name))
        elif isinstance(value, (tuple, list)):
            for item in value:
                collect(item)
        elif hasattr(value, "values"):
            for item in value.values():
                collect(item)

    collect(programme.support)
    for module in programme.modules:
        collect(module)
        for name, path in getattr(module, "files", {}).items():
            if name.endswith((".vtt", ".srt")):  # captions are content too
                found.update(cue.text for cue in read_captions(path).cues)
    return {text for text in found if text.strip()}


def untranslated(shell: QWidget, allowed: list[str]) -> list[str]:
    leftovers = []
    for widget in [shell, *shell.findChildren(QWidget)]:
        if widget is not shell and not widget.isVisibleTo(shell):
            continue
        texts = texts_of(widget)
        if isinstance(widget, (QTextBrowser, QLineEdit, QPlainTextEdit)):
            # What these hold is course content (pages, transcripts) or what the learner typed.
            texts = [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip(),
                     widget.placeholderText()]
        for text in texts:
            rest = PSEUDO.sub(" ", text)
            for piece in allowed:
                rest = rest.replace(piece, " ")
            if re.search(r"[^\W\d_]", rest):
                leftovers.append(f"{widget.metaObject().className()}: {text!r}")
    return leftovers


def test_no_screen_shows_text_that_is_not_in_the_catalogue(qtbot, tmp_path: Path, store, accounts, rich_programme):
    catalogue = pseudo_ts(WELSH_TS, tmp_path / "tip_kiosk_xx.ts")
    compile_catalogue(catalogue, tmp_path / "qm", "xx")
    translations = Translations(tmp_path / "qm", default="xx")
    shell = make_shell(qtbot, tour_services(store, accounts, rich_programme), translations=translations)
    assert translations.current == "xx"
    tour = Tour(shell, admin_passphrase=ADMIN_PASSPHRASE)
    allowed = sorted(content_strings(rich_programme) | set(LANGUAGE_NAMES.values()) | {"xx", tour.first_name},
                     key=len, reverse=True)
    problems = []
    for stop in tour.walk():
        problems += [f"{stop}: {leftover}" for leftover in untranslated(shell, allowed)]
    assert problems == []
    assert len(tour.seen) >= 20
