"""What ``ModuleRun`` (kiosk.core.learning) gives the parts of it kept in their own modules (the
methods for video, scenario, assessment, package and cmi5 steps), declared once for the type
checker. At run time ``RunPart`` is an empty base class."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from kiosk.core.content.model import Module, PackageStep, Step
    from kiosk.core.elearning import Package, PackageResult
    from kiosk.core.elearning.runtime import PackageOutcome
    from kiosk.core.learning import Learning
    from kiosk.core.store import StepProgress
    from kiosk.core.store.packages import PackageRow

RunEvent = Literal["step_done", "check_answered", "module_started", "module_completed"]
"""What a learner's run may report (kiosk.core.events.Event.kind)."""
StepStatus = Literal["seen", "done"]

StepT = TypeVar("StepT")


class RunPart:
    """Base class of ``ModuleRun``'s parts: where they find the run's state and its saving."""

    if TYPE_CHECKING:
        learning: Learning
        module: Module
        progress: dict[str, StepProgress]

        def answer(self, step: Step | None = None) -> Any: ...

        def is_done(self, step: Step | None = None) -> bool: ...

        def _expect(self, kind: type[StepT]) -> StepT: ...

        def _status(self) -> StepStatus: ...

        def _save(self, step: Step, status: StepStatus, answer: Any = None, attempts: int = 0,
                  events: Sequence[RunEvent] = (), package_rows: dict[str, PackageRow] | None = None) -> None: ...

        # From the package part (kiosk.core.package_steps), for the cmi5 part beside it.
        def _package(self, step: PackageStep) -> Package | None: ...

        def _package_save(self, step: PackageStep, result: PackageResult, changed: dict[str, PackageRow],
                          next_sco: str | None) -> PackageOutcome: ...
