"""The differencing attacker (issue: two site reports taken before and after one more learner
revealed that learner's ratings, a percentage moving by exactly one person).

The attacker takes a report, adds one learner's ratings, completion and confidence answers, and
takes more reports at later times, in the same month and months on. Reports publish each closed
month once, as kept (kiosk/core/reports.py): every figure printed in two reports is the same in
both, so none moves by one person's part; the learner's month appears only once it has ended,
among that month's others and with small-number suppression."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kiosk.core.content import load_programme
from kiosk.core.errors import KioskError
from kiosk.core.learning import Learning
from kiosk.core.report_month import build_month, month_completions
from kiosk.core.reports import build_report, closed_months
from kiosk.core.reports_model import cell_data, table_data
from kiosk.core.store import open_store
from tests.helpers import write_programme, write_rich_programme
from tests.report_helpers import during, figures, move_to_month, shift, this_month

PIN = "572913"


def walk_to(run, step_id):
    while run.step.id != step_id:
        run.next()


def take_the_module(store, programme, learner, engaging, applicable, before=2, after=4):
    """The rich module as a learner does it: confidence before, both checks right, the scenario,
    confidence after, the feedback survey."""
    run = Learning(store, programme, learner).open("rich-module")
    run.save_self_assessment({"spot-threat": before, "offer-choice": before})
    for step_id in ("check-one", "check-two"):
        walk_to(run, step_id)
        run.submit_check({0})
    walk_to(run, "interview")
    for choice in (0, 0):
        run.choose(choice)
        run.carry_on()
    walk_to(run, "confidence-after")
    run.save_self_assessment({"spot-threat": after, "offer-choice": after})
    walk_to(run, "feedback")
    run.save_survey({"engaging": engaging, "applicable": applicable})
    assert run.finish()
    return run


@pytest.fixture
def site(request, store, accounts, tmp_path):
    """Two months ago 14 learners took the module, last month 11; 3 more this month so far (or as
    many as the test asks for)."""
    programme = load_programme(write_rich_programme(tmp_path / "content"))
    now = this_month()
    for month, people in ((shift(now, -2), 14), (shift(now, -1), 11)):
        for n in range(people):
            learner = accounts.register(f"M{month[5:]}P{n:02d}", PIN)
            take_the_module(store, programme, learner, engaging=5 if n % 3 else 3, applicable=4)
        move_to_month(store, month)
    for n in range(getattr(request, "param", 3)):
        take_the_module(store, programme, accounts.register(f"NOW{n}", PIN), engaging=4, applicable=2)
    return programme


def this_months_learners(store, month: str) -> list[int]:
    return [r[0] for r in store.conn.execute("SELECT id FROM learners WHERE created_at >= ? AND role = 'learner'",
                                             (month,))]


def everything(store, programme, now: datetime) -> dict:
    """Every figure a trainer can print at ``now``: each published month's report."""
    found = {}
    for month in closed_months(store, now):
        found.update(figures(build_report(store, programme, threshold=10, now=now, month=month)))
    return found


@pytest.mark.parametrize("site", [3, 12], indirect=True, ids=["few-others-this-month", "many-others"])
def test_no_figure_moves_between_reports_taken_before_and_after_one_more_learner(store, accounts, site):
    programme = site
    month = this_month()
    first = everything(store, programme, datetime.now(UTC))
    raw_before = len(month_completions(store, programme.available, month))

    # The attacker's learner: ratings, a completion, confidence answers.
    attacker = accounts.register("ONEMORE", PIN)
    run = take_the_module(store, programme, attacker, engaging=1, applicable=1, before=1, after=5)
    # What a report without months would have shown: counts moving by exactly this one person.
    assert len(month_completions(store, programme.available, month)) == raw_before + 1

    reports = [first,
               everything(store, programme, datetime.now(UTC)),   # the same month
               everything(store, programme, during(shift(month, 1), 1)),   # the day the month ended
               everything(store, programme, during(shift(month, 1), 28))]
    # The learner changes their mind about last month's rating afterwards: nothing published moves.
    run.go_to(len(run.module.steps) - 1)
    run.save_survey({"engaging": 5, "applicable": 5})
    reports.append(everything(store, programme, during(shift(month, 5))))

    for earlier_index, earlier in enumerate(reports):
        for later in reports[earlier_index + 1:]:
            moved = {key: (earlier[key], later[key]) for key in earlier.keys() & later.keys()
                     if earlier[key] != later[key]}
            assert moved == {}, moved
    last = datetime.strptime(shift(month, -1), "%Y-%m").strftime("%B %Y")
    assert first[(f"{last}: Completions by module and delivery", "Rich module", "All")] == "11"  # real figures
    # Nothing about this month was printed before it ended; then it appears, once, suppressed.
    name = datetime.strptime(month, "%Y-%m").strftime("%B %Y")
    assert not any(name in key[0] for key in first)
    this = {key: text for key, text in reports[2].items() if key[0].startswith(name)}
    others = len(this_months_learners(store, month)) - 1
    done = this[(f"{name}: Completions by module and delivery", "Rich module", "All")]
    # Among few others it is hidden; among many it is shown, but no earlier report had this month.
    assert done == ("<10" if others + 1 < 10 else str(others + 1))
    assert reports[2][("Month by month", name, "Completions")] == done


def test_the_month_in_progress_is_never_printed_and_months_are_never_added_up(store, site):
    programme = site
    report = build_report(store, programme, threshold=10)
    assert report.months == tuple(shift(this_month(), k) for k in (-2, -1))
    over_time = report.table("over_time")
    assert not any(row.total for row in over_time.rows), "a running total moves by one person"
    assert [row.label for row in over_time.rows] == [
        datetime.strptime(m, "%Y-%m").strftime("%B %Y") for m in report.months]
    with pytest.raises(KioskError, match="once it has ended"):
        build_report(store, programme, threshold=10, month=this_month())


def test_a_month_is_kept_as_first_published_even_under_another_threshold(store, site):
    programme = site
    month = shift(this_month(), -1)
    first = figures(build_report(store, programme, threshold=10, month=month))
    later = figures(build_report(store, programme, threshold=5, month=month))
    assert first == later  # changing the setting does not re-publish a month differently
    assert store.reports.frozen_months()[month]["threshold"] == 10


# -- any timeline ---------------------------------------------------------------------------------
START = datetime(2026, 1, 1, tzinfo=UTC)
# (hours after the previous step, what happens): a learner arrives, finishes module 1 rating it
# (engaging, applicable), or a report is taken.
steps = st.lists(st.tuples(st.integers(0, 24 * 40), st.one_of(
    st.just(("report",)), st.tuples(st.just("learner"), st.integers(1, 5), st.integers(1, 5)))),
    min_size=2, max_size=40)


def arrive(store, programme, learner_id: int, when: datetime, engaging: int, applicable: int) -> None:
    """A learner registers, works through module 1, rates it and completes it, all at ``when``
    (as the kiosk stamps what it saves with the moment it is saved)."""
    stamp = when.isoformat(timespec="milliseconds")
    module = programme.available[0]
    with store.transaction() as c:
        c.execute("INSERT INTO learners(id, code_hash, pin_hash, role, created_at) VALUES (?, ?, '!', 'learner', ?)",
                  (learner_id, f"code-{learner_id}", stamp))
        for step in module.steps:
            answer = (f'{{"ratings": {{"engaging": {engaging:d}, "applicable": {applicable:d}}}}}'
                      if step.id == "feedback" else None)
            c.execute("INSERT INTO progress(learner_id, module_id, step_id, status, answer, updated_at, done_at) "
                      "VALUES (?, ?, ?, 'done', ?, ?, ?)", (learner_id, module.id, step.id, answer, stamp, stamp))
        c.execute("INSERT INTO completions(id, learner_id, module_id, module_version, completed_at, score) "
                  "VALUES (?, ?, ?, ?, ?, NULL)", (f"c{learner_id}", learner_id, module.id, module.version, stamp))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(timeline=steps)
def test_on_any_timeline_no_figure_printed_twice_ever_differs(tmp_path_factory, timeline):
    """Learners arriving and reports taken at any moments over months: every figure any two
    reports print is the same in both."""
    root = tmp_path_factory.mktemp("timeline")
    programme = load_programme(write_programme(root / "content"))
    store, _ = open_store(root / "data")
    try:
        now, learner, reports = START, 0, []
        for hours, event in timeline:
            now += timedelta(hours=hours)
            if event[0] == "learner":
                learner += 1
                arrive(store, programme, learner, now, event[1], event[2])
            else:
                reports.append(everything(store, programme, now))
        reports.append(everything(store, programme, now + timedelta(days=400)))
        for i, earlier in enumerate(reports):
            for later in reports[i + 1:]:
                assert {k for k in earlier.keys() & later.keys() if earlier[k] != later[k]} == set()
        # And nothing was kept too early: each month as kept is that month built from all the data.
        for month, kept in store.reports.frozen_months().items():
            learners, tables = build_month(store, programme, month, kept["threshold"])
            assert kept["tables"] == [table_data(t) for t in tables], month
            assert kept["learners"] == cell_data(learners), month
    finally:
        store.close()
