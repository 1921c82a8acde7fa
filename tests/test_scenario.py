"""Branching scenarios: the format is checked as a map a learner can always finish, and the path a
learner takes is saved at every choice and restored exactly."""

from pathlib import Path

import pytest

from kiosk.core import scenario
from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import Module, ScenarioStep, UnavailableModule, load_module, load_programme
from kiosk.core.learning import Learning
from kiosk.core.store import open_store
from tests.helpers import write_rich_programme


@pytest.fixture
def rich_dir(tmp_path) -> Path:
    return write_rich_programme(tmp_path / "content")


@pytest.fixture
def rich(rich_dir):
    return load_programme(rich_dir)


def problems_after(folder: Path, old: str, new: str) -> list[str]:
    path = folder / "module.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    module = load_module(folder, media_dirs=(folder.parent / "media",))
    assert isinstance(module, UnavailableModule)
    return [str(p) for p in module.problems]


def test_a_scenario_loads_with_its_picture(rich):
    module = rich.module("rich-module")
    step = next(s for s in module.steps if isinstance(s, ScenarioStep))
    assert step.start_id == "opening" and [n.id for n in step.nodes][-1] == "calmer"
    assert module.files["room.png"].name == "room.png"


def test_a_choice_leading_nowhere_is_named_with_file_field_and_line(rich_dir):
    (problem,) = problems_after(rich_dir / "01-module", "next: calmer\n      - id: pause",
                                "next: calmr\n      - id: pause")
    assert "module.yaml, line 61, steps[3].nodes[1].choices[0].next: 'calmr' is not a node" in problem
    assert "(its nodes are: opening, pressed, pause, calmer)" in problem


def test_a_node_nothing_leads_to_is_reported(rich_dir):
    folder = rich_dir / "01-module"
    path = folder / "module.yaml"
    path.write_text(path.read_text().replace("next: pressed\n      - id: pressed", "next: pause\n      - id: pressed"))
    (problem,) = problems_after(folder, "next: pressed\n      - id: calmer", "next: calmer\n      - id: calmer")
    assert "steps[3].nodes[1].id: the node 'pressed' cannot be reached" in problem


def test_a_loop_with_no_way_out_is_reported(rich_dir):
    (problem,) = problems_after(rich_dir / "01-module", "consequence: After the break he is able to "
                                "go on.\n            next: calmer", "consequence: Still quiet.\n"
                                "            next: pressed")
    assert "steps[3].nodes[1].choices: from the node 'pressed' no path of choices reaches an end" in problem


def test_end_nodes_choices_pictures_and_start_are_checked(rich_dir):
    folder = rich_dir / "01-module"
    problems = problems_after(folder, "        image_alt: A small interview room with two chairs at "
                              "an angle and a window.\n", "")
    assert any("steps[3].nodes[0].image: needs 'image_alt'" in p for p in problems)
    (folder / "module.yaml").write_text(folder.joinpath("module.yaml").read_text().replace(
        "        image: room.png\n", "        image: room.gif\n        image_alt: A room.\n"))
    problems = [str(p) for p in load_module(folder, (rich_dir / "media",)).problems]
    assert any("nodes[0].image: should be a PNG or JPEG picture" in p for p in problems)
    assert any("nodes[0].image: the file 'room.gif' was not found" in p for p in problems)


def test_an_end_node_with_choices_and_a_node_with_neither(rich_dir):
    problems = problems_after(rich_dir / "01-module", "        end: true\n", "")
    assert any("steps[3].nodes[3].id: needs 'choices' (at least one), or 'end: true'" in p for p in problems)


def test_format_1_modules_cannot_use_format_2_steps(rich_dir):
    (problem, *_) = problems_after(rich_dir / "01-module", "schema_version: 2", "schema_version: 1")
    assert "line 12, steps[0].type: the 'self_assessment' step needs 'schema_version: 2'" in problem


def test_the_path_is_saved_at_every_choice_and_restored_after_a_restart(rich, data_dir):
    store, _ = open_store(data_dir)
    accounts = Accounts(store, installation_secret(data_dir))
    learner = accounts.register("1234567", "482915")
    run = Learning(store, rich, learner).open("rich-module")
    run.go_to(3)
    state = run.choose(1)  # repeat the question more firmly
    assert state.chosen and scenario.last_choice(run.step, state).consequence.startswith("He says less")
    store.close()

    store, _ = open_store(data_dir)  # the kiosk was closed while the consequence was showing
    again = Learning(store, rich, learner).open("rich-module")
    assert again.step.id == "interview"
    state = again.scenario_state
    assert state.at == "opening" and state.chosen  # the same consequence, still showing
    state = again.carry_on()
    assert state.at == "pressed" and not again.is_done()
    again.choose(0)
    state = again.carry_on()
    assert scenario.finished(again.step, state) and again.is_done()
    assert [(n.id, c.text) for n, c in scenario.recap(again.step, state)] == [
        ("opening", "Repeat the question more firmly"), ("pressed", "Offer a break")]
    state = again.restart_scenario()
    assert state.at == "opening" and not state.path and again.is_done()  # finished stays finished
    store.close()


def test_choices_that_are_not_on_offer_are_refused(rich):
    step = next(s for s in rich.module("rich-module").steps if isinstance(s, ScenarioStep))
    state = scenario.start(step)
    with pytest.raises(ValueError):
        scenario.choose(step, state, 5)
    with pytest.raises(ValueError):
        scenario.proceed(step, state)
    chosen = scenario.choose(step, state, 0)
    with pytest.raises(ValueError):
        scenario.choose(step, chosen, 0)  # one choice per visit: move on first


def test_a_saved_path_that_no_longer_fits_the_content_is_followed_as_far_as_it_goes(rich):
    step = next(s for s in rich.module("rich-module").steps if isinstance(s, ScenarioStep))
    saved = {"at": "gone", "path": [["opening", 0], ["pause", 9], ["calmer", 0]], "chosen": False}
    state = scenario.restore(step, saved)
    assert state.at == "pause" and [d.node for d in state.path] == ["opening"] and not state.chosen
    assert scenario.restore(step, "garbage") == scenario.start(step)
    assert scenario.restore(step, {"path": [[None]]}) == scenario.start(step)


def test_a_loop_back_to_the_same_node_resumes_correctly(tmp_path):
    folder = write_rich_programme(tmp_path / "c") / "01-module"
    path = folder / "module.yaml"
    path.write_text(path.read_text().replace(
        "          - text: Offer a break\n",
        "          - text: Wait in silence\n            consequence: Nothing changes.\n"
        "            next: pressed\n          - text: Offer a break\n"))
    module = load_module(folder, (folder.parent / "media",))
    assert isinstance(module, Module), getattr(module, "problems", None)
    step = next(s for s in module.steps if isinstance(s, ScenarioStep))
    state = scenario.start(step)
    for index in (1, 0):
        state = scenario.proceed(step, scenario.choose(step, state, index))
    assert state.at == "pressed" and not state.chosen
    assert scenario.restore(step, state.to_answer()) == state
    chosen = scenario.choose(step, state, 0)  # loops back to itself
    assert scenario.restore(step, chosen.to_answer()) == chosen


def test_a_node_can_show_a_short_clip_whose_files_are_checked(tmp_path, qtbot):
    from kiosk.ui.app import make_application
    from kiosk.ui.steps.scenario import ScenarioView

    content = write_rich_programme(tmp_path / "c")
    folder = content / "01-module"
    path = folder / "module.yaml"
    clip = ("        video:\n          media: clip.mp4\n          captions: clip.vtt\n"
            "          duration_seconds: 45\n          transcript: {}\n        choices:\n"
            "          - text: Offer a break\n")
    text = path.read_text()
    path.write_text(text.replace("        choices:\n          - text: Offer a break\n",
                                 clip.format("missing.transcript.md"), 1))
    (problem,) = load_module(folder, (content / "media",)).problems
    assert "steps[3].nodes[1].video.transcript: the file 'missing.transcript.md' was not found" in str(problem)

    (content / "media" / "clip.transcript.md").write_text("**Mr A:** I need a minute.\n")
    path.write_text(text.replace("        choices:\n          - text: Offer a break\n",
                                 clip.format("clip.transcript.md"), 1))
    programme = load_programme(content)
    store, _ = open_store(tmp_path / "data")
    learner = Accounts(store, installation_secret(tmp_path / "data")).register("1234567", "482915")
    run = Learning(store, programme, learner).open("rich-module")
    run.go_to(3)
    run.choose(1)
    run.carry_on()
    make_application()
    view = ScenarioView(run, run.step)
    qtbot.addWidget(view)
    from PySide6.QtWidgets import QLabel, QTextBrowser

    assert "Short video, 0:45 long" in [w.text() for w in view.findChildren(QLabel)]
    (transcript,) = view.findChildren(QTextBrowser)
    assert "I need a minute." in transcript.toPlainText() and transcript.accessibleName()
    store.close()
