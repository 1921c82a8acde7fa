"""A kiosk doing everything that writes to disk, for the power-cut test (tests/test_power_cut.py).

Usage: python -m tests.powercut_child ROOT PACKS SEED [--check] [--drop-data-dir-sync]
       python -m tests.powercut_child --serve

``--serve`` is a fork server, so a cut does not wait for Python to start and import the kiosk
each time: it reads ``OUT ARGS...`` lines, forks a child that runs with ARGS and writes its lines
to OUT (its errors to OUT.err), answers the child's pid, and when it ends, its exit code.

ROOT holds ``data/`` (the learner data folder) and ``content/`` (the content folder); PACKS holds
signed packs ``pack-v<N>.zip`` and ``trusted.pub``. The child starts the way the kiosk starts
(undo an interrupted swap, open the store, the installation key, the accounts, the content; the
first pack is imported if there is no content yet), prints ``STARTED``, then does random actions
until it is killed. After each action returns (the kiosk would now say it is saved) it prints one
line, and before an action whose result the parent must recognise it prints ``TRY``:

    KEY <hex>                  the installation key in use
    REG <code>                 a learner or trainer account exists
    ANS <code> <module> <step> <counter>   an answer is saved
    BACKUP <name>              a backup is in backups/
    TRY PACK <v> / PACK <v>    content version v is installed (import or rollback)
    TRY ADMIN <n> / ADMIN <n>  the admin passphrase is "passphrase number <n>"

``--check`` stops after STARTED. ``--drop-data-dir-sync`` makes the durability helper skip the
fsync of the data folder, to show that the test notices a missing folder fsync.
"""

from __future__ import annotations

import importlib
import os
import random
import sys
from pathlib import Path

from kiosk.core import accounts as accounts_module, admin as admin_module, durable
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.admin import AdminGate
from kiosk.core.content import KnowledgeCheckStep, ReflectionStep, SurveyStep, load_programme
from kiosk.core.content.swap import recover_interrupted
from kiosk.core.errors import SignInError
from kiosk.core.learning import Learning
from kiosk.core.packs import import_pack, read_installed, rollback
from kiosk.core.store import backup, open_store
from tests.crash_child import records

PIN = "482915"


def say(*words: object) -> None:
    print(*words, flush=True)


def main(argv: list[str]) -> None:
    root, packs, seed = Path(argv[0]), Path(argv[1]), int(argv[2])
    # Cheaper PIN and passphrase hashes (the cost is read back from each stored hash), so that
    # the cuts land among writes rather than in scrypt.
    accounts_module._SCRYPT = admin_module._SCRYPT = {"n": 2**8, "r": 8, "p": 1}
    data, content = root / "data", root / "content"
    if "--drop-data-dir-sync" in argv:
        real, skipped = durable.sync_dir, os.path.realpath(data)
        durable.sync_dir = lambda folder: None if os.path.realpath(folder) == skipped else real(folder)
    rng = random.Random(seed)
    trusted = [(packs / "trusted.pub").read_text().strip()]

    recover_interrupted(content)
    store, _ = open_store(data)
    secret = installation_secret(data)
    say("KEY", secret.hex())
    accounts = Accounts(store, secret)
    if not (content / ".tip-pack.json").exists():
        say("TRY PACK 1")
        import_pack(packs / "pack-v1.zip", content, trusted)
        say("PACK 1")
    programme = load_programme(content)
    assert not programme.problems, programme.problems
    say("STARTED")
    if "--check" in argv:
        return
    gate = AdminGate(store)
    counter = seed * 1_000_000
    while True:
        action = rng.choices(["learn", "backup", "pack", "rollback", "admin", "trainer"],
                             weights=[12, 2, 2, 1, 1, 1])[0]
        if action == "learn":
            code = f"LEARNER{rng.randrange(3)}"
            try:
                learner = accounts.sign_in(code, PIN)
            except SignInError:
                learner = accounts.register(code, PIN)
                say("REG", code)
            learning = Learning(store, programme, learner, records)
            module = rng.choice(learning.programme.available)
            run = learning.open(module.id)
            for _ in range(30):
                counter += 1
                run.go_to(rng.randrange(len(module.steps)))
                step = run.step
                if isinstance(step, ReflectionStep):
                    run.save_reflection(f"entry {counter}")
                elif isinstance(step, SurveyStep):
                    run.save_survey({step.questions[0].id: rng.randint(1, 5)}, f"entry {counter}")
                elif isinstance(step, KnowledgeCheckStep):
                    run.submit_check({rng.randrange(len(step.options))})
                else:
                    run.next()
                    continue
                say("ANS", code, module.id, step.id, counter)
        elif action == "backup":
            say("BACKUP", backup(store.conn, data).name)
        elif action == "pack":
            version = read_installed(content).version + 1
            if (packs / f"pack-v{version}.zip").exists():
                say("TRY PACK", version)
                import_pack(packs / f"pack-v{version}.zip", content, trusted)
                say("PACK", version)
        elif action == "rollback":
            previous = content.with_name(content.name + ".previous")
            if (previous / ".tip-pack.json").exists():
                version = read_installed(previous).version
                say("TRY PACK", version)
                rollback(content)
                say("PACK", version)
        elif action == "admin":
            counter += 1
            say("TRY ADMIN", counter)
            gate.set_passphrase(f"passphrase number {counter}")
            say("ADMIN", counter)
        else:
            code = f"TRAINER{rng.randrange(1000)}"
            try:
                accounts.register(code, PIN, role="trainer")
            except SignInError:
                continue  # that code is taken already
            say("REG", code)


def serve() -> None:
    importlib.import_module("sqlite_utils")  # the first start's migration imports it: do it once here

    # Without the journal the test would check nothing: say so rather than run unrecorded.
    loaded = os.environ.get("LD_PRELOAD", "") in Path("/proc/self/maps").read_text()
    print("READY" if loaded and os.environ.get("LD_PRELOAD") else "NO JOURNAL", flush=True)

    for line in sys.stdin:
        out, *argv = line.split()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
                os.dup2(os.open(out + ".err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
                main(argv)
                code = 0
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        print(pid, flush=True)
        print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)


if __name__ == "__main__":
    serve() if sys.argv[1:] == ["--serve"] else main(sys.argv[1:])
