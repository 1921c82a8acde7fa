"""Every machine setting is documented for IT, with its default, in docs/deployment.md."""

import dataclasses
import re
from pathlib import Path

import settings_doc

from kiosk.core.config import Settings

REPO = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented_in_the_deployment_guide():
    guide = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", guide, flags=re.MULTILINE))
    missing = {f.name for f in dataclasses.fields(Settings)} - documented
    assert not missing, f"add these settings to the table in docs/deployment.md: {sorted(missing)}"


def test_the_generated_settings_list_matches_the_dataclass():
    """packaging/settings_doc.py reads the source; it must see exactly the real fields."""
    docs = settings_doc.settings_docs()
    assert [d.name for d in docs] == [f.name for f in dataclasses.fields(Settings)]
    defaults = {d.name: d.default for d in docs}
    assert defaults["kiosk_mode"] == "false" and defaults["admin_lockout_after"] == "3"
