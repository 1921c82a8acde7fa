"""Small-number suppression for site reports, so that no published figure points at a few people.

The method is cell suppression with complementary (secondary) suppression, the method of most UK
official statistics:

1. **Primary suppression.** Every count of people below the threshold (default 10, including 0) is
   hidden and shown as ``<10``.
2. **Complementary suppression.** Tables publish totals, and a hidden cell must not be worked out
   from them ("the total minus the other cells"). We model what a reader knows: every published
   number; that a ``<10`` cell is between 0 and threshold-1; that a complementary cell (shown
   ``*``) is at least the threshold; and every sum the tables state (each row and column adds up
   to its total, and tables that share a total share that cell). From these we narrow each hidden
   cell to the smallest range the sums allow, repeating over all sums until nothing changes
   (interval propagation). While any hidden cell is narrowed to a single value, we also hide the
   smallest published cell in one of that cell's sums (a total only when nothing else is left),
   and check again.

The result: no hidden cell can be recovered exactly by adding and subtracting published figures,
however many tables are combined. A hidden cell can still be narrowed to a range; that is the
accepted limit of the method (docs/reports.md). Counts that are not counts of people (the number
of sessions, say) are not suppressed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Hashable, Iterable, Literal, Mapping, Sequence

Key = Hashable
Mark = Literal["small", "complement"]
INF = math.inf


@dataclass(frozen=True)
class Line:
    """A published sum: the ``members`` add up to ``total``."""

    members: tuple[Key, ...]
    total: Key


def suppress(values: Mapping[Key, int], lines: Sequence[Line], threshold: int) -> dict[Key, Mark]:
    """Which cells to hide, and why.

    Args:
        values: every count of people that the report would publish, by a key shared by all
            tables that publish the same figure.
        lines: every sum the report states between those cells.
        threshold: the smallest count that may be shown.

    Returns:
        ``{key: "small"}`` for counts below the threshold and ``{key: "complement"}`` for cells
        hidden so that the small ones cannot be worked out.
    """
    marks: dict[Key, Mark] = {k: "small" for k, v in values.items() if v < threshold}
    order = {k: i for i, k in enumerate(values)}  # deterministic choices
    by_cell: dict[Key, list[Line]] = {}
    for line in lines:
        for key in (*line.members, line.total):
            by_cell.setdefault(key, []).append(line)
    while True:
        exposed = recoverable(values, lines, marks, threshold)
        if not exposed:
            return marks
        key = min(exposed, key=order.__getitem__)
        marks[_complement(key, by_cell, values, lines, marks, threshold, order)] = "complement"


def recoverable(values: Mapping[Key, int], lines: Sequence[Line], marks: Mapping[Key, Mark],
                threshold: int) -> list[Key]:
    """Hidden cells, other than zeros, that a reader could work out exactly from the published
    figures (see the module doc). Learning that a count is 0 points at nobody, so a hidden 0 may be
    worked out; it is still shown as '<10' like every count under the threshold."""
    bounds = ranges(values, lines, marks, threshold)
    return [k for k in marks if values[k] > 0 and bounds[k][0] == bounds[k][1]]


def ranges(values: Mapping[Key, int], lines: Sequence[Line], marks: Mapping[Key, Mark],
           threshold: int) -> dict[Key, tuple[float, float]]:
    """The range a reader can narrow each cell to (published cells: their value)."""
    bounds: dict[Key, tuple[float, float]] = {}
    for key, value in values.items():
        mark = marks.get(key)
        bounds[key] = ((0, threshold - 1) if mark == "small" else (threshold, INF) if mark == "complement"
                       else (value, value))
    for _ in range(1000):  # converges in a few rounds; the bound only guards against a bug
        changed = False
        for line in lines:
            terms = [(k, 1) for k in line.members] + [(line.total, -1)]
            for key, sign in terms:
                if bounds[key][0] == bounds[key][1]:
                    continue
                # sign*key = -(sum of the other terms): its range follows from theirs
                low = high = 0.0
                for other, other_sign in terms:
                    if other == key:
                        continue
                    lo, hi = bounds[other]
                    low += other_sign * (lo if other_sign > 0 else hi)
                    high += other_sign * (hi if other_sign > 0 else lo)
                implied = (-high, -low) if sign > 0 else (low, high)
                lo = max(bounds[key][0], implied[0])
                hi = min(bounds[key][1], implied[1])
                if (lo, hi) != bounds[key]:
                    bounds[key] = (lo, hi)
                    changed = True
        if not changed:
            break
    return bounds


def _complement(key: Key, by_cell: Mapping[Key, list[Line]], values: Mapping[Key, int],
                lines: Sequence[Line], marks: Mapping[Key, Mark], threshold: int,
                order: Mapping[Key, int]) -> Key:
    """The cell to hide next to protect ``key``.

    Look at the sums ``key`` is in, then (if all their cells are hidden already) the sums those
    cells are in, and so on outwards. In the nearest ring with published cells, hide the smallest
    one whose hiding protects ``key`` (hiding the least information), preferring cells over
    totals; if no single cell does, hide the smallest and try again.
    """
    seen, frontier = {key}, [key]
    while frontier:
        ring: list[Key] = []
        members: set[Key] = set()
        for cell in frontier:
            for line in by_cell.get(cell, ()):
                members.update(line.members)
                ring.extend(k for k in (*line.members, line.total) if k not in seen)
        ring = list(dict.fromkeys(ring))
        seen.update(ring)
        published = sorted((k for k in ring if k not in marks),
                           key=lambda k: (k not in members, values[k], order[k]))
        for candidate in published:
            trial = {**marks, candidate: "complement"}
            if key not in recoverable(values, lines, trial, threshold):
                return candidate
        if published:
            return published[0]
        frontier = ring
    raise ValueError(f"cannot protect cell {key!r}")  # every connected cell is hidden already
