"""``tip-kiosk content try PACKAGE``: packages built in code are imported and played headless in
the real sandboxed view (one real QtWebEngine per run, so each run is a child process of the
real command), and the report says what went wrong in them.

The runs start together in one module fixture (each web-engine start costs about a second) and
each test reads the run it is about."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.elearning.importer import add_package
from kiosk.core.learning import ModuleRun
from kiosk.ui import web
from kiosk.ui.steps.package import RUNTIME
from kiosk.ui.web import files
from tests.cmi5_fixtures import AU_HTML, AU_ID, cmi5_package, cmi5_xml
from tests.elearning_fixtures import h5p_package, h264_clip, scorm12_files, scorm12_package, write_package

REPO = Path(__file__).resolve().parent.parent
TIP_KIOSK = REPO / ".venv" / "bin" / "tip-kiosk"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not web.webengine_available(), reason="QtWebEngine is not installed (lean kiosk)"),
    pytest.mark.skipif(not files.vendor_dirs(), reason="run `make web` first (npm players)"),
    pytest.mark.skipif(not all(hasattr(ModuleRun, name) for name in RUNTIME),
                       reason="ModuleRun has no package methods yet (kiosk.core.package_steps)"),
]

MISSING_IMAGE = "images/diagram.png"
MISSING_SCRIPT = "lib/helpers.js"
OUTSIDE = "https://tracker.example.com/collect"
# Every way a package goes wrong here, in one SCO that still finds the API and initialises: an
# image and a script it refers to but does not contain (the script's name is made at run time,
# so no manifest check could see it), a fetch to the internet, a script error, and H.264 media
# the engine cannot play: a video told not to preload, and a sound made in script, never in the page.
BROKEN_HTML = f"""
<img src="{MISSING_IMAGE}" alt="diagram">
<script>
  var s = document.createElement("script"); s.src = "lib/" + "helpers.js"; document.head.appendChild(s);
  fetch("{OUTSIDE}?page=1").catch(function () {{}});
  window.setTimeout(function () {{ notDefinedAnywhere(); }}, 0);
</script>
<video src="media/intro.mp4" preload="none" muted></video>
<script>var voice = new Audio("media/voice.mp4");</script>
"""


def _command(*args: str) -> list[str]:
    if TIP_KIOSK.exists():
        return [str(TIP_KIOSK), *args]
    return [sys.executable, "-m", "kiosk", *args]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Each package's ``content try`` run: name -> (exit code, stdout, stderr)."""
    tmp = tmp_path_factory.mktemp("try")
    packages = {"good": (write_package(tmp / "good.zip", _with_asset(scorm12_files())), []),
                "h5p-module": (_added(h5p_package(tmp / "item.h5p"), tmp / "programme"), ["--json"]),
                "no-api": (write_package(tmp / "no-api.zip", _without_api()), [])}
    if shutil.which("ffmpeg"):
        clip = h264_clip(tmp / "intro.mp4").read_bytes()
        broken = scorm12_package(tmp / "broken.zip", extra={"media/intro.mp4": clip, "media/voice.mp4": clip},
                                 extra_html=BROKEN_HTML)
        packages["broken"] = (broken, ["--json", "--no-transcode"])
    packages["corrupt"] = (tmp / "corrupt.zip", [])
    (tmp / "corrupt.zip").write_bytes(b"PK\x03\x04 this is not a whole zip")
    packages["cmi5"] = (write_package(tmp / "cmi5.zip", {"cmi5.xml": "<courseStructure/>", "index.html": "<p/>"}), [])
    packages["cmi5-au"] = (cmi5_package(tmp / "cmi5-au.zip"), ["--json"])
    silent = {"cmi5.xml": cmi5_xml(), "au.html": AU_HTML.replace('<script src="au.js"></script>', "")}
    packages["cmi5-silent"] = (write_package(tmp / "cmi5-silent.zip", silent), [])
    env = {key: value for key, value in os.environ.items() if key not in ("QT_QPA_PLATFORM", "DISPLAY")}
    children = {name: subprocess.Popen(_command("content", "try", str(path), *options,
                                                "--data-dir", str(tmp / "data")),
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                for name, (path, options) in packages.items()}
    done = {}
    try:
        for name, child in children.items():
            out, err = child.communicate(timeout=180)
            done[name] = (child.returncode, out, err)
    finally:
        for child in children.values():  # one hung: stop the rest calmly (Ctrl-C), then for good
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
                try:
                    child.communicate(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.communicate()
    return done


def _added(package: Path, programme: Path) -> Path:
    """The module folder ``content add`` makes of ``package`` (content try takes one too)."""
    programme.mkdir()
    (programme / "programme.yaml").write_text("schema_version: 1\nid: p\ntitle: P\nmodules: []\n", encoding="utf-8")
    return add_package(package, programme).module_folder


def _with_asset(files_: dict) -> dict:
    """A second item: a reading page that is a SCORM asset (it never looks for the API)."""
    files_["reading.html"] = "<!DOCTYPE html><title>Reading</title><p>Read this first.</p>"
    files_["imsmanifest.xml"] = files_["imsmanifest.xml"].replace("</organization>", """
      <item identifier="item-2" identifierref="res-2"><title>Reading</title></item>
    </organization>""").replace("</resources>", """
    <resource identifier="res-2" type="webcontent" adlcp:scormtype="asset" href="reading.html">
      <file href="reading.html"/>
    </resource>
  </resources>""")
    return files_


def _without_api() -> dict:
    """A SCO page that never looks for the API (its script is left out of the page)."""
    files_ = scorm12_files(title="No API")
    files_["index.html"] = files_["index.html"].replace('<script src="sco.js"></script>', "")
    return files_


def test_a_good_package_initialises_and_exits_0(runs):
    """Its SCO initialises; its second item, an asset, is a page that only has to load."""
    code, out, err = runs["good"]
    assert code == 0, out + err
    assert 'SCORM 1.2 package "Test course 1.2"' in out
    assert "Tried 2 SCOs: 2 found the API and initialised." in out
    assert "Missing files: none" in out and "Requests the sandbox blocked: none" in out
    assert "JavaScript errors: none" in out and "Result: it plays here" in out
    assert "Traceback" not in out + err and err.strip() == ""


def test_an_added_h5p_module_folder_counts_as_initialised_when_its_content_attaches(runs):
    code, out, err = runs["h5p-module"]
    report = json.loads(out)
    assert code == 0, report
    assert (report["package"], report["standard"], report["title"]) == ("test-h5p", "h5p", "Test H5P")
    assert (report["scos"], report["initialised"]) == (["content"], True)


def test_a_sco_that_never_calls_the_api_exits_1(runs):
    code, out, err = runs["no-api"]
    assert code == 1, out + err
    assert "0 found the API and initialised; not: item-1" in out
    assert "it did not initialise" in out


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed (needed to make an H.264 clip)")
def test_everything_that_goes_wrong_in_a_package_is_listed(runs):
    code, out, err = runs["broken"]
    report = json.loads(out)
    assert code == 1 and report["exit_code"] == 1
    assert report["initialised"] is True  # it still plays, but not properly
    assert sorted(report["missing"]) == [f"/{MISSING_IMAGE}", f"/{MISSING_SCRIPT}"]
    assert any(url.startswith(OUTSIDE) for url in report["blocked"])
    assert any("notDefinedAnywhere is not defined" in e for e in report["js_errors"])
    media = sorted(report["media_errors"])
    assert [line.split(":")[0] for line in media] == ["media/intro.mp4", "media/voice.mp4"]
    assert all("error code 4" in line for line in media)  # MEDIA_ERR_SRC_NOT_SUPPORTED: no H.264 here
    assert any("media/intro.mp4" in w and "will not play" in w for w in report["warnings"])


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed (needed to make an H.264 clip)")
def test_json_report_has_one_object_with_every_field(runs):
    report = json.loads(runs["broken"][1])
    assert set(report) == {"package", "standard", "title", "scos", "initialised", "not_initialised", "missing",
                           "blocked", "media_errors", "js_errors", "warnings", "transcoded", "cmi5", "seconds",
                           "error", "exit_code"}
    assert (report["package"], report["standard"], report["scos"]) == ("broken.zip", "scorm_1.2", ["item-1"])
    assert report["transcoded"] == [] and report["error"] is None and 0 < report["seconds"] < 120


def test_a_package_that_cannot_be_imported_exits_2_with_the_importers_message(runs):
    code, out, err = runs["corrupt"]
    assert code == 2
    assert out.startswith("corrupt.zip cannot be imported, so it will not play here:")
    assert "Traceback" not in out + err


def test_a_bad_cmi5_xml_gets_the_readers_plain_refusal(runs):
    code, out, err = runs["cmi5"]
    assert code == 2
    assert "cmi5.xml, line 1: has no <course> element" in out and "Traceback" not in out + err


def test_a_cmi5_au_is_launched_and_fetches_reads_its_launch_data_and_initialises(runs):
    code, out, err = runs["cmi5-au"]
    report = json.loads(out)
    assert code == 0, (report, err[-2000:])
    assert report["standard"] == "cmi5" and report["scos"] == [AU_ID] and report["initialised"]
    assert report["cmi5"] == [{"au": AU_ID, "fetched": True, "launch_data_read": True, "initialized": True}]


def test_a_cmi5_au_that_never_talks_to_the_lrs_exits_1_saying_what_it_did_not_do(runs):
    code, out, err = runs["cmi5-silent"]
    assert code == 1, out
    assert f"AU {AU_ID}: did NOT fetch its token; did NOT read its launch data; did NOT send 'initialized'." in out
    assert "it did not initialise" in out and "Traceback" not in out + err
