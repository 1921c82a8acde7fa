"""`tip-kiosk pack ...` as IT uses it: keygen, build, sign, verify, import (file or folder), status,
rollback; the trusted keys come from the machine configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.config import load_settings
from kiosk.core.errors import ConfigError
from tests.helpers import write_programme


@pytest.fixture
def it(tmp_path: Path):
    """A signing key, a programme to pack and a kiosk configuration trusting the key."""
    assert main(["pack", "keygen", "--out", str(tmp_path / "signing.key")]) == 0
    public = (tmp_path / "signing.key.pub").read_text().strip()
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[packs]\ntrusted_keys = ["{public}"]\n')
    (tmp_path / "site").mkdir()
    return tmp_path, write_programme(tmp_path / "programme"), config


def kiosk(config: Path, tmp_path: Path) -> list[str]:
    return ["--config", str(config), "--content", str(tmp_path / "site" / "content")]


def test_build_sign_verify_import_status_and_rollback(it, capsys):
    tmp_path, programme, config = it
    usb = tmp_path / "usb"
    usb.mkdir()
    for version in ("1", "2"):
        pack = usb / f"v{version}.zip"
        assert main(["pack", "build", str(programme), "--out", str(pack), "--version", version]) == 0
        assert main(["pack", "sign", str(pack), "--key", str(tmp_path / "signing.key")]) == 0
    assert main(["pack", "verify", str(usb / "v1.zip"), "--public-key", str(tmp_path / "signing.key.pub")]) == 0
    assert "signature good" in capsys.readouterr().out

    assert main(["pack", "import", str(usb / "v1.zip"), *kiosk(config, tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Unpacking: 100%" in out and "Installed pack 'test-programme' version 1" in out

    assert main(["pack", "import", str(usb), *kiosk(config, tmp_path)]) == 0  # a folder: the newest
    assert "version 2 (was 1)" in capsys.readouterr().out
    assert main(["pack", "status", *kiosk(config, tmp_path)]) == 0
    assert "version 2" in capsys.readouterr().out

    assert main(["pack", "import", str(usb / "v1.zip"), *kiosk(config, tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "version 2 is already installed" in captured.err

    assert main(["pack", "rollback", *kiosk(config, tmp_path)]) == 0
    assert "version 1" in capsys.readouterr().out


def test_import_without_trusted_keys_explains_what_to_configure(it, capsys):
    tmp_path, programme, _ = it
    pack = tmp_path / "p.zip"
    main(["pack", "build", str(programme), "--out", str(pack), "--version", "1"])
    main(["pack", "sign", str(pack), "--key", str(tmp_path / "signing.key")])
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    assert main(["pack", "import", str(pack), *kiosk(empty, tmp_path)]) == 1
    assert "trusted_keys" in capsys.readouterr().err
    assert not (tmp_path / "site" / "content").exists()


def test_verify_refuses_a_pack_signed_by_someone_else(it, capsys):
    tmp_path, programme, config = it
    pack = tmp_path / "p.zip"
    main(["pack", "keygen", "--out", str(tmp_path / "other.key")])
    main(["pack", "build", str(programme), "--out", str(pack), "--version", "1"])
    main(["pack", "sign", str(pack), "--key", str(tmp_path / "other.key")])
    assert main(["pack", "verify", str(pack), "--config", str(config)]) == 1
    assert "does not match any key this kiosk trusts" in capsys.readouterr().err


def test_build_of_broken_content_lists_the_problems(it, capsys):
    tmp_path, programme, _ = it
    (programme / "01-module" / "welcome.md").unlink()
    assert main(["pack", "build", str(programme), "--out", str(tmp_path / "p.zip")]) == 1
    assert "welcome.md" in capsys.readouterr().err


def test_trusted_keys_setting(tmp_path):
    key = "0tIFvE8z48vBaJ3zLUPauUBSO2U2Ftwqf2wceyQzsOA="
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[packs]\ntrusted_keys = ["{key}"]\nmax_files = 50\n')
    settings = load_settings(config, environ={})
    assert settings.packs_trusted_keys == (key,) and settings.packs_max_files == 50
    both = load_settings(config, environ={"TIP_KIOSK_PACKS_TRUSTED_KEYS": f"{key},{key}"})
    assert both.packs_trusted_keys == (key, key)
    assert load_settings(tmp_path / "kiosk.toml", environ={}).packs_max_size_mb == 4096

    config.write_text('[packs]\ntrusted_keys = ["not-a-key"]\n')
    with pytest.raises(ConfigError) as error:
        load_settings(config, environ={})
    assert "packs.trusted_keys" in str(error.value) and "Ed25519 public key" in str(error.value)
    config.write_text("")
    with pytest.raises(ConfigError, match="at most 2"):
        load_settings(config, environ={"TIP_KIOSK_PACKS_TRUSTED_KEYS": " ".join([key] * 3)})
