"""Hostile content packs, generated here: each is refused with a clear reason, nothing is written
outside the staging folder, and the installed content stays as it was.

Most are signed with the trusted test key, so the signature is valid and it is the content checks
that must refuse them.
"""

from __future__ import annotations

import hashlib
import json
import stat
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings, strategies as st

from kiosk.core.content import load_programme
from kiosk.core.errors import PackError
from kiosk.core.packs import Limits, PackReader, import_pack, sign
from tests.pack_helpers import entries, good_pack, plain_file, refused, repack, sign_statement, snapshot


@pytest.fixture
def base(packs, key) -> Path:
    """A good version-2 pack to make hostile copies of."""
    return good_pack(packs, key, version=2)


@pytest.mark.parametrize("name", [
    "../x", "/abs", "C:\\x", "C:x", "..\\x", "a/../../x", "content/../x", "content/a/../../x",
    "content/..\\..\\x", "content/C:\\x", "content//x", "content/./x", "content/x\x01",
])
def test_traversal_names_are_refused(name, base, installed, key, trusted):
    pack = repack(base, base.with_name("bad.zip"), key, add=[(name, b"escape")])
    message = refused(pack, installed, trusted, "unsafe-name")
    assert "refused" in message
    assert not (installed.parent.parent / "x").exists()


@pytest.mark.parametrize("name", ["CON", "nul.txt", "Aux.md", "COM1.mp4", "lpt9", "media/PRN.vtt", "com¹"])
def test_reserved_windows_names_are_refused(name, base, installed, key, trusted):
    pack = repack(base, base.with_name("bad.zip"), key, add=[(f"content/{name}", b"device")])
    assert "reserved by Windows" in refused(pack, installed, trusted, "unsafe-name")


def test_symlink_entry_is_refused(base, installed, key, trusted):
    link = plain_file("content/media/passwd", stat.S_IFLNK | 0o777)
    pack = repack(base, base.with_name("bad.zip"), key, add=[(link, b"/etc/passwd")])
    assert "symbolic link" in refused(pack, installed, trusted, "special-file")


def test_folder_and_device_entries_are_refused(base, installed, key, trusted):
    folder = repack(base, base.with_name("dir.zip"), key, add=[(plain_file("content/extra/"), b"")],
                    list_added=False)
    assert "folder entry" in refused(folder, installed, trusted, "special-file")
    fifo = repack(base, base.with_name("fifo.zip"), key,
                  add=[(plain_file("content/pipe", stat.S_IFIFO | 0o644), b"")])
    assert "special file" in refused(fifo, installed, trusted, "special-file")


def test_duplicate_names_are_refused(base, installed, key, trusted):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate it writes
        pack = repack(base, base.with_name("bad.zip"), key,
                      add=[("content/01-module/welcome.md", b"# Replaced\n")], list_added=False)
    assert "appears twice" in refused(pack, installed, trusted, "duplicate-name")


def test_names_differing_only_in_case_are_refused(base, installed, key, trusted):
    pack = repack(base, base.with_name("bad.zip"), key, add=[("content/01-module/Welcome.md", b"# Hi\n")])
    assert "upper/lower case" in refused(pack, installed, trusted, "duplicate-name")


def test_a_file_that_is_also_a_folder_is_refused(base, installed, key, trusted):
    pack = repack(base, base.with_name("bad.zip"), key, add=[("content/01-module/welcome.md/x", b"x")])
    assert "both a file and a folder" in refused(pack, installed, trusted, "duplicate-name")


def test_encrypted_entry_is_refused(base, installed, key, trusted):
    pack = repack(base, base.with_name("bad.zip"), None, add=[("content/secret.md", b"hidden")])
    # zipfile cannot write encrypted entries: set the "encrypted" flag in both headers by hand.
    data, name = bytearray(pack.read_bytes()), b"content/secret.md"
    for at in (i for i in range(len(data)) if data.startswith(name, i)):
        for signature, header in ((b"PK\x01\x02", 46), (b"PK\x03\x04", 30)):
            if data[at - header:at - header + 4] == signature:
                data[at - header + (8 if header == 46 else 6)] |= 0x1
    pack.write_bytes(bytes(data))
    sign_statement(pack, key)
    assert "encrypted" in refused(pack, installed, trusted, "zip")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """The test programme plus 200 MB of zeros deflated to about 200 KB (a ratio near 1000), listed
    in the manifest with its true size and hash; unsigned (each test signs it)."""
    folder = tmp_path_factory.mktemp("bomb")
    base = good_pack(folder, Ed25519PrivateKey.generate(), version=2)
    zeros, megabytes = bytes(1024 * 1024), 200
    digest = hashlib.sha256()
    for _ in range(megabytes):
        digest.update(zeros)
    original = entries(base)
    manifest = json.loads(next(data for info, data in original if info.filename == "manifest.json"))
    manifest["files"].append({"path": "media/bomb.bin", "size": megabytes * len(zeros),
                              "sha256": digest.hexdigest()})
    pack = folder / "bomb.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        for info, data in original:
            if info.filename != "manifest.json":
                archive.writestr(info, data)
        with archive.open(plain_file("content/media/bomb.bin"), "w") as member:
            for _ in range(megabytes):
                member.write(zeros)
        archive.writestr(plain_file("manifest.json"), json.dumps(manifest).encode())
    assert pack.stat().st_size < 1024 * 1024
    return pack


def test_overlapping_entries_are_refused(base, installed, key, trusted):
    """The densest zip bombs point many entries at one block of compressed data."""
    pack = repack(base, base.with_name("bad.zip"), None, add=[("content/a.md", b"A" * 100),
                                                              ("content/b.md", b"A" * 100)])
    with zipfile.ZipFile(pack) as archive:
        first = archive.getinfo("content/a.md").header_offset
    data = bytearray(pack.read_bytes())
    at = data.rfind(b"content/b.md") - 46  # b.md's central directory header
    assert data[at:at + 4] == b"PK\x01\x02"
    data[at + 42:at + 46] = first.to_bytes(4, "little")  # ...now says its data is a.md's
    pack.write_bytes(bytes(data))
    sign_statement(pack, key)
    assert "overlaps" in refused(pack, installed, trusted, "limit")


def test_zip_bomb_is_stopped_by_the_ratio_limit_early(bomb, installed, key, trusted):
    pack = bomb.parent / "signed-bomb.zip"
    pack.write_bytes(bomb.read_bytes())
    sign(pack, key)
    seen = []
    message = refused(pack, installed, trusted, "limit", progress=lambda done, total: seen.append(done))
    assert "zip bomb" in message
    unpacked = max(seen) - pack.stat().st_size  # progress past the copy is the unpacking
    assert unpacked < 40 * 1024 * 1024, "reading must stop as soon as the ratio limit is crossed"


def test_zip_bomb_is_stopped_by_the_size_limit(bomb, installed, key, trusted):
    pack = bomb.parent / "signed-bomb.zip"
    pack.write_bytes(bomb.read_bytes())
    sign(pack, key)
    limits = Limits(max_total_bytes=50 * 1024 * 1024, max_ratio=10**6)
    assert "MB is allowed" in refused(pack, installed, trusted, "limit", limits=limits)


def test_too_many_files_is_refused(base, installed, key, trusted):
    many = [(f"content/media/f{i}.txt", b"x") for i in range(40)]
    pack = repack(base, base.with_name("many.zip"), key, add=many)
    assert "files are allowed" in refused(pack, installed, trusted, "limit", limits=Limits(max_files=30))


def test_flipped_byte_in_a_media_file_is_refused(base, installed, key, trusted):
    def flip(name: str, data: bytes) -> bytes:
        if name != "content/media/clip.mp4":
            return data
        return data[:5] + bytes([data[5] ^ 0x01]) + data[6:]

    pack = repack(base, base.with_name("bad.zip"), key, change=flip)
    message = refused(pack, installed, trusted, "mismatch")
    assert "media/clip.mp4" in message and "SHA-256" in message


def test_edited_manifest_is_refused(base, installed, key, trusted):
    def swap_hash(manifest: dict) -> None:
        entry = next(f for f in manifest["files"] if f["path"] == "programme.yaml")
        entry["sha256"] = "0" * 64

    resigned = repack(base, base.with_name("resigned.zip"), key, edit_manifest=swap_hash)
    assert "programme.yaml" in refused(resigned, installed, trusted, "mismatch")

    def grow(manifest: dict) -> None:
        manifest["files"][0]["size"] += 1

    grown = repack(base, base.with_name("grown.zip"), key, edit_manifest=grow)
    assert "the zip says" in refused(grown, installed, trusted, "mismatch")

    tampered = repack(base, base.with_name("tampered.zip"), None, edit_manifest=swap_hash)
    (tampered.parent / "tampered.zip.sig").write_bytes(base.with_name(base.name + ".sig").read_bytes())
    assert "changed after it was signed" in refused(tampered, installed, trusted, "signature")


def test_manifest_that_is_not_json_is_refused(base, installed, key, trusted):
    pack = repack(base, base.with_name("bad.zip"), None)
    with zipfile.ZipFile(pack, "a") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        archive.writestr(plain_file("manifest.json"), b"{not json")
    sign_statement(pack, key)
    refused(pack, installed, trusted, "duplicate-name")  # the second manifest.json is caught first


def test_unlisted_extra_file_is_refused(base, installed, key, trusted):
    pack = repack(base, base.with_name("bad.zip"), key, add=[("content/extra.md", b"# Extra\n")],
                  list_added=False)
    assert "'extra.md' is in the pack but not in its manifest" in refused(pack, installed, trusted, "unlisted")


def test_listed_file_missing_from_the_pack_is_refused(base, installed, key, trusted):
    def add_ghost(manifest: dict) -> None:
        manifest["files"].append({"path": "ghost.md", "size": 1, "sha256": "0" * 64})

    pack = repack(base, base.with_name("bad.zip"), key, edit_manifest=add_ghost)
    assert "'ghost.md' is listed" in refused(pack, installed, trusted, "missing")


def test_entry_outside_the_content_folder_is_refused(base, installed, key, trusted):
    pack = repack(base, base.with_name("bad.zip"), key, add=[("autorun.inf", b"[autorun]")])
    assert "outside the pack's content folder" in refused(pack, installed, trusted, "unlisted")


def test_pack_signed_with_another_key_is_refused(packs, installed, trusted):
    pack = good_pack(packs, Ed25519PrivateKey.generate(), version=2, name="stranger.zip")
    assert "does not match any key this kiosk trusts" in refused(pack, installed, trusted, "signature")


def test_pack_without_signature_is_refused(base, installed, trusted):
    base.with_name(base.name + ".sig").unlink()
    assert ".sig file" in refused(base, installed, trusted, "signature")


def test_replayed_older_version_is_refused(packs, key, installed, trusted):
    newer = good_pack(packs, key, version=5)
    import_pack(newer, installed, trusted)
    older = packs / "pack-v2.zip"
    good_pack(packs, key, version=2)
    assert "version 5 is already installed" in refused(older, installed, trusted, "rollback")
    assert "version 5 is already installed" in refused(newer, installed, trusted, "rollback")


def test_manifest_must_match_the_signed_statement(base, installed, key, trusted):
    """A validly signed statement for version 9 cannot carry a manifest saying version 2."""
    sign_statement(base, key, version=9)
    assert "does not match its signature" in refused(base, installed, trusted, "manifest")


def test_pack_for_a_newer_app_is_refused(base, installed, key, trusted):
    sign_statement(base, key, min_app_version="99.0")
    assert "needs TIP Kiosk 99.0" in refused(base, installed, trusted, "app-version")


def test_pack_for_another_programme_is_refused(base, installed, key, trusted):
    sign_statement(base, key, pack_id="other-programme")
    assert "'other-programme'" in refused(base, installed, trusted, "pack-id")


def test_signed_pack_with_broken_content_is_refused(base, installed, key, trusted):
    def break_module(name: str, data: bytes) -> bytes:
        return b"schema_version: 1\nid: BROKEN\n" if name == "content/01-module/module.yaml" else data

    def rehash(manifest: dict) -> None:
        entry = next(f for f in manifest["files"] if f["path"] == "01-module/module.yaml")
        data = b"schema_version: 1\nid: BROKEN\n"
        entry.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())

    pack = repack(base, base.with_name("bad.zip"), key, change=break_module, edit_manifest=rehash)
    message = refused(pack, installed, trusted, "content")
    assert "01-module/module.yaml" in message
    assert load_programme(installed).module("module-1") is not None


def test_not_a_zip_is_refused(packs, installed, key, trusted):
    pack = packs / "junk.zip"
    pack.write_bytes(b"this is not a zip file" * 100)
    sign_statement(pack, key)
    assert "not a readable zip" in refused(pack, installed, trusted, "zip")


# -- Hypothesis: whatever the member names, nothing lands outside the staging folder ------------

NAME_PARTS = st.sampled_from(["..", ".", "", "a", "B", "con", "x.md", "C:", "\\", "..\\", "/", "~", " ",
                              "media", "é", "e\u0301", "nul.txt", "a:b", "\x00", "dir/"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.one_of(st.text(min_size=1, max_size=12),
                                st.lists(NAME_PARTS, min_size=1, max_size=5).map("/".join)),
                      min_size=1, max_size=4))
def test_fuzzed_member_names_never_escape_staging(names):
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        pack, staging = root / "pack.zip", root / "site" / "staging"
        staging.parent.mkdir()
        _write_pack_listing(pack, names)
        before = snapshot(root)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                with PackReader(pack) as reader:
                    reader.unpack(staging)
        except PackError as exc:
            assert str(exc)
            outside = {k: v for k, v in snapshot(root).items() if not k.startswith("site/staging")}
            assert outside == before
            return
        after = snapshot(root)
        for path in set(after) - set(before):
            assert path.startswith("site/staging"), path
            real = Path(root, path).resolve()
            assert real.is_relative_to(staging.resolve())


def _write_pack_listing(pack: Path, names: list[str]) -> None:
    files = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with zipfile.ZipFile(pack, "w") as archive:
            for index, name in enumerate(names):
                data = f"file {index}".encode()
                archive.writestr(plain_file("content/" + name), data)
                files.append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            manifest = {"format": "tip-kiosk-pack/1", "pack_id": "fuzz", "version": 1,
                        "min_app_version": "0.1.0", "files": files}
            archive.writestr(plain_file("manifest.json"), json.dumps(manifest).encode())
