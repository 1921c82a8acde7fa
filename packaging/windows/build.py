"""Build TIP Kiosk's Windows one-folder bundle on Linux: PyInstaller under Wine, same spec.

    python packaging/windows/build.py [--out dist-windows] [--variant lean|standard] [--vlc DIR]
                                      [--self-test]

`make dist-windows` runs it (`make dist-windows VLC=DIR` with a VLC folder). It makes the Wine
environment first if needed (packaging/windows/wine.py: prefix, Windows CPython, wheels, all cached),
then runs packaging/tip-kiosk.spec with the Windows Python, PyInstaller's work folder in the same
cache so an unchanged rebuild is quick. The spec's drop list (packaging/bundle_parts.py) leaves out
what the Linux bundle leaves out, Qt's virtual keyboard included.

VLC cannot be fetched here. ``--vlc DIR`` takes an unpacked official VLC 3.0.x win64 folder
(libvlc.dll, libvlccore.dll, plugins\\, vlc-cache-gen.exe): the bundle then carries libVLC and
the plugins named in packaging/vlc-plugins.txt and packaging/windows/vlc-plugins-windows.txt,
with a plugin cache made by vlc-cache-gen.exe under Wine from the bundled copies, and its
self-test must pass whole. Without it the bundle has no libVLC and the kiosk runs its no-libVLC
path: the self-test reports libVLC and playback as not available (exit status 3).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGING = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PACKAGING))

import build
import bundle_parts
import wine

REPO = PACKAGING.parent
SELF_TEST_NOT_AVAILABLE = 3
"""--self-test's status when every step that ran passed but some were not available (kiosk/cli/checks.py)."""
SPEC = PACKAGING / "tip-kiosk.spec"
VLC_FILES = ("libvlc.dll", "libvlccore.dll", "plugins", "vlc-cache-gen.exe")
"""What an official VLC 3.0.x win64 folder holds that the build uses."""


def check_vlc_folder(vlc: Path) -> None:
    """Stop with the missing names if ``vlc`` is not an unpacked VLC win64 folder."""
    missing = [name for name in VLC_FILES if not (vlc / name).exists()]
    if missing:
        raise SystemExit(f"{vlc} is not an unpacked VLC 3.0.x win64 folder: it lacks {', '.join(missing)}. "
                         "Unpack the official vlc-3.0.x-win64.zip and give its folder (the one holding "
                         "libvlc.dll).")


def check_translations() -> None:
    if not list((REPO / "kiosk" / "ui" / "i18n").glob("*.qm")):
        raise SystemExit("No built translations (kiosk/ui/i18n/*.qm): run `make translations` first "
                         "(`make dist-windows` does).")


def build_bundle(env: wine.WineEnv, out: Path, variant: str = "lean",
                 vlc: Path | None = None) -> build.Bundle:
    """Run the spec under Wine into ``out``; returns the bundle folder, build time and size."""
    check_translations()
    if vlc is not None:
        check_vlc_folder(vlc)
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    # One work folder per variant and per with/without VLC: PyInstaller's cached analysis of one
    # must not leak into another.
    work = env.work_dir / f"{variant}-{'vlc' if vlc else 'novlc'}"
    spec_args = ["--variant", variant] + ([] if vlc else ["--no-vlc"])
    # Two builds at once (parallel tests) take turns: they would share this work folder.
    with wine.locked(env.work_dir / f"{work.name}.lock"):
        done = env.run(["-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                        "--distpath", env.wine_path(out), "--workpath", env.wine_path(work),
                        env.wine_path(SPEC), "--", *spec_args],
                       env={"VLC_DIR": env.wine_path(vlc)} if vlc else {}, cwd=REPO, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"PyInstaller under Wine failed (exit {done.returncode}):\n"
                         f"{done.stdout}{done.stderr}")
    bundle = out / build.package_name(variant)
    contents = bundle / "_internal"
    if vlc is not None:
        make_plugin_cache(env, vlc / "vlc-cache-gen.exe", contents / "vlc" / "plugins")
    # libvlc: false tells the bundle's --self-test that libVLC is not available by design here,
    # not broken (kiosk/cli/checks.py).
    build.write_build_info(contents, variant, platform="win32-AMD64", python=env.python_version,
                           libvlc=vlc is not None,
                           vlc_plugin_list=(f"{bundle_parts.PLUGIN_LIST.name} + "
                                            f"{bundle_parts.WINDOWS_PLUGIN_LIST.name}" if vlc
                                            else "none (built without VLC)"))
    return build.Bundle(bundle, time.monotonic() - started, build.folder_size(bundle), variant)


def make_plugin_cache(env: wine.WineEnv, cache_gen: Path, plugins: Path) -> Path:
    """Run VLC's own vlc-cache-gen.exe under Wine on the bundled plugins (a copied cache is stale:
    it records each plugin's size and time)."""
    done = env.run_exe([cache_gen, env.wine_path(plugins)], timeout=600)
    cache = plugins / "plugins.dat"
    if done.returncode != 0 or not cache.exists():
        raise SystemExit(f"vlc-cache-gen.exe under Wine did not write {cache} (exit {done.returncode}):\n"
                         f"{done.stdout}{done.stderr}")
    return cache


def self_test(env: wine.WineEnv, bundle: Path, *args: str,
              timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the bundle's tip-kiosk-cli.exe --self-test under Wine, offscreen."""
    return env.run_exe([bundle / "tip-kiosk-cli.exe", "--self-test", *args],
                       env={"QT_QPA_PLATFORM": "offscreen"}, cwd=bundle.parent, timeout=timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist-windows")
    parser.add_argument("--variant", choices=bundle_parts.VARIANTS, default="lean")
    parser.add_argument("--vlc", type=Path, help="an unpacked VLC 3.0.x win64 folder (libvlc.dll, plugins\\)")
    parser.add_argument("--self-test", action="store_true", help="run the bundle's --self-test under Wine")
    args = parser.parse_args(argv)
    started = time.monotonic()
    env = wine.ensure(log=lambda line: print(line, flush=True))
    print(f"Wine environment: {time.monotonic() - started:.0f} s", flush=True)
    bundle = build_bundle(env, args.out.resolve(), args.variant, args.vlc.resolve() if args.vlc else None)
    print(f"Windows bundle: {bundle.path} ({bundle.size_bytes / 1e6:.0f} MB) built in {bundle.seconds:.0f} s",
          flush=True)
    if args.self_test:
        done = self_test(env, bundle.path)
        print(done.stdout + done.stderr, end="", flush=True)
        # Without VLC, libVLC and playback are "not available" (status 3); everything else must pass.
        if done.returncode != (0 if args.vlc else SELF_TEST_NOT_AVAILABLE):
            print(f"The Windows bundle's self-test under Wine did not pass (status {done.returncode}).",
                  file=sys.stderr)
            return 1
    print(f"Done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
