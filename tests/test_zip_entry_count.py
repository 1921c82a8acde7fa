"""A zip's end record says how many entries it has, but zipfile reads the central directory by
its byte size: the count is checked against the real records before zipfile parses anything."""

import struct
import zipfile
from pathlib import Path

import pytest

from kiosk.core.elearning.archive import unpack
from kiosk.core.errors import PackageError
from kiosk.core.packs import Limits
from kiosk.core.packs.zipcheck import counted_entries
from tests.pack_helpers import good_pack, refused, sign


def _lying(path: Path, declared: int) -> Path:
    """Rewrite the end record's two entry counts (this disk, total) to ``declared``."""
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, at + 8, declared, declared)
    path.write_bytes(bytes(data))
    return path


def _zip(path: Path, count: int) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(count):
            archive.writestr(f"f{i}.txt", b"x")
    return path


def test_the_real_count_is_returned_when_it_matches(tmp_path):
    with open(_zip(tmp_path / "ok.zip", 25), "rb") as handle:
        assert counted_entries(handle, most=100) == 25


def test_a_count_smaller_than_the_central_directory_is_refused_before_zipfile_reads_it(tmp_path):
    """Issue 12: the end record claimed 1 entry, so the 'too many files' check before parsing
    passed and zipfile built an object for every real entry."""
    path = _lying(_zip(tmp_path / "liar.zip", 500), declared=1)
    with zipfile.ZipFile(path) as archive:  # what the kiosk used to hand on: zipfile ignores the count
        assert len(archive.infolist()) == 500
    with open(path, "rb") as handle, pytest.raises(zipfile.BadZipFile, match="declares 1 entry but .* 500"):
        counted_entries(handle, most=1000)


def test_counting_stops_once_past_the_limit(tmp_path):
    path = _lying(_zip(tmp_path / "many.zip", 400), declared=2)
    with open(path, "rb") as handle:
        assert counted_entries(handle, most=30) == 31


def test_a_package_whose_count_lies_is_refused_naming_the_damage(tmp_path):
    path = _lying(_zip(tmp_path / "package.zip", 50), declared=3)
    with pytest.raises(PackageError) as error:
        unpack(path, tmp_path / "out", Limits(max_files=1000))
    assert error.value.reason == "zip"
    assert "declares 3 entries but its central directory holds 50" in str(error.value)
    assert not (tmp_path / "out").exists()


def test_a_pack_whose_count_lies_is_refused_and_nothing_changes(packs, installed, key, trusted):
    pack = good_pack(packs, key, version=2)
    _lying(pack, declared=1)
    sign(pack, key)  # a valid signature: it is the zip check that must refuse it
    message = refused(pack, installed, trusted, "zip")
    assert "declares 1 entry" in message and "altered or damaged" in message


def test_a_zip_with_data_before_it_is_still_counted(tmp_path):
    """Self-extracting zips carry a program before the zip; zipfile allows for it, so must we."""
    plain = _zip(tmp_path / "plain.zip", 7)
    prefixed = tmp_path / "prefixed.zip"
    prefixed.write_bytes(b"MZ" + b"\0" * 1000 + plain.read_bytes())
    with open(prefixed, "rb") as handle:
        assert counted_entries(handle, most=100) == 7


def test_telling_a_package_from_a_pack_never_parses_a_vast_directory(tmp_path, monkeypatch):
    """The admin panel's import looks inside the zip to route it; a zip with more records than any
    package may hold goes to the package import, which refuses it, without zipfile reading them."""
    from kiosk.core import content_import

    monkeypatch.setattr(content_import, "_MOST_ENTRIES", 30)
    many, few = _zip(tmp_path / "many.zip", 40), _zip(tmp_path / "few.zip", 3)
    built = []
    real = zipfile.ZipFile

    class Watching(real):
        def __init__(self, *args, **kwargs):
            built.append(args[0])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(content_import.zipfile, "ZipFile", Watching)
    assert content_import.is_standard_package(many) is True and built == []
    assert content_import.is_standard_package(few) is False and built == [few]
