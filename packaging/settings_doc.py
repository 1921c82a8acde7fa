"""Every setting of the Settings dataclass with its type, default and description, read from the
source of kiosk/core/config.py (attribute docstrings are not kept at run time).

Used to write the default /etc/tip-kiosk/kiosk.toml in the packages, so it always lists every
setting, and to draft the table in docs/deployment.md:

    python packaging/settings_doc.py table     # Markdown table
    python packaging/settings_doc.py toml      # the default kiosk.toml
"""

from __future__ import annotations

import ast
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "kiosk" / "core" / "config.py"

# Defaults that are computed at run time, described for people.
COMPUTED = {
    "content_dir": "the sample programme inside the installed kiosk "
                   "(`/opt/tip-kiosk/_internal/content/modules`)",
    "data_dir": "the kiosk account's own data folder (`~/.local/share/tip-kiosk`; Windows "
                "`%LOCALAPPDATA%\\TIP Kiosk`)",
}
WINDOWS_COMPUTED = {
    "content_dir": "the sample programme inside the installed kiosk (`_internal\\content\\modules` "
                   "in its program folder)",
}
"""The Windows kiosk.toml's wording where the Linux one names a Linux path."""
CONFIG_PATHS = {"linux": "/etc/tip-kiosk/kiosk.toml", "win32": "%PROGRAMDATA%\\TIP Kiosk\\kiosk.toml"}
"""Where each platform's kiosk reads this file (kiosk.core.config.machine_config_path)."""
GUIDES = {"linux": "/opt/tip-kiosk/share/deployment.md or docs/deployment.md",
          "win32": "the deployment guide (docs/deployment.md)"}


@dataclass(frozen=True)
class SettingDoc:
    name: str
    type: str
    default: str
    """The default as it would be written in TOML, or a description for computed ones."""
    doc: str
    computed: bool = False


def settings_docs(source: Path = CONFIG) -> list[SettingDoc]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Settings")
    found: list[SettingDoc] = []
    body = cls.body
    for index, node in enumerate(body):
        if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
            continue
        name = node.target.id
        following = body[index + 1] if index + 1 < len(body) else None
        doc = ""
        if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant) \
                and isinstance(following.value.value, str):
            doc = " ".join(following.value.value.split())
        computed = name in COMPUTED or _is_factory(node.value)
        default = COMPUTED.get(name, "computed at run time") if computed else _toml(node.value)
        found.append(SettingDoc(name, ast.unparse(node.annotation), default, doc, computed))
    return found


def _is_factory(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Call)


def _toml(value: ast.expr | None) -> str:
    if value is None:
        return "(required)"
    literal = ast.literal_eval(value)
    if isinstance(literal, bool):
        return "true" if literal else "false"
    if isinstance(literal, str):
        return '"' + literal.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if literal is None:
        return "(not set)"
    return repr(literal)


def markdown_table(docs: list[SettingDoc]) -> str:
    rows = ["| Setting | Default | What it does |", "| --- | --- | --- |"]
    for d in docs:
        default = d.default if d.computed else f"`{d.default}`"
        rows.append(f"| `{d.name}` | {default} | {d.doc.replace('|', '/')} |")
    return "\n".join(rows)


def default_config(docs: list[SettingDoc], platform: str = sys.platform) -> str:
    """kiosk.toml with every setting commented out at its default, for ``platform`` (a
    ``sys.platform`` value: the Windows installer is built on Linux, so it passes "win32")."""
    system = "win32" if platform == "win32" else "linux"
    lines = [
        "# TIP Kiosk machine-wide configuration (TOML).",
        f"# This file: {CONFIG_PATHS[system]} (only administrators should be able to change it).",
        "# Every setting is shown at its default, commented out: remove the '#' and change the value.",
        "# Environment variables TIP_KIOSK_<NAME> and command-line flags override this file.",
        f"# See {GUIDES[system]} for the details.",
        "",
    ]
    for d in docs:
        for text in textwrap.wrap(d.doc, 96):
            lines.append(f"# {text}")
        if d.computed:
            default = WINDOWS_COMPUTED.get(d.name, d.default) if system == "win32" else d.default
            lines.append(f"# Default: {default}.")
            lines.append(f'# {d.name} = "..."')
        elif d.default == "(not set)":
            lines.append(f"# {d.name} =   (not set by default)")
        else:
            lines.append(f"# {d.name} = {d.default}")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "table"
    docs = settings_docs()
    print(markdown_table(docs) if what == "table" else default_config(docs))
