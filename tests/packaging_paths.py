"""The packaging scripts as the tests import them: packaging/ and packaging/windows/ are folders
of scripts, not a package, so tests/conftest.py puts them on sys.path (``add_to_path``) before any
test module imports one (``import wine``, ``import msi``, ``import bundle_parts``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


def add_to_path() -> None:
    for folder in (REPO / "packaging" / "windows", REPO / "packaging"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))


def windows_build() -> ModuleType:
    """packaging/windows/build.py (its name would shadow the ``build`` package if imported plainly)."""
    path = REPO / "packaging" / "windows" / "build.py"
    spec = importlib.util.spec_from_file_location("windows_build", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
