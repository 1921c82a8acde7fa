"""``tip-kiosk trainer pathways`` and ``tip-kiosk trainer assign-pathway``: the programme's
pathways with how many learners follow each, and a trainer choosing a learner's pathway (the
learner sees it at their next sign-in and can still change it). Thin: core does the work."""

from __future__ import annotations

from typing import Callable, TextIO

from kiosk.core.errors import KioskError

ACTIONS = ("pathways", "assign-pathway")


def add_parsers(actions, common) -> list:
    common(actions.add_parser("pathways", help="list the programme's pathways and how many learners follow each"))
    assign = actions.add_parser("assign-pathway", help="choose a learner's pathway for them (they can change it)")
    assign.add_argument("pathway", metavar="PATHWAY", help="the pathway's id, as 'trainer pathways' lists it")
    return [assign]  # the caller adds the common options and --stdin


def run(args, settings, store, accounts, ask: Callable[[str], str], out: TextIO) -> int:
    from kiosk.core import pathways
    from kiosk.core.content import load_programme
    from kiosk.core.store import pathways as stored

    programme = load_programme(settings.content_dir)
    if not programme.pathways:
        raise KioskError("This programme has no pathways: every learner follows all its modules in order.")
    if args.trainer_command == "pathways":
        counts = stored.pathway_counts(store)
        for pathway in programme.pathways:
            modules = len(pathways.pathway_modules(programme, pathway))
            print(f"{pathway.id:<24} {pathway.level:<16} {modules:>2} modules  "
                  f"{counts.get(pathway.id, 0):>4} learners  {pathway.title}", file=out)
        return 0
    pathway = programme.pathway(args.pathway)
    if pathway is None:
        known = ", ".join(p.id for p in programme.pathways)
        raise KioskError(f"There is no pathway '{args.pathway}' in this programme (it has: {known}).")
    learner_id = accounts.account_id(ask("Learner code: "))
    if learner_id is None:
        raise KioskError("No account on this computer has that learner code; nothing was changed.")
    stored.set_learner_pathway(store, learner_id, pathway.id, "trainer")
    print(f"That learner now follows '{pathway.title}'. They see it when they next sign in, and can change "
          "it from their home screen.", file=out)
    return 0
