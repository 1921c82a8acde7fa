"""Course text in more than one language (see docs/content-format.md, "Content in Welsh and other languages").

Two ways, both beside the English so existing content stays valid:

- in ``module.yaml``/``programme.yaml`` any text may be a mapping of language codes to text,
  ``title: {en: Welcome, cy: Croeso}`` (a plain string is the same in every language);
- a Markdown file ``welcome.md`` may have ``welcome.cy.md`` beside it.

The loader resolves a module for one language before validating it, so everything after loading
sees plain strings; what is missing in that language falls back to the module's own language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk.core.content.yamlread import LocatedDict, LocatedList

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh"}
"""For authors' reports (the kiosk's own chooser names each language in itself)."""

TEXT_KEYS = frozenset({
    "title", "summary", "question", "text", "feedback", "prompt", "intro", "comment", "content_note",
    "trainer_notes", "consequence", "image_alt", "labels", "name", "detail",
})
"""Fields whose text a learner or trainer reads: what a translation should cover."""
FILE_KEYS = frozenset({"file", "transcript"})
"""Fields naming a Markdown file that may have a translated copy beside it."""


DEFAULT_LABELS = {
    "cy": {
        # Draft Welsh, for review with the rest (docs/translation.md).
        "survey": ("Anghytuno'n gryf", "Anghytuno", "Ddim yn cytuno nac yn anghytuno", "Cytuno", "Cytuno'n gryf"),
        "self_assessment": ("Ddim yn hyderus o gwbl", "Ychydig yn hyderus", "Gweddol hyderus", "Hyderus iawn",
                            "Cwbl hyderus"),
    },
}
"""The kiosk's own rating scales (model.DEFAULT_LIKERT, CONFIDENCE_LABELS) in other languages, used
where a step does not write its own ``labels``."""


def is_translations(value: Any, base: str) -> bool:
    """True for ``{en: ..., cy: ...}``: every key a language code, every value text (or a list of
    texts), and the module's own language among them (so an ordinary field set is never mistaken
    for one)."""
    return (isinstance(value, dict) and base in value
            and all(isinstance(k, str) and LANGUAGE_TAG.match(k) for k in value)
            and all(_is_text(v) for v in value.values()))


def _is_text(value: Any) -> bool:
    """Text, or a list of texts (a rating scale's ``labels``, translated as a whole)."""
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def resolve(data: Any, language: str, base: str) -> Any:
    """``data`` with every translations mapping replaced by its text in ``language`` (or, where
    there is none, in ``base``). Keeps the line numbers the loader reports errors with."""
    if is_translations(data, base):
        return data.get(language) or data[base]
    if isinstance(data, dict):
        mapping = type(data)((k, resolve(v, language, base)) for k, v in data.items())
        if isinstance(mapping, LocatedDict) and hasattr(data, "lines"):
            mapping.lines = data.lines
        return mapping
    if isinstance(data, list):
        items = type(data)(resolve(v, language, base) for v in data)
        if isinstance(items, LocatedList) and hasattr(data, "lines"):
            items.lines = data.lines
        return items
    return data


def missing_base(data: Any, base: str, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(location, message) for each text given in other languages but not the module's own (which
    is what every learner falls back to)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in TEXT_KEYS and isinstance(value, dict) and value and base not in value and all(
                    isinstance(k, str) and LANGUAGE_TAG.match(k) for k in value):
                yield (*path, key), (f"has no text in the module's own language: add '{base}:' beside "
                                     f"{', '.join(repr(k) for k in value)}")
            else:
                yield from missing_base(value, base, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from missing_base(item, base, (*path, i))


def with_default_labels(data: Any, language: str) -> Any:
    """``data`` (already resolved) with the kiosk's default rating labels in ``language`` written
    into each survey question and self-assessment that has none of its own."""
    labels = DEFAULT_LABELS.get(language)
    steps = data.get("steps") if isinstance(data, dict) else None
    if not labels or not isinstance(steps, list):
        return data
    for step in steps:
        if not isinstance(step, dict):
            continue
        if step.get("type") == "self_assessment" and "labels" not in step:
            step["labels"] = list(labels["self_assessment"])
        elif step.get("type") == "survey" and isinstance(step.get("questions"), list):
            for question in step["questions"]:
                if isinstance(question, dict) and "labels" not in question:
                    question["labels"] = list(labels["survey"])
    return data


def translated_name(name: str, language: str) -> str:
    """``welcome.md`` -> ``welcome.cy.md``: where a file's translation sits."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{language}{path.suffix}"))


def languages_in(data: Any, folder: Path, base: str) -> set[str]:
    """Every language a module's YAML or its Markdown files offer besides ``base``."""
    found: set[str] = set()
    for _, value in _texts(data, (), base):
        if is_translations(value, base):
            found.update(value)
    if folder.is_dir():
        for path in folder.glob("*.*.md"):
            code = path.suffixes[-2][1:]
            if LANGUAGE_TAG.match(code) and path.with_name(path.name.replace(f".{code}.md", ".md")).exists():
                found.add(code)
    found.discard(base)
    return found


@dataclass(frozen=True)
class Untranslated:
    """What one module lacks in one language."""

    language: str
    fields: tuple[str, ...]
    """Field paths (``steps[2].title``) and Markdown file names with no text in the language."""
    total: int
    """How many texts the module has in all."""

    @property
    def done(self) -> int:
        return self.total - len(self.fields)


def untranslated(data: Any, folder: Path, language: str, base: str) -> Untranslated:
    """The texts of one module (its parsed YAML and folder) still missing in ``language``."""
    missing: list[str] = []
    total = 0
    for where, value in _texts(data, (), base):
        total += 1
        if not (is_translations(value, base) and value.get(language)):
            missing.append(where)
    for _where, name in _files(data, ()):
        total += 1
        if isinstance(name, str) and not (folder / translated_name(name, language)).is_file():
            missing.append(name)
    return Untranslated(language, tuple(dict.fromkeys(missing)), total)


def _texts(data: Any, path: tuple[Any, ...], base: str) -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict) and not is_translations(data, base):
        for key, value in data.items():
            here = (*path, key)
            if key in TEXT_KEYS and (isinstance(value, str) or is_translations(value, base)):
                yield _name(here), value
            elif key in TEXT_KEYS and isinstance(value, list):
                for i, item in enumerate(value):
                    yield _name((*here, i)), item
            else:
                yield from _texts(value, here, base)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _texts(item, (*path, i), base)


def _files(data: Any, path: tuple[Any, ...]) -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in FILE_KEYS and isinstance(value, str) and value.endswith(".md"):
                yield _name((*path, key)), value
            else:
                yield from _files(value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _files(item, (*path, i))


def _name(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
