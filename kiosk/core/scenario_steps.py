"""A learner's way through a branching scenario step: the part of ``ModuleRun`` the scenario
screen calls (the scenario's own rules are in kiosk.core.scenario). Every choice is saved as it is
made, through ``ModuleRun._save``."""

from __future__ import annotations

from kiosk.core import scenario
from kiosk.core.content.model import ScenarioStep
from kiosk.core.run_part import RunPart


class ScenarioSteps(RunPart):
    """Mixed into ``ModuleRun``."""

    @property
    def scenario_state(self) -> scenario.ScenarioState:
        return scenario.restore(self._expect(ScenarioStep), self.answer())

    def choose(self, index: int) -> scenario.ScenarioState:
        """Make a choice in the current scenario; its consequence shows next."""
        step = self._expect(ScenarioStep)
        state = scenario.choose(step, self.scenario_state, index)
        self._save(step, self._status(), answer=state.to_answer())
        return state

    def carry_on(self) -> scenario.ScenarioState:
        """Move on from a consequence; reaching an end node finishes the scenario."""
        step = self._expect(ScenarioStep)
        state = scenario.proceed(step, self.scenario_state)
        ended = scenario.finished(step, state)
        self._save(step, "done" if ended else self._status(), answer=state.to_answer(),
                   events=["step_done"] if ended and not self.is_done(step) else [])
        return state

    def restart_scenario(self) -> scenario.ScenarioState:
        """Start the scenario again to try other choices (a finished scenario stays finished)."""
        step = self._expect(ScenarioStep)
        state = scenario.start(step)
        self._save(step, self._status(), answer=state.to_answer())
        return state
