from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.content import Step
from kiosk.core.errors import KioskError
from kiosk.core.learning import ModuleRun
from kiosk.ui.language import error_text
from kiosk.ui.widgets import label


class StepView(QWidget):
    saved = Signal()
    save_failed = Signal(str)

    def __init__(self, run: ModuleRun, step: Step, parent: QWidget | None = None):
        super().__init__(parent)
        self.run = run
        self.step = step
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(14)
        self.column.addWidget(label(step.title, "title"))

    def flush(self) -> None:
        """Save anything typed but not yet saved (called before leaving the step)."""

    def media_playing(self) -> bool:
        """True while this step is playing audio or video (idle sign-out must wait)."""
        return False

    def pause_media(self) -> None:
        """Pause any playing media, keeping its position (take a break, sign-out)."""

    @classmethod
    def alternative(cls, step: Step) -> str | None:
        """Another way through this step, offered beside its content note (a button label with
        a mnemonic), or None. A video offers its transcript."""
        return None

    def take_alternative(self) -> None:
        """Show the step the other way (the learner chose ``alternative`` at the content note)."""

    def first_focus(self) -> QWidget | None:
        """The control that should have focus when the step appears."""
        return None

    def _save(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except KioskError as exc:
            self.save_failed.emit(error_text(exc))
            return False
        self.saved.emit()
        return True
