"""Where things are when the kiosk runs from an installed bundle (PyInstaller one-folder) rather
than from a source checkout: the bundled sample programme, VLC's plugins, the build's own record,
and how to start this same kiosk again as a child process (the doctor's Qt probe, the admin
panel's doctor run).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BUILD_INFO = "build-info.json"
"""Written into the bundle by packaging/build.py: version, build time (UTC, ISO 8601), platform."""

VLC_PLUGINS = Path("vlc") / "plugins"
"""Where the bundle keeps VLC's plugins, relative to its contents folder. libvlccore on Linux
looks for ``<its own folder>/vlc/plugins``, so this place also works without any variable."""


def frozen() -> bool:
    """True when running from a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def contents_dir() -> Path | None:
    """The bundle's contents folder (``_internal`` next to the executable), or None from source."""
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if frozen() and meipass else None


def bundled_content_dir() -> Path | None:
    """The sample programme shipped inside the bundle, if this is a bundle."""
    root = contents_dir()
    return root / "content" / "modules" if root else None


def bundled_vlc_plugins() -> Path | None:
    root = contents_dir()
    return root / VLC_PLUGINS if root else None


def build_info() -> dict[str, Any]:
    """The bundle's build record; empty when running from source or when it is missing."""
    root = contents_dir()
    if root is None:
        return {}
    try:
        info: dict[str, Any] = json.loads((root / BUILD_INFO).read_text(encoding="utf-8"))
        return info
    except (OSError, ValueError):
        return {}


def build_time() -> datetime | None:
    """When this bundle was built (UTC), or None from source."""
    stamp = build_info().get("built_at")
    try:
        return datetime.fromisoformat(stamp).astimezone(UTC) if stamp else None
    except ValueError:
        return None


def self_command() -> list[str]:
    """The command line that starts this same kiosk (add the arguments after it)."""
    if frozen():
        # Windows: the kiosk's own .exe has no console; its -cli twin prints to a pipe reliably.
        cli = Path(sys.executable).with_name("tip-kiosk-cli.exe")
        return [str(cli)] if sys.platform == "win32" and cli.exists() else [sys.executable]
    return [sys.executable, "-m", "kiosk"]


def point_vlc_at_bundle(environ: os._Environ[str] | dict[str, str] = os.environ) -> None:
    """Tell python-vlc and libVLC to use the bundle's copies. Must run before ``import vlc``.

    PyInstaller copies libvlc but not its plugins; without plugins ``vlc.Instance()`` returns
    None without an error. The spec copies them to ``vlc/plugins`` and this points at them.
    Values IT has set already are respected.
    """
    root = contents_dir()
    if root is None:
        return
    library = root / ("libvlc.dll" if sys.platform == "win32" else "libvlc.so.5")
    plugins = root / VLC_PLUGINS
    if library.exists():
        environ.setdefault("PYTHON_VLC_LIB_PATH", str(library))
    if plugins.is_dir():
        environ.setdefault("PYTHON_VLC_MODULE_PATH", str(plugins))
        environ.setdefault("VLC_PLUGIN_PATH", str(plugins))
