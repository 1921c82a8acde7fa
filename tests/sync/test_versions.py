"""Version negotiation: the kiosk reads /about and speaks a version the LRS lists. No LRS that
speaks xAPI 2.0 installs here, so a small stub plays the LRS (statements are only counted)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.core.sync import SyncEngine
from tests.sync.support import config, queue_statements


class StubLRS(BaseHTTPRequestHandler):
    about: bytes | None = None
    post_status = 200
    requests: list[tuple[str, str, str | None]] = []

    def do_GET(self):
        self.requests.append(("GET", self.path, self.headers.get("X-Experience-API-Version")))
        if self.path.endswith("/about") and self.about is not None:
            self._answer(200, self.about)
        else:
            self._answer(404, b'{"detail":"Not Found"}')

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append(("POST", self.path, self.headers.get("X-Experience-API-Version")))
        if self.post_status != 200:
            self._answer(self.post_status, b'{"detail":"refused"}')
        else:
            self._answer(200, json.dumps([s["id"] for s in body]).encode())

    def _answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubLRS)
    StubLRS.requests = []
    StubLRS.post_status = 200
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("about, spoken", [
    (b'{"version": ["1.0.0", "1.0.3"]}', "1.0.3"),
    (b'{"version": ["1.0.1"]}', "1.0.1"),
    (b'{"version": ["2.0.0"]}', "2.0.0"),
    (None, "1.0.3"),  # no /about at all (Ralph): 1.0.3
    (b"<html>not json</html>", "1.0.3"),
])
def test_the_kiosk_speaks_a_version_the_lrs_lists(stub, store, programme, activity_base, about, spoken):
    StubLRS.about = about
    queue_statements(store, programme, 3, activity_base)
    report = SyncEngine(store, config(f"http://127.0.0.1:{stub.server_port}/xAPI")).run_once()
    assert report.outcome == "delivered" and report.version == spoken
    assert StubLRS.requests[0] == ("GET", "/xAPI/about", "1.0.3")
    assert StubLRS.requests[1:] == [("POST", "/xAPI/statements", spoken)]


def test_an_lrs_that_speaks_no_version_of_ours_gets_nothing(stub, store, programme, activity_base):
    StubLRS.about = b'{"version": ["0.95", "0.9"]}'
    queue_statements(store, programme, 3, activity_base)
    report = SyncEngine(store, config(f"http://127.0.0.1:{stub.server_port}/xAPI")).run_once()
    assert report.outcome == "refused" and "0.95" in report.message and report.pending == 3
    assert [r[0] for r in StubLRS.requests] == ["GET"]


def test_an_lrs_that_refuses_everything_does_not_get_the_whole_outbox_set_aside(stub, store, programme,
                                                                                activity_base):
    """One refused record is quarantined; ten in a row with nothing accepted means the LRS (or
    something in front of it) refuses everything: stop, and keep them all queued."""
    StubLRS.about = b'{"version": ["1.0.3"]}'
    StubLRS.post_status = 400
    queue_statements(store, programme, 64, activity_base)
    report = SyncEngine(store, config(f"http://127.0.0.1:{stub.server_port}/xAPI", batch_size=32)).run_once()
    assert report.outcome == "refused" and "10 records in a row" in report.message
    assert report.quarantined == 0 and report.pending == 64 and report.quarantined_total == 0
