"""`tip-kiosk doctor`: each check finds the real problem it is for, and says so in plain words."""

import json
import os
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kiosk.core.config import Settings
from kiosk.core.doctor import (
    check_clock,
    check_config_file,
    check_content,
    check_database,
    check_disk,
    check_libvlc,
    check_qt_platform,
    check_standard_packages,
    check_sync,
    report,
    sync_settings,
)
from kiosk.core.store import DB_NAME, open_store

REPO = Path(__file__).resolve().parent.parent


# -- database ---------------------------------------------------------------------------------
def test_a_healthy_database_passes(data_dir, accounts):
    accounts.register("1234567", "629174")
    result = check_database(data_dir)
    assert result.status == "pass" and "1 learner" in result.summary


def test_a_damaged_database_fails_and_says_what_the_kiosk_will_do(data_dir):
    store, _ = open_store(data_dir)
    store.learners.add("code-hash", "pin-hash")
    store.close()
    path = data_dir / DB_NAME
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # overwrite the second page
    path.write_bytes(bytes(data))
    result = check_database(data_dir)
    assert result.status == "fail"
    assert "damaged" in result.summary and "backup" in result.fix


def test_a_file_that_is_not_a_database_fails(data_dir):
    (data_dir / DB_NAME).write_bytes(b"this is not SQLite at all" * 100)
    result = check_database(data_dir)
    assert result.status == "fail" and "damaged" in result.summary


def test_no_database_yet_is_fine(data_dir):
    assert check_database(data_dir).status == "pass"


# -- content ----------------------------------------------------------------------------------
def test_valid_content_passes(content_dir):
    result = check_content(content_dir)
    assert result.status == "pass" and "2 modules" in result.summary


def test_invalid_content_fails_naming_the_file_and_field(content_dir):
    module = content_dir / "02-module" / "module.yaml"
    module.write_text(module.read_text().replace("duration_minutes: 10\n", ""), encoding="utf-8")
    result = check_content(content_dir)
    assert result.status == "fail"
    assert "module.yaml" in result.summary and "duration_minutes" in result.summary
    assert "tip-kiosk content validate" in result.fix


# -- libVLC and Qt ----------------------------------------------------------------------------
def test_libvlc_with_its_plugins_passes():
    result = check_libvlc()
    assert result.status in ("pass", "warn"), result.summary
    assert "plugins" in result.summary


def test_a_missing_libvlc_fails_with_a_plain_reason(tmp_path):
    """python-vlc pointed at something that is not a library, in a child process (it exits)."""
    fake = tmp_path / "libvlc.so.5"
    fake.write_text("not a library")
    script = ("from kiosk.core.doctor import check_libvlc; r = check_libvlc(); "
              "print(r.status); print(r.summary); print(r.fix)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          cwd=REPO, env={**_env(), "PYTHON_VLC_LIB_PATH": str(fake)})
    status, summary, fix = done.stdout.splitlines()[:3]
    assert status == "fail"
    assert "libVLC could not be loaded" in summary and str(fake) in summary
    assert "Videos cannot play" in fix


def test_qt_starts_on_the_configured_platform(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    result = check_qt_platform()
    assert result.status == "pass" and "'offscreen'" in result.summary


def test_a_qt_platform_that_cannot_start_fails(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")
    result = check_qt_platform()
    assert result.status == "fail"
    assert "no-such-platform" in result.summary and "Qt" in result.fix


# -- standard packages (SCORM/H5P): the web engine --------------------------------------------
PACKAGES = "Standard packages (SCORM/H5P)"


def kiosk_child(prelude: str) -> list[str]:
    """The kiosk's command line, run after ``prelude`` (the check adds --web-probe)."""
    return [sys.executable, "-c", f"import sys\n{prelude}\nfrom kiosk.cli import main\nsys.exit(main())"]


LEAN = kiosk_child(
    "class NoWebEngine:  # as in the lean installer, which does not carry QtWebEngine\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.startswith('PySide6.QtWebEngine'):\n"
    "            raise ImportError('No module named ' + repr(name))\n"
    "sys.meta_path.insert(0, NoWebEngine())")


def with_a_package_module(content_dir: Path) -> Path:
    """Adds a module whose one step is a real (small) SCORM 1.2 package."""
    from tests.elearning_fixtures import scorm12_package

    module = content_dir / "03-package"
    module.mkdir()
    (module / "module.yaml").write_text(
        'schema_version: 3\nid: package-module\nversion: "1.0"\ntitle: A SCORM course\n'
        "summary: A course from another organisation.\nduration_minutes: 10\nsteps:\n"
        "  - id: course\n    type: package\n    title: The course\n    standard: scorm_1.2\n",
        encoding="utf-8")
    scorm12_package(module / "package")
    programme = content_dir / "programme.yaml"
    programme.write_text(programme.read_text(encoding="utf-8") + "  - 03-package\n", encoding="utf-8")
    return content_dir


def test_the_web_engine_starts_and_runs_the_players_and_root_is_warned_about(content_dir):
    """The real engine, from this checkout (make web installed the players). Tests run as root
    with the sandbox off, which the check must call out: in production that is a risk."""
    result = check_standard_packages(content_dir)
    assert result.name == PACKAGES
    assert "started headless and ran the SCORM and H5P players" in result.summary, result
    if os.geteuid() == 0:
        assert result.status == "warn" and "runs as root" in result.summary
        assert "QTWEBENGINE_DISABLE_SANDBOX=1" in result.fix and "tests and CI only" in result.fix
    else:
        assert result.status == "pass"


def test_as_root_with_the_sandbox_on_the_engine_is_not_started_and_the_check_says_why(
        content_dir, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("needs root: this is what happens when the kiosk itself runs as root")
    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX", raising=False)
    result = check_standard_packages(content_dir)
    assert result.status == "warn"
    assert "runs as root, so the web engine will not start" in result.summary
    assert "ordinary (non-root) account" in result.fix


def test_a_lean_kiosk_says_calmly_it_cannot_play_packages(content_dir):
    result = check_standard_packages(content_dir, command=LEAN)
    assert result.status == "info", result
    assert "cannot play SCORM/H5P modules (lean installer" in result.summary
    assert "install the standard variant" in result.fix
    assert "INFO  " + PACKAGES in report([result]) and "What to do:" in report([result])


def test_a_lean_kiosk_warns_when_the_content_has_package_modules(content_dir):
    result = check_standard_packages(with_a_package_module(content_dir), command=LEAN)
    assert result.status == "warn"
    assert "1 module(s) in the content use SCORM/H5P packages and cannot open here" in result.summary


def test_missing_player_files_are_named(content_dir, tmp_path):
    """The engine is here but the asset lookup finds an empty folder (a broken standard install)."""
    empty = tmp_path / "web-vendor"
    (empty / "scorm-again").mkdir(parents=True)
    command = kiosk_child(
        "from pathlib import Path\nimport kiosk.ui.web.files as files\n"
        f"files.vendor_dirs = lambda: {{'scorm-again': Path({str(empty)!r}) / 'scorm-again' / 'dist', "
        f"'h5p': Path({str(empty)!r}) / 'h5p-standalone' / 'dist'}}")
    result = check_standard_packages(content_dir, command=command)
    assert result.status == "warn"
    assert "players are incomplete" in result.summary
    assert "scorm-again/scorm12.min.js" in result.summary and "h5p/main.bundle.js" in result.summary
    assert check_standard_packages(with_a_package_module(content_dir), command=command).status == "fail"


def test_a_web_engine_check_that_cannot_run_is_reported_not_raised(content_dir):
    broken = [sys.executable, "-c", "raise SystemExit('broken')"]
    result = check_standard_packages(content_dir, command=broken)
    assert result.status == "warn" and "could not be checked: broken" in result.summary


# -- sync -------------------------------------------------------------------------------------
def test_sync_is_skipped_when_not_set_up():
    assert sync_settings(Settings())["endpoint"] == ""  # works before the sync settings exist
    assert check_sync("").status == "skip"


def test_an_unreachable_endpoint_fails_with_a_clear_message():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    result = check_sync(f"http://127.0.0.1:{port}/xapi", "key", "secret", timeout=5)
    assert result.status == "fail"
    assert "Could not connect" in result.summary and "refused" in result.summary
    assert "stay queued" in result.fix


class _LRS(BaseHTTPRequestHandler):
    """Answers like an xAPI LRS: /about for anyone, statements only with key:secret."""

    def do_GET(self):
        import base64

        if self.path.endswith("/about"):
            self._send(200, {"version": ["1.0.3"]})
        elif "/statements" in self.path:
            good = "Basic " + base64.b64encode(b"kiosk-key:kiosk-secret").decode()
            self._send(200 if self.headers.get("Authorization") == good else 401, {"statements": []})
        else:
            self._send(404, {})

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def lrs():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _LRS)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/xapi"
    server.shutdown()
    server.server_close()


def test_a_reachable_lrs_with_good_credentials_passes(lrs):
    result = check_sync(lrs, "kiosk-key", "kiosk-secret")
    assert result.status == "pass" and "1.0.3" in result.summary


def test_wrong_credentials_fail_and_say_so(lrs):
    result = check_sync(lrs, "kiosk-key", "wrong")
    assert result.status == "fail" and "refused the kiosk's credentials" in result.summary


def test_the_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("kiosk-secret\n")

    class WithSync:
        sync_endpoint, sync_key, sync_secret_file = "https://lrs.example/xapi", "kiosk-key", secret

    assert sync_settings(WithSync())["secret"] == "kiosk-secret"


# -- disk and clock ---------------------------------------------------------------------------
def test_little_free_disk_space_is_a_warning(data_dir):
    assert check_disk(data_dir, warn_mb=10**9).status == "warn"
    assert check_disk(data_dir, warn_mb=1).status == "pass"


NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_a_sane_clock_passes():
    assert check_clock(NOW, NOW - timedelta(days=30), (NOW - timedelta(hours=1)).isoformat()).status == "pass"


def test_a_clock_before_the_build_date_fails():
    result = check_clock(NOW, NOW + timedelta(days=3), None)
    assert result.status == "fail" and "before this version of TIP Kiosk was built" in result.summary


def test_a_clock_that_went_backwards_fails():
    result = check_clock(NOW, None, (NOW + timedelta(days=2)).isoformat())
    assert result.status == "fail" and "gone backwards" in result.summary


def test_a_clock_far_in_the_future_fails():
    result = check_clock(NOW + timedelta(days=365 * 30), NOW, None)
    assert result.status == "fail" and "future" in result.summary


# -- configuration file -----------------------------------------------------------------------
def test_a_configuration_file_others_can_write_fails(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("kiosk_mode = true\n")
    config.chmod(0o666)
    result = check_config_file(config)
    assert result.status == "fail" and "learners could change machine settings" in result.summary
    config.chmod(0o644)
    assert check_config_file(config).status == "pass"
    assert check_config_file(tmp_path / "absent.toml").status == "pass"


# -- the command ------------------------------------------------------------------------------
def test_doctor_command_lists_every_check_and_fails_on_bad_content(tmp_path, content_dir, data_dir):
    (content_dir / "programme.yaml").write_text("schema_version: 1\nid: x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--json", "--content", str(content_dir),
                           "--data-dir", str(data_dir)], capture_output=True, text=True, timeout=120,
                          cwd=REPO, env={**_env(), "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 1
    results = {r["name"]: r for r in json.loads(done.stdout)}
    assert set(results) == {"Configuration", "libVLC", "Qt platform", "Content", "Database", "Installation key",
                            "Secrets", "Data folder privacy", "Disk space", "Admin passphrase", "Sync", PACKAGES,
                            "Clock"}
    assert results["Content"]["status"] == "fail"
    assert results["Database"]["status"] == "pass"


def test_the_report_is_a_plain_pass_fail_list(content_dir):
    text = report([check_content(content_dir), check_sync("")])
    assert "PASS  Content" in text and "SKIP  Sync" in text
    assert text.endswith("Everything checked is working.")


def _env():
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIP_KIOSK_", "PYTHON_VLC", "VLC_"))}
    env["PYTHONPATH"] = str(REPO)
    return env


class _Recorder(BaseHTTPRequestHandler):
    """Accepts anything and remembers each request's path and Authorization header."""

    seen: list = []

    def do_GET(self):
        type(self).seen.append((self.path, self.headers.get("Authorization")))
        body = json.dumps({"version": ["1.0.3"], "statements": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _own_address() -> str | None:
    """An address of this PC that is not loopback (no packet is sent: UDP connect only routes)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_plain_http_to_another_host_sends_no_credentials_and_fails():
    """Issue 12 case 3: doctor used to send key:secret over plain http and report pass."""
    address = _own_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    _Recorder.seen = []
    server = ThreadingHTTPServer(("0.0.0.0", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://{address}:{server.server_address[1]}/xapi"
    try:
        result = check_sync(endpoint, "kiosk-key", "kiosk-secret", timeout=5)
    finally:
        server.shutdown()
        server.server_close()
    assert [auth for _, auth in _Recorder.seen if auth] == []
    assert _Recorder.seen == []  # not contacted at all
    assert result.status == "fail"
    assert "plain http" in result.summary and "unencrypted" in result.summary
    assert "https://" in result.fix


def test_plain_http_to_loopback_is_still_checked(lrs):
    """A local LRS (or tunnel) on 127.0.0.1 never crosses the network, as the sync engine allows."""
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = check_sync(f"http://localhost:{server.server_address[1]}/xapi", "k", "s", timeout=5)
    finally:
        server.shutdown()
        server.server_close()
    assert result.status == "pass"
    assert any(auth for _, auth in _Recorder.seen)


def test_an_endpoint_that_is_not_a_web_address_fails_without_a_connection():
    result = check_sync("ftp://lrs.example.org/xapi", "k", "s")
    assert result.status == "fail" and "not a web address" in result.summary
