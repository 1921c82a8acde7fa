"""Build the TIP Kiosk MSI from the Windows one-folder bundle, on Linux.

    python packaging/windows/msi.py --bundle dist-windows/tip-kiosk --out dist-windows
                                    [--version X.Y.Z] [--work build/msi-windows]

`make dist-windows` runs it after the bundle is built. Steps: wixl-heat lists the bundle's files
as components; wixl builds the MSI from tip-kiosk.wxs, that list and the settings' components;
msibuild then patches in what wixl 0.101 ignores or cannot express (component conditions and the
NeverOverwrite/Permanent attributes, the IniFile rows that write IT's properties into kiosk.toml,
the launch conditions, and the search and action that remember AUTOSTART across upgrades).
wixl refuses absolute Source paths, so it runs in a work folder holding a link to the bundle.
Needs the Debian packages wixl and msitools (the Makefile installs them).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

WINDOWS = Path(__file__).resolve().parent
PACKAGING = WINDOWS.parent
REPO = PACKAGING.parent
# packaging/ goes first: its build.py is the one `import build` means (packaging/windows has one too).
sys.path.insert(0, str(WINDOWS))
sys.path.insert(0, str(PACKAGING))

import msi_patch
import msi_settings
import settings_doc

EXE = "tip-kiosk.exe"
WXS = WINDOWS / "tip-kiosk.wxs"


@dataclass(frozen=True)
class Msi:
    path: Path
    wixl_seconds: float
    """wixl alone (it compresses the cabinet, which is most of the time)."""
    seconds: float
    """The whole build: heat, wixl and the table patches."""


class MsiError(Exception):
    """The MSI cannot be built; the message says why in plain words."""


def kiosk_version() -> str:
    text = (REPO / "kiosk" / "__init__.py").read_text(encoding="utf-8")
    return text.split('__version__ = "', 1)[1].split('"', 1)[0]


def msi_version(version: str) -> str:
    """An MSI ProductVersion: three numbers (major and minor up to 255, build up to 65535).
    Upgrades compare only these three, so a fourth part would never make an upgrade."""
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if not match or int(match[1]) > 255 or int(match[2]) > 255 or int(match[3]) > 65535:
        raise MsiError(f"Version {version!r} cannot be an MSI version: it must be three numbers like "
                       "1.2.3 (the first two at most 255, the third at most 65535).")
    return version


def default_config_text() -> str:
    """The kiosk.toml the MSI installs when none exists: every setting commented out.

    Windows' profile functions, which apply the IniFile rows, read and rewrite the whole file in
    the ANSI code page, so it must be plain ASCII to survive (a '?' is better than mojibake)."""
    text = settings_doc.default_config(settings_doc.settings_docs(), platform="win32")
    text = text.encode("ascii", "replace").decode("ascii")
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _variant(bundle: Path) -> str:
    info = bundle / "_internal" / "build-info.json"
    if info.is_file():
        return json.loads(info.read_text(encoding="utf-8")).get("variant", "lean")
    return "standard" if bundle.name.endswith("-standard") else "lean"


def _run(cmd: list[str], cwd: Path, stdin: str | None = None) -> str:
    tool = shutil.which(cmd[0])
    if tool is None:
        raise MsiError(f"{cmd[0]} is not installed: `make dist-windows` installs it "
                       "(Debian packages wixl and msitools).")
    done = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise MsiError(f"{' '.join(cmd[:2])} failed ({done.returncode}):\n{done.stderr.strip()}")
    return done.stdout


def _settings_fragment() -> str:
    """A component for each setting's IniFile row(s). They hold no file (the rows are added by
    msibuild); their key path is the ProgramData folder."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi"><Fragment>',
             '<DirectoryRef Id="CONFIGDIR">']
    for component, guid, _condition in msi_settings.components():
        lines.append(f'<Component Id="{component}" Guid="{guid}" Win64="yes">'
                     '<CreateFolder/></Component>')
    lines.append('</DirectoryRef></Fragment><Fragment><ComponentGroup Id="Settings">')
    lines += [f'<ComponentRef Id="{c}"/>' for c, _g, _cond in msi_settings.components()]
    lines.append('</ComponentGroup></Fragment></Wix>')
    return "\n".join(lines) + "\n"


def _harvest(work: Path) -> str:
    files = sorted(str(p.relative_to(work)) for p in (work / "bundle").rglob("*")
                   if p.is_file() or (p.is_symlink() and not p.is_dir()))
    return _run(["wixl-heat", "--directory-ref", "INSTALLDIR", "--component-group", "Bundle",
                 "--var", "var.BundleDir", "-p", "bundle/", "--win64"], work, "\n".join(files) + "\n")


def build_msi(bundle: Path, out_dir: Path, *, version: str | None = None,
              work: Path | None = None) -> Msi:
    """Build the MSI for a Windows one-folder bundle into out_dir; returns its path and timings."""
    started = time.perf_counter()
    bundle = bundle.resolve()
    if not (bundle / EXE).is_file():
        raise MsiError(f"{bundle} is not a Windows kiosk bundle: it has no {EXE}. "
                       "Build it first with `make dist-windows`.")
    version = msi_version(version or kiosk_version())
    variant = _variant(bundle)
    stem = "tip-kiosk" if variant == "lean" else f"tip-kiosk-{variant}"
    work = (work or REPO / "build" / "msi-windows").resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    (work / "bundle").symlink_to(bundle, target_is_directory=True)
    (work / "kiosk.toml").write_bytes(default_config_text().encode("ascii"))
    (work / "files.wxs").write_text(_harvest(work), encoding="utf-8")
    (work / "settings.wxs").write_text(_settings_fragment(), encoding="utf-8")
    shutil.copy2(WXS, work / WXS.name)

    # Built and patched in the work folder, then moved: out_dir never holds a half-made MSI.
    built = work / f"{stem}-{version}-x64.msi"
    name = "TIP Kiosk" if variant == "lean" else f"TIP Kiosk ({variant})"
    wixl_started = time.perf_counter()
    _run(["wixl", "-a", "x64", "-D", f"Version={version}", "-D", "BundleDir=bundle",
          "-D", "ConfigFile=kiosk.toml", "-D", "Win64=yes", "-D", f"ProductName={name}", "-D", f"ExeName={EXE}",
          "-o", built.name, WXS.name, "files.wxs", "settings.wxs"], work)
    wixl_seconds = time.perf_counter() - wixl_started
    try:
        msi_patch.patch(built, work)
    except subprocess.CalledProcessError as exc:
        raise MsiError(f"{' '.join(map(str, exc.cmd[:2]))} failed ({exc.returncode}) while patching the "
                       f"tables:\n{(exc.stderr or b'').decode('utf-8', 'replace').strip()}") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    target = (out_dir / built.name).resolve()
    shutil.move(built, target)
    return Msi(target, wixl_seconds, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=REPO / "dist-windows" / "tip-kiosk")
    parser.add_argument("--out", type=Path, default=REPO / "dist-windows")
    parser.add_argument("--version", help="MSI version (default: kiosk.__version__)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: build/msi-windows)")
    args = parser.parse_args(argv)
    try:
        msi = build_msi(args.bundle, args.out, version=args.version, work=args.work)
    except MsiError as exc:
        print(f"MSI not built: {exc}", file=sys.stderr)
        return 1
    size = os.path.getsize(msi.path) / 1e6
    print(f"{msi.path}: {size:.1f} MB; wixl {msi.wixl_seconds:.1f} s, whole build {msi.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
