"""The Windows one-folder bundle, built on Linux with PyInstaller under Wine from the project's own
spec (packaging/windows/build.py), and its --self-test run under Wine: every step that can pass
without libVLC passes, libVLC and playback say "not available" (not FAIL), the content's every
file is in the bundle (transcripts too), and what the Linux bundle leaves out stays out here too.

The Wine environment comes from packaging/windows/wine.py (cached: a warm build skips the prefix,
the Windows Python and the wheels). No VLC for Windows can be fetched here, so the VLC wiring is
tested in its parts: the plugin selection in the Windows Python on a folder laid out as VLC's
(its files are empty: the choice of files is under test, not the files), and the plugin cache
step with a stand-in vlc-cache-gen.exe (a real tiny Windows program that writes plugins.dat where
it is told: how the build calls it under Wine is under test, not VLC's cache format).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path, PureWindowsPath

import bundle_parts
import pytest
import wine

from kiosk.core.content import load_programme
from kiosk.core.content.completeness import file_problems, referenced_files
from tests.helpers import write_programme
from tests.packaging_paths import windows_build

REPO = Path(__file__).resolve().parent.parent


winbuild = windows_build()


def test_the_drop_list_matches_the_windows_names_of_what_the_linux_bundle_leaves_out():
    """As the spec sees them under the Windows Python: backslashes, no lib prefix, no Qt/ folder."""
    toc = [(name, "x", "BINARY") for name in (
        r"PySide6\plugins\platforminputcontexts\qtvirtualkeyboardplugin.dll",
        r"PySide6\Qt6VirtualKeyboard.dll", r"PySide6\Qt6Quick.dll", r"PySide6\Qt6Qml.dll",
        r"PySide6\QtOpenGL.pyd", r"PySide6\translations\qtbase_de.qm", r"PySide6\translations\qt_fr.qm",
        # kept: what the kiosk uses, and Qt's English and Welsh strings
        r"PySide6\plugins\platforms\qwindows.dll", r"PySide6\plugins\platforms\qoffscreen.dll",
        r"PySide6\Qt6Charts.dll", r"PySide6\Qt6Pdf.dll", r"PySide6\Qt6OpenGL.dll",
        r"PySide6\translations\qtbase_en.qm", r"PySide6\translations\qt_cy.qm",
        r"kiosk\ui\i18n\tip_kiosk_cy.qm")]
    kept = {entry[0].rsplit("\\", 1)[-1] for entry in bundle_parts.drop_unwanted(toc)}
    assert kept == {"qwindows.dll", "qoffscreen.dll", "Qt6Charts.dll", "Qt6Pdf.dll", "Qt6OpenGL.dll",
                    "qtbase_en.qm", "qt_cy.qm", "tip_kiosk_cy.qm"}


def test_a_folder_that_is_not_vlc_is_refused_naming_what_it_lacks(tmp_path):
    (tmp_path / "libvlc.dll").write_bytes(b"")
    with pytest.raises(SystemExit) as refused:
        winbuild.check_vlc_folder(tmp_path)
    assert "libvlccore.dll, plugins, vlc-cache-gen.exe" in str(refused.value)


# -- under Wine -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def win() -> wine.WineEnv:
    return wine.ensure()


@pytest.fixture(scope="module")
def bundle(win: wine.WineEnv, tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = winbuild.build_bundle(win, tmp_path_factory.mktemp("dist-windows"))
    print(f"Windows bundle: {built.size_bytes / 1e6:.0f} MB, built in {built.seconds:.0f} s")
    return built.path


def self_test_steps(done: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """{step name: PASS/FAIL/N/A} from the self-test's output."""
    steps = {}
    for line in done.stdout.splitlines():
        if line.startswith(("  PASS", "  FAIL", "  N/A")):
            outcome, rest = line.split(None, 1)
            steps[rest.split(":", 1)[0]] = outcome
    return steps


@pytest.mark.wine
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_the_windows_bundle_self_tests_under_wine_with_libvlc_reported_not_available(win, bundle):
    contents = bundle / "_internal"
    assert (bundle / "tip-kiosk.exe").is_file() and (bundle / "tip-kiosk-cli.exe").is_file()
    info = json.loads((contents / "build-info.json").read_text(encoding="utf-8"))
    assert (info["platform"], info["libvlc"], info["python"]) == ("win32-AMD64", False, win.python_version)

    started = time.monotonic()
    done = winbuild.self_test(win, bundle)
    print(done.stdout, done.stderr, f"self-test under Wine: {time.monotonic() - started:.1f} s")
    assert self_test_steps(done) == {"Content": "PASS", "Content files": "PASS", "Database": "PASS",
                                     "Interface": "PASS", "libVLC": "N/A", "Playback": "N/A",
                                     "Web engine": "PASS"}, done.stdout
    assert "built without VLC" in done.stdout
    assert "platform offscreen" in done.stdout  # Windows Qt really built the sign-in screen
    assert done.returncode == 3 and "not available in this installation: libVLC, Playback." in done.stdout

    # "Not available" never hides a real failure: content with a module gone still fails.
    content = write_programme(Path(bundle.parent) / "broken-content")
    shutil.rmtree(content / "01-module")
    broken = winbuild.self_test(win, bundle, "--content", win.wine_path(content))
    assert broken.returncode == 1 and self_test_steps(broken)["Content"] == "FAIL", broken.stdout


@pytest.mark.wine
@pytest.mark.slow
def test_the_windows_bundle_carries_every_content_file_and_leaves_out_what_linux_leaves_out(bundle):
    contents = bundle / "_internal"
    programme = load_programme(contents / "content" / "modules")
    files = referenced_files(programme)
    assert not file_problems(files)
    transcripts = sorted(p.name for p in (contents / "content" / "media").glob("*.transcript.md"))
    assert transcripts == sorted(p.name for p in (REPO / "media").glob("*.transcript.md")) and transcripts
    assert (contents / "kiosk" / "ui" / "i18n" / "tip_kiosk_cy.qm").is_file()

    names = {p.relative_to(contents).as_posix() for p in contents.rglob("*") if p.is_file()}
    assert not [n for n in names if "virtualkeyboard" in n.lower() or n.startswith(("PySide6/Qt6Quick",
                                                                                    "PySide6/Qt6Qml"))]
    qt_languages = {Path(n).stem.rsplit("_", 1)[-1] for n in names
                    if n.startswith("PySide6/translations/") and n.endswith(".qm")}
    assert qt_languages and qt_languages <= set(bundle_parts.UI_LANGUAGES), qt_languages
    # The stubs Wine needs are Wine's, never the bundle's: Windows has the real DLLs.
    assert not {"icuuc.dll", "bcryptprimitives.dll"} & {Path(n).name.lower() for n in names}
    assert not [n for n in names if n.lower().endswith(("libvlc.dll", "libvlccore.dll"))]


# -- the VLC wiring, without a real VLC -------------------------------------------------------------
FAKE_CACHE_GEN = """
        .intel_syntax noprefix
        .text
        .globl  start
start:                                  # vlc-cache-gen.exe FOLDER: writes FOLDER\\plugins.dat
        sub     rsp, 72
        lea     rcx, [rip + argc]
        lea     rdx, [rip + argv]
        lea     r8, [rip + envp]
        xor     r9d, r9d
        lea     rax, [rip + startinfo]
        mov     [rsp + 32], rax
        call    __getmainargs
        cmp     dword ptr [rip + argc], 2
        jne     fail
        mov     rax, [rip + argv]
        mov     rcx, [rax + 8]
        call    _chdir
        test    eax, eax
        jnz     fail
        lea     rcx, [rip + name]
        lea     rdx, [rip + mode]
        call    fopen
        test    rax, rax
        jz      fail
        mov     [rsp + 48], rax
        lea     rcx, [rip + text]
        mov     rdx, rax
        call    fputs
        mov     rcx, [rsp + 48]
        call    fclose
        xor     ecx, ecx
        call    exit
fail:
        mov     ecx, 1
        call    exit

        .data
        .align  8
argv:   .quad   0
envp:   .quad   0
argc:   .long   0
startinfo: .long 0
name:   .asciz  "plugins.dat"
mode:   .asciz  "wb"
text:   .asciz  "stand-in plugin cache\\n"
"""
MSVCRT_DEF = "LIBRARY msvcrt.dll\nEXPORTS\n__getmainargs\n_chdir\nfopen\nfputs\nfclose\nexit\n"


def fake_cache_gen(folder: Path) -> Path:
    """A real Windows console program (msvcrt only) standing in for VLC's vlc-cache-gen.exe."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cache-gen.s").write_text(FAKE_CACHE_GEN, encoding="ascii")
    (folder / "msvcrt.def").write_text(MSVCRT_DEF, encoding="ascii")
    subprocess.run(["x86_64-w64-mingw32-dlltool", "-d", str(folder / "msvcrt.def"), "-l",
                    str(folder / "libmsvcrt.a")], check=True)
    subprocess.run(["x86_64-w64-mingw32-as", str(folder / "cache-gen.s"), "-o", str(folder / "cache-gen.o")],
                   check=True)
    exe = folder / "vlc-cache-gen.exe"
    subprocess.run(["x86_64-w64-mingw32-ld", "-e", "start", "--subsystem", "console", "-o", str(exe),
                    str(folder / "cache-gen.o"), str(folder / "libmsvcrt.a")], check=True)
    return exe


LINUX_ONLY = ("xcb", "pulse", "alsa", "glx", "egl_x11", "dbus_screensaver", "xdg_screensaver")
"""Plugins of the shared list a Windows VLC does not have."""


def vlc_like_folder(root: Path) -> Path:
    """The layout of an unpacked VLC 3.0.x win64 zip, with empty files: every plugin both lists name
    that Windows has, and some nobody wants (a GUI, Lua, the big FFmpeg codec)."""
    vlc = root / "vlc-3.0.21"
    wanted = bundle_parts.read_plugin_list() | bundle_parts.read_plugin_list(bundle_parts.WINDOWS_PLUGIN_LIST)
    names = ["libvlc.dll", "libvlccore.dll", "vlc.exe", "plugins/plugins.dat", "plugins/gui/libqt_plugin.dll",
             "plugins/lua/liblua_plugin.dll", "plugins/codec/libavcodec_plugin.dll"]
    names += [f"plugins/{'video_output' if 'direct3d' in n or 'drawable' in n else 'misc'}/{n}.dll"
              for n in wanted if not n.startswith(tuple(f"lib{o}" for o in LINUX_ONLY))]
    for name in names:
        (vlc / name).parent.mkdir(parents=True, exist_ok=True)
        (vlc / name).write_bytes(b"")
    return vlc


@pytest.mark.wine
@pytest.mark.slow
def test_the_windows_python_picks_libvlc_and_the_listed_plugins_with_windows_outputs_from_a_vlc_folder(
        win, tmp_path):
    vlc = vlc_like_folder(tmp_path)
    script = ("import json, sys; sys.path.insert(0, sys.argv[1]); import bundle_parts as b;"
              "d = b.vlc_library_dir(); p, m = b.plugin_files(b.vlc_plugin_dir(d), b.wanted_plugins());"
              "print(json.dumps({'binaries': b.vlc_binaries(d), 'plugins': p, 'missing': sorted(m)}))")
    done = win.run(["-c", script, win.wine_path(REPO / "packaging")], env={"VLC_DIR": win.wine_path(vlc)},
                   timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    chosen = json.loads(done.stdout)
    assert [(PureWindowsPath(s).name, d) for s, d in chosen["binaries"]] == [
        ("libvlc.dll", "."), ("libvlccore.dll", ".")]
    placed = {PureWindowsPath(s).name: d.replace("\\", "/") for s, d in chosen["plugins"]}
    offered = {p.name for p in (vlc / "plugins").rglob("*_plugin.dll")}
    assert set(placed) == offered - {"libqt_plugin.dll", "liblua_plugin.dll", "libavcodec_plugin.dll"}
    # The window embedding python-vlc's set_hwnd needs, and a Windows picture and sound output,
    # each in the folder it came from, as libVLC expects.
    assert placed["libdrawable_plugin.dll"] == "vlc/plugins/video_output"
    assert placed["libdirect3d11_plugin.dll"] == "vlc/plugins/video_output"
    assert {"libmmdevice_plugin.dll", "libdav1d_plugin.dll", "libvdummy_plugin.dll"} <= set(placed)
    assert chosen["missing"] and all(name.startswith(tuple(f"lib{o}" for o in LINUX_ONLY))
                                     for name in chosen["missing"]), chosen["missing"]


@pytest.mark.wine
@pytest.mark.slow
def test_the_plugin_cache_is_made_by_running_vlc_cache_gen_under_wine_on_the_bundled_plugins(win, tmp_path):
    # A space in the path, as IT's folders often have: the path must reach the program whole.
    plugins = tmp_path / "dist windows" / "tip-kiosk" / "_internal" / "vlc" / "plugins"
    plugins.mkdir(parents=True)
    cache_gen = fake_cache_gen(tmp_path / "vlc")
    cache = winbuild.make_plugin_cache(win, cache_gen, plugins)
    assert cache == plugins / "plugins.dat" and cache.read_text() == "stand-in plugin cache\n"

    elsewhere = tmp_path / "not-there"
    with pytest.raises(SystemExit) as refused:
        winbuild.make_plugin_cache(win, cache_gen, elsewhere)
    assert "did not write" in str(refused.value) and "exit 1" in str(refused.value)


TINY_DLL = """
        .intel_syntax noprefix
        .text
        .globl  DllMain
DllMain:
        mov     eax, 1
        ret
"""


def tiny_dlls(folder: Path, names: list[str]) -> None:
    """Real (empty) Windows DLLs at ``names`` under ``folder``: PyInstaller reads their headers."""
    source, obj = folder / "tiny.s", folder / "tiny.o"
    folder.mkdir(parents=True, exist_ok=True)
    source.write_text(TINY_DLL, encoding="ascii")
    subprocess.run(["x86_64-w64-mingw32-as", str(source), "-o", str(obj)], check=True)
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["x86_64-w64-mingw32-ld", "-shared", "--entry", "DllMain", "--subsystem", "windows",
                        "-o", str(folder / name), str(obj)], check=True)
    source.unlink()
    obj.unlink()


@pytest.mark.wine
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_a_build_with_a_vlc_folder_carries_its_libvlc_and_listed_plugins_and_never_says_not_available(
        win, tmp_path):
    """The whole --vlc path through the spec under Wine, with stand-in DLLs (VLC itself is not under
    test): libVLC beside the kiosk, the listed plugins and a cache made by vlc-cache-gen.exe, the
    build record saying libvlc: true; and a libVLC that does not work is then a FAIL, not N/A."""
    # Made once in the build cache, not per test: PyInstaller's analysis is kept only while its
    # input files keep their paths and times, so a warm rerun takes seconds instead of minutes.
    vlc = win.work_dir / "test-stand-in-vlc"
    with wine.locked(win.work_dir / "test-stand-in-vlc.lock"):
        if not (vlc / "vlc-cache-gen.exe").is_file():
            shutil.rmtree(vlc, ignore_errors=True)
            tiny_dlls(vlc, ["libvlc.dll", "libvlccore.dll", "plugins/codec/libdav1d_plugin.dll",
                            "plugins/demux/libmkv_plugin.dll", "plugins/video_output/libdrawable_plugin.dll",
                            "plugins/video_output/libvdummy_plugin.dll", "plugins/gui/libqt_plugin.dll"])
            shutil.copy(fake_cache_gen(tmp_path / "cache-gen"), vlc / "vlc-cache-gen.exe")
        built = winbuild.build_bundle(win, tmp_path / "dist", vlc=vlc)
    print(f"Windows bundle, stand-in VLC: {built.size_bytes / 1e6:.0f} MB, built in {built.seconds:.0f} s")
    contents = built.path / "_internal"
    assert (contents / "libvlc.dll").is_file() and (contents / "libvlccore.dll").is_file()
    plugins = contents / "vlc" / "plugins"
    assert sorted(p.relative_to(plugins).as_posix() for p in plugins.rglob("*.dll")) == [
        "codec/libdav1d_plugin.dll", "demux/libmkv_plugin.dll", "video_output/libdrawable_plugin.dll",
        "video_output/libvdummy_plugin.dll"]
    assert (plugins / "plugins.dat").read_text() == "stand-in plugin cache\n"
    info = json.loads((contents / "build-info.json").read_text(encoding="utf-8"))
    assert info["libvlc"] is True and "vlc-plugins-windows.txt" in info["vlc_plugin_list"]

    done = winbuild.self_test(win, built.path)
    print(done.stdout)
    assert self_test_steps(done)["libVLC"] == "FAIL" and done.returncode == 1, done.stdout
