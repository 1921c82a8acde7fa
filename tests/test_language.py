"""The interface language: Welsh chosen at sign-in for one session, core errors shown in it, and
the translation files kept complete and in step with the source."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.core.errors import QT_TRANSLATE_NOOP, SignInError
from kiosk.ui.language import Translations, error_text
from kiosk.ui.services import Services
from tests.uihelpers import WELSH_TS, compile_catalogue, make_shell, register, sign_in, visible_text

REPO = Path(__file__).resolve().parent.parent
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def messages(ts: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(context, source) -> (translation, type) for every message in a .ts file."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            found[(name, message.findtext("source"))] = (translation.text or "", translation.get("type", ""))
    return found


def test_welsh_is_chosen_at_sign_in_lasts_the_session_and_resets_at_sign_out(qtbot, store, accounts, programme,
                                                                            catalogues):
    shell = make_shell(qtbot, Services(store, accounts, programme), translations=Translations(catalogues))
    welsh = shell.signin.language_buttons["cy"]
    assert shell.signin.sign_in_button.text() == "&Sign in" and welsh.text() == "Cymraeg"
    welsh.setFocus()
    qtbot.keyClick(welsh, Qt.Key.Key_Space)
    assert shell.signin.sign_in_button.text() == "&Mewngofnodi"
    assert shell.banner.break_button.text() == "Cymryd seibiant"
    register(qtbot, shell)
    assert "Helo, Amira." in visible_text(shell.home)
    shell.open_module("module-1")
    assert shell.player.next_button.text() == "&Nesaf →"
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    assert shell.signin.sign_in_button.text() == "&Sign in"
    assert shell.signin.language_buttons["en"].isChecked()
    assert shell.banner.break_button.text() == "Take a break"


def test_the_sign_in_screen_shows_the_language_choice_only_when_there_is_one(qtbot, store, accounts, programme,
                                                                            catalogues):
    """Building the window shows no window of its own on the way (the language row was once shown
    as a window for a moment, before it had a parent)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.app import make_application
    from kiosk.ui.shell import Shell

    make_application()
    shown = []

    class Shows(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Show and obj.isWidgetType() and obj.isWindow():
                shown.append(type(obj).__name__)
            return False

    watch = Shows()
    QApplication.instance().installEventFilter(watch)
    try:
        offered = Shell(Services(store, accounts, programme), translations=Translations(catalogues))
    finally:
        QApplication.instance().removeEventFilter(watch)
    qtbot.addWidget(offered)
    assert shown == []
    offered.show()
    assert offered.signin.language_group.isVisible()
    assert [b.isVisible() for b in offered.signin.language_buttons.values()] == [True, True]
    english_only = make_shell(qtbot, Services(store, accounts, programme))  # no catalogue built
    assert english_only.signin.language_buttons.keys() == {"en"} and not english_only.signin.language_group.isVisible()


def test_the_machine_default_language_is_where_every_session_starts(qtbot, store, accounts, programme, catalogues):
    shell = make_shell(qtbot, Services(store, accounts, programme), translations=Translations(catalogues, "cy"))
    assert shell.signin.sign_in_button.text() == "&Mewngofnodi"
    assert shell.signin.language_buttons["cy"].isChecked()
    shell.choose_language("en")
    register(qtbot, shell)
    qtbot.keyClick(shell.sign_out_button, Qt.Key.Key_Space)
    assert shell.signin.sign_in_button.text() == "&Mewngofnodi"


def test_core_sign_in_errors_are_shown_in_the_learners_language(qtbot, store, accounts, programme, catalogues):
    shell = make_shell(qtbot, Services(store, accounts, programme), translations=Translations(catalogues, "cy"))
    sign_in(qtbot, shell, code="NOBODY-1", pin="1234")
    assert shell.signin.message.text().startswith("Dydy'r cod dysgwr a'r PIN hynny ddim yn cyfateb")
    assert shell.signin.message.accessibleName() == shell.signin.message.text()


def test_a_lockout_message_keeps_its_number_in_welsh(qtbot, catalogues):
    translations = Translations(catalogues)
    translations.use("cy")
    try:
        from kiosk.core.throttle import Resting, resting_error

        locked = resting_error(Resting(45, whole_kiosk=False))
        assert "45 eiliad" in error_text(locked)
        assert "45 seconds" in str(locked)
        assert "3 munud" in error_text(resting_error(Resting(180, whole_kiosk=True)))
    finally:
        translations.use("en")


def test_an_error_without_a_catalogue_entry_or_with_a_broken_translation_still_reads_well(qtbot, tmp_path):
    assert error_text(SignInError("Plain English only.")) == "Plain English only."
    template = QT_TRANSLATE_NOOP("errors", "Resting for {minutes} minutes.")
    error = SignInError(template, minutes=3)
    assert str(error) == "Resting for 3 minutes." == error_text(error)
    ts = tmp_path / "tip_kiosk_zz.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="cy">'
                  "<context><name>errors</name><message><source>Resting for {minutes} minutes.</source>"
                  "<translation>Gorffwys am {munud} munud.</translation></message></context></TS>",
                  encoding="utf-8")
    compile_catalogue(ts, tmp_path, "zz")
    translations = Translations(tmp_path)
    assert translations.use("zz") == "zz"
    try:
        assert error_text(error) == "Resting for 3 minutes."  # the English, not a broken sentence
    finally:
        translations.use("en")


def test_the_committed_translation_files_list_every_ui_string(tmp_path):
    """If this fails, run `make ts`, translate the new entries and commit the .ts files."""
    fresh = tmp_path / "fresh.ts"
    fresh.write_bytes(WELSH_TS.read_bytes())
    subprocess.run([str(LUPDATE), "-silent", "-extensions", "py", "-locations", "none", "-no-obsolete",
                    str(REPO / "kiosk" / "ui"), str(REPO / "kiosk" / "core"), "-target-language", "cy",
                    "-ts", str(fresh)], check=True, cwd=tmp_path)
    assert set(messages(fresh)) == set(messages(WELSH_TS))


def test_every_entry_has_welsh_that_keeps_placeholders_and_shortcut_keys():
    problems = []
    for (context, source), (welsh, _kind) in messages(WELSH_TS).items():
        if not welsh.strip():
            problems.append(f"{context}: no Welsh for {source!r}")
            continue
        placeholders = re.compile(r"%\d|\{\w+\}")
        if sorted(placeholders.findall(source)) != sorted(placeholders.findall(welsh)):
            problems.append(f"{context}: placeholders differ in {welsh!r}")
        if ("&" in source.replace("&&", "")) != ("&" in welsh.replace("&&", "")):
            problems.append(f"{context}: shortcut key (&) missing or extra in {welsh!r}")
    assert problems == []


def test_every_entry_belongs_to_a_named_context():
    """A string lupdate files under no context came from a call it could not place (a module-level
    ``tr`` helper, say); at run time the kiosk looks it up under a class's name and never finds it,
    so it would show in English whatever the language. Use self.tr() or
    QCoreApplication.translate("Context", "...") written out in full."""
    import xml.etree.ElementTree as ET

    root = ET.parse(WELSH_TS).getroot()
    nameless = [m.find("source").text for c in root if not (c.find("name").text or "").strip()
                for m in c.findall("message")]
    assert nameless == []
