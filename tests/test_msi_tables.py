"""What the MSI builder promises without running Windows: its properties are the kiosk's own
settings, documented, never a secret; its default kiosk.toml loads; bad input is refused in plain
words. The installs themselves are tested under Wine (tests/test_windows_msi.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import msi
import msi_settings
import pytest

from kiosk.core import config

REPO = Path(__file__).resolve().parent.parent


def test_every_msi_property_names_a_setting_and_its_ini_line_flattens_back_to_it():
    fields = {f.name for f in dataclasses.fields(config.Settings)}
    for s in msi_settings.SETTINGS:
        assert s.setting in fields
        assert s.prop == s.setting.upper()
        assert set(config._flatten({s.section: {s.key: "x"}})) == {s.setting}


def test_no_secret_is_an_msi_property_since_msiexec_logs_every_value():
    for s in msi_settings.SETTINGS:
        if "secret" in s.setting or "passphrase" in s.setting:
            assert s.setting.endswith(("_file", "_hash")), s.setting


def test_the_deployment_guide_documents_every_msi_property():
    guide = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
    section = guide[guide.index("### The MSI"):guide.index("## Configuration")]
    for prop in ["AUTOSTART", "CONFIG_FOLDER", *(s.prop for s in msi_settings.SETTINGS)]:
        assert f"`{prop}`" in section, prop


def test_the_default_kiosk_toml_is_ascii_with_windows_line_ends_and_loads_as_the_defaults(tmp_path):
    text = msi.default_config_text()
    data = text.encode("ascii")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert "%PROGRAMDATA%\\TIP Kiosk\\kiosk.toml" in text
    path = tmp_path / "kiosk.toml"
    path.write_bytes(data)
    empty = tmp_path / "empty.toml"
    empty.write_bytes(b"")
    assert config.load_settings(path, environ={}) == config.load_settings(empty, environ={})


@pytest.mark.parametrize("version", ["0.1.0.dev1", "1.2", "256.0.0", "1.0.70000", "v1.0.0"])
def test_a_version_msi_cannot_carry_is_refused_in_plain_words(version):
    with pytest.raises(msi.MsiError, match="three numbers like 1.2.3"):
        msi.msi_version(version)
    assert msi.msi_version("0.1.0") == "0.1.0"


def test_a_folder_that_is_not_a_windows_bundle_is_refused_before_anything_is_built(tmp_path):
    (tmp_path / "tip-kiosk").mkdir()
    with pytest.raises(msi.MsiError, match=r"has no tip-kiosk\.exe.*make dist-windows"):
        msi.build_msi(tmp_path / "tip-kiosk", tmp_path / "out", work=tmp_path / "work")
    assert not (tmp_path / "out").exists()
