"""One calendar month of the site report: its counts, the sums its tables state, small-number
suppression over them, and the tables as printed. kiosk/core/reports.py keeps each closed month
as first printed and puts the report together.

Every figure is about things that happened in the month: people who registered, module and
pathway completions recorded, survey answers given (private ratings and group show-of-hands
counts apart), programme ratings, knowledge tests and self-assessments whose 'after' was done, and
group sessions that ended. No figure adds up months, so no two published figures differ by one
month's part (docs/reports.md, "Differencing").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

from kiosk.core import report_evaluation as evaluation
from kiosk.core.completed_modules import is_completed, required_steps
from kiosk.core.content import Module, Programme
from kiosk.core.report_evaluation import Counts, MakeTable, Memo
from kiosk.core.reports_model import NOT_SHOWN, Cell, Row, Table, View, number, table_lines
from kiosk.core.store import Store
from kiosk.core.store.report_queries import Done
from kiosk.core.suppression import Line, ranges, suppress

DELIVERY = ("individual", "group")
NO_PATHWAY = "(none)"


def build_month(store: Store, programme: Programme, month: str, threshold: int,
                memo: Memo | None = None) -> tuple[Cell, tuple[Table, ...]]:
    """The month's new learners and its tables, suppressed. ``memo`` keeps what is read for all
    months at once (pass the same dict when building several months)."""
    memo = {} if memo is None else memo
    modules = programme.available
    counts: dict[Hashable, int] = {"learners": store.reports.new_learners(month)}
    lines: list[Line] = []
    makers = [_completions(store, programme, modules, month, counts, lines, memo),
              _pathways(store, programme, month, counts, lines),
              evaluation.feedback(store, modules, month, counts, lines),
              evaluation.hands(store, modules, month, counts, lines),
              evaluation.programme_ratings(store, programme, month, counts, lines),
              evaluation.knowledge(store, modules, month, counts, lines, memo),
              evaluation.confidence(store, modules, month, counts, lines, memo),
              _sessions(store, modules, month, counts, lines)]
    marks = suppress(counts, lines, threshold)
    view = View(counts, marks, ranges(counts, lines, marks, threshold), threshold)
    return view.count("learners"), tuple(t for make in makers if make for t in [make(view)] if t)


# -- completions -------------------------------------------------------------------------------------
def month_completions(store: Store, modules: Sequence[Module], month: str,
                      memo: Memo | None = None) -> list[Done]:
    """Module completions in the month, by the one definition (kiosk.core.completed_modules): the
    completion records, and learners who meet the rules without one (records from before group
    credit wrote them), at the moment their last required step was done."""
    memo = {} if memo is None else memo
    by_id = {m.id: m for m in modules}
    found = [d for d in store.reports.completion_records(month) if d.module_id in by_id]
    if "unrecorded" not in memo:
        memo["unrecorded"] = _unrecorded(store, modules)
    unrecorded: dict[str, list[Done]] = memo["unrecorded"]
    return found + unrecorded.get(month, [])


def _unrecorded(store: Store, modules: Sequence[Module]) -> dict[str, list[Done]]:
    """Completions without a record, by month (read once for all months: few, but found by
    walking every learner's progress)."""
    by_month: dict[str, list[Done]] = defaultdict(list)
    for module in modules:
        candidates = store.reports.unrecorded_candidates(module.id, required_steps(module))
        saved = store.reports.module_answers(module.id, {c.learner_id for c in candidates}) if candidates else {}
        for candidate in candidates:
            done, answers = saved[candidate.learner_id]
            if is_completed(module, done, answers, None):
                by_month[candidate.completed_at[:7]].append(candidate)
    return by_month


def _completions(store: Store, programme: Programme, modules: Sequence[Module], month: str, counts: Counts,
                 lines: list[Line], memo: Memo) -> MakeTable:
    credits = store.reports.group_credits()
    tally = {(m.id, how): 0 for m in modules for how in DELIVERY}
    pathways = store.reports.learner_pathways() if programme.pathways else {}
    by_pathway: dict[str, int] = defaultdict(int)
    for done in month_completions(store, modules, month, memo):
        credited = credits.get((done.learner_id, done.module_id))
        how = "group" if credited is not None and credited <= done.completed_at else "individual"
        tally[(done.module_id, how)] += 1
        by_pathway[pathways.get(done.learner_id, NO_PATHWAY)] += 1
    for module in modules:
        for how in DELIVERY:
            counts[("done", module.id, how)] = tally[(module.id, how)]
        counts[("done", module.id, "all")] = sum(tally[(module.id, how)] for how in DELIVERY)
    for how in (*DELIVERY, "all"):
        counts[("done", "*", how)] = sum(counts[("done", m.id, how)] for m in modules)
    lines += table_lines([m.id for m in modules], DELIVERY, "*", "all", lambda r, c: ("done", r, c))
    if programme.pathways:
        for key in [p.id for p in programme.pathways] + [NO_PATHWAY]:
            counts[("pw", key, "modules")] = by_pathway.get(key, 0)
        # Completions by the learner's pathway add up to the same grand total.
        lines.append(Line(tuple(("pw", k, "modules") for k in [p.id for p in programme.pathways] + [NO_PATHWAY]),
                          ("done", "*", "all")))

    def table(view: View) -> Table:
        rows = [Row(m.title, tuple(view.count(("done", m.id, c)) for c in (*DELIVERY, "all"))) for m in modules]
        rows.append(Row("All modules", tuple(view.count(("done", "*", c)) for c in (*DELIVERY, "all")), True))
        return Table("completions", "Completions by module and delivery", ("Individual", "Group", "All"),
                     tuple(rows), "People who completed each module in the month (its completion rules "
                     "met), alone at the kiosk or through a group session.",
                     "" if modules else "No modules are available on this PC.")

    return table


def _pathways(store: Store, programme: Programme, month: str, counts: Counts,
              lines: list[Line]) -> MakeTable | None:
    if not programme.pathways:
        return None
    done = store.reports.pathway_completions(month)
    keys = [p.id for p in programme.pathways]
    for key in keys:
        counts[("pw", key, "done")] = done.get(key, 0)
    counts[("pw", "*", "done")] = sum(counts[("pw", k, "done")] for k in keys)
    lines.append(Line(tuple(("pw", k, "done") for k in keys), ("pw", "*", "done")))

    def table(view: View) -> Table:
        rows = [Row(p.title, (view.count(("pw", p.id, "done")), view.count(("pw", p.id, "modules"))))
                for p in programme.pathways]
        rows.append(Row("No pathway chosen", (Cell(NOT_SHOWN, None, "derived"),
                                              view.count(("pw", NO_PATHWAY, "modules")))))
        rows.append(Row("All", (view.count(("pw", "*", "done")), view.count(("done", "*", "all"))), True))
        return Table("pathways", "Completions by pathway", ("Pathway completed", "Modules completed"),
                     tuple(rows), "People who completed each pathway in the month, and the module "
                     "completions of the month by the pathway the learner follows.")

    return table


# -- group sessions ---------------------------------------------------------------------------------
def _sessions(store: Store, modules: Sequence[Module], month: str, counts: Counts,
              lines: list[Line]) -> MakeTable:
    totals = {t.module_id: t for t in store.reports.session_totals(month)}
    listed = [m for m in modules if m.id in totals]
    for module in listed:
        counts[("sess", module.id)] = totals[module.id].attendances
    counts[("sess", "*")] = sum(totals[m.id].attendances for m in listed)
    if listed:
        lines.append(Line(tuple(("sess", m.id) for m in listed), ("sess", "*")))

    def row(view: View, title: str, key: Hashable, sessions: int, seconds: int, total: bool) -> Row:
        people = view.count(key)
        size = number(people.value / sessions) if people.value is not None and sessions else number(None)
        minutes = number(seconds / sessions / 60, 0) if sessions else number(None)
        return Row(title, (Cell(str(sessions), sessions), people, size, minutes), total)

    def table(view: View) -> Table:
        rows = [row(view, m.title, ("sess", m.id), totals[m.id].sessions, totals[m.id].seconds, False)
                for m in listed]
        if listed:
            rows.append(row(view, "All modules", ("sess", "*"), sum(totals[m.id].sessions for m in listed),
                            sum(totals[m.id].seconds for m in listed), True))
        return Table("sessions", "Group sessions", ("Sessions", "Attendances", "Average size",
                                                    "Average length (minutes)"), tuple(rows),
                     "Group sessions led by a trainer on this PC that ended in the month.",
                     "No group session ended in this month.")

    return table


