"""Pathways: order, prerequisites, a learner's choice, completion, and a programme without them."""

from __future__ import annotations

import uuid

import pytest

from kiosk.core import pathways
from kiosk.core.content import load_programme, validate_paths
from kiosk.core.learning import Learning
from kiosk.core.store.completion_records import CompletionRow
from tests.pathway_helpers import write_pathway_programme


@pytest.fixture
def routed(tmp_path):
    programme = load_programme(write_pathway_programme(tmp_path / "content"))
    assert not programme.problems
    return programme


@pytest.fixture
def learner(accounts):
    return accounts.register("1234567", "482915")


def complete(store, learner_id: int, *module_ids: str, day: str = "2026-03-0") -> None:
    """Record module completions as the learning code path does when a module meets its rules."""
    with store.transaction() as conn:
        for n, module_id in enumerate(module_ids):
            store.completion_records.record(CompletionRow(
                str(uuid.uuid4()), learner_id, module_id, "1.0",
                f"{day}{n + 1}T10:00:00.000+00:00", None), conn=conn)


def finished(store, learner_id: int) -> dict[str, str]:
    return {m: row.completed_at for m, row in store.completion_records.of_learner(learner_id).items()}


def test_a_route_takes_its_required_pathways_modules_first_each_once(routed):
    assert pathways.pathway_modules(routed, "core") == ("module-1", "module-2")
    assert pathways.pathway_modules(routed, "interviewer") == ("module-1", "module-2", "module-3")
    assert pathways.pathway_modules(routed, "leaders") == ("module-1", "module-2", "module-4", "module-3")
    assert pathways.pathway_modules(routed, "no-such-route") == ()


def test_prerequisites_are_met_only_when_the_required_pathway_is_complete(routed):
    leaders = routed.pathway("leaders")
    assert [p.id for p in pathways.unmet_prerequisites(routed, leaders, ["module-1"])] == ["core"]
    assert not pathways.prerequisites_met(routed, leaders, ["module-1", "module-4"])
    assert pathways.prerequisites_met(routed, leaders, ["module-1", "module-2"])
    assert pathways.prerequisites_met(routed, routed.pathway("core"), [])


def test_a_learner_chooses_and_changes_a_pathway_keeping_progress(store, routed, learner):
    assert pathways.needs_choice(store, routed, learner.id)
    store.pathways.set_learner_pathway(learner.id, "interviewer", "learner")
    complete(store, learner.id, "module-1")
    route = pathways.route(store, routed, learner.id, finished(store, learner.id))
    assert (route.pathway.id, route.next_module, route.done) == ("interviewer", "module-2", 1)

    store.pathways.set_learner_pathway(learner.id, "leaders", "trainer")
    route = pathways.route(store, routed, learner.id, finished(store, learner.id))
    assert route.modules == ("module-1", "module-2", "module-4", "module-3")
    assert route.completed == {"module-1"} and not pathways.needs_choice(store, routed, learner.id)
    assert store.pathways.learner_pathway(learner.id).chosen_by == "trainer"


def test_completing_a_route_records_it_and_its_core_once_each(store, routed, learner):
    store.pathways.set_learner_pathway(learner.id, "interviewer", "learner")
    complete(store, learner.id, "module-1", "module-2")
    have = pathways.settle(store, routed, learner.id, finished(store, learner.id))
    assert set(have) == {"core"}  # the core is complete before the route is
    assert have["core"].completed_at.startswith("2026-03-02") and have["core"].level == "trauma_informed"

    complete(store, learner.id, "module-3", day="2026-03-1")
    have = pathways.settle(store, routed, learner.id, finished(store, learner.id))
    assert set(have) == {"core", "interviewer"} and have["interviewer"].level == "trauma_skilled"
    assert pathways.route(store, routed, learner.id, finished(store, learner.id)).complete
    again = pathways.settle(store, routed, learner.id, finished(store, learner.id))
    assert again == have  # recorded once: the same random ids, nothing new
    # A route the learner does not follow is never completed for them, even if its modules are.
    complete(store, learner.id, "module-4", day="2026-03-2")
    assert "leaders" not in pathways.settle(store, routed, learner.id, finished(store, learner.id))


def test_walking_a_module_through_the_learning_path_moves_the_route_on(store, routed, learner):
    store.pathways.set_learner_pathway(learner.id, "core", "learner")
    learning = Learning(store, routed, learner)
    run = learning.open("module-1")
    run.next()
    run.submit_check({0})
    run.next()
    run.submit_check({0, 1})
    while not run.is_last:
        if run.step.id == "clip":  # a video is finished by its player, which saves it like this
            store.progress.save_step(learner.id, "module-1", "clip", status="done")
            run.progress = store.progress.module_progress(learner.id, "module-1")
        run.next()
    run.save_survey({"engaging": 4, "applicable": 4}, "")
    run.finish()
    overview = learning.overview()
    done = pathways.completed_at(overview)
    assert "module-1" in done
    route = pathways.route(store, routed, learner.id, done)
    assert route.next_module == "module-2"
    assert pathways.suggest(route, overview).module.id == "module-2"


def test_a_programme_without_pathways_keeps_one_flat_path(store, programme, learner):
    assert programme.pathways == ()
    assert not pathways.needs_choice(store, programme, learner.id)
    assert pathways.route(store, programme, learner.id, {}) is None
    assert pathways.flat_modules(programme) == ("module-1", "module-2")
    assert pathways.settle(store, programme, learner.id, {"module-1": "x", "module-2": "y"}) == {}


def test_a_pathway_taken_out_of_the_programme_asks_the_learner_again(store, routed, learner):
    store.pathways.set_learner_pathway(learner.id, "retired-route", "learner")
    assert pathways.chosen(store, routed, learner.id) is None
    assert pathways.needs_choice(store, routed, learner.id)


@pytest.mark.parametrize("change, message", [
    (("modules: [module-3]", "modules: [module-3, module-9]"), "'module-9' is not the id of any module"),
    (("requires: [core]\n    modules: [module-3]", "requires: [core, nobody]\n    modules: [module-3]"),
     "'nobody' is not a pathway"),
    (("  - id: core\n    title: Trauma Informed core\n    level: trauma_informed\n",
      "  - id: core\n    title: Trauma Informed core\n    level: trauma_informed\n    requires: [leaders]\n"),
     "require each other in a circle"),
    (("id: leaders", "id: core"), "the pathway id 'core' is used twice"),
    (("schema_version: 4", "schema_version: 3"), "pathways need 'schema_version: 4'"),
    (("level: enhanced", "level: expert"), "level"),
])
def test_pathway_mistakes_are_explained_and_leave_a_flat_path(tmp_path, change, message):
    folder = write_pathway_programme(tmp_path / "content")
    path = folder / "programme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    problems = validate_paths([folder])
    assert any(message in str(p) for p in problems), problems
    assert all("programme.yaml, line " in str(p) for p in problems)
    programme = load_programme(folder)
    if programme.modules:  # a cross-reference mistake: the modules still work, as one path
        assert programme.pathways == () and len(programme.available) == 4


def test_programme_ratings_hold_no_learner_and_are_asked_once(store, routed, learner):
    store.pathways.set_learner_pathway(learner.id, "core", "learner")
    complete(store, learner.id, "module-1", "module-2")
    assert not pathways.settle(store, routed, learner.id, finished(store, learner.id))["core"].rating_done
    store.pathways.save_programme_rating(learner.id, routed.id, "core", "trauma_informed", 5, 3)
    assert store.pathways.completions(learner.id)["core"].rating_done
    columns = [r[1] for r in store.conn.execute("PRAGMA table_info(programme_ratings)")]
    assert not any("learner" in c for c in columns)
    (rated_on,) = store.conn.execute("SELECT rated_on FROM programme_ratings").fetchone()
    # The month only (as its first day): a day could single out the one person who finished that day.
    assert len(rated_on) == 10 and rated_on.endswith("-01")
    counts = store.pathways.programme_ratings(routed.id)
    assert [(c.pathway_id, c.engaging_high, c.engaging_n, c.applicable_high, c.applicable_n)
            for c in counts] == [("core", 1, 1, 0, 1)]
    with pytest.raises(ValueError):
        store.pathways.save_programme_rating(learner.id, routed.id, "core", "trauma_informed", 6, None)


def test_a_programme_certificate_code_is_verified_on_the_command_line(store, accounts, data_dir, tmp_path, capsys):
    from kiosk.cli import main
    from kiosk.core import certificates
    from kiosk.core.accounts import installation_secret

    content = write_pathway_programme(tmp_path / "c")
    routed = load_programme(content)
    learner = accounts.register("7654321", "482915")
    store.pathways.set_learner_pathway(learner.id, "core", "learner")
    complete(store, learner.id, "module-1", "module-2")
    row = pathways.settle(store, routed, learner.id, finished(store, learner.id))["core"]
    secret = installation_secret(data_dir)
    cert = certificates.pathway_certificate(routed, row, secret)
    assert (cert.module_title, cert.level, cert.completed_on.isoformat()) == (
        "Trauma Informed core", "trauma_informed", "2026-03-02")
    assert certificates.find(store, secret, cert.code) is None  # not a module's code
    assert certificates.find_pathway(store, secret, cert.code) == row
    (tmp_path / "kiosk.toml").write_text("")
    flags = ["--data-dir", str(data_dir), "--content", str(content), "--config", str(tmp_path / "kiosk.toml")]
    assert main(["certificate", "verify", cert.code.lower(), *flags]) == 0
    out = capsys.readouterr().out
    assert "the pathway 'Trauma Informed core'" in out and "trauma_informed" in out and "7654321" not in out


def test_a_trainer_assigns_a_pathway_from_the_command_line(data_dir, tmp_path):
    import subprocess
    import sys

    from kiosk.core.accounts import Accounts, installation_secret
    from kiosk.core.store import open_store
    from tests.conftest import REPO

    content = write_pathway_programme(tmp_path / "c")
    store, _ = open_store(data_dir)
    learner = Accounts(store, installation_secret(data_dir)).register("1234567", "629174")
    store.close()

    def tip_kiosk(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "--content", str(content),
                               *args], input=stdin, cwd=REPO, capture_output=True, text=True, timeout=60)

    assigned = tip_kiosk("trainer", "assign-pathway", "leaders", "--stdin", stdin="1234567\n")
    assert assigned.returncode == 0, assigned.stderr
    assert "now follows 'Leading a trauma-informed team'" in assigned.stdout and "1234567" not in assigned.stdout
    listed = tip_kiosk("trainer", "pathways")
    assert listed.returncode == 0 and "leaders" in listed.stdout and "   1 learners" in listed.stdout
    unknown = tip_kiosk("trainer", "assign-pathway", "astronaut", "--stdin", stdin="1234567\n")
    assert unknown.returncode == 2 and "no pathway 'astronaut'" in unknown.stderr and "core" in unknown.stderr
    nobody = tip_kiosk("trainer", "assign-pathway", "core", "--stdin", stdin="7654321\n")
    assert nobody.returncode == 2 and "No account on this computer" in nobody.stderr
    store, _ = open_store(data_dir)
    choice = store.pathways.learner_pathway(learner.id)
    store.close()
    assert (choice.pathway_id, choice.chosen_by) == ("leaders", "trainer")
