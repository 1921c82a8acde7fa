"""``tip-kiosk sync``, ``tip-kiosk outbox`` and ``tip-kiosk simulate``: thin handlers over core."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from typing import Any, Callable

COMMANDS = ("sync", "outbox", "simulate")
SIMULATED_PIN = "583920"  # every simulated learner's (a PIN the rules accept)


def add_commands(commands: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    sync = commands.add_parser("sync", help="send anonymised records to the organisation's LRS")
    common(sync)
    sync.add_argument("--once", action="store_true",
                      help="one attempt, then exit: 0 if everything was delivered, 1 otherwise")

    box = commands.add_parser("outbox", help="show what waits to be sent, and what the LRS refused")
    common(box)
    box.add_argument("--json", action="store_true", help="machine-readable output")
    box.add_argument("--limit", type=int, default=20, metavar="N", help="records listed per state (20)")
    box.add_argument("--requeue", action="store_true",
                     help="put records the LRS refused back in the queue (after fixing the cause)")

    sim = commands.add_parser("simulate", help="generate realistic learner activity (demos, load tests)")
    common(sim)
    sim.add_argument("--learners", type=int, required=True, metavar="N")
    sim.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same activity (1)")


def run(args: argparse.Namespace, settings: Any) -> int:
    from kiosk.core.logsetup import setup_logging

    setup_logging(settings.data_dir, settings.log_level)
    handler = {"sync": _sync, "outbox": _outbox, "simulate": _simulate}[args.command]
    return handler(args, settings)


# -- sync ----------------------------------------------------------------------------------------
def _sync(args: argparse.Namespace, settings: Any) -> int:
    from kiosk.core.errors import ConfigError
    from kiosk.core.store import open_store
    from kiosk.core.sync import SyncConfig, SyncEngine

    config = SyncConfig.from_settings(settings)
    if config is None:
        raise ConfigError("No LRS is configured (sync_endpoint), so there is nowhere to send records.")
    store, _ = open_store(settings.data_dir)
    try:
        engine = SyncEngine(store, config)
        while True:
            report = engine.run_once()
            print(_summary(report))
            if args.once:
                return 0 if report.everything_delivered else 1
            time.sleep(settings.sync_interval_minutes * 60)
    except KeyboardInterrupt:
        return 1
    finally:
        store.close()


def _summary(report: Any) -> str:
    lines = [report.message]
    lines.append(f"Delivered now: {report.delivered}. Waiting: {report.pending}. "
                 f"Set aside (refused by the LRS): {report.quarantined_total}.")
    if report.pooled:
        lines.append(f"Waiting to be mixed (unlinked; sent after their day ends, not a problem): {report.pooled}.")
    if report.quarantined_total:
        lines.append("Run `tip-kiosk outbox` to see why records were set aside.")
    return "\n".join(lines)


# -- outbox --------------------------------------------------------------------------------------
def _outbox(args: argparse.Namespace, settings: Any) -> int:
    from dataclasses import asdict

    from kiosk.core.store import open_store, outbox, pool
    from kiosk.core.sync import sync_status

    store, _ = open_store(settings.data_dir)
    try:
        if args.requeue:
            print(f"{outbox.requeue_quarantined(store)} records put back in the queue.")
        status = sync_status(store)
        pending = outbox.listing(store, "pending", args.limit)
        quarantined = outbox.listing(store, "quarantined", args.limit)
        pooled = pool.days(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"status": asdict(status), "pending": [asdict(r) for r in pending],
                          "quarantined": [asdict(r) for r in quarantined],
                          "waiting_to_be_mixed": [asdict(d) for d in pooled]}, indent=2))
        return 0
    print(f"Waiting to be sent: {status.pending}")
    print(f"Waiting to be mixed (unlinked; sent after their day ends): {status.pooled}")
    print(f"Set aside (refused by the LRS): {status.quarantined}")
    print(f"Delivered and kept for now: {status.delivered}")
    print(f"Last successful sync: {status.last_success or 'never'}")
    print(f"Last attempt: {status.last_attempt or 'never'}")
    if status.last_error:
        print(f"Last problem: {status.last_error}")
    if pooled:
        print("\nWaiting to be mixed, by day (UTC; each leaves after its day has ended):")
        for day in pooled:
            print(f"  {day.day}  {day.statements} statements from {day.learners} learners")
    for title, rows in (("Waiting", pending), ("Set aside", quarantined)):
        if rows:
            print(f"\n{title} (first {len(rows)}):")
            for row in rows:
                note = f"  {row.last_error}" if row.last_error else ""
                print(f"  {row.id}  {row.kind:<10} {row.created_day}  tries: {row.attempts}{note}")
    return 0


# -- simulate ------------------------------------------------------------------------------------
def _simulate(args: argparse.Namespace, settings: Any) -> int:
    """Learners signing in and working through modules, through the same core code as the screens."""
    from kiosk.core.content import KnowledgeCheckStep, ReflectionStep, SurveyStep, VideoStep, load_programme
    from kiosk.core.errors import ContentError
    from kiosk.core.learning import Learning
    from kiosk.core.records import make_record_maker
    from kiosk.core.store import open_store

    programme = load_programme(settings.content_dir)
    if not programme.available:
        raise ContentError(list(programme.problems) or [f"No module could be loaded from {settings.content_dir}."])
    store, _ = open_store(settings.data_dir)
    rng = random.Random(args.seed)
    tally: Counter[str] = Counter()
    before = _queued(store)
    try:
        accounts = _accounts(settings, store)
        records = make_record_maker(settings, programme.id, store.module_progress)
        codes: set[str] = set()
        for _ in range(args.learners):
            code = _staff_number(rng, codes)
            # Asked first, not tried: registering a code that has an account spends the kiosk's
            # guessing budget. Registered by an earlier run with the same seed: they come back.
            if not accounts.has_account(code):
                accounts.register(code, SIMULATED_PIN)
                tally["registrations"] += 1
            for _visit in range(rng.randint(1, 3)):  # sign-ins: people come back another day
                learner = accounts.sign_in(code, SIMULATED_PIN)
                tally["sign-ins"] += 1
                learning = Learning(store, programme, learner, records)
                chosen = learning.suggested()
                if chosen is None:
                    break
                run_ = learning.open(chosen.module.id)
                for _step in range(len(run_.module.steps) * 2):
                    step = run_.step
                    if isinstance(step, KnowledgeCheckStep):
                        if rng.random() < 0.3:  # a first answer that is not quite right
                            run_.submit_check({rng.randrange(len(step.options))})
                        run_.submit_check(set(step.correct))
                        tally["checks"] += 1
                    elif isinstance(step, ReflectionStep) and rng.random() < 0.6:
                        run_.save_reflection("A simulated reflection that stays on this PC.")
                        tally["reflections"] += 1
                    elif isinstance(step, SurveyStep):
                        run_.save_survey({q.id: rng.randint(2, 5) for q in step.questions}, "")
                        tally["surveys"] += 1
                    elif isinstance(step, VideoStep):
                        _watch(run_)
                    tally["steps"] += 1
                    if run_.is_last:
                        if run_.finish():
                            tally["completions"] += 1
                        break
                    if rng.random() < 0.1:  # stopped part-way; the next visit resumes here
                        break
                    run_.next()
    finally:
        queued = _queued(store) - before
        store.close()
    print(f"Simulated {args.learners} learners (seed {args.seed}): " +
          ", ".join(f"{n} {what}" for what, n in sorted(tally.items())) + f"; {queued} records queued.")
    return 0


def _queued(store: Any) -> int:
    """Records waiting to leave: in the outbox, or in the pool of unlinked ones."""
    from kiosk.core.store import outbox

    counts = outbox.counts(store)
    return counts.pending + counts.pooled


def _accounts(settings: Any, store: Any):
    from kiosk.core.accounts import Accounts
    from kiosk.core.keystore import installation_key, organisation_key
    from kiosk.core.privacy import pseudonymiser

    secret = organisation_key(settings)
    pseudonymise = pseudonymiser(secret) if secret and settings.sync_privacy_mode == "pseudonymous" else None
    # No lockout waits: the simulator always types the right PIN.
    return Accounts(store, installation_key(settings), settings=settings, pseudonymise=pseudonymise)


def _staff_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = f"{rng.randrange(1_000_000, 10_000_000)}"
        if code not in taken:
            taken.add(code)
            return code


def _watch(run_: Any) -> None:
    """Watch the current video from start to end, as the player reports a full play-through."""
    step = run_.step
    run_.record_watched(step, [(0.0, float(step.duration_seconds))], float(step.duration_seconds))


if __name__ == "__main__":  # pragma: no cover
    sys.exit("Use the tip-kiosk command.")
