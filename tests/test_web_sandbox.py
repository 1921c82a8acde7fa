"""The package sandbox (kiosk.ui.web): what a package's pages can reach, what the scheme serves,
and the kiosk endpoints' checks. Real QtWebEngine (offscreen, --disable-gpu, Chromium sandbox off
because tests run as root; see tests/conftest.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets", reason="QtWebEngine is not installed (lean kiosk)")

from PySide6.QtCore import QObject
from PySide6.QtWebEngineWidgets import QWebEngineView

from kiosk.ui.web import files
from kiosk.ui.web.bridge import Bridge, BridgeEvents
from kiosk.ui.web.sandbox import Sandbox, host_for
from tests.elearning_fixtures import scorm12_package
from tests.web_helpers import Canary, FakeModule, RecordingRun, js, scorm12

pytestmark = pytest.mark.skipif(not files.vendor_dirs(), reason="run `make web` first (npm players)")

HOSTILE = """<!doctype html><html><head><meta charset="utf-8"><title>hostile</title>
<link rel="prefetch" href="{canary}/prefetch"><link rel="stylesheet" href="{canary}/style.css">
</head><body><img src="{canary}/img.png"><script src="{canary}/script.js"></script>
<iframe src="file:///etc/passwd"></iframe><iframe src="{canary}/frame"></iframe>
<img src="evil.svg"><iframe src="evil.svg"></iframe>
<script>
window.tried = [];
function attempt(name, f) {{
  try {{ f(); window.tried.push(name); }} catch (e) {{ window.tried.push(name + ':' + e.name); }}
}}
attempt('fetch', function () {{ fetch('{canary}/fetch').catch(function () {{}}); }});
attempt('no-cors', function () {{ fetch('{canary}/nocors', {{mode: 'no-cors'}}).catch(function () {{}}); }});
attempt('xhr', function () {{ var x = new XMLHttpRequest(); x.open('GET', '{canary}/xhr', false); x.send(); }});
attempt('ws', function () {{ new WebSocket('{ws}/ws'); }});
attempt('es', function () {{ new EventSource('{canary}/es'); }});
attempt('beacon', function () {{ navigator.sendBeacon('{canary}/beacon', 'x'); }});
attempt('file', function () {{ fetch('file:///etc/passwd').catch(function () {{}}); }});
attempt('other-host', function () {{ fetch('tip-pkg://otherhost/index.html').catch(function () {{}}); }});
attempt('open', function () {{ window.open('{canary}/popup'); }});
setTimeout(function () {{ attempt('nav', function () {{ location.href = '{canary}/navigate'; }}); }}, 50);
setTimeout(function () {{ attempt('top', function () {{ top.location = '{canary}/top'; }}); }}, 100);
setTimeout(function () {{ window.done = true; }}, 600);
</script></body></html>"""

EVIL_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
<script>fetch('{canary}/svg').catch(function () {{}}); var i = new Image(); i.src = '{canary}/svg-img';</script>
<rect width="10" height="10"/></svg>"""


@pytest.fixture
def open_sandbox(qtbot):
    opened: list[Sandbox] = []

    def open_(root: Path, bridge=None, page: str = "index.html", csp: bool = True):
        sandbox, view = _open(qtbot, root, bridge, page, csp)
        opened.append(sandbox)
        return sandbox, view

    yield open_
    for sandbox in opened:
        sandbox.close()

def _open(qtbot, root: Path, bridge, page: str, csp: bool):
    sandbox = Sandbox(host_for("tests", str(root)), root, bridge)
    sandbox.handler.csp = csp
    view = QWebEngineView()
    view.setPage(sandbox.page)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    with qtbot.waitSignal(sandbox.page.loadFinished, timeout=15000):
        sandbox.page.setUrl(sandbox.url(page))
    return sandbox, view


@pytest.fixture
def canary():
    server = Canary()
    yield server
    server.close()


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "interceptor-alone"])
def test_a_hostile_package_reaches_nothing_outside_its_own_files(qtbot, tmp_path, canary, open_sandbox, csp):
    """Every wall holds on its own: with the policy header, and with only the interceptor."""
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "index.html").write_text(HOSTILE.format(canary=canary.url, ws=canary.url.replace("http", "ws")))
    (root / "evil.svg").write_text(EVIL_SVG.format(canary=canary.url))
    sandbox, view = open_sandbox(root, csp=csp)
    qtbot.waitUntil(lambda: js(qtbot, sandbox.page, "window.done === true") is True, timeout=10000)
    qtbot.wait(300)  # let anything still in flight arrive, were it allowed out
    assert canary.hits == []
    assert sandbox.page.url().host() == sandbox.host  # navigation away and top.location refused
    blocked = "\n".join(sandbox.report.blocked)
    assert "/navigate" in blocked and "/popup" in blocked  # refused by the page itself
    if not csp:  # without the policy, the interceptor saw (and stopped) each one
        for path in ("/fetch", "/xhr", "/img.png", "/script.js", "/ws", "/es", "/beacon", "/svg"):
            assert path in blocked, path
        assert "otherhost" in blocked


def test_paths_out_of_the_package_are_not_found(qtbot, tmp_path, open_sandbox):
    root = tmp_path / "pkg"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("SECRET")
    (root / ".hidden").write_text("SECRET")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "index.html").write_text("<!doctype html><title>ok</title><p>ok</p>")
    sandbox, view = open_sandbox(root)
    probe = """(function () {
      var out = {};
      ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/link.txt', '/.hidden',
       '/__player/../../secret.txt', '/__player/%2e%2e/%2e%2e/secret.txt', '/__vendor/nothing/x.js',
       '/missing.html', '/..%5csecret.txt'].forEach(function (p) {
        var x = new XMLHttpRequest();
        try { x.open('GET', p, false); x.send(); out[p] = x.status + ':' + x.responseText; }
        catch (e) { out[p] = 'refused'; }
      });
      return JSON.stringify(out);
    })()"""
    results = json.loads(js(qtbot, sandbox.page, probe))
    assert all("SECRET" not in value for value in results.values()), results
    assert results["/missing.html"].startswith(("404", "refused")), results
    assert any("missing.html" in path for path in sandbox.report.missing)


def test_clean_paths_and_resolve_refuse_every_way_out(tmp_path):
    root = tmp_path / "pkg"
    (root / "a").mkdir(parents=True)
    (root / "a" / "b.html").write_text("x")
    (root / "out").symlink_to(tmp_path)
    for bad in ("/../x", "/%2e%2e/x", "/a/%2f/b", "/a/..%5cb", "/.git/config", "/a/%00"):
        assert files.clean_parts(bad) is None, bad
    assert files.resolve(root, files.clean_parts("/a/b.html")) == (root / "a" / "b.html").resolve()
    assert files.resolve(root, ["out", "pkg", "a", "b.html"]) is not None  # back inside: fine
    (tmp_path / "x.txt").write_text("x")
    assert files.resolve(root, ["out", "x.txt"]) is None
    assert files.resolve(root, ["a"]) is None  # a folder is not a file


def test_every_reply_has_the_policy_and_the_right_type_and_media_ranges_work(qtbot, tmp_path, open_sandbox):
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>ok</title>")
    data = os.urandom(6 * 1024 * 1024)
    (root / "big.webm").write_bytes(data)
    sandbox, view = open_sandbox(root)
    probe = """(function () {
      var x = new XMLHttpRequest(); x.open('GET', '/index.html', false); x.send();
      var r = new XMLHttpRequest(); r.open('GET', '/big.webm', false);
      r.setRequestHeader('Range', 'bytes=1000-1999');
      r.overrideMimeType('text/plain; charset=x-user-defined'); r.send();
      var bytes = []; for (var i = 0; i < 4; i++) { bytes.push(r.responseText.charCodeAt(i) & 0xff); }
      return JSON.stringify({csp: x.getResponseHeader('Content-Security-Policy'),
        type: x.getResponseHeader('Content-Type'), status: r.status, length: r.responseText.length,
        media: r.getResponseHeader('Content-Type'), first: bytes});
    })()"""
    result = json.loads(js(qtbot, sandbox.page, probe))
    assert "default-src 'self' tip-pkg: data: blob:" in result["csp"]
    assert result["type"].startswith("text/html")
    assert result["media"].startswith("video/webm")
    assert result["status"] == 206 and result["length"] == 1000
    assert result["first"] == list(data[1000:1004])


def test_commits_reach_the_learner_path_byte_exact_and_bad_bodies_are_refused(qtbot, tmp_path, open_sandbox):
    root = scorm12_package(tmp_path / "pkg")
    module = FakeModule("m", {"pkg": scorm12(root)})
    run = RecordingRun(module)
    from kiosk.core.content import PackageStep

    step = PackageStep(id="pkg", title="Package", standard="scorm_1.2")
    problems: list[str] = []
    events = BridgeEvents(problem=lambda text, error=None: problems.append(text))
    bridge = Bridge(run, step, module.packages["pkg"], events, current="item-1")
    sandbox, view = open_sandbox(root, bridge, page="style.css")
    post = """(function (body) {
      var x = new XMLHttpRequest(); x.open('POST', '/__kiosk/commit?sco=item-1', false);
      x.setRequestHeader('Content-Type', 'application/json'); x.send(body); return x.responseText;
    })(%s)"""
    text = "Llŷr’s café ✓ \U0001F600"
    answer = json.loads(js(qtbot, sandbox.page, post % json.dumps(json.dumps({"cmi": {"suspend_data": text}}))))
    assert answer == {"result": "true", "errorCode": 0}
    assert run.saved["item-1"] == {"suspend_data": text}
    for bad in ("not json", json.dumps([1, 2]), json.dumps({"cmi": "x"}), "x" * 1_100_000):
        answer = json.loads(js(qtbot, sandbox.page, post % json.dumps(bad)))
        assert answer["result"] == "false" and answer["errorCode"] != 0
    assert run.saved["item-1"] == {"suspend_data": text}  # nothing lost
    assert len(problems) == 4  # each refusal is reported (the view logs it and tells the learner)
    wrong_sco = post.replace("sco=item-1", "sco=item-9")
    assert json.loads(js(qtbot, sandbox.page, wrong_sco % json.dumps('{"cmi": {}}')))["result"] == "false"


def test_dialogs_are_answered_calmly_and_recorded(qtbot, tmp_path, open_sandbox):
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>d</title>")
    sandbox, view = open_sandbox(root)
    result = js(qtbot, sandbox.page, "alert('hi'); [confirm('Exit?'), prompt('Name?', 'x')].join(',')")
    assert result == "true,x"
    assert [d.split(":")[0] for d in sandbox.report.dialogs] == ["alert", "confirm", "prompt"]


def test_permissions_downloads_and_clipboard_are_refused_and_errors_are_kept(qtbot, tmp_path, open_sandbox):
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>p</title><a id=d href='data.bin' download>get</a>")
    (root / "data.bin").write_bytes(b"0123")
    sandbox, view = open_sandbox(root)
    probe = """(function () {
      window.results = {};
      navigator.mediaDevices.getUserMedia({audio: true}).then(
        function () { results.media = 'granted'; }, function (e) { results.media = e.name; });
      navigator.geolocation.getCurrentPosition(
        function () { results.geo = 'granted'; }, function (e) { results.geo = 'refused ' + e.code; });
      navigator.clipboard.readText().then(
        function () { results.clip = 'read'; }, function (e) { results.clip = e.name; });
      document.getElementById('d').click();
      console.error('package broke: CANARY');
      return true; })()"""
    js(qtbot, sandbox.page, probe)
    done = "(function(){var r=window.results;return !!(r.media&&r.geo&&r.clip)})()"
    qtbot.waitUntil(lambda: js(qtbot, sandbox.page, done) is True, timeout=10000)
    results = json.loads(js(qtbot, sandbox.page, "JSON.stringify(window.results)"))
    assert "granted" not in results["media"] and results["geo"].startswith("refused") and results["clip"] != "read"
    qtbot.waitUntil(lambda: any(item.startswith("download:") for item in sandbox.report.blocked), timeout=5000)
    assert any("CANARY" in error for error in sandbox.report.console_errors)


def test_the_engine_plays_webm_but_not_h264_which_is_why_import_transcodes(qtbot, tmp_path, open_sandbox):
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>c</title>")
    sandbox, view = open_sandbox(root)
    probe = """(function () { var v = document.createElement('video'); return JSON.stringify([
      v.canPlayType('video/mp4; codecs="avc1.42E01E, mp4a.40.2"'),
      v.canPlayType('video/webm; codecs="vp9, opus"')]); })()"""
    assert json.loads(js(qtbot, sandbox.page, probe)) == ["", "probably"]


class _Counter(QObject):
    def __init__(self):
        super().__init__()
        self.events = 0
        self.inputs = 0

    def eventFilter(self, watched, event):
        self.events += 1
        return False

    def note(self):
        self.inputs += 1


def test_the_kiosks_application_filters_come_off_before_the_engine_starts(qtbot, tmp_path, open_sandbox):
    """PySide6 6.11.3 crashes when a Python filter on the application meets QtWebEngine's
    private objects (kiosk/ui/appfilters.py); the idle watch hears about input another way."""
    from kiosk.ui import appfilters

    counter = _Counter()
    appfilters.install(counter, on_input=counter.note)
    try:
        root = tmp_path / "pkg"
        root.mkdir()
        (root / "index.html").write_text("<!doctype html><title>ok</title><p>ok</p>")
        counter.events = 0
        sandbox, view = open_sandbox(root)
        assert appfilters.filters_paused()
        view.setFocus()
        qtbot.wait(100)
        assert counter.events == 0  # off the application: the engine ran and nothing crashed
        appfilters.note_input()
        assert counter.inputs == 1
    finally:
        appfilters.remove(counter)


def test_native_input_events_are_told_from_the_rest():
    import ctypes
    import struct

    from kiosk.ui.appfilters import is_input

    def xcb(kind: int, generic_type: int = 0) -> ctypes.Array:
        return ctypes.create_string_buffer(struct.pack("<BBHIH", kind, 0, 0, 0, generic_type) + bytes(22))

    def msg(number: int) -> ctypes.Array:
        header = bytes(ctypes.sizeof(ctypes.c_void_p))
        return ctypes.create_string_buffer(header + struct.pack("<I", number) + bytes(40))

    def check(event_type: bytes, buffer) -> bool:
        return is_input(event_type, ctypes.addressof(buffer))

    x11 = b"xcb_generic_event_t"
    assert check(x11, xcb(2)) and check(x11, xcb(2 | 0x80)) and check(x11, xcb(35, 6))  # key, sent key, XI motion
    assert not check(x11, xcb(12)) and not check(x11, xcb(35, 7))  # Expose, XI Enter
    windows = b"windows_generic_MSG"
    assert check(windows, msg(0x0100)) and check(windows, msg(0x0201)) and check(windows, msg(0x0246))
    assert not check(windows, msg(0x000F)) and not check(windows, msg(0x0113))  # WM_PAINT, WM_TIMER
    assert not is_input(x11, 0)


@pytest.mark.xvfb
def test_real_x11_input_reaches_the_idle_watch_once_the_engine_runs(qtbot, tmp_path, open_sandbox):
    """A pointer move made with the XTest extension, as a mouse would: seen by the native filter."""
    import ctypes
    import ctypes.util

    from kiosk.ui import appfilters

    x11, xtst = ctypes.util.find_library("X11"), ctypes.util.find_library("Xtst")
    if not x11 or not xtst:
        pytest.skip("needs libX11 and libXtst")
    counter = _Counter()
    appfilters.install(counter, on_input=counter.note)
    try:
        root = tmp_path / "pkg"
        root.mkdir()
        (root / "index.html").write_text("<!doctype html><title>ok</title><p>ok</p>")
        sandbox, view = open_sandbox(root)
        qtbot.waitExposed(view)
        libx11, libxtst = ctypes.CDLL(x11), ctypes.CDLL(xtst)
        libx11.XOpenDisplay.restype = ctypes.c_void_p
        display = libx11.XOpenDisplay(None)
        assert display
        top_left = view.mapToGlobal(view.rect().center())
        counter.inputs = 0
        for step in range(5):
            libxtst.XTestFakeMotionEvent(ctypes.c_void_p(display), -1, top_left.x() + step * 7, top_left.y(), 0)
            libx11.XFlush(ctypes.c_void_p(display))
        qtbot.waitUntil(lambda: counter.inputs > 0, timeout=3000)
        libx11.XCloseDisplay(ctypes.c_void_p(display))
    finally:
        appfilters.remove(counter)
