"""Standard packages (SCORM 1.2, SCORM 2004, H5P) become modules with `tip-kiosk content add`:
good packages import and load like any module; every bad or hostile package is refused with a
message naming the file inside it, and leaves the programme exactly as it was."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.content import Module, UnavailableModule, load_programme, validate_paths
from kiosk.core.elearning.archive import Limits, unpack
from kiosk.core.elearning.importer import add_package, append_module, slug
from kiosk.core.elearning.manifest import read_package
from kiosk.core.errors import PackageError
from tests import elearning_fixtures as fx
from tests.conftest import REPO
from tests.helpers import write_programme

CORPUS = REPO.parent / "shared" / "corpus" / "standard-content"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the real-package corpus is not here ({CORPUS})")
needs_ffmpeg = pytest.mark.skipif(not (shutil.which("ffmpeg") and shutil.which("ffprobe")),
                                  reason="ffmpeg and ffprobe are needed to make and check the video")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A programme with two modules, and a comment in its programme.yaml that must survive."""
    folder = write_programme(tmp_path / "content")
    text = (folder / "programme.yaml").read_text()
    (folder / "programme.yaml").write_text("# Keep this comment.\n" + text.replace(
        "modules:\n", "modules:  # the order learners see\n"))
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(source: Path, content: Path, reason: str, **options) -> PackageError:
    """Adding ``source`` is refused for ``reason``, and the content folder is left as it was."""
    before = snapshot(content)
    with pytest.raises(PackageError) as error:
        add_package(source, content, **options)
    assert error.value.reason == reason, str(error.value)
    assert snapshot(content) == before
    assert not [p for p in content.iterdir() if p.name.startswith(".")], "a staging folder was left behind"
    return error.value


# -- good packages -------------------------------------------------------------------------------

@pytest.mark.parametrize("build, standard, scos", [
    (fx.scorm12_package, "scorm_1.2", 1), (fx.scorm2004_package, "scorm_2004", 1),
    (fx.scorm2004_two_sco_package, "scorm_2004", 2), (fx.h5p_package, "h5p", 1)])
def test_each_fixture_package_imports_and_loads_as_a_module(build, standard, scos, content, tmp_path):
    source = build(tmp_path / ("course.h5p" if standard == "h5p" else "course.zip"))
    report = add_package(source, content)

    assert report.standard == standard and report.module_folder == content / f"03-{report.module_id}"
    programme = load_programme(content)
    module = programme.module(report.module_id)
    assert isinstance(module, Module) and not programme.problems
    package = module.packages["package"]
    assert package.standard == standard and len(package.scos) == scos
    assert package.root == report.module_folder / "package"
    text = (content / "programme.yaml").read_text()
    assert text.startswith("# Keep this comment.\n") and "modules:  # the order learners see" in text
    assert text.rstrip().endswith(f"- 03-{report.module_id}")


def test_scorm_details_are_read_from_the_manifest(tmp_path):
    root = fx.scorm12_package(tmp_path / "p12", mastery=75, launch_data="level=2", parameters="?page=1")
    (sco,) = read_package(root).scos
    assert (sco.id, sco.href, sco.mastery_score, sco.launch_data, sco.scorm_type) == (
        "item-1", "index.html?page=1", 0.75, "level=2", "sco")
    package = read_package(fx.scorm2004_package(tmp_path / "p2004", mastery=60, edition="4th"))
    assert (package.version, package.scos[0].mastery_score) == ("4th", 0.6)
    assert read_package(fx.scorm2004_package(tmp_path / "none", mastery=None)).scos[0].mastery_score is None


def test_scorm_2004_sequencing_is_read_when_the_sequencing_part_is_present(tmp_path):
    from kiosk.core.elearning import sequencing

    if not hasattr(sequencing, "tree_from_manifest"):
        pytest.skip("kiosk.core.elearning.sequencing has no tree_from_manifest yet")
    package = read_package(fx.scorm2004_two_sco_package(tmp_path / "two"))
    assert package.sequencing is not None
    assert read_package(fx.scorm12_package(tmp_path / "one")).sequencing is None


def test_h5p_libraries_may_be_named_without_their_version(tmp_path):
    package = read_package(fx.h5p_package(tmp_path / "short", short_names=True))
    assert package.h5p_main_library == "H5P.TipTest" and package.scos[0].href == "h5p.json"


def test_the_module_id_and_title_can_be_given(content, tmp_path):
    report = add_package(fx.scorm12_package(tmp_path / "c.zip"), content, module_id="my-course", title="Mine")
    module = load_programme(content).module("my-course")
    assert module.title == "Mine" and report.module_folder.name == "03-my-course"


def test_a_module_id_already_in_use_is_refused_with_how_to_replace_it(content, tmp_path):
    error = refused(fx.scorm12_package(tmp_path / "c.zip"), content, "exists", module_id="module-1")
    assert "already has the id 'module-1'" in str(error) and "--module-id" in str(error)
    assert "remove its folder" in str(error)


def test_ids_made_from_titles_fit_the_id_rule():
    assert slug("Safety & Trust (v2)") == "safety-trust-v2"
    assert slug("Café — résumé") == "cafe-resume"
    assert slug("!") == "package-module" and len(slug("x" * 200)) == 64


def test_a_package_zipped_inside_one_folder_is_moved_up(content, tmp_path):
    files = {f"course/{name}": data for name, data in fx.scorm12_files().items()}
    report = add_package(fx.write_package(tmp_path / "wrapped.zip", files), content)
    assert (report.module_folder / "package" / "imsmanifest.xml").is_file()
    assert any("moved up a level" in w for w in report.warnings)


def test_mac_and_hidden_clutter_is_left_out(content, tmp_path):
    files = {**fx.scorm12_files(), "__MACOSX/._index.html": b"\x00", ".DS_Store": b"\x00"}
    report = add_package(fx.write_package(tmp_path / "mac.zip", files), content)
    assert not (report.module_folder / "package" / "__MACOSX").exists()
    assert not (report.module_folder / "package" / ".DS_Store").exists()
    assert any("Left out 2" in w for w in report.warnings)


def test_programme_modules_in_flow_style_are_extended(tmp_path):
    programme = tmp_path / "programme.yaml"
    programme.write_text("schema_version: 1\nmodules: [01-a, 02-b]  # two so far\ntitle: T\n")
    append_module(programme, "03-c")
    assert programme.read_text() == "schema_version: 1\nmodules: [01-a, 02-b, 03-c] # two so far\ntitle: T\n"


def test_programme_files_written_on_windows_keep_their_line_endings(tmp_path):
    programme = tmp_path / "programme.yaml"
    programme.write_bytes(b"schema_version: 1\r\nmodules:\r\n  - 01-a\r\n  # 02-b is retired\r\ntitle: T\r\n")
    append_module(programme, "03-c")
    assert programme.read_bytes() == (b"schema_version: 1\r\nmodules:\r\n  - 01-a\r\n  - 03-c\r\n"
                                      b"  # 02-b is retired\r\ntitle: T\r\n")


# -- bad and hostile packages --------------------------------------------------------------------

def test_a_zip_that_is_cut_short_is_refused(content, tmp_path):
    assert "not a readable zip file" in str(refused(fx.corrupt_zip(tmp_path / "cut.zip"), content, "zip"))


def test_a_damaged_entry_is_named(content, tmp_path):
    error = refused(fx.corrupt_zip(tmp_path / "crc.zip", "crc"), content, "zip")
    assert error.problems[0].file == "sco.js" and "damaged" in error.problems[0].message


def test_malformed_manifest_xml_is_reported_with_its_line(content, tmp_path):
    error = refused(fx.malformed_manifest_package(tmp_path / "bad.zip"), content, "manifest")
    (problem,) = error.problems
    assert (problem.file, problem.line) == ("imsmanifest.xml", fx.MALFORMED_LINE)
    assert "not well-formed XML" in problem.message


def test_a_missing_launch_file_is_named(content, tmp_path):
    error = refused(fx.missing_launch_package(tmp_path / "nolaunch.zip"), content, "manifest")
    (problem,) = error.problems
    assert problem.file == "imsmanifest.xml" and problem.line is not None
    assert "'index.html' is not in the package" in problem.message


@pytest.mark.parametrize("where", ["href", "file"])
def test_a_manifest_pointing_outside_the_package_is_refused(where, content, tmp_path):
    error = refused(fx.outside_reference_package(tmp_path / "out.zip", where), content, "manifest")
    assert f"'{fx.OUTSIDE_HREF}' points outside the package" in str(error)


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_symbolic_link_out_of_an_unpacked_package_is_refused(link, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("<p>not part of the package</p>")
    root = fx.scorm12_package(tmp_path / "linked", extra={"pages/index.html": "<p>inside</p>"})
    if link == "file":
        (root / "index.html").unlink()
        os.symlink(outside / "index.html", root / "index.html")
        name = "index.html"
    else:
        shutil.rmtree(root / "pages")
        os.symlink(outside, root / "pages")
        name = "pages/index.html"
    with pytest.raises(PackageError) as error:
        read_package(root)
    assert f"'{name}' leads outside the package (through a symbolic link)" in str(error.value)


def test_h5p_without_its_libraries_names_each_missing_library(content, tmp_path):
    error = refused(fx.h5p_without_libraries(tmp_path / "bare.h5p"), content, "library")
    assert [p.file for p in error.problems] == ["h5p.json", "h5p.json"]
    assert "H5P.TipTest 1.0" in str(error) and "H5P.TipHelper 1.0" in str(error)


def test_h5p_missing_a_library_another_library_needs_names_both(tmp_path):
    with pytest.raises(PackageError) as error:
        read_package(fx.h5p_missing_dependency(tmp_path / "half"))
    (problem,) = error.value.problems
    assert problem.file == "H5P.TipTest-1.0/library.json" and "H5P.TipHelper 1.0" in problem.message


@pytest.mark.parametrize("build, reason, expected", [
    (fx.zip_slip, "unsafe-name", "../evil.html: climbs out of its folder with '..'"),
    (fx.symlink_entry, "special-file", "link.html: is a symbolic link"),
    (fx.zip_bomb, "limit", "filler.bin: expands more than 100 times (a zip bomb)"),
])
def test_hostile_zips_are_refused_naming_the_entry(build, reason, expected, content, tmp_path):
    assert expected in str(refused(build(tmp_path / "hostile.zip"), content, reason))


def test_a_password_protected_entry_is_refused(content, tmp_path):
    source = fx.scorm12_package(tmp_path / "locked.zip")
    raw = bytearray(source.read_bytes())
    central = raw.index(b"PK\x01\x02")  # the first entry's record in the central directory
    raw[central + 8] |= 0x1  # its "encrypted" flag: the kiosk will not ask for a password
    source.write_bytes(bytes(raw))
    error = refused(source, content, "zip")
    assert str(error) == "index.html: is encrypted (protected by a password)"


def test_too_many_entries_is_refused_before_unpacking(content, tmp_path):
    error = refused(fx.many_entries(tmp_path / "many.zip", 40), content, "limit", limits=Limits(max_files=30))
    assert "at most 30 files are allowed" in str(error)


def test_a_package_larger_than_the_size_limit_is_refused(tmp_path):
    source = fx.scorm12_package(tmp_path / "big.zip", extra={"media/noise.bin": os.urandom(300_000)})
    with pytest.raises(PackageError) as error:
        unpack(source, tmp_path / "out", Limits(max_total_bytes=200_000))
    assert "it would unpack to 0.3 MB; at most 0.2 MB is allowed" in str(error.value)
    assert not (tmp_path / "out").exists()


def test_a_package_of_the_wrong_standard_for_its_step_is_reported(tmp_path):
    with pytest.raises(PackageError) as error:
        read_package(fx.scorm12_package(tmp_path / "p"), "h5p")
    assert "is a scorm_1.2 package, but the module says 'standard: h5p'" in str(error.value)


def test_internet_addresses_are_listed_as_warnings(content, tmp_path):
    report = add_package(fx.http_reference_package(tmp_path / "web.zip"), content)
    assert len(report.warnings) == 1 and report.warnings[0].startswith(f"index.html: refers to {fx.HTTP_URL}")


def test_a_broken_package_step_makes_the_module_unavailable_naming_the_file_inside(content, tmp_path):
    report = add_package(fx.scorm12_package(tmp_path / "c.zip"), content)
    manifest = report.module_folder / "package" / "imsmanifest.xml"
    manifest.write_text(manifest.read_text().replace('href="index.html">', 'href="gone.html">'))
    module = next(m for m in load_programme(content).modules if m.folder == report.module_folder)
    assert isinstance(module, UnavailableModule)
    (problem,) = module.problems
    assert problem.file == manifest and problem.line == 17 and "'gone.html' is not in the package" in problem.message
    shutil.rmtree(report.module_folder / "package")
    (problem,) = load_programme(content).modules[-1].problems
    assert "the folder 'package' was not found" in problem.message and problem.field == "steps[0].folder"


# -- video the web engine cannot play -------------------------------------------------------------

def _video_package(tmp_path: Path) -> Path:
    clip = fx.h264_clip(tmp_path / "clip.mp4")
    return fx.scorm12_package(tmp_path / "video.zip", extra={"media/clip.mp4": clip.read_bytes()},
                              extra_html='<video controls><source src="media/clip.mp4" type="video/mp4"></video>')


def _codecs(path: Path) -> list[str]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return [s["codec_name"] for s in json.loads(out)["streams"]]


@needs_ffmpeg
def test_h264_video_is_converted_to_webm_and_references_follow(content, tmp_path):
    report = add_package(_video_package(tmp_path), content)

    package = report.module_folder / "package"
    assert not (package / "media" / "clip.mp4").exists()
    assert _codecs(package / "media" / "clip.webm") == ["vp9", "opus"]
    html = (package / "index.html").read_text()
    assert '<source src="media/clip.webm" type="video/webm">' in html and "clip.mp4" not in html
    assert '<file href="media/clip.webm"/>' in (package / "imsmanifest.xml").read_text()
    assert report.transcoded and report.transcoded[0].startswith("media/clip.mp4 -> media/clip.webm")
    assert isinstance(load_programme(content).module(report.module_id), Module)


def _path_with(tmp_path: Path, *tools: str) -> str:
    """A PATH holding only the given tools (to simulate a PC without ffmpeg)."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for tool in tools:
        os.symlink(shutil.which(tool), folder / tool)
    return str(folder)


@needs_ffmpeg
def test_without_ffmpeg_the_package_is_refused_saying_which_file_why_and_how_to_fix_it(
        content, tmp_path, monkeypatch):
    source = _video_package(tmp_path)
    monkeypatch.setenv("PATH", _path_with(tmp_path, "ffprobe"))
    (problem,) = refused(source, content, "media").problems
    assert problem.file == "media/clip.mp4"
    assert "holds H.264 and AAC, which the kiosk's web player cannot play" in problem.message
    assert "ffmpeg is not installed" in problem.message and "Install ffmpeg" in problem.message
    assert "WebM" in problem.message
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    (problem,) = refused(source, content, "media").problems
    assert problem.file == "media/clip.mp4" and "ffmpeg is not installed" in problem.message


@needs_ffmpeg
def test_a_damaged_video_is_named(content, tmp_path):
    # Fixed bytes, not random ones: now and then random bytes hold what ffprobe takes for an MPEG
    # audio frame, and the file is (rightly) read as audio.
    source = fx.scorm12_package(tmp_path / "junk.zip", extra={"media/clip.mp4": b"This is not a video. " * 250})
    (problem,) = refused(source, content, "media").problems
    assert problem.file == "media/clip.mp4" and "not a video or audio file ffprobe can read" in problem.message


@needs_ffmpeg
def test_no_transcode_keeps_the_video_with_a_warning(content, tmp_path):
    report = add_package(_video_package(tmp_path), content, transcode=False)
    assert (report.module_folder / "package" / "media" / "clip.mp4").exists() and not report.transcoded
    assert any(w.startswith("media/clip.mp4: it holds H.264 and AAC") for w in report.warnings)


# -- the command line ----------------------------------------------------------------------------

def _cli(content: Path, tmp_path: Path) -> list[str]:
    config = tmp_path / "kiosk.toml"
    config.write_text("")
    return ["--config", str(config), "--content", str(content)]


def test_cli_add_prints_what_was_added_and_the_warnings(content, tmp_path, capsys):
    source = fx.http_reference_package(tmp_path / "web.zip")
    assert main(["content", "add", str(source), "--module-id", "web-course", *_cli(content, tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Added web.zip as module 'web-course' (scorm_1.2)" in out and "Warning: index.html: refers to" in out
    assert isinstance(load_programme(content).module("web-course"), Module)


def test_cli_add_refusal_is_a_plain_message_and_a_non_zero_exit(content, tmp_path, capsys):
    source = fx.zip_slip(tmp_path / "slip.zip")
    assert main(["content", "add", str(source), *_cli(content, tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "slip.zip was not added" in err and "../evil.html: climbs out" in err and "Traceback" not in err


def test_cli_validate_checks_a_package_file_and_cleans_up(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    assert main(["content", "validate", str(fx.http_reference_package(tmp_path / "web.zip"))]) == 0
    assert "Warning: index.html: refers to" in capsys.readouterr().out
    bad = fx.malformed_manifest_package(tmp_path / "bad.zip")
    assert main(["content", "validate", str(bad)]) == 1
    assert f"{bad}/imsmanifest.xml, line {fx.MALFORMED_LINE}: is not well-formed XML" in capsys.readouterr().out
    assert list((tmp_path / "tmp").iterdir()) == []


def test_cli_validate_covers_package_modules(content, tmp_path):
    add_package(fx.scorm12_package(tmp_path / "c.zip"), content, module_id="course")
    (content / "03-course" / "package" / "sco.js").unlink()
    problems = validate_paths([content])
    assert [p.file.name for p in problems] == ["imsmanifest.xml"] and "'sco.js' is not in" in problems[0].message


# -- real packages no one here wrote ------------------------------------------------------------

@needs_corpus
@pytest.mark.parametrize("name, standard, scos", [
    ("scorm12-runtime-basic-calls.zip", "scorm_1.2", 1),
    ("scorm2004-3rd-runtime-basic-calls.zip", "scorm_2004", 1),
    ("scorm2004-3rd-sequencing-simple-remediation.zip", "scorm_2004", 8),
    ("h5p-true-false.h5p", "h5p", 1),
    ("cmi5-single-au-basic-responsive.zip", "cmi5", 1),
    ("cmi5-masteryscore-responsive.zip", "cmi5", 1)])
def test_real_packages_import_and_load(name, standard, scos, content):
    report = add_package(CORPUS / name, content)
    module = load_programme(content).module(report.module_id)
    assert isinstance(module, Module) and module.packages["package"].standard == standard
    assert len(module.packages["package"].scos) == scos


@needs_corpus
def test_cmi5_course_imports_with_its_video_converted_and_its_structure_kept(content):
    report = add_package(CORPUS / "cmi5-masteryscore-responsive.zip", content)
    assert report.standard == "cmi5" and any("mountains_31175.webm" in t for t in report.transcoded)
    package = load_programme(content).module(report.module_id).packages["package"]
    assert package.course.aus[0].mastery_score == 0.3 and package.scos[0].href == "index.html"
    assert not any(w.startswith("cmi5.xml:") for w in report.warnings)  # activity IRIs are never fetched
