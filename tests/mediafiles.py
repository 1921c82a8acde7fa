"""Media made at test time with ffmpeg (no video is committed), and content that uses it.

The ``media`` fixture is registered for every test module in tests/conftest.py.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import write_programme

CLIP_SECONDS = 20
SHORT_SECONDS = 6
LONG_SECONDS = 13 * 60

CLIP_VTT = """WEBVTT

NOTE Captions for the test clip.

intro
00:00.000 --> 00:03.000
<v Narrator>Welcome to this short clip.

00:03.500 --> 00:07.000
Trauma can affect how people remember.

00:08.000 --> 00:12.000
Take your time &amp; go at your own pace.

00:13.000 --> 00:19.500
Thank you for watching.
"""

CLIP_SRT = """1
00:00:00,000 --> 00:00:03,000
Welcome to this short clip.

2
00:00:03,500 --> 00:00:07,000
Trauma can affect how people remember.
"""


@dataclass(frozen=True)
class Media:
    folder: Path
    clip: Path
    """20 s, 640x360, a bright moving test pattern and a tone."""
    short: Path
    """6 s, 320x180, pattern and tone: for playing through to the end."""
    long: Path
    """13 minutes, 160x90 at 5 fps, no sound: long media, made in about a second."""
    vtt: Path
    srt: Path


def _ffmpeg(*args: str) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is needed to make test media (make test installs it)")
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def make_media(folder: Path) -> Media:
    folder.mkdir(parents=True, exist_ok=True)
    clip, short, long = folder / "clip.mp4", folder / "short.mp4", folder / "long.mp4"
    fast = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart"]
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i",
            "sine=frequency=440:sample_rate=44100", "-t", str(CLIP_SECONDS), *fast,
            "-c:a", "aac", "-b:a", "64k", "-shortest", str(clip))
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i",
            "sine=frequency=330:sample_rate=44100", "-t", str(SHORT_SECONDS), *fast,
            "-c:a", "aac", "-b:a", "48k", "-shortest", str(short))
    _ffmpeg("-f", "lavfi", "-i", "testsrc=size=160x90:rate=5", "-t", str(LONG_SECONDS), *fast,
            "-g", "50", "-crf", "40", str(long))
    vtt, srt = folder / "clip.vtt", folder / "clip.srt"
    vtt.write_text(CLIP_VTT, encoding="utf-8")
    srt.write_text(CLIP_SRT, encoding="utf-8")
    return Media(folder, clip, short, long, vtt, srt)


@pytest.fixture(scope="session")
def media(tmp_path_factory) -> Media:
    return make_media(tmp_path_factory.mktemp("media"))


def video_content(folder: Path, media: Media, video: Path | None = None, extra: str = "") -> Path:
    """The test programme (see tests/helpers.py) with a real video behind its 'clip' step.

    ``extra`` adds fields to the video step, e.g. ``"transcript_counts: true"``.
    """
    write_programme(folder, modules=1)
    shutil.copyfile(video or media.clip, folder / "media" / "clip.mp4")
    shutil.copyfile(media.vtt, folder / "media" / "clip.vtt")
    if extra:
        path = folder / "01-module" / "module.yaml"
        text = path.read_text()
        anchor = "    duration_seconds: 30\n"
        lines = "".join(f"    {line.strip()}\n" for line in extra.strip().splitlines())
        path.write_text(text.replace(anchor, anchor + lines, 1))
    return folder
