"""A learner's work inside a package step (SCORM 1.2, SCORM 2004, H5P): the part of
``ModuleRun`` the web view calls. Every method that saves goes through ``ModuleRun._save``, so a
SCO's data, the sequencing state, the step's progress, time spent and the records that describe
them commit in one transaction.

What each SCO saved is kept per learner as a record ``{"cmi": <allow-listed cmi>, "before":
seconds of earlier sessions, "session": seconds of this one, "final": the SCO finished this
session}``; the ``attempt`` column counts launches. Row ``__seq`` holds the SCORM 2004 sequencing
state (or, without sequencing, ``{"current": sco id}``), ``__h5p`` H5P's saved user data and
``__h5p_result`` the last result H5P reported for the content as a whole.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import Any

from kiosk.core import vault
from kiosk.core.content import PackageStep
from kiosk.core.elearning import Package, PackageResult, runtime as rt
from kiosk.core.elearning.runtime import NavItem, PackageOutcome
from kiosk.core.elearning.seqtree import ActivityTree
from kiosk.core.elearning.sequencing import Sequencer, parse_request
from kiosk.core.errors import PackageDataError
from kiosk.core.run_part import RunPart
from kiosk.core.store import Store
from kiosk.core.store.packages import PackageRow

LEARNER_NAME = "Learner"
"""What a package is told the learner is called: never their name."""
_SALT_KEY = "package_learner_salt"


def package_salt(store: Store) -> str:
    """The installation's secret (hex) that packages' learner ids and cmi5 actors are made from,
    made on first use."""
    salt = store.get_meta(_SALT_KEY)
    if salt is None:
        salt = secrets.token_hex(32)
        store.set_meta(_SALT_KEY, salt)
    return salt


class PackageSteps(RunPart):
    """Mixed into ``ModuleRun``."""

    # -- resume --------------------------------------------------------------------------------
    def package_state(self, step: PackageStep) -> dict[str, dict[str, Any]]:
        """SCO id -> its last saved data in the shape scorm-again's ``loadFromJSON`` takes
        (``{"cmi": {...}}``), with ``entry`` and ``total_time`` set as the LMS must."""
        return {sco: _resume(row.data, step.standard) for sco, row in self._package_rows(step).items()
                if not sco.startswith("__") and isinstance(row.data, dict)}

    def package_learner(self) -> tuple[str, str]:
        """(id, name) to give the package as cmi.core.student_id / cmi.learner_id and the name:
        an opaque id, the same for this learner on this PC and nowhere else, and "Learner"."""
        salt = bytes.fromhex(package_salt(self.learning.store))
        digest = hmac.new(salt, str(self.learning.learner.id).encode(), hashlib.sha256)
        return "learner-" + digest.hexdigest()[:24], LEARNER_NAME

    # -- SCORM ---------------------------------------------------------------------------------
    def commit_package(self, step: PackageStep, sco_id: str, cmi: dict[str, Any], *,
                       final: bool = False) -> PackageOutcome:
        """Save a SCO's commit (``cmi``: the JSON body scorm-again sent, plus ``adl.nav.request``
        on a final commit); the step is done when the package's result is finished.

        Raises:
            PackageDataError: the body is not a commit, is over a limit, names no SCO of the
                package, or the SCO already finished this session. Nothing saved is lost.
        """
        package, standard = self._package(step), step.standard
        if standard == "h5p":
            raise PackageDataError("H5P content does not send SCORM commits.")
        clean = rt.clean_commit(cmi, standard)
        if package is not None and sco_id not in {s.id for s in package.scos}:
            raise PackageDataError(f"The package has no SCO '{sco_id[:80]}'.")
        rows = self._package_rows(step)
        old = rows.get(sco_id)
        record = dict(old.data) if old and isinstance(old.data, dict) else {"before": 0.0}
        if record.get("final"):
            raise PackageDataError("This part of the package has already finished; it must be opened "
                                   "again before it can save more.")
        record.update(cmi=clean, session=rt.session_seconds(cmi, standard), final=bool(final))
        changed = {sco_id: PackageRow(record, old.attempt if old else 0)}
        rows = {**rows, **changed}
        seq = self._sequencer(package, rows)
        next_sco = None
        if seq is not None:
            if seq.current == sco_id:
                completion, success, score = self._statuses(package, sco_id, clean, standard)
                seq.report(sco_id, completion, success, score, _cmi_objectives(clean))
            if final:
                request, target = parse_request(rt.nav_request(cmi))
                if request in ("", "_none_") and clean.get("exit") in ("time-out", "logout"):
                    request = "exitAll"  # RTE 4.2.8: these exits end the whole package
                if request not in ("", "_none_"):
                    next_sco = self._deliver(seq, seq.navigate(request, target), rows, changed)
            changed["__seq"] = PackageRow(seq.state)
        return self._package_save(step, self._result(package, standard, rows, seq), changed, next_sco)

    def package_launch(self, step: PackageStep, request: str = "start", target: str | None = None) -> str | None:
        """The SCO to launch for a navigation request ("start" resumes where they were), or
        None when there is nothing to launch (the package is over, suspended or exited)."""
        package, standard = self._package(step), step.standard
        if standard == "h5p":
            return "content" if request in ("start", "choice") else None
        rows = self._package_rows(step)
        changed: dict[str, PackageRow] = {}
        seq = self._sequencer(package, rows)
        if seq is not None:
            leaf = self._deliver(seq, seq.navigate(request, target), rows, changed)
            changed["__seq"] = PackageRow(seq.state)
        else:
            leaf = self._next_in_order(package, rows, request, target)
            if leaf is None:
                return None
            self._deliver(None, leaf, rows, changed)
            changed["__seq"] = PackageRow({"current": leaf})
        self._package_save(step, self._result(package, standard, {**rows, **changed}, seq), changed, leaf)
        return leaf

    def package_moves(self, step: PackageStep) -> tuple[bool, bool]:
        """Whether the kiosk's own Previous part / Next part controls may move now, as
        (previous, next). A flow-only SCORM 2004 course (no choice in its contents) can only be
        moved through by these, so they follow the sequencing rules exactly; a package without
        sequencing moves in the organisation's order. One part (or H5P): neither."""
        package = self._package(step)
        if not step.standard.startswith("scorm") or package is None or len(_launchable(package, {})) < 2:
            return False, False
        rows = self._package_rows(step)
        seq = self._sequencer(package, rows)
        if seq is not None:
            return seq.allowed("previous"), seq.allowed("continue")
        order = _launchable(package, rows)
        saved = rows.get("__seq")
        place = saved.data.get("current") if saved and isinstance(saved.data, dict) else None
        if place not in order:
            return False, True
        at = order.index(place)
        return at > 0, at + 1 < len(order)

    def package_navigation(self, step: PackageStep) -> list[NavItem]:
        """A table of contents: each activity (SCORM 2004) or SCO, whether the learner may
        choose it now, whether it is hidden, and how far they are in it."""
        package, standard = self._package(step), step.standard
        rows = self._package_rows(step)
        if standard == "h5p":
            result = _h5p_saved(rows)
            word = "completed" if result.completed else ("incomplete" if "__h5p" in rows else "not_attempted")
            title = package.title if package else step.title
            return [NavItem("content", title, True, False, _success_word(result.success) or word)]
        seq = self._sequencer(package, rows)
        items = []
        if seq is not None:
            tree = seq.tree
            for activity_id in tree.order[1:]:
                activity = tree[activity_id]
                known, satisfied, _ = seq.status(activity)
                pk, completed, attempts = seq.progress(activity_id)
                word = rt.status_word("completed" if pk and completed else "unknown",
                                      ("passed" if satisfied else "failed") if known else "unknown", attempts > 0)
                hidden = seq.hidden(activity)
                enabled = not hidden and seq.allowed("choice", activity_id)
                depth = len(seq.path(activity_id)) - 2
                items.append(NavItem(activity_id, activity.title, enabled, hidden, word, depth, activity.is_leaf))
            return items
        for sco in _launchable(package, rows):
            row = rows.get(sco)
            completion, success, _ = self._statuses(package, sco, _cmi(row), standard)
            title = next((s.title for s in package.scos if s.id == sco), sco) if package else sco
            items.append(NavItem(sco, title, True, False, rt.status_word(completion, success, row is not None)))
        return items

    # -- H5P -----------------------------------------------------------------------------------
    def h5p_event(self, step: PackageStep, statement: dict[str, Any]) -> PackageOutcome:
        """An xAPI statement from H5P's externalDispatcher: a result for the content as a whole
        is kept (completion, success, score; never the response) and may finish the step."""
        result = rt.h5p_result(statement)
        if result is None:
            saved = _h5p_saved(self._package_rows(step))
            return PackageOutcome(saved, self.is_done(step), False)
        row = PackageRow({"completed": result.completed, "success": result.success, "score": result.score})
        return self._package_save(step, result, {"__h5p_result": row}, None)

    def h5p_state(self, step: PackageStep) -> str | None:
        """H5P's saved user data (a JSON string) for resume, or None."""
        row = self._package_rows(step).get("__h5p")
        data = row.data.get("data") if row and isinstance(row.data, dict) else None
        return data if isinstance(data, str) else None

    def save_h5p_state(self, step: PackageStep, data: str) -> None:
        """Keep H5P's user data (what the learner did in the content, for resume).

        Raises:
            PackageDataError: not a JSON string, or larger than the kiosk keeps.
        """
        if not isinstance(data, str) or len(data) > rt.MAX_H5P_STATE:
            raise PackageDataError("H5P's saved state is not text, or is larger than the kiosk keeps.")
        try:
            json.loads(data)
        except ValueError as exc:
            raise PackageDataError("H5P's saved state is not JSON.") from exc
        self._save(step, "done" if self.is_done(step) else "seen", package_rows={"__h5p": PackageRow({"data": data})})

    # -- internals -----------------------------------------------------------------------------
    def _package(self, step: PackageStep) -> Package | None:
        return getattr(self.module, "packages", {}).get(step.id)

    def _package_rows(self, step: PackageStep) -> dict[str, PackageRow]:
        learning = self.learning
        return vault.open_package_rows(learning.learner.vault, self.module.id, step.id,
                                       learning.store.packages.rows(learning.learner.id, self.module.id, step.id))

    @staticmethod
    def _sequencer(package: Package | None, rows: Mapping[str, PackageRow]) -> Sequencer | None:
        tree = package.sequencing if package is not None else None
        if not isinstance(tree, ActivityTree):
            return None
        saved = rows.get("__seq")
        return Sequencer(tree, saved.data if saved else None)

    @staticmethod
    def _statuses(package: Package | None, sco_id: str, cmi: Mapping[str, Any],
                  standard: str) -> tuple[str, str, float | None]:
        sco = next((s for s in package.scos if s.id == sco_id), None) if package else None
        if standard == "scorm_1.2":
            return rt.statuses_12(cmi, sco)
        tree = package.sequencing if package is not None else None
        passing, threshold = (sco.mastery_score if sco else None), None
        if isinstance(tree, ActivityTree) and sco_id in tree.activities:
            activity = tree[sco_id]
            primary = activity.primary
            passing = primary.min_measure if primary.satisfied_by_measure else None
            threshold = activity.completion_threshold
        return rt.statuses_2004(cmi, passing, threshold)

    def _result(self, package: Package | None, standard: str, rows: Mapping[str, PackageRow],
                seq: Sequencer | None) -> PackageResult:
        if standard == "h5p":
            return _h5p_saved(rows)
        if seq is not None:
            completed, satisfied, measure = seq.result()
            return rt.to_result("completed" if completed else "unknown", _success_word(satisfied) or "unknown", measure)
        return rt.combine([rt.to_result(*self._statuses(package, sco, _cmi(rows.get(sco)), standard))
                           for sco in _launchable(package, rows)])

    @staticmethod
    def _deliver(seq: Sequencer | None, leaf: str | None, rows: Mapping[str, PackageRow],
                 changed: dict[str, PackageRow]) -> str | None:
        """Open a new session for the SCO being launched (a new attempt starts it afresh)."""
        if leaf is None:
            return None
        old = changed.get(leaf) or rows.get(leaf)
        record: dict[str, Any] = dict(old.data) if old and isinstance(old.data, dict) else {"cmi": {}, "before": 0.0}
        if seq is not None and seq.new_attempt:
            record = {"cmi": {}, "before": 0.0}
        else:
            record["before"] = float(record.get("before", 0.0)) + float(record.get("session", 0.0))
        record.update(session=0.0, final=False)
        changed[leaf] = PackageRow(record, (old.attempt if old else 0) + 1)
        return leaf

    @staticmethod
    def _next_in_order(package: Package | None, rows: Mapping[str, PackageRow], request: str,
                       target: str | None) -> str | None:
        order = _launchable(package, rows)
        if not order:
            return None
        saved = rows.get("__seq")
        place = saved.data.get("current") if saved and isinstance(saved.data, dict) else None
        at = order.index(place) if place in order else None
        if request == "start":
            return place if at is not None else order[0]
        if request == "choice":
            return target if target in order else None
        if request == "continue":
            return order[0] if at is None else (order[at + 1] if at + 1 < len(order) else None)
        if request == "previous":
            return order[0] if at is None else order[max(at - 1, 0)]
        return None

    def _package_save(self, step: PackageStep, result: PackageResult, changed: dict[str, PackageRow],
                      next_sco: str | None) -> PackageOutcome:
        was_done = self.is_done(step)
        newly = result.finished and not was_done
        answer = ({"via": "package", "completed": result.completed, "success": result.success,
                   "score": result.score} if newly else None)
        self._save(step, "done" if newly or was_done else "seen", answer=answer,
                   events=["step_done"] if newly else [], package_rows=changed)
        return PackageOutcome(result, was_done or newly, newly, next_sco)


def _launchable(package: Package | None, rows: Mapping[str, PackageRow]) -> list[str]:
    if package is not None:
        return [s.id for s in package.scos if s.scorm_type == "sco"] or [s.id for s in package.scos]
    return sorted(k for k in rows if not k.startswith("__"))


def _cmi(row: PackageRow | None) -> dict[str, Any]:
    data = row.data if row is not None and isinstance(row.data, dict) else {}
    cmi = data.get("cmi")
    return cmi if isinstance(cmi, dict) else {}


def _cmi_objectives(cmi: Mapping[str, Any]) -> dict[str, tuple[str, float | None]]:
    found = {}
    for objective in (cmi.get("objectives") or {}).values():
        if isinstance(objective, dict) and isinstance(objective.get("id"), str):
            scaled = rt.number((objective.get("score") or {}).get("scaled"))
            found[objective["id"]] = (objective.get("success_status", "unknown"), scaled)
    return found


def _h5p_saved(rows: Mapping[str, PackageRow]) -> PackageResult:
    row = rows.get("__h5p_result")
    data = row.data if row and isinstance(row.data, dict) else {}
    score = data.get("score")
    return PackageResult(data.get("completed") is True,
                         data.get("success") if isinstance(data.get("success"), bool) else None,
                         float(score) if isinstance(score, (int, float)) else None)


def _success_word(success: bool | None) -> str | None:
    if success is None:
        return None
    return "passed" if success else "failed"


def _resume(record: Mapping[str, Any], standard: str) -> dict[str, Any]:
    cmi = json.loads(json.dumps(record.get("cmi") or {}))  # a copy the caller may change
    total = rt.format_duration(float(record.get("before", 0.0)) + float(record.get("session", 0.0)), standard)
    if standard == "scorm_1.2":
        core = cmi.setdefault("core", {})
        exit_ = core.pop("exit", "")
        core["entry"] = "resume" if exit_ == "suspend" else ("" if core.get("lesson_status") else "ab-initio")
        core["total_time"] = total
    else:
        exit_ = cmi.pop("exit", "")
        cmi["entry"] = "resume" if exit_ == "suspend" else ("" if cmi.get("completion_status") else "ab-initio")
        cmi["total_time"] = total
    return {"cmi": cmi}
