"""What authors and reviewers need to know beyond "is it valid": who checked each module's facts
and when they are due again, what the facts rest on, what is not yet translated, and whether the
content is ready for release (no SAMPLE support contacts, no unreviewed facts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk.core.content.deferred import PROGRAMME_FILE
from kiosk.core.content.languages import Untranslated, languages_in, untranslated
from kiosk.core.content.loader import MODULE_FILE, load_module, load_programme
from kiosk.core.content.model import ContentProblem, Module, Reference
from kiosk.core.content.yamlread import locate, read_yaml

SAMPLE = re.compile(r"\bsample\b", re.IGNORECASE)
"""How the shipped programme.yaml marks the support contacts each organisation must replace."""


@dataclass(frozen=True)
class ModuleReview:
    """One module's review state and translation coverage."""

    folder: Path
    id: str
    title: str
    reviewed_by: str | None
    review_due: date | None
    references: tuple[Reference, ...]
    untranslated: tuple[Untranslated, ...] = ()

    def overdue(self, today: date) -> bool:
        return self.review_due is not None and self.review_due < today

    def unreviewed(self, today: date) -> str:
        """Why this module's facts do not count as reviewed, in plain words ('' if they do)."""
        if not self.reviewed_by:
            return "has no reviewer: add 'reviewed_by' (who checked the facts) and 'review_due'"
        if self.review_due is None:
            return "has no 'review_due' date: add when the facts should next be checked (YYYY-MM-DD)"
        if self.overdue(today):
            return (f"was due for review on {self.review_due.isoformat()}: check the facts again, then "
                    "update 'reviewed_by' and 'review_due'")
        return ""


def modules_in(paths: Iterable[Path]) -> list[Module]:
    """Every module that loads, in the given programme or module folders (others are skipped:
    ``validate_paths`` reports their problems)."""
    found: list[Module] = []
    for raw in paths:
        path = Path(raw)
        path = path.parent if path.is_file() else path
        if (path / PROGRAMME_FILE).exists():
            found.extend(load_programme(path).available)
        elif (path / MODULE_FILE).exists():
            module = load_module(path, media_dirs=(path.parent / "media",))
            if isinstance(module, Module):
                found.append(module)
    return found


def reviews(paths: Iterable[Path], languages: Iterable[str] = ()) -> list[ModuleReview]:
    """Each module's reviewer, due date, references, and what is untranslated in each language
    that any of the modules offers (or that is asked for in ``languages``)."""
    modules = modules_in(paths)
    raw = {m.folder: read_yaml(m.folder / MODULE_FILE)[0] for m in modules}
    wanted = set(languages)
    for module in modules:
        wanted |= languages_in(raw[module.folder], module.folder, module.language)
    result = []
    for module in modules:
        gaps = tuple(untranslated(raw[module.folder], module.folder, code, module.language)
                     for code in sorted(wanted - {module.language}))
        result.append(ModuleReview(module.folder, module.id, module.title, module.reviewed_by,
                                   module.review_due, module.references, gaps))
    return result


def programme_gaps(paths: Iterable[Path], languages: Iterable[str]) -> list[tuple[Path, Untranslated]]:
    """What each programme.yaml among ``paths`` (its title, support contacts) lacks per language:
    a Welsh learner in distress should find the support contacts in Welsh too."""
    found: list[tuple[Path, Untranslated]] = []
    for raw in paths:
        path = Path(raw).parent if Path(raw).is_file() else Path(raw)
        if (path / PROGRAMME_FILE).is_file():
            data = read_yaml(path / PROGRAMME_FILE)[0]
            found.extend((path / PROGRAMME_FILE, untranslated(data, path, code, "en"))
                         for code in sorted(set(languages) - {"en"}))
    return found


def release_problems(paths: Iterable[Path], today: date | None = None) -> list[ContentProblem]:
    """What stops this content being released: SAMPLE support contacts, and modules whose facts
    nobody has reviewed or whose review date has passed."""
    today = today or date.today()
    paths = [Path(p).parent if Path(p).is_file() else Path(p) for p in paths]
    problems: list[ContentProblem] = []
    for path in paths:
        if (path / PROGRAMME_FILE).exists():
            problems.extend(sample_contacts(path / PROGRAMME_FILE))
    for review in reviews(paths):
        why = review.unreviewed(today)
        if why:
            problems.append(ContentProblem(review.folder / MODULE_FILE, f"module '{review.id}' {why}"))
    return problems


def sample_contacts(programme_file: Path) -> list[ContentProblem]:
    """Support contacts still marked as samples: a learner in distress must never be offered one."""
    data, problems = read_yaml(programme_file)
    if problems or not isinstance(data, dict):
        return problems
    if not data.get("support"):
        return [ContentProblem(programme_file, "lists no support contacts: learners need someone to talk to; "
                               "add your organisation's under 'support'", "support")]
    found = []
    for index, contact in enumerate(data["support"]):
        if not isinstance(contact, dict):
            continue
        text = " ".join(str(v) for v in contact.values())
        if SAMPLE.search(text):
            field, line = locate(data, ("support", index, "name"))
            found.append(ContentProblem(programme_file, "is a SAMPLE support contact: replace it with your "
                                        "organisation's real contact before release", field, line))
    return found
