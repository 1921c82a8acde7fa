"""Course content: the format (model), and how it is read and checked (loader).

The names below are loaded on first use (PEP 562), not when the package is imported: importing the
content model builds pydantic validators (100-200 ms), and the kiosk shows its sign-in screen before
it needs any of them (see kiosk/core/content/deferred.py). ``from kiosk.core.content import X``
works as before and imports what X needs then.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    **dict.fromkeys(("load_module", "load_programme", "validate_paths"), "loader"),
    **dict.fromkeys((
        "CompletionRules", "ContentProblem", "KnowledgeCheckStep", "KnowledgeTestStep", "Module",
        "PackageStep", "PageStep", "Programme", "ReflectionStep", "ScenarioChoice", "ScenarioNode",
        "ScenarioStep", "SelfAssessmentStep", "Step", "SurveyStep", "UnavailableModule", "VideoStep",
    ), "model"),
}

__all__ = sorted(_WHERE)

if TYPE_CHECKING:  # the same names for type checkers, re-exported (``X as X``)
    from kiosk.core.content.loader import (
        load_module as load_module,
        load_programme as load_programme,
        validate_paths as validate_paths,
    )
    from kiosk.core.content.model import (
        CompletionRules as CompletionRules,
        ContentProblem as ContentProblem,
        KnowledgeCheckStep as KnowledgeCheckStep,
        KnowledgeTestStep as KnowledgeTestStep,
        Module as Module,
        PackageStep as PackageStep,
        PageStep as PageStep,
        Programme as Programme,
        ReflectionStep as ReflectionStep,
        ScenarioChoice as ScenarioChoice,
        ScenarioNode as ScenarioNode,
        ScenarioStep as ScenarioStep,
        SelfAssessmentStep as SelfAssessmentStep,
        Step as Step,
        SurveyStep as SurveyStep,
        UnavailableModule as UnavailableModule,
        VideoStep as VideoStep,
    )


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value  # found directly next time
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
