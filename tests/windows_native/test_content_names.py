"""Names in content that leave the content folder, or name something else, on Windows: refused
with a clear message. Each case first shows what Windows' own path rules would do with the name
(which is why this runs in the Windows Python: Linux pathlib reads them as plain names)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.core.content import UnavailableModule, load_programme
from tests.helpers import write_programme


def drive_relative(folder: Path, name: str) -> bool:
    return (folder / name).drive.upper() == "D:"  # D:x is relative to drive D's current folder


def absolute(folder: Path, name: str) -> bool:
    return (folder / name) == Path(name)  # joining an absolute name drops the folder


def climbs(folder: Path, name: str) -> bool:
    return not os.path.abspath(folder / name).startswith(os.path.abspath(folder) + "\\")


def device(folder: Path, name: str) -> bool:
    return (folder / name).is_reserved()  # opens the console or a port, not a file


def altered(folder: Path, name: str) -> bool:
    # Windows drops a trailing dot or space: 'module.' opens 'module', another folder.
    return os.path.abspath(folder / name) == os.path.abspath(folder / name.rstrip(". "))


CASES = [("D:x", drive_relative, "must not be an absolute path, a drive or a network share"),
         ("C:\\abs", absolute, "must not be an absolute path, a drive or a network share"),
         ("..\\outside", climbs, "must not contain '..'"),
         ("CON", device, "must not use 'CON': Windows reserves that name for a device"),
         ("aux.txt", device, "must not use 'aux.txt': Windows reserves that name for a device"),
         ("01-module.", altered, "must not end '01-module.' with a dot or space"),]


@pytest.mark.parametrize("name, windows_rule, message", CASES, ids=[c[0] for c in CASES])
def test_a_module_name_that_windows_reads_otherwise_is_refused_in_words(tmp_path, name, windows_rule, message):
    content = write_programme(tmp_path / "Course content", modules=1)
    assert windows_rule(content, name)
    programme = content / "programme.yaml"
    programme.write_text(programme.read_text(encoding="utf-8").replace("  - 01-module", f"  - '{name}'"),
                         encoding="utf-8")
    (module,) = load_programme(content).modules
    assert isinstance(module, UnavailableModule)
    (problem,) = map(str, module.problems)
    assert f"modules[0]: must be a folder inside the programme folder (the name {message}" in problem


@pytest.mark.parametrize("name", ["D:welcome.md", "C:\\Windows\\win.ini", "..\\..\\secret.md", "aux.md",
                                  "nul.txt", "welcome.md."])
def test_a_page_file_name_that_windows_reads_otherwise_is_refused(tmp_path, name):
    content = write_programme(tmp_path / "Course content", modules=1)
    yaml = content / "01-module" / "module.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("file: welcome.md", f"file: '{name}'"),
                    encoding="utf-8")
    (module,) = load_programme(content).modules
    assert isinstance(module, UnavailableModule)
    assert any("file" in str(p) and ("must not" in str(p)) for p in module.problems), module.problems


def test_ordinary_names_with_spaces_and_accents_still_load(tmp_path):
    content = write_programme(tmp_path / "Cwrs Hyfforddiant – côd", modules=1)
    (content / "01-module").rename(content / "01 modiwl côd")
    programme = content / "programme.yaml"
    programme.write_text(programme.read_text(encoding="utf-8").replace("  - 01-module", "  - 01 modiwl côd"),
                         encoding="utf-8")
    loaded = load_programme(content)
    assert [m.title for m in loaded.available] == ["Module 1"], loaded.modules
