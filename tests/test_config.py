from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from kiosk.core.config import load_settings
from kiosk.core.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_need_no_file(tmp_path):
    settings = load_settings(write(tmp_path, ""), environ={})
    assert settings.lockout_after == 5 and settings.language == "en"


def test_file_then_environment_then_flags(tmp_path):
    path = write(tmp_path, 'data_dir = "data"\nlockout_after = 3\nlanguage = "cy"\n')
    settings = load_settings(path, environ={"TIP_KIOSK_LOCKOUT_AFTER": "4"},
                             flags={"language": "en", "content_dir": None})
    assert settings.data_dir == tmp_path / "data"  # relative to the file
    assert settings.lockout_after == 4  # environment beats file
    assert settings.language == "en"  # flag beats both


def test_config_file_from_environment_variable(tmp_path):
    path = write(tmp_path, "lockout_seconds = 99\n")
    assert load_settings(environ={"TIP_KIOSK_CONFIG": str(path)}).lockout_seconds == 99


def test_bad_value_names_file_and_key(tmp_path):
    path = write(tmp_path, 'lockout_after = "many"\n')
    with pytest.raises(ConfigError) as err:
        load_settings(path, environ={})
    assert str(path) in str(err.value) and "'lockout_after'" in str(err.value)
    assert "whole number" in str(err.value) or "integer" in str(err.value)


def test_unknown_key_in_a_table_is_named(tmp_path):
    path = write(tmp_path, "[display]\ncolour = 1\n")
    with pytest.raises(ConfigError, match=r"key 'display.colour': not a TIP Kiosk setting"):
        load_settings(path, environ={})


def test_syntax_error_names_the_file_and_line(tmp_path):
    path = write(tmp_path, "lockout_after = = 3\n")
    with pytest.raises(ConfigError, match=r"not valid TOML.*line 1"):
        load_settings(path, environ={})


def test_missing_explicit_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_bad_environment_variable_is_named(tmp_path):
    with pytest.raises(ConfigError, match="environment variable TIP_KIOSK_LOCKOUT_SECONDS"):
        load_settings(write(tmp_path, ""), environ={"TIP_KIOSK_LOCKOUT_SECONDS": "soon"})
    with pytest.raises(ConfigError, match="TIP_KIOSK_NO_SUCH"):
        load_settings(write(tmp_path, ""), environ={"TIP_KIOSK_NO_SUCH": "1"})


def test_settings_are_frozen(tmp_path):
    settings = load_settings(write(tmp_path, ""), environ={})
    with pytest.raises(FrozenInstanceError):
        settings.language = "fr"  # type: ignore[misc]
