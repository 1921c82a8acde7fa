"""Packs for tests: good ones made by the real builder, hostile ones written with zipfile directly
and then signed with the test key, so the signature is valid and only the content checks stand in
the way."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core.errors import PackError
from kiosk.core.packs import build, import_pack, public_key_text, sign
from kiosk.core.packs.signing import SIGNATURE_FORMAT, Statement, hash_file, signature_path
from tests.helpers import write_programme

Entry = tuple["zipfile.ZipInfo | str", bytes]


def good_pack(folder: Path, key: Ed25519PrivateKey, version: int = 2, name: str | None = None) -> Path:
    """A valid signed pack of the small test programme (two modules, shared media)."""
    source = folder / f"source-{version}"
    if not source.exists():
        write_programme(source)
    pack = folder / (name or f"pack-v{version}.zip")
    build(source, pack, version=version)
    sign(pack, key)
    return pack


def entries(pack: Path) -> list[Entry]:
    with zipfile.ZipFile(pack) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def plain_file(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def repack(source: Path, out: Path, key: Ed25519PrivateKey | None, *,
           add: Iterable[Entry] = (), list_added: bool = True,
           change: Callable[[str, bytes], bytes] | None = None,
           edit_manifest: Callable[[dict], None] | None = None,
           version: int | None = None) -> Path:
    """Copy a pack entry by entry with hostile changes, fix up nothing but what is asked, and sign.

    Args:
        add: extra entries, written after the pack's own; listed in the manifest with their true size
            and hash when ``list_added`` (so that only the name or type is what is wrong).
        change: (name, data) -> new data for existing entries; the manifest keeps the old hash.
        edit_manifest: edits the manifest (as a dict) before it is written.
        version: a new version number in the manifest (and so in the signature).
        key: signs the result (None: leave it unsigned).
    """
    original = entries(source)
    manifest = json.loads(next(data for info, data in original if info.filename == "manifest.json"))
    with zipfile.ZipFile(out, "w") as archive:
        for info, data in original:
            if info.filename != "manifest.json":
                archive.writestr(info, change(info.filename, data) if change else data)
        for info, data in add:
            name = info.filename if isinstance(info, zipfile.ZipInfo) else info
            archive.writestr(info if isinstance(info, zipfile.ZipInfo) else plain_file(info), data)
            if list_added:
                manifest["files"].append({"path": name.removeprefix("content/"), "size": len(data),
                                          "sha256": hashlib.sha256(data).hexdigest()})
        if version is not None:
            manifest["version"] = version
        if edit_manifest:
            edit_manifest(manifest)
        archive.writestr(plain_file("manifest.json"), json.dumps(manifest, indent=1).encode())
    if key is not None:  # the real signer would refuse a bad manifest, so sign the statement directly
        sign_statement(out, key, pack_id=manifest["pack_id"], version=manifest["version"],
                       min_app_version=manifest["min_app_version"])
    return out


def sign_statement(pack: Path, key: Ed25519PrivateKey, **fields) -> Path:
    """A .sig whose statement says what the test wants (e.g. a version the manifest does not)."""
    size, digest = hash_file(pack)
    values = {"pack_id": "test-programme", "version": 2, "min_app_version": "0.1.0", "size": size,
              "sha256": digest, **fields}
    statement = Statement(**values)
    sig = signature_path(pack)
    sig.write_text(json.dumps({"format": SIGNATURE_FORMAT, **values, "key": public_key_text(key),
                               "signature": base64.b64encode(key.sign(statement.to_bytes())).decode()}))
    return sig


def snapshot(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` with its kind and, for files, size and hash."""
    result = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                result[rel] = "link -> " + os.readlink(path)
            elif path.is_dir():
                result[rel] = "dir"
            else:
                result[rel] = f"{path.stat().st_size} {hashlib.sha256(path.read_bytes()).hexdigest()}"
    return result


# -- fixtures shared by the pack tests (registered for every test module in tests/conftest.py) ----

@pytest.fixture(scope="session")
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="session")
def trusted(key) -> list[str]:
    return [public_key_text(key)]


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """Where test packs are made: apart from the kiosk's folders, like a USB stick."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def installed(tmp_path: Path, packs: Path, key, trusted) -> Path:
    """A kiosk whose content folder holds version 1 of the test programme, installed from a pack."""
    site = tmp_path / "site"
    site.mkdir()
    import_pack(good_pack(packs, key, version=1), site / "content", trusted)
    return site / "content"


def refused(pack: Path, content_dir: Path, trusted: list[str], reason: str, **options) -> str:
    """Import must refuse ``pack`` for ``reason`` leaving the kiosk's folders exactly as they were
    (nothing written outside staging, staging removed, installed content intact); returns the message."""
    parent = content_dir.parent
    before = snapshot(parent)
    with pytest.raises(PackError) as error:
        import_pack(pack, content_dir, trusted, **options)
    assert error.value.reason == reason, str(error.value)
    assert snapshot(parent) == before
    return str(error.value)
