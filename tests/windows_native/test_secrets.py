"""The kiosk's secrets on Windows: sealed with DPAPI for the kiosk's account, each file with its
own access list, and a blob that will not open stops the kiosk with words IT can act on."""

from __future__ import annotations

import io

import pytest

from kiosk.core import dpapi, keystore, winacl, winsec
from kiosk.core.accounts import SECRET_BYTES, SECRET_FILE
from kiosk.core.config import load_settings
from kiosk.core.errors import InstallationKeyError


@pytest.fixture
def settings(tmp_path, empty_config):
    return load_settings(empty_config, environ={}, flags={"data_dir": tmp_path / "Kiosk data",
                                                           "content_dir": tmp_path / "content"})


def sealed(settings):
    return settings.data_dir / (keystore.INSTALLATION + keystore.DPAPI_SUFFIX)


def test_the_installation_key_is_sealed_private_and_opens_again(settings):
    settings.data_dir.mkdir()
    key = keystore.installation_key(settings)
    assert len(key) == SECRET_BYTES
    blob = sealed(settings).read_bytes()
    assert key not in blob and not (settings.data_dir / SECRET_FILE).exists()
    assert keystore.installation_key(settings) == key  # the next start opens the same key
    me = winsec.current_user_sid()
    assert winacl.strangers(winsec.read_dacl(sealed(settings)), me) == []


def test_an_older_plain_key_is_sealed_and_the_plain_file_removed(settings):
    settings.data_dir.mkdir()
    (settings.data_dir / SECRET_FILE).write_bytes(b"k" * SECRET_BYTES)
    assert keystore.installation_key(settings) == b"k" * SECRET_BYTES
    assert not (settings.data_dir / SECRET_FILE).exists()
    assert dpapi.unprotect(sealed(settings).read_bytes()) == b"k" * SECRET_BYTES


def test_a_damaged_blob_stops_the_kiosk_in_words_and_is_kept(settings):
    settings.data_dir.mkdir()
    keystore.installation_key(settings)
    damaged = bytearray(sealed(settings).read_bytes())
    damaged[-8] ^= 0xFF
    sealed(settings).write_bytes(bytes(damaged))
    with pytest.raises(InstallationKeyError) as caught:
        keystore.installation_key(settings)
    message = str(caught.value)
    assert "cannot be opened by this Windows account" in message and "damaged" in message
    assert "stopped rather than make new identities" in message and "Traceback" not in message
    assert sealed(settings).read_bytes() == bytes(damaged)  # nothing replaced, nothing lost


def test_another_programs_blob_does_not_open_as_the_kiosks_key(settings, monkeypatch):
    """DPAPI would open it for this account; the kiosk's entropy string is what refuses it."""
    settings.data_dir.mkdir()
    monkeypatch.setattr(dpapi, "ENTROPY", b"some other program")
    sealed(settings).write_bytes(dpapi.protect(b"x" * SECRET_BYTES))
    monkeypatch.undo()
    with pytest.raises(InstallationKeyError, match="sealed by another account or on another PC"):
        keystore.installation_key(settings)


def test_the_organisation_secret_is_sealed_by_secrets_protect_and_read_back(settings, tmp_path):
    from kiosk.cli.secrets import protect

    secret_file = tmp_path / "organisation secret.txt"
    secret_file.write_text("an organisation secret long enough to be safe\n", encoding="utf-8")
    settings = settings.with_overrides(sync_organisation_secret_file=secret_file)
    settings.data_dir.mkdir()
    assert protect(settings, io.StringIO()) == 0
    blob = settings.data_dir / (keystore.ORGANISATION + keystore.DPAPI_SUFFIX)
    assert b"organisation secret" not in blob.read_bytes()
    secret_file.unlink()  # from now on only the sealed copy holds it
    plain = settings.with_overrides(sync_organisation_secret_file=None)
    assert keystore.organisation_key(plain) == b"an organisation secret long enough to be safe"
    assert winacl.strangers(winsec.read_dacl(blob), winsec.current_user_sid()) == []


def test_doctor_reads_the_sealed_key_and_names_one_that_will_not_open(settings):
    from kiosk.core.doctor.checks import check_installation_key

    settings.data_dir.mkdir()
    keystore.installation_key(settings)
    assert check_installation_key(settings.data_dir, settings).status == "pass"
    sealed(settings).write_bytes(sealed(settings).read_bytes()[:-4])
    result = check_installation_key(settings.data_dir, settings)
    assert result.status == "fail" and "cannot be opened by this Windows account" in result.summary


def test_doctor_names_a_secret_file_other_accounts_can_read_and_the_fix(settings, tmp_path):
    from kiosk.core.doctor.secrets import check_secrets

    shared = tmp_path / "ProgramData like"
    shared.mkdir()
    secret = shared / "lrs.secret"
    secret.write_text("a secret long enough for the LRS\n", encoding="utf-8")
    winsec.set_dacl(secret, "D:(A;;FA;;;SY)(A;;FR;;;WD)")  # as a file under ProgramData: Users may read
    settings = settings.with_overrides(sync_secret_file=secret)
    result = check_secrets(settings, None)
    assert result.status == "fail" and f"{secret} can be read by other accounts (S-1-1-0)" in result.summary
    assert f'icacls "{secret}" /inheritance:r /grant:r *{winsec.current_user_sid()}:F' in result.summary
    assert "a secret long enough" not in result.summary + result.fix  # never the value
    assert winacl.restrict(secret) is None
    assert check_secrets(settings, None).status == "pass"
