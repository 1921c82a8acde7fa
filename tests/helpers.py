"""Content for tests, written to a temporary folder: small, covering every v1 step type."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

MODULE_YAML = dedent("""\
    schema_version: 1
    id: {id}
    version: "1.0"
    title: {title}
    summary: A short module for tests.
    duration_minutes: 10
    steps:
      - id: welcome
        type: page
        title: Welcome
        file: welcome.md
      - id: check-one
        type: knowledge_check
        title: Check your understanding
        question: Which response helps someone feel safe?
        options:
          - text: Explain what will happen next
            correct: true
            feedback: Predictability helps people feel safe.
          - text: Hurry them along
            feedback: Time pressure can feel threatening.
      - id: check-many
        type: knowledge_check
        title: Choose all that apply
        question: Which are threat responses?
        options:
          - text: Fight
            correct: true
            feedback: Yes, fight is one.
          - text: Freeze
            correct: true
            feedback: Yes, freeze is one.
          - text: Filing
            feedback: Filing is paperwork, not a threat response.
      - id: reflect
        type: reflection
        title: Pause and reflect
        prompt: What did you notice?
      - id: hard-page
        type: page
        title: A difficult topic
        file: hard.md
        content_note: This page mentions violence.
      - id: clip
        type: video
        title: A short clip
        media: clip.mp4
        captions: clip.vtt
        duration_seconds: 30
      - id: feedback
        type: survey
        title: Your feedback
        questions:
          - id: engaging
            text: How engaging was this module?
          - id: applicable
            text: How applicable is it to your role?
        comment: Anything else?
    """)


def write_module(folder: Path, module_id: str = "test-module", title: str = "Test module") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "module.yaml").write_text(MODULE_YAML.format(id=module_id, title=title), encoding="utf-8")
    (folder / "welcome.md").write_text("# Welcome\n\nTake your time.\n", encoding="utf-8")
    (folder / "hard.md").write_text("# A difficult topic\n\nSome people have lived through violence.\n",
                                    encoding="utf-8")
    return folder


def write_programme(folder: Path, modules: int = 2) -> Path:
    """A programme with ``modules`` modules and a shared media folder."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"{i + 1:02d}-module" for i in range(modules)]
    listing = "\n".join(f"  - {name}" for name in names)
    (folder / "programme.yaml").write_text(
        f"schema_version: 1\nid: test-programme\ntitle: Test programme\nmodules:\n{listing}\n",
        encoding="utf-8")
    media = folder / "media"
    media.mkdir(exist_ok=True)
    (media / "clip.mp4").write_bytes(b"\x00" * 16)  # found by the loader; never played here
    (media / "clip.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n", encoding="utf-8")
    for i, name in enumerate(names):
        write_module(folder / name, f"module-{i + 1}", f"Module {i + 1}")
    return folder
