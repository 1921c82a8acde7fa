"""Small-number suppression: counts under the threshold are hidden, and no hidden count can be
worked out from the totals, whatever a reader adds or subtracts."""

from hypothesis import given, settings, strategies as st

from kiosk.core.suppression import Line, recoverable, suppress
from tests.attack import recovered


def table(rows: list[list[int]]):
    """Cells (r, c) with row totals (r, 'T'), column totals ('T', c) and the grand total."""
    values = {}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            values[(r, c)] = v
        values[(r, "T")] = sum(row)
    for c in range(len(rows[0])):
        values[("T", c)] = sum(row[c] for row in rows)
    values[("T", "T")] = sum(map(sum, rows))
    lines = [Line(tuple((r, c) for c in range(len(rows[0]))), (r, "T")) for r in (*range(len(rows)), "T")]
    lines += [Line(tuple((r, c) for r in range(len(rows))), ("T", c)) for c in (*range(len(rows[0])), "T")]
    return values, lines


def attack(values, lines, marks, threshold):
    """The hidden cells above zero that a reader can recover."""
    sums = [(line.members, line.total) for line in lines]
    return [k for k in recovered(values, marks, sums, threshold, ceiling=values[("T", "T")]) if values[k]]


def test_a_small_count_is_hidden_and_the_total_cannot_give_it_away():
    values, lines = table([[45, 3], [30, 25]])  # 3 people did module A in a group
    marks = suppress(values, lines, 10)
    assert marks[(0, 1)] == "small"
    # Without a second hidden cell in its row and column, 48 - 45 would give the 3 away.
    assert sum(1 for k in marks if k[0] == 0) >= 2 and sum(1 for k in marks if k[1] == 1) >= 2
    assert attack(values, lines, marks, 10) == []


def test_the_total_minus_the_other_cells_is_exactly_the_attack_this_stops():
    values, lines = table([[45, 3], [30, 25]])
    nothing_but_primary = {(0, 1): "small"}
    assert attack(values, lines, nothing_but_primary, 10) == [(0, 1)]
    assert recoverable(values, lines, nothing_but_primary, 10) == [(0, 1)]
    assert attack(values, lines, suppress(values, lines, 10), 10) == []


def test_counts_at_or_above_the_threshold_are_shown_when_nothing_needs_protecting():
    values, lines = table([[45, 12], [30, 25]])
    assert suppress(values, lines, 10) == {}


def test_zero_is_hidden_like_any_small_count_but_needs_no_complement():
    values, lines = table([[45, 0], [30, 25]])
    # 45 - 45 shows the hidden cell is 0; learning that nobody did something points at nobody.
    assert suppress(values, lines, 10) == {(0, 1): "small"}


def test_tables_that_share_a_total_are_suppressed_together():
    # Table one: modules x delivery; table two: months x delivery; same grand totals.
    values = {("m1", "g"): 4, ("m1", "i"): 40, ("m1", "t"): 44,
              ("m2", "g"): 20, ("m2", "i"): 30, ("m2", "t"): 50,
              ("*", "g"): 24, ("*", "i"): 70, ("*", "t"): 94,
              ("jan", "g"): 24, ("jan", "i"): 50, ("jan", "t"): 74,
              ("feb", "g"): 0, ("feb", "i"): 20, ("feb", "t"): 20}
    lines = []
    for rows in (("m1", "m2"), ("jan", "feb")):
        for r in (*rows, "*"):
            lines.append(Line(((r, "g"), (r, "i")), (r, "t")))
        for c in ("g", "i", "t"):
            lines.append(Line(tuple((r, c) for r in rows), ("*", c)))
    marks = suppress(values, lines, 10)
    assert marks[("m1", "g")] == "small"
    sums = [(line.members, line.total) for line in lines]
    assert [k for k in recovered(values, marks, sums, 10, 94) if values[k]] == []


@settings(max_examples=60, deadline=None)
@given(st.tuples(st.integers(1, 3), st.integers(2, 3)).flatmap(lambda shape: st.lists(
    st.lists(st.integers(0, 30), min_size=shape[1], max_size=shape[1]), min_size=shape[0], max_size=shape[0])),
    st.sampled_from([3, 5, 10]))
def test_no_hidden_count_above_zero_can_be_recovered_from_any_table(rows, threshold):
    values, lines = table(rows)
    marks = suppress(values, lines, threshold)
    assert all(k in marks for k, v in values.items() if v < threshold)
    assert attack(values, lines, marks, threshold) == [], marks


def test_when_every_linked_cell_is_hidden_already_suppression_stops_instead_of_failing():
    """Two 1s making a total of 2 at threshold 2: the total is hidden too and nothing is left to
    hide (the labels say what they say; docs/reports.md lists this limit). A tiny site's report
    must still be made."""
    values, lines = table([[1, 1]])
    marks = suppress(values, lines, 2)
    assert all(k in marks for k in values)
