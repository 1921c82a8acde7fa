"""The sync settings: one block in the machine configuration, checked before anything is sent."""

import pytest

from kiosk.core.config import load_settings
from kiosk.core.errors import ConfigError
from kiosk.core.sync import SyncConfig


def settings_from(tmp_path, text, environ=None):
    path = tmp_path / "kiosk.toml"
    path.write_text(text)
    return load_settings(path, environ=environ or {})


def test_sync_is_off_until_an_endpoint_is_set(tmp_path):
    settings = settings_from(tmp_path, "")
    assert SyncConfig.from_settings(settings) is None
    assert settings.sync_privacy_mode == "pseudonymous" and settings.sync_time_precision == "day"
    assert settings.sync_batch_size == 100 and settings.sync_retention_days == 30


def test_secrets_come_from_files_next_to_the_configuration_and_never_show(tmp_path):
    (tmp_path / "lrs.secret").write_text("s3cret-from-file\n")
    settings = settings_from(tmp_path, '[sync]\nendpoint = "https://lrs.example.org/xAPI"\nkey = "kiosk"\n'
                                       'secret_file = "lrs.secret"\norganisation_secret = "org-secret-abcdefgh"\n')
    config = SyncConfig.from_settings(settings, max_failures=3)
    assert config.secret == "s3cret-from-file" and config.max_failures == 3
    assert "s3cret" not in repr(config) and "org-secret" not in repr(settings)


def test_the_environment_can_carry_the_secret(tmp_path):
    settings = settings_from(tmp_path, '[sync]\nendpoint = "https://lrs.example.org/xAPI"\nkey = "k"\n',
                             environ={"TIP_KIOSK_SYNC_SECRET": "from-env"})
    assert SyncConfig.from_settings(settings).secret == "from-env"


@pytest.mark.parametrize("text, message", [
    ('[sync]\nendpoint = "http://lrs.example.org/xAPI"\nkey = "k"\nsecret = "s"\n', "must use https"),
    ('[sync]\nendpoint = "lrs.example.org"\nkey = "k"\nsecret = "s"\n', "not a web address"),
    ('[sync]\nendpoint = "https://lrs.example.org/xAPI"\n', "key and secret"),
    ('[sync]\nendpoint = "https://lrs.example.org/xAPI"\nkey = "k"\nsecret_file = "missing"\n', "cannot be read"),
])
def test_an_unusable_sync_configuration_is_explained(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        SyncConfig.from_settings(settings_from(tmp_path, text))


@pytest.mark.parametrize("text, key", [
    ('[sync]\nprivacy_mode = "open"\n', "sync.privacy_mode"),
    ('[sync]\ntime_precision = "second"\n', "sync.time_precision"),
    ("[sync]\nbatch_size = 0\n", "sync.batch_size"),
    ("[sync]\nverify = false\n", "sync.verify"),  # there is no way to turn certificate checks off
])
def test_bad_sync_values_name_their_key(tmp_path, text, key):
    with pytest.raises(ConfigError, match=key):
        settings_from(tmp_path, text)


def test_a_refused_endpoint_is_named_without_the_credentials_written_into_it(tmp_path):
    """An address with 'user:secret@' in it is refused (plain http) and the message, which reaches
    the screen and the log, names the host but never the secret."""
    text = '[sync]\nendpoint = "http://kiosk:hunter2-secret@lrs.example.org/xAPI"\nkey = "k"\nsecret = "s"\n'
    with pytest.raises(ConfigError, match="must use https") as refused:
        SyncConfig.from_settings(settings_from(tmp_path, text))
    assert "lrs.example.org" in str(refused.value) and "hunter2" not in str(refused.value)
