"""Course content: the format (model), and how it is read and checked (loader)."""

from kiosk.core.content.loader import load_module, load_programme, validate_paths
from kiosk.core.content.model import (
    CompletionRules,
    ContentProblem,
    KnowledgeCheckStep,
    KnowledgeTestStep,
    Module,
    PackageStep,
    PageStep,
    Programme,
    ReflectionStep,
    ScenarioChoice,
    ScenarioNode,
    ScenarioStep,
    SelfAssessmentStep,
    Step,
    SurveyStep,
    UnavailableModule,
    VideoStep,
)

__all__ = [
    "CompletionRules", "ContentProblem", "KnowledgeCheckStep", "KnowledgeTestStep", "Module", "PackageStep", "PageStep", "Programme",
    "ReflectionStep", "ScenarioChoice", "ScenarioNode", "ScenarioStep", "SelfAssessmentStep", "Step",
    "SurveyStep", "UnavailableModule", "VideoStep", "load_module", "load_programme", "validate_paths",
]
