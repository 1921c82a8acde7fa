"""The installers: which VLC plugins and Qt files go in, the Debian package's layout, the helper
scripts it installs, and (slow) a real PyInstaller bundle that passes its own self-test."""

import json
import os
import shutil
import subprocess
import tarfile
import time
import tomllib
from pathlib import Path

import build  # packaging/build.py: version, build record, sizes (on sys.path from tests/conftest.py)
import bundle_parts
import pytest

from kiosk.core.config import Settings, load_settings
from kiosk.core.doctor.webengine import package_modules
from tests.helpers import write_programme

REPO = Path(__file__).resolve().parent.parent


# -- what goes in -----------------------------------------------------------------------------
def fake_plugins(root: Path, names: dict[str, list[str]]) -> Path:
    for folder, files in names.items():
        (root / folder).mkdir(parents=True)
        for name in files:
            (root / folder / name).write_bytes(b"\x7fELF")
    (root / "plugins.dat").write_bytes(b"stale cache")
    return root


def test_the_plugin_list_names_plugins_for_linux_and_windows_alike(tmp_path):
    listing = tmp_path / "vlc-plugins.txt"
    listing.write_text("# playback needs these\ncodec/libavcodec_plugin.so\n\nlibmp4_plugin.dll  # demux\n"
                       "access\\libfilesystem_plugin.so\nsubsdec\n", encoding="utf-8")
    assert bundle_parts.read_plugin_list(listing) == {"libavcodec_plugin", "libmp4_plugin",
                                                      "libfilesystem_plugin", "libsubsdec_plugin"}
    assert bundle_parts.read_plugin_list(tmp_path / "absent.txt") is None


def test_only_listed_plugins_are_bundled_plus_the_headless_check_outputs(tmp_path):
    plugins = fake_plugins(tmp_path / "plugins", {
        "codec": ["libavcodec_plugin.so", "libx26410b_plugin.so"],
        "demux": ["libmp4_plugin.so"],
        "video_output": ["libvdummy_plugin.so", "libxcb_x11_plugin.so"],
        "audio_output": ["libadummy_plugin.so"],
        "control": ["libdummy_plugin.so", "libhotkeys_plugin.so"],
    })
    pairs, missing = bundle_parts.plugin_files(plugins, {"libavcodec_plugin", "libmp4_plugin",
                                                         "libxcb_x11_plugin", "libpulse_plugin"})
    shipped = {(Path(src).name, dest) for src, dest in pairs}
    assert shipped == {
        ("libavcodec_plugin.so", "vlc/plugins/codec"), ("libmp4_plugin.so", "vlc/plugins/demux"),
        ("libxcb_x11_plugin.so", "vlc/plugins/video_output"),
        ("libvdummy_plugin.so", "vlc/plugins/video_output"), ("libadummy_plugin.so", "vlc/plugins/audio_output"),
        ("libdummy_plugin.so", "vlc/plugins/control"),
    }
    assert missing == {"libpulse_plugin"}


def test_without_a_list_the_whole_plugin_folder_goes_in_but_never_the_stale_cache(tmp_path):
    plugins = fake_plugins(tmp_path / "plugins", {"codec": ["a_plugin.so", "b_plugin.so"], "misc": ["c_plugin.so"]})
    pairs, missing = bundle_parts.plugin_files(plugins, None)
    assert sorted(Path(src).name for src, _ in pairs) == ["a_plugin.so", "b_plugin.so", "c_plugin.so"]
    assert not missing


def test_unused_qt_parts_are_left_out_and_used_ones_kept():
    toc = [
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "x", "BINARY"),
        ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Quick.so.6", "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Charts.so.6", "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6OpenGL.so.6", "x", "BINARY"),
        ("PySide6/QtOpenGL.abi3.so", "x", "EXTENSION"),
        ("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"),
        ("PySide6/Qt/translations/qtbase_en.qm", "x", "DATA"),
        ("PySide6/Qt/translations/qt_cy.qm", "x", "DATA"),
    ]
    kept = {entry[0].rsplit("/", 1)[-1] for entry in bundle_parts.drop_unwanted(toc)}
    assert kept == {"libcomposeplatforminputcontextplugin.so", "libQt6Charts.so.6", "libQt6Pdf.so.6",
                    "libQt6Network.so.6", "libQt6OpenGL.so.6", "qtbase_en.qm", "qt_cy.qm"}
    excluded = set(bundle_parts.QT_EXCLUDES)
    assert "PySide6.QtWebEngineCore" in excluded
    assert not excluded & {"PySide6.QtCharts", "PySide6.QtPrintSupport", "PySide6.QtPdf", "PySide6.QtNetwork",
                           "PySide6.QtSvg", "PySide6.QtWidgets"}


@pytest.mark.skipif(shutil.which("readelf") is None, reason="needs readelf (binutils)")
def test_libraries_nothing_in_the_bundle_links_are_left_out_repeatedly(tmp_path):
    system = Path("/usr/lib/x86_64-linux-gnu")
    contents = tmp_path / "tip-kiosk" / "_internal"
    (contents / "PySide6").mkdir(parents=True)
    shutil.copy(system / "libxcb.so.1", contents / "PySide6" / "libxcb.so.1")  # a user, in a subfolder
    for name in ("libXau.so.6", "libcairo.so.2", "libpixman-1.so.0"):
        shutil.copy(system / name, contents / name)
    shutil.copy(system / "libpixman-1.so.0", contents / "libpython3.11.so.1.0")  # loaded by name
    shutil.copy(system / "libpixman-1.so.0", contents / "libsoftokn3.so")  # NSS loads it by name
    removed = bundle_parts.prune_unlinked(contents)
    # cairo: nothing links it; then pixman, which only cairo linked. libXau stays: libxcb links it.
    assert [name for name, _ in removed] == ["libcairo.so.2", "libpixman-1.so.0"]
    assert sorted(p.name for p in contents.glob("*.so*")) == ["libXau.so.6", "libpython3.11.so.1.0",
                                                               "libsoftokn3.so"]


def test_the_standard_variant_keeps_what_the_web_engine_links_and_trims_chromiums_locales():
    toc = [
        ("PySide6/Qt/lib/libQt6Quick.so.6", "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Qml.so.6", "x", "BINARY"),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "x", "BINARY"),
        ("PySide6/Qt/translations/qtwebengine_locales/en-US.pak", "x", "DATA"),
        ("PySide6/Qt/translations/qtwebengine_locales/de.pak", "x", "DATA"),
        ("PySide6/Qt/translations/qtwebengine_de.qm", "x", "DATA"),
    ]
    kept = {entry[0].rsplit("/", 1)[-1] for entry in bundle_parts.drop_unwanted(toc, "standard")}
    assert kept == {"libQt6Quick.so.6", "libQt6Qml.so.6", "en-US.pak"}
    assert {entry[0].rsplit("/", 1)[-1] for entry in bundle_parts.drop_unwanted(toc)} == {"en-US.pak"}
    standard = set(bundle_parts.qt_excludes("standard"))
    assert "PySide6.QtWebEngineCore" not in standard and "PySide6.QtWebEngineWidgets" not in standard
    assert "PySide6.QtWebEngineQuick" in standard and "PySide6.QtMultimedia" in standard
    assert set(bundle_parts.qt_excludes("lean")) == set(bundle_parts.QT_EXCLUDES)


def test_the_standard_variant_ships_only_the_player_files_it_serves(tmp_path):
    modules = tmp_path / "node_modules"
    for name in ("scorm-again/dist/scorm12.min.js", "scorm-again/dist/scorm2004.min.js",
                 "scorm-again/dist/scorm12.min.js.map", "scorm-again/dist/scorm-again.min.js",
                 "scorm-again/dist/esm/scorm12.js", "scorm-again/LICENSE", "scorm-again/README.md",
                 "h5p-standalone/dist/main.bundle.js", "h5p-standalone/dist/fonts/h5p-core-30.woff2",
                 "h5p-standalone/LICENSE"):
        (modules / name).parent.mkdir(parents=True, exist_ok=True)
        (modules / name).write_text("x")
    player = tmp_path / "player"
    player.mkdir()
    (player / "scorm.html").write_text("<!doctype html>")
    shipped = {(Path(src).relative_to(tmp_path).as_posix(), dest)
               for src, dest in bundle_parts.web_datas(modules, player)}
    assert shipped == {
        ("node_modules/scorm-again/dist/scorm12.min.js", "web-vendor/scorm-again/dist"),
        ("node_modules/scorm-again/dist/scorm2004.min.js", "web-vendor/scorm-again/dist"),
        ("node_modules/scorm-again/LICENSE", "web-vendor/scorm-again"),
        ("node_modules/h5p-standalone/dist/main.bundle.js", "web-vendor/h5p-standalone/dist"),
        ("node_modules/h5p-standalone/dist/fonts/h5p-core-30.woff2", "web-vendor/h5p-standalone/dist/fonts"),
        ("node_modules/h5p-standalone/LICENSE", "web-vendor/h5p-standalone"),
        ("player/scorm.html", "kiosk/ui/web/player"),
    }


def test_the_standard_variant_will_not_build_without_the_players(tmp_path):
    (tmp_path / "player").mkdir()
    with pytest.raises(SystemExit, match="make web"):
        bundle_parts.web_datas(tmp_path / "node_modules", tmp_path / "player")


# -- the Debian package -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def deb(tmp_path_factory):
    """A .deb made around a small stand-in bundle (the real one is built by the slow test)."""
    work = tmp_path_factory.mktemp("deb")
    bundle = work / "tip-kiosk"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "tip-kiosk").write_text("#!/bin/sh\necho kiosk\n")
    (bundle / "tip-kiosk").chmod(0o755)
    path = build.make_deb(bundle, work, work / "build")
    return path, work


def test_the_deb_installs_the_kiosk_launcher_menu_entry_unit_and_config(deb):
    path, _ = deb
    listing = subprocess.run(["dpkg-deb", "-c", str(path)], capture_output=True, text=True, check=True).stdout
    for installed in ("./opt/tip-kiosk/tip-kiosk", "./opt/tip-kiosk/share/tip-kiosk-autostart.desktop",
                      "./usr/bin/tip-kiosk", "./usr/bin/tip-kiosk-autostart", "./usr/bin/tip-kiosk-session",
                      "./usr/share/applications/tip-kiosk.desktop", "./usr/lib/systemd/user/tip-kiosk.service",
                      "./etc/tip-kiosk/kiosk.toml"):
        assert installed in listing, installed
    assert "etc/xdg/autostart" not in listing  # autostart only when IT enables it
    assert "root/root" in listing


def test_the_two_variants_are_named_apart_and_replace_each_other(deb, tmp_path):
    lean, work = deb
    standard = build.make_deb(work / "tip-kiosk", tmp_path, tmp_path / "build", variant="standard")
    assert lean.name.startswith("tip-kiosk_") and standard.name.startswith("tip-kiosk-standard_")

    def fields(path):
        text = subprocess.run(["dpkg-deb", "-f", str(path)], capture_output=True, text=True,
                              check=True).stdout
        return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)

    lean_fields, standard_fields = fields(lean), fields(standard)
    assert lean_fields["Package"] == "tip-kiosk" and standard_fields["Package"] == "tip-kiosk-standard"
    assert lean_fields["Conflicts"] == lean_fields["Replaces"] == "tip-kiosk-standard"
    assert standard_fields["Conflicts"] == standard_fields["Replaces"] == "tip-kiosk"
    assert standard_fields["Provides"] == "tip-kiosk"
    archive = build.make_tarball(work / "tip-kiosk", tmp_path, "standard")
    assert archive.name.startswith("tip-kiosk-standard-")


def test_the_config_file_is_a_conffile_and_loads_as_the_defaults(deb, tmp_path):
    path, _ = deb
    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "-e", str(path), str(control)], check=True)
    assert (control / "conffiles").read_text() == "/etc/tip-kiosk/kiosk.toml\n"
    fields = (control / "control").read_text()
    assert "Package: tip-kiosk\n" in fields and "Depends: libc6" in fields
    assert os.access(control / "prerm", os.X_OK)

    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(path), str(root)], check=True)
    config = root / "etc/tip-kiosk/kiosk.toml"
    assert tomllib.loads(config.read_text()) == {}  # every setting commented out at its default
    assert load_settings(config, environ={}) == Settings()
    text = config.read_text()
    for name in Settings.__dataclass_fields__:
        assert f"# {name} =" in text, name


def test_autostart_is_enabled_and_disabled_with_one_command(deb, tmp_path):
    _, work = deb
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb[0]), str(root)], check=True)
    env = {**os.environ, "TIP_KIOSK_AUTOSTART_DIR": str(tmp_path / "xdg-autostart"),
           "TIP_KIOSK_SHARE": str(root / "opt/tip-kiosk/share")}
    script = str(root / "usr/bin/tip-kiosk-autostart")
    assert subprocess.run([script, "status"], env=env, capture_output=True, text=True).stdout.strip() == "disabled"
    subprocess.run([script, "enable"], env=env, check=True, capture_output=True)
    entry = tmp_path / "xdg-autostart" / "tip-kiosk.desktop"
    assert "Exec=/usr/bin/tip-kiosk-session" in entry.read_text()
    subprocess.run([script, "disable"], env=env, check=True, capture_output=True)
    assert not entry.exists()


def test_the_session_script_relaunches_after_a_crash_but_not_after_an_exit(tmp_path):
    """A stand-in kiosk crashes twice, then exits cleanly (as the admin panel's Exit does)."""
    runs = tmp_path / "runs"
    kiosk = tmp_path / "kiosk"
    kiosk.write_text(f'#!/bin/sh\necho run >> "{runs}"\n[ $(wc -l < "{runs}") -ge 3 ] && exit 0\nkill -SEGV $$\n')
    kiosk.chmod(0o755)
    env = {**os.environ, "TIP_KIOSK_BIN": str(kiosk), "TIP_KIOSK_RELAUNCH_DELAY": "0"}
    done = subprocess.run([str(REPO / "packaging/linux/tip-kiosk-session")], env=env, timeout=30,
                          capture_output=True)
    assert done.returncode == 0
    assert runs.read_text().count("run") == 3


def test_the_session_script_gives_up_after_five_quick_crashes(tmp_path):
    runs = tmp_path / "runs"
    kiosk = tmp_path / "kiosk"
    kiosk.write_text(f'#!/bin/sh\necho run >> "{runs}"\nexit 3\n')
    kiosk.chmod(0o755)
    env = {**os.environ, "TIP_KIOSK_BIN": str(kiosk), "TIP_KIOSK_RELAUNCH_DELAY": "0"}
    done = subprocess.run([str(REPO / "packaging/linux/tip-kiosk-session")], env=env, timeout=30,
                          capture_output=True)
    assert done.returncode == 3
    assert runs.read_text().count("run") == 5


def test_the_systemd_unit_relaunches_on_failure_only():
    unit = (REPO / "packaging/linux/tip-kiosk.service").read_text()
    assert "Restart=on-failure" in unit and "ExecStart=/opt/tip-kiosk/tip-kiosk" in unit
    assert "WantedBy=graphical-session.target" in unit


# -- the real bundle (slow: PyInstaller takes about a minute here) ------------------------------
def make_clip(path: Path) -> Path:
    """A 2 s clip in the sample media's format (AV1 + Opus in WebM): the lean bundle has no
    avcodec, so it plays these and not H.264."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=2",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:v", "libsvtav1", "-pix_fmt",
                    "yuv420p", "-c:a", "libopus", "-shortest", "-f", "webm", str(path)], check=True, timeout=120)
    return path


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_linux_bundle_builds_and_passes_its_self_test_headless(tmp_path):
    content = write_programme(tmp_path / "content")
    make_clip(content / "media" / "clip.mp4")  # the programme's video step plays a real file
    # (WebM under an .mp4 name: libVLC goes by the file's content, as the kiosk's loader does)
    started = time.monotonic()
    bundle = build.build_bundle(tmp_path / "dist", tmp_path / "work")
    built_in = time.monotonic() - started
    contents = bundle.path / "_internal"
    assert (contents / "vlc" / "plugins" / "plugins.dat").stat().st_size > 1000  # regenerated cache
    assert (contents / "build-info.json").exists()
    assert (contents / "content" / "modules" / "programme.yaml").exists()  # the sample programme
    # The lean variant has no web engine at all: no Qt libraries, helper process, resources,
    # Chromium locales or Python bindings (file names differ in case: QtWebEngineProcess,
    # qtwebengine_resources.pak), and no npm players.
    webengine = [p for p in contents.rglob("*") if "webengine" in p.name.lower()]
    assert not webengine, webengine[:5]
    assert not (contents / "PySide6" / "Qt" / "resources").exists()
    assert not (contents / "web-vendor").exists()
    assert json.loads((contents / "build-info.json").read_text())["variant"] == "lean"

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TIP_KIOSK_", "PYTHON_VLC", "VLC_", "PYTHON")) and k != "DISPLAY"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([str(bundle.path / "tip-kiosk"), "--self-test", "--content", str(content)],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    print(done.stdout)
    print(f"bundle: {bundle.size_bytes / 1e6:.0f} MB, built in {built_in:.0f} s")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Self-test passed." in done.stdout
    assert "from the kiosk's own folder" in done.stdout  # libVLC came from the bundle, not the system
    assert "pictures and" in done.stdout
    assert "PASS  Web engine: no web engine (lean installer)" in done.stdout
    assert "PASS  Content files: every file the content refers to is here" in done.stdout

    # The sample programme the bundle carries is whole: the video transcripts (once left out
    # with every .md) are there, and its own self-test finds every file its content names.
    media = contents / "content" / "media"
    transcripts = sorted(p.name for p in media.glob("*.transcript.md"))
    assert transcripts == sorted(p.name for p in (REPO / "media").glob("*.transcript.md")), transcripts
    assert not (media / "make_media.py").exists() and not (media / "README.md").exists()
    sample = subprocess.run([str(bundle.path / "tip-kiosk"), "--self-test"], capture_output=True, text=True,
                            timeout=120, env=env, cwd=tmp_path)
    print(sample.stdout)
    assert sample.returncode == 0, sample.stdout + sample.stderr
    assert "PASS  Content files: every file the content refers to is here and readable" in sample.stdout
    assert "3 transcripts" in sample.stdout

    # The plugin list plays every sample video the bundle carries (pictures and sound decoded),
    # without Debian's libavcodec and the encoder libraries it links.
    samples = sorted((contents / "content" / "media").glob("*.webm"))
    assert len(samples) >= 3, samples
    for sample in samples:
        played = subprocess.run([str(bundle.path / "tip-kiosk"), "--self-test", "--content", str(content),
                                 "--self-test-media", str(sample)], capture_output=True, text=True,
                                timeout=120, env=env, cwd=tmp_path)
        assert played.returncode == 0 and f"of {sample.name}" in played.stdout, played.stdout + played.stderr
        assert " 0 pictures" not in played.stdout and " 0 audio blocks" not in played.stdout, played.stdout
    heavy = [p.name for p in contents.rglob("*") if p.name.startswith(("libavcodec", "libx265", "libcodec2",
                                                                       "libSvtAv1Enc", "libaom", "librsvg"))]
    assert not heavy, heavy

    # The doctor works from the bundle too: it runs the bundle itself for its Qt check, and by
    # default looks at the sample programme the bundle carries.
    doctor = subprocess.run([str(bundle.path / "tip-kiosk"), "doctor", "--json", "--data-dir",
                             str(tmp_path / "data")], capture_output=True, text=True, timeout=120,
                            env=env, cwd=tmp_path)
    results = {r["name"]: r for r in json.loads(doctor.stdout)}
    assert results["libVLC"]["status"] == "pass", results["libVLC"]
    assert "It plays AV1, Opus in" in results["libVLC"]["summary"], results["libVLC"]  # and no H.264
    assert results["Qt platform"]["status"] == "pass", results["Qt platform"]
    assert str(contents / "content" / "modules") in results["Content"]["summary"]
    # Said calmly, as the lean variant is a choice; a warning only because the sample programme
    # has a SCORM module, which this kiosk cannot open.
    packages = results["Standard packages (SCORM/H5P)"]
    expected = "warn" if package_modules(REPO / "modules") else "info"
    assert packages["status"] == expected and "lean installer" in packages["summary"], packages
    assert "standard variant" in packages["fix"]

    # The same bundle refuses content it cannot use, with a non-zero status.
    shutil.rmtree(content / "01-module")
    bad = subprocess.run([str(bundle.path / "tip-kiosk"), "--self-test", "--content", str(content)],
                         capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert bad.returncode == 1 and "FAIL  Content" in bad.stdout


def test_the_archive_holds_the_bundle_and_the_linux_helpers(tmp_path):
    bundle = tmp_path / "tip-kiosk"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "tip-kiosk").write_text("#!/bin/sh\n")
    archive = build.make_tarball(bundle, tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    stem = archive.name.removesuffix(".tar.gz")
    assert f"{stem}/tip-kiosk" in names and f"{stem}/share/tip-kiosk.service" in names
    assert f"{stem}/share/deployment.md" in names
