"""The evaluation sections of a month's site report (kiosk/core/report_month.py): the feedback
survey's headline measure from private answers, group show-of-hands counts apart from them, the
programme rating given at the end of a pathway, the knowledge test gain and self-assessed
confidence before and after. Each adds its counts of people and the sums its table states, and
returns the function that prints its table once suppression has run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kiosk.core import knowledge_test
from kiosk.core.content import Module, SurveyStep
from kiosk.core.reports_model import Row, Table, View, number, table_lines
from kiosk.core.suppression import Line

if TYPE_CHECKING:
    from kiosk.core.content import Programme
    from kiosk.core.store import Store

Counts = dict[Hashable, int]
Memo = dict[Hashable, Any]
MakeTable = Callable[[View], Table | None]
Ratings = Mapping[str, tuple[int, int]]
Score = Callable[[Any], float | None]

FEEDBACK_STEP = "feedback"
HEADLINE_QUESTIONS = ("engaging", "applicable")
SELF_ASSESSMENT, KNOWLEDGE_TEST = "self_assessment", "knowledge_test"


# -- ratings ----------------------------------------------------------------------------------------
def _feedback_step(module: Module) -> SurveyStep | None:
    step = next((s for s in module.steps if s.id == FEEDBACK_STEP), None)
    return step if isinstance(step, SurveyStep) else None


def _asked(module: Module) -> list[str]:
    step = _feedback_step(module)
    return [qid for qid in HEADLINE_QUESTIONS if step and qid in {x.id for x in step.questions}]


def _rating_table(key: str, title: str, columns: tuple[str, ...], note: str, empty_none: str, empty_zero: str,
                  prefix: str, items: Sequence[tuple[str, str, Ratings]], counts: Counts, lines: list[Line],
                  total_label: str = "All modules") -> MakeTable:
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

        def cell_key(row: Hashable, column: Hashable, qid: str = qid) -> Hashable:
            return (prefix, qid, row, column)

        lines += table_lines([i for i, _, _ in items], ("yes", "no"), "*", "n", cell_key)

    def table(view: View) -> Table:
        rows: list[Row] = []
        for item_id, label, total in [(i, t, False) for i, t, _ in items] + [("*", total_label, True)]:
            cells: list[Any] = []
            for qid in HEADLINE_QUESTIONS:
                cells += [view.count((prefix, qid, item_id, "n")),
                          view.share((prefix, qid, item_id, "yes"), (prefix, qid, item_id, "n"))]
            rows.append(Row(label, tuple(cells), total))
        empty = "" if items else empty_none
        if items and not any(view.counts[(prefix, qid, "*", "n")] for qid in HEADLINE_QUESTIONS):
            empty, rows = empty_zero, []
        return Table(key, title, columns, tuple(rows), note, empty)

    return table


def feedback(store: Store, modules: Sequence[Module], month: str, counts: Counts, lines: list[Line]) -> MakeTable:
    items = [(m.id, m.title, store.reports.survey_ratings(month, m.id, FEEDBACK_STEP, _asked(m)))
             for m in modules if _asked(m)]
    return _rating_table(
        "feedback", "Feedback: rated 4 or 5 out of 5 (private answers)",
        ("Engaging: answers", "Engaging: 4 or 5", "Applicable: answers", "Applicable: 4 or 5"),
        "The programme's headline measure, from learners' own answers at the kiosk only: the share "
        "who rated the module 4 or 5 for how engaging it was and how applicable it is to their role.",
        "No module has a feedback survey (a survey step with the id 'feedback').",
        "Nobody answered the feedback survey in this month.", "fb", items, counts, lines)


def hands(store: Store, modules: Sequence[Module], month: str, counts: Counts, lines: list[Line]) -> MakeTable:
    items: list[tuple[str, str, Ratings]] = []
    for module in modules:
        asked = _asked(module)
        ratings = {qid: (0, 0) for qid in asked}
        for hands in store.reports.group_survey_hands(month, module.id, FEEDBACK_STEP):
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


def programme_ratings(store: Store, programme: Programme, month: str, counts: Counts,
                      lines: list[Line]) -> MakeTable | None:
    if not programme.pathways:
        return None
    titles = {p.id: p.title for p in programme.pathways}
    given = {r[0]: {"engaging": (r[1], r[2]), "applicable": (r[3], r[4])}
             for r in store.reports.programme_ratings(month, programme.id)}
    items: list[tuple[str, str, Ratings]] = [(p.id, p.title, given.get(p.id, {})) for p in programme.pathways]
    items += [(pid, pid, r) for pid, r in given.items() if pid not in titles]  # a pathway since removed
    return _rating_table(
        "programme_ratings", "Programme rating at the end of a pathway (private answers)",
        ("Engaging: answers", "Engaging: 4 or 5", "Applicable: answers", "Applicable: 4 or 5"),
        "Learners who finished a pathway rated the whole programme privately: the share rating it 4 "
        "or 5 for how engaging it was and how applicable it is to their role.",
        "", "Nobody rated the programme in this month.", "pr", items, counts, lines, "All pathways")


def _pairs(store: Store, module: Module, kind: str, score: Score, memo: Memo) -> list[tuple[float, float, str]]:
    """Per learner: (before, after, when the after was done) for a module's before/after steps of
    ``kind``, each answer scored by ``score`` (None: not usable). Read once for all months."""
    if ("pairs", module.id, kind) not in memo:
        memo[("pairs", module.id, kind)] = _read_pairs(store, module, kind, score)
    pairs: list[tuple[float, float, str]] = memo[("pairs", module.id, kind)]
    return pairs


def _read_pairs(store: Store, module: Module, kind: str, score: Score) -> list[tuple[float, float, str]]:
    phases: dict[str, str] = {s.id: getattr(s, "phase", "") for s in module.steps if getattr(s, "type", "") == kind}
    if not {"before", "after"} <= set(phases.values()):
        return []
    scores: dict[int, dict[str, list[Any]]] = defaultdict(lambda: {"before": [], "after": []})
    for learner_id, step_id, answer, done_at in store.reports.step_answers(module.id, list(phases)):
        value = score(answer)
        if value is not None:
            scores[learner_id][phases[step_id]].append((value, done_at))
    return [(sum(v for v, _ in s["before"]) / len(s["before"]), sum(v for v, _ in s["after"]) / len(s["after"]),
             max(at for _, at in s["after"])) for s in scores.values() if s["before"] and s["after"]]


def _before_after(store: Store, modules: Sequence[Module], month: str, counts: Counts, lines: list[Line], kind: str,
                  prefix: str, score: Score, memo: Memo) -> tuple[list[Module], dict[str, list[tuple[float, float]]]]:
    """(modules asking before and after, their pairs in the month) with counts of people who
    went up, stayed or went down and the people behind them."""
    asked: list[Module] = []
    found: dict[str, list[tuple[float, float]]] = {}
    for module in modules:
        if not any(getattr(s, "type", "") == kind for s in module.steps):
            continue
        pairs = [(b, a) for b, a, at in _pairs(store, module, kind, score, memo) if at[:7] == month]
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


def knowledge(store: Store, modules: Sequence[Module], month: str, counts: Counts, lines: list[Line],
              memo: Memo) -> MakeTable | None:
    asked, pairs = _before_after(store, modules, month, counts, lines, KNOWLEDGE_TEST, "kt", knowledge_score, memo)
    if not asked:
        return None
    for part in ("up", "same", "n"):
        counts[("kt", "*", part)] = sum(counts[("kt", m.id, part)] for m in asked)
    for part in ("up", "same", "n"):
        lines.append(Line(tuple(("kt", m.id, part) for m in asked), ("kt", "*", part)))
    lines.append(Line((("kt", "*", "up"), ("kt", "*", "same")), ("kt", "*", "n")))
    everyone = [p for m in asked for p in pairs[m.id]]

    def row(view: View, title: str, key: str, found: list[tuple[float, float]], total: bool = False) -> Row:
        n = ("kt", key, "n")
        before, after = ((_mean([b for b, _ in found]), _mean([a for _, a in found])) if view.shown(n)
                         else (None, None))
        gain = after - before if before is not None and after is not None else None
        return Row(title, (view.count(n), number(before, 0), number(after, 0), number(gain, 0),
                           view.share(("kt", key, "up"), n)), total)

    def table(view: View) -> Table:
        rows = [row(view, m.title, m.id, pairs[m.id]) for m in asked]
        rows.append(row(view, "All modules", "*", everyone, True))
        if not counts[("kt", "*", "n")]:
            rows = []
        return Table("knowledge", "Knowledge test before and after (% of questions right)",
                     ("People", "Before", "After", "Gain (points)", "Scored higher"), tuple(rows),
                     "People who took a module's knowledge test at the start and again at the end "
                     "(the 'after' in this month): their average score, the gain, and the share who "
                     "scored higher.", "Nobody took both knowledge tests in this month.")

    return table


def confidence(store: Store, modules: Sequence[Module], month: str, counts: Counts, lines: list[Line],
               memo: Memo) -> MakeTable:
    asked, pairs = _before_after(store, modules, month, counts, lines, SELF_ASSESSMENT, "conf", confidence_score,
                                 memo)

    def table(view: View) -> Table:
        rows = []
        for module in asked:
            n = ("conf", module.id, "n")
            found = pairs[module.id]
            before, after = ((_mean([b for b, _ in found]), _mean([a for _, a in found])) if view.shown(n)
                             else (None, None))
            rows.append(Row(module.title, (view.count(n), number(before), number(after),
                                           view.share(("conf", module.id, "up"), n))))
        empty = ("No self-assessment data: no module asks the same confidence questions before and "
                 "after (self-assessment steps).") if not asked else ""
        if asked and not any(view.counts[("conf", m.id, "n")] for m in asked):
            empty = "No self-assessment data: nobody answered both the before and after questions in this month."
            rows = []
        return Table("confidence", "Confidence before and after (self-assessment, 1 to 5)",
                     ("People", "Before", "After", "Felt more confident"), tuple(rows),
                     "People who answered the confidence questions at the start and at the end of a "
                     "module (the end in this month): their average confidence, and the share whose "
                     "confidence went up.", empty)

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
    """A knowledge test's score as a percentage of its items (kiosk.core.knowledge_test); None if
    nothing was answered."""
    found = knowledge_test.result(answer)
    return 100 * found[0] / found[1] if found else None
