"""The learner's way through a module, as the screens drive it: every change saved at once and
restored exactly when they come back, also after the kiosk was closed."""

import shutil

from kiosk.core.accounts import Accounts, installation_secret
from kiosk.core.content import load_programme
from kiosk.core.learning import Event, Learning
from kiosk.core.store import OutboundRecord, open_store


def fresh_run(store, programme, learner, module="module-1", records=None):
    learning = Learning(store, programme, learner, **({"records": records} if records else {}))
    return learning, learning.open(module)


def test_next_back_and_resume_at_the_exact_step(store, accounts, programme, data_dir):

    learner = accounts.register("1234567", "482915")
    _, run = fresh_run(store, programme, learner)
    assert run.step.id == "welcome"
    run.next()
    result = run.submit_check({1})
    assert not result.correct and result.attempts == 1
    result = run.submit_check({0})
    assert result.correct and result.attempts == 2
    run.next()
    run.submit_check({0, 1})
    run.next()
    run.save_reflection("Something private")
    run.back()
    assert run.step.id == "check-many"
    store.close()

    reopened, _ = open_store(data_dir)  # as after a restart
    learner = Accounts(reopened, installation_secret(data_dir)).sign_in("1234567", "482915")
    _, again = fresh_run(reopened, programme, learner)
    assert again.step.id == "check-many"
    assert again.answer() == {"selected": [0, 1], "correct": True, "tries": 1, "passed": True, "shown": False,
                              "round": 0}
    assert again.answer(programme.available[0].steps[1]) == {"selected": [0], "correct": True,
                                                            "tries": 2, "passed": True, "shown": False,
                                                            "round": 0}
    assert again.answer(programme.available[0].steps[3]) == {"text": "Something private"}
    assert again.progress["check-one"].attempts == 2


def test_overview_and_continue_suggestion(store, accounts, programme):
    learner = accounts.register("1234567", "482915")
    learning = Learning(store, programme, learner)
    assert [s.state for s in learning.overview()] == ["not_started", "not_started"]
    assert learning.suggested().module.id == "module-1"
    run = learning.open("module-2")
    run.next()
    overview = learning.overview()
    assert [s.state for s in overview] == ["not_started", "in_progress"]
    # Required by default: every step but the reflection (a content note changes nothing).
    assert overview[1].done == 1 and overview[1].total == 6 and overview[1].resume_step == "check-one"
    assert learning.suggested().module.id == "module-2"


def test_completing_every_step_completes_the_module(store, accounts, programme):
    learner = accounts.register("1234567", "482915")
    events: list[Event] = []

    def records(event):
        events.append(event)
        return [OutboundRecord(f"00000000-0000-4000-8000-{len(events):012d}", event.kind, {})]

    learning, run = fresh_run(store, programme, learner, records=records)
    run.next()
    run.submit_check({0})
    run.next()
    run.submit_check({0, 1})
    run.next()
    run.next()  # reflection left empty: that's the learner's choice
    run.next()
    # The video step is finished by watching it (its own player); mark it as the player does.
    store.progress.save_step(learner.id, "module-1", "clip", status="done")
    run.progress = store.progress.module_progress(learner.id, "module-1")
    run.next()
    assert run.is_last
    run.save_survey({"engaging": 5, "applicable": 4, "unknown": 3}, "")
    assert run.finish()
    assert learning.overview()[0].state == "completed"
    kinds = [e.kind for e in events]
    assert kinds[0] == "module_started" and kinds[-1] == "module_completed"
    assert kinds.count("check_answered") == 2
    assert store.outbox.counts().pending == len(events)
    assert run.answer()["ratings"] == {"engaging": 5, "applicable": 4}


def test_skipping_a_content_note_step_never_counts_it_done(store, accounts, programme):
    learner = accounts.register("1234567", "482915")
    _, run = fresh_run(store, programme, learner)
    run.go_to(4)
    assert run.step.id == "hard-page"
    run.skip()
    assert run.step.id == "clip" and not run.is_done(run.module.steps[4])


def test_a_step_removed_by_a_content_update_is_handled(store, accounts, content_dir, tmp_path):
    learner = accounts.register("1234567", "482915")
    _, run = fresh_run(store, load_programme(content_dir), learner)
    run.next()
    run.submit_check({0})
    run.next()
    assert run.step.id == "check-many"
    # Version 2 of the module drops the step the learner stopped at.
    updated = tmp_path / "updated"
    shutil.copytree(content_dir, updated)
    path = updated / "01-module" / "module.yaml"
    text = path.read_text()
    start = text.index("  - id: check-many")
    path.write_text(text[:start] + text[text.index("  - id: reflect"):])
    _, resumed = fresh_run(store, load_programme(updated), learner)
    assert resumed.resumed_from_removed_step
    assert resumed.step.id == "reflect"  # the first step not yet finished
