"""A test programme with pathways: a core for everyone and two routes that require it."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import write_programme

PATHWAYS_YAML = """
pathways:
  - id: core
    title: Trauma Informed core
    level: trauma_informed
    summary: The basics, for everyone.
    roles: [Everyone]
    modules: [module-1, module-2]
  - id: interviewer
    title: Asylum interviewer
    level: trauma_skilled
    summary: For people who interview applicants.
    roles: [Asylum interviewers]
    requires: [core]
    modules: [module-3]
  - id: leaders
    title: Leading a trauma-informed team
    level: enhanced
    summary: For people who lead a team.
    roles: [Team leaders, Managers]
    requires: [core]
    modules: [module-4, module-3]
"""


def write_pathway_programme(folder: Path) -> Path:
    """Four modules (module-1 .. module-4) and the pathways above, in content format v4."""
    write_programme(folder, modules=4)
    path = folder / "programme.yaml"
    text = path.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 4")
    path.write_text(text + PATHWAYS_YAML, encoding="utf-8")
    return folder
