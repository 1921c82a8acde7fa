"""Authors' commands: ``content new``, ``content review`` and what ``content validate`` says beyond
problems (review state, untranslated text, the release check). Parsers are in content.py."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from kiosk.core.content.languages import LANGUAGE_NAMES, Untranslated
from kiosk.core.content.review import ModuleReview

SHOWN_FIELDS = 8
"""Untranslated fields listed per module in ``validate``; ``review --language`` lists them all."""


def new(name: Path, title: str | None, out: TextIO) -> int:
    from kiosk.core.content.template import new_module
    from kiosk.core.errors import ContentError

    try:
        made = new_module(name, title)
    except ContentError as exc:
        print(f"tip-kiosk content new: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"tip-kiosk content new: could not write {name} ({exc.strerror}); nothing was kept",
              file=sys.stderr)
        return 1
    print(f"Made the module '{made.id}' in {made.folder}: module.yaml and welcome.md.", file=out)
    print("Next:", file=out)
    steps = [f"Open {made.folder / 'module.yaml'}: write the title, summary and duration, and copy in the "
             "steps you need (every kind is there, commented out).",
             f"Write the first page in {made.folder / 'welcome.md'}.",
             f"See it as a learner would, updating as you save: tip-kiosk preview {made.folder}",
             f"Check it: tip-kiosk content validate {made.folder}"]
    if made.programme is not None:
        steps.insert(0, f"List it in {made.programme} under 'modules:' so learners see it:  - {made.folder.name}")
    for number, text in enumerate(steps, 1):
        print(f"  {number}. {text}", file=out)
    return 0


def review_report(paths: list[Path], language: str | None, out: TextIO, today: date | None = None) -> int:
    """Every module's reviewer, due date (overdue flagged) and references; with ``language``,
    every text still untranslated in it."""
    from kiosk.core.content.review import reviews

    today = today or date.today()
    found = reviews(paths, [language] if language else [])
    if not found:
        print("No module could be loaded here; run 'tip-kiosk content validate' to see why.", file=sys.stderr)
        return 1
    for review in found:
        print(f"{review.title} ({review.id}, {review.folder})", file=out)
        for line in review_lines(review, today):
            print(f"  {line}", file=out)
        if not review.references:
            print("  References: none listed", file=out)
        for ref in review.references:
            extra = "".join(f" — {x}" for x in (ref.url, ref.note) if x)
            print(f"  Reference: {ref.title}{extra}", file=out)
        for gap in review.untranslated:
            print(f"  {translation_line(gap, None if gap.language == language else SHOWN_FIELDS)}", file=out)
        print(file=out)
    _programme_lines(paths, found, None, out)
    overdue = sum(1 for r in found if r.overdue(today))
    unreviewed = sum(1 for r in found if not r.reviewed_by)
    print(f"{len(found)} module{'s' if len(found) != 1 else ''}: {unreviewed} without a reviewer, "
          f"{overdue} overdue for review.", file=out)
    return 0


def review_lines(review: ModuleReview, today: date) -> list[str]:
    lines = [f"Reviewed by: {review.reviewed_by or 'nobody yet (add reviewed_by)'}"]
    if review.review_due is None:
        lines.append("Review due: no date (add review_due, YYYY-MM-DD)")
    elif review.overdue(today):
        lines.append(f"Review due: {review.review_due.isoformat()} — OVERDUE")
    else:
        lines.append(f"Review due: {review.review_due.isoformat()}")
    return lines


def translation_line(gap: Untranslated, limit: int | None) -> str:
    name = LANGUAGE_NAMES.get(gap.language, gap.language)
    head = f"{name} ({gap.language}): {gap.done} of {gap.total} texts translated"
    if not gap.fields:
        return head
    if not gap.done:
        return f"{name} ({gap.language}): not translated yet ({gap.total} texts)"
    shown = gap.fields if limit is None else gap.fields[:limit]
    more = len(gap.fields) - len(shown)
    tail = f" and {more} more (tip-kiosk content review PATH --language {gap.language})" if more else ""
    return f"{head}; untranslated: {', '.join(shown)}{tail}"


def validate_notes(paths: list[Path], out: TextIO, today: date | None = None) -> None:
    """After a clean validate: each module's review state and translation coverage, in short."""
    from kiosk.core.content.review import reviews

    today = today or date.today()
    found = reviews(paths)
    for review in found:
        state = "; ".join(review_lines(review, today))
        refs = len(review.references)
        print(f"{review.id}: {state}; {refs} reference{'s' if refs != 1 else ''}", file=out)
        for gap in review.untranslated:
            print(f"  {translation_line(gap, SHOWN_FIELDS)}", file=out)
    _programme_lines(paths, found, SHOWN_FIELDS, out)


def _programme_lines(paths: list[Path], found: list[ModuleReview], limit: int | None, out: TextIO) -> None:
    from kiosk.core.content.review import programme_gaps

    languages = {gap.language for review in found for gap in review.untranslated}
    for file, gap in programme_gaps(paths, languages):
        print(f"{file}: {translation_line(gap, limit)}", file=out)


def release_check(paths: list[Path], out: TextIO, today: date | None = None) -> int:
    from kiosk.core.content.review import release_problems

    problems = release_problems(paths, today)
    for problem in problems:
        print(problem, file=out)
    if problems:
        print(f"Not ready for release: {len(problems)} thing{'s' if len(problems) != 1 else ''} to fix "
              "(listed above).", file=sys.stderr)
        return 1
    print("Ready for release: real support contacts, and every module's facts reviewed and in date.", file=out)
    return 0
