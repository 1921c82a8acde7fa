"""Several learners take turns on one PC in random orders (sign in, open modules, answer, reflect,
move about, sign out), through the real shell and a real database: nobody ever sees another
learner's answers, reflections or name, and everyone sees their own work back.

Bounded to run in a few seconds (see SETTINGS)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.store import open_store
from kiosk.ui.app import make_application
from kiosk.ui.language import Translations
from kiosk.ui.services import Services
from kiosk.ui.shell import Shell
from kiosk.ui.steps.check import CheckView
from kiosk.ui.steps.reflection import ReflectionView
from tests.helpers import write_programme
from tests.uihelpers import all_widget_text, settle, visible_text

LEARNERS = {"A": ("AAA-1001", "482915", "Amira"), "B": ("BBB-2002", "735061", "Bogdan"),
            "C": ("CCC-3003", "306918", "Chidi")}
SETTINGS = settings(max_examples=10, stateful_step_count=12, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, Path]:
    """Content and a database with the three learners registered (copied for every run: PIN
    hashing is deliberately slow)."""
    base = tmp_path_factory.mktemp("privacy")
    content = write_programme(base / "content")
    data = base / "data"
    store, _ = open_store(data)
    accounts = Accounts(store, installation_secret(data))
    for code, pin, name in LEARNERS.values():
        accounts.register(code, pin, name)
    store.close()
    return content, data


def test_no_learner_ever_sees_another_learners_work(qtbot, template):
    make_application()
    content, data = template
    programme = load_programme(content)

    class SharedPC(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.folder = Path(tempfile.mkdtemp())
            shutil.copytree(data, self.folder / "data")
            self.store, _ = open_store(self.folder / "data")
            accounts = Accounts(self.store, installation_secret(self.folder / "data"))
            self.shell = Shell(Services(self.store, accounts, programme), idle_timeout_s=0,
                               translations=Translations(self.folder / "no-catalogues"))
            self.shell.show()
            self.who: str | None = None
            self.answers: dict[str, dict[tuple[str, str], set[int]]] = {w: {} for w in LEARNERS}
            self.reflections: dict[str, dict[tuple[str, str], str]] = {w: {} for w in LEARNERS}
            self.written = 0

        # -- what a learner does --------------------------------------------------------------
        @precondition(lambda self: self.who is None)
        @rule(who=st.sampled_from(sorted(LEARNERS)))
        def sign_in(self, who):
            code, pin, name = LEARNERS[who]
            self.shell.signin.code.setText(code)
            self.shell.signin.pin.setText(pin)
            self.shell.signin.sign_in_button.click()
            assert self.shell.learning.learner.first_name == name
            self.who = who

        @precondition(lambda self: self.who is not None)
        @rule(module=st.sampled_from(["module-1", "module-2"]))
        def open_module(self, module):
            self.shell.open_module(module)

        @precondition(lambda self: self.shell.player is not None)
        @rule(forward=st.booleans())
        def move(self, forward):
            player = self.shell.player
            (player.next if forward else player.back)()
            if player.view is None and player.note_buttons:  # a content note: continue to the step
                player.note_buttons[0].click()

        @precondition(lambda self: isinstance(self.view(), CheckView))
        @rule(option=st.integers(0, 2))
        def answer(self, option):
            view = self.view()
            if view.retry_button.isVisible():
                view.retry_button.click()
            elif not view.check_button.isVisible():
                return  # answered correctly already: nothing more to choose
            view.options[option % len(view.options)].click()
            view.check_button.click()
            self.answers[self.who][self.key()] = view.selected()

        @precondition(lambda self: isinstance(self.view(), ReflectionView))
        @rule()
        def reflect(self):
            self.written += 1
            text = f"zq{self.who}{self.written}qz"
            self.view().editor.setPlainText(text)
            self.reflections[self.who][self.key()] = text

        @precondition(lambda self: self.who is not None)
        @rule()
        def sign_out(self):
            self.shell.sign_out_button.click()
            self.who = None

        # -- what must always hold ------------------------------------------------------------
        @invariant()
        def nobody_sees_anyone_else(self):
            settle()
            everywhere = all_widget_text()
            others = [w for w in LEARNERS if w != self.who]
            for other in others:
                assert f"zq{other}" not in everywhere, f"{other}'s reflection is in a widget"
                assert LEARNERS[other][2] not in everywhere, f"{other}'s name is in a widget"
            if self.who is None:
                assert self.shell.home is None and self.shell.player is None
                return
            on_screen = visible_text(self.shell)
            view = self.view()
            if isinstance(view, CheckView):
                mine = self.answers[self.who].get(self.key())
                assert view.selected() == (mine or set()), "a check shows answers that are not this learner's"
                if mine is None:
                    assert not view.feedback_card.isVisible()
            if isinstance(view, ReflectionView):
                assert view.editor.toPlainText() == self.reflections[self.who].get(self.key(), "")
            for other in others:
                assert LEARNERS[other][2] not in on_screen

        def teardown(self):
            self.shell.close()
            self.shell.deleteLater()
            settle()
            self.store.close()
            shutil.rmtree(self.folder, ignore_errors=True)

        # -- helpers --------------------------------------------------------------------------
        def view(self):
            return self.shell.player.view if self.shell.player is not None else None

        def key(self) -> tuple[str, str]:
            run = self.shell.player.run
            return run.module.id, run.step.id

    run_state_machine_as_test(SharedPC, settings=SETTINGS)
