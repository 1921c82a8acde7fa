"""What the doctor tells IT to do, in the words of the PC it runs on.

A Windows PC has no Debian packages, no sudo and no /etc: advice that names them sends IT the
wrong way. Each function takes the platform (``sys.platform``'s value) so the Linux test suite
can read the Windows wording too, without pretending to be Windows.
"""

from __future__ import annotations

import sys
from pathlib import Path

GUIDE = "the deployment guide (docs/deployment.md)"
WINDOWS_VLC_SECTION = "Windows: supplying VLC"
"""The deployment guide's section on giving a Windows kiosk its libVLC."""


def windows(platform: str) -> bool:
    return platform == "win32"


def command(platform: str = sys.platform) -> str:
    """The kiosk's command for IT's commands: on Windows the console twin, since tip-kiosk.exe
    has no console to print to."""
    return "tip-kiosk-cli" if windows(platform) else "tip-kiosk"


def vlc_missing(platform: str = sys.platform) -> str:
    """libVLC is missing or will not start."""
    if windows(platform):
        return ("Videos cannot play. This TIP Kiosk has no working libVLC: it was built without a "
                "VLC folder, or the VLC files beside it are incomplete. Install the TIP Kiosk MSI "
                "built with the official VLC 3.0.x (64-bit, win64) folder, or supply that folder "
                f"as {GUIDE} says in '{WINDOWS_VLC_SECTION}'.")
    return ("Videos cannot play. Reinstall TIP Kiosk (its bundle carries libVLC); when running "
            "from source, install libvlc5, libvlc-bin and vlc-plugin-base.")


def vlc_cache(plugin_dir: Path | None, platform: str = sys.platform) -> str:
    """libVLC starts but its plugin folder has no cache."""
    folder = f'"{plugin_dir}"' if plugin_dir else "the plugin folder"
    if windows(platform):
        return (f"Run vlc-cache-gen.exe (from the same VLC 3.0.x folder) on {folder} as an "
                "administrator, or reinstall TIP Kiosk.")
    return f"Run vlc-cache-gen on {folder} (from libvlc-bin), or reinstall TIP Kiosk."


def qt_platform(platform: str = sys.platform) -> str:
    """Qt cannot open its window."""
    if windows(platform):
        return ("The kiosk cannot open its window. Start it in a signed-in Windows session (not "
                "as a service), leave QT_QPA_PLATFORM unset, and reinstall TIP Kiosk if Qt's "
                "platform plugin (qwindows.dll, under the kiosk's _internal folder) is missing.")
    return ("The kiosk cannot open its window. Check that a desktop session is running and that "
            "Qt's runtime libraries are installed (docs/deployment.md lists them); QT_QPA_PLATFORM "
            "chooses the platform (xcb, wayland).")


def secrets(platform: str = sys.platform) -> str:
    """Secrets lie in kiosk.toml or the data folder, or others can read them."""
    section = "'Secrets outside the data folder'"
    if windows(platform):
        return (f"Move secrets out of kiosk.toml and the data folder: run {command(platform)} secrets "
                "protect as the kiosk's own Windows account, which seals them for that account "
                f"with DPAPI ({GUIDE}, {section}).")
    return ("Move secrets out of kiosk.toml and the data folder: sudo tip-kiosk secrets protect "
            f"({GUIDE}, {section}); secret files root's, mode 600.")
