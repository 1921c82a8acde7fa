"""Good packs: built from real content, signed, installed atomically beside the old content, and
learners' progress carried through an update (a removed step included)."""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.core.content import VideoStep, load_programme, validate_paths
from kiosk.core.errors import PackError
from kiosk.core.learning import Learning
from kiosk.core.packs import (
    build,
    import_pack,
    keygen,
    load_private_key,
    previous_dir,
    public_key_text,
    read_installed,
    recover_interrupted,
    rollback,
    sign,
    verify,
)
from tests.helpers import write_programme
from tests.pack_helpers import good_pack, refused, snapshot

REPO = Path(__file__).resolve().parent.parent


def sample_programme(folder: Path) -> Path:
    """The repository's programme with its media folder beside it (``media_folder: ../media``), as in
    the repository. Media files are stand-ins: the loader checks they exist, not what they hold."""
    modules = folder / "modules"
    shutil.copytree(REPO / "modules", modules)
    media = folder / "media"
    media.mkdir()
    (media / "make_media.py").write_text("# the script that makes the media: not for kiosks\n")
    for module_yaml in modules.glob("*/module.yaml"):
        for line in module_yaml.read_text(encoding="utf-8").splitlines():
            field, _, value = line.strip().partition(": ")
            if field in ("media", "captions", "transcript") and not (module_yaml.parent / value).exists():
                (media / value).write_bytes(b"WEBVTT\n\n" if value.endswith(".vtt") else b"stand-in " + value.encode())
    return modules


def test_sample_programme_round_trip(tmp_path, packs, key, trusted):
    source = sample_programme(tmp_path / "repo")
    pack = packs / "tip-core.zip"
    manifest = build(source, pack, version=1)
    sign(pack, key)
    site = tmp_path / "site"
    site.mkdir()

    result = import_pack(pack, site / "content", trusted)

    content = site / "content"
    assert result.version == 1 and result.previous_version == 0 and result.previous_dir is None
    programme = load_programme(content)
    assert not programme.problems and len(programme.available) == len(programme.modules) == 8
    assert validate_paths([content]) == []
    # Media travel inside the pack, under media/, and programme.yaml points there.
    videos = [s for m in programme.available for s in m.steps if isinstance(s, VideoStep)]
    assert videos and all(m.files[s.media].is_relative_to(content / "media")
                          for m in programme.available for s in m.steps if isinstance(s, VideoStep))
    assert "media_folder: media" in (content / "programme.yaml").read_text(encoding="utf-8")
    assert not (content / "media" / "make_media.py").exists()  # only media the content uses
    assert {f.path for f in manifest.files} == {
        p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file() and p.name != ".tip-pack.json"}
    assert read_installed(content).pack_id == "tip-core"
    assert sorted(p.name for p in site.iterdir()) == ["content"]  # staging gone, nothing else made


def test_build_is_reproducible(tmp_path):
    source = write_programme(tmp_path / "source")
    build(source, tmp_path / "a.zip", version=7)
    build(source, tmp_path / "b.zip", version=7)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_build_refuses_content_with_problems(tmp_path):
    source = write_programme(tmp_path / "source")
    (source / "media" / "clip.mp4").unlink()
    with pytest.raises(PackError) as error:
        build(source, tmp_path / "p.zip", version=1)
    assert error.value.reason == "content" and "clip.mp4" in str(error.value)
    assert not list(tmp_path.glob("p.zip*"))


def test_update_keeps_the_previous_version_and_rollback_swaps_back(installed, packs, key, trusted):
    v1 = snapshot(installed)
    result = import_pack(good_pack(packs, key, version=2), installed, trusted)
    assert result.previous_version == 1 and result.previous_dir == previous_dir(installed)
    assert snapshot(previous_dir(installed)) == v1
    assert read_installed(installed).version == 2

    assert rollback(installed).version == 1
    assert snapshot(installed) == v1
    assert read_installed(previous_dir(installed)).version == 2
    assert rollback(installed).version == 2  # and forward again


def test_only_one_previous_version_is_kept(installed, packs, key, trusted):
    import_pack(good_pack(packs, key, version=2), installed, trusted)
    import_pack(good_pack(packs, key, version=3), installed, trusted)
    assert read_installed(previous_dir(installed)).version == 2
    assert sorted(p.name for p in installed.parent.iterdir()) == ["content", "content.previous"]


def test_first_import_keeps_hand_copied_content_as_previous(tmp_path, packs, key, trusted):
    content = write_programme(tmp_path / "site" / "content")
    before = snapshot(content)
    import_pack(good_pack(packs, key, version=1), content, trusted)
    assert snapshot(previous_dir(content)) == before
    assert read_installed(content).version == 1


def test_progress_goes_up_to_the_total(installed, packs, key, trusted):
    seen: list[tuple[int, int]] = []
    pack = good_pack(packs, key, version=2)
    import_pack(pack, installed, trusted, progress=lambda done, total: seen.append((done, total)))
    totals = {total for _, total in seen}
    assert totals == {2 * pack.stat().st_size}
    dones = [done for done, _ in seen]
    assert dones == sorted(dones) and dones[-1] == seen[-1][1]


def test_learner_progress_survives_an_update_that_removes_a_step(installed, packs, key, trusted, store, accounts):
    learner = accounts.register("7654321", "735061")
    run = Learning(store, load_programme(installed), learner).open("module-1")
    run.next()
    run.submit_check({0})
    run.next()
    run.submit_check({0, 1})
    run.next()
    run.save_reflection("Private words")  # the learner stops at the reflection
    saved = store.progress.module_progress(learner.id, "module-1")

    source = write_programme(packs / "source-2")  # version 2 drops the reflection step
    module_yaml = source / "01-module" / "module.yaml"
    text = module_yaml.read_text(encoding="utf-8")
    step = "  - id: reflect\n    type: reflection\n    title: Pause and reflect\n    prompt: What did you notice?\n"
    assert step in text
    module_yaml.write_text(text.replace(step, ""), encoding="utf-8")
    import_pack(good_pack(packs, key, version=2), installed, trusted)

    assert store.progress.module_progress(learner.id, "module-1") == saved  # the update touched no progress
    programme = load_programme(installed)
    assert programme.module("module-1").step_index("reflect") is None
    learning = Learning(store, programme, learner)
    again = learning.open("module-1")
    assert again.resumed_from_removed_step
    assert again.step.id == "hard-page"  # the first step they had not finished
    assert [again.is_done(s) for s in again.module.steps[:3]] == [True, True, True]
    status = next(s for s in learning.overview() if s.module.id == "module-1")
    # Required by default: every step but reflections (a content note changes nothing; docs/content-format.md).
    assert (status.state, status.done, status.total) == ("in_progress", 3, 6)


def test_import_from_a_folder_takes_the_newest_valid_pack(tmp_path, packs, key, trusted):
    for version in (1, 3, 2):
        good_pack(packs, key, version=version)
    good_pack(packs, Ed25519PrivateKey.generate(), version=9, name="stranger.zip")
    (packs / "notes.txt").write_text("not a pack")
    (tmp_path / "site").mkdir()
    assert import_pack(packs, tmp_path / "site" / "content", trusted).version == 3

    message = refused(packs, tmp_path / "site" / "content", trusted, "no-pack")
    assert "stranger.zip" in message and "version 3 is already installed" in message


def test_folder_import_falls_back_when_the_newest_is_damaged(installed, packs, key, trusted):
    good_pack(packs, key, version=2)
    damaged = good_pack(packs, key, version=3)
    with open(damaged, "r+b") as handle:  # a copy to the stick that stopped part-way
        handle.truncate(damaged.stat().st_size // 2)
    assert import_pack(packs, installed, trusted).version == 2


def test_interrupted_swap_is_put_back(installed, packs, key, trusted):
    """A power cut between the swap's two renames leaves only content.previous: it is restored."""
    v1 = snapshot(installed)
    os.replace(installed, previous_dir(installed))
    assert recover_interrupted(installed)
    assert snapshot(installed) == v1
    os.replace(installed, previous_dir(installed))
    assert import_pack(good_pack(packs, key, version=2), installed, trusted).previous_version == 1


def test_staging_left_by_a_killed_import_is_removed(installed, packs, key, trusted):
    stale = installed.parent / ".content.import-killed"
    (stale / "content").mkdir(parents=True)
    import_pack(good_pack(packs, key, version=2), installed, trusted)
    assert not stale.exists()


def test_a_damaged_installed_record_refuses_rather_than_guesses(installed, packs, key, trusted):
    (installed / ".tip-pack.json").write_text("{oops")
    assert "damaged" in refused(good_pack(packs, key, version=2), installed, trusted, "record")


def test_a_second_import_at_the_same_time_is_refused(installed, packs, key, trusted):
    fd = os.open(installed.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert "Another content import" in refused(good_pack(packs, key, version=2), installed, trusted, "busy")
    finally:
        os.close(fd)


def test_not_enough_disk_space_is_refused(installed, packs, key, trusted, monkeypatch):
    pack = good_pack(packs, key, version=2)
    monkeypatch.setattr("kiosk.core.packs.install.shutil.disk_usage",
                        lambda path: shutil._ntuple_diskusage(10**9, 10**9, 1000))  # a full disk
    assert "not enough free disk space" in refused(pack, installed, trusted, "space")


def test_no_trusted_key_means_no_pack(installed, packs, key):
    with pytest.raises(PackError) as error:
        import_pack(good_pack(packs, key, version=2), installed, [])
    assert error.value.reason == "key" and "trusted_keys" in str(error.value)


def test_either_of_two_trusted_keys_is_accepted(installed, packs, key, trusted):
    """Key rotation: the kiosk trusts the current key and the next one."""
    new_key = Ed25519PrivateKey.generate()
    both = [public_key_text(new_key), *trusted]
    assert import_pack(good_pack(packs, new_key, version=2), installed, both).version == 2
    assert import_pack(good_pack(packs, key, version=3), installed, both).version == 3


def test_keygen_makes_a_private_key_only_its_owner_can_read(tmp_path, packs):
    private, public = keygen(tmp_path / "signing")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    loaded = load_private_key(private)
    assert public.read_text().strip() == public_key_text(loaded)
    pack = good_pack(packs, loaded, version=1)
    assert verify(pack, None, [public.read_text()]).statement.version == 1
    with pytest.raises(PackError, match="never overwritten"):
        keygen(tmp_path / "signing")


def test_a_passphrase_protected_key_signs(tmp_path, packs, trusted, key):
    from cryptography.hazmat.primitives import serialization

    protected = tmp_path / "protected.pem"
    protected.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.BestAvailableEncryption(b"long passphrase")))
    with pytest.raises(PackError, match="encrypted"):
        load_private_key(protected)
    pack = good_pack(packs, load_private_key(protected, b"long passphrase"), version=1)
    assert verify(pack, None, trusted).statement.version == 1


def test_the_kiosk_puts_back_content_left_aside_by_a_power_cut(installed, tmp_path):
    from kiosk.core.config import Settings
    from kiosk.ui.app import build_services

    os.replace(installed, previous_dir(installed))
    services = build_services(Settings(content_dir=installed, data_dir=tmp_path / "data"))
    try:
        assert services.programme.module("module-1") is not None
    finally:
        services.store.close()


def test_verify_detects_a_changed_pack(packs, key, trusted):
    pack = good_pack(packs, key, version=1)
    with open(pack, "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(PackError, match="changed after it was signed"):
        verify(pack, None, trusted)
