"""Build TIP Kiosk for Linux: the one-folder bundle (PyInstaller), then a .tar.gz and a .deb.

    python packaging/build.py [--variant lean|standard] [--out dist] [--work build] [--bundle-only]
                              [--from-bundle DIR]

`make dist` runs it (`make dist STANDARD=1` for the standard variant). The lean variant has no
web engine; the standard one adds QtWebEngine and the SCORM/H5P players, and its bundle folder,
archive and Debian package are all called tip-kiosk-standard so the two are never confused.

The bundle's VLC plugin cache is regenerated after PyInstaller has copied the plugins (a copied
cache is stale), and a build record (build-info.json, with the variant) is written into the
bundle. Standard library only, plus PyInstaller for the bundle step.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
sys.path.insert(0, str(PACKAGING))

import bundle_parts
import settings_doc

NAME = "tip-kiosk"
INSTALL_DIR = "/opt/tip-kiosk"
LINUX = PACKAGING / "linux"


@dataclass(frozen=True)
class Bundle:
    path: Path
    seconds: float
    size_bytes: int
    variant: str = "lean"


def package_name(variant: str) -> str:
    """tip-kiosk (lean) or tip-kiosk-standard: the bundle folder, archive and Debian package."""
    return NAME if variant == "lean" else f"{NAME}-{variant}"


def version() -> str:
    text = (REPO / "kiosk" / "__init__.py").read_text(encoding="utf-8")
    return text.split('__version__ = "', 1)[1].split('"', 1)[0]


def build_bundle(out: Path, work: Path, variant: str = "lean") -> Bundle:
    """Run the spec; returns the bundle folder, build time and size."""
    started = time.monotonic()
    # Each variant has its own PyInstaller work folder: they share a spec name, and one variant's
    # cached analysis must not leak into the other.
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(out), "--workpath", str(work / variant),
                    str(PACKAGING / "tip-kiosk.spec"), "--", "--variant", variant],
                   check=True, cwd=REPO)
    bundle = out / package_name(variant)
    contents = bundle / "_internal"
    if sys.platform.startswith("linux") and shutil.which("readelf"):
        pruned = bundle_parts.prune_unlinked(contents)
        print(f"Left out {len(pruned)} libraries nothing in the bundle links "
              f"({sum(size for _, size in pruned) / 1e6:.1f} MB): {', '.join(name for name, _ in pruned)}")
    bundle_parts.regenerate_plugin_cache(contents)
    write_build_info(contents, variant)
    return Bundle(bundle, time.monotonic() - started, folder_size(bundle), variant)


def write_build_info(contents: Path, variant: str = "lean", **overrides: object) -> None:
    """Write build-info.json; ``overrides`` replace fields (the Windows build, made on Linux,
    gives its own platform, Python and plugin list)."""
    info = {
        "name": NAME,
        "variant": variant,
        "version": version(),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": f"{sys.platform}-{platform.machine()}",
        "python": platform.python_version(),
        "vlc_plugin_list": (bundle_parts.PLUGIN_LIST.name if bundle_parts.PLUGIN_LIST.exists()
                            else "none (whole plugin folder)"),
    }
    info.update(overrides)
    (contents / "build-info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def make_tarball(bundle: Path, out: Path, variant: str = "lean") -> Path:
    """tip-kiosk[-standard]-VERSION-linux-ARCH.tar.gz: the bundle plus share/ (desktop entries,
    systemd unit, the default kiosk.toml, the deployment guide)."""
    stem = f"{package_name(variant)}-{version()}-linux-{platform.machine()}"
    target = out / f"{stem}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=stem)
        for source, name in share_files().items():
            tar.add(source, arcname=f"{stem}/share/{name}")
    return target


def share_files() -> dict[Path, str]:
    return {
        LINUX / "tip-kiosk.desktop": "tip-kiosk.desktop",
        LINUX / "tip-kiosk-autostart.desktop": "tip-kiosk-autostart.desktop",
        LINUX / "tip-kiosk.service": "tip-kiosk.service",
        LINUX / "tip-kiosk-session": "tip-kiosk-session",
        LINUX / "tip-kiosk-autostart": "tip-kiosk-autostart",
        REPO / "docs" / "deployment.md": "deployment.md",
        # Secrets outside the data folder (docs/deployment.md): IT installs these two by hand.
        LINUX / "read-secret": "read-secret",
        LINUX / "tip-kiosk.sudoers": "tip-kiosk.sudoers",
    }


def default_config() -> str:
    return settings_doc.default_config(settings_doc.settings_docs())


def make_deb(bundle: Path, out: Path, work: Path, compression: str = "gzip", level: int = 6,
             variant: str = "lean") -> Path:
    """A .deb installing the bundle to /opt/tip-kiosk, /usr/bin/tip-kiosk, a desktop entry, the
    systemd user unit, an autostart entry to enable with `tip-kiosk-autostart enable`, and
    /etc/tip-kiosk/kiosk.toml as a conffile (dpkg keeps IT's edits on upgrade).

    Both variants install the same paths, so each replaces the other (see relations())."""
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    root = work / "deb-root"
    if root.exists():
        shutil.rmtree(root)
    opt = root / INSTALL_DIR.lstrip("/")
    _copy_tree(bundle, opt)
    _install(LINUX / "tip-kiosk-autostart.desktop", opt / "share" / "tip-kiosk-autostart.desktop", 0o644)
    _install(REPO / "docs" / "deployment.md", opt / "share" / "deployment.md", 0o644)
    _install(LINUX / "read-secret", opt / "share" / "read-secret", 0o755)
    _install(LINUX / "tip-kiosk.sudoers", opt / "share" / "tip-kiosk.sudoers", 0o644)
    _install(LINUX / "tip-kiosk", root / "usr/bin/tip-kiosk", 0o755)
    _install(LINUX / "tip-kiosk-session", root / "usr/bin/tip-kiosk-session", 0o755)
    _install(LINUX / "tip-kiosk-autostart", root / "usr/bin/tip-kiosk-autostart", 0o755)
    _install(LINUX / "tip-kiosk.desktop", root / "usr/share/applications/tip-kiosk.desktop", 0o644)
    _install(LINUX / "tip-kiosk.service", root / "usr/lib/systemd/user/tip-kiosk.service", 0o644)
    config = root / "etc/tip-kiosk/kiosk.toml"
    config.parent.mkdir(parents=True)
    config.write_text(default_config(), encoding="utf-8")
    config.chmod(0o644)

    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "conffiles").write_text("/etc/tip-kiosk/kiosk.toml\n", encoding="utf-8")
    _install(LINUX / "prerm", debian / "prerm", 0o755)
    installed_kb = folder_size(root) // 1024
    depends = ", ".join(system_dependencies(opt)) or "libc6"
    name = package_name(variant)
    variant_line = (" This is the standard variant: it can also play SCORM and H5P package modules\n"
                    " (it carries QtWebEngine).\n" if variant != "lean" else
                    " This is the lean variant: it cannot play SCORM or H5P package modules;\n"
                    " tip-kiosk-standard can.\n")
    (debian / "control").write_text(
        f"Package: {name}\n"
        f"Version: {version()}\n"
        f"Architecture: {arch}\n"
        "Maintainer: TIP Kiosk maintainers <tip-kiosk@invalid>\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {depends}\n"
        + "".join(f"{field}: {value}\n" for field, value in relations(variant).items()) +
        "Section: education\n"
        "Priority: optional\n"
        "Description: Offline Trauma-Informed Practice learning kiosk for shared PCs\n"
        " TIP Kiosk delivers a Trauma-Informed Practice learning programme on shared PCs\n"
        " with poor connectivity. It bundles its own Qt and libVLC in /opt/tip-kiosk.\n"
        + variant_line,
        encoding="utf-8")
    target = out / f"{name}_{version()}_{arch}.deb"
    # gzip: every dpkg reads it, and level 6 is several times faster than xz for ~5% more size.
    subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", f"-z{level}", "--build", str(root),
                    str(target)], check=True, capture_output=True)
    return target


def relations(variant: str) -> dict[str, str]:
    """Debian relations between the variants: they own the same files, so installing one removes
    the other (Conflicts + Replaces), as exim4-daemon-light and -heavy do. The standard variant
    also Provides tip-kiosk, so anything that needs "a TIP Kiosk" accepts either."""
    if variant == "lean":
        other = package_name("standard")
        return {"Conflicts": other, "Replaces": other}
    return {"Provides": NAME, "Conflicts": NAME, "Replaces": NAME}


def system_dependencies(bundle: Path) -> list[str]:
    """Debian packages providing the libraries the bundle links but does not carry (libc, GL,
    X and Wayland client libraries: PyInstaller leaves those to the system on purpose)."""
    contents = bundle / "_internal"
    libraries = [str(p) for p in contents.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    env = dict(os.environ, LD_LIBRARY_PATH=str(contents))
    outside: set[str] = set()
    for start in range(0, len(libraries), 100):
        done = subprocess.run(["ldd", *libraries[start:start + 100]], capture_output=True, text=True,
                              env=env)
        for line in done.stdout.splitlines():
            if "=>" in line and "/" in line.split("=>", 1)[1]:
                path = line.split("=>", 1)[1].split("(")[0].strip()
                if not path.startswith(str(contents)):
                    outside.add(os.path.realpath(path))
    packages: set[str] = set()
    glibc = platform.libc_ver()[1]  # the bundle's libraries were built against this glibc or older
    for path in sorted(outside):
        for candidate in (path, path.replace("/usr/lib/", "/lib/", 1)):
            owner = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if owner.returncode == 0:
                packages.add(owner.stdout.split(":", 1)[0].strip())
                break
    return [f"libc6 (>= {glibc})" if name == "libc6" and glibc else name for name in sorted(packages)]


def _copy_tree(source: Path, target: Path) -> None:
    # Hard links where possible: the staging copy of a ~300 MB bundle then costs nothing.
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, symlinks=True, copy_function=link_or_copy)


def _install(source: Path, target: Path, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=bundle_parts.VARIANTS, default="lean",
                        help="lean: no web engine; standard: plays SCORM/H5P packages too")
    parser.add_argument("--out", type=Path, default=REPO / "dist")
    parser.add_argument("--work", type=Path, default=REPO / "build")
    parser.add_argument("--bundle-only", action="store_true", help="stop after the bundle")
    parser.add_argument("--from-bundle", type=Path, help="package an existing bundle folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.from_bundle:
        bundle = Bundle(args.from_bundle, 0.0, folder_size(args.from_bundle), args.variant)
    else:
        bundle = build_bundle(args.out, args.work, args.variant)
        print(f"Bundle: {bundle.path} ({bundle.size_bytes / 1e6:.0f} MB) built in {bundle.seconds:.0f} s")
    if args.bundle_only:
        return 0
    started = time.monotonic()
    tarball = make_tarball(bundle.path, args.out, bundle.variant)
    print(f"Archive: {tarball} ({tarball.stat().st_size / 1e6:.0f} MB, {time.monotonic() - started:.0f} s)")
    started = time.monotonic()
    deb = make_deb(bundle.path, args.out, args.work, variant=bundle.variant)
    print(f"Debian package: {deb} ({deb.stat().st_size / 1e6:.0f} MB, {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
