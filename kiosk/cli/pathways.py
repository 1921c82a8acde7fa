"""``tip-kiosk trainer pathways`` and ``tip-kiosk trainer assign-pathway``: the programme's
pathways with how many learners follow each, and a trainer choosing a learner's pathway (the
learner sees it at their next sign-in and can still change it). Actions of the trainer command
(trainer.py). Thin: core does the work."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from kiosk.cli.common import Commands, add_common
from kiosk.core.errors import KioskError

if TYPE_CHECKING:
    from kiosk.core.accounts import Accounts
    from kiosk.core.config import Settings
    from kiosk.core.store import Store

ACTIONS = ("pathways", "assign-pathway")


def add_actions(actions: Commands) -> list[argparse.ArgumentParser]:
    """Add the two actions; returns those to which the trainer command adds its common options
    and --stdin."""
    add_common(actions.add_parser("pathways", help="list the programme's pathways and how many learners follow "
                                                   "each"))
    assign = actions.add_parser("assign-pathway", help="choose a learner's pathway for them (they can change it)")
    assign.add_argument("pathway", metavar="PATHWAY", help="the pathway's id, as 'trainer pathways' lists it")
    return [assign]


def run_action(args: argparse.Namespace, settings: Settings, store: Store, accounts: Accounts,
               ask: Callable[[str], str], out: TextIO) -> int:
    from kiosk.core import pathways
    from kiosk.core.content import load_programme

    programme = load_programme(settings.content_dir)
    if not programme.pathways:
        raise KioskError("This programme has no pathways: every learner follows all its modules in order.")
    if args.trainer_command == "pathways":
        counts = store.pathways.pathway_counts()
        for pathway in programme.pathways:
            modules = len(pathways.pathway_modules(programme, pathway))
            print(f"{pathway.id:<24} {pathway.level:<16} {modules:>2} modules  "
                  f"{counts.get(pathway.id, 0):>4} learners  {pathway.title}", file=out)
        return 0
    chosen = programme.pathway(args.pathway)
    if chosen is None:
        known = ", ".join(p.id for p in programme.pathways)
        raise KioskError(f"There is no pathway '{args.pathway}' in this programme (it has: {known}).")
    learner_id = accounts.account_id(ask("Learner code: "))
    if learner_id is None:
        raise KioskError("No account on this computer has that learner code; nothing was changed.")
    store.pathways.set_learner_pathway(learner_id, chosen.id, "trainer")
    print(f"That learner now follows '{chosen.title}'. They see it when they next sign in, and can change "
          "it from their home screen.", file=out)
    return 0
