"""The Windows MSI under Wine: silent install, IT's properties in kiosk.toml, upgrade, uninstall.

Real msiexec in a Wine prefix of each test's own (a copy of one fresh prefix), real MSIs built by
packaging/windows/msi.py. The install + self-test case uses the real Windows bundle, built with
packaging/windows/build.py (warm cache: see packaging/windows/wine.py) or, when TIPW_BUNDLE names
one (`make dist-windows` has just built it), that one; the other cases use a small bundle of two
tiny real .exe files and a few data files, so they take seconds. kiosk.toml is read with the
kiosk's own loader in the Windows Python, from where the Windows kiosk looks for it.

Wine puts per-machine shortcuts in the user's Start Menu (a Wine quirk), so shortcuts are looked
for in both the all-users and the user's Start Menu.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import msi
import msi_settings
import pytest
import wine

from tests.packaging_paths import windows_build

REPO = Path(__file__).resolve().parent.parent


pytestmark = [pytest.mark.wine, pytest.mark.slow]

PROGRAM = Path("drive_c/Program Files/TIP Kiosk")
CONFIG = Path("drive_c/ProgramData/TIP Kiosk/kiosk.toml")
TINY_EXE = """
    .text
    .globl start
start:
    xor %eax, %eax
    ret
"""


# -- fixtures -------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def wine_env() -> wine.WineEnv:
    return wine.ensure()


@pytest.fixture(scope="session")
def pristine(wine_env: wine.WineEnv, tmp_path_factory: pytest.TempPathFactory):
    """One fresh prefix, copied for each test (3 s, against ~10 s for wineboot); deleted at the end."""
    env = wine_env.scratch_prefix(tmp_path_factory.mktemp("pristine") / "prefix")
    yield env
    subprocess.run(["wineserver", "-k"], env=env.environ(), capture_output=True)
    shutil.rmtree(env.prefix, ignore_errors=True)


@pytest.fixture
def win(pristine: wine.WineEnv, tmp_path: Path):
    """A prefix of this test's own, stopped and deleted afterwards (each is ~700 MB)."""
    prefix = tmp_path / "prefix"
    shutil.copytree(pristine.prefix, prefix, symlinks=True)
    env = wine.WineEnv(pristine.cache, prefix)
    yield env
    subprocess.run(["wineserver", "-k"], env=env.environ(), capture_output=True)
    shutil.rmtree(prefix, ignore_errors=True)


def tiny_bundle(folder: Path, files: dict[str, str], name: str = "tip-kiosk") -> Path:
    """A bundle folder with tip-kiosk.exe and tip-kiosk-cli.exe (real PE files that exit 0)."""
    bundle = folder / name
    bundle.mkdir(parents=True)
    source, obj = folder / "tiny.s", folder / "tiny.o"
    source.write_text(TINY_EXE, encoding="ascii")
    subprocess.run(["x86_64-w64-mingw32-as", str(source), "-o", str(obj)], check=True)
    for exe in ("tip-kiosk.exe", "tip-kiosk-cli.exe"):
        subprocess.run(["x86_64-w64-mingw32-ld", "-e", "start", "--subsystem", "console", str(obj),
                        "-o", str(bundle / exe)], check=True)
    for name, text in files.items():
        (bundle / name).parent.mkdir(parents=True, exist_ok=True)
        (bundle / name).write_text(text, encoding="utf-8")
    return bundle


@pytest.fixture(scope="session")
def small_msis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Version 1.0.0 and 1.1.0 of a small bundle; 1.1.0 has lost one file and gained another.
    'standard' is the other variant at 1.0.0."""
    root = tmp_path_factory.mktemp("small-msi")
    old = tiny_bundle(root / "old", {"_internal/old only.txt": "old", "_internal/data/shared.txt": "1"})
    new = tiny_bundle(root / "new", {"_internal/new only.txt": "new", "_internal/data/shared.txt": "2"})
    standard = tiny_bundle(root / "standard", {"_internal/web engine.txt": "web"}, "tip-kiosk-standard")
    return {
        "old": msi.build_msi(old, root / "out", version="1.0.0", work=root / "work-old").path,
        "new": msi.build_msi(new, root / "out", version="1.1.0", work=root / "work-new").path,
        "standard": msi.build_msi(standard, root / "out", version="1.0.0", work=root / "work-std").path,
    }


@pytest.fixture(scope="session")
def real_msi(wine_env: wine.WineEnv, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real-msi")
    given = os.environ.get("TIPW_BUNDLE")
    if given:
        bundle = Path(given)
    else:
        started = time.monotonic()
        bundle = windows_build().build_bundle(wine_env, root / "dist").path
        print(f"\nWindows bundle built in {time.monotonic() - started:.0f} s")
    built = msi.build_msi(bundle, root / "out", work=root / "work")
    print(f"MSI: {built.path.stat().st_size / 1e6:.1f} MB; wixl {built.wixl_seconds:.1f} s, "
          f"whole MSI build {built.seconds:.1f} s")
    return built.path


# -- helpers --------------------------------------------------------------------------------------
def msiexec(win: wine.WineEnv, *args: str, what: str) -> subprocess.CompletedProcess[str]:
    """msiexec ARGS /l*v LOG; prints how long it took. The log is kept with the result."""
    log = win.prefix.parent / f"msiexec-{what}.log"
    started = time.monotonic()
    done = win.run_exe(["msiexec", *args, "/l*v", win.wine_path(log)], timeout=600)
    print(f"msiexec {what}: {time.monotonic() - started:.1f} s (exit {done.returncode})")
    done.log = log.read_bytes().replace(b"\x00", b"").decode("utf-8", "replace") if log.exists() else ""
    return done


def install(win: wine.WineEnv, package: Path, *props: str, what: str = "install") -> None:
    done = msiexec(win, "/i", win.wine_path(package), "/qn", *props, what=what)
    assert done.returncode == 0, f"msiexec /i failed ({done.returncode}):\n{done.log[-3000:]}"


def uninstall(win: wine.WineEnv, package: Path) -> None:
    done = msiexec(win, "/x", win.wine_path(package), "/qn", what="uninstall")
    assert done.returncode == 0, f"msiexec /x failed ({done.returncode}):\n{done.log[-3000:]}"


def products(win: wine.WineEnv) -> list[str]:
    listed = win.run_exe(["uninstaller", "--list"], timeout=120).stdout
    return [line for line in listed.splitlines() if "|||TIP Kiosk" in line]


def shortcuts(win: wine.WineEnv) -> dict[str, list[str]]:
    """The TIP Kiosk shortcuts in the Start Menu ('menu') and the Startup folder ('startup')."""
    drive = win.prefix / "drive_c"
    found = [*drive.glob("ProgramData/Microsoft/Windows/Start Menu/Programs/**/TIP Kiosk.lnk"),
             *drive.glob("users/*/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/**/TIP Kiosk.lnk")]
    kinds: dict[str, list[str]] = {"menu": [], "startup": []}
    for path in found:
        kind = "startup" if path.parent.name.lower() == "startup" else "menu"
        kinds[kind].append(str(path.relative_to(drive)))
    return kinds


def settings_in_windows(win: wine.WineEnv, config: Path | None = None) -> dict[str, str]:
    """Every setting as the Windows kiosk loads it: from %PROGRAMDATA%\\TIP Kiosk\\kiosk.toml, or
    from ``config`` (an empty file gives the defaults)."""
    chosen = f"Path({win.wine_path(config)!r})" if config else "None"
    code = ("import dataclasses, json; from pathlib import Path; "
            "from kiosk.core.config import load_settings, machine_config_path; "
            f"s = load_settings({chosen}, environ={{}}); "
            "print(json.dumps({'file': str(machine_config_path()), "
            "**{f.name: str(getattr(s, f.name)) for f in dataclasses.fields(s)}}))")
    done = win.run(["-c", code], timeout=300)
    assert done.returncode == 0, f"the kiosk's loader refused kiosk.toml:\n{done.stdout}{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


# msiexec's "fatal error during installation"; Wine hands Linux only its low byte.
INSTALL_FAILED = (1603, 1603 & 0xFF)

KEYS = ("MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE=", "MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI=")
# Each property IT can give, the value given, and the setting as the Windows kiosk then loads it:
# spaces, backslashes (paths, a UNC share), '#', '%' and '=' all arrive as typed.
EVERY_PROPERTY = {
    "KIOSK_MODE": ("yes", "True"),
    "ADMIN_PASSPHRASE_HASH": ("scrypt$16384$8$1$c2FsdA$aGFzaA==", "scrypt$16384$8$1$c2FsdA$aGFzaA=="),
    "CONTENT_DIR": (r"C:\Kiosk content", r"C:\Kiosk content"),
    "DATA_DIR": (r"D:\Kiosk data #1", r"D:\Kiosk data #1"),
    "IDLE_TIMEOUT_MINUTES": ("20", "20"),
    "PACKS_TRUSTED_KEYS": (",".join(KEYS), str(KEYS)),
    "REPORTS_FOLDER": (r"\\server\share\kiosk reports", r"\\server\share\kiosk reports"),
    "SYNC_ENDPOINT": ("https://lrs.example.org/xAPI", "https://lrs.example.org/xAPI"),
    "SYNC_KEY": ("tip kiosk 100% #2", "tip kiosk 100% #2"),
    "SYNC_SECRET_FILE": (r"C:\ProgramData\TIP Kiosk\lrs.secret", r"C:\ProgramData\TIP Kiosk\lrs.secret"),
    "SYNC_PRIVACY_MODE": ("anonymous", "anonymous"),
    # A relative path is relative to kiosk.toml's folder.
    "SYNC_ORGANISATION_SECRET_FILE": ("organisation.key", r"C:\ProgramData\TIP Kiosk\organisation.key"),
    "SYNC_ACCOUNT_HOME_PAGE": ("https://learning.example.org/tip?a=1", "https://learning.example.org/tip?a=1"),
    "SYNC_ACTIVITY_BASE": ("https://learning.example.org/xapi/tip", "https://learning.example.org/xapi/tip"),
    "SYNC_CA_BUNDLE": (r"C:\certs\internal ca.pem", r"C:\certs\internal ca.pem"),
}


# -- the real bundle ------------------------------------------------------------------------------
def test_a_silent_install_puts_the_kiosk_in_program_files_and_the_installed_kiosk_passes_its_self_test(
        win: wine.WineEnv, real_msi: Path):
    install(win, real_msi, "SYNC_ENDPOINT=https://lrs.example.org/xAPI", "SYNC_PRIVACY_MODE=anonymous",
            "KIOSK_MODE=yes")
    program = win.prefix / PROGRAM
    assert (program / "tip-kiosk.exe").is_file() and (program / "tip-kiosk-cli.exe").is_file()
    assert (program / "_internal" / "build-info.json").is_file()
    assert shortcuts(win)["menu"] and not shortcuts(win)["startup"]

    # The installed kiosk reads the kiosk.toml the MSI wrote (a refused file stops it before any step).
    done = win.run_exe([program / "tip-kiosk-cli.exe", "--self-test"], env={"QT_QPA_PLATFORM": "offscreen"},
                       cwd=program, timeout=600)
    print(done.stdout, done.stderr)
    results = {line.split(":")[0].split(None, 1)[1]: line.split()[0]
               for line in done.stdout.splitlines() if line.startswith(("  PASS", "  FAIL", "  N/A"))}
    needs_vlc = {"libVLC", "Playback"}
    assert set(results) == {"Content", "Content files", "Database", "Interface", "Web engine"} | needs_vlc
    # Built without VLC (none can be fetched here), libVLC and playback are "not available";
    # every other step must pass.
    assert {step for step, result in results.items() if result != "PASS"} <= needs_vlc, done.stdout
    assert "FAIL" not in results.values(), done.stdout
    assert done.returncode == (3 if "N/A" in results.values() else 0)

    loaded = settings_in_windows(win)
    assert loaded["file"] == r"C:\ProgramData\TIP Kiosk\kiosk.toml"
    assert (loaded["sync_endpoint"], loaded["sync_privacy_mode"], loaded["kiosk_mode"]) == \
        ("https://lrs.example.org/xAPI", "anonymous", "True")

    # The whole bundle's folders go too (the small bundles have only a few).
    uninstall(win, real_msi)
    assert not program.exists() and (win.prefix / CONFIG).is_file()


# -- small bundles --------------------------------------------------------------------------------
def test_every_property_lands_in_kiosk_toml_as_typed_and_the_kiosk_loads_it(win: wine.WineEnv, small_msis):
    assert set(EVERY_PROPERTY) == {s.prop for s in msi_settings.SETTINGS}
    install(win, small_msis["old"], *(f"{prop}={given}" for prop, (given, _) in EVERY_PROPERTY.items()))
    print((win.prefix / CONFIG).read_text(encoding="ascii")[-1200:])
    loaded = settings_in_windows(win)
    assert {prop: loaded[prop.lower()] for prop in EVERY_PROPERTY} == \
        {prop: expected for prop, (_, expected) in EVERY_PROPERTY.items()}


def test_without_properties_kiosk_toml_is_the_default_and_there_is_no_autostart(win: wine.WineEnv, small_msis):
    install(win, small_msis["old"])
    assert (win.prefix / CONFIG).read_bytes() == msi.default_config_text().encode("ascii")
    empty = win.prefix.parent / "empty.toml"
    empty.write_bytes(b"")
    defaults = settings_in_windows(win, empty)
    assert {k: v for k, v in settings_in_windows(win).items() if k != "file"} == \
        {k: v for k, v in defaults.items() if k != "file"}
    assert shortcuts(win)["menu"] and not shortcuts(win)["startup"]


def test_a_property_given_changes_only_its_own_setting(win: wine.WineEnv, small_msis):
    install(win, small_msis["old"], "KIOSK_MODE=True")
    empty = win.prefix.parent / "empty.toml"
    empty.write_bytes(b"")
    defaults = settings_in_windows(win, empty)
    loaded = settings_in_windows(win)
    assert {k for k, v in loaded.items() if defaults[k] != v and k != "file"} == {"kiosk_mode"}
    assert loaded["kiosk_mode"] == "True"
    # Written as a TOML boolean, not as the text given.
    assert "[kiosk]\nmode=true" in (win.prefix / CONFIG).read_text(encoding="ascii")


def test_config_folder_copies_its_kiosk_toml_and_properties_go_on_top(win: wine.WineEnv, small_msis, tmp_path):
    share = tmp_path / "IT share"
    share.mkdir()
    (share / "kiosk.toml").write_text('language = "cy"\n[sync]\nendpoint = "https://it.example.org/xAPI"\n',
                                      encoding="utf-8")
    install(win, small_msis["old"], f"CONFIG_FOLDER={win.wine_path(share)}", "SYNC_KEY=kiosk-9")
    loaded = settings_in_windows(win)
    assert (loaded["language"], loaded["sync_endpoint"], loaded["sync_key"]) == \
        ("cy", "https://it.example.org/xAPI", "kiosk-9")
    assert (share / "kiosk.toml").is_file(), "IT's own file must be copied, not moved"


@pytest.mark.parametrize("prop", ["SYNC_ENDPOINT=https://lrs.example.org/it's", "KIOSK_MODE=maybe",
                                  "SYNC_PRIVACY_MODE=secret", "AUTOSTART=sometimes",
                                  r"CONFIG_FOLDER=C:\no such folder"])
def test_a_value_kiosk_toml_could_not_hold_stops_the_install_before_anything_changes(
        win: wine.WineEnv, small_msis, prop: str):
    done = msiexec(win, "/i", win.wine_path(small_msis["old"]), "/qn", prop, what="refused")
    assert done.returncode in INSTALL_FAILED
    assert not (win.prefix / PROGRAM).exists() and not (win.prefix / CONFIG).exists()
    assert products(win) == []


def test_a_newer_msi_replaces_the_older_one_keeping_the_edits_and_autostart(win: wine.WineEnv, small_msis):
    install(win, small_msis["old"], "AUTOSTART=yes", "SYNC_ENDPOINT=https://lrs.example.org/xAPI",
            what="install-old")
    assert len(products(win)) == 1 and shortcuts(win)["startup"]
    config = win.prefix / CONFIG
    # IT's own edits after the install: a setting of its own and a changed endpoint.
    edited = config.read_text(encoding="ascii").replace("lrs.example.org", "lrs2.example.org")
    config.write_text('language = "cy"\r\n' + edited, encoding="ascii", newline="")

    install(win, small_msis["new"], "SYNC_KEY=kiosk-7", what="upgrade")
    program = win.prefix / PROGRAM
    assert len(products(win)) == 1
    assert not (program / "_internal" / "old only.txt").exists()
    assert (program / "_internal" / "new only.txt").read_text() == "new"
    assert (program / "_internal" / "data" / "shared.txt").read_text() == "2"
    assert shortcuts(win)["startup"], "AUTOSTART=yes was not kept by an upgrade that did not repeat it"
    loaded = settings_in_windows(win)
    assert (loaded["language"], loaded["sync_endpoint"], loaded["sync_key"]) == \
        ("cy", "https://lrs2.example.org/xAPI", "kiosk-7")

    downgrade = msiexec(win, "/i", win.wine_path(small_msis["old"]), "/qn", what="downgrade")
    assert downgrade.returncode in INSTALL_FAILED
    assert (program / "_internal" / "new only.txt").exists() and len(products(win)) == 1


def test_the_other_variant_of_the_same_version_replaces_the_installed_one(win: wine.WineEnv, small_msis):
    install(win, small_msis["old"], "SYNC_KEY=kiosk-3", what="install-lean")
    install(win, small_msis["standard"], what="install-standard")
    assert [line.split("|||")[1] for line in products(win)] == ["TIP Kiosk (standard)"]
    program = win.prefix / PROGRAM
    assert not (program / "_internal" / "old only.txt").exists()
    assert (program / "_internal" / "web engine.txt").is_file()
    assert settings_in_windows(win)["sync_key"] == "kiosk-3"


def test_uninstall_removes_the_program_and_its_shortcuts_and_keeps_kiosk_toml(win: wine.WineEnv, small_msis):
    # AUTOSTART takes the same words as KIOSK_MODE (yes, true, 1), in any case.
    install(win, small_msis["old"], "AUTOSTART=True", "SYNC_ENDPOINT=https://lrs.example.org/xAPI")
    found = shortcuts(win)
    assert found["menu"] and found["startup"], found
    uninstall(win, small_msis["old"])
    assert not (win.prefix / PROGRAM).exists()
    assert shortcuts(win) == {"menu": [], "startup": []}
    assert products(win) == []
    assert "endpoint='https://lrs.example.org/xAPI'" in (win.prefix / CONFIG).read_text(encoding="ascii")
