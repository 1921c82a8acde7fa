"""The shape of kiosk/cli: one module per command group, each registering its commands and
running them the same way, none importing the package or another group (no import circle), and
each importable alone; the report command draws its PDF without importing a screen."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import kiosk.cli
from tests.conftest import REPO

CLI = Path(kiosk.cli.__file__).parent
MODULES = sorted(f"kiosk.cli.{p.stem}" for p in CLI.glob("*.py") if p.stem != "__init__")
GROUPS = ("admin_passphrase", "certificate", "checks", "content", "packs", "report", "secrets", "start", "sync",
          "trainer")
HELPERS = ("authoring", "common", "pathways")
"""Modules a group uses: they may be imported by a group, and import only common."""


def _kiosk_cli_imports(path: Path) -> set[str]:
    """Every kiosk.cli module a file imports, anywhere in it (inside functions too); "kiosk.cli"
    for a name taken from the package's __init__ (``from kiosk.cli import main``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "kiosk.cli":
            names.update(f"kiosk.cli.{a.name}" if f"kiosk.cli.{a.name}" in MODULES else "kiosk.cli"
                         for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kiosk.cli."):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("kiosk.cli"))
    return names


def test_every_module_is_a_group_or_a_helper():
    assert sorted(MODULES) == sorted(f"kiosk.cli.{m}" for m in GROUPS + HELPERS)


@pytest.mark.parametrize("name", GROUPS)
def test_each_group_registers_and_runs_its_commands_one_way(name):
    module = __import__(f"kiosk.cli.{name}", fromlist=["register", "run"])
    assert callable(module.register) and callable(module.run)
    assert list(module.register.__annotations__) == ["commands", "return"]
    assert list(module.run.__annotations__) == ["args", "return"]


@pytest.mark.parametrize("name", MODULES)
def test_no_module_imports_the_package_and_only_helpers_are_shared(name):
    """The package's __init__ imports the groups; a group imports helpers only; a helper imports
    common only. So the graph has no circle (kiosk.cli and kiosk.cli_it imported each other)."""
    stem = name.rsplit(".", 1)[1]
    imported = _kiosk_cli_imports(CLI / f"{stem}.py")
    assert "kiosk.cli" not in imported
    allowed = {"kiosk.cli.common"} if stem in HELPERS else {f"kiosk.cli.{h}" for h in HELPERS}
    assert imported <= allowed - {name}


def test_each_module_imports_alone_in_a_fresh_interpreter():
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    for name in MODULES:  # one interpreter each: a module must not lean on another imported first
        child = subprocess.run([sys.executable, "-c", code, name], cwd=REPO, capture_output=True, text=True,
                               timeout=60)
        assert child.returncode == 0, f"{name}: {child.stderr[-2000:]}"


def test_the_report_command_draws_its_pdf_without_importing_a_screen(tmp_path, content_dir):
    """kiosk/ui/report_pdf.py, the charts it draws and the formatting helpers are the only kiosk.ui
    modules it needs."""
    code = ("import json, sys\nfrom kiosk.cli import main\nstatus = main(sys.argv[1:])\n"
            "print(json.dumps([status, sorted(m for m in sys.modules if m.startswith('kiosk.ui'))]))")
    out = tmp_path / "report.pdf"
    child = subprocess.run([sys.executable, "-c", code, "report", "--format", "pdf", "--out", str(out),
                            "--content", str(content_dir), "--data-dir", str(tmp_path / "data")],
                           cwd=REPO, capture_output=True, text=True, timeout=120,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    status, ui = json.loads(child.stdout.strip().splitlines()[-1])
    assert status == 0, child.stderr[-2000:]
    assert out.read_bytes().startswith(b"%PDF")
    assert "kiosk.ui.report_pdf" in ui
    assert set(ui) <= {"kiosk.ui", "kiosk.ui.formats", "kiosk.ui.report_charts", "kiosk.ui.report_pdf"}
