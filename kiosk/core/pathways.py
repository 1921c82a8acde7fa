"""Pathways: which modules a learner's route needs, in what order, and how far they are along it.

A programme without pathways has one flat path: every module in programme order, and nothing
here changes how it behaves (``route`` returns None and callers keep their old view).

A pathway's order is its required pathways' modules first (each in its own order, required
pathways before the ones that require them), then its own, each module once. Completing a
pathway is recorded once (``pathway_completions``) for the learner's chosen pathway and every
pathway it requires, which is what a programme certificate is made from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.core.clock import utcnow
from kiosk.core.content.model import Module, Pathway, Programme
from kiosk.core.store import Store
from kiosk.core.store.pathways import PathwayCompletionRow


@dataclass(frozen=True)
class Route:
    """A learner's place on their pathway."""

    pathway: Pathway
    modules: tuple[str, ...]
    """Module ids the pathway needs, in order (required pathways' modules first)."""
    completed: frozenset[str]
    """Those of ``modules`` the learner has completed."""
    unavailable: tuple[str, ...] = ()
    """Those of ``modules`` this kiosk could not load (they cannot be completed until fixed)."""

    @property
    def next_module(self) -> str | None:
        """The first module in order not yet completed (and loadable), or None when all are."""
        return next((m for m in self.modules if m not in self.completed and m not in self.unavailable), None)

    @property
    def complete(self) -> bool:
        return all(m in self.completed for m in self.modules)

    @property
    def done(self) -> int:
        return sum(1 for m in self.modules if m in self.completed)


def pathway_modules(programme: Programme, pathway: Pathway | str) -> tuple[str, ...]:
    """The module ids a pathway needs, in the order to take them."""
    found = programme.pathway(pathway) if isinstance(pathway, str) else pathway
    if found is None:
        return ()
    order: list[str] = []
    for each in _with_requirements(programme, found):
        order += [m for m in each.modules if m not in order]
    return tuple(order)


def required_pathways(programme: Programme, pathway: Pathway) -> tuple[Pathway, ...]:
    """Every pathway ``pathway`` requires, directly or through another, deepest first."""
    return tuple(p for p in _with_requirements(programme, pathway) if p.id != pathway.id)


def prerequisites_met(programme: Programme, pathway: Pathway, completed: Iterable[str]) -> bool:
    """True when every module of every pathway ``pathway`` requires is completed."""
    return not unmet_prerequisites(programme, pathway, completed)


def unmet_prerequisites(programme: Programme, pathway: Pathway, completed: Iterable[str]) -> tuple[Pathway, ...]:
    """The required pathways with modules still to complete, in order."""
    done = set(completed)
    return tuple(p for p in required_pathways(programme, pathway)
                 if not all(m in done for m in pathway_modules(programme, p)))


def flat_modules(programme: Programme) -> tuple[str, ...]:
    """The one path of a programme without pathways: every loaded module, in programme order."""
    return tuple(m.id for m in programme.modules if isinstance(m, Module))


def chosen(store: Store, programme: Programme, learner_id: int) -> Pathway | None:
    """The learner's pathway, if they have one this programme still offers."""
    choice = store.pathways.learner_pathway(learner_id)
    return programme.pathway(choice.pathway_id) if choice else None


def needs_choice(store: Store, programme: Programme, learner_id: int) -> bool:
    """True when the programme has pathways and the learner follows none of them (their first
    sign-in, or their pathway was taken out of the programme)."""
    return bool(programme.pathways) and chosen(store, programme, learner_id) is None


def route(store: Store, programme: Programme, learner_id: int, completed: Iterable[str]) -> Route | None:
    """The learner's route given the modules they have completed, or None without a pathway."""
    pathway = chosen(store, programme, learner_id)
    if pathway is None:
        return None
    modules = pathway_modules(programme, pathway)
    loaded = {m.id for m in programme.available}
    done = frozenset(m for m in completed if m in modules)
    return Route(pathway, modules, done, tuple(m for m in modules if m not in loaded))


def settle(store: Store, programme: Programme, learner_id: int, completed: Mapping[str, str]
           ) -> dict[str, PathwayCompletionRow]:
    """Record the completion of the learner's pathway and of each pathway it requires, once
    each is complete; returns every pathway completion the learner has.

    Args:
        completed: module id -> when the learner completed it (ISO time); a pathway's
            completion time is its last module's.
    """
    pathway = chosen(store, programme, learner_id)
    have = store.pathways.completions(learner_id)
    if pathway is None:
        return have
    fresh = []
    for each in _with_requirements(programme, pathway):
        modules = pathway_modules(programme, each)
        if each.id not in have and modules and all(m in completed for m in modules):
            fresh.append((each, max(completed[m] for m in modules)))
    if fresh:
        with store.transaction() as conn:
            for each, at in fresh:
                store.pathways.record_completion(learner_id, each.id, each.level, at, conn=conn)
        have = store.pathways.completions(learner_id)
    return have


def pathway_reader(store: Store, programme: Programme) -> Callable[[int], str | None]:
    """``learner id -> pathway id`` for the record maker (None for no pathway)."""
    def read(learner_id: int) -> str | None:
        pathway = chosen(store, programme, learner_id)
        return pathway.id if pathway else None
    return read


def _with_requirements(programme: Programme, pathway: Pathway) -> list[Pathway]:
    """``pathway`` after everything it requires (depth first, each once). The loader refuses
    circles; ``seen`` also keeps a hand-made Programme from looping."""
    result: list[Pathway] = []
    seen: set[str] = set()

    def visit(each: Pathway) -> None:
        if each.id in seen:
            return
        seen.add(each.id)
        for required in each.requires:
            found = programme.pathway(required)
            if found is not None:
                visit(found)
        result.append(each)

    visit(pathway)
    return result


def completed_at(overview: Iterable[Any]) -> dict[str, str]:
    """module id -> when it was completed, from ``Learning.overview()`` (a module completed by
    its rules but not yet recorded, as after a group session's credit, counts from its last
    activity)."""
    result = {}
    for status in overview:
        if status.state == "completed":
            row = status.completed
            result[status.module.id] = row.completed_at if row else (status.last_activity or utcnow())
    return result


def suggest(found: Route, overview: Iterable[Any]) -> Any | None:
    """The status 'Continue' should open on a pathway: the most recent module of the pathway in
    progress, else the next one in order; None when the pathway is done."""
    by_id = {s.module.id: s for s in overview if s.state != "unavailable"}
    started = [by_id[m] for m in found.modules if m in by_id and by_id[m].state == "in_progress"]
    if started:
        return max(started, key=lambda s: s.last_activity or "")
    following = found.next_module
    return by_id.get(following) if following else None
