"""The Wine environment the Windows build and the Windows tests share (packaging/windows/wine.py):
its stand-in DLLs cover what the Windows Qt imports, its cache key follows the pins, paths convert
both ways, and the Windows Python it runs prints non-ASCII text through pipes and is stopped
whole on a timeout."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
import wine

REPO = Path(__file__).resolve().parent.parent


def test_a_changed_pin_changes_the_cache_key_and_an_unchanged_one_keeps_it(tmp_path):
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    same, changed = tmp_path / "same.toml", tmp_path / "changed.toml"
    same.write_text(pyproject + "\n# a comment changes nothing the Windows Python gets\n", encoding="utf-8")
    changed.write_text(pyproject.replace('"httpx==0.28.1"', '"httpx==0.28.0"'), encoding="utf-8")
    assert "httpx==0.28.0" in wine.requirements(changed)
    assert wine.python_key(same) == wine.python_key()
    assert wine.python_key(changed) != wine.python_key()
    # What a Linux pip leaves out and PyInstaller and pytest need on Windows is asked for by hand.
    assert {r.split("==")[0] for r in wine.requirements()} >= {"pyinstaller", "pytest", "pefile",
                                                                  "pywin32-ctypes", "colorama"}


def test_paths_convert_between_linux_and_the_prefix_drives(tmp_path):
    env = wine.WineEnv(tmp_path / "cache", tmp_path / "prefix")
    assert env.wine_path(Path("/tmp/a b/ŵ.txt")) == "Z:\\tmp\\a b\\ŵ.txt"
    assert env.linux_path("Z:\\tmp\\a b") == Path("/tmp/a b")
    assert env.linux_path(r"C:\ProgramData\TIP Kiosk") == \
        tmp_path / "prefix" / "drive_c" / "ProgramData" / "TIP Kiosk"
    with pytest.raises(ValueError, match="no drive this Wine prefix maps"):
        env.linux_path(r"D:\x")


def _objdump(path: Path) -> str:
    return subprocess.run(["x86_64-w64-mingw32-objdump", "-p", str(path)], capture_output=True, text=True,
                          check=True).stdout


def imports_from(binary: Path, dll: str) -> set[str]:
    """The function names ``binary`` imports from ``dll`` (its import table, read by objdump)."""
    names, inside = set(), False
    for line in _objdump(binary).splitlines():
        if "DLL Name:" in line:
            inside = line.split("DLL Name:")[1].strip().lower() == dll
        elif inside and re.fullmatch(r"\s+[0-9a-f]+\s+\d+\s+([A-Za-z_]\w*)\s*", line):
            names.add(line.split()[-1])
    return names


@pytest.mark.wine
@pytest.mark.slow
def test_the_stand_in_dlls_export_everything_the_windows_qt_and_rust_extensions_import():
    env = wine.ensure()
    system32 = env.prefix / "drive_c" / "windows" / "system32"
    qt_core = env.python_dir / "Lib" / "site-packages" / "PySide6" / "Qt6Core.dll"
    wanted = imports_from(qt_core, "icuuc.dll")
    assert len(wanted) >= 20 and "ucnv_open" in wanted
    exported = _objdump(system32 / "icuuc.dll")
    assert not [name for name in wanted if not re.search(rf"\]\s+{re.escape(name)}\s*$", exported, re.M)]
    rust = next((env.python_dir / "Lib" / "site-packages" / "pydantic_core").glob("*.pyd"))
    assert imports_from(rust, "bcryptprimitives.dll") == {"ProcessPrng"}
    assert "Forwarder RVA -- advapi32.SystemFunction036" in _objdump(system32 / "bcryptprimitives.dll")
    # And they work: Qt keeps its built-in UTF-8 and is refused a codec only ICU has (the stub's
    # ucnv_open fails, as it should, without a crash); the Rust extension starts (it draws random
    # numbers from ProcessPrng as it loads) and validates.
    script = ("from PySide6.QtCore import QStringDecoder as D; import pydantic_core;"
              "print(D('UTF-8').isValid(), D('Shift_JIS').isValid(),"
              " pydantic_core.SchemaValidator({'type': 'int'}).validate_python('8'))")
    done = env.run(["-c", script], timeout=120)
    assert done.returncode == 0 and done.stdout.split() == ["True", "False", "8"], done.stdout + done.stderr


@pytest.mark.wine
@pytest.mark.slow
def test_the_windows_python_prints_welsh_through_a_pipe_and_a_timeout_stops_it():
    env = wine.ensure()
    done = env.run(["-c", "import sys; print('Croeso ŵ ŷ', sys.platform)"], timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "Croeso ŵ ŷ win32"), done.stderr
    started = time.monotonic()
    marker = f"time.sleep({120 + os.getpid() % 1000 / 1000})"  # names this test's sleeper only
    with pytest.raises(subprocess.TimeoutExpired):
        env.run(["-c", f"import time; {marker}"], timeout=5)
    assert time.monotonic() - started < 60
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
    assert not left, f"the Windows python outlived its timeout: {left}"
