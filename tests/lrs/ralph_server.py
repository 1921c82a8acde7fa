"""A real LRS on 127.0.0.1 for tests and benchmarks: Ralph, run from its own venv.

``python -m tests.lrs.ralph_server`` makes (or refreshes) that venv; ``make test`` runs it, and the
fixture does too when the venv is missing or out of date, so a fresh machine needs nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
REQUIREMENTS = HERE / "requirements.txt"
VENV = Path(os.environ.get("KIOSK_TEST_RALPH_VENV", REPO / ".venv-ralph"))
MARKER = ".installed"


def ensure_venv(venv: Path = VENV) -> Path:
    """The Python of a venv holding exactly tests/lrs/requirements.txt; made if missing or stale."""
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    marker = venv / MARKER
    if python.exists() and marker.exists() and marker.read_text().strip() == wanted:
        return python
    print(f"Setting up Ralph (the test LRS) in {venv} ...", file=sys.stderr, flush=True)
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(REQUIREMENTS)], check=True)
    marker.write_text(wanted)
    return python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Ralph:
    """One Ralph LRS process with a file-system backend in ``folder``.

    Args:
        folder: where Ralph keeps its credentials, statements and log.
        python: .venv-ralph's interpreter (``ensure_venv``).
    """

    key = "kiosk"
    secret = "lrs-test-secret-5e2b"

    def __init__(self, folder: Path, python: Path):
        self.folder = Path(folder)
        self.python = python
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.env = {**os.environ,
                    "RALPH_APP_DIR": str(self.folder / "app"),
                    "RALPH_RUNSERVER_BACKEND": "fs",
                    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "statements")}
        for sub in ("app", "statements"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI"

    @property
    def statements_file(self) -> Path:
        return self.folder / "statements" / "fs_lrs.jsonl"

    def start(self, timeout: float = 60.0) -> Ralph:
        if not (self.folder / "app" / "auth.json").exists():
            ralph_cli = self.python.parent / "ralph"
            subprocess.run([str(ralph_cli), "auth", "-u", self.key, "-p", self.secret, "-s", "all",
                            "-A", "tip-kiosk-tests", "https://tip-kiosk.invalid", "-w"],
                           env=self.env, check=True, capture_output=True)
        with open(self.folder / "ralph.log", "ab") as log:
            self.process = subprocess.Popen([str(self.python), str(HERE / "run_ralph.py"), str(self.port)],
                                            env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Ralph stopped at start-up:\n" + self.log_text())
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__lbheartbeat__", timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Ralph did not answer within {timeout} s:\n" + self.log_text())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def statements(self) -> list[dict]:
        """Every statement Ralph holds, in the order it stored them (duplicates included)."""
        if not self.statements_file.exists():
            return []
        with open(self.statements_file, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def log_text(self) -> str:
        path = self.folder / "ralph.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def validate(self, statements: list[dict]) -> subprocess.CompletedProcess:
        """Check statements with Ralph's own pydantic xAPI model (in Ralph's venv)."""
        return subprocess.run([str(self.python), str(HERE / "validate_statements.py")],
                              input=json.dumps(statements), text=True, capture_output=True, env=self.env)


if __name__ == "__main__":
    print(ensure_venv())
