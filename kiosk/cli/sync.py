"""``tip-kiosk sync``, ``tip-kiosk outbox`` and ``tip-kiosk simulate``: thin handlers over core."""

from __future__ import annotations

import argparse
import json
import time
from typing import TYPE_CHECKING

from kiosk.cli.common import Commands, add_common, settings_from, share_config

if TYPE_CHECKING:
    from kiosk.core.config import Settings
    from kiosk.core.sync import SyncReport


def register(commands: Commands) -> None:
    sync = commands.add_parser("sync", help="send anonymised records to the organisation's LRS")
    add_common(sync)
    sync.add_argument("--once", action="store_true",
                      help="one attempt, then exit: 0 if everything was delivered, 1 otherwise")

    box = commands.add_parser("outbox", help="show what waits to be sent, and what the LRS refused")
    add_common(box)
    box.add_argument("--json", action="store_true", help="machine-readable output")
    box.add_argument("--limit", type=int, default=20, metavar="N", help="records listed per state (20)")
    box.add_argument("--requeue", action="store_true",
                     help="put records the LRS refused back in the queue (after fixing the cause)")

    sim = commands.add_parser("simulate", help="generate realistic learner activity (demos, load tests)")
    add_common(sim)
    sim.add_argument("--learners", type=int, required=True, metavar="N")
    sim.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same activity (1)")
    for parser in (sync, box, sim):
        parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.core.logsetup import setup_logging

    share_config(args)
    settings = settings_from(args)
    setup_logging(settings.data_dir, settings.log_level)
    handler = {"sync": _sync, "outbox": _outbox, "simulate": _simulate}[args.command]
    return handler(args, settings)


# -- sync ----------------------------------------------------------------------------------------
def _sync(args: argparse.Namespace, settings: Settings) -> int:
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


def _summary(report: SyncReport) -> str:
    lines = [report.message]
    lines.append(f"Delivered now: {report.delivered}. Waiting: {report.pending}. "
                 f"Set aside (refused by the LRS): {report.quarantined_total}.")
    if report.pooled:
        lines.append(f"Waiting to be mixed (unlinked; sent after their day ends, not a problem): {report.pooled}.")
    if report.quarantined_total:
        lines.append("Run `tip-kiosk outbox` to see why records were set aside.")
    return "\n".join(lines)


# -- outbox --------------------------------------------------------------------------------------
def _outbox(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import asdict

    from kiosk.core.store import open_store
    from kiosk.core.sync import sync_status

    store, _ = open_store(settings.data_dir)
    try:
        if args.requeue:
            print(f"{store.outbox.requeue_quarantined()} records put back in the queue.")
        status = sync_status(store)
        pending = store.outbox.listing("pending", args.limit)
        quarantined = store.outbox.listing("quarantined", args.limit)
        pooled = store.pool.days()
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
def _simulate(args: argparse.Namespace, settings: Settings) -> int:
    """Learners signing in and working through modules, through the same core code as the screens."""
    from kiosk.core.content import load_programme
    from kiosk.core.errors import ContentError
    from kiosk.core.simulator import simulate
    from kiosk.core.store import open_store

    programme = load_programme(settings.content_dir)
    if not programme.available:
        raise ContentError(list(programme.problems) or [f"No module could be loaded from {settings.content_dir}."])
    store, _ = open_store(settings.data_dir)
    try:
        tally = simulate(settings, store, programme, args.learners, args.seed)
    finally:
        store.close()
    queued = tally.pop("records queued")
    print(f"Simulated {args.learners} learners (seed {args.seed}): " +
          ", ".join(f"{n} {what}" for what, n in sorted(tally.items())) + f"; {queued} records queued.")
    return 0
