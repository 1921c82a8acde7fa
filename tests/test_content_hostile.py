"""Hostile content folders: files linked to outside the content, names that leave the content on
Windows, and module files nested thousands of levels deep. Each is refused with a plain message
naming the file; nothing outside the content is ever read into a module."""

import os
import subprocess
import sys

import pytest

from kiosk.core.content import Module, UnavailableModule, load_programme, validate_paths
from kiosk.core.content.safety import name_problem
from kiosk.core.content.yamlshape import MAX_NESTING, MAX_VALUES
from tests.conftest import REPO
from tests.helpers import write_programme, write_rich_programme

posix_links = pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")


@pytest.fixture
def content(tmp_path):
    return write_programme(tmp_path / "content", modules=1)


@pytest.fixture
def secret(tmp_path):
    """A file outside the content that a hostile page tries to show."""
    path = tmp_path / "elsewhere" / "passwd"
    path.parent.mkdir()
    path.write_text("root:x:0:0:SECRET-LINE:/root:/bin/bash\n", encoding="utf-8")
    return path


def _link(link, target):
    link.unlink(missing_ok=True)
    link.symlink_to(target)


def _problems(content):
    return [str(p) for p in validate_paths([content])]


@posix_links
def test_a_page_linked_to_a_file_outside_the_content_is_refused(content, secret):
    """Issue 12 case 8: the page was accepted and /etc/passwd shown to learners."""
    page = content / "01-module" / "welcome.md"
    _link(page, secret)
    (problem,) = _problems(content)
    assert str(page) in problem and f"is a link to {secret}" in problem
    module = load_programme(content).modules[0]
    assert isinstance(module, UnavailableModule)
    assert all("SECRET-LINE" not in text for text in getattr(module, "texts", {}).values())


@posix_links
def test_a_page_reached_through_a_linked_folder_is_refused(content, secret):
    module_dir = content / "01-module"
    (module_dir / "pages").symlink_to(secret.parent)
    yaml = module_dir / "module.yaml"
    yaml.write_text(yaml.read_text().replace("file: welcome.md", "file: pages/passwd"))
    (problem,) = _problems(content)
    assert "pages/passwd: is a link to" in problem


@posix_links
def test_a_link_that_stays_inside_the_content_is_fine(content):
    module_dir = content / "01-module"
    (module_dir / "welcome.md").rename(module_dir / "shared.md")
    _link(module_dir / "welcome.md", module_dir / "shared.md")
    assert _problems(content) == []


@posix_links
@pytest.mark.parametrize("key, name", [("captions", "clip.vtt"), ("media", "clip.mp4")])
def test_video_files_linked_outside_are_refused_and_never_opened(content, secret, key, name):
    _link(content / "media" / name, secret)
    module = load_programme(content).modules[0]
    assert isinstance(module, Module)  # the video step explains itself, as for a missing file
    assert name not in module.files
    assert any(f"media/{name}: is a link to {secret}" in str(p) for p in module.problems)


@posix_links
def test_a_transcript_linked_outside_is_refused(content, secret):
    module_dir = content / "01-module"
    yaml = module_dir / "module.yaml"
    yaml.write_text(yaml.read_text().replace("captions: clip.vtt", "captions: clip.vtt\n    transcript: t.md"))
    _link(module_dir / "t.md", secret)
    module = load_programme(content).modules[0]
    assert "t.md" not in module.texts
    assert any("t.md: is a link to" in str(p) for p in module.problems)


@posix_links
def test_a_picture_linked_outside_is_refused(tmp_path, secret):
    content = write_rich_programme(tmp_path / "rich")
    picture = tmp_path / "elsewhere" / "room.png"
    (content / "01-module" / "room.png").rename(picture)
    _link(content / "01-module" / "room.png", picture)
    problems = _problems(content)
    assert any("room.png: is a link to" in p for p in problems)
    assert isinstance(load_programme(content).modules[0], UnavailableModule)


@posix_links
def test_a_module_file_linked_outside_its_folder_is_refused(content, tmp_path):
    outside = tmp_path / "elsewhere-module.yaml"
    outside.write_text((content / "01-module" / "module.yaml").read_text())
    _link(content / "01-module" / "module.yaml", outside)
    (problem,) = _problems(content)
    assert "01-module/module.yaml: is a link to" in problem


def test_a_module_file_nested_thousands_deep_gets_a_plain_message_not_a_traceback(content):
    """Issue 12 case 8: 'content validate' crashed with RecursionError; a hundred thousand levels
    crash libyaml's C composer, so the depth is measured before anything is built."""
    module = content / "01-module" / "module.yaml"
    for depth in (3_000, 100_000):
        module.write_text("schema_version: 1\nid: deep\nsteps: " + "[" * depth + "]" * depth + "\n")
        done = subprocess.run([sys.executable, "-m", "kiosk", "content", "validate", str(content)],
                              capture_output=True, text=True, cwd=REPO, timeout=120)
        assert "Traceback" not in done.stderr and done.returncode == 1, done.stderr[-500:]
        assert f"module.yaml, line 3: nests lists or fields more than {MAX_NESTING} levels deep" in done.stdout


def test_deep_fields_are_refused_as_well_as_deep_lists(content):
    module = content / "01-module" / "module.yaml"
    module.write_text("schema_version: 1\nid: deep\nsteps:\n  - " + "{a: " * 5000 + "1" + "}" * 5000 + "\n")
    (problem,) = _problems(content)
    assert "levels deep" in problem and ", line 4:" in problem


def _laughs(levels: int) -> str:
    """A 1 KB file whose aliases expand to 10**levels values (the "billion laughs")."""
    lines = ["schema_version: 1", "id: laughs", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join([*lines, f"steps: *a{levels - 1}", ""])


def test_aliases_that_expand_to_a_billion_values_are_refused_at_once(content):
    """Validating walked every expanded value: a 1 KB module.yaml kept 'content validate' (and the
    kiosk's start-up) busy for good."""
    (content / "01-module" / "module.yaml").write_text(_laughs(9))
    done = subprocess.run([sys.executable, "-m", "kiosk", "content", "validate", str(content)],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"expands to more than {MAX_VALUES:,} values through its aliases" in done.stdout


def test_an_alias_cannot_nest_deeper_than_the_limit_either(content):
    half = MAX_NESTING // 2 + 1
    deep = "[" * half + "x" + "]" * half
    (content / "01-module" / "module.yaml").write_text(
        f"schema_version: 1\nid: deep\nbase: &base {deep}\nsteps: {'[' * half}*base{']' * half}\n")
    (problem,) = _problems(content)
    assert "levels deep" in problem and ", line 4:" in problem


def test_ordinary_aliases_are_fine(content):
    yaml = content / "01-module" / "module.yaml"
    text = yaml.read_text()
    text = text.replace("title: Welcome", "title: &greeting Welcome", 1)
    yaml.write_text(text.replace("title: Pause and reflect", "title: *greeting", 1))
    assert _problems(content) == []
    assert load_programme(content).modules[0].steps[3].title == "Welcome"


def test_real_content_is_far_from_the_nesting_limit():
    assert validate_paths([REPO / "modules"]) == []


# -- names that leave the content on Windows, checked on every platform -----------------------
WINDOWS_ESCAPES = ["D:x", "C:\\x", "c:/x", "\\\\server\\share\\x", "\\\\server\\x", "/Users/Public/x",
                   "\\Users\\Public\\x", "..\\x", "a\\..\\..\\x", "x:stream", "//server/share/x"]
WINDOWS_DEVICES_AND_ALTERED = ["CON", "aux.txt", "modules/nul.md", "Com1.mp4", "lpt¹", "a\\PRN .txt",
                               "module.", "module ", "pages./x.md", "x.md."]


@pytest.mark.parametrize("name", WINDOWS_ESCAPES)
def test_names_that_escape_on_windows_are_refused_everywhere(name):
    assert name_problem(name) is not None


@pytest.mark.parametrize("name", WINDOWS_DEVICES_AND_ALTERED)
def test_device_names_and_names_windows_alters_are_refused_everywhere(name):
    assert "Windows" in name_problem(name)


@pytest.mark.parametrize("name", ["01-module", "modules/02 intro", "a.b", "é-module", "console", "con-text.md",
                                  "./x.md", "auxiliary", "com10"])
def test_ordinary_names_are_fine(name):
    assert name_problem(name) is None


@pytest.mark.parametrize("name", WINDOWS_ESCAPES)
def test_a_module_name_that_escapes_on_windows_is_refused(content, name):
    programme = content / "programme.yaml"
    programme.write_text(programme.read_text().replace("  - 01-module", f"  - '{name}'"))
    (module,) = load_programme(content).modules
    assert isinstance(module, UnavailableModule)
    (problem,) = map(str, module.problems)
    assert "modules[0]: must be a folder inside the programme folder (the name must not" in problem


@pytest.mark.parametrize("name", ["D:x.md", "\\Users\\Public\\x.md", "/Users/Public/x.md", "x.md:hidden"])
def test_a_page_name_that_escapes_on_windows_is_refused(content, name):
    yaml = content / "01-module" / "module.yaml"
    yaml.write_text(yaml.read_text().replace("file: welcome.md", f"file: '{name}'"))
    (problem,) = _problems(content)
    assert "steps[0].file: must not" in problem


@pytest.mark.parametrize("folder", ["D:media", "\\\\server\\share\\media", "/Users/Public/media"])
def test_a_media_folder_that_escapes_on_windows_is_refused(content, folder):
    programme = content / "programme.yaml"
    programme.write_text(programme.read_text() + f"media_folder: '{folder}'\n")
    (problem,) = _problems(content)
    assert "programme.yaml" in problem and "media_folder: must not" in problem


@posix_links
def test_a_media_folder_linked_elsewhere_is_refused(content):
    """Every file under a linked media folder would pass the link check, so the folder itself must
    not lead away (media -> / would make the whole PC content)."""
    (content / "media").rename(content / "real-media")
    (content / "media").symlink_to("/")
    (problem,) = _problems(content)
    assert "media_folder: leads to /, outside the folder that holds the programme" in problem


def test_a_media_folder_two_levels_up_is_refused(content):
    programme = content / "programme.yaml"
    programme.write_text(programme.read_text() + "media_folder: ../../media\n")
    (problem,) = _problems(content)
    assert "media_folder: leads to" in problem


def test_a_media_folder_beside_the_modules_is_still_allowed(content):
    (content / "media").rename(content.parent / "shared-media")
    programme = content / "programme.yaml"
    programme.write_text(programme.read_text() + "media_folder: ../shared-media\n")
    assert _problems(content) == []
