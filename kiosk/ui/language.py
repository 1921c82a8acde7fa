"""The interface language.

Every UI string goes through ``tr()``; ``pyside6-lupdate`` collects them (and the core's marked
error messages) into ``kiosk/ui/i18n/tip_kiosk_<lang>.ts``, which are committed, and ``make``
builds the ``.qm`` files Qt loads (see docs/translation.md). English is the source language and
needs no file. Course text is not translated here: it is translated inside the content.

A learner chooses the language at sign-in; it lasts for their session and goes back to the
machine's default (``Settings.language``) at sign-out.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from kiosk.core.errors import ERRORS_CONTEXT

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).parent / "i18n"
CATALOGUE = "tip_kiosk"
SOURCE_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
"""Each language named in itself, so a learner finds theirs whatever is on screen: never translated."""


class Translations:
    """Installs the translator for one interface language at a time, application-wide.

    Args:
        folder: where the compiled catalogues (``tip_kiosk_<lang>.qm``) are.
        default: the machine's language, used at start and after every sign-out.
    """

    def __init__(self, folder: Path = I18N_DIR, default: str = SOURCE_LANGUAGE):
        self.folder = Path(folder)
        self.default = default
        self.current = SOURCE_LANGUAGE
        self._translator: QTranslator | None = None

    def languages(self) -> dict[str, str]:
        """Code -> name of every language this kiosk can show (English, plus each built catalogue)."""
        found = {SOURCE_LANGUAGE: LANGUAGE_NAMES[SOURCE_LANGUAGE]}
        for path in sorted(self.folder.glob(f"{CATALOGUE}_*.qm")):
            code = path.stem[len(CATALOGUE) + 1:]
            found[code] = LANGUAGE_NAMES.get(code, code)
        return found

    def use(self, code: str) -> str:
        """Switch the interface to ``code``; returns the language now in use.

        A missing catalogue (``make`` not run) leaves the interface in English rather than
        stopping the kiosk.
        """
        if code == self.current:
            return code
        if self._translator is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
        self.current = SOURCE_LANGUAGE
        if code != SOURCE_LANGUAGE:
            translator = QTranslator()
            path = self.folder / f"{CATALOGUE}_{code}.qm"
            if translator.load(str(path)):
                QCoreApplication.installTranslator(translator)
                self._translator = translator
                self.current = code
            else:
                log.warning("No interface translation at %s (run make); showing English", path)
        # Dates and numbers follow the interface language ("26 Tachwedd 2026").
        QLocale.setDefault(QLocale(self.current))
        return self.current

    def reset(self) -> str:
        """Back to the machine's default language (at sign-out)."""
        return self.use(self.default)

    def release(self) -> None:
        """Take this translator out of the application (the window is closing)."""
        self.use(SOURCE_LANGUAGE)


def error_text(error: BaseException) -> str:
    """A core error's message in the interface language.

    Core errors carry an English template marked for translation and its parameters (see
    ``kiosk.core.errors``); an error without a catalogue entry is shown as it is.
    """
    template = getattr(error, "template", "")
    if not template:
        return str(error)
    text = QCoreApplication.translate(ERRORS_CONTEXT, template)
    params = getattr(error, "params", {})
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        # A translation with a mistyped placeholder must never hide the message.
        log.warning("Translation of an error message has bad placeholders: %r", text)
        return str(error)
