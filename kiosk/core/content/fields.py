"""The kinds of value a field in course content may hold (ids, texts, labels, file names,
addresses), shared by the step models (kiosk.core.content.step_models) and the module and
programme models (kiosk.core.content.model)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, StringConstraints

from kiosk.core.content.safety import name_problem

STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200)]

def _relative_file(value: str) -> str:
    """A file named in content must stay inside the content, by POSIX and Windows rules alike."""
    problem = name_problem(value)
    if problem:
        raise ValueError(problem)
    return value


RelFile = Annotated[str, StringConstraints(min_length=1, max_length=255), AfterValidator(_relative_file)]

Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
