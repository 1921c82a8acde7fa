"""SCORM 2004 sequencing: where a learner goes next in a multi-SCO package, and what their work
in each SCO means for the package as a whole (rollup).

A documented subset of IMS Simple Sequencing / SCORM 2004 SN (3rd and 4th edition), correct for
what it covers:

- Tree: ``<item>`` activities with ``imsss:sequencing`` (and ``IDRef`` into the
  ``sequencingCollection``; the item's own elements override the collection's), ``isvisible``.
- Control modes: ``choice``, ``choiceExit``, ``flow``, ``forwardOnly``.
- Sequencing rules: pre-condition (``skip``, ``disabled``, ``hiddenFromChoice``,
  ``stopForwardTraversal`` (honoured for choice only)), exit (``exit``) and post-condition
  (``exitParent``, ``exitAll``, ``retry``, ``retryAll``, ``continue``, ``previous``) rules with the
  conditions ``satisfied``, ``objectiveStatusKnown``, ``objectiveMeasureKnown``,
  ``objectiveMeasureGreaterThan/LessThan``, ``completed``, ``activityProgressKnown``, ``attempted``,
  ``attemptLimitExceeded``, ``always``; ``operator="not"``; ``conditionCombination`` all/any,
  evaluated in the three-valued logic the standard uses (an unknown status is neither true nor
  false).
- ``limitConditions attemptLimit``.
- Rollup: ``rollupRules`` (``childActivitySet`` all/any/none/atLeastCount/atLeastPercent; actions
  satisfied/notSatisfied/completed/incomplete) with the standard's default rules when an activity
  has none for an action; ``rollupObjectiveSatisfied``, ``rollupProgressCompletion``,
  ``objectiveMeasureWeight`` (measure rollup); ``satisfiedByMeasure``/``minNormalizedMeasure``;
  ``adlseq:rollupConsiderations`` requiredFor* (always/ifAttempted/ifNotSkipped/ifNotSuspended).
- Objectives: primary and other objectives with ``mapInfo`` to global objectives (read/write
  satisfied status and normalized measure). Global objectives are kept per learner and package and
  are never reset, whatever ``adlseq:objectivesGlobalToSystem`` says (a learner never loses
  mastery they showed; this is the one deliberate departure from the standard).
- Delivery controls ``tracked``, ``completionSetByContent``, ``objectiveSetByContent``.
- Navigation requests start, resumeAll (via ``start``), continue, previous, choice (also from
  ``{target=ID}choice``), jump, exit, exitAll, suspendAll, abandon/abandonAll (as exit/exitAll).
  A request that the rules make impossible changes nothing. Where a package does not allow flow
  (``flow`` defaults to false), ``start``, ``continue`` and ``previous`` go to the first, next or
  previous activity a choice could deliver, and continuing past the last ends the session: the
  standard leaves what an LMS offers then to the LMS.

Not supported (ignored; the package still plays in flow order): randomization and selection
(``randomizationControls``, ``selectionControls``), time limits (``attemptAbsoluteDurationLimit``,
``timeLimitExceeded`` and ``outsideAvailableTimeRange`` evaluate false), ``constrainedChoice``
and ``preventActivation``, ``useCurrentAttemptObjectiveInfo/ProgressInfo`` (always true),
``measureSatisfactionIfActive``, completion by measure on clusters, 4th edition
``adlseq:objectives`` extended map info (completion status, progress measure, raw scores).

The state is a plain JSON-able dict (see ``Sequencer.state``) kept per learner and package step.
"""

from __future__ import annotations

import copy
from typing import Any

from kiosk.core.elearning.rollup import Tracking
from kiosk.core.elearning.seqtree import (
    Activity,
    ActivityTree,
    tree_from_manifest as tree_from_manifest,  # re-exported: the importer calls it here
)


class InvalidRequestError(Exception):
    """The navigation request is not allowed now; nothing changed."""


def parse_request(request: str) -> tuple[str, str | None]:
    """``adl.nav.request`` values: ``continue``, ``{target=ID}choice``, ... -> (request, target)."""
    request = (request or "").strip()
    if request.startswith("{target="):
        end = request.find("}")
        if end > 0:
            return request[end + 1:], request[len("{target="):end]
    return request, None


class Sequencer(Tracking):
    """One learner's sequencing session over an activity tree: navigation on top of tracking.

    Args:
        tree: the package's activity tree.
        state: what ``state`` returned last time, or None for a learner who never started.
            Read ``state`` again after each request: a refused request restores a copy.
    """

    def __init__(self, tree: ActivityTree, state: dict[str, Any] | None = None):
        super().__init__(tree, state)
        self.new_attempt = False
        """Whether the last delivery began a new attempt on the leaf (not a resume)."""

    # -- public ------------------------------------------------------------------------------
    @property
    def current(self) -> str | None:
        current: str | None = self.state["current"]
        return current

    def navigate(self, request: str, target: str | None = None) -> str | None:
        """Process a navigation request; returns the leaf to deliver, or None when there is
        nothing to deliver (the session ended, was suspended, or the learner exited). A request
        the rules do not allow changes nothing and returns the current activity."""
        saved = copy.deepcopy(self.state)
        try:
            return self._navigate(request, target)
        except InvalidRequestError:
            self.state = saved
            self.new_attempt = False
        current = self.current
        if request == "start" and current and not self.state["ended"]:
            # Back to a package whose flow cannot move on from where they stopped (a choice-only
            # package, say): give them that activity again.
            try:
                return self._deliver(current)
            except InvalidRequestError:
                self.state = copy.deepcopy(saved)
        return current if current and self._act(current)["active"] else None

    def allowed(self, request: str, target: str | None = None) -> bool:
        """Whether ``navigate(request, target)`` would deliver something (changes nothing)."""
        trial = Sequencer(self.tree, copy.deepcopy(self.state))
        try:
            trial._navigate(request, target)
        except InvalidRequestError:
            return False
        return True

    def hidden(self, activity: Activity) -> bool:
        path = self.path(activity.id)
        return not activity.visible or any(self._fires(self.tree[a], "pre", {"hiddenFromChoice"}) for a in path)

    # -- navigation --------------------------------------------------------------------------
    def _navigate(self, request: str, target: str | None) -> str | None:
        self.new_attempt = False
        s = self.state
        request = {"abandon": "exit", "abandonAll": "exitAll", "resumeAll": "start"}.get(request, request)
        running = s["current"] is not None and not s["ended"]
        if request == "suspendAll":
            if running:
                self._suspend_all()
            return None
        if request == "exitAll":
            if running:
                self._end_all()
            return None
        if request == "start" or not running:
            if request not in ("start", "choice", "jump", "continue", "previous"):
                raise InvalidRequestError(request)
            if s["suspended"]:
                return self._deliver(s["suspended"])
            if running and self._act(s["current"])["active"]:
                resumed: str = s["current"]  # same attempt, e.g. after a crash or a reload
                return resumed
            if not running:
                return self._start(target if request in ("choice", "jump") else None)
            request = "continue"
        current = self.tree[s["current"]]
        by_choice = False
        if request in ("continue", "previous"):
            parent = self.tree[current.parent] if current.parent else None
            if parent is None or (request == "previous" and parent.forward_only):
                raise InvalidRequestError(request)
            # Without flow the standard has no 'continue': the kiosk's Continue then means the
            # next activity the learner could choose from the contents (see _choose_next).
            by_choice = not parent.flow
        elif request in ("choice", "jump"):
            if target is None or target not in self.tree.activities:
                raise InvalidRequestError(request)
            if request == "choice":
                self._check_choice(target)
        elif request != "exit":
            raise InvalidRequestError(request)
        follow = self._terminate()
        if follow == "exitAll":
            self._end_all()
            return None
        if follow == "retryAll":
            self._end_all()
            return self._start()
        if follow is not None:
            request = follow
        current = self.tree[s["current"]]
        if request == "exit":
            if current.parent is None:
                self._end_all()
            return None
        if request == "retry":
            if current.is_leaf:
                return self._deliver(current.id)
            return self._deliver(self._flow(current.id, True, True))
        if request in ("continue", "previous"):
            if by_choice:
                return self._choose_next(current.id, request == "continue")
            return self._deliver(self._flow(current.id, request == "continue", False))
        assert target is not None  # a choice or jump: its target was checked above
        return self._deliver_choice(target)

    def _choose_next(self, after: str, forward: bool) -> str | None:
        """The first leaf after (or before) ``after`` in the tree's order that a choice request
        could deliver; forward past the last, the session ends."""
        order = self.tree.order
        at = order.index(after)
        candidates = order[at + 1:] if forward else reversed(order[:at])
        for leaf in candidates:
            if not self.tree[leaf].is_leaf:
                continue
            try:
                self._check_choice(leaf)
                return self._deliver(leaf)
            except InvalidRequestError:
                continue
        if not forward:
            raise InvalidRequestError("previous")
        return self._deliver(None)

    def _start(self, target: str | None = None) -> str | None:
        root = self.tree[self.tree.root]
        if self.state["ended"] or self.state["current"] is None:
            # A new attempt on the whole package: local tracking starts afresh, globals stay.
            self.state.update(current=None, suspended=None, ended=False, acts={})
        if target is not None:
            self._check_choice(target)
            return self._deliver_choice(target)
        if root.is_leaf:
            return self._deliver(root.id)
        try:
            return self._deliver(self._flow(root.id, True, True))
        except InvalidRequestError as refused:
            if str(refused) != "no flow":
                raise
            # A package without flow starts where the learner could first choose (the standard
            # leaves this to the LMS's contents; the kiosk opens the first available item).
            return self._choose_next(root.id, True)

    def _deliver_choice(self, target: str) -> str | None:
        activity = self.tree[target]
        return self._deliver(target if activity.is_leaf else self._flow(target, True, True))

    def _check_choice(self, target: str) -> None:
        if target not in self.tree.activities:
            raise InvalidRequestError("choice")
        path = self.path(target)
        if any(self._fires(self.tree[a], "pre", {"hiddenFromChoice"}) for a in path):
            raise InvalidRequestError("choice")
        if any(not self.tree[a].choice for a in path[:-1]):
            raise InvalidRequestError("choice")
        current = self.state["current"]
        if current and not self.state["ended"]:
            common = set(path)
            for a in self.path(current):
                if a not in common and self._act(a)["active"] and not self.tree[a].choice_exit:
                    raise InvalidRequestError("choice")
            # stopForwardTraversal: nothing after a sibling that stops forward traversal
            for a in path[1:]:
                parent_id = self.tree[a].parent
                assert parent_id is not None  # only the root has none, and path[0] is the root
                parent = self.tree[parent_id]
                siblings = parent.children
                for sibling in siblings[:siblings.index(a)]:
                    if self._fires(self.tree[sibling], "pre", {"stopForwardTraversal"}):
                        raise InvalidRequestError("choice")

    def _flow(self, start: str, forward: bool, consider_children: bool) -> str | None:
        """The leaf flow reaches from ``start``; None is the end of the package (forward)."""
        nxt = self._traverse(start, forward, consider_children)
        while True:
            if nxt is None:
                if forward:
                    return None
                raise InvalidRequestError("previous")
            activity = self.tree[nxt]
            if activity.parent and not self.tree[activity.parent].flow:
                raise InvalidRequestError("no flow")
            if self._fires(activity, "pre", {"skip"}):
                nxt = self._traverse(nxt, forward, False)
                continue
            if self._blocked(activity):
                raise InvalidRequestError("blocked")
            if activity.is_leaf:
                return nxt
            nxt = self._traverse(nxt, forward, True)

    def _traverse(self, activity_id: str, forward: bool, consider_children: bool) -> str | None:
        activity = self.tree[activity_id]
        if consider_children and activity.children:
            return activity.children[0] if forward else activity.children[-1]
        while activity.parent is not None:
            parent = self.tree[activity.parent]
            i = parent.children.index(activity.id)
            if forward and i + 1 < len(parent.children):
                return parent.children[i + 1]
            if not forward:
                if parent.forward_only:
                    raise InvalidRequestError("previous")
                if i > 0:
                    return parent.children[i - 1]
            activity = parent
        return None

    def _deliver(self, leaf: str | None) -> str | None:
        s = self.state
        if leaf is None:  # flowed past the last activity: the session is over
            self._end_all()
            return None
        path = self.path(leaf)
        if any(self._blocked(self.tree[a]) for a in path):
            raise InvalidRequestError("deliver")
        # Attempts on activities the new one is not inside end now (deepest first).
        for a in reversed(self.tree.order):
            if a not in path and self._act(a)["active"]:
                self._end_attempt(a)
        for a in path:
            st = self._act(a)
            if st["active"]:
                continue
            if st["susp"]:
                st["susp"] = False
            else:
                st.update(n=st["n"] + 1, pk=False, c=False, obj={})
                self.new_attempt = a == leaf
            st["active"] = True
        s.update(current=leaf, suspended=None, ended=False)
        return leaf

    def _blocked(self, activity: Activity) -> bool:
        st = self._act(activity.id)
        if self._fires(activity, "pre", {"disabled"}):
            return True
        limit = activity.attempt_limit
        return bool(limit and not (st["active"] or st["susp"]) and st["n"] >= limit)

    # -- termination -------------------------------------------------------------------------
    def _terminate(self) -> str | None:
        """End the current attempt (an 'exit'), apply exit and post-condition rules; returns the
        sequencing request the rules ask for (retry, continue, ...), 'exitAll', or None."""
        s = self.state
        if self._act(s["current"])["active"]:
            self._end_attempt(s["current"])
        path = self.path(s["current"])
        for a in path[:-1]:
            if self._fires(self.tree[a], "exit", {"exit"}):
                for b in reversed(path[path.index(a):]):
                    if self._act(b)["active"]:
                        self._end_attempt(b)
                s["current"] = a
                break
        while True:
            activity = self.tree[s["current"]]
            if self._act(activity.id)["susp"]:
                return None
            if self._fires(activity, "post", {"exitAll"}):
                return "exitAll"
            if self._fires(activity, "post", {"exitParent"}) and activity.parent:
                s["current"] = activity.parent
                if self._act(activity.parent)["active"]:
                    self._end_attempt(activity.parent)
                continue
            for action in ("retry", "retryAll", "continue", "previous"):
                if self._fires(activity, "post", {action}):
                    return action
            return None

    def _end_attempt(self, activity_id: str) -> None:
        activity, st = self.tree[activity_id], self._act(activity_id)
        if activity.is_leaf and activity.tracked and not st["susp"]:
            # The LMS completes/satisfies what the content was not trusted to set (UP.4).
            if not activity.completion_set_by_content and not st["pk"]:
                st["pk"], st["c"] = True, True
            local = self._objective(activity_id, activity.primary.id)
            if not activity.objective_set_by_content and not local["k"]:
                local["k"], local["s"] = True, True
                self._write_globals(activity, activity.primary)
        st["active"] = False
        self._rollup_from(activity_id)

    def _end_all(self) -> None:
        for a in reversed(self.tree.order):
            if self._act(a)["active"]:
                self._end_attempt(a)
        self.state.update(current=None, suspended=None, ended=True)

    def _suspend_all(self) -> None:
        s = self.state
        for a in self.path(s["current"]):
            st = self._act(a)
            st["susp"], st["active"] = True, False
        s.update(suspended=s["current"], current=None, ended=True)

