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
   (interval propagation). While any hidden cell is narrowed to a single value, we also hide a
   published cell in one of that cell's sums (of the candidates, the one that in the end hides
   fewest cells; then the smallest), and check again.

The result: no hidden cell can be recovered exactly by adding and subtracting published figures,
however many tables are combined. A hidden cell can still be narrowed to a range; that is the
accepted limit of the method (docs/reports.md). Counts that are not counts of people (the number
of sessions, say) are not suppressed.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

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
    marks: dict[Key, Mark] = {}
    # Tables that share no cell cannot give each other away: protect each group of linked
    # cells on its own (far less searching than the whole report at once).
    for cells, group in _linked(values, lines):
        part = {k: values[k] for k in cells}
        small: dict[Key, Mark] = {k: "small" for k, v in part.items() if v < threshold}
        if not small or not group:
            marks.update(small)
            continue
        by_cell: dict[Key, list[Line]] = {}
        for line in group:
            for key in (*line.members, line.total):
                by_cell.setdefault(key, []).append(line)
        plan = _Plan(part, group, threshold, by_cell, {k: i for i, k in enumerate(part)})
        marks.update(plan.protect(small, lookahead=len(part) <= LOOKAHEAD_CELLS))
    return {k: marks[k] for k in values if k in marks}


def _linked(values: Mapping[Key, int], lines: Sequence[Line]) -> list[tuple[list[Key], list[Line]]]:
    """The cells, split into groups joined by sums, each with its sums."""
    parent = {k: k for k in values}

    def root(k: Key) -> Key:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for line in lines:
        first = root(line.total)
        for member in line.members:
            parent[root(member)] = first
    groups: dict[Key, tuple[list[Key], list[Line]]] = {}
    for key in values:
        groups.setdefault(root(key), ([], []))[0].append(key)
    for line in lines:
        groups[root(line.total)][1].append(line)
    return list(groups.values())


LOOKAHEAD_CELLS = 40
"""Up to this many linked cells, each complementary choice is made by trying candidates through to
the end and keeping the one that hides least; beyond, the first candidate that works is taken."""
LOOKAHEAD_CHOICES = 4


@dataclass
class _Plan:
    values: Mapping[Key, int]
    lines: Sequence[Line]
    threshold: int
    by_cell: Mapping[Key, list[Line]]
    order: Mapping[Key, int]  # for deterministic choices
    seen: dict[frozenset[tuple[Key, Mark]], list[Key]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.system = _System(self.lines)

    def exposed(self, marks: Mapping[Key, Mark]) -> list[Key]:
        """recoverable(), remembered: trying choices out meets the same sets of hidden cells."""
        state = frozenset(marks.items())
        if state not in self.seen:
            self.seen[state] = self.system.recoverable(self.values, marks, self.threshold)
        return self.seen[state]

    def protect(self, marks: dict[Key, Mark], lookahead: bool) -> dict[Key, Mark]:
        marks = dict(marks)
        beyond: set[Key] = set()
        while True:
            exposed = [k for k in self.exposed(marks) if k not in beyond]
            if not exposed:
                return marks
            key = min(exposed, key=self.order.__getitem__)
            candidates = self.candidates(key, marks)
            if not candidates:
                # Every cell it is summed with is hidden already: what remains is what the labels
                # say ('<10' under, '*' at least 10), e.g. a total of exactly 10 made of two
                # hidden 5s at threshold 10 when nothing else is published. Nothing more to hide.
                beyond.add(key)
                continue
            if lookahead and len(candidates) > 1:
                # Hiding the smallest cell can set off a cascade (a whole row hidden where hiding
                # one total would have done): follow the likeliest choices through and keep the
                # cheapest.
                pick = min(candidates[:LOOKAHEAD_CHOICES],
                           key=lambda c: self.cost(self.protect({**marks, c: "complement"}, False)))
            else:
                trial = (c for c in candidates[:LOOKAHEAD_CHOICES]
                         if key not in self.exposed({**marks, c: "complement"}))
                pick = next(trial, candidates[0])
            marks[pick] = "complement"

    def cost(self, marks: Mapping[Key, Mark]) -> tuple[int, int]:
        """Fewest hidden cells, then the least hidden in them."""
        return len(marks), sum(self.values[k] for k in marks)

    def candidates(self, key: Key, marks: Mapping[Key, Mark]) -> list[Key]:
        """Published cells that could protect ``key``: those in the sums ``key`` is in, or, if all
        of those are hidden already, in the sums of those cells, and so on outwards; cells before
        totals, smallest first."""
        seen, frontier = {key}, [key]
        while frontier:
            ring: list[Key] = []
            members: set[Key] = set()
            for cell in frontier:
                for line in self.by_cell.get(cell, ()):
                    members.update(line.members)
                    ring.extend(k for k in (*line.members, line.total) if k not in seen)
            ring = list(dict.fromkeys(ring))
            seen.update(ring)
            published = sorted((k for k in ring if k not in marks),
                               key=lambda k: (k not in members, self.values[k], self.order[k]))
            if published:
                return published
            frontier = ring
        return []  # every connected cell is hidden already


def recoverable(values: Mapping[Key, int], lines: Sequence[Line], marks: Mapping[Key, Mark],
                threshold: int) -> list[Key]:
    """Hidden cells, other than zeros, that a reader could work out exactly from the published
    figures (see the module doc), found by exact search over whole numbers: a cell is safe only
    if some assignment of all hidden cells fits everything published and gives it another value.

    Learning that a count is 0 points at nobody, so a hidden 0 may be worked out; it is still
    shown as '<10' like every count under the threshold. The reader is assumed to know the largest
    count in the report as an upper bound on every cell (more than a reader could know).
    """
    return _System(lines).recoverable(values, marks, threshold)


def ranges(values: Mapping[Key, int], lines: Sequence[Line], marks: Mapping[Key, Mark],
           threshold: int) -> dict[Key, tuple[float, float]]:
    """A range each cell can be narrowed to by adding and subtracting the published figures
    (published cells: their value). Never narrower than what a reader can work out, so safe to
    print, e.g. as 'over 72%'."""
    return _System(lines).narrow(_start(values, marks, threshold, INF)) or {}


def _start(values: Mapping[Key, int], marks: Mapping[Key, Mark], threshold: int,
           ceiling: float) -> dict[Key, tuple[float, float]]:
    bounds: dict[Key, tuple[float, float]] = {}
    for key, value in values.items():
        mark = marks.get(key)
        bounds[key] = ((0, threshold - 1) if mark == "small" else (threshold, max(threshold, ceiling))
                       if mark == "complement" else (value, value))
    return bounds


class _TooHard(Exception):
    """The search went on too long; the cell is then treated as recoverable (and protected)."""


SEARCH_BUDGET = 20_000
"""Branch-and-bound steps allowed per question; past it the answer is taken to be the unsafe one."""


class _System:
    """The sums as signed terms adding up to zero (members +1, total -1), and the whole-number
    reasoning over them: narrowing ranges, and searching for an assignment that fits."""

    def __init__(self, lines: Sequence[Line]):
        self.terms = [[(k, 1) for k in line.members] + [(line.total, -1)] for line in lines]
        self.touching: dict[Key, list[int]] = {}
        for index, line in enumerate(self.terms):
            for key, _ in line:
                self.touching.setdefault(key, []).append(index)

    def recoverable(self, values: Mapping[Key, int], marks: Mapping[Key, Mark], threshold: int) -> list[Key]:
        start = self.narrow(_start(values, marks, threshold, max(values.values(), default=0)))
        assert start is not None  # the true values meet every sum, so no range empties
        found = []
        for key in marks:
            true = values[key]
            if true == 0:
                continue
            low, high = start[key]
            if low == high:  # adding and subtracting alone gives it away
                found.append(key)
                continue
            try:
                other = (self.feasible({**start, key: (low, true - 1)}, key, [0])
                         or self.feasible({**start, key: (true + 1, high)}, key, [0]))
            except _TooHard:
                other = False
            if not other:
                found.append(key)
        return found

    def narrow(self, bounds: dict[Key, tuple[float, float]], changed: Key | None = None
               ) -> dict[Key, tuple[float, float]] | None:
        """Tighten the ranges by the sums until nothing changes; None if a range empties. (A work
        list: a sum is looked at again only when one of its cells' ranges changed.)"""
        bounds = dict(bounds)
        pending = list(range(len(self.terms))) if changed is None else list(self.touching.get(changed, ()))
        queued = set(pending)
        while pending:
            index = pending.pop()
            queued.discard(index)
            line = self.terms[index]
            # The range of the whole sum, its infinite parts counted apart so that one term's
            # share can be taken out again (inf - inf has no value).
            low = high = 0.0
            low_inf = high_inf = 0
            shares = []
            for key, sign in line:
                lo, hi = bounds[key]
                t_lo, t_hi = (lo, hi) if sign > 0 else (-hi, -lo)
                shares.append((t_lo, t_hi))
                if t_lo == -INF:
                    low_inf += 1
                else:
                    low += t_lo
                if t_hi == INF:
                    high_inf += 1
                else:
                    high += t_hi
            for (key, sign), (t_lo, t_hi) in zip(line, shares, strict=False):
                lo, hi = bounds[key]
                if lo == hi:
                    continue
                # the range of the other terms' sum
                rest_lo = -INF if low_inf - (t_lo == -INF) else low - (0 if t_lo == -INF else t_lo)
                rest_hi = INF if high_inf - (t_hi == INF) else high - (0 if t_hi == INF else t_hi)
                # sign*key = -(sum of the other terms)
                implied_lo, implied_hi = (-rest_hi, -rest_lo) if sign > 0 else (rest_lo, rest_hi)
                new = (max(lo, math.ceil(implied_lo)) if implied_lo != -INF else lo,
                       min(hi, math.floor(implied_hi)) if implied_hi != INF else hi)
                if new[0] > new[1]:
                    return None
                if new != (lo, hi):
                    bounds[key] = new
                    for other_index in self.touching[key]:
                        if other_index not in queued:
                            queued.add(other_index)
                            pending.append(other_index)
        return bounds

    def feasible(self, bounds: dict[Key, tuple[float, float]], changed: Key, steps: list[int]) -> bool:
        """Is there a whole-number assignment within ``bounds`` satisfying every sum? (Branch and
        bound: narrow, then split the narrowest open range in two.)"""
        steps[0] += 1
        if steps[0] > SEARCH_BUDGET:
            raise _TooHard
        lo, hi = bounds[changed]
        if lo > hi:
            return False
        narrowed = self.narrow(bounds, changed)
        if narrowed is None:
            return False
        best = None
        for key, (lo, hi) in narrowed.items():
            if lo < hi and (best is None or hi - lo < best[0]):
                best = (hi - lo, key)
        if best is None:
            return all(sum(s * narrowed[k][0] for k, s in line) == 0 for line in self.terms)
        key = best[1]
        lo, hi = narrowed[key]
        middle = (lo + hi) // 2
        return (self.feasible({**narrowed, key: (lo, middle)}, key, steps)
                or self.feasible({**narrowed, key: (middle + 1, hi)}, key, steps))
