"""What goes into the bundle besides the Python code: libVLC, the VLC plugins playback needs,
the sample programme, translations; and which Qt modules stay out. Used by tip-kiosk.spec
(Linux and Windows) and by the tests; standard library only.

Two variants come from the one spec. ``lean`` leaves QtWebEngine out (the kiosk then cannot play
SCORM/H5P package modules); ``standard`` carries QtWebEngine (its helper process, resources and
locales), the pinned npm players and the kiosk's own player pages.
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
WEBENGINE_MODULES = ("QtWebEngineCore", "QtWebEngineWidgets", "QtWebChannel")
"""The PySide6 modules the standard variant adds (QtWebEngineCore's hook pulls QtWebChannel)."""

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

VARIANTS = ("lean", "standard")


def qt_excludes(variant: str = "lean") -> list[str]:
    """QT_EXCLUDES, less the web engine's modules for the standard variant."""
    if variant == "lean":
        return list(QT_EXCLUDES)
    keep = {"PySide6." + name for name in WEBENGINE_MODULES}
    return [name for name in QT_EXCLUDES if name not in keep]


# Files the PySide6 hooks collect that the kiosk never loads. Qt's virtual-keyboard input plugin
# is the only thing that pulls QtQuick and QtQml (~17 MB) in; the kiosk has a real keyboard.
# Verified with ldd: nothing else in the bundle links them.
DROP_PATTERNS = (
    "*/platforminputcontexts/libqtvirtualkeyboardplugin.*",
    "*/platforminputcontexts/qtvirtualkeyboardplugin.dll",  # Windows names it without "lib"
    "*libQt6VirtualKeyboard*", "*libQt6Quick*", "*libQt6Qml*",
    "*Qt6VirtualKeyboard*.dll", "*Qt6Quick*.dll", "*Qt6Qml*.dll",
    # PySide6's Python binding for QtOpenGL (8.9 MB): the kiosk never imports it (neither do
    # QtCharts or QtWebEngine, checked with sys.modules); Qt's own libQt6OpenGL, which QtCharts
    # links, stays.
    "PySide6/QtOpenGL.abi3.so", "PySide6/QtOpenGL.pyd",
    # The GTK3 theme plugin needs GTK3, which a kiosk PC need not have; the kiosk has its own style.
    "*/platformthemes/libqgtk3.*",
    # Standard variant: Chromium's developer tools (12 MB); the kiosk never opens them, and the
    # engine starts without a word when the file is absent (checked with --web-probe).
    "*/resources/qtwebengine_devtools_resources.pak",
)
UI_LANGUAGES = ("en", "cy")
"""Qt's own translations are kept for these languages only (the kiosk's interface languages)."""

# QtWebEngine links QtQuick and QtQml (verified with ldd on libQt6WebEngineCore.so.6), so the
# standard variant keeps them; only the virtual keyboard itself stays out.
STANDARD_KEEPS = ("*libQt6Quick*", "*libQt6Qml*", "*Qt6Quick*.dll", "*Qt6Qml*.dll")

WEBENGINE_LOCALES = ("en-US", "en-GB")
"""Chromium's own UI strings (qtwebengine_locales/*.pak, 44 MB for 53 languages) are kept for
these only: Chromium has no Welsh, and falls back to en-US for a language it lacks."""


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
        return Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "VideoLAN" / "VLC"
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


WINDOWS_PLUGIN_LIST = PACKAGING / "windows" / "vlc-plugins-windows.txt"
"""Windows' own outputs (window embedding, Direct3D, WASAPI), added to PLUGIN_LIST on Windows."""


def wanted_plugins(windows: bool = sys.platform == "win32") -> set[str] | None:
    """The plugins a bundle for this system carries: PLUGIN_LIST, plus WINDOWS_PLUGIN_LIST for
    Windows; None (every plugin) when there is no PLUGIN_LIST."""
    wanted = read_plugin_list()
    if wanted is not None and windows:
        wanted |= read_plugin_list(WINDOWS_PLUGIN_LIST) or set()
    return wanted


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


MEDIA_TOOLS = ("README.md", "*.py", "*.sh", "__pycache__")
"""What the sample media folder holds that no content refers to: the scripts that make the media
and their notes. Everything else in it goes into the bundle, so a file a module names (video,
captions, transcript, picture) can never be left behind by a list of wanted types; the tests check
the result against the files the sample programme refers to (kiosk.core.content.completeness)."""


def content_datas(repo: Path = REPO) -> list[tuple[str, str]]:
    """The sample programme (modules/ whole, media/ less MEDIA_TOOLS) and built translations."""
    from fnmatch import fnmatch

    datas = [(str(repo / "modules"), "content/modules")]
    media = repo / "media"
    for path in sorted(media.rglob("*")) if media.is_dir() else ():
        relative = path.relative_to(media)
        if not path.is_file() or any(fnmatch(part, tool) for part in relative.parts for tool in MEDIA_TOOLS):
            continue
        datas.append((str(path), str(Path("content/media") / relative.parent)))
    for qm in sorted((repo / "kiosk" / "ui" / "i18n").glob("*.qm")):
        datas.append((str(qm), "kiosk/ui/i18n"))
    return datas


WEB_NODE_MODULES = REPO / "web" / "node_modules"
"""Where `make web` installs the pinned npm players (web/package-lock.json)."""
WEB_VENDOR_DEST = "web-vendor"
"""Their folder in the bundle; the web view looks there (kiosk/ui/web/files.py ``vendor_dirs``)."""
WEB_VENDOR_FILES = (
    "scorm-again/dist/scorm12.min.js",
    "scorm-again/dist/scorm2004.min.js",
    "scorm-again/LICENSE",
    "h5p-standalone/dist",
    "h5p-standalone/LICENSE",
)
"""What the players load, relative to node_modules (a folder goes in whole; h5p-standalone's dist/
is 1.4 MB of scripts, styles and fonts it loads by relative URL). Not the rest of scorm-again's
dist/ (the all-in-one build, source maps, ESM and types: ~10 MB the kiosk never serves)."""
PLAYER_DIR = REPO / "kiosk" / "ui" / "web" / "player"
PLAYER_DEST = "kiosk/ui/web/player"


def web_datas(node_modules: Path = WEB_NODE_MODULES, player: Path = PLAYER_DIR) -> list[tuple[str, str]]:
    """(source, destination folder) pairs for the standard variant's web files; stops the build,
    naming what is missing, if the players are not installed (`make web`) or the pages not there."""
    missing = [name for name in WEB_VENDOR_FILES if not (node_modules / name).exists()]
    if missing:
        raise SystemExit(f"The standard variant needs the web players, but {node_modules} lacks "
                         + ", ".join(missing) + ". Run `make web` (npm ci) first.")
    pages = sorted(p for p in player.rglob("*") if p.is_file()) if player.is_dir() else []
    if not any(p.suffix == ".html" for p in pages):
        raise SystemExit(f"The standard variant needs the kiosk's player pages, but {player} has no "
                         ".html file.")
    datas = []
    for name in WEB_VENDOR_FILES:
        source = node_modules / name
        files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
        for path in files:
            # Keep each file's place under node_modules: the players load fonts and styles by
            # relative URL, and the web view maps /__vendor/ paths onto this layout.
            relative = path.parent.relative_to(node_modules)
            datas.append((str(path), str(Path(WEB_VENDOR_DEST) / relative)))
    for path in pages:
        if "__pycache__" not in path.parts:
            datas.append((str(path), str(Path(PLAYER_DEST) / path.parent.relative_to(player))))
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


def drop_unwanted(toc: list[tuple], variant: str = "lean") -> list[tuple]:
    """Remove the files in DROP_PATTERNS and Qt translations for languages the kiosk lacks from a
    PyInstaller TOC (entries of destination name, source, type). The standard variant keeps the
    QtQuick/QtQml libraries QtWebEngine links, and only WEBENGINE_LOCALES of Chromium's locales."""
    from fnmatch import fnmatch

    patterns = DROP_PATTERNS if variant == "lean" else tuple(
        p for p in DROP_PATTERNS if p not in STANDARD_KEEPS)
    kept = []
    for entry in toc:
        dest = str(entry[0]).replace("\\", "/")
        if any(fnmatch(dest, pattern) for pattern in patterns):
            continue
        if "/qtwebengine_locales/" in dest and dest.endswith(".pak") and Path(dest).stem not in WEBENGINE_LOCALES:
            continue
        # Qt's own translations: PySide6/Qt/translations on Linux, PySide6/translations on Windows.
        if dest.startswith("PySide6/") and "/translations/" in dest and dest.endswith(".qm"):
            language = Path(dest).stem.split("_", 1)[-1].split("_")[0]
            if language not in UI_LANGUAGES:
                continue
        kept.append(entry)
    return kept


DLOPENED = ("libpython", "libvlc.so", "_cffi_backend",
            # NSS loads its crypto and certificate modules by name (Chromium, in QtWebEngine).
            "libsoftokn3", "libfreebl", "libnssckbi", "libnssdbm3")
"""Top-level libraries loaded by name at run time (Python itself, python-vlc's ctypes, cffi, NSS's
PKCS #11 modules), not through another library's DT_NEEDED list: never pruned."""


def prune_unlinked(contents: Path) -> list[tuple[str, int]]:
    """Remove the libraries at the top of a Linux bundle that nothing left in it links (repeating
    until none), and return (name, bytes) of each. PyInstaller keeps the dependencies of files that
    drop_unwanted removes afterwards: Qt's GTK 3 theme plugin alone leaves GTK 3, GDK, cairo, pango,
    ATK and their friends behind (~15 MB) that nothing loads. Every file in a subfolder (Qt and its
    plugins, VLC's plugins, Python extension modules) is kept and counts as a user."""
    needs = {}
    for path in contents.parent.rglob("*"):  # executables count too (QtWebEngineProcess, the kiosk's)
        if path.is_file() and not path.is_symlink() and _is_elf(path):
            needs[path] = _needed(path)
    removed: list[tuple[str, int]] = []
    while True:
        wanted = set().union(*needs.values()) if needs else set()
        spare = [path for path in needs if path.parent == contents and path.name.startswith("lib")
                 and not path.name.startswith(DLOPENED) and path.name not in wanted]
        if not spare:
            return removed
        for path in spare:
            removed.append((path.name, path.stat().st_size))
            path.unlink()
            del needs[path]


def _is_elf(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"\x7fELF"


def _needed(path: Path) -> set[str]:
    """The DT_NEEDED names of an ELF file (readelf, from binutils, which PyInstaller needs too)."""
    import re

    done = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True)
    return set(re.findall(r"Shared library: \[([^\]]+)\]", done.stdout))
