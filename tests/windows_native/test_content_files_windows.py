"""On Windows: the self-test's content steps find every file the sample programme refers to, name
a missing one with its Windows folders, and the doctor's advice is Windows advice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.cli import checks
from kiosk.core.content import load_programme
from kiosk.core.content.completeness import file_problems, referenced_files
from kiosk.core.doctor import advice
from kiosk.core.doctor.checks import check_content
from kiosk.core.errors import KioskError

REPO = Path(__file__).resolve().parents[2]
TRANSCRIPT = "animation-how-trauma-affects-people.transcript.md"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The sample programme as the bundle lays it out, in a folder with a space and Welsh in its
    name (as under a user profile)."""
    root = tmp_path / "Cynnwys â bylchau" / "content"
    shutil.copytree(REPO / "modules", root / "modules")
    shutil.copytree(REPO / "media", root / "media",
                    ignore=shutil.ignore_patterns("*.py", "README.md", "__pycache__"))
    return root / "modules"


def test_every_file_of_the_sample_programme_is_found_and_readable(sample):
    state: dict = {}
    checks._content(_Settings(sample), state)
    summary = checks._content_files(state)
    assert "3 transcripts" in summary and "1 translation" in summary, summary


def test_a_missing_transcript_is_named_with_its_windows_folders(sample):
    (sample.parent / "media" / TRANSCRIPT).unlink()
    state: dict = {}
    with pytest.raises(KioskError, match=TRANSCRIPT):
        checks._content(_Settings(sample), state)  # the error the kiosk logs at start
    with pytest.raises(KioskError) as failed:
        checks._content_files(state)
    text = str(failed.value)
    assert f"the transcript '{TRANSCRIPT}'" in text and str(sample.parent / "media") in text
    assert "\\" in str(sample.parent / "media")  # a Windows path, as IT reads it
    problems = file_problems(referenced_files(load_programme(sample)))
    assert len(problems) == 1
    assert check_content(sample).status == "warn"


def test_the_doctor_gives_windows_advice_here():
    assert advice.command() == "tip-kiosk-cli"
    for text in (advice.vlc_missing(), advice.vlc_cache(None), advice.qt_platform(), advice.secrets()):
        assert not any(word in text for word in ("apt", "Debian", "libvlc5", "sudo", "/etc/")), text
    assert advice.WINDOWS_VLC_SECTION in advice.vlc_missing()


class _Settings:
    def __init__(self, content_dir: Path):
        self.content_dir = content_dir
