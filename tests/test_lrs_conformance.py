"""The local LRS against ADL's xAPI LRS conformance suite (../shared/corpus/lrs-conformance-test-suite,
MIT), the tests LRS vendors run. The suite speaks HTTP, so for this test only the handler sits
behind a loopback server with Basic auth (tests/lrs_adapter.py); the kiosk itself never opens a
socket for it.

The suite is copied (it is read-only) with its npm dependencies into .cache/lrs-suite-<hash of its
package.json>, so a machine installs it once. Every test of the xAPI 1.0.3 battery must pass except
those in ``SKIPS`` (each with its reason, also listed in docs/standard-content.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.lrs_adapter import PASSWORD, USER

SUITE = REPO.parent / "shared" / "corpus" / "lrs-conformance-test-suite"
CACHE = REPO / ".cache"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1800),  # under a minute for the suite, plus npm install on a machine's first run
    pytest.mark.skipif(not SUITE.is_dir(), reason=f"the LRS conformance suite is not here ({SUITE})"),
]

SKIPS: dict[str, str] = {
    # title (a regular expression on "suite :: test") -> why it may fail. Empty: every test of the
    # 1.0.3 battery passes. Keep docs/standard-content.md in step with this list.
}


def _suite_copy() -> Path:
    """The suite with node_modules, installed once per machine (keyed by its package.json)."""
    key = hashlib.sha1((SUITE / "package.json").read_bytes()).hexdigest()[:12]
    target = CACHE / f"lrs-suite-{key}"
    if (target / ".installed").is_file():
        return target
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("node/npm are not installed, so the conformance suite cannot run")
    partial = CACHE / f"lrs-suite-{key}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(SUITE, partial, ignore=shutil.ignore_patterns("node_modules", "logs"))
    for path in partial.rglob("*"):  # the corpus is read-only; the copy must be writable
        path.chmod(path.stat().st_mode | 0o200)
    partial.chmod(partial.stat().st_mode | 0o200)
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=partial, capture_output=True,
                          text=True, timeout=900)
    if done.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        pytest.skip(f"npm could not install the suite's dependencies: {done.stderr.strip()[-300:]}")
    (partial / ".installed").write_text("npm install done\n")
    if target.exists():  # another run finished first
        shutil.rmtree(partial, ignore_errors=True)
    else:
        partial.rename(target)
    return target


def _start_adapter(data_dir: Path) -> tuple[subprocess.Popen, int]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.lrs_adapter", str(data_dir), "0"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.isdigit():
        proc.kill()
        raise AssertionError(f"the loopback adapter did not start: {line} {proc.stderr.read()[-2000:]}")
    return proc, int(line)


def _leaves(node: dict, path: tuple[str, ...] = ()):
    tests = node.get("tests") or []
    if not tests:
        yield " :: ".join(p for p in path if p), node.get("status"), node.get("error") or ""
        return
    for child in tests:
        yield from _leaves(child, (*path, node.get("title") or ""))


def test_the_local_lrs_passes_the_xapi_1_0_3_conformance_suite(tmp_path):
    suite = _suite_copy()
    proc, port = _start_adapter(tmp_path)
    started = time.monotonic()
    try:
        run = subprocess.run(
            ["node", "bin/console_runner.js", "-e", f"http://127.0.0.1:{port}/xapi", "-a", "-u", USER, "-p", PASSWORD,
             "-x", "1.0.3"], cwd=suite, capture_output=True, text=True, timeout=1200)
    finally:
        proc.kill()
        proc.wait()
    elapsed = time.monotonic() - started
    found = re.search(r"Full run log written to (\S+)", run.stdout)
    assert found, f"the suite did not finish: {run.stdout[-2000:]} {run.stderr[-2000:]}"
    log = json.loads(Path(found.group(1)).read_text())
    Path(found.group(1)).unlink()
    leaves = list(_leaves(log["log"], ()))
    failed = [(title, error) for title, status, error in leaves if status == "failed"]
    unexpected = [(t, e) for t, e in failed if not any(re.search(p, t) for p in SKIPS)]
    passed = sum(1 for _, status, _ in leaves if status == "passed")
    print(f"conformance: {passed} passed, {len(failed)} failed ({len(failed) - len(unexpected)} listed skips) "
          f"of {len(leaves)} in {elapsed:.0f} s")
    assert passed > 1000, f"the suite ran too few tests ({passed}); output: {run.stdout[-1500:]}"
    assert not unexpected, "\n".join(f"{t}\n    {e[:300]}" for t, e in unexpected)
