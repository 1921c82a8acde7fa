"""One view per step type. A view shows a step, saves through the ModuleRun, and reports with
``saved`` / ``save_failed``; it never navigates."""

from __future__ import annotations

from kiosk.core.content import (
    KnowledgeCheckStep,
    PageStep,
    ReflectionStep,
    ScenarioStep,
    SelfAssessmentStep,
    Step,
    SurveyStep,
    VideoStep,
)
from kiosk.core.learning import ModuleRun
from kiosk.ui.steps.base import StepView
from kiosk.ui.steps.check import CheckView
from kiosk.ui.steps.page import PageView
from kiosk.ui.steps.reflection import ReflectionView
from kiosk.ui.steps.scenario import ScenarioView
from kiosk.ui.steps.self_assessment import SelfAssessmentView
from kiosk.ui.steps.survey import SurveyView
from kiosk.ui.steps.video import VideoCardView

VIEWS: dict[type, type[StepView]] = {
    PageStep: PageView,
    KnowledgeCheckStep: CheckView,
    ReflectionStep: ReflectionView,
    SurveyStep: SurveyView,
    VideoStep: VideoCardView,
    ScenarioStep: ScenarioView,
    SelfAssessmentStep: SelfAssessmentView,
}


def view_for(run: ModuleRun, step: Step) -> StepView:
    return VIEWS[type(step)](run, step)
