"""Test only: the local LRS behind a loopback HTTP server with Basic auth, for the ADL conformance
suite (which speaks HTTP). The kiosk itself never opens a socket for it: the web view calls
``Lrs.handle`` through the tip-pkg scheme.

Run standalone: ``python -m tests.lrs_adapter DATA_DIR PORT`` (prints the port when ready).
"""

from __future__ import annotations

import base64
import sys
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from kiosk.core.cmi5.lrs import Lrs
from kiosk.core.store import open_store
from kiosk.core.store.lrs import LrsScope

USER = "conformance"
PASSWORD = "not-a-secret"
BASE = "/xapi"


def make_lrs(data_dir: Path) -> Lrs:
    store, _ = open_store(Path(data_dir))
    learner = store.conn.execute("SELECT id FROM learners LIMIT 1").fetchone()
    learner_id = store.learners.add("conformance-hash", "pin-hash", "Conformance") if learner is None else learner[0]
    return Lrs(store, LrsScope(learner_id, "conformance"), base_path=BASE)


def serve(data_dir: Path, port: int = 0) -> ThreadingHTTPServer:
    token = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    # One thread owns the LRS and its SQLite connection and answers one request at a time; the
    # server reads each connection in its own thread, because the suite (Node's keep-alive agent)
    # opens a new connection while an idle one stays open for 5 s, and a one-connection server
    # would wait out those 5 s each time.
    worker = ThreadPoolExecutor(max_workers=1)
    lrs = worker.submit(make_lrs, data_dir).result()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: with Nagle's algorithm on, the body waits for the
        # client's delayed ACK (~40 ms a response, most of the conformance suite's time).
        disable_nagle_algorithm = True

        def log_message(self, *args):  # the suite makes thousands of requests
            pass

        def _any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            headers = {k: v for k, v in self.headers.items()}
            auth = self.headers.get("Authorization")
            if "method=" in url.query:  # alternate request syntax: the header travels in the form
                auth = dict(parse_qsl(body.decode("utf-8", "replace"))).get("Authorization", auth)
            if auth != token and not url.path.endswith("/about"):
                status, out_headers, out = 401, {"X-Experience-API-Version": "1.0.3"}, b""
            else:
                query = dict(parse_qsl(url.query, keep_blank_values=True))
                response = worker.submit(lrs.handle, self.command, url.path, query, headers, body).result()
                status, out_headers, out = response.status, response.headers, response.body
            self.send_response(status)
            for name, value in out_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(out)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _any

        def do_OPTIONS(self):
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    return server


if __name__ == "__main__":
    srv = serve(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()
