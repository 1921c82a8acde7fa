"""Runs the kiosk (tests/powercut_child.py) under the journal, cuts the power at random moments,
and checks what survives. Used by tests/test_power_cut.py (``make test``, ``make soak``).

One *life* starts from an empty folder (a new PC: first start, key, first pack) and goes on for a
few rounds; each round starts the kiosk on what the last cut left, lets it work for a random
time, kills it, and replaces the folder with what the disk would hold (tests/powercut/model.py).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core import vault
from kiosk.core.accounts import SECRET_FILE, code_hash
from kiosk.core.admin import META_HASH, matches
from tests.conftest import REPO
from tests.powercut.model import Disk, tree
from tests.powercut_child import PIN

SOURCE = Path(__file__).with_name("journal.c")


def build_journal(out: Path) -> Path:
    """Compile the LD_PRELOAD journal (needs a C compiler: gcc, in the Makefile's TEST_PACKAGES)."""
    library = out / "journal.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", str(library), str(SOURCE), "-ldl", "-lpthread"],
                   check=True, capture_output=True)
    return library


@dataclass
class Life:
    """What the kiosk acknowledged since this PC was new."""

    key: bytes | None = None
    registered: set[str] = field(default_factory=set)
    answers: dict[tuple[str, str, str], int] = field(default_factory=dict)
    backup: str | None = None
    pack: int = 0
    pack_tries: set[int] = field(default_factory=set)
    admin: int | None = None
    admin_tries: set[int] = field(default_factory=set)


@dataclass
class Figures:
    cuts: int = 0
    acknowledged: int = 0
    lost: int = 0
    journal_records: int = 0
    names_kept_cuts: int = 0  # cuts where some unsynced name changes survived
    swaps_undone: int = 0  # cuts that found the content folder mid-swap (the kiosk undoes it)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


class PowerCuts:
    def __init__(self, work: Path, packs: Path, library: Path, manifests: dict[int, dict[str, str]],
                 seed: int, child_args: tuple[str, ...] = (), keep_names: bool = True):
        self.work, self.packs, self.library, self.manifests = work, packs, library, manifests
        self.rng = random.Random(seed)
        self.child_args = child_args
        self.keep_names = keep_names  # sometimes let some unsynced name changes survive too
        self.root = work / "root"
        self.journal = work / "journal"
        self.figures = Figures()

    def run(self, cuts: int, rounds_per_life: int = 8, until: str | None = None) -> Figures:
        """Cut ``cuts`` times. With ``until`` each round is cut just after the child prints a
        line starting so (for the proof that the test can fail), else after a random time."""
        started = time.monotonic()
        self.root.mkdir(exist_ok=True)
        env = {**os.environ, "LD_PRELOAD": str(self.library), "POWERCUT_ROOT": os.path.realpath(self.root),
               "POWERCUT_JOURNAL": str(self.journal), "PYTHONDONTWRITEBYTECODE": "1"}
        server = subprocess.Popen([sys.executable, "-m", "tests.powercut_child", "--serve"], cwd=REPO, env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            ready = server.stdout.readline().strip()
            assert ready == "READY", f"the fork server did not load the journal {self.library}: {ready}"
            while self.figures.cuts < cuts:
                shutil.rmtree(self.root)
                self.root.mkdir()
                life = Life()
                for _ in range(min(rounds_per_life, cuts - self.figures.cuts)):
                    self._round(server, life, until)
                self._check_starts(server)
        finally:
            server.stdin.close()
            server.wait(timeout=60)
        self.figures.seconds = time.monotonic() - started
        return self.figures

    # -- one cut --------------------------------------------------------------------------------
    def _start(self, server: subprocess.Popen, *extra: str) -> tuple[int, Path]:
        out = self.work / "out"
        # Emptied here, not only by the child: a cut right after the fork, before the child opens
        # them, must not leave the last run's lines to be read as this run's.
        for path in (out, Path(f"{out}.err"), self.journal):
            path.write_bytes(b"")
        # Seeds grow with each start: the child numbers its answers from seed * 1,000,000, so a
        # later answer always carries a larger number than an earlier one.
        seed = (self.figures.cuts + 1) * 1000 + self.rng.randrange(1000)
        words = [str(out), str(self.root), str(self.packs), str(seed),
                 *self.child_args, *extra]
        server.stdin.write(" ".join(words) + "\n")
        server.stdin.flush()
        return int(server.stdout.readline()), out

    def _round(self, server: subprocess.Popen, life: Life, until: str | None) -> None:
        disk = Disk(self.root)
        pid, out = self._start(server)
        if until is not None:
            _wait_for_line(out, until)
        elif life.key is None or self.rng.random() < 0.25:  # a cut while the kiosk starts
            time.sleep(self.rng.uniform(0.0, 0.8))
        else:  # a cut while it works (waiting from the start would cut mostly starts on a slow PC)
            _wait_for_line(out, "STARTED", missing_ok=True)
            time.sleep(self.rng.uniform(0.0, 0.4))
        with contextlib.suppress(ProcessLookupError):  # it stopped by itself: reported below
            os.kill(pid, signal.SIGUSR2)  # the journal kills it between two recorded calls
        code = int(server.stdout.readline())
        self.figures.cuts += 1
        self._read(out.read_text(), life)
        if code != -9:
            err = Path(f"{out}.err").read_text().strip().splitlines()[-1:]
            self.figures.problems.append(f"cut {self.figures.cuts}: the kiosk stopped by itself (exit {code}): {err}")
        disk.replay(self.journal)
        self.figures.journal_records += disk.ops
        self._check_journal_saw_everything(disk)
        cut = self.work / "cut"
        kept = self.rng.randint(0, disk.name_changes) if self.keep_names and self.rng.random() < 0.5 else 0
        disk.rebuild(cut, durable=True, names_kept=kept)
        self.figures.names_kept_cuts += kept > 0
        shutil.rmtree(self.root)
        cut.rename(self.root)
        self._check(life)

    def _read(self, out: str, life: Life) -> None:
        for line in out.splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # cut off by the kill: its action may or may not have happened
            words = line.split()
            kind = words[0]
            if kind in ("STARTED", "TRY"):
                if kind == "TRY":
                    (life.pack_tries if words[1] == "PACK" else life.admin_tries).add(int(words[2]))
                continue
            self.figures.acknowledged += 1
            if kind == "KEY":
                key = bytes.fromhex(words[1])
                if life.key is not None and key != life.key:
                    self._lost("the kiosk started with a different installation key")
                life.key = key
            elif kind == "REG":
                life.registered.add(words[1])
            elif kind == "ANS":
                life.answers[(words[1], words[2], words[3])] = int(words[4])
            elif kind == "BACKUP":
                life.backup = words[1]
            elif kind == "PACK":
                life.pack, life.pack_tries = int(words[1]), set()
            elif kind == "ADMIN":
                life.admin, life.admin_tries = int(words[1]), set()

    def _lost(self, what: str) -> None:
        self.figures.lost += 1
        self.figures.problems.append(f"cut {self.figures.cuts}: {what}")

    # -- checks ---------------------------------------------------------------------------------
    def _check_journal_saw_everything(self, disk: Disk) -> None:
        """With every change kept, the model must equal the real folder: else the journal
        missed a call and the cut would be rebuilt from a wrong picture."""
        now = self.work / "now"
        disk.rebuild(now, durable=False)
        try:
            real, modelled = tree(self.root), tree(now)
            if real != modelled:
                differ = sorted(k for k in real.keys() | modelled.keys()
                                if k not in real or k not in modelled or real[k] != modelled[k])
                kept = self.work / f"missed-{self.figures.cuts}"  # for whoever must find out why
                shutil.copytree(self.root, kept / "real")
                shutil.copyfile(self.journal, kept / "journal")
                self.figures.problems.append(
                    f"cut {self.figures.cuts}: the journal missed changes to {differ[:5]} (on disk: "
                    f"{[k in real for k in differ[:5]]}); kept in {kept}")
        finally:
            shutil.rmtree(now)

    def _check(self, life: Life) -> None:
        data, content = self.root / "data", self.root / "content"
        key_file = data / SECRET_FILE
        if life.key is not None:
            if not key_file.exists():
                return self._lost("the installation key is gone")
            if key_file.read_bytes() != life.key:
                return self._lost("the installation key changed")
        if (data / "learners.db").exists():
            self._check_database(data / "learners.db", life)
        elif life.registered or life.answers:
            self._lost("the learner database is gone")
        if life.backup and not self._intact(data / "backups" / life.backup):
            self._lost(f"the backup {life.backup} is missing or damaged")
        self._check_content(content, life)

    def _check_database(self, path: Path, life: Life) -> None:
        with closing(self._open_copy(path)) as conn:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return self._lost("the learner database failed its integrity check")
            ids = {}  # an account may exist without its REG line: the cut came just before it
            for code in life.registered | {code for code, _, _ in life.answers}:
                row = conn.execute("SELECT id FROM learners WHERE code_hash = ?",
                                   (code_hash(life.key, code),)).fetchone()
                if row is None:
                    self._lost(f"the account {code} is gone")
                else:
                    ids[code] = row[0]
            for (code, module, step), counter in life.answers.items():
                if code not in ids:
                    continue
                row = conn.execute("SELECT answer FROM progress WHERE learner_id = ? AND module_id = ? "
                                   "AND step_id = ?", (ids[code], module, step)).fetchone()
                if row is None:
                    self._lost(f"the answer {code} {module} {step} is gone")
                    continue
                key = _session_key(life.key, ids[code])
                answer = vault.open_answer(key, json.loads(row[0]), vault.where(module, step))  # sealed at rest
                if isinstance(answer, dict) and answer.get(vault.UNREADABLE):
                    self._lost(f"the answer {code} {module} {step} no longer opens")
                text = answer.get("text") or answer.get("comment") if isinstance(answer, dict) else None
                if text and int(text.split()[1]) < counter:
                    self._lost(f"the answer {code} {module} {step} went back to an older one")
            if life.admin_tries or life.admin is not None:
                row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_HASH,)).fetchone()
                allowed = life.admin_tries | ({life.admin} if life.admin is not None else set())
                found = next((n for n in sorted(allowed) if row and matches(f"passphrase number {n}", row[0])), None)
                if found is None and life.admin is not None:
                    self._lost("the admin passphrase went back to an older one")
                elif found is not None:
                    life.admin, life.admin_tries = found, set()

    def _open_copy(self, path: Path) -> sqlite3.Connection:
        """A connection to a copy of the database and its WAL, so that SQLite's recovery of the
        WAL happens in the copy and the next round starts from exactly what the cut left."""
        folder = self.work / "check"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for suffix in ("", "-wal", "-journal"):
            if Path(f"{path}{suffix}").exists():
                shutil.copyfile(f"{path}{suffix}", folder / f"copy.db{suffix}")
        return sqlite3.connect(folder / "copy.db")

    def _intact(self, path: Path) -> bool:
        if not path.exists():
            return False
        try:
            with closing(self._open_copy(path)) as conn:
                return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.Error:
            return False

    def _check_content(self, content: Path, life: Life) -> None:
        """The content is exactly one pack version (the acknowledged one or one being installed),
        and so is the kept previous version; never a mix."""
        previous = content.with_name("content.previous")
        if not content.exists() and (previous / "programme.yaml").exists():
            content = previous  # the kiosk's start puts it back (content/swap.py), then the check
            self.figures.swaps_undone += 1
        record = content / ".tip-pack.json"
        if not record.exists():
            if life.pack:
                self._lost("the content is gone")
            return
        version = json.loads(record.read_text())["version"]
        if version != life.pack and version not in life.pack_tries:
            self._lost(f"the content is version {version}; version {life.pack} was installed")
        for folder in {content, previous}:
            if folder.exists():
                if not (folder / ".tip-pack.json").exists():
                    self._lost(f"{folder.name} has no pack record")
                    continue
                found = {k: v for k, v in tree(folder).items() if v is not None and k != ".tip-pack.json"}
                wanted = self.manifests[json.loads((folder / ".tip-pack.json").read_text())["version"]]
                if {k: _sha(v) for k, v in found.items()} != wanted:
                    self._lost(f"{folder.name} mixes pack versions or misses files")
        life.pack, life.pack_tries = version, set()

    def _check_starts(self, server: subprocess.Popen) -> None:
        """After the last cut of a life the kiosk must start (the next round's start checks the others)."""
        pid, out = self._start(server, "--check")
        code = int(server.stdout.readline())
        if code != 0 or "STARTED" not in out.read_text():
            err = Path(f"{out}.err").read_text().strip().splitlines()[-1:]
            self.figures.problems.append(f"after cut {self.figures.cuts} the kiosk did not start: {err}")
            self.figures.lost += 1


def _wait_for_line(out: Path, prefix: str, timeout: float = 60.0, missing_ok: bool = False) -> None:
    """Until the child prints a line starting with ``prefix`` (or, if ``missing_ok``, stops)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = out.read_text() if out.exists() else ""
        if any(line.startswith(prefix) for line in text.splitlines()):
            return
        if missing_ok and Path(f"{out}.err").exists() and Path(f"{out}.err").stat().st_size:
            return  # it failed: reported when it has ended
        time.sleep(0.005)
    raise AssertionError(f"the kiosk never printed {prefix}")


@functools.lru_cache(maxsize=64)
def _session_key(installation_key: bytes, learner_id: int) -> vault.VaultKey:
    """The learner's answer key, derived once per life and learner: each derivation is one
    deliberately slow scrypt (~70 ms), and the check opens every acknowledged answer after every
    cut, which made the derivations most of the test's time."""
    return vault.session_key(installation_key, learner_id, PIN)


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
