"""What goes into the bundle besides the Python code: libVLC, the VLC plugins playback needs,
the sample programme, translations; and which Qt modules stay out. Used by tip-kiosk.spec
(Linux and Windows) and by the tests; standard library only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
PLUGIN_LIST = Path(os.environ.get("TIP_KIOSK_VLC_PLUGINS") or PACKAGING / "vlc-plugins.txt")
"""The plugins playback needs (written by whoever owns playback); TIP_KIOSK_VLC_PLUGINS points
elsewhere, e.g. to measure a trial list."""

# Qt modules the kiosk never imports. PyInstaller follows imports even inside `if` blocks and
# try/except, so an optional import elsewhere would drag these in (QtWebEngine alone is ~390 MB).
# Deliberately NOT excluded, because other parts of the kiosk use them: QtCharts (site reports),
# QtPrintSupport, QtPdf and QtSvg (certificates and PDF reports), QtNetwork (network reachability
# for sync), QtOpenGL/QtOpenGLWidgets (QtCharts links them).
QT_EXCLUDES = [
    "PySide6." + name for name in (
        "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
        "QtBluetooth", "QtCanvasPainter", "QtDataVisualization", "QtDesigner", "QtGraphs",
        "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
        "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtPositioning", "QtQml", "QtQuick",
        "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects",
        "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
        "QtStateMachine", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
        "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView",
    )
] + [
    # Never needed at run time; some are pulled in by test-only or build-only imports.
    "tkinter", "pytest", "pytestqt", "hypothesis", "PyInstaller", "IPython", "numpy",
]

# Files the PySide6 hooks collect that the kiosk never loads. Qt's virtual-keyboard input plugin
# is the only thing that pulls QtQuick and QtQml (~17 MB) in; the kiosk has a real keyboard.
# Verified with ldd: nothing else in the bundle links them.
DROP_PATTERNS = (
    "*/platforminputcontexts/libqtvirtualkeyboardplugin.*",
    "*libQt6VirtualKeyboard*", "*libQt6Quick*", "*libQt6Qml*",
    "*Qt6VirtualKeyboard*.dll", "*Qt6Quick*.dll", "*Qt6Qml*.dll",
    # The GTK3 theme plugin needs GTK3, which a kiosk PC need not have; the kiosk has its own style.
    "*/platformthemes/libqgtk3.*",
)
UI_LANGUAGES = ("en", "cy")
"""Qt's own translations are kept for these languages only (the kiosk's interface languages)."""


# Plugins the kiosk's own headless checks (`--self-test`, `doctor`) use, shipped even when
# vlc-plugins.txt leaves them out: dummy interface, audio and video outputs. They are tiny.
ALWAYS_PLUGINS = {"libdummy_plugin", "libadummy_plugin", "libvdummy_plugin"}


def vlc_library_dir() -> Path:
    """The folder holding libvlc and the ``plugins`` folder of the VLC this build uses.

    ``VLC_DIR`` overrides (on Windows: the VLC install folder, e.g. ``C:\\Program Files\\VideoLAN\\VLC``).
    """
    if os.environ.get("VLC_DIR"):
        return Path(os.environ["VLC_DIR"])
    if sys.platform == "win32":
        return Path(os.environ.get("ProgramFiles", r"C:\Program Files")) / "VideoLAN" / "VLC"
    for candidate in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"):
        if (Path(candidate) / "vlc" / "plugins").is_dir():
            return Path(candidate)
    raise SystemExit("VLC's plugins were not found: install libvlc5 and vlc-plugin-base, or set VLC_DIR.")


def vlc_plugin_dir(library_dir: Path | None = None) -> Path:
    library_dir = library_dir or vlc_library_dir()
    return library_dir / "plugins" if sys.platform == "win32" else library_dir / "vlc" / "plugins"


def read_plugin_list(path: Path = PLUGIN_LIST) -> set[str] | None:
    """The plugins playback needs, by name without extension (``libavcodec_plugin``), or None
    when there is no list (then the whole plugin folder is shipped).

    The list has one plugin a line, as a file name or a path inside the plugin folder
    (``codec/libavcodec_plugin.so``) or a bare name (``avcodec``); the extension is ignored so
    one list serves Linux (.so) and Windows (.dll). ``#`` starts a comment.
    """
    if not path.exists():
        return None
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(_plugin_name(Path(line.replace("\\", "/")).name))
    return names


def _plugin_name(filename: str) -> str:
    for ext in (".so", ".dll", ".dylib"):
        if filename.endswith(ext):
            filename = filename[: -len(ext)]
    if not filename.endswith("_plugin"):
        filename = f"{filename}_plugin"
    return filename if filename.startswith("lib") else f"lib{filename}"


def plugin_files(plugin_dir: Path, wanted: set[str] | None) -> tuple[list[tuple[str, str]], set[str]]:
    """(source file, destination folder in the bundle) pairs for PyInstaller's ``datas``, and the
    wanted names that were not found. ``wanted=None`` means every plugin."""
    pairs = []
    found = set()
    keep = None if wanted is None else wanted | ALWAYS_PLUGINS
    for path in sorted(plugin_dir.rglob("*")):
        if not path.is_file() or path.suffix not in (".so", ".dll", ".dylib"):
            continue  # plugins.dat is regenerated after the build: a copied cache is stale
        name = _plugin_name(path.name)
        if keep is not None and name not in keep:
            continue
        found.add(name)
        relative = path.parent.relative_to(plugin_dir)
        pairs.append((str(path), str(Path("vlc") / "plugins" / relative)))
    missing = set() if wanted is None else wanted - found
    return pairs, missing


def vlc_binaries(library_dir: Path | None = None) -> list[tuple[str, str]]:
    """libvlc and libvlccore, for PyInstaller's ``binaries`` (found by name on Windows, where
    python-vlc loads them by path and PyInstaller cannot see it)."""
    library_dir = library_dir or vlc_library_dir()
    if sys.platform == "win32":
        return [(str(library_dir / name), ".") for name in ("libvlc.dll", "libvlccore.dll")]
    return [(str(library_dir / name), ".") for name in ("libvlc.so.5", "libvlccore.so.9")
            if (library_dir / name).exists()]


def content_datas() -> list[tuple[str, str]]:
    """The sample programme (modules/ and media/) and built translations, if present."""
    datas = [(str(REPO / "modules"), "content/modules")]
    media = REPO / "media"
    for path in sorted(media.glob("*")) if media.is_dir() else ():
        # Only the media themselves; the script that makes them stays in the source tree.
        if path.is_file() and path.suffix.lower() not in (".py", ".sh", ".md"):
            datas.append((str(path), "content/media"))
    for qm in sorted((REPO / "kiosk" / "ui" / "i18n").glob("*.qm")):
        datas.append((str(qm), "kiosk/ui/i18n"))
    return datas


def regenerate_plugin_cache(bundle_contents: Path) -> Path:
    """Run vlc-cache-gen on the bundled plugins; returns the cache file (plugins.dat).

    With a fresh cache, creating a vlc.Instance takes ~4 ms instead of ~70 ms. The cache records
    each plugin's size and time, so it must be made from the bundled copies, after the copy.
    """
    plugins = bundle_contents / "vlc" / "plugins"
    tool = find_cache_gen()
    subprocess.run([str(tool), str(plugins)], check=True, capture_output=True)
    cache = plugins / "plugins.dat"
    if not cache.exists():
        raise SystemExit(f"vlc-cache-gen did not write {cache}")
    return cache


def find_cache_gen() -> Path:
    if os.environ.get("VLC_CACHE_GEN"):
        return Path(os.environ["VLC_CACHE_GEN"])
    if sys.platform == "win32":
        return vlc_library_dir() / "vlc-cache-gen.exe"
    found = shutil.which("vlc-cache-gen")
    if found:
        return Path(found)
    candidate = vlc_library_dir() / "vlc" / "vlc-cache-gen"
    if candidate.exists():
        return candidate
    raise SystemExit("vlc-cache-gen was not found: install libvlc-bin.")


def drop_unwanted(toc: list[tuple]) -> list[tuple]:
    """Remove the files in DROP_PATTERNS and Qt translations for languages the kiosk lacks from a
    PyInstaller TOC (entries of destination name, source, type)."""
    from fnmatch import fnmatch

    kept = []
    for entry in toc:
        dest = str(entry[0]).replace("\\", "/")
        if any(fnmatch(dest, pattern) for pattern in DROP_PATTERNS):
            continue
        if "/Qt/translations/" in dest and dest.endswith(".qm"):
            language = Path(dest).stem.split("_", 1)[-1].split("_")[0]
            if language not in UI_LANGUAGES:
                continue
        kept.append(entry)
    return kept
