"""Small standard eLearning packages, built in code for tests (SCORM 1.2, SCORM 2004, H5P), and
broken ones for the importer's refusals.

Every builder takes ``path``: a name ending in ``.zip`` or ``.h5p`` gets a zip file, anything else a
folder holding the unpacked package. Each returns ``path``.

The SCOs are real: they find the LMS's API the standard way (walking up ``window.parent``, then
``window.opener``), initialise, read their bookmark and suspend data, and offer ``window.tipTest``
for tests to drive from JavaScript:

- ``tipTest.api``: the API object found (or null); ``tipTest.log``: ``[call, args, result]`` lists.
- ``tipTest.resumed``: ``{location, suspend_data, entry}`` as read at start-up.
- ``tipTest.goTo(location)``: set the bookmark and suspend data ("page=<location>"), commit.
- ``tipTest.answer(score)``: score 0..100; sets score, status (passed/failed against the mastery
  score, and completed), commits.
- ``tipTest.finish(navRequest)``: exit "suspend", LMSFinish / Terminate (2004: sets
  ``adl.nav.request`` first when given, e.g. "continue").

The H5P library renders a question and a button; clicking it (or ``tipTest.answer(raw)`` from the
content's window) triggers xAPI ``answered`` and ``completed`` through H5P's own API.
"""

from __future__ import annotations

import json
import stat
import subprocess
import zipfile
from collections.abc import Mapping
from pathlib import Path

Files = Mapping[str, "bytes | str"]

SCORM12_NS = ('xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
              'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
SCORM2004_NS = ('xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
                'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" '
                'xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" '
                'xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" '
                'xmlns:imsss="http://www.imsglobal.org/xsd/imsss" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
EDITIONS = {"2nd": "CAM 1.3", "3rd": "2004 3rd Edition", "4th": "2004 4th Edition"}

MALFORMED_LINE = 7
"""The line of imsmanifest.xml that ``malformed_manifest_package`` breaks."""
OUTSIDE_HREF = "../outside.html"
HTTP_URL = "https://cdn.example.com/tracker.js"

# -- writing -------------------------------------------------------------------------------------


def write_package(path: Path, files: Files, folders: bool = True) -> Path:
    """``files`` (name -> content) as a folder, or as a zip when ``path`` ends in .zip/.h5p.

    Zips get folder entries first, as authoring tools write them (``folders=False`` leaves them out).
    """
    path = Path(path)
    data = {name: (value.encode("utf-8") if isinstance(value, str) else value) for name, value in files.items()}
    if path.suffix.lower() in (".zip", ".h5p"):
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            if folders:
                dirs = sorted({"/".join(n.split("/")[:i]) + "/" for n in data for i in range(1, n.count("/") + 1)})
                for folder in dirs:
                    archive.writestr(zip_entry(folder, stat.S_IFDIR | 0o755), b"")
            for name, content in data.items():
                archive.writestr(zip_entry(name), content)
        return path
    for name, content in data.items():
        target = path.joinpath(*name.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return path


def zip_entry(name: str, mode: int = stat.S_IFREG | 0o644) -> zipfile.ZipInfo:
    """A zip entry with Unix permissions (and type) in its attributes, as Linux zip tools write."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = mode << 16 | (0x10 if stat.S_ISDIR(mode) else 0)
    info.compress_type = zipfile.ZIP_STORED if stat.S_ISDIR(mode) else zipfile.ZIP_DEFLATED
    return info


def write_zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    """A zip holding exactly ``entries`` (for hostile archives)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info if isinstance(info, zipfile.ZipInfo) else zip_entry(info), data)
    return Path(path)


# -- SCORM 1.2 -----------------------------------------------------------------------------------

_SCORM12_JS = r"""
(function () {
  var MASTERY = %(mastery)s;
  function findAPI(win) {
    for (var tries = 0; win && tries < 20; tries++) {
      if (win.API) { return win.API; }
      if (!win.parent || win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  var api = findAPI(window) || (window.opener ? findAPI(window.opener) : null);
  var log = [];
  function call(name) {
    var args = Array.prototype.slice.call(arguments, 1);
    var result = api ? String(api[name].apply(api, args)) : "no API";
    log.push([name, args, result]);
    return result;
  }
  call("LMSInitialize", "");
  var resumed = {location: call("LMSGetValue", "cmi.core.lesson_location"),
                 suspend_data: call("LMSGetValue", "cmi.suspend_data"),
                 entry: call("LMSGetValue", "cmi.core.entry")};
  function show(text) { document.getElementById("status").textContent = text; }
  window.tipTest = {
    api: api, log: log, resumed: resumed,
    goTo: function (location) {
      call("LMSSetValue", "cmi.core.lesson_location", String(location));
      call("LMSSetValue", "cmi.suspend_data", "page=" + location);
      show("On page " + location);
      return call("LMSCommit", "");
    },
    answer: function (score) {
      call("LMSSetValue", "cmi.core.score.min", "0");
      call("LMSSetValue", "cmi.core.score.max", "100");
      call("LMSSetValue", "cmi.core.score.raw", String(score));
      var status = MASTERY === null ? "completed" : (score >= MASTERY ? "passed" : "failed");
      call("LMSSetValue", "cmi.core.lesson_status", status);
      show("Score " + score + ": " + status);
      return call("LMSCommit", "");
    },
    finish: function () {
      call("LMSSetValue", "cmi.core.exit", "suspend");
      return call("LMSFinish", "");
    }
  };
  show(api ? "Connected" + (resumed.location ? "; back at " + resumed.location : "") : "No LMS found");
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title><link rel="stylesheet" href="style.css"></head>
<body>
<h1>{title}</h1>
<p id="status">Starting</p>
{extra}
<button type="button" onclick="tipTest.answer(100)">I understand</button>
<button type="button" onclick="tipTest.finish()">Finish</button>
<script src="{script}"></script>
</body>
</html>
"""


def scorm12_package(path: Path, **options) -> Path:
    """One SCORM 1.2 SCO (``index.html`` + ``sco.js``); options as ``scorm12_files``."""
    return write_package(path, scorm12_files(**options))


def scorm12_files(*, mastery: int | None = 80, title: str = "Test course 1.2", launch_data: str = "",
                  extra: Files | None = None, extra_html: str = "", parameters: str = "") -> dict:
    """The files of a SCORM 1.2 SCO with ``adlcp:masteryscore`` ``mastery`` (None: none).

    ``extra`` files are added and listed as ``<file>`` entries; ``extra_html`` goes into the page.
    """
    mastery_xml = f"<adlcp:masteryscore>{mastery}</adlcp:masteryscore>" if mastery is not None else ""
    data_xml = f"<adlcp:datafromlms>{launch_data}</adlcp:datafromlms>" if launch_data else ""
    params = f' parameters="{parameters}"' if parameters else ""
    files = {"index.html": _PAGE.format(title=title, extra=extra_html, script="sco.js"),
             "sco.js": _SCORM12_JS % {"mastery": "null" if mastery is None else mastery},
             "style.css": "body { font-family: sans-serif; margin: 2em; }\n", **(extra or {})}
    listed = "\n".join(f'      <file href="{name}"/>' for name in files)
    files["imsmanifest.xml"] = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="tip.test.scorm12" version="1" {SCORM12_NS}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org-1">
    <organization identifier="org-1">
      <title>{title}</title>
      <item identifier="item-1" identifierref="res-1"{params}>
        <title>{title}</title>
        {mastery_xml}{data_xml}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-1" type="webcontent" adlcp:scormtype="sco" href="index.html">
{listed}
    </resource>
  </resources>
</manifest>
"""
    return files


# -- SCORM 2004 ----------------------------------------------------------------------------------

_SCORM2004_JS = r"""
(function () {
  var MASTERY = %(mastery)s;
  function findAPI(win) {
    for (var tries = 0; win && tries < 20; tries++) {
      if (win.API_1484_11) { return win.API_1484_11; }
      if (!win.parent || win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  var api = findAPI(window) || (window.opener ? findAPI(window.opener) : null);
  var log = [];
  function call(name) {
    var args = Array.prototype.slice.call(arguments, 1);
    var result = api ? String(api[name].apply(api, args)) : "no API";
    log.push([name, args, result]);
    return result;
  }
  call("Initialize", "");
  var resumed = {location: call("GetValue", "cmi.location"),
                 suspend_data: call("GetValue", "cmi.suspend_data"),
                 entry: call("GetValue", "cmi.entry")};
  function show(text) { document.getElementById("status").textContent = text; }
  window.tipTest = {
    api: api, log: log, resumed: resumed, sco: %(sco)s,
    goTo: function (location) {
      call("SetValue", "cmi.location", String(location));
      call("SetValue", "cmi.suspend_data", "page=" + location);
      call("SetValue", "cmi.completion_status", "incomplete");
      show("On page " + location);
      return call("Commit", "");
    },
    answer: function (score) {
      call("SetValue", "cmi.score.min", "0");
      call("SetValue", "cmi.score.max", "100");
      call("SetValue", "cmi.score.raw", String(score));
      call("SetValue", "cmi.score.scaled", String(score / 100));
      call("SetValue", "cmi.completion_status", "completed");
      if (MASTERY !== null) {
        call("SetValue", "cmi.success_status", score >= MASTERY ? "passed" : "failed");
      }
      show("Score " + score);
      return call("Commit", "");
    },
    finish: function (navRequest) {
      if (navRequest) { call("SetValue", "adl.nav.request", navRequest); }
      call("SetValue", "cmi.exit", "suspend");
      return call("Terminate", "");
    }
  };
  show(api ? "Connected" + (resumed.location ? "; back at " + resumed.location : "") : "No LMS found");
})();
"""


def _objectives(mastery: int | None, objective: str) -> str:
    if mastery is None:
        return ""
    return (f'<imsss:objectives><imsss:primaryObjective objectiveID="{objective}" satisfiedByMeasure="true">'
            f"<imsss:minNormalizedMeasure>{mastery / 100:g}</imsss:minNormalizedMeasure>"
            "</imsss:primaryObjective></imsss:objectives>")


def _scorm2004_manifest(title: str, edition: str, items: str, resources: str, org_sequencing: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="tip.test.scorm2004" version="1" {SCORM2004_NS}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{EDITIONS[edition]}</schemaversion>
  </metadata>
  <organizations default="org-1">
    <organization identifier="org-1" adlseq:objectivesGlobalToSystem="false">
      <title>{title}</title>
{items}
      {org_sequencing}
    </organization>
  </organizations>
  <resources>
{resources}
  </resources>
</manifest>
"""


def scorm2004_package(path: Path, *, mastery: int | None = 80, title: str = "Test course 2004",
                      edition: str = "3rd", launch_data: str = "", extra: Files | None = None,
                      extra_html: str = "") -> Path:
    """One SCORM 2004 SCO; ``mastery`` becomes the primary objective's minNormalizedMeasure."""
    files = {"index.html": _PAGE.format(title=title, extra=extra_html, script="sco.js"),
             "sco.js": _SCORM2004_JS % {"mastery": "null" if mastery is None else mastery, "sco": '"sco-1"'},
             "style.css": "body { font-family: sans-serif; margin: 2em; }\n", **(extra or {})}
    listed = "\n".join(f'      <file href="{name}"/>' for name in files)
    data_xml = f"<adlcp:dataFromLMS>{launch_data}</adlcp:dataFromLMS>" if launch_data else ""
    sequencing = _objectives(mastery, "obj-1")
    items = f"""      <item identifier="item-1" identifierref="res-1">
        <title>{title}</title>
        {data_xml}
        {f'<imsss:sequencing>{sequencing}</imsss:sequencing>' if sequencing else ''}
      </item>"""
    resources = f"""    <resource identifier="res-1" type="webcontent" adlcp:scormType="sco" href="index.html">
{listed}
    </resource>"""
    org = '<imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>'
    files["imsmanifest.xml"] = _scorm2004_manifest(title, edition, items, resources, org)
    return write_package(path, files)


def scorm2004_two_sco_package(path: Path, *, mastery: int = 80, title: str = "Two-part course",
                              choice: bool = True) -> Path:
    """Two SCOs under one organisation with flow navigation; the second is disabled until the
    first's primary objective is satisfied (written to a global objective it reads), and the
    organisation rolls up satisfaction and completion over both."""
    files: dict[str, bytes | str] = {"style.css": "body { font-family: sans-serif; margin: 2em; }\n"}
    for n in (1, 2):
        files[f"sco{n}/index.html"] = _PAGE.format(title=f"Part {n}", extra="", script="sco.js").replace(
            'href="style.css"', 'href="../style.css"')
        files[f"sco{n}/sco.js"] = _SCORM2004_JS % {"mastery": mastery, "sco": f'"sco-{n}"'}
    first = (f'<imsss:sequencing><imsss:objectives>'
             f'<imsss:primaryObjective objectiveID="obj-1" satisfiedByMeasure="true">'
             f"<imsss:minNormalizedMeasure>{mastery / 100:g}</imsss:minNormalizedMeasure>"
             '<imsss:mapInfo targetObjectiveID="g-first-part" readSatisfiedStatus="false" '
             'writeSatisfiedStatus="true"/></imsss:primaryObjective></imsss:objectives></imsss:sequencing>')
    second = ('<imsss:sequencing><imsss:sequencingRules><imsss:preConditionRule>'
              '<imsss:ruleConditions conditionCombination="any">'
              '<imsss:ruleCondition referencedObjective="first-part" operator="not" condition="satisfied"/>'
              '</imsss:ruleConditions><imsss:ruleAction action="disabled"/></imsss:preConditionRule>'
              '</imsss:sequencingRules><imsss:objectives>'
              '<imsss:primaryObjective objectiveID="obj-2" satisfiedByMeasure="true">'
              f"<imsss:minNormalizedMeasure>{mastery / 100:g}</imsss:minNormalizedMeasure>"
              '</imsss:primaryObjective><imsss:objective objectiveID="first-part">'
              '<imsss:mapInfo targetObjectiveID="g-first-part" readSatisfiedStatus="true" '
              'writeSatisfiedStatus="false"/></imsss:objective></imsss:objectives></imsss:sequencing>')
    items = f"""      <item identifier="item-1" identifierref="res-1">
        <title>Part 1</title>
        {first}
      </item>
      <item identifier="item-2" identifierref="res-2">
        <title>Part 2</title>
        {second}
      </item>"""
    resources = "\n".join(
        f"""    <resource identifier="res-{n}" type="webcontent" adlcp:scormType="sco" href="sco{n}/index.html">
      <file href="sco{n}/index.html"/>
      <file href="sco{n}/sco.js"/>
      <dependency identifierref="shared"/>
    </resource>""" for n in (1, 2))
    resources += """
    <resource identifier="shared" type="webcontent" adlcp:scormType="asset">
      <file href="style.css"/>
    </resource>"""
    org = (f'<imsss:sequencing><imsss:controlMode choice="{str(choice).lower()}" flow="true"/>'
           '<imsss:rollupRules rollupObjectiveSatisfied="true" rollupProgressCompletion="true"/>'
           '</imsss:sequencing>')
    files["imsmanifest.xml"] = _scorm2004_manifest(title, "3rd", items, resources, org)
    return write_package(path, files)


# -- H5P -----------------------------------------------------------------------------------------

_H5P_MAIN_JS = r"""
var H5P = H5P || {};
H5P.TipTest = (function () {
  function TipTest(params, contentId) {
    H5P.EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    this.score = 0;
  }
  TipTest.prototype = Object.create(H5P.EventDispatcher.prototype);
  TipTest.prototype.constructor = TipTest;
  TipTest.prototype.attach = function ($container) {
    var self = this;
    var root = $container.get(0);
    root.classList.add("h5p-tip-test");
    var question = document.createElement("p");
    question.textContent = H5P.TipHelper.plain(this.params.question);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "h5p-tip-test-answer";
    button.textContent = H5P.TipHelper.plain(this.params.button);
    button.addEventListener("click", function () { self.answer(1); });
    root.appendChild(question);
    root.appendChild(button);
    window.tipTest = {instance: self, answer: function (raw) { self.answer(raw); }};
  };
  TipTest.prototype.answer = function (raw) {
    this.score = raw;
    this.triggerXAPIScored(raw, 1, "answered", true, raw >= 1);
    this.triggerXAPIScored(raw, 1, "completed", true, raw >= 1);
  };
  TipTest.prototype.getScore = function () { return this.score; };
  TipTest.prototype.getMaxScore = function () { return 1; };
  return TipTest;
})();
"""

_H5P_HELPER_JS = r"""
var H5P = H5P || {};
H5P.TipHelper = {
  plain: function (text) { return String(text === undefined ? "" : text); }
};
"""


def _library(name: str, major: int, minor: int, *, runnable: int, js: str, css: str | None,
             deps: list[tuple[str, int, int]]) -> dict:
    data = {"title": name, "machineName": name, "majorVersion": major, "minorVersion": minor,
            "patchVersion": 0, "runnable": runnable, "license": "MIT", "author": "TIP Kiosk tests",
            "embedTypes": ["div"], "coreApi": {"majorVersion": 1, "minorVersion": 19},
            "preloadedJs": [{"path": js}]}
    if css:
        data["preloadedCss"] = [{"path": css}]
    if deps:
        data["preloadedDependencies"] = [{"machineName": n, "majorVersion": a, "minorVersion": b}
                                         for n, a, b in deps]
    return data


def h5p_files(*, title: str = "Test H5P", question: str = "Ready to go on?", button: str = "Yes",
              short_names: bool = False) -> dict[str, str]:
    """The files of a minimal valid .h5p (``short_names``: library folders named ``Name`` only,
    the form h5p-standalone also accepts)."""
    main_dir = "H5P.TipTest" if short_names else "H5P.TipTest-1.0"
    helper_dir = "H5P.TipHelper" if short_names else "H5P.TipHelper-1.0"
    h5p_json = {"title": title, "language": "und", "mainLibrary": "H5P.TipTest", "embedTypes": ["div"],
                "license": "U",
                # H5P tools write the versions as strings here and as numbers in library.json.
                "preloadedDependencies": [{"machineName": "H5P.TipTest", "majorVersion": "1", "minorVersion": "0"},
                                          {"machineName": "H5P.TipHelper", "majorVersion": "1", "minorVersion": "0"}]}
    main = _library("H5P.TipTest", 1, 0, runnable=1, js="scripts/tip-test.js", css="styles/tip-test.css",
                    deps=[("H5P.TipHelper", 1, 0)])
    helper = _library("H5P.TipHelper", 1, 0, runnable=0, js="tip-helper.js", css=None, deps=[])
    return {
        "h5p.json": json.dumps(h5p_json),
        "content/content.json": json.dumps({"question": question, "button": button}),
        f"{main_dir}/library.json": json.dumps(main, indent=2),
        f"{main_dir}/scripts/tip-test.js": _H5P_MAIN_JS,
        f"{main_dir}/styles/tip-test.css": ".h5p-tip-test button { font-size: 1.2em; }\n",
        f"{helper_dir}/library.json": json.dumps(helper, indent=2),
        f"{helper_dir}/tip-helper.js": _H5P_HELPER_JS,
    }


def h5p_package(path: Path, **options) -> Path:
    """A minimal valid H5P package (main library H5P.TipTest, depending on H5P.TipHelper)."""
    return write_package(path, h5p_files(**options))


# -- bad input -----------------------------------------------------------------------------------


def corrupt_zip(path: Path, kind: str = "truncated") -> Path:
    """A damaged SCORM 1.2 zip: ``truncated`` (cut off, no central directory) or ``crc`` (the
    bytes of ``sco.js`` changed after zipping, so its checksum fails)."""
    path = scorm12_package(path)
    raw = bytearray(path.read_bytes())
    if kind == "truncated":
        path.write_bytes(bytes(raw[: len(raw) // 2]))
        return path
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("sco.js")
    # The data start after the 30-byte local header, the name and the extra field.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + 10] ^= 0xFF
    path.write_bytes(bytes(raw))
    return path


def malformed_manifest_package(path: Path) -> Path:
    """imsmanifest.xml with an unclosed tag on line ``MALFORMED_LINE``."""
    files = scorm12_files()
    lines = files["imsmanifest.xml"].split("\n")
    lines[MALFORMED_LINE - 1] = "  <organizations default=\"org-1\"<broken>"
    files["imsmanifest.xml"] = "\n".join(lines)
    return write_package(path, files)


def missing_launch_package(path: Path) -> Path:
    """The manifest's launch file ``index.html`` is not in the package."""
    files = scorm12_files()
    del files["index.html"]
    return write_package(path, files)


def outside_reference_package(path: Path, where: str = "href") -> Path:
    """The manifest points outside the package: the resource's launch ``href`` or a ``<file>``."""
    files = scorm12_files()
    if where == "href":
        files["imsmanifest.xml"] = files["imsmanifest.xml"].replace('href="index.html">', f'href="{OUTSIDE_HREF}">')
    else:
        files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
            '<file href="style.css"/>', f'<file href="style.css"/>\n      <file href="{OUTSIDE_HREF}"/>')
    return write_package(path, files)


def http_reference_package(path: Path) -> Path:
    """A SCO whose page loads a script from the internet (which the kiosk will not fetch)."""
    return scorm12_package(path, extra_html=f'<script src="{HTTP_URL}"></script>')


def h5p_without_libraries(path: Path) -> Path:
    """An .h5p whose h5p.json needs H5P.TipTest and H5P.TipHelper, with neither library folder."""
    files = {name: data for name, data in h5p_files().items() if name.startswith(("h5p.json", "content/"))}
    return write_package(path, files)


def h5p_missing_dependency(path: Path) -> Path:
    """An .h5p with its main library but not the library that one depends on (H5P.TipHelper)."""
    files = {name: data for name, data in h5p_files().items() if not name.startswith("H5P.TipHelper")}
    return write_package(path, files)


def zip_slip(path: Path) -> Path:
    """A SCORM zip with one more entry whose name climbs out of the folder it unpacks into."""
    entries = [(zip_entry(name), data.encode() if isinstance(data, str) else data)
               for name, data in scorm12_files().items()]
    return write_zip(path, [*entries, (zip_entry("../evil.html"), b"<p>outside</p>")])


def symlink_entry(path: Path) -> Path:
    """A SCORM zip with a symbolic link entry (``link.html`` -> /etc/passwd)."""
    entries = [(zip_entry(name), data.encode() if isinstance(data, str) else data)
               for name, data in scorm12_files().items()]
    return write_zip(path, [*entries, (zip_entry("link.html", stat.S_IFLNK | 0o777), b"/etc/passwd")])


def zip_bomb(path: Path, megabytes: int = 20) -> Path:
    """A SCORM zip with a file of zeros that expands about 1000 times (``filler.bin``)."""
    entries = [(zip_entry(name), data.encode() if isinstance(data, str) else data)
               for name, data in scorm12_files().items()]
    return write_zip(path, [*entries, (zip_entry("filler.bin"), bytes(megabytes * 1024 * 1024))])


def many_entries(path: Path, count: int) -> Path:
    """A SCORM zip with ``count`` extra small files (``extra/0000.txt`` ...)."""
    entries = [(zip_entry(name), data.encode() if isinstance(data, str) else data)
               for name, data in scorm12_files().items()]
    extra = [(zip_entry(f"extra/{n:05d}.txt"), b"x") for n in range(count)]
    return write_zip(path, [*entries, *extra])


def h264_clip(path: Path, seconds: float = 2, size: str = "320x240") -> Path:
    """An H.264 + AAC MP4 (what the web engine cannot play), made with ffmpeg."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={size}:rate=25:d={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:v", "libx264",
                    "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
                   check=True, capture_output=True, timeout=120)
    return Path(path)
