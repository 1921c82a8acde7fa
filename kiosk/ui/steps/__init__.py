"""One view per step type. A view shows a step, saves through the ModuleRun, and reports with
``saved`` / ``save_failed``; it never navigates."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from kiosk.core.content import (
    KnowledgeCheckStep,
    KnowledgeTestStep,
    PackageStep,
    PageStep,
    ReflectionStep,
    ScenarioStep,
    SelfAssessmentStep,
    Step,
    SurveyStep,
    VideoStep,
)
from kiosk.core.learning import ModuleRun
from kiosk.ui.media.vlc_backend import VlcBackend
from kiosk.ui.steps.base import StepView
from kiosk.ui.steps.check import CheckView
from kiosk.ui.steps.knowledge_test import KnowledgeTestView
from kiosk.ui.steps.package import PackageView
from kiosk.ui.steps.page import PageView
from kiosk.ui.steps.reflection import ReflectionView
from kiosk.ui.steps.scenario import ScenarioView
from kiosk.ui.steps.self_assessment import SelfAssessmentView
from kiosk.ui.steps.survey import SurveyView
from kiosk.ui.steps.video import VideoView

VIEWS: dict[type, type[StepView]] = {
    PageStep: PageView,
    KnowledgeCheckStep: CheckView,
    ReflectionStep: ReflectionView,
    SurveyStep: SurveyView,
    VideoStep: VideoView,
    ScenarioStep: ScenarioView,
    SelfAssessmentStep: SelfAssessmentView,
    PackageStep: PackageView,  # imports QtWebEngine only when shown
    KnowledgeTestStep: KnowledgeTestView,
}


def view_class(step: Step) -> type[StepView]:
    return VIEWS[type(step)]


def view_for(run: ModuleRun, step: Step, media: VlcBackend | None = None) -> StepView:
    """The view for ``step``; a view that plays media (``uses_media``) gets the app's libVLC backend."""
    view = VIEWS[type(step)]
    if getattr(view, "uses_media", False):  # a media view takes the backend third (VideoView)
        return cast(Callable[..., StepView], view)(run, step, media)
    return view(run, step)
