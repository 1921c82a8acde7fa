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

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Hashable, Mapping, Sequence

from kiosk.core.completed import is_completed, required_steps
from kiosk.core.content import Module, Programme, SurveyStep
from kiosk.core.reports_model import NOT_SHOWN, Cell, Row, Table
from kiosk.core.store import Store
from kiosk.core.store import reports as q
from kiosk.core.suppression import Line, Mark, ranges, suppress

FEEDBACK_STEP = "feedback"
HEADLINE_QUESTIONS = ("engaging", "applicable")
SELF_ASSESSMENT, KNOWLEDGE_TEST = "self_assessment", "knowledge_test"
DELIVERY = ("individual", "group")
NO_PATHWAY = "(none)"


@dataclass
class View:
    counts: Mapping[Hashable, int]
    marks: Mapping[Hashable, Mark]
    bounds: Mapping[Hashable, tuple[float, float]]
    threshold: int

    def count(self, key: Hashable) -> Cell:
        mark = self.marks.get(key)
        if mark == "small":
            return Cell(f"<{self.threshold}", None, "small")
        if mark == "complement":
            return Cell("*", None, "complement")
        value = self.counts[key]
        return Cell(str(value), value)

    def share(self, part: Hashable, whole: Hashable) -> Cell:
        """part/whole as a percentage, or the range a reader can narrow it to from the shown
        figures (the same knowledge as the hidden cell's '<10'), or '–' if whole is hidden."""
        if whole in self.marks:
            return Cell(NOT_SHOWN, None, "derived")
        n = self.counts[whole]
        lo, hi = self.bounds[part]
        if lo == hi:
            return Cell(f"{round(100 * lo / n)}%", round(100 * lo / n))
        low, high = math.floor(100 * lo / n), math.ceil(100 * min(hi, n) / n)
        if lo <= 0:
            return Cell(f"under {math.floor(100 * min(hi, n) / n) + 1}%", None, "derived")
        if hi >= n:
            return Cell(f"over {math.ceil(100 * lo / n) - 1}%", None, "derived")
        return Cell(f"{low}–{high}%", None, "derived")

    def shown(self, key: Hashable) -> bool:
        return key not in self.marks


def number(value: float | None, digits: int = 1) -> Cell:
    if value is None:
        return Cell(NOT_SHOWN, None, "derived")
    return Cell(f"{value:.{digits}f}", round(value, digits))


def table_lines(row_keys: Sequence[Hashable], col_keys: Sequence[Hashable], total_row: Hashable,
                total_col: Hashable, key) -> list[Line]:
    """The sums a table with a total row and a total column states."""
    lines = [Line(tuple(key(r, c) for c in col_keys), key(r, total_col)) for r in (*row_keys, total_row)]
    lines += [Line(tuple(key(r, c) for r in row_keys), key(total_row, c)) for c in (*col_keys, total_col)]
    return lines


def build_month(store: Store, programme: Programme, month: str, threshold: int) -> tuple[Cell, tuple[Table, ...]]:
    """The month's new learners and its tables, suppressed."""
    modules = programme.available
    counts: dict[Hashable, int] = {"learners": q.new_learners(store, month)}
    lines: list[Line] = []
    makers = [_completions(store, programme, modules, month, counts, lines),
              _pathways(store, programme, month, counts, lines),
              _feedback(store, modules, month, counts, lines),
              _hands(store, modules, month, counts, lines),
              _programme_ratings(store, programme, month, counts, lines),
              _knowledge(store, modules, month, counts, lines),
              _confidence(store, modules, month, counts, lines),
              _sessions(store, modules, month, counts, lines)]
    marks = suppress(counts, lines, threshold)
    view = View(counts, marks, ranges(counts, lines, marks, threshold), threshold)
    return view.count("learners"), tuple(t for make in makers if make for t in [make(view)] if t)


# -- completions -------------------------------------------------------------------------------------
def month_completions(store: Store, modules: Sequence[Module], month: str) -> list[q.Done]:
    """Module completions in the month, by the one definition (kiosk.core.completed): the
    completion records, and learners who meet the rules without one (records from before group
    credit wrote them), at the moment their last required step was done."""
    by_id = {m.id: m for m in modules}
    found = [d for d in q.completion_records(store, month) if d.module_id in by_id]
    for module in modules:
        for candidate in q.unrecorded_candidates(store, module.id, required_steps(module)):
            if candidate.completed_at[:7] != month:
                continue
            done, answers = q.module_answers(store, candidate.learner_id, module.id)
            if is_completed(module, done, answers, None):
                found.append(candidate)
    return found


def _completions(store, programme, modules, month, counts, lines):
    credits = q.group_credits(store)
    tally = {(m.id, how): 0 for m in modules for how in DELIVERY}
    pathways = q.learner_pathways(store) if programme.pathways else {}
    by_pathway: dict[str, int] = defaultdict(int)
    for done in month_completions(store, modules, month):
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


def _pathways(store, programme, month, counts, lines):
    if not programme.pathways:
        return None
    done = q.pathway_completions(store, month)
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


# -- evaluation ----------------------------------------------------------------------------------------
def _feedback_step(module: Module) -> SurveyStep | None:
    step = next((s for s in module.steps if s.id == FEEDBACK_STEP), None)
    return step if isinstance(step, SurveyStep) else None


def _asked(module: Module) -> list[str]:
    step = _feedback_step(module)
    return [qid for qid in HEADLINE_QUESTIONS if step and qid in {x.id for x in step.questions}]


def _rating_table(key, title, columns, note, empty_none, empty_zero, prefix, items, counts, lines):
    """A table of 'answers' and 'share 4 or 5' for each headline question, one row per item
    ((id, title, {question: (high, answered)})), with a total row."""
    for item_id, _, ratings in items:
        for qid in HEADLINE_QUESTIONS:
            yes, answered = ratings.get(qid, (0, 0))
            counts[(prefix, qid, item_id, "yes")] = yes
            counts[(prefix, qid, item_id, "no")] = answered - yes
            counts[(prefix, qid, item_id, "n")] = answered
    for qid in HEADLINE_QUESTIONS:
        for part in ("yes", "no", "n"):
            counts[(prefix, qid, "*", part)] = sum(counts[(prefix, qid, i, part)] for i, _, _ in items)
        lines += table_lines([i for i, _, _ in items], ("yes", "no"), "*", "n",
                             lambda r, c, qid=qid: (prefix, qid, r, c))

    def table(view: View) -> Table:
        rows = []
        for item_id, label, total in [(i, t, False) for i, t, _ in items] + [("*", "All", True)]:
            cells = []
            for qid in HEADLINE_QUESTIONS:
                cells += [view.count((prefix, qid, item_id, "n")),
                          view.share((prefix, qid, item_id, "yes"), (prefix, qid, item_id, "n"))]
            rows.append(Row(label, tuple(cells), total))
        empty = "" if items else empty_none
        if items and not any(view.counts[(prefix, qid, "*", "n")] for qid in HEADLINE_QUESTIONS):
            empty, rows = empty_zero, []
        return Table(key, title, columns, tuple(rows), note, empty)

    return table


def _feedback(store, modules, month, counts, lines):
    items = [(m.id, m.title, q.survey_ratings(store, month, m.id, FEEDBACK_STEP, _asked(m)))
             for m in modules if _asked(m)]
    return _rating_table(
        "feedback", "Feedback: rated 4 or 5 out of 5 (private answers)",
        ("Engaging: answers", "Engaging: 4 or 5", "Applicable: answers", "Applicable: 4 or 5"),
        "The programme's headline measure, from learners' own answers at the kiosk only: the share "
        "who rated the module 4 or 5 for how engaging it was and how applicable it is to their role.",
        "No module has a feedback survey (a survey step with the id 'feedback').",
        "Nobody answered the feedback survey in this month.", "fb", items, counts, lines)


def _hands(store, modules, month, counts, lines):
    items = []
    for module in modules:
        asked = _asked(module)
        ratings = {qid: (0, 0) for qid in asked}
        for hands in q.group_survey_hands(store, month, module.id, FEEDBACK_STEP):
            for qid in asked:
                counted = (list(hands.get(qid, ()))[:5] + [0] * 5)[:5]
                yes, answered = ratings[qid]
                ratings[qid] = (yes + counted[3] + counted[4], answered + sum(counted))
        if asked:
            items.append((module.id, module.title, ratings))
    return _rating_table(
        "group_feedback", "Feedback in group sessions (show of hands)",
        ("Engaging: hands", "Engaging: 4 or 5", "Applicable: hands", "Applicable: 4 or 5"),
        "Counts of hands raised in group sessions, kept apart from private answers: a show of "
        "hands is given in front of colleagues and is not the same measure.",
        "No module has a feedback survey (a survey step with the id 'feedback').",
        "No group session counted hands for the feedback survey in this month.", "gh", items, counts, lines)


def _programme_ratings(store, programme, month, counts, lines):
    if not programme.pathways:
        return None
    titles = {p.id: p.title for p in programme.pathways}
    given = {r[0]: {"engaging": (r[1], r[2]), "applicable": (r[3], r[4])}
             for r in q.programme_ratings(store, month, programme.id)}
    items = [(p.id, p.title, given.get(p.id, {})) for p in programme.pathways]
    items += [(pid, pid, r) for pid, r in given.items() if pid not in titles]  # a pathway since removed
    return _rating_table(
        "programme_ratings", "Programme rating at the end of a pathway (private answers)",
        ("Engaging: answers", "Engaging: 4 or 5", "Applicable: answers", "Applicable: 4 or 5"),
        "Learners who finished a pathway rated the whole programme privately: the share rating it 4 "
        "or 5 for how engaging it was and how applicable it is to their role.",
        "", "Nobody rated the programme in this month.", "pr", items, counts, lines)


def _pairs(store, module: Module, kind: str, score) -> list[tuple[float, float, str]]:
    """Per learner: (before, after, when the after was done) for a module's before/after steps of
    ``kind``, each answer scored by ``score`` (None: not usable)."""
    phases = {s.id: getattr(s, "phase", None) for s in module.steps if getattr(s, "type", "") == kind}
    if not {"before", "after"} <= set(phases.values()):
        return []
    scores: dict[int, dict[str, list]] = defaultdict(lambda: {"before": [], "after": []})
    for learner_id, step_id, answer, done_at in q.step_answers(store, module.id, list(phases)):
        value = score(answer)
        if value is not None:
            scores[learner_id][phases[step_id]].append((value, done_at))
    return [(sum(v for v, _ in s["before"]) / len(s["before"]), sum(v for v, _ in s["after"]) / len(s["after"]),
             max(at for _, at in s["after"])) for s in scores.values() if s["before"] and s["after"]]


def _before_after(store, modules, month, counts, lines, kind, prefix, score):
    """(modules asking before and after, their pairs in the month) with counts of people who
    went up, stayed or went down and the people behind them."""
    asked, found = [], {}
    for module in modules:
        if not any(getattr(s, "type", "") == kind for s in module.steps):
            continue
        pairs = [(b, a) for b, a, at in _pairs(store, module, kind, score) if at[:7] == month]
        asked.append(module)
        found[module.id] = pairs
        up = sum(1 for before, after in pairs if after > before)
        counts[(prefix, module.id, "up")] = up
        counts[(prefix, module.id, "same")] = len(pairs) - up
        counts[(prefix, module.id, "n")] = len(pairs)
        lines.append(Line(((prefix, module.id, "up"), (prefix, module.id, "same")), (prefix, module.id, "n")))
    return asked, found


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _knowledge(store, modules, month, counts, lines):
    asked, pairs = _before_after(store, modules, month, counts, lines, KNOWLEDGE_TEST, "kt", knowledge_score)
    if not asked:
        return None
    for part in ("up", "same", "n"):
        counts[("kt", "*", part)] = sum(counts[("kt", m.id, part)] for m in asked)
    for part in ("up", "same", "n"):
        lines.append(Line(tuple(("kt", m.id, part) for m in asked), ("kt", "*", part)))
    lines.append(Line((("kt", "*", "up"), ("kt", "*", "same")), ("kt", "*", "n")))
    everyone = [p for m in asked for p in pairs[m.id]]

    def row(view: View, title: str, key: str, found: list, total: bool = False) -> Row:
        n = ("kt", key, "n")
        before, after = (_mean([b for b, _ in found]), _mean([a for _, a in found])) if view.shown(n) else (None, None)
        gain = after - before if before is not None and after is not None else None
        return Row(title, (view.count(n), number(before, 0), number(after, 0), number(gain, 0),
                           view.share(("kt", key, "up"), n)), total)

    def table(view: View) -> Table:
        rows = [row(view, m.title, m.id, pairs[m.id]) for m in asked] + [row(view, "All modules", "*", everyone, True)]
        if not counts[("kt", "*", "n")]:
            rows = []
        return Table("knowledge", "Knowledge test before and after (% of questions right)",
                     ("People", "Before", "After", "Gain (points)", "Scored higher"), tuple(rows),
                     "People who took a module's knowledge test at the start and again at the end "
                     "(the 'after' in this month): their average score, the gain, and the share who "
                     "scored higher.", "Nobody took both knowledge tests in this month.")

    return table


def _confidence(store, modules, month, counts, lines):
    asked, pairs = _before_after(store, modules, month, counts, lines, SELF_ASSESSMENT, "conf", confidence_score)

    def table(view: View) -> Table:
        rows = []
        for module in asked:
            n = ("conf", module.id, "n")
            found = pairs[module.id]
            before, after = (_mean([b for b, _ in found]), _mean([a for _, a in found])) if view.shown(n) else (None, None)
            rows.append(Row(module.title, (view.count(n), number(before), number(after),
                                           view.share(("conf", module.id, "up"), n))))
        empty = ("No self-assessment data: no module asks the same confidence questions before and "
                 "after (self-assessment steps).") if not asked else ""
        if asked and not any(view.counts[("conf", m.id, "n")] for m in asked):
            empty, rows = "No self-assessment data: nobody answered both the before and after questions in this month.", []
        return Table("confidence", "Confidence before and after (self-assessment, 1 to 5)",
                     ("People", "Before", "After", "Felt more confident"), tuple(rows),
                     "People who answered the confidence questions at the start and at the end of a "
                     "module (the end in this month): their average confidence, and the share whose "
                     "confidence went up.", empty)

    return table


def _sessions(store, modules, month, counts, lines):
    totals = {t.module_id: t for t in q.session_totals(store, month)}
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


# -- reading answers --------------------------------------------------------------------------------
def confidence_score(answer: Any) -> float | None:
    """A learner's mean rating on a self-assessment step: ratings 1-5 under 'ratings' (as
    surveys save them) or at the top level."""
    if not isinstance(answer, Mapping):
        return None
    ratings = answer.get("ratings", answer)
    values = [v for v in (ratings.values() if isinstance(ratings, Mapping) else ())
              if isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v <= 5]
    return sum(values) / len(values) if values else None


def knowledge_score(answer: Any) -> float | None:
    """A knowledge test's score as a percentage of its items (kiosk.core.knowledge_test's saved
    form); None if nothing was answered."""
    if not isinstance(answer, Mapping):
        return None
    score, items, answered = answer.get("score"), answer.get("items"), answer.get("answered")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (score, items, answered)):
        return None
    return 100 * score / items if items > 0 and answered >= 1 else None
