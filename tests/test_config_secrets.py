"""Configuration errors name the file and key but never echo a secret setting's value."""

import pytest

from kiosk.core.config import load_settings
from kiosk.core.errors import ConfigError

SECRET = 918273645546372819


@pytest.mark.parametrize("toml", [
    f"[sync]\nsecret = {SECRET}\n",
    f"[sync]\norganisation_secret = {SECRET}\n",
    f"[sync]\nsecret = [\"{SECRET}\"]\n",
    f"admin_passphrase_hash = {SECRET}\n",
])
def test_a_bad_secret_value_is_named_but_not_shown(tmp_path, toml):
    """Issue 12: the message said '(got 918273645546372819)', so the secret reached logs and screens."""
    path = tmp_path / "kiosk.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path, environ={})
    message = str(error.value)
    assert str(SECRET) not in message
    assert str(path) in message and "not shown because it is a secret" in message


def test_a_bad_ordinary_value_is_still_shown_to_help(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('lockout_after = "many"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="got 'many'"):
        load_settings(path, environ={})
