"""``tip-kiosk content new``: a module folder to fill in, valid as it stands.

The module.yaml shows every step type, commented out, so an author copies the one they need
instead of reading the whole format guide first; the two steps left in (a first page and the
feedback survey every module ends with) keep it valid, so it can be previewed at once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.content.deferred import PROGRAMME_FILE
from kiosk.core.content.loader import MODULE_FILE
from kiosk.core.content.model import SCHEMA_VERSIONS
from kiosk.core.durable import write_file
from kiosk.core.errors import ContentError

_MODULE = """\
# A new module. Fill it in, then check it with
#   tip-kiosk content validate {folder}
# and see it as a learner would (it reloads when you save) with
#   tip-kiosk preview {folder}
# The format is explained in docs/content-format.md. Lines starting with # are notes and are ignored.
schema_version: {schema}
id: {id}                  # never change the id once the module is released
version: "0.1"            # raise it ("0.2", "1.0") whenever you change the module
title: {title}
summary: >-
  One or two plain sentences, shown on the home screen: what this module is about and who it is for.
duration_minutes: 30      # your honest estimate, including videos, questions and reflection
language: en

# Who checked the facts, when they are due again, and what they rest on (a release needs these).
# reviewed_by: A. Reviewer, role
# review_due: 2027-12-31
# references:
#   - title: "The source's title (publisher, year)"
#     url: https://www.example.org/the-source
#     note: Which section supports which step.

# When the module counts as completed (section 7). Default: every step except reflections.
# completion:
#   pass_mark: 60         # % of knowledge checks answered correctly
#   attempts: 2           # tries before the answer is shown

steps:
  - id: welcome
    type: page
    title: Welcome
    file: welcome.md

  # A page: Markdown text from a file in this folder (section 6.1).
  # - id: what-it-is
  #   type: page
  #   title: What it is
  #   file: what-it-is.md
  #   content_note: This page describes violence.   # shown first; the learner may skip for now

  # A knowledge check: one question, options with feedback that explains why (section 6.2).
  # - id: check-one
  #   type: knowledge_check
  #   title: Check your understanding
  #   question: >-
  #     The question, as a realistic situation where you can.
  #   options:
  #     - text: An option.
  #       correct: true
  #       feedback: Why this is right.
  #     - text: Another option.
  #       feedback: Why this is not the best answer, without scolding.

  # A reflection: a private question to think or write about; never required (section 6.3).
  # - id: reflect
  #   type: reflection
  #   title: Pause and reflect
  #   prompt: >-
  #     Think of a time when ...

  # A video with captions (and a transcript) from this folder or the media folder (section 6.5).
  # - id: clip
  #   type: video
  #   title: A short film
  #   media: my-film.mp4
  #   captions: my-film.vtt
  #   transcript: my-film.transcript.md
  #   duration_seconds: 180

  # A branching scenario: moments (nodes) joined by choices (section 6.6).
  # - id: scenario
  #   type: scenario
  #   title: "Your turn: an interview"
  #   nodes:
  #     - id: start
  #       text: What is happening.
  #       choices:
  #         - text: One thing you could do.
  #           consequence: What happens, and why.
  #           next: ending
  #     - id: ending
  #       end: true
  #       text: How it turned out.

  # A self-assessment: the same confidence questions before and after (section 6.7).
  # - id: confidence-before
  #   type: self_assessment
  #   title: How confident do you feel?
  #   phase: before
  #   questions:
  #     - id: explain-it
  #       text: Explaining ... in plain words
  # (and near the end, with the same questions:)
  # - id: confidence-after
  #   type: self_assessment
  #   title: "Looking back: how confident do you feel now?"
  #   phase: after
  #   questions:
  #     - id: explain-it
  #       text: Explaining ... in plain words

  # A knowledge test: the same scored questions before and after, never part of a pass mark
  # (section 6.9; the 'after' step lists no items, it asks the 'before' step's again).
  # - id: knowledge-before
  #   type: knowledge_test
  #   title: What do you know already?
  #   phase: before
  #   items:
  #     - id: first-question
  #       question: The question.
  #       options:
  #         - text: An option.
  #           correct: true
  #           feedback: Why.
  #         - text: Another option.
  #           feedback: Why not.
  # - id: knowledge-after
  #   type: knowledge_test
  #   title: What do you know now?
  #   phase: after

  # Any step may have 'optional: true': then it is not needed to complete the module.

  # A SCORM or H5P package: add it with 'tip-kiosk content add' rather than by hand (section 6.8).
  #   type: package

  # Every module ends with this feedback survey: keep the ids 'engaging' and 'applicable'.
  - id: feedback
    type: survey
    title: Your feedback
    intro: >-
      Two quick questions about this module. There are no right or wrong answers.
    questions:
      - id: engaging
        text: How engaging was this module?
        labels: [Not at all engaging, Slightly engaging, Moderately engaging, Very engaging, Extremely engaging]
      - id: applicable
        text: How applicable is this module to your role?
        labels: [Not at all applicable, Slightly applicable, Moderately applicable, Very applicable,
                 Extremely applicable]
    comment: Is there anything you would like to tell us about this module? (optional)
"""

_WELCOME = """\
## {title}

Write the first page here, in plain Markdown: what this module covers, why it matters in the
learner's work, and about how long it takes.

- Use short paragraphs and lists like this one.
- **Bold** marks the few words that matter most.

If the module touches on difficult experiences, say so here, and remind learners that they can
take a break at any time.
"""


@dataclass(frozen=True)
class NewModule:
    folder: Path
    id: str
    title: str
    programme: Path | None
    """The programme.yaml beside the new folder, if there is one (the module must be listed in it)."""


def new_module(folder: Path, title: str | None = None) -> NewModule:
    """Write a module folder to fill in. Never overwrites: raises ContentError if it exists."""
    folder = Path(folder)
    module_id = module_id_for(folder.name)
    if not module_id:
        raise ContentError([f"cannot make a module id from '{folder.name}': use letters and digits, "
                            "for example 08-leading-a-team"])
    title = " ".join((title or module_id.replace("-", " ").capitalize()).split())
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        raise ContentError([f"{folder} already exists; nothing was changed (choose another name, or "
                            "delete the folder first if you meant to start again)"]) from None
    schema = max(SCHEMA_VERSIONS)
    # Authors edit these files, so ordinary file permissions (not the kiosk's private 0600).
    module_yaml = _MODULE.format(title=json.dumps(title, ensure_ascii=False), id=module_id, folder=folder,
                                 schema=schema)
    write_file(folder / MODULE_FILE, module_yaml, mode=0o644, exclusive=True)
    write_file(folder / "welcome.md", _WELCOME.format(title=title), mode=0o644, exclusive=True)
    programme = folder.parent / PROGRAMME_FILE
    return NewModule(folder, module_id, title, programme if programme.is_file() else None)


def module_id_for(name: str) -> str:
    """'08-Leading a team' -> 'leading-a-team': the folder's number is for ordering, not the id."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    slug = re.sub(r"^[0-9]+-(?=[a-z])", "", slug)
    return slug[:64].strip("-") if len(slug) >= 2 else ""
