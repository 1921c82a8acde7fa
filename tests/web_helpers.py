"""Helpers for the web view tests: packages described without the manifest reader, a stand-in
for the learner path's package methods (for tests of the sandbox itself, which is about what
the page can reach, not about what the store keeps), a loopback canary server, and a way to run
JavaScript and wait for its answer."""

from __future__ import annotations

import http.server
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.elearning import Package, Sco


def scorm12(root: Path, mastery: float | None = 0.8) -> Package:
    return Package("scorm_1.2", root, "Test course 1.2", (Sco("item-1", "Test course 1.2", "index.html",
                                                                mastery_score=mastery),))


def scorm2004(root: Path, two: bool = False) -> Package:
    if two:
        scos = (Sco("item-1", "Part 1", "sco1/index.html", mastery_score=0.8),
                Sco("item-2", "Part 2", "sco2/index.html", mastery_score=0.8))
    else:
        scos = (Sco("item-1", "Test course 2004", "index.html", mastery_score=0.8),)
    return Package("scorm_2004", root, "Test course 2004", scos)


def h5p(root: Path) -> Package:
    return Package("h5p", root, "Test H5P", (Sco("content", "Test H5P", "h5p.json"),), h5p_main_library="H5P.TipTest")


@dataclass
class Outcome:
    result: Any = None
    step_done: bool = False
    newly_done: bool = False
    next_sco: str | None = None


@dataclass
class NavItem:
    id: str
    title: str
    enabled: bool = True
    hidden: bool = False
    status: str = ""


@dataclass
class RecordingRun:
    """Keeps commits in memory, in the shape of ModuleRun's package methods; launches SCOs in
    order. Only for tests of the sandbox and the player pages."""

    module: Any
    saved: dict[str, dict] = field(default_factory=dict)
    commits: list[tuple[str, dict, bool]] = field(default_factory=list)
    """(SCO id, cmi, final) for each stored commit."""
    bodies: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)
    h5p_data: str | None = None
    launches: list[tuple[str, str | None]] = field(default_factory=list)
    position: int = -1

    def package_state(self, step):
        """As the learner path gives it: {"cmi": ...} with entry set from the saved exit."""
        state = {}
        for sco, saved in self.saved.items():
            cmi = json.loads(json.dumps(saved))
            is2004 = "learner_id" in cmi or "completion_status" in cmi
            core = cmi if is2004 else cmi.setdefault("core", {})
            core["entry"] = "resume" if core.pop("exit", "") == "suspend" else ""
            state[sco] = {"cmi": cmi}
        return state

    def commit_package(self, step, sco_id, body, *, final=False):
        from kiosk.core.errors import KioskError

        cmi = body["cmi"]
        if len(str(cmi.get("suspend_data", ""))) > 64000:
            raise KioskError("suspend_data is too long")
        self.saved[sco_id] = cmi
        self.commits.append((sco_id, cmi, final))
        self.bodies.append(body)
        return Outcome()

    def package_launch(self, step, request="start", target=None):
        self.launches.append((request, target))
        scos = self.module.packages[step.id].scos
        if request == "start":
            self.position = 0
        elif request == "continue":
            self.position += 1
        elif request == "previous":
            self.position -= 1
        elif request == "choice":
            self.position = [sco.id for sco in scos].index(target)
        return scos[self.position].id if 0 <= self.position < len(scos) else None

    def package_navigation(self, step):
        return [NavItem(sco.id, sco.title) for sco in self.module.packages[step.id].scos]

    def package_moves(self, step):
        count = len(self.module.packages[step.id].scos)
        return self.position > 0, 0 <= self.position < count - 1

    def h5p_event(self, step, statement):
        self.statements.append(statement)
        return Outcome()

    def h5p_state(self, step):
        return self.h5p_data

    def save_h5p_state(self, step, data):
        self.h5p_data = data

    def package_learner(self):
        return "learner-7f3a", "Learner"


@dataclass
class FakeModule:
    id: str
    packages: dict[str, Package]
    title: str = "Module"
    steps: tuple = ()


class Canary:
    """An HTTP server on 127.0.0.1 that counts every request it gets (it must get none)."""

    def __init__(self):
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                hits.append((self.command, self.path))
                self.send_response(200)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(b"canary")

            do_GET = do_POST = do_PUT = do_OPTIONS = _any

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def js(qtbot, page, script: str, timeout: int = 5000):
    """Run ``script`` in the page's main frame and return its value."""
    box: list[Any] = []
    page.runJavaScript(script, 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return box[0]


def in_sco(script: str) -> str:
    """``script`` evaluated in the SCO's frame (same origin as the player)."""
    return f"document.getElementById('sco').contentWindow.eval({script!r})"


def wait_sco(qtbot, page, timeout: int = 10000) -> None:
    """Until the SCO in the player's frame has started (its tipTest object exists)."""
    def ready():
        return js(qtbot, page, "(function(){try{return !!document.getElementById('sco').contentWindow.tipTest}"
                               "catch(e){return false}})()") is True
    qtbot.waitUntil(ready, timeout=timeout)


def real_run(tmp_path: Path, package_file: Path, code: str = "LEARNER-1", data_dir: Path | None = None):
    """A real ModuleRun on a real store for a programme holding ``package_file`` as its second
    module (added with the importer, as ``tip-kiosk content add`` does), and its package step.
    Returns (run, step, store); close the store when done."""
    from kiosk.core.accounts import Accounts, installation_secret
    from kiosk.core.content import PackageStep, load_programme
    from kiosk.core.elearning.importer import add_package
    from kiosk.core.errors import SignInError
    from kiosk.core.learning import Learning
    from kiosk.core.store import open_store
    from tests.helpers import write_programme

    content = tmp_path / "content"
    if not (content / "programme.yaml").exists():
        write_programme(content, modules=1)
        add_package(package_file, content, module_id="package-module", transcode=False)
    data_dir = data_dir or tmp_path / "data"
    data_dir.mkdir(exist_ok=True)
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    try:
        learner = accounts.sign_in(code, "482915")
    except SignInError:
        learner = accounts.register(code, "482915")
    programme = load_programme(content)
    run = Learning(store, programme, learner).open("package-module")
    step = next(s for s in run.module.steps if isinstance(s, PackageStep))
    return run, step, store
