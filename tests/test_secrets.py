"""Secrets kept outside the data folder: the keystore, the sudo helper's refusals, `secrets
protect`, and the doctor's Secrets check (which never prints a value)."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.cli.secrets import protect
from kiosk.core import keystore
from kiosk.core.accounts import SECRET_FILE, Accounts, installation_secret
from kiosk.core.config import Settings
from kiosk.core.doctor.secrets import check_secrets
from kiosk.core.errors import ConfigError, InstallationKeyError
from kiosk.core.store import open_store

REPO = Path(__file__).resolve().parent.parent
ORG_SECRET = "an organisation secret long enough to count"


def settings_for(data_dir: Path, secrets_dir: Path | None, **more) -> Settings:
    return Settings(data_dir=data_dir, content_dir=data_dir / "content", secrets_dir=secrets_dir, **more)


def with_a_learner(data_dir: Path, secret: bytes) -> None:
    store, _ = open_store(data_dir)
    Accounts(store, secret).register("EMP-1001", "482913")
    store.close()


def test_a_development_run_keeps_the_key_in_the_data_folder(tmp_path):
    settings = settings_for(tmp_path / "data", None)
    key = keystore.installation_key(settings)
    assert (tmp_path / "data" / SECRET_FILE).read_bytes() == key


def test_a_new_pc_makes_its_key_in_the_protected_folder_and_none_in_the_data_folder(tmp_path):
    settings = settings_for(tmp_path / "data", tmp_path / "secrets")
    key = keystore.installation_key(settings)
    assert len(key) == 32 and keystore.installation_key(settings) == key
    assert (tmp_path / "secrets" / "installation.key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "secrets").stat().st_mode & 0o777 == 0o700
    assert not (tmp_path / "data" / SECRET_FILE).exists()


@pytest.mark.parametrize("content", [b"", b"short", b"x" * 31])
def test_an_empty_or_short_protected_key_stops_the_kiosk_with_a_message_for_it(tmp_path, content):
    (tmp_path / "secrets").mkdir(mode=0o700)
    (tmp_path / "secrets" / "installation.key").write_bytes(content)
    with pytest.raises(InstallationKeyError) as caught:
        keystore.installation_key(settings_for(tmp_path / "data", tmp_path / "secrets"))
    assert f"holds {len(content)} bytes, not 32" in str(caught.value) and "IT:" in str(caught.value)
    assert (tmp_path / "secrets" / "installation.key").read_bytes() == content  # left for IT to see


def test_learners_with_their_key_still_in_the_data_folder_are_not_given_a_new_one(tmp_path):
    data = tmp_path / "data"
    with_a_learner(data, installation_secret(data))
    with pytest.raises(InstallationKeyError, match="secrets protect"):
        keystore.installation_key(settings_for(data, tmp_path / "secrets"))
    assert not (tmp_path / "secrets" / "installation.key").exists()


def test_secrets_protect_moves_both_secrets_out_and_learners_still_sign_in(tmp_path):
    data = tmp_path / "data"
    old_key = installation_secret(data)
    with_a_learner(data, old_key)
    org_file = tmp_path / "org.key"
    org_file.write_text(ORG_SECRET + "\n")
    settings = settings_for(data, tmp_path / "secrets", sync_organisation_secret_file=org_file)
    out = io.StringIO()
    assert protect(settings, out) == 0
    assert "moved from" in out.getvalue() and ORG_SECRET not in out.getvalue()
    assert not (data / SECRET_FILE).exists()
    assert keystore.installation_key(settings) == old_key
    assert keystore.organisation_key(settings_for(data, tmp_path / "secrets")) == ORG_SECRET.encode()
    store, _ = open_store(data)
    assert Accounts(store, keystore.installation_key(settings)).sign_in("EMP-1001", "482913").id == 1
    store.close()
    assert protect(settings, io.StringIO()) == 0  # again: nothing to do, nothing broken


def test_a_short_protected_organisation_secret_is_refused(tmp_path):
    (tmp_path / "secrets").mkdir(mode=0o700)
    (tmp_path / "secrets" / "organisation.key").write_text("tooshort\n")
    with pytest.raises(ConfigError, match="at least 16"):
        keystore.organisation_key(settings_for(tmp_path / "data", tmp_path / "secrets"))


# -- the sudo helper (its folder is fixed; a copy pointed at a test folder checks its rules) --
@pytest.fixture
def helper(tmp_path):
    folder = tmp_path / "etc-secrets"
    folder.mkdir(mode=0o700)
    script = tmp_path / "read-secret"
    text = (REPO / "packaging" / "linux" / "read-secret").read_text()
    assert "DIR=/etc/tip-kiosk/secrets\n" in text
    script.write_text(text.replace("DIR=/etc/tip-kiosk/secrets\n", f"DIR={folder}\n"))
    script.chmod(0o755)
    return script, folder


def run_helper(script, name):
    return subprocess.run([str(script), name], capture_output=True, timeout=10)


@pytest.mark.skipif(os.geteuid() != 0, reason="the helper's owner checks need root, as under sudo")
def test_the_helper_serves_only_its_two_files_when_they_are_roots_and_private(helper):
    script, folder = helper
    key = folder / "installation.key"
    key.write_bytes(b"k" * 32)
    key.chmod(0o600)
    done = run_helper(script, "installation.key")
    assert done.returncode == 0 and done.stdout == b"k" * 32
    for name in ("../../etc/shadow", "kiosk.toml", "", "installation.key/../organisation.key"):
        assert run_helper(script, name).returncode == 2, name
    key.chmod(0o640)
    assert run_helper(script, "installation.key").returncode == 4
    key.chmod(0o600)
    folder.chmod(0o755)
    assert run_helper(script, "installation.key").returncode == 4
    folder.chmod(0o700)
    key.unlink()
    key.symlink_to("/etc/hostname")
    assert run_helper(script, "installation.key").returncode == 3


# -- doctor --------------------------------------------------------------------------------------
def test_doctor_warns_of_inline_secrets_without_printing_them(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[sync]\nsecret = "lrs-password-canary"\norganisation_secret = "{ORG_SECRET}"\n')
    (tmp_path / "secrets").mkdir(mode=0o700)
    result = check_secrets(settings_for(tmp_path / "data", tmp_path / "secrets"), config)
    assert result.status == "warn"
    assert "sync_secret written inline" in result.summary and "sync_organisation_secret written" in result.summary
    assert "canary" not in result.summary + result.fix and ORG_SECRET not in result.summary + result.fix


def test_doctor_fails_secret_files_others_can_read_and_warns_of_a_key_in_the_data_folder(tmp_path):
    folder = tmp_path / "secrets"
    settings = settings_for(tmp_path / "data", folder)
    keystore.installation_key(settings)
    assert check_secrets(settings, None).status == "pass"
    (folder / "installation.key").chmod(0o644)
    result = check_secrets(settings, None)
    assert result.status == "fail" and "can be read by other accounts (mode 644)" in result.summary
    (folder / "installation.key").chmod(0o600)
    (tmp_path / "data").mkdir()
    shutil.copy(folder / "installation.key", tmp_path / "data" / SECRET_FILE)
    result = check_secrets(settings, None)
    assert result.status == "warn" and "also lies in the data folder" in result.summary
    dev = check_secrets(settings_for(tmp_path / "dev", None), None)
    assert dev.status == "pass"  # no key yet: nothing carries it
    installation_secret(tmp_path / "dev")
    dev = check_secrets(settings_for(tmp_path / "dev", None), None)
    assert dev.status == "warn" and "a copy of that folder carries" in dev.summary


def test_doctor_checks_the_installation_key_where_this_pc_keeps_it(tmp_path):
    from kiosk.core.doctor.checks import check_installation_key

    data, folder = tmp_path / "data", tmp_path / "secrets"
    with_a_learner(data, installation_secret(data))
    settings = settings_for(data, folder)
    result = check_installation_key(data, settings)
    assert result.status == "fail" and "secrets protect" in result.summary  # still in the data folder
    protect(settings, io.StringIO())
    assert check_installation_key(data, settings).status == "pass"
    assert check_installation_key(data, settings_for(data, None)).status == "fail"  # gone from the folder
    key = (folder / "installation.key").read_bytes()
    (folder / "installation.key").write_bytes(b"")
    result = check_installation_key(data, settings)
    assert result.status == "fail" and "holds 0 bytes" in result.summary
    (folder / "installation.key").write_bytes(bytes(32))
    assert "not the one" in check_installation_key(data, settings).summary
    (folder / "installation.key").write_bytes(key)
    assert check_installation_key(data, settings).status == "pass"
