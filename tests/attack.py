"""A reader trying to recover hidden cells of a published report, for the suppression tests.

It knows every published number, every sum the tables state, that a '<T' cell is below the
threshold and that a '*' cell is at least the threshold. For each hidden cell it asks an exact
question of integer arithmetic: is there any assignment of all hidden cells that fits everything
and gives this cell a value other than its true one? If not, the cell has been recovered.
(Branch and bound over whole numbers; written apart from kiosk.core.suppression on purpose.)
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

Bounds = dict[Hashable, tuple[int, int]]


def recovered(values: Mapping[Hashable, int], hidden: Mapping[Hashable, str],
              sums: Sequence[tuple[Sequence[Hashable], Hashable]], threshold: int, ceiling: int) -> list:
    """Hidden cells whose true value is the only one consistent with what is published."""
    equations = [[(m, 1) for m in members] + [(total, -1)] for members, total in sums]
    start: Bounds = {}
    for cell, value in values.items():
        kind = hidden.get(cell)
        start[cell] = ((0, threshold - 1) if kind == "small" else (threshold, ceiling) if kind == "complement"
                       else (value, value))
    found = []
    for cell in hidden:
        true = values[cell]
        below = {**start, cell: (start[cell][0], true - 1)}
        above = {**start, cell: (true + 1, start[cell][1])}
        if not _solvable(below, equations) and not _solvable(above, equations):
            found.append(cell)
    return found


def _solvable(bounds: Bounds, equations) -> bool:
    bounds = _narrow(dict(bounds), equations)
    if bounds is None:
        return False
    open_cells = [c for c, (lo, hi) in bounds.items() if lo < hi]
    if not open_cells:
        return all(sum(s * bounds[c][0] for c, s in terms) == 0 for terms in equations)
    cell = min(open_cells, key=lambda c: bounds[c][1] - bounds[c][0])
    lo, hi = bounds[cell]
    middle = (lo + hi) // 2
    return (_solvable({**bounds, cell: (lo, middle)}, equations)
            or _solvable({**bounds, cell: (middle + 1, hi)}, equations))


def _narrow(bounds: Bounds, equations) -> Bounds | None:
    """Tighten every range by each equation until nothing changes; None if one becomes empty."""
    changed = True
    while changed:
        changed = False
        for terms in equations:
            for cell, sign in terms:
                rest_lo = sum(s * (bounds[c][0] if s > 0 else bounds[c][1]) for c, s in terms if c != cell)
                rest_hi = sum(s * (bounds[c][1] if s > 0 else bounds[c][0]) for c, s in terms if c != cell)
                # sign * cell = -rest
                lo, hi = (-rest_hi, -rest_lo) if sign > 0 else (rest_lo, rest_hi)
                new = (max(bounds[cell][0], lo), min(bounds[cell][1], hi))
                if new[0] > new[1]:
                    return None
                if new != bounds[cell]:
                    bounds[cell] = new
                    changed = True
    return bounds
