"""A learner's work in a cmi5 package step: the part of ``ModuleRun`` the web view calls for a
``standard: cmi5`` step. Pure Python, no Qt.

The AU talks to the kiosk's own LRS (``kiosk.core.cmi5``) through a ``Cmi5Session``; what it
stores is on disk before the AU hears back. After each request the course's result is read
from the registration's statements (``Cmi5Session.course_result``: completed = the course's
moveOn met, i.e. ``satisfied``), and the first time it is finished the package step is marked
done through ``ModuleRun._save`` (progress, time, the allow-listed ``step_done`` record and any
module completion in one transaction) — exactly once, because ``_package_save`` only does so
while the step is not yet done.

The LRS commits its statement in its own transaction just before that, so a power cut between
the two could leave the statement without the step done. ``cmi5_result`` (called whenever the
step is shown, and by ``cmi5_launch``) reconciles: it reads the recorded result and marks the
step done if the statements say so. Nothing the AU was told was stored is lost either way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.core.content import PackageStep
from kiosk.core.elearning import PackageResult
from kiosk.core.elearning.runtime import PackageOutcome
from kiosk.core.errors import PackageDataError
from kiosk.core.package_steps import package_salt
from kiosk.core.run_part import RunPart

if TYPE_CHECKING:
    from kiosk.core.cmi5.answers import Response
    from kiosk.core.cmi5.course import Cmi5Course
    from kiosk.core.cmi5.launch import Cmi5Session
    from kiosk.core.store.lrs import LrsScope


class Cmi5Steps(RunPart):
    """Mixed into ``ModuleRun`` beside ``PackageSteps`` (it uses its ``_package`` and ``_package_save``)."""

    def cmi5_launch(self, step: PackageStep, origin: str, au_id: str | None = None, *,
                    language: str = "en-GB", launch_mode: str = "Normal") -> Cmi5Session:
        """Launch an AU (default: the first whose moveOn is not met, else the first): abandon
        what an earlier launch left open, keep the registration, write LMS.LaunchData and
        ``launched``. Returns the ``Cmi5Session`` the web view hands the AU's requests to.

        Raises:
            PackageDataError: the step is not a readable cmi5 course, or has no AU ``au_id``.
        """
        from kiosk.core.cmi5.launch import launch_au

        course = self._cmi5_course(step)
        au_id = au_id or self.cmi5_next_au(step)
        if au_id not in {au.id for au in course.aus}:
            raise PackageDataError(f"The course has no AU '{str(au_id)[:80]}'.")
        self.cmi5_result(step)
        return launch_au(self.learning.store, self._cmi5_scope(), course, au_id, secret=self._cmi5_secret(),
                         origin=origin, language=language, launch_mode=launch_mode)

    def cmi5_request(self, step: PackageStep, session: Cmi5Session, method: str, path: str, query: dict[str, str],
                     headers: dict[str, str], body: bytes) -> tuple[Response, PackageOutcome | None]:
        """Answer one request of the AU (the fetch URL or the LRS) and, when it may have changed
        the course's result, mark the step done the first time the course is satisfied.

        Returns:
            (the ``Response`` for the AU, the ``PackageOutcome`` when the request wrote
            something, else None).
        """
        response = session.handle(method, path, query, headers, body)
        if method.upper() in ("GET", "HEAD") or response.status >= 300 or "/statements" not in path:
            return response, None
        return response, self._cmi5_outcome(step, session.course_result())

    def cmi5_result(self, step: PackageStep) -> PackageOutcome:
        """What the learner's registration says about the course, and the step marked done if
        it is finished and not yet marked (after a cut between the LRS's write and ours)."""
        from kiosk.core.cmi5.launch import recorded_result

        result = recorded_result(self.learning.store, self._cmi5_scope(), self._cmi5_course(step))
        return self._cmi5_outcome(step, result)

    def cmi5_close(self, session: Cmi5Session) -> bool:
        """The AU's page is going (the learner left the step or signed out): ``abandoned`` if it
        never sent ``terminated``. True if it wrote it."""
        return session.abandon()

    def cmi5_next_au(self, step: PackageStep) -> str:
        """The AU to open by default: the first whose moveOn is not yet met, else the first."""
        from kiosk.core.cmi5.launch import recorded_result

        course = self._cmi5_course(step)
        store, scope = self.learning.store, self._cmi5_scope()
        for au in course.aus:
            if not recorded_result(store, scope, course, au.id).completed:
                return au.id
        return course.aus[0].id

    def cmi5_au_results(self, step: PackageStep) -> dict[str, PackageResult]:
        """AU id -> its ``PackageResult`` so far (for the view's Contents)."""
        from kiosk.core.cmi5.launch import recorded_result

        course = self._cmi5_course(step)
        store, scope = self.learning.store, self._cmi5_scope()
        return {au.id: recorded_result(store, scope, course, au.id) for au in course.aus}

    # -- internals -----------------------------------------------------------------------------
    def _cmi5_outcome(self, step: PackageStep, result: PackageResult) -> PackageOutcome:
        if result.finished and not self.is_done(step):
            return self._package_save(step, result, {}, None)
        return PackageOutcome(result, self.is_done(step), False)

    def _cmi5_course(self, step: PackageStep) -> Cmi5Course:
        from kiosk.core.cmi5.course import Cmi5Course

        package = self._package(step)
        course = package.course if package is not None else None
        if step.standard != "cmi5" or not isinstance(course, Cmi5Course):
            raise PackageDataError("This step is not a cmi5 course the kiosk could read.")
        return course

    def _cmi5_scope(self) -> LrsScope:
        from kiosk.core.store.lrs import LrsScope

        return LrsScope(self.learning.learner.id, self.module.id)

    def _cmi5_secret(self) -> bytes:
        """The installation's package salt (made on first use): the AU's actor is made from it."""
        return bytes.fromhex(package_salt(self.learning.store))
