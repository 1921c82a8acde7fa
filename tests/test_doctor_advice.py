"""The doctor's advice and the default kiosk.toml speak the platform they run on: Debian packages,
sudo and /etc on Linux; the VLC folder, the console twin and %PROGRAMDATA% on Windows. Each text
is a function of the platform, so this Linux suite reads the Windows wording as Windows will."""

from pathlib import Path

import pytest
import settings_doc

from kiosk.core.doctor import advice
from kiosk.core.doctor.checks import check_content

REPO = Path(__file__).resolve().parent.parent

LINUX_ONLY = ("apt", "Debian", "libvlc5", "libvlc-bin", "vlc-plugin-base", "sudo", "/etc/", "chmod",
              "chown", "root", "xcb", "wayland", "/opt/")


def every_text(platform: str) -> dict[str, str]:
    return {
        "vlc_missing": advice.vlc_missing(platform),
        "vlc_cache": advice.vlc_cache(Path("plugins"), platform),
        "qt_platform": advice.qt_platform(platform),
        "secrets": advice.secrets(platform),
        "kiosk.toml header": header(settings_doc.default_config(settings_doc.settings_docs(), platform)),
    }


def header(config: str) -> str:
    return config.split("\n\n", 1)[0]


@pytest.mark.parametrize("name", ["vlc_missing", "vlc_cache", "qt_platform", "secrets", "kiosk.toml header"])
def test_windows_advice_names_nothing_only_linux_has(name):
    text = every_text("win32")[name]
    assert not [word for word in LINUX_ONLY if word in text], text


def test_on_windows_libvlc_advice_says_how_to_supply_vlc():
    text = advice.vlc_missing("win32")
    assert "VLC 3.0.x (64-bit, win64) folder" in text and "MSI" in text
    assert f"'{advice.WINDOWS_VLC_SECTION}'" in text
    assert "vlc-cache-gen.exe" in advice.vlc_cache(Path(r"C:\Program Files\TIP Kiosk\_internal\vlc\plugins"), "win32")


def test_on_linux_the_debian_packages_stay():
    assert "libvlc5, libvlc-bin and vlc-plugin-base" in advice.vlc_missing("linux")
    assert "sudo tip-kiosk secrets protect" in advice.secrets("linux")
    assert "xcb, wayland" in advice.qt_platform("linux")


def test_commands_in_advice_use_the_console_program_on_windows():
    assert advice.command("win32") == "tip-kiosk-cli" and advice.command("linux") == "tip-kiosk"
    assert "run tip-kiosk-cli secrets protect as the kiosk's own Windows account" in advice.secrets("win32")


def test_the_doctor_on_this_platform_gives_this_platforms_advice(tmp_path):
    (tmp_path / "programme.yaml").write_text("schema_version: 1\nid: x\n", encoding="utf-8")
    result = check_content(tmp_path)
    assert result.status == "fail" and f"{advice.command()} content validate" in result.fix


def test_the_kiosk_toml_header_names_its_own_path_on_each_platform():
    docs = settings_doc.settings_docs()
    linux = settings_doc.default_config(docs, "linux")
    windows = settings_doc.default_config(docs, "win32")
    assert "# This file: /etc/tip-kiosk/kiosk.toml" in linux
    assert "# This file: %PROGRAMDATA%\\TIP Kiosk\\kiosk.toml" in windows
    assert "/opt/tip-kiosk/share/deployment.md" in linux and "/opt/" not in windows
    # The same settings on both; Windows names no Linux install folder for a default.
    assert [line for line in linux.splitlines() if " = " in line] == \
        [line for line in windows.splitlines() if " = " in line]
    assert "/opt/tip-kiosk/_internal/content/modules" in linux
    assert "_internal\\content\\modules" in windows


def test_the_video_unavailable_detail_gives_the_advice_of_the_pc_it_runs_on():
    """What the log and the learner's 'tell IT' detail say when libVLC is missing or will not
    start: Windows wording on Windows, with no Debian package or Linux command in it."""
    from kiosk.ui.media.vlc_backend import missing_libvlc, missing_plugins

    for text in (missing_libvlc("win32"), missing_plugins("win32")):
        assert not [word for word in LINUX_ONLY if word in text], text
    assert "VLC 3.0.x" in missing_libvlc("win32") and "vlc-cache-gen.exe" in missing_plugins("win32")
    assert "libvlc5" in missing_libvlc("linux") and "libvlc-bin" in missing_plugins("linux")
