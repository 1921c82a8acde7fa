"""Every file the content refers to reaches the installers and is checked by ``--self-test``: the
sample programme as the bundle collector copies it, and copies of it with files taken away."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import bundle_parts
import pytest

from kiosk.core.content import load_programme
from kiosk.core.content.completeness import counted, file_problems, referenced_files

REPO = Path(__file__).resolve().parent.parent


TRANSCRIPT = "animation-how-trauma-affects-people.transcript.md"
CAPTIONS = "scenario-asylum-interview.vtt"
PICTURE = "interview-room.png"


def collect(target: Path) -> Path:
    """Copy what the bundle collector picks for the sample programme, to the places the bundle
    keeps it (``content/modules``, ``content/media``): the bundle's content, without PyInstaller."""
    for source, dest in bundle_parts.content_datas():
        if not dest.startswith("content"):
            continue
        source = Path(source)
        if source.is_dir():
            shutil.copytree(source, target / dest, dirs_exist_ok=True)
        else:
            (target / dest).mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / dest / source.name)
    return target / "content" / "modules"


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    return collect(tmp_path_factory.mktemp("bundle"))


@pytest.fixture
def bundle_copy(collected, tmp_path) -> Path:
    """A copy of the collected content a test may break."""
    shutil.copytree(collected.parent, tmp_path / "content")
    return tmp_path / "content" / "modules"


def test_the_sample_programme_refers_to_pages_media_captions_transcripts_pictures_and_a_package():
    files = referenced_files(load_programme(REPO / "modules"))
    names = {(f.kind, f.name) for f in files}
    assert ("transcript", TRANSCRIPT) in names and ("captions", CAPTIONS) in names
    assert ("picture", PICTURE) in names and ("launch", "index.html") in names
    assert ("page", "welcome.cy.md") in names  # a translation present is checked too
    assert not file_problems(files)
    print(counted(files))


def test_the_collector_carries_every_file_the_sample_programme_refers_to(collected):
    """Compared file by file with what the content model says it uses (the transcripts were once
    left out because the collector skipped .md)."""
    programme = load_programme(collected)
    assert not programme.problems and not [p for m in programme.modules for p in m.problems]
    source = {(f.kind, f.name, f.module, f.language) for f in referenced_files(load_programme(REPO / "modules"))}
    files = referenced_files(programme)
    assert {(f.kind, f.name, f.module, f.language) for f in files} == source
    assert not file_problems(files)
    carried = {p.name for p in (collected.parent / "media").iterdir()}
    assert {TRANSCRIPT, CAPTIONS} <= carried
    # The media folder's own tools stay in the source tree.
    assert not carried & {"README.md", "make_media.py", "make_pictures.py"}


def test_missing_transcript_captions_and_picture_are_each_named(bundle_copy):
    media = bundle_copy.parent / "media"
    (media / TRANSCRIPT).unlink()
    (media / CAPTIONS).unlink()
    (bundle_copy / "04-interviews-and-decisions" / PICTURE).unlink()
    programme = load_programme(bundle_copy)
    problems = file_problems(referenced_files(programme))
    assert len(problems) == 3, problems
    transcript = next(p for p in problems if TRANSCRIPT in p)
    assert transcript.startswith(f"the transcript '{TRANSCRIPT}' (module 01-understanding-trauma, step ")
    assert "is missing: it is not in" in transcript and str(media) in transcript
    assert any(p.startswith(f"the captions '{CAPTIONS}'") for p in problems)
    # The scenario with the missing picture cannot load: its module carries that problem instead.
    assert any(PICTURE in str(p) for m in programme.modules for p in m.problems)


def test_empty_or_garbled_files_are_named_as_such(bundle_copy):
    media = bundle_copy.parent / "media"
    (media / "scenario-probation-supervision.webm").write_bytes(b"")
    (bundle_copy / "01-understanding-trauma" / "welcome.cy.md").write_bytes(b"Croeso \xff\xfe\n")
    problems = file_problems(referenced_files(load_programme(bundle_copy)))
    assert any(p.startswith("the video 'scenario-probation-supervision.webm'") and " is empty: " in p
               for p in problems), problems
    assert any(p.startswith("the Welsh translation of the page 'welcome.cy.md'") and "is not UTF-8 text" in p
               for p in problems), problems


def test_the_self_test_fails_naming_a_missing_transcript(bundle_copy):
    """The real command in a child process: the transcript's absence is a content error the kiosk
    logs at start, and a missing file the Content files step names."""
    (bundle_copy.parent / "media" / TRANSCRIPT).unlink()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIP_KIOSK_", "PYTHON_VLC", "VLC_"))}
    env.update(PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "kiosk", "--self-test", "--content", str(bundle_copy)],
                          capture_output=True, text=True, timeout=180, cwd=REPO, env=env)
    print(done.stdout)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    content = lines.index(next(line for line in lines if line.startswith("  FAIL  Content:")))
    assert TRANSCRIPT in lines[content + 1]
    files = next(i for i, line in enumerate(lines) if line.startswith("  FAIL  Content files: 1 of the "))
    assert lines[files + 1].startswith(f"          - the transcript '{TRANSCRIPT}' (module 01-understanding-trauma")
    assert "PASS  Database" in done.stdout  # the other steps still ran
    assert "PASS  Playback" in done.stdout  # a content problem elsewhere leaves a video to play
    assert "Self-test FAILED: 2 step(s) failed." in done.stdout


def test_the_doctor_warns_naming_a_missing_transcript(bundle_copy):
    from kiosk.core.doctor import check_content

    assert check_content(bundle_copy).status == "pass"
    (bundle_copy.parent / "media" / TRANSCRIPT).unlink()
    result = check_content(bundle_copy)
    assert result.status == "warn" and f"the transcript '{TRANSCRIPT}'" in result.summary, result
    assert "Put the files back" in result.fix
