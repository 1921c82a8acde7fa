"""The house rules that keep the core testable without a screen (docs/style.md)."""

import ast
import subprocess
import sys
from pathlib import Path

import kiosk
import kiosk.core

CORE = Path(kiosk.core.__file__).parent
KIOSK = Path(kiosk.__file__).parent

# Where SQL may run outside kiosk/core/store/, and why. Nothing may be added here without a reason
# as strong as these; the list should only shrink.
SQL_OUTSIDE_STORE = {
    # Counts the learners in a database the kiosk has not opened (and must not migrate) to decide
    # whether a missing installation key is a first start or a lost key.
    "core/installation_key.py",
    # Re-encrypts answers and package state in place when the vault key changes, inside the
    # caller's transaction, and scrubs freed pages (PRAGMA secure_delete, wal_checkpoint).
    "core/vault.py",
    # `tip-kiosk --self-test`: PRAGMA quick_check on the open store.
    "cli/checks.py",
}


def _module_name(path: Path, root: Path, package: str) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every module an import statement or an import_module("...") call anywhere in the tree names,
    with relative imports resolved against ``module``."""
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")
                parent = parent[: len(parent) - node.level + (1 if is_package else 0)]
                base = ".".join(parent + ([base] if base else []))
            names.append((node.lineno, base))
            names += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"
                   or isinstance(node.func, ast.Name) and node.func.id in ("import_module", "__import__"))):
            names.append((node.lineno, node.args[0].value))
    return names


def qt_imports(root: Path, package: str = "kiosk.core") -> list[str]:
    """``file:line name`` for every import of Qt (PySide6, shiboken6) or of kiosk.ui in the source
    under ``root`` (the folder of ``package``): at module level, inside functions, under
    ``if TYPE_CHECKING:`` alike. The core's types must not depend on the screens either."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root, package)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, name in _imported_names(tree, module, path.name == "__init__.py"):
            top = name.split(".")[0]
            if top in ("PySide6", "shiboken6") or name == "kiosk.ui" or name.startswith("kiosk.ui."):
                found.append(f"{path.relative_to(root)}:{line} {name}")
    return sorted(set(found))


def sql_calls(root: Path) -> list[str]:
    """``file:line`` for every SQL call (``.execute``, ``.executemany``, ``.executescript``,
    ``sqlite3.connect``) in the source under ``root``, outside its ``core/store/`` folder."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith("core/store/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            attr, owner = node.func.attr, node.func.value
            if attr in ("execute", "executemany", "executescript") or (
                    attr == "connect" and isinstance(owner, ast.Name) and owner.id == "sqlite3"):
                found.append(f"{relative}:{node.lineno}")
    return found


def test_every_core_module_imports_with_qt_blocked():
    modules = sorted(
        "kiosk.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py")
    )
    modules = [m.removesuffix(".__init__") for m in modules]
    script = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'PySide6' or name.startswith('kiosk.ui'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(len(" + repr(modules) + "))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(modules) >= 10


def test_no_core_source_imports_qt_or_the_screens_anywhere():
    """Read from the source, so an import inside a function (run only later, if ever) counts too."""
    assert qt_imports(CORE) == []


def test_the_source_check_finds_a_qt_import_hidden_in_a_function(tmp_path):
    core = tmp_path / "core"
    (core / "store").mkdir(parents=True)
    (core / "__init__.py").write_text("")
    (core / "store" / "__init__.py").write_text("")
    (core / "clean.py").write_text("import json\nfrom pathlib import Path\n\ndef f():\n    import sqlite3\n")
    (core / "late.py").write_text('"""Looks clean at import."""\n\n\ndef show():\n    import PySide6.QtWidgets\n')
    (core / "typing_only.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from PySide6.QtCore import QObject\n")
    (core / "store" / "screens.py").write_text("from ...ui import shell\n")
    (core / "by_name.py").write_text('import importlib\n\ndef f():\n    importlib.import_module("kiosk.ui.app")\n')

    assert qt_imports(core) == [
        "by_name.py:4 kiosk.ui.app",
        "late.py:5 PySide6.QtWidgets",
        "store/screens.py:1 kiosk.ui",
        "store/screens.py:1 kiosk.ui.shell",
        "typing_only.py:3 PySide6.QtCore",
        "typing_only.py:3 PySide6.QtCore.QObject",
    ]


def test_sql_runs_only_in_the_store():
    outside = {place.split(":")[0] for place in sql_calls(KIOSK)}
    # Equal, not a subset: a place whose SQL moves into the store leaves the list.
    assert outside == SQL_OUTSIDE_STORE, sorted(outside ^ SQL_OUTSIDE_STORE)


def test_the_sql_check_finds_a_query_outside_the_store(tmp_path):
    (tmp_path / "core" / "store").mkdir(parents=True)
    (tmp_path / "core" / "store" / "db.py").write_text("def q(conn):\n    conn.execute('SELECT 1')\n")
    (tmp_path / "core" / "report.py").write_text(
        "import sqlite3\n\ndef q(path):\n    conn = sqlite3.connect(path)\n    conn.executemany('x', [])\n")
    (tmp_path / "cli.py").write_text("def q(store):\n    store.conn.execute('PRAGMA quick_check')\n")

    assert sql_calls(tmp_path) == ["cli.py:2", "core/report.py:4", "core/report.py:5"]
