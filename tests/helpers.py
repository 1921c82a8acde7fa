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


# A format-2 module with the step types of the full learner experience: self-assessments
# before and after, a branching scenario with two decision points, completion rules.
RICH_MODULE_YAML = dedent("""\
    schema_version: 2
    id: {id}
    version: "2.0"
    title: {title}
    summary: A module with a scenario.
    duration_minutes: 20
    completion:
      pass_mark: 50
      attempts: 2
    steps:
      - id: confidence-before
        type: self_assessment
        title: Before you start
        phase: before
        questions:
          - id: spot-threat
            text: Noticing when someone is in a threat response
          - id: offer-choice
            text: Offering real choices in an interview
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
      - id: check-two
        type: knowledge_check
        title: Another check
        question: Which is a threat response?
        options:
          - text: Freeze
            correct: true
            feedback: Yes, freeze is one.
          - text: Filing
            feedback: Filing is paperwork.
      - id: interview
        type: scenario
        title: "Scenario: a difficult moment"
        nodes:
          - id: opening
            text: "Mr A goes quiet and looks at the floor when you ask about the journey."
            image: room.png
            image_alt: A small interview room with two chairs at an angle and a window.
            choices:
              - text: Pause and check in with him
                consequence: He looks up. Checking in gives him back some control.
                next: pause
              - text: Repeat the question more firmly
                consequence: He says less. Pressure narrows the window of tolerance.
                next: pressed
          - id: pressed
            text: He answers in single words.
            prompt: What now?
            choices:
              - text: Offer a break
                consequence: After the break he is able to go on.
                next: calmer
          - id: pause
            text: He asks how long the interview will take.
            choices:
              - text: Give an honest estimate and agree a signal for breaks
                consequence: Knowing what to expect helps him settle.
                next: calmer
              - text: Say it depends on him
                consequence: Vague answers can feel like a threat.
                next: pressed
          - id: calmer
            end: true
            text: The interview goes on at a pace he can manage.
      - id: reflect
        type: reflection
        title: Pause and reflect
        prompt: What did you notice?
      - id: confidence-after
        type: self_assessment
        title: Looking back
        phase: after
        questions:
          - id: spot-threat
            text: Noticing when someone is in a threat response
          - id: offer-choice
            text: Offering real choices in an interview
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


def write_picture(path: Path) -> None:
    """A small real PNG (written without Qt, so core tests can use it)."""
    import struct
    import zlib

    width, height = 8, 6
    rows = b"".join(b"\x00" + bytes((40, 94, 107)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def write_rich_programme(folder: Path) -> Path:
    """A programme whose first module uses every format-2 feature, and a plain second one."""
    write_programme(folder, modules=2)
    module = folder / "01-module"
    (module / "module.yaml").write_text(RICH_MODULE_YAML.format(id="rich-module", title="Rich module"),
                                        encoding="utf-8")
    write_picture(module / "room.png")
    return folder
