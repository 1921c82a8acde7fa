"""Which videos a kiosk build can play: read from the libVLC plugin files present, and from a
video file's own headers; `content validate` and `doctor` say so in plain words; libVLC starts
with only the decoder options its plugins know (it refuses to start on an unknown option)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kiosk.core.content import validate_paths
from kiosk.core.media_codecs import decoder_options, file_codecs, playable, plugin_names, unplayable
from kiosk.core.vlccheck import load_vlc, plugin_dir
from tests.helpers import write_programme

LEAN = {"dav1d", "opus", "mkv", "mp4", "xcb_x11", "pulse"}
REPO = Path(__file__).resolve().parent.parent


def ffmpeg(out: Path, *codec: str) -> Path:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc=size=160x120:rate=10:duration=1", "-f", "lavfi", "-i", "sine=duration=1",
                    *codec, "-shortest", str(out)], check=True)
    return out


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("codecs")
    return {
        "h264": ffmpeg(folder / "h264.mp4", "-c:v", "libx264", "-c:a", "aac"),
        "h264-end": ffmpeg(folder / "h264-end.mp4", "-c:v", "libx264", "-c:a", "aac", "-movflags", "-faststart"),
        "av1": ffmpeg(folder / "av1.webm", "-c:v", "libsvtav1", "-c:a", "libopus"),
    }


def test_a_files_codecs_come_from_its_headers(clips):
    assert file_codecs(clips["h264"]) == file_codecs(clips["h264-end"])
    assert file_codecs(clips["h264"]).codecs == ("H.264", "AAC")
    assert file_codecs(clips["av1"]).container == "WebM/Matroska"
    assert set(file_codecs(clips["av1"]).codecs) == {"AV1", "Opus"}
    for sample in (REPO / "media").glob("*.webm"):  # the sample programme's own videos
        assert unplayable(sample, playable(LEAN)) is None, sample


def test_the_lean_plugin_set_says_plainly_it_cannot_play_h264(clips):
    reason = unplayable(clips["h264"], playable(LEAN))
    assert reason and "cannot play H.264, AAC" in reason and "ffmpeg -i h264.mp4" in reason
    assert unplayable(clips["h264"], playable({"avcodec", "mp4"})) is None
    assert unplayable(clips["av1"], playable({"dav1d", "opus"})) == (
        "av1.webm holds AV1 and Opus in WebM/Matroska; this kiosk build cannot play WebM/Matroska "
        "(it plays AV1, Opus in no container). Convert it, e.g. `ffmpeg -i av1.webm -c:v libsvtav1 "
        "-crf 38 -c:a libopus av1.webm`, or install the kiosk where libVLC has avcodec.")


def test_content_validate_warns_about_a_video_this_build_cannot_play(clips, tmp_path, monkeypatch):
    plugins = tmp_path / "plugins" / "codec"
    plugins.mkdir(parents=True)
    for name in LEAN:
        (plugins / f"lib{name}_plugin.so").write_bytes(b"")
    monkeypatch.setenv("VLC_PLUGIN_PATH", str(plugins.parent))
    content = write_programme(tmp_path / "content", modules=1)
    (content / "media" / "clip.mp4").write_bytes(clips["h264"].read_bytes())
    warnings: list[str] = []
    assert validate_paths([content], warnings) == []
    assert [w for w in warnings if "clip.mp4 holds H.264 and AAC in MP4" in w and "cannot play" in w]
    (content / "media" / "clip.mp4").write_bytes(clips["av1"].read_bytes())  # WebM under any name
    warnings.clear()
    validate_paths([content], warnings)
    assert not [w for w in warnings if "cannot play" in w]


def test_libvlc_starts_with_the_decoder_options_its_plugins_know():
    vlc = load_vlc()
    names = plugin_names(plugin_dir())
    assert {"avcodec", "dav1d", "opus", "mkv"} <= names  # Debian's VLC, as `make test` installs it
    for present in (names, names - {"avcodec"}, names - {"dav1d"}):
        instance = vlc.Instance(["--intf=dummy", "--quiet", *decoder_options(present)])
        assert instance is not None, decoder_options(present)
        instance.release()
    assert decoder_options({"dav1d", "opus"}) == ["--dav1d-thread-frames=1"]
    assert vlc.Instance(["--intf=dummy", "--quiet", "--avcodec-threads-unknown=1"]) is None
